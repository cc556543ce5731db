// Change some fields of an existing application's definition; a null parameter keeps its field.
MATCH (app:Application {name: $name})
SET app.rpo_minutes = coalesce($rpo_minutes, app.rpo_minutes),
    app.rto_minutes = coalesce($rto_minutes, app.rto_minutes),
    app.keep_last = coalesce($keep_last, app.keep_last),
    app.keep_days = coalesce($keep_days, app.keep_days)
RETURN properties(app) AS application
