// Every committed version of a resource, oldest first.
MATCH (:Resource {uid: $uid})-[h:HAS_STATE]->(s:State)
WHERE h.from < $end
RETURN h.from AS valid_from, h.to AS valid_to, h.opened_by AS opened_by,
       h.closed_by AS closed_by, s.hash AS hash,
       s.name AS name, s.tags AS tags, s.properties AS properties
ORDER BY valid_from
