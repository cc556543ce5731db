// Impact analysis: everything that refers to $uid at $at through at most MAX_DEPTH
// references, counted by type, and one page of it, nearest first, each with one
// shortest path (dependent first). `ANY SHORTEST` with only the start bound runs a
// single breadth-first search from it (StatefulShortestPath) instead of one round
// trip per level. MAX_DEPTH is written in by catalog.graph.queries.bounded: Cypher
// takes no parameter as a quantifier bound.
// $after: the uid the previous page ended with (null for the first page); offset is
// null when it is not in the result any more. $first null: every dependent.
// $versions: also return each page entry's version at $at, for callers that show it.
// first_seen, gone_since, existed: whether $uid itself existed at $at, as in
// resource_lifespan (catalog.graph.absence): an impact at a time it did not is refused.
OPTIONAL MATCH (start:Resource {uid: $uid})
CALL (start) {
  OPTIONAL MATCH (start)-[h:HAS_STATE]->()
  RETURN min(h.from) AS first_seen, max(CASE WHEN h.to <= $at THEN h.to END) AS gone_since,
         count(CASE WHEN h.from <= $at < h.to THEN 1 END) > 0 AS existed
}
CALL (start) {
  MATCH path = ANY SHORTEST
    (dependent:Resource)-[e:REFERS WHERE e.from <= $at < e.to]->{1,MAX_DEPTH}(start)
  WHERE dependent <> start
  WITH dependent, path
  ORDER BY length(path), dependent.uid
  RETURN collect(dependent.uid) AS uids, collect(dependent.type) AS types,
         collect(path) AS paths
}
WITH start, uids, paths, types, first_seen, gone_since, existed,
     CASE WHEN $after IS NULL THEN 0
          ELSE [i IN range(0, size(uids) - 1) WHERE uids[i] = $after | i + 1][0] END AS offset
CALL (types) {
  UNWIND types AS type
  WITH type, count(*) AS n
  ORDER BY type
  RETURN collect({type: type, count: n}) AS byType
}
CALL (paths, offset) {
  UNWIND paths[coalesce(offset, 0)..coalesce(offset, 0) + coalesce($first, size(paths))] AS p
  WITH p, nodes(p)[0] AS dependent
  OPTIONAL MATCH (dependent)-[h:HAS_STATE]->(s:State)
  WHERE h.from <= $at < h.to
  RETURN collect({
    uid: dependent.uid,
    type: dependent.type,
    name: s.name,
    depth: length(p),
    hops: [r IN relationships(p) |
           {source: startNode(r).uid, target: endNode(r).uid, field: r.field, kind: r.kind}],
    version: CASE WHEN $versions AND s IS NOT NULL THEN {
      uid: dependent.uid, type: dependent.type, account: dependent.account,
      region: dependent.region, name: s.name, tags: s.tags, properties: s.properties,
      valid_from: h.from, valid_to: h.to
    } END
  }) AS page
}
RETURN start IS NOT NULL AS known, first_seen, gone_since, existed,
       size(uids) AS count, byType AS by_type, offset, page
