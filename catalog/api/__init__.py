"""The GraphQL API for portals and scripts: strawberry types over the library, served by
starlette (see app.py); no Python code lives in the top-level graphql/ folder."""
