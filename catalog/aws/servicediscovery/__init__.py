"""Cloud Map (service discovery): not crawled yet; its services are the targets of
references (an ECS service's registries)."""

from __future__ import annotations

DISCOVERY_SERVICE = "AWS::ServiceDiscovery::Service"
