// Tests only: does the graph hold data, and was it made by the test suite?
OPTIONAL MATCH (marker:CairnTestGraph)
WITH count(marker) > 0 AS marked
OPTIONAL MATCH (n) WHERE NOT n:CairnTestGraph
RETURN marked, count(n) AS nodes
