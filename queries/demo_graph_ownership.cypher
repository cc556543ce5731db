// `cairn demo`: may the demo empty this graph? It may when the graph holds nothing
// (markers aside), or only what an earlier demo left: marked as the demo's and with
// no resource of an account other than the demo's ($accounts).
OPTIONAL MATCH (marker:CairnDemoGraph)
WITH count(marker) > 0 AS marked
OPTIONAL MATCH (r:Resource)
WHERE r.account IS NOT NULL AND NOT r.account IN $accounts
WITH marked, count(r) AS foreign
OPTIONAL MATCH (n)
WHERE NOT n:CairnDemoGraph AND NOT n:CairnTestGraph
RETURN marked, foreign, count(n) AS nodes
