// Benchmarks only: empty the whole graph in batches so a large graph never
// needs one huge transaction. CALL ... IN TRANSACTIONS only runs in an
// implicit (auto-commit) transaction: use session.run, not execute_write.
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
