// One application definition.
MATCH (app:Application {name: $name})
RETURN properties(app) AS application
