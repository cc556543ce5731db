// Resources that are part of the given assets at $at (a listener of a load
// balancer, a record of a zone): $parts lists the {type, field} pairs whose
// reference makes the referring resource part of its target.
UNWIND $uids AS uid
MATCH (:Resource {uid: uid})<-[e:REFERS]-(part:Resource)
WHERE e.from <= $at < e.to AND {type: part.type, field: e.field} IN $parts
MATCH (part)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN part.uid AS source, e.field AS field, e.kind AS kind, uid AS target,
       part.uid AS uid, part.type AS type, part.account AS account, part.region AS region,
       s.name AS name, s.hash AS hash, s.tags AS tags
ORDER BY uid, field, target
