// Constraints and indexes of the versioned graph. Idempotent; run on every connect.
// Intervals are [from, to) in UTC milliseconds; open intervals end at END_OF_TIME.
// `opened_by` / `closed_by` name the run that opened / closed an interval.
CREATE CONSTRAINT resource_uid IF NOT EXISTS FOR (r:Resource) REQUIRE r.uid IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (run:Run) REQUIRE run.id IS UNIQUE;
CREATE INDEX resource_partition IF NOT EXISTS FOR (r:Resource) ON (r.account, r.region, r.type);
CREATE INDEX resource_type IF NOT EXISTS FOR (r:Resource) ON (r.type);
CREATE INDEX has_state_from IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.from);
CREATE INDEX has_state_to IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.to);
CREATE INDEX has_state_opened_by IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.opened_by);
CREATE INDEX has_state_closed_by IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.closed_by);
CREATE INDEX refers_from IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.from);
CREATE INDEX refers_to IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.to);
CREATE INDEX refers_opened_by IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.opened_by);
CREATE INDEX refers_closed_by IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.closed_by);
CREATE INDEX run_started IF NOT EXISTS FOR (run:Run) ON (run.started_at)
