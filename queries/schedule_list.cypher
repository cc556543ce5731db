// Every schedule definition, in a stable order.
MATCH (s:Schedule)
RETURN s {.*} AS schedule
ORDER BY s.id
