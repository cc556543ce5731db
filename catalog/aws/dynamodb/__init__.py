"""DynamoDB: tables, their keys, indexes, streams, TTL, PITR and encryption, never their items.

This package names the DynamoDB type once; its declaration is table.py.
"""

from __future__ import annotations

TABLE = "AWS::DynamoDB::Table"
