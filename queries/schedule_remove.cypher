// Remove a schedule; returns what it was, or no row if there was none.
MATCH (s:Schedule {id: $id})
WITH s, s {.*} AS schedule
DETACH DELETE s
RETURN schedule
