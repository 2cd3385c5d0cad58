"""The error root of the whole product.

Every error Consent Studio raises on purpose derives from :class:`ConsentError` — the
consent core's errors here, and the creator package's (``creator.errors``) too. Each class
carries two facts its callers need, so no front end keeps its own table of classes:

- ``exit_code``: what the CLI exits with (1 = denied or a failed check, 2 = bad input or
  usage, 3 = the database was busy: nothing changed, try again);
- ``title``: a short heading a person reads ("Consent denied", "Check your input").

The message itself is one sentence that says what was found and what was expected; it
never names a class. :func:`describe` turns any exception (ours or not) into the
(title, message, exit code) a front end shows.
"""

from __future__ import annotations

__all__ = [
    "one_line",
    "ConsentError", "DatabaseLocked",
    "ConsentDenied",
    "RecordInvalid",
    "SignatureInvalid",
    "RegistryError",
    "JobCancelRequested",
    "JobEnded",
    "NotFound",
    "AuditChainBroken",
    "LikenessError",
    "NameCheckFailed",
    "ImageInvalid",
    "UserFacing",
    "describe",
]


class ConsentError(Exception):
    """Root of every error Consent Studio raises (the consent core and the creator package)."""

    exit_code: int = 1
    title: str = "Something went wrong"


class RecordInvalid(ConsentError, ValueError):
    """A record (subject, grant, evidence, revocation) or an operator's input failed validation."""

    exit_code = 2
    title = "Check your input"


class SignatureInvalid(ConsentError):
    """A signature did not verify, or a key was malformed or of the wrong kind."""

    title = "Signature problem"


class RegistryError(ConsentError):
    """Storage failed (database locked, schema too new, corrupt row, ...)."""

    title = "Registry problem"


class DatabaseLocked(RegistryError):
    """Another writer held the database longer than the busy timeout: nothing was changed; try again.

    Its own exit code (3), so that a script tells "try again" from a denial or a failed check (a
    self-hosting admin's walkthrough, session 66: both exited 1)."""

    title = "Database busy"
    exit_code = 3


class NotFound(RegistryError, KeyError):
    """A subject, grant, key or adapter id is not in the registry."""

    title = "Not found"

    def __str__(self) -> str:  # KeyError quotes its message; keep it plain
        return str(self.args[0]) if self.args else "not found"


class JobCancelRequested(RegistryError):
    """A queued job's signed log holds a cancel request: the job must not start
    (:meth:`consent.registry.Registry.admit_job`; the job service ends it cancelled)."""

    title = "Cancelled"


class JobEnded(RegistryError):
    """The signed log already holds the end (``job_finished``) of the job a run is recording outputs
    for: they are not recorded nor published (a ``generation`` entry after the job's end would
    contradict it; :meth:`consent.registry.Registry.record_generation`)."""

    title = "Job already ended"


class AuditChainBroken(ConsentError):
    """The audit hash chain does not verify; ``position`` is the first broken entry."""

    title = "Audit log broken"

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


class LikenessError(ConsentError):
    """Face detection / enrollment / name matching could not run or refused an input."""

    title = "Face check refused the photo"


class NameCheckFailed(LikenessError):
    """The name check hit an internal error on a prompt. The request is refused (nothing is
    generated) and the failure audited; ``detail`` holds the internal error for operators
    (the audit log and the server log), the message only what the maker can act on."""

    title = "Name check failed"

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


class ImageInvalid(ConsentError, ValueError):
    """An input image was refused before any model saw it: unreadable, truncated, too
    large (bytes or pixels), of a format that is not accepted, or animated. The message
    names the field (``source``, ``mask``, ``references[0]``, ``photo[2]``)."""

    exit_code = 2
    title = "Check your image"


class ConsentDenied(ConsentError):
    """A decision did not allow the request. ``decision`` holds every finding."""

    title = "Consent denied"

    def __init__(self, message: str, decision: object | None = None):
        super().__init__(message)
        self.decision = decision


class UserFacing:
    """What a front end shows for one error: a title, one sentence, an exit code.

    ``expected`` is True for errors a user can cause and fix (bad input, a denial, a
    missing permission): the server logs them as one line, never as a traceback.
    """

    __slots__ = ("title", "message", "exit_code", "expected")

    def __init__(self, title: str, message: str, exit_code: int, expected: bool):
        self.title, self.message, self.exit_code, self.expected = title, message, exit_code, expected

    def __repr__(self) -> str:
        return f"UserFacing({self.title!r}, {self.message!r}, exit_code={self.exit_code}, expected={self.expected})"


def one_line(text: str) -> str:
    """``text`` as one line a terminal shows as written: runs of whitespace (newlines, U+2028…)
    become one space, and any other control or bidi-format character its ``\\x``/``\\u`` escape.
    Messages quote what users typed and what the registry holds (a subject id sent with a
    newline printed a second line reading ``OK: …`` under ``DENIED``; an ESC in a stored name
    would reach the terminal)."""
    joined = " ".join(str(text).split())
    return escaped(joined, keep=" ") or "no details"


def escaped(text: str, keep: str = "") -> str:
    """``text`` with every control or bidi-format character (printable ones and ``keep`` aside) as
    its ``\\x``/``\\u``/``\\U`` escape."""
    if all(ch.isprintable() or ch in keep for ch in text):
        return text
    return "".join(ch if ch.isprintable() or ch in keep else
                   (ch.encode("unicode_escape").decode("ascii") if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
                   for ch in text)


def describe(error: BaseException) -> UserFacing:
    """The title, sentence and exit code a person sees for ``error``.

    Our errors carry their own; a few library errors a user can cause are phrased here
    (a file that cannot be read, invalid settings). Anything else is an internal error:
    the sentence says so without the class name, and ``expected`` is False so the caller
    logs the traceback.
    """
    if isinstance(error, ConsentError):
        return UserFacing(error.title, one_line(str(error)), error.exit_code, True)
    if isinstance(error, (FileNotFoundError, IsADirectoryError, PermissionError)):
        name = getattr(error, "filename", None)
        what = error.strerror or "cannot be read"
        return UserFacing("File problem", one_line(f"{name}: {what}" if name else what), 2, True)
    if isinstance(error, OSError):
        name = getattr(error, "filename", None)
        what = error.strerror or str(error)
        return UserFacing("File problem", one_line(f"{name}: {what}" if name else what), 2, True)
    try:  # settings from env / a settings file (pydantic), without importing pydantic eagerly
        from pydantic import ValidationError
    except ImportError:  # pragma: no cover - pydantic is a dependency
        ValidationError = ()  # type: ignore[assignment]
    if ValidationError and isinstance(error, ValidationError):
        errs = "; ".join(f"{'.'.join(map(str, x['loc'])) or 'value'}: {x['msg']} (got {x.get('input')!r})"
                         for x in error.errors())
        return UserFacing("Invalid settings", one_line(f"invalid settings: {errs}"), 2, True)
    return UserFacing("Internal error", "the studio hit an internal error; the server log has the details", 1, False)
