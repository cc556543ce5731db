// An application's snapshots, newest first.
MATCH (snap:Snapshot {application: $application})
RETURN properties(snap) AS snapshot
ORDER BY snap.started_at DESC
