// Delete a definition and its snapshot schedule. Snapshots and history stay:
// they are records of what ran, not part of the definition.
MATCH (app:Application {name: $name})
OPTIONAL MATCH (schedule:Schedule {kind: 'snapshot', application: $name})
DETACH DELETE app, schedule
RETURN $name AS name
