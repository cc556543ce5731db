// Snapshots with this trigger still being taken (or left 'taking' by a process that stopped).
MATCH (snap:Snapshot {status: 'taking', trigger: $trigger})
RETURN properties(snap) AS snapshot
ORDER BY snap.started_at
