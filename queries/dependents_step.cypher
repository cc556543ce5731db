// One breadth-first step of impact analysis: who refers to the frontier at $at.
UNWIND $uids AS origin
MATCH (:Resource {uid: origin})<-[e:REFERS]-(dependent:Resource)
WHERE e.from <= $at < e.to
OPTIONAL MATCH (dependent)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN origin, dependent.uid AS uid, dependent.type AS type, s.name AS name,
       e.field AS field, e.kind AS kind
ORDER BY origin, uid, field
