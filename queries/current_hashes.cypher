// Content hash of the committed, open version of each given resource.
UNWIND $uids AS uid
MATCH (:Resource {uid: uid})-[h:HAS_STATE]->(s:State)
WHERE h.to = $end AND h.from < $end
RETURN uid, s.hash AS hash
