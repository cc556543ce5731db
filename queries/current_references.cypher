// Committed, open references going out of each given resource.
UNWIND $uids AS uid
MATCH (:Resource {uid: uid})-[e:REFERS]->(target:Resource)
WHERE e.to = $end AND e.from < $end
RETURN uid, e.field AS field, e.kind AS kind, target.uid AS target
