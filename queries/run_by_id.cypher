// A run with its partitions' outcomes.
MATCH (run:Run {id: $run})
OPTIONAL MATCH (run)-[:COVERED]->(p:Partition)
WITH run, p ORDER BY p.account, p.region, p.type
RETURN run {.*} AS run, collect(p {.*}) AS partitions
