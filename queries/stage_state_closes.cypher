// Mark the current version of changed resources, to be closed at commit.
UNWIND $uids AS uid
MATCH (:Resource {uid: uid})-[h:HAS_STATE]->()
WHERE h.to = $end AND h.from < $end
SET h.closed_by = $run
