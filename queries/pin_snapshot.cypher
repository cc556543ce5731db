// Pin each asset's State valid at $at, checked by hash: the scope was read in
// an earlier transaction and a version that changed since must not be pinned.
MATCH (snap:Snapshot {id: $id, status: 'taking'})
UNWIND $assets AS asset
MATCH (:Resource {uid: asset.uid})-[h:HAS_STATE]->(s:State {hash: asset.hash})
WHERE h.from <= $at < h.to
CREATE (snap)-[:PINS {uid: asset.uid, reason: asset.reason, path: asset.path,
                      references: asset.references}]->(s)
RETURN count(*) AS pinned
