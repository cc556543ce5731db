// The observation time of the newest committed run; new runs must come after it.
MATCH (run:Run {status: 'committed'})
RETURN max(run.at) AS at
