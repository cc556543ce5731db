// When each resource was first seen, last seen and deleted. Last seen is the
// latest committed run that listed its partition completely while it existed
// (unchanged resources write nothing, so this is where that fact lives).
UNWIND $uids AS uid
MATCH (r:Resource {uid: uid})-[h:HAS_STATE]->()
WHERE h.from < $end
WITH r, min(h.from) AS first_seen, max(h.to) AS last_to
OPTIONAL CALL (r, first_seen, last_to) {
  MATCH (run:Run {status: 'committed'})-[:COVERED]->(:Partition {
    account: r.account, region: r.region, type: r.type, status: 'complete'})
  WHERE first_seen <= run.at < last_to
  RETURN max(run.at) AS last_seen
}
RETURN r.uid AS uid, first_seen, coalesce(last_seen, first_seen) AS last_seen,
       CASE WHEN last_to < $end THEN last_to END AS deleted_at
