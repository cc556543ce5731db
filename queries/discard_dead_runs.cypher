// Drop what runs that will never commit (failed, abandoned) left staged: their new
// versions and references, their marks on what they would have closed, and the
// resources only they had created. A run that went on staging after it was
// abandoned (a paused process) leaves more later, so every such run is swept, not
// only new ones; each is a few index lookups. Committed work is never touched:
// staged intervals still open or close at END_OF_TIME.
OPTIONAL MATCH (dead:Run) WHERE dead.status IN ['failed', 'abandoned']
WITH collect(dead.id) AS dead_runs
CALL (dead_runs) {
  UNWIND dead_runs AS run
  MATCH (r)-[h:HAS_STATE]->(s)
  USING INDEX h:HAS_STATE(opened_by)
  WHERE h.opened_by = run AND h.from = $end
  DETACH DELETE s
  RETURN collect(r) AS versioned, count(*) AS versions
}
CALL (dead_runs) {
  UNWIND dead_runs AS run
  MATCH (source)-[e:REFERS]->(target)
  USING INDEX e:REFERS(opened_by)
  WHERE e.opened_by = run AND e.from = $end
  DELETE e
  RETURN collect(source) + collect(target) AS linked, count(*) AS references
}
CALL (dead_runs) {
  UNWIND dead_runs AS run
  MATCH ()-[h:HAS_STATE]->()
  WHERE h.closed_by = run AND h.to = $end
  REMOVE h.closed_by
}
CALL (dead_runs) {
  UNWIND dead_runs AS run
  MATCH ()-[e:REFERS]->()
  WHERE e.closed_by = run AND e.to = $end
  REMOVE e.closed_by
}
CALL (versioned, linked) {
  UNWIND versioned + linked AS r
  WITH DISTINCT r
  WHERE NOT (r)--()
  DELETE r
  RETURN count(*) AS resources
}
RETURN versions, references, resources
