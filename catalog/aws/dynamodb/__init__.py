"""DynamoDB: tables, their keys, indexes, streams, TTL, PITR and encryption, never their items.

This package names the DynamoDB type once; its declaration is table.py. Functions read
a table through its stream (`table_of_stream`).
"""

from __future__ import annotations

from catalog.aws.spec import Found

TABLE = "AWS::DynamoDB::Table"


def table_of_stream(found: Found) -> str | None:
    """Resolver of a reference to a table by one of its streams' ARNs
    (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`): the table's ARN."""
    arn = found.value
    if not isinstance(arn, str) or arn.split(":")[2:3] != ["dynamodb"] or "/stream/" not in arn:
        return None
    return arn.split("/stream/", 1)[0]
