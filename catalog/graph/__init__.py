"""The versioned graph: connection, schema, writer (crawl runs) and as-of reader."""
