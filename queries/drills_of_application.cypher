// An application's drills, newest first.
MATCH (drill:Drill {application: $application})
RETURN drill.record AS record
ORDER BY drill.started_at DESC
