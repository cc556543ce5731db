"""CloudFront: not crawled yet; its distributions are the targets of Route 53 aliases."""

from __future__ import annotations

DISTRIBUTION = "AWS::CloudFront::Distribution"
