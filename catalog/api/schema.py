"""The GraphQL schema: each domain's queries and mutations merged into the root types,
with the limits every request is held to and the errors a caller is shown."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from catalog.api.applications import ApplicationMutation, ApplicationQuery
from catalog.api.drift import DriftQuery
from catalog.api.drills import DrillMutation, DrillQuery
from catalog.api.graph_reads import ResourceQuery
from catalog.api.readiness import ReadinessQuery
from catalog.api.restore import RestoreQuery
from catalog.api.runs import RunMutation, RunQuery
from catalog.api.snapshots import SnapshotMutation, SnapshotQuery
from catalog.errors import CairnError

log = logging.getLogger(__name__)
MAX_QUERY_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 20
# Portals send the same few documents over and over, and parsing plus validating
# one cost more CPU than the rest of a simple request. Bounded: distinct query
# texts cannot grow memory.
QUERY_CACHE_SIZE = 256
# The limits' rules are built once: ValidationCache keys on the rule classes, and
# a limiter built per request makes new classes, so every lookup would miss.
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]


# The order of the domains is the order of the fields in graphql/schema.graphql.
Query = merge_types(
    "Query",
    (
        ResourceQuery,
        ApplicationQuery,
        SnapshotQuery,
        RunQuery,
        RestoreQuery,
        DriftQuery,
        ReadinessQuery,
        DrillQuery,
    ),
)
Mutation = merge_types(
    "Mutation", (ApplicationMutation, SnapshotMutation, RunMutation, DrillMutation)
)


def _is_internal(error: GraphQLError) -> bool:
    """Mask everything but errors a user can act on, so no stack detail leaks."""
    original = error.original_error
    return original is not None and not isinstance(original, (CairnError, GraphQLError))


class CairnSchema(strawberry.Schema):
    """Server logs carry internal errors with their traceback; a caller's own mistakes
    (syntax, validation, limits, a CairnError) are answered, and logged as one line."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        internal = [error for error in errors if _is_internal(error)]
        for error in errors:
            if error not in internal:
                log.info("GraphQL error for the caller: %s", error.message)
        super().process_errors(internal, execution_context)


schema = CairnSchema(
    query=Query,
    mutation=Mutation,
    # Factories, not instances: an extension keeps the request it is serving, so one
    # shared instance lets concurrent requests see (and mask) each other's results.
    extensions=[
        lambda: AddValidationRules(LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=_is_internal),
        lambda: ParserCache(maxsize=QUERY_CACHE_SIZE),
        lambda: ValidationCache(maxsize=QUERY_CACHE_SIZE),
    ],
)
