// Resources of one partition that are present (open, committed) right now.
MATCH (r:Resource {account: $account, region: $region, type: $type})-[h:HAS_STATE]->()
WHERE h.to = $end AND h.from < $end
RETURN r.uid AS uid
