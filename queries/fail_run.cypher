// A run that raised or was interrupted; discard_dead_runs, in the same
// transaction, drops what it staged. Nothing committed before is touched.
MATCH (run:Run {id: $run})
SET run.status = 'failed', run.finished_at = $finished_at, run.error = $error
RETURN run.id AS id
