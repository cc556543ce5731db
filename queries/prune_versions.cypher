// A batch of versions that ended before $cutoff and that no snapshot pins.
// Open versions end at END_OF_TIME and staged closes keep theirs until commit,
// so neither can match.
MATCH (:Resource)-[h:HAS_STATE]->(s:State)
WHERE h.to < $cutoff AND NOT EXISTS { (:Snapshot)-[:PINS]->(s) }
WITH s LIMIT $batch
DETACH DELETE s
RETURN count(*) AS deleted
