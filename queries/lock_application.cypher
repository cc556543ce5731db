// Check that the application still exists, holding its write lock while its
// snapshot begins (a concurrent `app delete` waits). That one snapshot of it
// runs at a time is the snapshot lease's work.
MATCH (app:Application {name: $name})
SET app.locked_by = $by
REMOVE app.locked_by
RETURN app.name AS name
