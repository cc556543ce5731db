// Make a run's staged work visible, all in one transaction: staged versions and
// references open at the run's time, the ones they replace close at it.
// Returns no row if the run is no longer running (a newer run abandoned it).
MATCH (run:Run {id: $run, status: 'running'})
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.run = $run SET h.from = $at REMOVE h.run
}
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.closing = $run SET h.to = $at REMOVE h.closing
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.run = $run SET e.from = $at REMOVE e.run
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.closing = $run SET e.to = $at REMOVE e.closing
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
