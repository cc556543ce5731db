// Stage new references; both ends exist (ensure_reference_targets ran first).
UNWIND $rows AS row
MATCH (source:Resource {uid: row.uid})
MATCH (target:Resource {uid: row.target})
CREATE (source)-[:REFERS {field: row.field, kind: row.kind, from: $end, to: $end, opened_by: $run}]->(target)
