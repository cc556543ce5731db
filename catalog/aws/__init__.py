"""AWS crawlers: one module per service, each declaring its resource types.

Crawlers only turn API responses into Observations; the store is the only
writer of the graph.
"""
