// Liveness of the graph store for /healthz: answers if Neo4j does.
RETURN 1 AS ok
