// Stage a new version for each new or changed resource. A staged edge starts
// at END_OF_TIME, so no as-of read sees it until commit_run sets its `from`.
UNWIND $rows AS row
MATCH (r:Resource {uid: row.uid})
CREATE (r)-[:HAS_STATE {from: $end, to: $end, opened_by: $run}]->(:State {
  hash: row.hash,
  name: row.name,
  tags: row.tags,
  tag_pairs: row.tag_pairs,
  properties: row.properties
})
