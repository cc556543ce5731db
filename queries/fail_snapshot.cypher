// Record why a snapshot that is still being taken failed; whatever it pinned is
// released. No row if it is no longer taking (complete, or already failed).
MATCH (snap:Snapshot {id: $id, status: 'taking'})
OPTIONAL MATCH (snap)-[pin:PINS]->()
DELETE pin
WITH DISTINCT snap
SET snap.status = 'failed', snap.error = $error, snap.finished_at = $finished_at
RETURN snap.id AS id
