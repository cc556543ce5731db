// One breadth-first step outward: what the frontier refers to at $at.
UNWIND $uids AS origin
MATCH (:Resource {uid: origin})-[e:REFERS]->(dependency:Resource)
WHERE e.from <= $at < e.to
OPTIONAL MATCH (dependency)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN origin, dependency.uid AS uid, dependency.type AS type, s.name AS name,
       e.field AS field, e.kind AS kind
ORDER BY origin, field, uid
