"""`cairn demo`: the story of SCENARIO.md on a local moto account (see story.py).

stack/ builds the SaaS application through the real AWS APIs, declared_state.py
writes the Terraform state it was declared with, local_aws.py runs moto, and
api_server.py serves the GraphQL API for the last step.
"""
