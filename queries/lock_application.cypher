// Take the application node's write lock for the rest of the transaction, so
// two snapshots of one application cannot both see "none in progress".
MATCH (app:Application {name: $name})
SET app.locked_by = $by
REMOVE app.locked_by
RETURN app.name AS name
