// Resources present (open, committed) right now in any of the given partitions.
UNWIND $partitions AS partition
MATCH (r:Resource {account: partition.account, region: partition.region, type: partition.type})
      -[h:HAS_STATE]->()
WHERE h.to = $end AND h.from < $end
RETURN r.uid AS uid
