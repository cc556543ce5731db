// One breadth-first step of an application's dependency closure: what the
// frontier refers to at $at, with each target's version then (null if absent).
UNWIND $uids AS uid
MATCH (:Resource {uid: uid})-[e:REFERS]->(target:Resource)
WHERE e.from <= $at < e.to
OPTIONAL MATCH (target)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN uid AS source, e.field AS field, e.kind AS kind,
       target.uid AS uid, target.type AS type, target.account AS account,
       target.region AS region, target:Unresolved AS unresolved,
       s.name AS name, s.hash AS hash, s.tags AS tags
ORDER BY source, field, uid
