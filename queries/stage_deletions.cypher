// Mark resources a clean partition no longer contains, with their outgoing
// references, closed at commit. References to them stay open: they are
// what a restore or an impact check must see as dangling.
UNWIND $uids AS uid
MATCH (r:Resource {uid: uid})-[h:HAS_STATE]->()
WHERE h.to = $end AND h.from < $end
SET h.closed_by = $run
WITH r
OPTIONAL MATCH (r)-[e:REFERS]->()
WHERE e.to = $end AND e.from < $end
SET e.closed_by = $run
