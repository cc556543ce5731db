"""ECR: repositories, and the registry's replication configuration as its own resource.

This package names every ECR type once; each type's declaration is a module of it
(repository.py, replication_configuration.py).
"""

from __future__ import annotations

REPOSITORY = "AWS::ECR::Repository"
REPLICATION = "AWS::ECR::ReplicationConfiguration"
