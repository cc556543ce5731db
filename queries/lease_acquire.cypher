// Take the lease $name if it is free, expired, or held by the owner the caller found
// dead ($dead_token). The write lock comes first (SET then REMOVE), so two callers
// cannot both see the lease free. Times are the graph server's clock: hosts whose
// clocks disagree still agree on when a lease expires. Returns the lease as it is
// now: ours if its token is $token.
MERGE (lease:Lease {name: $name})
SET lease.claiming = true
REMOVE lease.claiming
WITH lease, timestamp() AS now
CALL (lease, now) {
  WITH lease, now
  WHERE lease.token IS NULL OR lease.expires_at <= now OR lease.token = $dead_token
  SET lease.token = $token, lease.holder = $holder, lease.host = $host, lease.pid = $pid,
      lease.pid_namespace = $pid_namespace, lease.process = $process,
      lease.acquired_at = now, lease.expires_at = now + $ttl
}
RETURN lease {.*} AS lease
