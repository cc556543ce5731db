// Which of $uids the catalog has crawled (stubs of references never crawled are not),
// and whether each has a version at $at: a state resource that is known but gone is
// one `terraform apply` would create again.
UNWIND $uids AS uid
MATCH (r:Resource {uid: uid})
WHERE EXISTS { (r)-[:HAS_STATE]->() }
RETURN r.uid AS uid,
       EXISTS { MATCH (r)-[h:HAS_STATE]->() WHERE h.from <= $at < h.to } AS live
