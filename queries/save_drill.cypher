// Create or rewrite a drill's record: the whole record as JSON, and the fields that
// readiness and the cleanup look drills up by.
MERGE (drill:Drill {id: $id})
SET drill.application = $application, drill.status = $status,
    drill.started_at = $started_at, drill.finished_at = $finished_at,
    drill.cleaned_at = $cleaned_at, drill.target_region = $target_region,
    drill.rto_seconds = $rto_seconds, drill.record = $record
