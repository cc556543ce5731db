// Stage new references. A target that was never crawled becomes an
// Unresolved stub instead of the reference being dropped.
UNWIND $rows AS row
MATCH (source:Resource {uid: row.uid})
MERGE (target:Resource {uid: row.target})
ON CREATE SET target:Unresolved, target.type = row.target_type
CREATE (source)-[:REFERS {field: row.field, kind: row.kind, from: $end, to: $end, opened_by: $run}]->(target)
