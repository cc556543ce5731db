"""Drift against declared Terraform state (`cairn drift`): see check.py."""
