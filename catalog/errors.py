"""Errors a user can act on. The CLI prints their message as one line, no traceback."""


class CairnError(Exception):
    """Base class for errors caused by input or environment, not by a bug."""


class InvalidObservation(CairnError):
    """An observation that cannot be stored (missing uid, non-JSON properties...)."""


class InvalidTime(CairnError):
    """A TIME argument that is not ISO 8601."""


class StoreUnavailable(CairnError):
    """Neo4j cannot be reached or refused the credentials."""


class NotFound(CairnError):
    """A resource, run or other record that does not exist."""
