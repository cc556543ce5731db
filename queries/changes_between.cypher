// Resources with a version opened or closed in (since, until], with their
// state at each end of the window (null where absent).
CALL () {
  MATCH (r:Resource)-[h:HAS_STATE]->()
  WHERE $since < h.from <= $until
  RETURN r
  UNION
  MATCH (r:Resource)-[h:HAS_STATE]->()
  WHERE $since < h.to <= $until
  RETURN r
}
OPTIONAL MATCH (r)-[b:HAS_STATE]->(before:State)
WHERE b.from <= $since < b.to
OPTIONAL MATCH (r)-[a:HAS_STATE]->(after:State)
WHERE a.from <= $until < a.to
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       before {.hash, .name, .tags, .properties} AS before,
       after {.hash, .name, .tags, .properties} AS after
ORDER BY uid
