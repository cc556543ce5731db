// A crawl run. Work left staged by runs that never committed (a killed
// process) is discarded first: one writer at a time owns the staging area.
OPTIONAL MATCH (stale:Run {status: 'running'})
SET stale.status = 'abandoned', stale.finished_at = $started_at
WITH count(stale) AS abandoned
CALL () {
  MATCH ()-[h:HAS_STATE]->(s:State) WHERE h.from = $end DETACH DELETE s
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.from = $end DELETE e
}
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.closed_by IS NOT NULL AND h.to = $end REMOVE h.closed_by
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.closed_by IS NOT NULL AND e.to = $end REMOVE e.closed_by
}
// Resources that only a discarded run had created are dropped with it.
CALL () {
  MATCH (r:Resource) WHERE NOT (r)--() DELETE r
}
CREATE (run:Run {id: $run, source: $source, status: 'running', started_at: $started_at, at: $at})
RETURN run.id AS id, abandoned
