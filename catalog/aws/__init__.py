"""What Cairn knows about AWS: one package per service, one module per resource type.

Each type's module declares how it is crawled, the references it holds, the IAM actions
its crawl needs and how a restore writes it (see spec.py and registry.py). Crawls only
turn API responses into Observations; the store is the only writer of the graph.
"""
