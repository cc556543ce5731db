"""Who may call what: mutations, and reads that reach beyond the catalog, need an operator."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.permission import BasePermission
from strawberry.types import Info

from catalog.api.context import Context


class OperatorOnly(BasePermission):
    message = "this mutation needs a token with the operator role"
    # Unannotated: BasePermission declares it an instance attribute, a ClassVar clashes.
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Info[Context, None], **kwargs: Any) -> bool:
        if info.context.role.may_mutate():
            return True
        info.context.response.status_code = 403
        return False


class ReadsAsTheServer(OperatorOnly):
    """Reading a state file on the server's disk, or an S3 object with the server's AWS
    credentials, reaches beyond the catalog: an operator's right, not a reader's."""

    message = "drift reads the state as the server does: it needs a token with the operator role"


def operator(description: str | None = None) -> Any:
    """A mutation field only operators may call."""
    return strawberry.field(permission_classes=[OperatorOnly], description=description)
