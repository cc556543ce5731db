// Every application definition, by name.
MATCH (app:Application)
RETURN properties(app) AS application
ORDER BY app.name
