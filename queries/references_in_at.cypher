// What refers to a resource at $at.
MATCH (:Resource {uid: $uid})<-[e:REFERS]-(other:Resource)
WHERE e.from <= $at < e.to
OPTIONAL MATCH (other)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN other.uid AS uid, other.type AS type, s.name AS name,
       e.field AS field, e.kind AS kind, e.from AS valid_from, e.to AS valid_to,
       s IS NOT NULL AS present, other:Unresolved AS unresolved
ORDER BY uid, field
