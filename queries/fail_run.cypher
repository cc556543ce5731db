// A run that raised: discard its staged work; nothing committed before is touched.
MATCH (run:Run {id: $run})
SET run.status = 'failed', run.finished_at = $finished_at, run.error = $error
WITH run
CALL () {
  MATCH ()-[h:HAS_STATE]->(s:State) WHERE h.opened_by = $run DETACH DELETE s
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.opened_by = $run DELETE e
}
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.closed_by = $run REMOVE h.closed_by
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.closed_by = $run REMOVE e.closed_by
}
// Resources that only this run had created go with it.
CALL () {
  MATCH (r:Resource) WHERE NOT (r)--() DELETE r
}
RETURN run.id AS id
