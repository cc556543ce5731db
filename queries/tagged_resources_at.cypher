// Resources whose version at $at carries the tag filter: $filter is one list of
// `Key=Value` pairs per key, and every key must match one of its pairs.
// $account and $regions narrow the search; null means any.
MATCH (r:Resource)-[h:HAS_STATE]->(s:State)
WHERE ($account IS NULL OR r.account = $account)
  AND ($regions IS NULL OR r.region IN $regions)
  AND h.from <= $at < h.to
  AND all(pairs IN $filter WHERE any(pair IN pairs WHERE pair IN s.tag_pairs))
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       s.name AS name, s.hash AS hash, s.tags AS tags
ORDER BY uid
