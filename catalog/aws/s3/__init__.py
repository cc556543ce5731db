"""S3: buckets with every configuration a restore needs.

This package names the S3 type once; its declaration is bucket.py.
"""

from __future__ import annotations

BUCKET = "AWS::S3::Bucket"
