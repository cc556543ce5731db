// What $uid's versions say about $at: whether it is known at all, its first
// version's start, the end of its last version before $at, and whether a version
// is valid at $at (catalog.graph.absence.Lifespan). Always one row.
OPTIONAL MATCH (r:Resource {uid: $uid})
OPTIONAL MATCH (r)-[h:HAS_STATE]->()
RETURN r IS NOT NULL AS known, min(h.from) AS first_seen,
       max(CASE WHEN h.to <= $at THEN h.to END) AS gone_since,
       count(CASE WHEN h.from <= $at < h.to THEN 1 END) > 0 AS existed
