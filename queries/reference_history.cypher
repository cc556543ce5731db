// Every committed reference going out of a resource, with its interval.
MATCH (:Resource {uid: $uid})-[e:REFERS]->(other:Resource)
WHERE e.from < $end
RETURN other.uid AS uid, e.field AS field, e.kind AS kind,
       e.from AS valid_from, e.to AS valid_to
ORDER BY valid_from, field, uid
