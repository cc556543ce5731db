// One page of resources valid at $at, in uid order after the cursor $after.
// Every filter is optional (null); $uids narrows to an application's assets.
// One row more than the page is asked for, to tell whether a next page exists.
MATCH (r:Resource)
WHERE r.uid > $after
  AND ($uids IS NULL OR r.uid IN $uids)
  AND ($type IS NULL OR r.type = $type)
  AND ($account IS NULL OR r.account = $account)
  AND ($region IS NULL OR r.region = $region)
MATCH (r)-[h:HAS_STATE]->(s:State)
WHERE h.from <= $at < h.to
  AND ($tag IS NULL OR $tag IN s.tag_pairs)
  AND ($name_contains IS NULL OR toLower(s.name) CONTAINS toLower($name_contains))
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       s.name AS name, s.tags AS tags, s.properties AS properties,
       h.from AS valid_from, h.to AS valid_to
ORDER BY r.uid
LIMIT $limit
