// Types whose partition in $region a committed run read completely by $at: only there may
// "none found" mean "none exists".
MATCH (run:Run {status: 'committed'})-[:COVERED]->(p:Partition {region: $region})
WHERE run.at <= $at AND p.type IN $types AND p.status = 'complete'
RETURN collect(DISTINCT p.type) AS types
