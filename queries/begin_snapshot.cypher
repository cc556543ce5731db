// Start a snapshot unless one of the same application is in progress. A
// snapshot left 'taking' longer than the stale limit belongs to a process that
// died: it is marked failed and no longer blocks. Returns the blocking ids.
OPTIONAL MATCH (stale:Snapshot {application: $application, status: 'taking'})
WHERE stale.started_at <= $stale_before
SET stale.status = 'failed', stale.error = 'abandoned: the process taking it stopped',
    stale.finished_at = $started_at
WITH count(stale) AS ignored
OPTIONAL MATCH (busy:Snapshot {application: $application, status: 'taking'})
WITH collect(busy.id) AS busy
CALL (busy) {
  WITH busy WHERE size(busy) = 0
  CREATE (:Snapshot {id: $id, application: $application, status: 'taking',
                     trigger: $trigger, started_at: $started_at})
}
RETURN busy
