"""Elastic Load Balancing (classic): not crawled yet; its load balancers are the
targets of references (an ECS service behind one, known by name)."""

from __future__ import annotations

CLASSIC_LOAD_BALANCER = "AWS::ElasticLoadBalancing::LoadBalancer"
