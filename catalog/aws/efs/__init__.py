"""EFS: not crawled yet; its file systems are the targets of references (an ECS
task definition's volume)."""

from __future__ import annotations

FILE_SYSTEM = "AWS::EFS::FileSystem"
