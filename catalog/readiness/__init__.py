"""Readiness: is an application ready to be recovered into a region, against its RTO and RPO?

Each check is a module of this package (coverage, data, artifacts, dns, drills) that
reads the graph only, at any past time, and returns a `Check` (check.py); `assess.py`
runs them all. docs/readiness.md says what each looks at.
"""
