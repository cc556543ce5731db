// Constraints and indexes of the versioned graph. Idempotent; run on every connect.
// Intervals are [from, to) in UTC milliseconds; open intervals end at END_OF_TIME.
CREATE CONSTRAINT resource_uid IF NOT EXISTS FOR (r:Resource) REQUIRE r.uid IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (run:Run) REQUIRE run.id IS UNIQUE;
CREATE INDEX resource_partition IF NOT EXISTS FOR (r:Resource) ON (r.account, r.region, r.type);
CREATE INDEX resource_type IF NOT EXISTS FOR (r:Resource) ON (r.type);
CREATE INDEX has_state_from IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.from);
CREATE INDEX has_state_to IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.to);
CREATE INDEX has_state_run IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.run);
CREATE INDEX has_state_closing IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.closing);
CREATE INDEX refers_from IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.from);
CREATE INDEX refers_to IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.to);
CREATE INDEX refers_run IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.run);
CREATE INDEX refers_closing IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.closing);
CREATE INDEX run_started IF NOT EXISTS FOR (run:Run) ON (run.started_at)
