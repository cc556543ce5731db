// A crawl run. Work left staged by runs that never committed (a killed
// process) is discarded first: one writer at a time owns the staging area.
OPTIONAL MATCH (stale:Run {status: 'running'})
SET stale.status = 'abandoned', stale.finished_at = $started_at
WITH collect(stale.id) AS stale_runs
CALL (stale_runs) {
  UNWIND stale_runs AS stale_run
  MATCH ()-[h:HAS_STATE]->(s:State) WHERE h.opened_by = stale_run
  DETACH DELETE s
}
CALL (stale_runs) {
  UNWIND stale_runs AS stale_run
  MATCH ()-[e:REFERS]->() WHERE e.opened_by = stale_run
  DELETE e
}
CALL (stale_runs) {
  UNWIND stale_runs AS stale_run
  MATCH ()-[h:HAS_STATE]->() WHERE h.closed_by = stale_run
  REMOVE h.closed_by
}
CALL (stale_runs) {
  UNWIND stale_runs AS stale_run
  MATCH ()-[e:REFERS]->() WHERE e.closed_by = stale_run
  REMOVE e.closed_by
}
// Resources that only a discarded run had created are dropped with it.
CALL (stale_runs) {
  WITH stale_runs WHERE size(stale_runs) > 0
  MATCH (r:Resource) WHERE NOT (r)--()
  DELETE r
}
CREATE (run:Run {id: $run, source: $source, status: 'running', started_at: $started_at, at: $at})
RETURN run.id AS id, size(stale_runs) AS abandoned
