// One snapshot record.
MATCH (snap:Snapshot {id: $id})
RETURN properties(snap) AS snapshot
