// Delete snapshot records; the versions they pinned become prunable history.
UNWIND $ids AS id
MATCH (snap:Snapshot {id: id})
DETACH DELETE snap
RETURN id
