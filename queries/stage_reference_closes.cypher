// Mark references that a resource no longer has, closed at commit.
UNWIND $rows AS row
MATCH (:Resource {uid: row.uid})-[e:REFERS {field: row.field, kind: row.kind}]->(:Resource {uid: row.target})
WHERE e.to = $end AND e.from < $end
SET e.closed_by = $run
