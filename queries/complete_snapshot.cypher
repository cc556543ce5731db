// Mark a snapshot complete, only if every asset was pinned. No row otherwise.
MATCH (snap:Snapshot {id: $id, status: 'taking'})
WHERE COUNT { (snap)-[:PINS]->() } = $expected
SET snap.status = 'complete', snap.at = $at, snap.finished_at = $finished_at,
    snap.asset_count = $expected, snap.outside = $outside, snap.run = $run,
    snap.definition = $definition, snap.crawl_failures = $crawl_failures
RETURN snap.id AS id
