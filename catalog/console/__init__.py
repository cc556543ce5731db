"""The web console: pages served by `cairn serve` that read everything through /graphql."""
