"""Cairn's scheduler service: crawl schedules and snapshot (backup) policies."""
