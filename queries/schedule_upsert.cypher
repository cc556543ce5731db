// Create or replace a schedule definition; `cairn scheduler` picks it up on its next sync.
MERGE (s:Schedule {id: $id})
SET s.kind = $kind,
    s.application = $application,
    s.regions = $regions,
    s.profile = $profile,
    s.trigger = $trigger,
    s.timezone = $timezone,
    s.updated_at = $updated_at
RETURN s {.*} AS schedule
