// Drills whose cleanup has not yet confirmed that nothing they made remains, oldest first.
MATCH (drill:Drill {application: $application})
WHERE drill.cleaned_at IS NULL
RETURN drill.record AS record
ORDER BY drill.started_at
