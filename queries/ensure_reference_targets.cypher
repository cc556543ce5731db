// Targets of new references. One never crawled becomes an Unresolved stub, so
// the reference is kept instead of dropped.
UNWIND $targets AS target
MERGE (r:Resource {uid: target.uid})
ON CREATE SET r:Unresolved, r.type = target.type
