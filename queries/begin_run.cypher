// A crawl run. Work left staged by runs that never committed (a killed
// process) is discarded first: one writer at a time owns the staging area.
OPTIONAL MATCH (stale:Run {status: 'running'})
SET stale.status = 'abandoned', stale.finished_at = $started_at
WITH count(stale) AS abandoned
CALL () {
  MATCH ()-[h:HAS_STATE]->(s:State) WHERE h.run IS NOT NULL DETACH DELETE s
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.run IS NOT NULL DELETE e
}
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.closing IS NOT NULL REMOVE h.closing
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.closing IS NOT NULL REMOVE e.closing
}
// Resources that only a discarded run had created are dropped with it.
CALL () {
  MATCH (r:Resource) WHERE NOT (r)--() DELETE r
}
CREATE (run:Run {id: $run, source: $source, status: 'running', started_at: $started_at, at: $at})
RETURN run.id AS id, abandoned
