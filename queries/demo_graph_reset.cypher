// `cairn demo`: start fresh (after demo_graph_ownership said it may), and mark the
// graph as the demo's. The test suite's marker stays: the suite owns that graph.
MATCH (n)
WHERE NOT n:CairnTestGraph
DETACH DELETE n
WITH count(*) AS ignored
MERGE (:CairnDemoGraph)
