// Make a run's staged work visible, all in one transaction: staged versions and
// references open at the run's time, the ones they replace close at it. The
// run's id stays on each interval as `opened_by` / `closed_by`: provenance.
// Returns no row if the run is no longer running (a newer run abandoned it).
MATCH (run:Run {id: $run, status: 'running'})
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.opened_by = $run SET h.from = $at
}
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.closed_by = $run SET h.to = $at
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.opened_by = $run SET e.from = $at
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.closed_by = $run SET e.to = $at
}
SET run.status = 'committed', run.finished_at = $finished_at, run.stats = $stats
WITH run
CALL (run) {
  UNWIND $partitions AS partition
  CREATE (run)-[:COVERED]->(:Partition {
    account: partition.account,
    region: partition.region,
    type: partition.type,
    status: partition.status,
    error: partition.error,
    observed: partition.observed
  })
}
RETURN run.id AS id
