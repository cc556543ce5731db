// The newest drill of the application that passed by $at (into $target_region if given).
MATCH (drill:Drill {application: $application, status: 'passed'})
WHERE drill.finished_at <= $at
  AND ($target_region IS NULL OR drill.target_region = $target_region)
RETURN drill.record AS record
ORDER BY drill.finished_at DESC
LIMIT 1
