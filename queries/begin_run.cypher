// A crawl run, begun by the holder of the crawl lease: no other run is live, so
// runs still 'running' belong to holders that died or lost the lease. They are
// marked abandoned here; discard_dead_runs, in the same transaction, drops what
// they staged.
OPTIONAL MATCH (stale:Run {status: 'running'})
SET stale.status = 'abandoned', stale.finished_at = $started_at
WITH count(stale) AS abandoned
CREATE (run:Run {id: $run, source: $source, status: 'running', started_at: $started_at, at: $at})
RETURN run.id AS id, abandoned
