// What a prune at $cutoff would delete (resources follow from these).
CALL () {
  MATCH (:Resource)-[h:HAS_STATE]->(s:State)
  WHERE h.to < $cutoff AND NOT EXISTS { (:Snapshot)-[:PINS]->(s) }
  RETURN count(*) AS versions
}
CALL () {
  MATCH ()-[e:REFERS]->()
  WHERE e.to < $cutoff
  RETURN count(*) AS references
}
RETURN versions, references
