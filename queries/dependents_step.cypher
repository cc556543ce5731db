// One breadth-first step of impact analysis: who refers to the frontier at $at.
UNWIND $uids AS uid
MATCH (:Resource {uid: uid})<-[e:REFERS]-(dependent:Resource)
WHERE e.from <= $at < e.to
OPTIONAL MATCH (dependent)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN uid AS target, dependent.uid AS uid, dependent.type AS type, s.name AS name,
       e.field AS field, e.kind AS kind
ORDER BY target, uid, field
