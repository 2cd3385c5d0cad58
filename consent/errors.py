"""Error roots of the consent package.

Every error the consent package raises derives from :class:`ConsentError`, so the UI and
the CLI can turn any of them into a one-line message. Messages say what was found and what
was expected.
"""

from __future__ import annotations

__all__ = [
    "ConsentError",
    "ConsentDenied",
    "RecordInvalid",
    "SignatureInvalid",
    "RegistryError",
    "NotFound",
    "AuditChainBroken",
    "LikenessError",
    "ImageInvalid",
]


class ConsentError(Exception):
    """Root of every error raised by :mod:`consent`."""


class RecordInvalid(ConsentError, ValueError):
    """A record (subject, grant, evidence, revocation) failed validation."""


class SignatureInvalid(ConsentError):
    """A signature did not verify, or a key was malformed or of the wrong kind."""


class RegistryError(ConsentError):
    """Storage failed (database locked, schema too new, corrupt row, ...)."""


class NotFound(RegistryError, KeyError):
    """A subject, grant, key or adapter id is not in the registry."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it plain
        return str(self.args[0]) if self.args else "not found"


class AuditChainBroken(ConsentError):
    """The audit hash chain does not verify; ``position`` is the first broken entry."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


class LikenessError(ConsentError):
    """Face detection / enrollment / name matching could not run or refused an input."""


class ImageInvalid(ConsentError, ValueError):
    """An input image was refused before any model saw it: unreadable, truncated, too
    large (bytes or pixels), of a format that is not accepted, or animated. The message
    names the field (``source``, ``mask``, ``references[0]``, ``photo[2]``)."""


class ConsentDenied(ConsentError):
    """A decision did not allow the request. ``decision`` holds every finding."""

    def __init__(self, message: str, decision: object | None = None):
        super().__init__(message)
        self.decision = decision
