// Store an application definition unless one of that name exists.
MERGE (app:Application {name: $name})
ON CREATE SET app.tag_filter = $tag_filter, app.account = $account, app.regions = $regions,
              app.rpo_minutes = $rpo_minutes, app.rto_minutes = $rto_minutes,
              app.keep_last = $keep_last, app.keep_days = $keep_days,
              app.created_at = $created_at, app.contacts = $contacts, app.new = true
WITH app, coalesce(app.new, false) AS created
REMOVE app.new
RETURN created
