// The resources of $types in $region (of $account, if given) with a version valid at $at:
// what a target region already holds (certificates, snapshot copies, replicas).
MATCH (r:Resource)
WHERE r.type IN $types AND r.region = $region AND ($account IS NULL OR r.account = $account)
MATCH (r)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       s.name AS name, s.tags AS tags, s.properties AS properties,
       h.from AS valid_from, h.to AS valid_to
ORDER BY uid
