// A batch of resources left with no version, no reference and no snapshot.
MATCH (r:Resource)
WHERE NOT (r)--()
WITH r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
