// Many resources' versions valid at $at, for application-sized reads.
UNWIND $uids AS uid
MATCH (r:Resource {uid: uid})-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       s.name AS name, s.tags AS tags, s.properties AS properties,
       h.from AS valid_from, h.to AS valid_to
