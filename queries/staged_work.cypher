// Tests only: what runs have staged and not committed (it must never outlive them).
CALL () {
  MATCH ()-[h:HAS_STATE]->() WHERE h.from = $end RETURN count(h) AS versions
}
CALL () {
  MATCH ()-[e:REFERS]->() WHERE e.from = $end RETURN count(e) AS references
}
CALL () {
  MATCH ()-[c:HAS_STATE|REFERS]->() WHERE c.to = $end AND c.closed_by IS NOT NULL
  RETURN count(c) AS closes
}
RETURN versions, references, closes
