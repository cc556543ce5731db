// Every resource as it is now, but those a crawl has just listed again ($listed:
// account|region|type), for the names other resources' values may hold: its uid (an ARN
// names it) and, for the types that declare other names ($types), its properties.
MATCH (r:Resource)-[h:HAS_STATE]->(s:State)
WHERE h.to = $end AND h.from < $end
  AND NOT (r.account + '|' + r.region + '|' + r.type) IN $listed
RETURN r.uid AS uid, r.type AS type,
       CASE WHEN r.type IN $types THEN s.properties END AS properties
