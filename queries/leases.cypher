// The holders of the named leases (none for a free one), with the graph's clock.
UNWIND $names AS name
OPTIONAL MATCH (lease:Lease {name: name})
RETURN name, lease {.*} AS lease, timestamp() AS now
