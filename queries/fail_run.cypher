// A run that raised: discard its staged work; nothing committed before is touched.
MATCH (run:Run {id: $run})
SET run.status = 'failed', run.finished_at = $finished_at, run.error = $error
WITH run
CALL () {
  MATCH ()-[h:HAS_STATE]->(s:State) WHERE h.run = $run DETACH DELETE s
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.run = $run DELETE e
}
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.closing = $run REMOVE h.closing
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.closing = $run REMOVE e.closing
}
// Resources that only this run had created go with it.
CALL () {
  MATCH (r:Resource) WHERE NOT (r)--() DELETE r
}
RETURN run.id AS id
