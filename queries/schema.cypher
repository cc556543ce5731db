// Constraints and indexes of the versioned graph. Idempotent; run on every connect.
// Intervals are [from, to) in UTC milliseconds; open intervals end at END_OF_TIME.
// `opened_by` / `closed_by` name the run that opened / closed an interval, and
// runs are indexed by time: that is how time windows find intervals.
//
// There are deliberately no indexes on the relationships' `from` / `to`: with
// them the planner answers "the version of this resource at T" with a scan of
// the whole index instead of a one-hop expand (the values are too skewed for
// its estimates), which made every write batch quadratic.
CREATE CONSTRAINT resource_uid IF NOT EXISTS FOR (r:Resource) REQUIRE r.uid IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (run:Run) REQUIRE run.id IS UNIQUE;
CREATE CONSTRAINT application_name IF NOT EXISTS FOR (app:Application) REQUIRE app.name IS UNIQUE;
CREATE CONSTRAINT snapshot_id IF NOT EXISTS FOR (snap:Snapshot) REQUIRE snap.id IS UNIQUE;
CREATE INDEX snapshot_application IF NOT EXISTS FOR (snap:Snapshot) ON (snap.application);
CREATE INDEX snapshot_status IF NOT EXISTS FOR (snap:Snapshot) ON (snap.status);
CREATE INDEX resource_partition IF NOT EXISTS FOR (r:Resource) ON (r.account, r.region, r.type);
CREATE INDEX resource_type IF NOT EXISTS FOR (r:Resource) ON (r.type);
CREATE INDEX run_at IF NOT EXISTS FOR (run:Run) ON (run.at);
CREATE INDEX run_status IF NOT EXISTS FOR (run:Run) ON (run.status);
CREATE INDEX partition_scope IF NOT EXISTS FOR (p:Partition) ON (p.account, p.region, p.type);
CREATE INDEX has_state_opened_by IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.opened_by);
CREATE INDEX has_state_closed_by IF NOT EXISTS FOR ()-[h:HAS_STATE]-() ON (h.closed_by);
CREATE INDEX refers_opened_by IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.opened_by);
CREATE INDEX refers_closed_by IF NOT EXISTS FOR ()-[e:REFERS]-() ON (e.closed_by);
CREATE CONSTRAINT schedule_id IF NOT EXISTS FOR (s:Schedule) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT lease_name IF NOT EXISTS FOR (lease:Lease) REQUIRE lease.name IS UNIQUE;
CREATE CONSTRAINT drill_id IF NOT EXISTS FOR (drill:Drill) REQUIRE drill.id IS UNIQUE;
CREATE INDEX drill_application IF NOT EXISTS FOR (drill:Drill) ON (drill.application);
// Applications find their tagged resources by `Key=Value` pair, each kept whole.
CREATE FULLTEXT INDEX state_tag_pairs IF NOT EXISTS FOR (s:State) ON EACH [s.tag_pairs]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
// Indexes of earlier layouts, removed from graphs that still have them.
DROP INDEX has_state_from IF EXISTS;
DROP INDEX has_state_to IF EXISTS;
DROP INDEX refers_from IF EXISTS;
DROP INDEX refers_to IF EXISTS;
DROP INDEX has_state_run IF EXISTS;
DROP INDEX has_state_closing IF EXISTS;
DROP INDEX refers_run IF EXISTS;
DROP INDEX refers_closing IF EXISTS;
DROP INDEX run_started IF EXISTS;
// An index created on a graph that already has data fills in the background: queries
// need it whole.
CALL db.awaitIndexes(300);
