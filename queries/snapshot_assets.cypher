// The pinned versions of a snapshot's assets, with why each is in scope.
MATCH (:Snapshot {id: $id})-[pin:PINS]->(s:State)<-[:HAS_STATE]-(r:Resource)
RETURN pin.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       pin.reason AS reason, pin.path AS path, pin.references AS references,
       s.hash AS hash, s.name AS name, s.tags AS tags, s.properties AS properties
ORDER BY uid
