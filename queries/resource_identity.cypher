// A resource's identity node, whether or not it was ever crawled.
MATCH (r:Resource {uid: $uid})
RETURN r.uid AS uid, r.type AS type, r.account AS account, r.region AS region,
       r:Unresolved AS unresolved
