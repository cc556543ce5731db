"""Cairn: an infrastructure catalog that remembers, and restores."""

__version__ = "0.1.0"
