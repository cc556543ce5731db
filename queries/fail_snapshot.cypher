// Record why a snapshot failed; whatever it pinned is released.
MATCH (snap:Snapshot {id: $id})
OPTIONAL MATCH (snap)-[pin:PINS]->()
DELETE pin
WITH DISTINCT snap
SET snap.status = 'failed', snap.error = $error, snap.finished_at = $finished_at
RETURN snap.id AS id
