// A batch of reference intervals that ended before $cutoff. Snapshots keep
// their references on their own PINS edges, so none of them needs these.
MATCH ()-[e:REFERS]->()
WHERE e.to < $cutoff
WITH e LIMIT $batch
DELETE e
RETURN count(*) AS deleted
