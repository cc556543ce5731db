// Stage a new version for each new or changed resource. A staged edge starts
// at END_OF_TIME, so no as-of read sees it until commit_run sets its `from`;
// the version it replaces is only marked `closed_by` for the same reason.
UNWIND $rows AS row
MERGE (r:Resource {uid: row.uid})
SET r.type = row.type, r.account = row.account, r.region = row.region
REMOVE r:Unresolved
WITH r, row
OPTIONAL MATCH (r)-[current:HAS_STATE]->()
WHERE current.to = $end AND current.from < $end
SET current.closed_by = $run
CREATE (r)-[:HAS_STATE {from: $end, to: $end, opened_by: $run}]->(:State {
  hash: row.hash,
  name: row.name,
  tags: row.tags,
  tag_pairs: row.tag_pairs,
  properties: row.properties
})
