"""Secrets Manager: secret metadata and replication, never a secret value.

This package names the Secrets Manager type once; its declaration is secret.py.
"""

SECRET = "AWS::SecretsManager::Secret"
