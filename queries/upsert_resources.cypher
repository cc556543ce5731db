// Identity nodes of new or changed resources; a stub that is now crawled is
// no longer Unresolved.
UNWIND $rows AS row
MERGE (r:Resource {uid: row.uid})
SET r.type = row.type, r.account = row.account, r.region = row.region
REMOVE r:Unresolved
