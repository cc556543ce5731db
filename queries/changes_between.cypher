// Resources with a version opened or closed by a run in (since, until], with
// their state at each end of the window (null where absent).
MATCH (run:Run)
WHERE $since < run.at <= $until AND run.status = 'committed'
CALL (run) {
  MATCH (r:Resource)-[h:HAS_STATE]->()
  WHERE h.opened_by = run.id
  RETURN r
  UNION
  MATCH (r:Resource)-[h:HAS_STATE]->()
  WHERE h.closed_by = run.id
  RETURN r
}
WITH DISTINCT r
OPTIONAL MATCH (r)-[b:HAS_STATE]->(before:State)
WHERE b.from <= $since < b.to
OPTIONAL MATCH (r)-[a:HAS_STATE]->(after:State)
WHERE a.from <= $until < a.to
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       before {.hash, .name, .tags, .properties} AS before,
       after {.hash, .name, .tags, .properties} AS after
ORDER BY uid
