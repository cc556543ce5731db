// Push a held lease's expiry forward. No row: another holder took it over.
MATCH (lease:Lease {name: $name, token: $token})
SET lease.expires_at = timestamp() + $ttl
RETURN lease.expires_at AS expires_at
