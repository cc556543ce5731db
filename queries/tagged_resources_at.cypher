// Resources whose version at $at carries the tag filter: $filter is one list of
// `Key=Value` pairs per key, and every key must match one of its pairs. $pairs is the
// same filter as a query of the state_tag_pairs full-text index (TagFilter.index_query),
// which finds the candidate versions without reading every State; $filter decides.
// $account and $regions narrow the search; null means any.
CALL db.index.fulltext.queryNodes('state_tag_pairs', $pairs) YIELD node AS s
MATCH (r:Resource)-[h:HAS_STATE]->(s)
WHERE ($account IS NULL OR r.account = $account)
  AND ($regions IS NULL OR r.region IN $regions)
  AND h.from <= $at < h.to
  AND all(pairs IN $filter WHERE any(pair IN pairs WHERE pair IN s.tag_pairs))
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       s.name AS name, s.hash AS hash, s.tags AS tags
ORDER BY uid
