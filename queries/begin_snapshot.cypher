// Start a snapshot; the caller holds the application's snapshot lease, so any
// other snapshot of it still 'taking' belongs to a process that stopped (killed,
// crashed): it is marked failed. Returns the ids of those.
OPTIONAL MATCH (stale:Snapshot {application: $application, status: 'taking'})
SET stale.status = 'failed', stale.error = $interrupted, stale.finished_at = $started_at
WITH collect(stale.id) AS interrupted
CREATE (:Snapshot {id: $id, application: $application, status: 'taking',
                   trigger: $trigger, started_at: $started_at})
RETURN interrupted
