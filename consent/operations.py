"""Consent operations: THE one place where people, faces, adapters and grants change.

The CLI, the web studio and the test scaffolding all call :class:`Operations`; nothing else
builds or signs grants, enrolls faces, hashes adapter files or works out a grant's status.
Each method takes plain values (text, paths or bytes, key objects), validates them with the
records' own rules (and refuses text holding control or format characters, or too long:
:func:`refuse_bad_text`), and writes through the :class:`~consent.registry.Registry` — which
audits every change in the same transaction.

Errors are :class:`~consent.errors.ConsentError` children whose message names the field,
what was found and what was expected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from consent.errors import ConsentError, NotFound, RecordInvalid, SignatureInvalid
from consent.input_files import open_regular_file, read_regular_file
from consent.model_files import PICKLE_SUFFIXES, ModelDigest, model_digest
from consent.records import MAX_TEXT_CHARS, refuse_bad_text
from consent.records import (
    AdapterKind,
    ConsentGrant,
    made_since,
    GrantStatus,
    MIN_YEAR,
    Revocation,
    SignedGrant,
    SignerRole,
    StoredGrant,
    Subject,
    SubjectKind,
    format_time,
    new_grant_id,
)
from consent.signing import MAX_KEY_FILE_BYTES, add_signature, key_id, public_key_from_pem

#: A decision's id as the studio draws it (``str(uuid.uuid4())``: lower-case hex, 8-4-4-4-12).
_DECISION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

__all__ = [
    "Operations",
    "GrantView",
    "RequestDecision",
    "EnrolledTemplate",
    "parse_time",
    "sha256_file",
    "evidence_from_file",
    "evidence_from_spec",
    "public_key_of",
    "model_digest",
    "ModelDigest",
    "PICKLE_SUFFIXES",
]

#: (refuse_bad_text and its limits live in consent.records since session 63, which consent.drafts
#: reads too without importing this module; they are imported here as before)
MAX_DESCRIPTION_CHARS = 20000
#: Most names a subject may be known by besides her display name. Each alias is checked against the
#: famous people's names when it is given, and matched in every prompt: 100 aliases took 3.9 s to
#: check (session 58); no real person is known by more than a few dozen spellings
MAX_ALIASES = 50


def yes_no(what: str, value: Any, *, unchanged_ok: bool = False) -> None:
    """Refuse a yes/no argument ``what`` that is not True or False (or None with ``unchanged_ok``:
    leave it as it is). ``bool("false")`` is True: a script fed from JSON, YAML or the environment
    that passed "false" or "no" confirmed a famous name, approved a request or marked an adult a
    minor (red team of session 59), as the studio's text checkboxes did before (session 58)."""
    if isinstance(value, bool) or (unchanged_ok and value is None):
        return
    raise RecordInvalid(f"{what} is {value!r}; expected True or False" + (" (or None: unchanged)" if unchanged_ok else ""))


def _refuse_many_aliases(subject_id: str, aliases: Sequence[str]) -> None:
    """Refuse more than :data:`MAX_ALIASES` aliases for one subject, with the count."""
    if len(aliases) > MAX_ALIASES:
        raise RecordInvalid(f"subject {subject_id!r} would have {len(aliases)} aliases; expected at most {MAX_ALIASES} "
                            "(the names she is really known by: each is matched in every prompt)")


def _refuse_bad_grant_text(grant: ConsentGrant) -> None:
    """:func:`refuse_bad_text` over a grant's text fields (issued here, drafted or imported)."""
    for fld in ("grantee", "project", "compensation_ref"):
        refuse_bad_text(f"grant {fld}", getattr(grant, fld))
    refuse_bad_text("grant description", grant.description, multiline=True, limit=MAX_DESCRIPTION_CHARS)
    for ev in grant.evidence:
        refuse_bad_text("grant evidence uri", ev.uri, limit=MAX_TEXT_CHARS)
        refuse_bad_text("grant evidence filename", ev.filename, limit=MAX_TEXT_CHARS)  # a file name may be 255 bytes


#: Largest file the operations hash (adapters, evidence): 8 GiB; key files: signing.MAX_KEY_FILE_BYTES.
MAX_HASHED_BYTES = 8 << 30


def _now() -> datetime:
    return datetime.now(timezone.utc)


#: (red team of session 59) a deceased person has one representative, her estate, who signs for her:
#: marked a minor too she would need a guardian's signature no one can give, and every grant stopped
_DECEASED_MINOR = ("a deceased person is not marked a minor: her estate signs for her (a guardian's signature could "
                   "never be given, and every grant would be refused)")
#: (red team of session 58) the subject rules refuse a guardian's grant for anyone not a minor
_GUARDIAN_FOR_ADULT = ("a guardian represents a minor: mark the subject a minor (--minor), or give the person who acts "
                       "for this adult as an agent")


def quoted(text: object) -> str:
    """``text`` as one line between “ and ”, its own “ and ” escaped (``\\u201c``/``\\u201d``), so a
    quoted value a user typed cannot close the quotes and go on as the line's own words."""
    from consent.errors import one_line

    return "“" + one_line(text).replace("“", "\\u201c").replace("”", "\\u201d") + "”"


@dataclass(frozen=True)
class RequestDecision:
    """The decision a creator's request names, as the signed audit log recorded it: what an
    operator reads beside the request to tell which image or check the creator means.

    ``found``: the log holds that decision; ``theirs``: it was made for the request's maker (its
    entry's actor). ``asked`` is the prompt, shortened, where the job that ran the request kept
    it (a Check consent keeps no prompt: the log holds the request's digest only); ``wants`` its
    purpose, operation, project and territory; ``denied_by`` the first rule that failed, as
    operators read it (``check: message``), None when it was allowed."""

    decision_id: str
    found: bool
    theirs: bool = False
    decided_at: str | None = None
    allowed: bool | None = None
    asked: str | None = None
    wants: str | None = None
    denied_by: str | None = None
    #: why the decision (``found`` False) or its job's prompt (``asked`` None) could not be read:
    #: a row or entry not as the signed log says, or a job row missing; None when nothing failed
    problem: str | None = None

    #: the longest prompt and rule message shown in full; longer ones are cut with "…"
    PROMPT_CHARS = 80
    RULE_CHARS = 160

    def line(self) -> str:
        """One line for a queue: id, when, the outcome (the rule that denied), what was asked."""
        from consent.errors import one_line

        if not self.found:
            return (f"decision {self.decision_id}: cannot be read: {one_line(self.problem)}" if self.problem
                    else f"decision {self.decision_id}: not in the audit log")
        if not self.theirs:
            return f"decision {self.decision_id}: not a decision made for this requester"
        when = (self.decided_at or "")[:16].replace("T", " ")
        asked = (quoted(self.asked) if self.asked is not None
                 else f"prompt not shown: {one_line(self.problem)}" if self.problem else "prompt not kept (a Check consent)")
        outcome = f"denied by {one_line(self.denied_by)}" if self.denied_by else ("allowed" if self.allowed else "denied")
        # the outcome first: what a creator typed (the prompt, the project) comes after it, quoted
        # with its own quote marks escaped, so it cannot read as a second outcome (red team of
        # session 56, F4: a project "Lumen” · US; allowed · “x" did)
        return f"decision {self.decision_id} at {when} UTC: {outcome}; asked {asked}; {self.wants}"

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _cut(text: str, n: int) -> str:
    """``text`` on one line, at most ``n`` characters: a longer one cut at a word, with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > n // 2 else cut).rstrip(" ,;:") + "…"


# --------------------------------------------------------------------------- small helpers
def sha256_file(path: str | Path, *, what: str = "file", max_bytes: int = MAX_HASHED_BYTES) -> str:
    """sha256 hex of a regular file, read in 1 MiB chunks (the one file digest of the product)."""
    p = Path(path)
    h, total = hashlib.sha256(), 0
    try:
        with open_regular_file(p, f"{what} {p.name or p}", max_bytes) as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                total += len(chunk)
                if total > max_bytes:
                    raise RecordInvalid(f"{what} {p.name} grew past {max_bytes} bytes while it was read; the limit is "
                                        f"{max_bytes} bytes")
                h.update(chunk)
    except OSError as e:
        raise RecordInvalid(f"{what} {p.name or p}: cannot be read ({e.strerror or e})") from None
    return h.hexdigest()


def parse_time(value: str | datetime | date | None, field: str, *, default: datetime | None = None) -> datetime:
    """A UTC instant from text or a datetime.

    Accepts RFC 3339 (``2026-01-31T12:00:00Z``, an offset), a bare date (midnight UTC) and
    an aware datetime. A time without a zone is ambiguous and refused. Blank: ``default``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is not None:
            return default
        raise RecordInvalid(f"`{field}` is required; expected a UTC date or time such as 2026-01-31 or 2026-01-31T12:00:00Z")
    if isinstance(value, datetime):
        t = value
    elif isinstance(value, date):
        t = datetime.combine(value, time(0), tzinfo=timezone.utc)
    elif isinstance(value, str):
        raw = value.strip()
        try:
            if len(raw) == 10:
                t = datetime.combine(date.fromisoformat(raw), time(0), tzinfo=timezone.utc)
            else:
                t = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise RecordInvalid(f"`{field}` is {raw!r}; expected an ISO 8601 date or time such as 2026-01-31 or "
                                "2026-01-31T12:00:00Z") from None
    else:
        raise RecordInvalid(f"`{field}` is a {type(value).__name__}; expected a date or time")
    if t.tzinfo is None or t.utcoffset() is None:
        raise RecordInvalid(f"`{field}` is {t.isoformat()} without a timezone; expected UTC, e.g. {t.isoformat()}Z")
    try:
        t = t.astimezone(timezone.utc)
    except OverflowError:  # 9999-12-31T23:59:59-12:00 is past the last instant a datetime holds (and
        # 0001-01-01T00:00:00+14:00 before the first: the red team of session 57 read "past year 9999")
        where = f"before {MIN_YEAR}" if t.year < MIN_YEAR else "past year 9999"
        raise RecordInvalid(f"`{field}` is {t.isoformat()}, {where} in UTC; expected a date such as 2026-01-31 "
                            "(a typo?)") from None
    if t.year < MIN_YEAR:
        raise RecordInvalid(f"`{field}` is {format_time(t)}, before {MIN_YEAR}; expected a date such as 2026-01-31 (a typo?)")
    return t


def evidence_from_file(kind: str, path: str | Path) -> dict[str, str]:
    """An evidence entry for a file: its kind, sha256 and file name (the file is not kept)."""
    p = Path(path)
    return {"kind": kind, "sha256": sha256_file(p, what="evidence file"), "filename": p.name}


def evidence_from_spec(spec: str) -> dict[str, str]:
    """``KIND:FILE`` or ``KIND:SHA256`` (the CLI's ``--evidence``) as an evidence entry."""
    kind, sep, rest = spec.partition(":")
    if not sep or not rest:
        raise RecordInvalid(f"evidence {spec!r}; expected KIND:FILE or KIND:SHA256 (e.g. signed_release:release.pdf)")
    if Path(rest).is_file():
        return evidence_from_file(kind, rest)
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", rest):
        # a mistyped file name read as a malformed digest (red team of session 57)
        raise RecordInvalid(f"evidence {spec!r}: '{rest}' is no file here and no sha256 (64 hex digits); expected "
                            "KIND:FILE with a file that exists, or KIND:SHA256")
    return {"kind": kind, "sha256": rest.lower()}


def public_key_of(value: Any, what: str = "public key") -> Ed25519PublicKey:
    """An Ed25519 public key from a key object, PEM text/bytes, or a PEM file path.

    A *private* key is refused: the studio stores public keys only, and a private key sent
    to it has leaked.
    """
    if isinstance(value, Ed25519PublicKey):
        return value
    if isinstance(value, Ed25519PrivateKey):
        return value.public_key()
    name = what
    if isinstance(value, Path) or (isinstance(value, str) and "-----BEGIN" not in value):
        p = Path(value)
        name = f"{what} file {p.name}"
        try:
            data = read_regular_file(p, name, MAX_KEY_FILE_BYTES)
        except OSError as e:
            raise RecordInvalid(f"{name}: cannot be read ({e.strerror or e})") from None
    elif isinstance(value, (str, bytes)):
        data = value.encode("ascii", "replace") if isinstance(value, str) else value
    else:
        raise RecordInvalid(f"{what} is a {type(value).__name__}; expected an Ed25519 public key PEM")
    if b"PRIVATE KEY" in data:
        raise RecordInvalid(f"{name} holds a PRIVATE key; upload the public key (.pub.pem) instead")
    try:
        data.decode("ascii")
    except UnicodeDecodeError:
        raise RecordInvalid(f"{name} is not a PEM text file; expected an Ed25519 public key PEM") from None
    return public_key_from_pem(data, source=name)


_MODEL_NAME_RE = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"


def _resolved(path: str | Path, what: str) -> Path:
    """``path`` with ``~`` and every link resolved; a link loop (or a path that cannot be
    resolved) is a :class:`RecordInvalid` naming ``what`` (red team of session 57: a model path in
    a symlink loop raised RuntimeError, an internal error)."""
    p = Path(path).expanduser()
    try:
        return p.resolve()
    except (RuntimeError, OSError) as e:
        why = getattr(e, "strerror", None) or str(e).split(":")[0]
        raise RecordInvalid(f"{what} {str(p)!r} cannot be resolved ({why}); expected a file or folder, not a link "
                            "that leads back to itself") from None


#: The largest model_index.json read (a pipeline's is about 1 KB).
_MAX_MODEL_INDEX_BYTES = 1 << 20


def _pipeline_index(folder: Path, what: str, expected: str) -> None:
    """Refuse a diffusers pipeline ``folder`` (``what``: how the error names it) without a
    model_index.json that is a JSON object: the loaders read it first and fail on anything else."""
    import json

    index = folder / "model_index.json"
    if not index.is_file():
        raise RecordInvalid(f"{what} {folder.name!r} has no model_index.json; {expected}")
    try:
        doc = json.loads(read_regular_file(index, f"{what} {folder.name!r}: model_index.json",
                                           _MAX_MODEL_INDEX_BYTES).decode("utf-8"))
    except OSError as e:
        raise RecordInvalid(f"{what} {folder.name!r}: model_index.json cannot be read ({e.strerror or e}); "
                            f"{expected}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RecordInvalid(f"{what} {folder.name!r}: model_index.json is not valid JSON; {expected}") from None
    if not isinstance(doc, dict):
        raise RecordInvalid(f"{what} {folder.name!r}: model_index.json holds a {type(doc).__name__}, not a JSON "
                            f"object; {expected}")


# --------------------------------------------------------------------------- value types
@dataclass(frozen=True)
class EnrolledTemplate:
    """One stored face template and where it came from."""

    template_id: int
    photo: str
    photo_sha256: str
    face_size: int
    quality: float
    model: str
    #: the photo's grey template (compared with monochrome faces only), ``None`` when it has none
    grey_template_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


#: add-grey: the cosine between a photo's face and the stored colour template of the same photo
#: (the same pixels through the same model: 1.0 up to float rounding)
_SAME_FACE = 0.999


def _name_key(name: str) -> str:
    """A name compared for sameness: case and runs of spaces ignored."""
    return " ".join(name.split()).casefold()


def _photo_name(p: Any, i: int) -> str:
    return p.name if isinstance(p, Path) else (Path(p).name if isinstance(p, str) else f"photo[{i}]")


@dataclass(frozen=True)
class GrantView:
    """A stored grant with its status at one moment (what lists and tables show)."""

    stored: StoredGrant
    status: GrantStatus
    message: str
    at: datetime
    #: why a grant in force (active, or its cap reached) allows nothing now, in words: the person
    #: opted out, the representative who signed it was replaced, a key that signed it was
    #: withdrawn, she was marked a minor (:func:`_why_stopped`); None while it allows what it says
    stopped: str | None = None
    #: the person the grant names has opted out (whatever the grant's own status)
    person_opted_out: bool = False

    @property
    def grant(self) -> ConsentGrant:
        return self.stored.grant

    @property
    def status_words(self) -> str:
        """Its status as lists show it: "active", or "active (allows nothing now)"."""
        return f"{self.status} (allows nothing now)" if self.stopped else str(self.status)

    @property
    def full_message(self) -> str:
        return f"{self.message}; it allows nothing now: {self.stopped}" if self.stopped else self.message

    @property
    def usage(self) -> str:
        cap = self.grant.usage_cap
        return f"{self.stored.usage}/{cap}" if cap else str(self.stored.usage)

    def to_dict(self) -> dict[str, Any]:
        sg = self.stored
        return {
            "grant": sg.grant.model_dump(mode="json"),
            "signatures": [{"key_id": s.key_id, "role": s.role.value} for s in sg.signatures],
            "sha256": sg.sha256,
            "usage": sg.usage,
            "status": self.status.value,
            "status_message": self.message,
            "stopped": self.stopped,
            "revocation": sg.revocation.model_dump(mode="json") if sg.revocation else None,
            "issued_at": format_time(sg.issued_at) if sg.issued_at else None,
        }


def _why_stopped(sg: StoredGrant, subject: Any, verifiers: Any) -> str | None:
    """Why a grant in force allows nothing now, in words a person reads (None: it allows what it
    says). The policy refuses such a grant at every request (its subject and trust checks)."""
    from consent.policy import trust_problems
    from consent.records import subject_rule_violations

    if subject is None:
        return "the person it names is no longer registered here"
    if subject.opt_out:
        return "the person has opted out of all generation"
    rules = subject_rule_violations(subject, sg.signed)
    if rules:
        return rules[0].message.split(": ", 1)[-1]
    if not trust_problems(sg.signed, subject, verifiers):
        return None
    rep = subject.representative
    for sig in sg.signed.signatures:
        role = sig.role.value
        if role == "self" and sig.key_id not in subject.key_ids:
            return "the key the person signed it with is no longer one of their keys on record"
        if role == "verifier" and sig.key_id not in verifiers:
            return "the verifier's key that signed it has been withdrawn"
        if role not in ("self", "verifier") and not (rep is not None and rep.role.value == role and rep.key_id == sig.key_id):
            return f"the {role} who signed it is no longer the {role} on record"
    return "its signatures are no longer trusted"


# --------------------------------------------------------------------------- the service
class Operations:
    """Every change to the consent registry, in one place. ``Operations(registry)``."""

    def __init__(self, registry: Any, *, clock=_now, persona_photo_check: Any = None, real_photo_check: Any = None,
                 scan_copy: Any = None) -> None:
        """``persona_photo_check(photo) -> None | reason``: proves a fictional persona's photo is
        synthetic (the creator package passes one that reads its C2PA manifest). Without it, no
        persona photo can be enrolled — fail closed. ``real_photo_check(photo) -> None | reason``:
        finds a real person's photo that says it is generated (a generator's manifest or XMP,
        the studio's watermark; the creator package passes one); without it, only what the
        consent package reads itself is checked. ``scan_copy``: given to enrollment's
        face scan (:data:`consent.likeness.ScanCopy`; the creator package passes one that takes
        the studio's own invisible watermark off, so that its noise is no roughened bar)."""
        self.registry = registry
        self._clock = clock
        self._persona_photo_check = persona_photo_check
        self._real_photo_check = real_photo_check
        self._scan_copy = scan_copy

    # ------------------------------------------------------------------ subjects
    def add_subject(
        self,
        subject_id: str,
        display_name: str,
        *,
        aliases: Sequence[str] = (),
        kind: str = SubjectKind.PERSON.value,
        minor: bool = False,
        opt_out: bool = False,
        representative_name: str | None = None,
        representative_role: str | None = None,
        keys: Iterable[Any] = (),
        representative_key: Any = None,
        famous_namesake: bool = False,
    ) -> Subject:
        """Register a person or persona. ``keys`` (public keys, PEM, or PEM files) sign their grants.

        Names are checked against the name matcher's knowledge of famous people
        (:meth:`_refuse_famous_names`): a fictional persona may not be named or aliased as one; a
        real person may be registered under her own famous display name, but an alias that is
        another famous person's name is refused unless ``famous_namesake`` (the operator says this
        person really is also known by it)."""
        yes_no("minor", minor)
        yes_no("opt_out", opt_out)
        yes_no("famous_namesake", famous_namesake)
        if minor and kind == SubjectKind.DECEASED_PERSON.value:
            raise RecordInvalid(_DECEASED_MINOR)
        rep_name = (representative_name or "").strip() or None
        aliases = [aliases] if isinstance(aliases, str) else aliases  # one alias, not its letters
        if bool(rep_name) != bool(representative_role):
            raise RecordInvalid("a representative needs both a name and a role (agent, estate or guardian); "
                                f"found name {rep_name!r} and role {representative_role!r}")
        if representative_key is not None and not rep_name:
            raise RecordInvalid("a representative key was given but no representative name and role; expected both")
        if representative_role == "guardian" and not minor:
            raise RecordInvalid(_GUARDIAN_FOR_ADULT)
        refuse_bad_text("display name", display_name)
        _refuse_many_aliases(subject_id, aliases)
        for a in aliases:
            refuse_bad_text("alias", a)
        refuse_bad_text("representative name", rep_name)
        subject = Subject.from_dict({
            "id": (subject_id or "").strip(),
            "display_name": (display_name or "").strip(),
            "aliases": [a.strip() for a in aliases if a and a.strip()],
            "kind": kind,
            "minor": minor,
            "opt_out": opt_out,
            "representative": {"name": rep_name, "role": representative_role} if rep_name else None,
        })
        if subject.kind is SubjectKind.FICTIONAL_PERSONA:
            self._refuse_famous_names(subject.kind, [subject.display_name, *subject.aliases], subject.display_name, False)
            self._refuse_real_peoples_names(subject.id, [subject.display_name, *subject.aliases])
        else:  # her own display name is hers to register (a celebrity with her consent); aliases are checked
            self._refuse_famous_names(subject.kind, subject.aliases, subject.display_name, famous_namesake)
            self._refuse_near_famous_display_name(subject.display_name, famous_namesake)
        pubs = [public_key_of(k, "subject public key") for k in keys]
        rk = public_key_of(representative_key, "representative public key") if representative_key is not None else None
        return self.registry.add_subject(subject, keys=pubs, representative_key=rk)

    def update_subject(self, subject_id: str, *, display_name: str | None = None,
                       aliases: Sequence[str] | None = None, minor: bool | None = None,
                       famous_namesake: bool = False, keys: Iterable[Any] = (),
                       representative_name: str | None = None, representative_role: str | None = None,
                       representative_key: Any = None, remove_representative: bool = False) -> Subject:
        """Change a subject's display name, aliases, minor flag or representative (id, ref and kind
        stay) and add signing ``keys`` (public keys, PEM, or PEM files): every key is read first,
        and the change is one transaction, so a refused key changes nothing.

        ``representative_name`` and ``representative_role`` (both or neither) replace the
        representative, with ``representative_key`` as her key; a key alone is the current
        representative's. A minor needs a guardian: marking a person a minor and naming her
        guardian is one change. ``remove_representative`` leaves her with none (a minor come of
        age, marked an adult in the same change; an agent let go); a minor keeps her guardian
        and a deceased person her estate (refused: each signs for her). What a change does to the
        subject's grants in force: :meth:`grants_refused_by_subject_rules`.

        A persona's names are all checked again; a real person's new display name and new aliases
        are (a rename or an alias makes her grants cover that name): a famous person's name is
        refused unless ``famous_namesake`` (never for a persona). See :meth:`add_subject`."""
        yes_no("minor", minor, unchanged_ok=True)
        yes_no("famous_namesake", famous_namesake)
        yes_no("remove_representative", remove_representative)
        if minor and self.registry.get_subject(subject_id).kind is SubjectKind.DECEASED_PERSON:
            raise RecordInvalid(_DECEASED_MINOR)
        if remove_representative:
            if (representative_name or "").strip() or representative_role or representative_key is not None:
                raise RecordInvalid("a representative is either removed or given, not both; expected no new "
                                    "representative name, role or key with --no-representative")
            cur = self.registry.get_subject(subject_id)
            if cur.kind is SubjectKind.DECEASED_PERSON:
                raise RecordInvalid(f"'{subject_id}' is deceased: her estate signs for her and is not removed; "
                                    "name the new executor instead (--representative-name … --representative-role estate)")
            if (minor if minor is not None else cur.minor):
                raise RecordInvalid(f"'{subject_id}' is a minor: her guardian signs for her and is not removed; mark her "
                                    "an adult in the same change (--not-minor) or name the new guardian instead")
        if display_name is not None:
            display_name = display_name.strip()
            refuse_bad_text("display name", display_name)
        if aliases is not None:
            aliases = [aliases] if isinstance(aliases, str) else aliases  # one alias, not its letters
            aliases = [a.strip() for a in aliases if a and a.strip()]
            _refuse_many_aliases(subject_id, aliases)
            for a in aliases:
                refuse_bad_text("alias", a)
        if display_name is not None or aliases is not None:
            old = self.registry.get_subject(subject_id)
            name = display_name if display_name is not None else old.display_name
            names = aliases if aliases is not None else list(old.aliases)
            if old.kind is SubjectKind.FICTIONAL_PERSONA:
                self._refuse_famous_names(old.kind, [name, *names], name, False)
                self._refuse_real_peoples_names(subject_id, [name, *names])
            else:
                had = {_name_key(n) for n in (old.display_name, *old.aliases)}
                new = [n for n in ([name] if _name_key(name) != _name_key(old.display_name) else []) + list(names)
                       if _name_key(n) not in had]
                self._refuse_famous_names(old.kind, new, None if new[:1] == [name] else name, famous_namesake)
        pubs = [public_key_of(k, "subject public key") for k in keys]
        rep_name = (representative_name or "").strip() or None
        if bool(rep_name) != bool(representative_role):
            raise RecordInvalid("a representative needs both a name and a role (agent, estate or guardian); "
                                f"found name {rep_name!r} and role {representative_role!r}")
        rep = None
        if rep_name:
            from consent.records import Representative

            refuse_bad_text("representative name", rep_name)
            rep = Representative(name=rep_name, role=representative_role)  # a role other than the three: refused
            if representative_role == "guardian" and not (minor if minor is not None
                                                          else self.registry.get_subject(subject_id).minor):
                raise RecordInvalid(_GUARDIAN_FOR_ADULT)
        rk = public_key_of(representative_key, "representative public key") if representative_key is not None else None
        return self.registry.update_subject(subject_id, display_name=display_name, aliases=aliases, minor=minor, keys=pubs,
                                            representative=rep, representative_key=rk,
                                            remove_representative=remove_representative)

    def grants_refused_by_subject_rules(self, subject_id: str) -> list[str]:
        """Why each of the subject's grants in force (not revoked, not expired) is refused by the
        rules about the subject as she is now registered (a minor: her guardian's signature; the
        deceased: the estate's; an adult: not her guardian's word) or by whose signatures are
        trusted now (a representative replaced: her grants), one line a grant; empty when none
        is. Shown after an edit: a person marked a minor keeps her grants, which stop allowing
        anything until her guardian signs (fail closed, and said)."""
        from consent.policy import trust_problems
        from consent.records import subject_rule_violations

        subject = self.registry.get_subject(subject_id)
        verifiers = self.registry.verifier_key_ids()
        now = self._clock()
        out = []
        for g in self.registry.list_grants(subject_id):
            if g.is_revoked(now) or now >= g.grant.valid_until:
                continue
            problems = [p.message for p in subject_rule_violations(subject, g.signed)] \
                or trust_problems(g.signed, subject, verifiers)
            if problems:
                out.append(f"grant {g.id} no longer allows anything: {problems[0]}")
        return out

    @staticmethod
    def _refuse_near_famous_display_name(name: str, namesake: bool) -> None:
        """A real person registered under a name one letter from a famous person's, word by word
        ("Scarlet Johansson"): her grants would cover prompts naming the famous person, since a
        registered name is matched with a typo in each word (red team of session 58). Refused
        unless ``namesake``. Her own famous name as it is read ("Scarlett Johansson", the
        celebrity herself) stays hers to register."""
        if namesake:
            return
        from consent.names import NameMatcher, famous_people_covered, famous_person_in_name

        matcher = NameMatcher()
        if famous_person_in_name(name, matcher) is not None:
            return
        near = famous_people_covered(name, matcher, whole=True)
        if near:
            raise RecordInvalid(
                f"display name {name!r} is one letter from a known real person's name ({', '.join(map(repr, near))}): "
                "prompts naming that person would run under this subject's grants. If this really is her name, say so "
                "explicitly: tick “Yes, also known by this famous name” in the studio, add --famous-namesake on the "
                "command line (famous_namesake=True in Python); the audit log records it")

    @staticmethod
    def _refuse_famous_names(kind: SubjectKind, names: Sequence[str], own_name: str | None, namesake: bool) -> None:
        """Refuse names the prompt name check reads as a known famous person (rule ``known-person``
        of :class:`consent.names.NameMatcher`), also written another way — comma order, a title,
        middle names or initials, an initial before a famous surname, Cyrillic or Greek letters,
        and (red team 36) the writings the prompt check denies as that person's: a misspelling
        ("Barak Obama"), katakana, the surname first ("Swift Taylor"), a word before a famous
        one-word name ("Young Obama", "Prez Obama"), a nickname run together ("JLo")
        (:func:`consent.names.famous_person_in_name`): a registered name or alias resolves to its subject
        before that rule sees it, so a famous name on a persona (which needs no grant) or on
        another person (whose grant then covers it) would switch the rule off for that name
        (red team 33). ``own_name``: the subject's display name, never refused for a real person;
        ``namesake``: an operator's statement that this real person is also known by the name."""
        if not names or (namesake and kind is not SubjectKind.FICTIONAL_PERSONA):
            return
        from consent.names import NameMatcher, famous_people_covered, famous_person_in_name

        matcher = NameMatcher()  # no subjects, no exceptions: what the knowledge alone reads
        for n in names:
            if own_name is not None and kind is not SubjectKind.FICTIONAL_PERSONA and _name_key(n) == _name_key(own_name):
                continue
            # the name as a prompt reads it, and its other spellings of the same person (red team 35):
            # "Swift, Taylor", "President Obama", "Barack H. Obama", "T-Swift", "Тейлор Свифт", and
            # (red team 36) "Barak Obama", "テイラー・スウィフト", "Swift Taylor", "Young Obama", "JLo";
            # (session 58) a registered name is matched with a typo in each word, so one a letter
            # from a famous name covers that person too ("Rhianna": Rihanna)
            famous = famous_person_in_name(n, matcher) or next(iter(famous_people_covered(n, matcher)), None)
            if famous is None:
                continue
            if kind is SubjectKind.FICTIONAL_PERSONA:
                raise RecordInvalid(f"name {n!r} is (or holds) the name of a known real person ({famous!r}); a fictional "
                                    "persona cannot carry it — prompts naming that person would resolve to the persona "
                                    "and need no one's consent. Pick an invented name")
            raise RecordInvalid(f"name {n!r} is (or holds) the name of a known real person ({famous!r}) and is not this "
                                "subject's own display name; as an alias or a new name it would make prompts naming that "
                                "person run under this subject's grants. If this person really is also known by this "
                                "famous name, say so explicitly: tick “Yes, also known by this famous name” in the studio, "
                                "add --famous-namesake on the command line (famous_namesake=True in Python); the audit "
                                "log records the name with the change")

    def _refuse_real_peoples_names(self, subject_id: str, names: Sequence[str]) -> None:
        """A persona cannot carry a name (or alias) a real person here is registered under: the
        operator who adds "Sam Rivera" as a persona beside the real Sam Rivera is told at once
        (the prompt check reads the name as both, so it needs her consent anyway: a fresh user's
        walkthrough, session 64, found it read as the persona alone)."""
        from consent.names import name_sound_key, normalize_name

        def key(n: str) -> tuple[str, ...]:  # as the prompt check reads a name: case, accents, marks; any order
            return tuple(sorted(normalize_name(n).split())) or (_name_key(n),)

        names = [n for n in names if n and n.strip()]
        keys = {key(n): n for n in names}
        # (red team s65 A) a persona's name holding a real person's whole name among its words:
        # "Dr Sam Rivera", "Sam Rivera Jr" (a prompt naming the persona names her letter for letter)
        words = {n: set(normalize_name(n).split()) for n in names}
        # in another script, by sound: "Сэм Ривера" is Sam Rivera (red team s64 F)
        sounds = {s[0]: (n, s[1]) for n in names if (s := name_sound_key(n)) is not None}
        if not keys:
            return
        for other in self.registry.list_subjects():
            if other.id == subject_id or other.kind is SubjectKind.FICTIONAL_PERSONA:
                continue
            for n in (other.display_name, *other.aliases):
                taken = keys.get(key(n))
                if taken is None and len(theirs := set(normalize_name(n).split())) >= 2:
                    taken = next((m for m, ws in words.items() if theirs <= ws), None)
                if taken is None and (s := name_sound_key(n)) is not None and s[0] in sounds \
                        and (s[1] or sounds[s[0]][1]):
                    taken = sounds[s[0]][0]
                if taken is not None:
                    raise RecordInvalid(f"name {taken!r} is registered for real person '{other.id}' "
                                        f"({other.display_name}); a fictional persona cannot carry it — prompts naming "
                                        "that person would need no one's consent. Pick an invented name")

    def delete_subject(self, subject_id: str) -> dict[str, int]:
        """Remove a subject who has no grants (templates, adapters and keys go too)."""
        return self.registry.delete_subject(subject_id)

    def merge_subjects(self, keep: str, remove: str, *, famous_namesake: bool = False) -> dict[str, Any]:
        """Fold subject ``remove`` (a duplicate) into ``keep`` in one audited transaction: face
        templates, adapters and keys move, ``remove``'s names become aliases, the stricter
        opt-out / minor flag wins, ``remove`` is deleted. A subject with grants (signed for that
        subject), drafts, passkeys or a representative is refused, with the reason.

        The names ``keep`` gains are checked as :meth:`update_subject` checks new aliases: a known
        famous person's name is refused (``remove``'s own famous display name too: as an alias of
        ``keep`` it would make prompts naming that person run under ``keep``'s grants) unless
        ``famous_namesake`` — never for a persona. The operator's word is in the ``subjects_merged``
        entry."""
        yes_no("famous_namesake", famous_namesake)
        k_id, r_id = (keep or "").strip(), (remove or "").strip()
        if k_id and r_id and k_id != r_id:  # the registry words the other refusals
            k, r = self.registry.get_subject(k_id), self.registry.get_subject(r_id)
            if SubjectKind.DECEASED_PERSON in (k.kind, r.kind) and (k.minor or r.minor):
                raise RecordInvalid(f"merging '{r_id}' into '{k_id}' would make a deceased person a minor: "
                                    + _DECEASED_MINOR)
            had = {_name_key(n) for n in (k.display_name, *k.aliases)}
            new = [n for n in (r.display_name, *r.aliases) if _name_key(n) not in had]
            _refuse_many_aliases(k_id, [*k.aliases, *new])
            if k.kind is SubjectKind.FICTIONAL_PERSONA or r.kind is SubjectKind.FICTIONAL_PERSONA:
                self._refuse_famous_names(SubjectKind.FICTIONAL_PERSONA, new, None, False)
            else:
                self._refuse_famous_names(k.kind, new, None, famous_namesake)
        moved = self.registry.merge_subjects(keep, remove, famous_namesake=famous_namesake)
        if moved.get("opt_out"):  # the stricter flag won: no link of hers asks any more (red team s67b)
            self._withdraw_drafts_of(keep, "the person is opted out of all generation (merged record); nothing is "
                                           "to be signed")
        return moved

    def merge_preview(self, keep: str, remove: str) -> str:
        """What merging ``remove`` into ``keep`` would do, in plain words (for the confirmation)."""
        keep, remove = (keep or "").strip(), (remove or "").strip()
        if not keep or not remove:
            return ""
        if keep == remove:
            return f"'{keep}' cannot be merged into itself; pick two different subjects."
        k, r = self.registry.get_subject(keep), self.registry.get_subject(remove)
        from consent.likeness import MODEL_NAME

        ids, _m = self.registry.face_templates(MODEL_NAME)
        faces = sum(1 for s in ids if s == remove)
        adapters = sum(1 for a in self.registry.list_adapters() if a.subject_id == remove)
        grants = [sg.id for sg in self.registry.list_grants() if sg.grant.subject_id == remove]
        if grants:
            return (f"'{remove}' has {len(grants)} grant(s): signed grants name their subject and cannot move, so it cannot "
                    f"be merged. Ask for new grants naming '{keep}', revoke the old ones and set '{remove}' opt-out.")
        flags = []
        had = {_name_key(n) for n in (k.display_name, *k.aliases)}
        persona = SubjectKind.FICTIONAL_PERSONA in (k.kind, r.kind)
        try:
            self._refuse_famous_names(SubjectKind.FICTIONAL_PERSONA if persona else k.kind,
                                      [n for n in (r.display_name, *r.aliases) if _name_key(n) not in had], None, False)
        except RecordInvalid:
            flags.append("a name it would gain is a known famous person's: refused" + (
                "" if persona else " unless you say this person really is also known by it (the “Yes, also known by "
                                   "this famous name” box, --famous-namesake)"))
        if r.opt_out and not k.opt_out:
            flags.append(f"'{keep}' becomes opt-out (the stricter flag wins)")
        if r.minor and not k.minor:
            flags.append(f"'{keep}' becomes a minor")
        return (f"Merging moves {faces} face template(s), {adapters} adapter(s) and {len(r.key_ids)} key(s) from "
                f"'{remove}' ({r.display_name}) to '{keep}' ({k.display_name}); '{r.display_name}' and its aliases "
                f"become aliases of '{keep}'" + (f"; {'; '.join(flags)}" if flags else "")
                + f". '{remove}' is then deleted. Recorded in the audit log.")

    def set_opt_out(self, subject_id: str, opt_out: bool = True, *, reason: str | None = None) -> Subject:
        """Set or clear a subject's "never generate me" flag. Lifting a person's opt-out (her
        likeness may then be generated again under her grants) needs ``reason``: her own word,
        where and when (kept in the signed entry); setting one takes a reason too, optionally."""
        if not isinstance(opt_out, bool):
            raise RecordInvalid(f"opt_out is {opt_out!r}; expected true (never generate) or false (lift the opt-out)")
        refuse_bad_text("opt-out reason", reason, multiline=True)
        subject = self.registry.set_opt_out(subject_id, opt_out, reason=reason)  # (lifting: the reason is checked there)
        if opt_out:
            self._withdraw_drafts_of(subject_id, "the person opted out of all generation; nothing is to be signed")
        return subject

    def _withdraw_drafts_of(self, subject_id: str, reason: str) -> None:
        """Withdraw ``subject_id``'s pending grant drafts (their links stop working; audited), after
        the opt-out that makes them pointless is recorded (an operator's walkthrough, session 67:
        the person who had just said never was still asked "do you agree…" by a live link). A
        draft that cannot be withdrawn stays; signing it allows nothing while she is opted out."""
        from consent.audit import current_actor
        from consent.drafts import Drafts

        drafts = Drafts(self)
        for d in drafts.list(subject_id=subject_id, status="pending"):
            try:
                drafts.withdraw(d.id, by=current_actor() or "studio", reason=reason)
            except ConsentError:  # another process withdrew or completed it meanwhile
                continue

    def add_subject_key(self, subject_id: str, public_key: Any) -> str:
        """Add a signing key of the subject (public key, PEM or PEM file); returns its key id."""
        return self.registry.add_public_key(subject_id, public_key_of(public_key, "subject public key"))

    def add_verifier_key(self, public_key: Any, name: str) -> str:
        """Register a verifier who may countersign grants; returns the key id."""
        refuse_bad_text("verifier name", name)
        return self.registry.add_verifier_key(public_key_of(public_key, "verifier public key"), name)

    def subjects_named(self, name: str, *, besides: str | None = None) -> list[Subject]:
        """The registered subjects (other than ``besides``) that ``name`` is the name of: one of
        their names (case and spacing aside), or read as one of them by the prompt check, as a
        whole (red team s67b: "Jane Doé", "Jаne Doe" with a Cyrillic а, "Jane Doe." and full-width
        letters were not namesakes here, yet the prompt check reads each as Jane)."""
        return [s for _n, s in self._named_by([name], besides)]

    def _named_by(self, names: Sequence[str], besides: str | None) -> list[tuple[str, Subject]]:
        """(name, subject) for each of ``names`` and each other subject it is the name of (one
        name matcher for all of them)."""
        others = [s for s in self.registry.list_subjects() if s.id != besides]
        by_id = {s.id: s for s in others}
        matcher = None
        out: list[tuple[str, Subject]] = []
        for name in names:
            key = " ".join((name or "").casefold().split())
            if not key:
                continue
            found = {s.id: s for s in others
                     if key in {" ".join(n.casefold().split()) for n in (s.display_name, *s.aliases)}}
            whole = " ".join(name.split())
            try:
                if matcher is None:
                    from consent.names import NameMatcher

                    matcher = NameMatcher(subjects=others)
                scan = matcher.find_all(whole)
            except ConsentError:
                scan = None
            for lk in scan.likenesses if scan is not None else ():
                left, right = (whole[:lk.span[0]], whole[lk.span[1]:]) if lk.span else (whole, "")
                # the whole name, give or take punctuation around it
                if lk.subject_id in by_id and not any(ch.isalnum() for ch in left + right):
                    found.setdefault(lk.subject_id, by_id[lk.subject_id])
            out += [(name, s) for s in found.values()]
        return out

    def namesakes(self, subject_id: str) -> list[tuple[str, str]]:
        """(name, other subject id) for each name of ``subject_id`` that another subject also goes
        by (or that the prompt check reads as another subject): a prompt with that name is then
        denied unless every one of them has consented (the name alone cannot tell them apart).
        The studio's subject forms and ``subject add/edit`` say so (an operator's walkthrough,
        session 67: a second "Maya Okafor" was saved without a word, and the actor's own prompts
        were then denied)."""
        s = self.registry.get_subject(subject_id)
        return [(n, o.id) for n, o in self._named_by(list(dict.fromkeys((s.display_name, *s.aliases))), s.id)]

    # ------------------------------------------------------------------ faces
    def duplicate_faces(self, subject_id: str) -> list[tuple[str, float]]:
        """Other subjects whose enrolled faces match ``subject_id``'s (similarity at or above the
        match threshold), best first: the same face enrolled for two people makes both ambiguous
        (every image with it is denied). Twins are a reason; a photo enrolled for the wrong
        person is the usual one. The studio's Enroll form and ``subjects enroll`` say so."""
        import numpy as np

        from consent.likeness import MATCH_THRESHOLD, MODEL_NAME

        ids, matrix = self.registry.face_templates(MODEL_NAME)
        mine = [i for i, s in enumerate(ids) if s == subject_id]
        others = [i for i, s in enumerate(ids) if s != subject_id]
        if not mine or not others:
            return []
        m = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        sims = m[mine] @ m[others].T
        best: dict[str, float] = {}
        for col, row in enumerate(others):
            s = float(sims[:, col].max())
            if s >= MATCH_THRESHOLD:
                best[ids[row]] = max(best.get(ids[row], -1.0), s)
        return sorted(best.items(), key=lambda kv: -kv[1])

    def enroll(self, subject_id: str, photos: Sequence[str | Path | bytes], *,
               same_face_ok: bool = False) -> list[EnrolledTemplate]:
        """Face templates of ``subject_id`` from ``photos`` (one sharp face each).

        Every photo is checked before anything is stored, and all templates are stored in
        ONE transaction: one refused photo stores nothing. A photo whose face is already
        enrolled for another subject is refused unless ``same_face_ok`` (the operator's word that
        two people share it, twins; or, before a merge, that the two subjects are one person):
        enrolled for two, the face is ambiguous and every image of it is denied, and a face
        template cannot be taken back (an operator's walkthrough, session 67: it was stored first
        and warned about after, and the consenting actor's images were denied from then on).
        """
        yes_no("same_face_ok", same_face_ok)
        from consent import likeness

        if not photos:
            raise RecordInvalid("no photos given; expected one or more photos with exactly one sharp face each")
        subject = self.registry.get_subject(subject_id)  # NotFound before any model is loaded
        persona = subject.kind is SubjectKind.FICTIONAL_PERSONA
        if persona:
            self._check_persona_photos(photos)
        elif self._real_photo_check is not None:
            self._check_real_photos(photos)
        templates = likeness.enroll(subject_id, list(photos), scan_copy=self._scan_copy)
        # one photo is one template: the same file given twice, or again later, stored two (red team
        # of session 57); nothing is stored when one is
        have = self.registry.template_photos(subject_id).get(likeness.MODEL_NAME, set())
        seen: dict[str, str] = {}
        for i, (p, t) in enumerate(zip(photos, templates)):
            name = _photo_name(p, i)
            if t.photo_sha256 in have:
                raise RecordInvalid(f"{name}: '{subject_id}' is already enrolled from this photo (sha256 "
                                    f"{t.photo_sha256[:12]}…); expected a photo not enrolled before")
            if t.photo_sha256 in seen:
                raise RecordInvalid(f"{name} is the same photo as {seen[t.photo_sha256]} (sha256 {t.photo_sha256[:12]}…); "
                                    "expected each photo once")
            seen[t.photo_sha256] = name
        if persona:
            self._refuse_real_lookalikes(subject_id, templates)
        since = self.registry.face_template_high_water()  # what the storing transaction checks again
        if not same_face_ok:
            self._refuse_same_face(subject_id, photos, templates)
        # each photo's grey template beside its colour one, in the same transaction and audited alike
        greys = [t.grey() for t in templates]
        ids = self.registry.add_face_templates(subject_id, templates + [g for g in greys if g is not None],
                                               synthetic=persona,  # the signed entries keep the proof
                                               # checked again where it is stored (two enrolments at once)
                                               unique_face=None if same_face_ok else (
                                                   likeness.MODEL_NAME, likeness.MATCH_THRESHOLD, since))
        grey_ids = iter(ids[len(templates):])
        return [
            EnrolledTemplate(tid, _photo_name(p, i), t.photo_sha256, t.face_size, t.quality, t.model,
                             next(grey_ids) if g is not None else None)
            for i, (tid, p, t, g) in enumerate(zip(ids, photos, templates, greys))
        ]

    def add_grey_templates(self, subject_id: str, photos: Sequence[str | Path | bytes]) -> list[EnrolledTemplate]:
        """Grey templates for a person enrolled before grey templates existed, from the same photos.

        Enrollment keeps no photo, so the operator gives the photos again. Each must be one the
        subject was enrolled from (its SHA-256 equals a stored colour template's, and its face is
        the one that template, checked against the signed log, holds) and pass
        enrollment's checks again; a photo that already has a grey template is skipped. Nothing
        else changes: the person's colour templates stay as they are. All or none.
        """
        from consent import likeness

        if not photos:
            raise RecordInvalid("no photos given; expected the photos this subject was enrolled from")
        self.registry.get_subject(subject_id)
        have = self.registry.template_photos(subject_id)
        colour, grey = have.get(likeness.MODEL_NAME, set()), have.get(likeness.GREY_MODEL_NAME, set())
        templates = likeness.enroll(subject_id, list(photos), scan_copy=self._scan_copy)
        problems = [f"{_photo_name(p, i)}: not a photo '{subject_id}' was enrolled from (sha256 {t.photo_sha256[:12]}…); "
                    "enroll it instead" for i, (p, t) in enumerate(zip(photos, templates)) if t.photo_sha256 not in colour]
        problems += [f"{_photo_name(p, i)}: shows no facial detail once grey, no grey template can be made"
                     for i, (p, t) in enumerate(zip(photos, templates)) if t.grey() is None]
        if not problems:
            # The photo digest is a column the signed log does not cover: the face must also be
            # the one a colour template of this subject holds (embeddings are checked against the log).
            import numpy as np

            ids, matrix = self.registry.face_templates(likeness.MODEL_NAME)
            mine = np.asarray(matrix, dtype=np.float32)[[i for i, sid in enumerate(ids) if sid == subject_id]] \
                if len(ids) else np.zeros((0, likeness.EMBEDDING_DIM), np.float32)
            problems += [f"{_photo_name(p, i)}: its face is not the one '{subject_id}''s enrolled templates hold; "
                         "enroll it instead" for i, (p, t) in enumerate(zip(photos, templates))
                         if not len(mine) or float(np.max(mine @ np.asarray(t.embedding, np.float32))) < _SAME_FACE]
        if problems:
            raise RecordInvalid("no grey templates added: " + "; ".join(problems))
        todo, seen = [], set(grey)
        for i, (p, t) in enumerate(zip(photos, templates)):
            if t.photo_sha256 not in seen:
                seen.add(t.photo_sha256)
                todo.append((_photo_name(p, i), t.grey()))
        if not todo:
            return []
        ids = self.registry.add_face_templates(subject_id, [g for _n, g in todo])
        return [EnrolledTemplate(tid, name, g.photo_sha256, g.face_size, g.quality, g.model, tid)
                for tid, (name, g) in zip(ids, todo)]

    def _check_persona_photos(self, photos: Sequence[Any]) -> None:
        """A persona is provably synthetic: each photo must carry a generator's verified manifest."""
        if self._persona_photo_check is None:
            raise RecordInvalid("a fictional persona's photos must prove they are synthetic (a verified C2PA manifest "
                                "of this studio or a trusted generator), and no checker is configured here")
        problems = []
        for i, p in enumerate(photos):
            why = self._persona_photo_check(p)
            if why:
                name = Path(p).name if isinstance(p, (str, Path)) else f"photo[{i}]"
                problems.append(f"{name}: {why}")
        if problems:
            raise RecordInvalid("a fictional persona can only be enrolled from synthetic images: " + "; ".join(problems))

    def _check_real_photos(self, photos: Sequence[Any]) -> None:
        """A real person is enrolled from photos, never from a picture that says it is generated."""
        problems = []
        for i, p in enumerate(photos):
            why = self._real_photo_check(p)
            if why:
                problems.append(f"{_photo_name(p, i)}: {why}")
        if problems:
            raise RecordInvalid("nothing enrolled: " + "; ".join(problems))

    def _refuse_same_face(self, subject_id: str, photos: Sequence[Any], templates: Sequence[Any]) -> None:
        """Refuse ``templates`` whose face is already enrolled for another subject (:meth:`enroll`)."""
        import numpy as np

        from consent import likeness

        ids, matrix = self.registry.face_templates(likeness.MODEL_NAME)
        keep = [i for i, sid in enumerate(ids) if sid != subject_id]
        if not keep:
            return
        index = likeness.FaceIndex.from_templates([ids[i] for i in keep], matrix[keep])
        for i, (sid, sim) in enumerate(index.search(np.stack([t.embedding for t in templates]))):
            if sid is not None and sim >= likeness.MATCH_THRESHOLD:
                raise RecordInvalid(
                    f"{_photo_name(photos[i], i)} shows the same face as '{sid}', already enrolled (similarity "
                    f"{sim:.2f}); nothing was enrolled. A face enrolled for two people is ambiguous: every image of "
                    f"it would be denied, and an enrolled face cannot be taken back. If these are photos of '{sid}', "
                    f"enroll them there (or merge the two subjects if they are one person); if two people really "
                    "share this face (twins), confirm it: tick “Yes, another subject has this face too” in the "
                    "studio, add --same-face on the command line (same_face_ok=True in Python)")

    def _refuse_real_lookalikes(self, subject_id: str, templates: Sequence[Any]) -> None:
        """A persona whose face matches an enrolled real person is that person, not a persona."""
        import numpy as np

        from consent import likeness

        ids, matrix = self.registry.face_templates(likeness.MODEL_NAME)
        if not ids:
            return
        real = {s.id for s in self.registry.list_subjects() if s.kind is not SubjectKind.FICTIONAL_PERSONA}
        keep = [i for i, sid in enumerate(ids) if sid in real and sid != subject_id]
        if not keep:
            return
        index = likeness.FaceIndex.from_templates([ids[i] for i in keep], matrix[keep])
        for t, (sid, sim) in zip(templates, index.search(np.stack([t.embedding for t in templates]))):
            if sid is not None and sim >= likeness.MATCH_THRESHOLD:
                raise RecordInvalid(f"this persona's face matches enrolled real person '{sid}' (similarity {sim:.2f}); "
                                    "a real person cannot be enrolled as a fictional persona")

    # ------------------------------------------------------------------ adapters
    def bind_adapter(self, subject_id: str, file: str | Path, kind: str, name: str | None = None):
        """Bind a LoRA / embedding file (by its sha256) to one subject.

        A fictional persona needs no grant, so an adapter bound to one is a likeness nobody
        consents to: it is refused unless the persona has proven it is synthetic — at least one
        enrolled photo, which enrollment took only as a trusted generator's verified output whose
        face matches no enrolled real person (:meth:`_check_persona_photos`,
        :meth:`_refuse_real_lookalikes`; red team 33)."""
        if kind not in [k.value for k in AdapterKind]:
            raise RecordInvalid(f"adapter kind is {kind!r}; expected one of {[k.value for k in AdapterKind]}")
        refuse_bad_text("adapter name", name)
        subject = self.registry.get_subject(subject_id)
        if subject.kind is SubjectKind.FICTIONAL_PERSONA and not self.registry.template_counts().get(subject.id):
            raise RecordInvalid(f"fictional persona '{subject.id}' has no enrolled photo, so nothing proves it is "
                                "synthetic; an adapter bound to it would carry whatever face it was trained on with no "
                                "grant. Enroll the persona from its synthetic images first (they must carry a verified "
                                "generator manifest), then bind the adapter")
        if subject.kind is SubjectKind.FICTIONAL_PERSONA and subject.id not in self.registry.proven_personas([subject.id]):
            raise RecordInvalid(f"fictional persona '{subject.id}' was enrolled from photos not checked to be synthetic "
                                "(enrolled before the studio kept that proof), so nothing proves it is synthetic, and its "
                                "face templates cannot be taken back; register the persona anew, enroll it again from its "
                                "synthetic images (they must carry a verified generator manifest), then bind the adapter")
        p = Path(file)
        digest = sha256_file(p, what="adapter file")
        return self.registry.register_adapter(digest, subject_id, (name or p.name), kind)

    # ------------------------------------------------------------------ grants
    def signer_role(self, subject: Subject, kid: str) -> str:
        """The role a key signs as for ``subject``: self, its representative's role, or verifier."""
        if kid in subject.key_ids:
            return SignerRole.SELF.value
        rep = subject.representative
        if rep is not None and rep.key_id == kid:
            return rep.role.value
        if kid in self.registry.verifier_key_ids():
            return SignerRole.VERIFIER.value
        raise SignatureInvalid(f"key {kid} is not registered for subject '{subject.id}' (keys {list(subject.key_ids)}"
                               f"{', representative ' + rep.key_id if rep is not None and rep.key_id else ''}) nor as a "
                               "verifier; expected a key registered for this subject")

    def build_grant(self, fields: Mapping[str, Any], signers: Sequence[Ed25519PrivateKey]) -> SignedGrant:
        """Validate ``fields`` as a :class:`ConsentGrant` and sign it with every key in ``signers``.

        Each key's role is looked up in the registry (subject → ``self``, representative →
        their role, registered verifier → ``verifier``); ``signer_role`` defaults to the role of
        the first non-verifier key. ``id`` defaults to a fresh id, ``valid_from`` to now;
        times may be text (RFC 3339 or a bare date, UTC) or aware datetimes.
        """
        if not signers:
            raise RecordInvalid("no signing key given; expected the private key of the subject (and of a guardian, "
                                "estate or agent where the subject needs one)")
        wrong = next((k for k in signers if not isinstance(k, Ed25519PrivateKey)), None)
        if wrong is not None:
            raise RecordInvalid(f"a signing key is a {type(wrong).__name__}; expected an Ed25519 private key (a grant is "
                                "signed with the private key; the public one is registered with the subject)")
        data = {k: v for k, v in dict(fields).items() if v is not None}
        data.setdefault("id", new_grant_id())
        data["valid_from"] = parse_time(data.get("valid_from"), "valid_from", default=self._clock())
        data["valid_until"] = parse_time(data.get("valid_until"), "valid_until")
        if not data.get("subject_id"):
            raise RecordInvalid("grant subject_id is missing; expected the id of the subject who consents")
        subject = self.registry.get_subject(str(data["subject_id"]))
        roles = [self.signer_role(subject, key_id(k)) for k in signers]
        if not data.get("signer_role"):
            # Who consents: the guardian for a minor, the estate for a deceased person (when
            # their key signs), else the first non-verifier signer.
            required = (SignerRole.GUARDIAN.value if subject.minor else
                        SignerRole.ESTATE.value if subject.kind is SubjectKind.DECEASED_PERSON else None)
            first = required if required in roles else next((r for r in roles if r != SignerRole.VERIFIER.value), None)
            if first is None:
                raise RecordInvalid("signer_role is missing and only verifier keys sign; expected the subject's "
                                    "or a representative's key as well")
            data["signer_role"] = first
        grant = ConsentGrant.from_dict(data)
        _refuse_bad_grant_text(grant)
        signed: ConsentGrant | SignedGrant = grant
        for k, role in zip(signers, roles):
            signed = add_signature(signed, k, role)
        assert isinstance(signed, SignedGrant)
        return signed

    def draft_terms(self, fields: Mapping[str, Any], signer_role: str) -> ConsentGrant:
        """Validate ``fields`` as an unsigned grant (the terms a person signs on the talent page,
        :mod:`consent.drafts`): ``id`` defaults to a fresh id, ``valid_from`` to now, ``signer_role``
        to ``signer_role``. It becomes a grant only through :meth:`import_grant`, fully signed."""
        data = {k: v for k, v in dict(fields).items() if v is not None}
        data.setdefault("id", new_grant_id())
        data["valid_from"] = parse_time(data.get("valid_from"), "valid_from", default=self._clock())
        data["valid_until"] = parse_time(data.get("valid_until"), "valid_until")
        data.setdefault("signer_role", signer_role)
        terms = ConsentGrant.from_dict(data)
        _refuse_bad_grant_text(terms)
        return terms

    def issue_grant(self, fields: Mapping[str, Any], signers: Sequence[Ed25519PrivateKey]) -> StoredGrant:
        """Build, sign (every key in ``signers``, co-signing) and store a grant; see :meth:`build_grant`."""
        return self.registry.issue_grant(self.build_grant(fields, signers))

    def import_grant(self, signed: SignedGrant | Mapping[str, Any] | str | bytes) -> StoredGrant:
        """Store a grant signed elsewhere (JSON envelope: grant + signatures); no private key is needed."""
        if not isinstance(signed, SignedGrant):
            from consent.input_files import parse_record_text
            from consent.records import parse_record

            if isinstance(signed, bytes | str):  # a field given twice is refused here too, as in a grant file
                text = signed.decode("utf-8", errors="replace") if isinstance(signed, bytes) else signed
                signed = parse_record_text(text, "JSON", "signed grant", "expected a grant and its signatures")
            signed = parse_record(SignedGrant, signed)
        _refuse_bad_grant_text(signed.grant)
        return self.registry.issue_grant(signed)

    def revoke_grant(self, grant_id: str, reason: str, by: str, at: str | datetime | None = None) -> Revocation:
        """Revoke now (or at ``at``); decisions from then on deny. ``reason`` is kept in the audit log."""
        grant_id = (grant_id or "").strip()
        if not grant_id:
            raise RecordInvalid("`grant id` is required; expected the id of the grant to revoke (e.g. g-1a2b3c4d5e6f)")
        if not (reason or "").strip():
            raise RecordInvalid("`reason` is required; say why the grant is withdrawn (it is kept in the audit log)")
        refuse_bad_text("revocation reason", reason, multiline=True)
        refuse_bad_text("revoked by", by)
        when = parse_time(at, "at") if at is not None else None
        return self.registry.revoke_grant(grant_id, reason.strip(), (by or "").strip() or "operator", when)

    def grant_view(self, grant_id: str, now: datetime | None = None) -> GrantView:
        return self._stops([self._view(self.registry.get_grant(grant_id), now or self._clock())])[0]

    def grant_views(self, subject_id: str | None = None, now: datetime | None = None, *,
                    newest: int | None = None) -> list[GrantView]:
        """Every grant (of one subject, or all) with its status now; ``newest``: the ``newest``
        most recently issued only, newest first."""
        now = now or self._clock()
        if subject_id:
            self.registry.get_subject(subject_id)
        return self._stops([self._view(sg, now)
                            for sg in self.registry.list_grants(subject_id=subject_id or None, newest=newest)])

    @staticmethod
    def _view(sg: StoredGrant, now: datetime) -> GrantView:
        return GrantView(sg, sg.status(now), sg.status_message(now), now)

    def _stops(self, views: list[GrantView]) -> list[GrantView]:
        """``views`` with :attr:`GrantView.stopped` set where a grant in force allows nothing now
        (a talent walkthrough, session 66: the person's page and `grant list` said "active" for a
        grant her replaced agent had signed, which the policy refuses)."""
        from dataclasses import replace

        ids = {v.grant.subject_id for v in views}
        if not ids:
            return views
        if len(ids) == 1:
            (only,) = ids
            try:
                subjects = {only: self.registry.get_subject(only)}
            except NotFound:
                subjects = {}
        else:
            subjects = {s.id: s for s in self.registry.list_subjects() if s.id in ids}
        verifiers = self.registry.verifier_key_ids()
        out = []
        for v in views:
            subject = subjects.get(v.grant.subject_id)
            why = _why_stopped(v.stored, subject, verifiers) if v.status.in_force else None
            opted = bool(subject is not None and subject.opt_out)
            out.append(replace(v, stopped=why, person_opted_out=opted) if why or opted else v)
        return out

    # ------------------------------------------------------------------ models
    def remove_model(self, name: str, reason: str):
        """Retire a registered model (:meth:`Registry.remove_model`); ``reason`` is kept in the log."""
        reason = (reason or "").strip()
        if len(reason) < 10:
            raise RecordInvalid("a reason of at least 10 characters is needed to retire a model (kept in the audit log)")
        refuse_bad_text("reason", reason)
        return self.registry.remove_model(name, reason)

    def register_model(self, name: str, path: str | Path, *, kind: str, licence: str, note: str = "",
                       allow_pickle: bool = False, config: str | Path | None = None):
        """Register a generator (diffusers folder, single-file checkpoint, GAN file) by digest.

        A single-file checkpoint (``kind="checkpoint"``) needs ``config``: a local diffusers
        pipeline folder of the same architecture, which its component configs and tokenizer are
        read from (never the Hugging Face cache); the digest covers the file and every file of
        that folder. ``config`` is refused for the other kinds. Pickle-based files (``.ckpt``,
        ``.bin``, TorchScript ``.pt``) run code when loaded: they are refused unless
        ``allow_pickle`` — an operator's explicit decision for this digest.
        """
        import re

        from consent.records import format_time
        from consent.registry import MODEL_KINDS, ModelRecord

        yes_no("allow_pickle", allow_pickle)  # (red team s59b: "false" registered a pickle-based model)
        name = (name or "").strip()
        if not re.match(_MODEL_NAME_RE, name):
            raise RecordInvalid(f"model name {name!r} has the wrong form; expected 1 to 128 letters, digits, '.', '_', "
                                "':' or '-', starting with a letter or digit (e.g. 'sd15-inpaint')")
        if kind not in MODEL_KINDS:
            raise RecordInvalid(f"model kind is {kind!r}; expected one of {list(MODEL_KINDS)}")
        refuse_bad_text("model licence", licence)
        refuse_bad_text("model note", note, multiline=True)
        if not (licence or "").strip():
            raise RecordInvalid("model licence is required (e.g. 'CreativeML OpenRAIL-M', 'MIT'); "
                                "say under which terms the weights may be used")
        if isinstance(config, str) and not config.strip():
            config = None
        if kind == "checkpoint" and config is None:
            raise RecordInvalid("a checkpoint model needs its pipeline configs: give --config DIR, a local diffusers "
                                "pipeline folder of the same architecture (model_index.json, unet/, vae/, text_encoder/, "
                                "tokenizer/, scheduler/ configs); its files are covered by the model's digest, and the "
                                "Hugging Face cache is never consulted")
        if kind != "checkpoint" and config is not None:
            raise RecordInvalid(f"--config is for a single-file checkpoint (--kind checkpoint) only; a {kind} model "
                                f"{'carries its own configs' if kind == 'diffusers' else 'has no pipeline configs'}")
        p = _resolved(path, "model path")
        c = _resolved(config, "config") if config is not None else None
        if c is not None and p.is_dir():
            raise RecordInvalid(f"a checkpoint model is one file; {p.name!r} is a folder (register a diffusers "
                                "folder with --kind diffusers)")
        if c is not None and not c.is_dir():
            raise RecordInvalid(f"config {c.name!r} is not a folder; expected a diffusers pipeline folder (with "
                                "model_index.json) of the same architecture as the checkpoint")
        if c is not None:
            _pipeline_index(c, "config folder", "expected a diffusers pipeline folder of the same architecture as the "
                                                "checkpoint (save_pretrained output)")
        if kind == "diffusers" and p.is_dir():
            # (red team of session 57) a parent folder or a typo registered, found out only when a
            # creator's generation failed to load it
            _pipeline_index(p, "diffusers folder", "expected a diffusers pipeline folder (save_pretrained output)")
        d = model_digest(p, c)
        if kind == "diffusers" and not p.is_dir():
            raise RecordInvalid(f"a diffusers model is a folder (with model_index.json); {p.name!r} is a file")
        if kind != "diffusers" and not p.is_file():
            raise RecordInvalid(f"a {kind} model is one file; {p.name!r} is a folder")
        if d.pickle_files and not allow_pickle:
            raise RecordInvalid(f"model {name!r} holds pickle-based files ({', '.join(d.pickle_files[:5])}), which run code "
                                "when loaded; prefer a safetensors export, or register it with --allow-pickle if you "
                                "trust this exact file set")
        return self.registry.register_model(ModelRecord(name, kind, str(p), d.sha256, licence.strip(), (note or "").strip(),
                                                        bool(allow_pickle), format_time(self._clock()),
                                                        str(c) if c is not None else None))

    # ------------------------------------------------------------------ requests from creators
    def file_request(self, kind: str, requested_by: str, subject: str, message: str, decision_id: str | None = None,
                     *, since: Any = None):
        """A denied creator asks the operators for a name exception or a grant (lands in their queue).
        ``since`` (a datetime): when the account filing it was created; its requests and decisions
        are those made since (an account given a removed creator's name is another account: the old
        one's pending requests do not count against it, nor may it cite the old one's decisions)."""
        import secrets as _secrets

        from consent.records import format_time
        from consent.registry import RequestRecord

        if kind not in ("exception", "grant"):
            raise RecordInvalid(f"request kind is {kind!r}; expected 'exception' (a name that is not a person) or 'grant'")
        # whitespace of any kind (a newline, NEL, U+2028) is one space in a name: stored so (red team
        # of session 56: a subject with NEL passed the check below and was stored raw)
        subject, message = " ".join((subject or "").split()), (message or "").strip()
        if not subject:
            raise RecordInvalid("`subject` is required; expected the name or subject id the request is about")
        if len(subject) > 200 or len(message) > 2000:
            raise RecordInvalid("a request's subject is at most 200 characters and its message at most 2000")
        if len(message) < 10:  # "is required" was said of a message given, too short (red team of session 57)
            found = f"is {len(message)} characters" if message else "is required"
            raise RecordInvalid(f"`message` {found}; say why in at least 10 characters (e.g. 'Van Gogh is named for "
                                "the painting style')")
        if not subject.isprintable():
            # a name or a subject id has no control or format character (ESC, a bidi override): such a
            # subject became an exception's name as written (red team 68)
            raise RecordInvalid("a request's subject holds a control or format character; expected a name as written")
        decision_id = (decision_id or "").strip() or None  # "": none (the page's field when nothing was denied)
        entry = None if decision_id is None else self._decision_entry(decision_id, requested_by)
        if decision_id is not None and (entry is None or (since is not None and made_since(entry.at, since) is not True)):
            # one refusal for a made-up id and another's decision: a creator learns nothing of
            # other people's decisions by trying ids
            from consent.errors import escaped

            raise RecordInvalid(f"decision '{escaped(decision_id[:64])}' is not a decision made for you ({requested_by}); "
                                "a request names only a decision you were given, or none")
        return self.registry.add_request(RequestRecord(
            "r-" + _secrets.token_hex(6), kind, requested_by, subject, message, decision_id, "pending", None,
            format_time(self._clock())), since=since)

    def _decision_entry(self, decision_id: str, requested_by: str | None = None):
        """The signed entry of decision ``decision_id`` (when ``requested_by`` is given: only if it
        was made for them, the actor the entry names: ``ui:NAME`` for the web studio and its jobs,
        ``cli:USER`` for the CLI, as a request's maker is named), else None."""
        if not decision_id or _DECISION_ID.fullmatch(decision_id) is None:
            # every decision id is a UUID (Studio draws one per decision): anything else is no
            # decision, refused before the log is read (red team of session 55: a subject id, a
            # user's name or a territory typed as the id read every entry mentioning it, and the
            # time that took told a creator who is registered)
            return None
        e = self.registry.decision_entry(decision_id)
        if e is None or (requested_by is not None and e.payload.get("actor") != requested_by):
            return None
        return e

    def request_decision(self, request) -> RequestDecision | None:
        """The decision request ``request`` (a RequestRecord) names, for an operator reading the
        queue (None: it names none). Read from the signed log; the prompt from the job that ran the
        request, when it was a job (held to its signed entries by :meth:`Registry.get_job`)."""
        from consent.errors import NotFound, RegistryError
        from consent.integrity import IntegrityFailure

        did = request.decision_id
        if not did:
            return None
        # What cannot be read is said of this request alone: one tampered row must not hide the
        # whole queue from the operators (red team of session 55)
        try:
            e = self._decision_entry(did)
        except IntegrityFailure as err:
            return RequestDecision(did, found=False, problem=str(err))
        if e is None:
            return RequestDecision(did, found=False)
        if e.payload.get("actor") != request.requested_by:
            return RequestDecision(did, found=True, theirs=False)
        d = e.payload["decision"]
        ctx = d.get("context") or {}
        asked = problem = None
        if e.payload.get("job_id"):
            job_id = e.payload["job_id"]
            try:
                asked = self.registry.get_job(job_id).settings.get("prompt")
            except NotFound:  # the signed entry names a job: its row was deleted, it was not a Check
                problem = f"the row of its job {job_id} is missing from the database"
            except (IntegrityFailure, RegistryError) as err:
                problem = f"the row of its job {job_id} cannot be read: {err}"
        failing = next((f for f in d.get("findings") or () if not f.get("passed")), None)
        wants = " · ".join(str(x) for x in (ctx.get("purpose"), ctx.get("operation"),
                                            f"project {quoted(ctx['project'])}" if ctx.get("project") else "no project",
                                            ctx.get("territory")) if x)
        return RequestDecision(
            did, found=True, theirs=True, decided_at=d.get("decided_at"), allowed=bool(d.get("allowed")),
            asked=_cut(asked, RequestDecision.PROMPT_CHARS) if asked is not None else None, wants=wants,
            denied_by=_cut(f"{failing.get('check')}: {failing.get('message')}", RequestDecision.RULE_CHARS) if failing else None,
            problem=problem)

    def answer_request(self, request_id: str, approve: bool, answer: str, by: str, *, famous_ok: bool = False):
        """Approve or decline a request. Approving an exception records the name exception itself;
        approving a grant request only answers it (a grant needs the person's own signature).

        The request is read as its signed ``request_filed`` entry says (:meth:`Registry.get_request`):
        a row rewritten or inserted behind the log is refused (IntegrityFailure, audited as a
        ``failure`` at stage ``request:integrity``), never approved for the name it holds now.
        An exception for a known real person's name needs ``famous_ok`` (:meth:`allow_name`)."""
        from consent.integrity import IntegrityFailure

        yes_no("approve", approve)
        yes_no("famous_ok", famous_ok)
        refuse_bad_text("answer", answer, multiline=True)  # the operator's own words (an approval's reason)
        try:
            rec = self.registry.get_request(request_id)
            exception = famous = None
            if approve and rec.kind == "exception":
                # validated here, recorded with the answer in one transaction (red team 68)
                exception = self._name_exception(rec.subject, answer or rec.message, by)
                famous = self.famous_exception(rec.subject, famous_ok)
            return self.registry.answer_request(request_id, "approved" if approve else "declined", (answer or "").strip(), by,
                                                name_exception=exception, famous_person=famous)
        except IntegrityFailure as e:
            try:
                self.registry.record_failure(None, "request:integrity", str(e), extra={"request_id": request_id, "by": by})
            except Exception:  # noqa: BLE001 - a broken registry may refuse the audit too; the refusal stands
                pass
            raise

    # ------------------------------------------------------------------ names
    def allow_name(self, name: str, reason: str, added_by: str, *, famous_ok: bool = False):
        """Record a name that is not a likeness (e.g. a painter named for a style).

        An exception lets every prompt name it with no grant, so a name the prompt check reads as a
        known real person ("Taylor Swift", "Van Gogh") is refused unless ``famous_ok``: the
        operator's word that it is meant as something else; the audit entry names the person."""
        yes_no("famous_ok", famous_ok)
        refuse_bad_text("name exception reason", reason, multiline=True)
        self._name_exception(name, reason, added_by)  # validated as an approved request's is
        famous = self.famous_exception(name, famous_ok)
        return self.registry.add_name_exception(name, reason, added_by, famous_person=famous)

    @staticmethod
    def famous_people_named(name: str) -> list[str]:
        """The known real people an exception for ``name`` would exempt: whom the prompt check
        reads ``name`` as (its knowledge alone: no subject, exception or watched name), and whom
        it would also cover with the typo an exception tolerates in each word ("Rhianna":
        Rihanna; "John Terry": John Kerry too; :func:`consent.names.famous_people_covered`)."""
        from consent.names import NameMatcher, famous_people_covered, famous_person_in_name

        name = " ".join((name or "").split())
        matcher = NameMatcher()
        people = [p for p in [famous_person_in_name(name, matcher), *famous_people_covered(name, matcher)] if p]
        return list(dict.fromkeys(people))

    def famous_exception(self, name: str, famous_ok: bool) -> str | None:
        """The famous people an exception for ``name`` would exempt, as one line (None: nobody
        known); refused unless the operator confirmed it (``famous_ok``)."""
        people = self.famous_people_named(name)
        if people and not famous_ok:
            raise RecordInvalid(
                f"name {quoted(name)} is, or is one letter from, a known real person's name ({', '.join(map(quoted, people))}): "
                "an exception lets every prompt name them with no grant. If the name is meant as something else (a "
                "painter named for a style, a title), confirm it: tick “Yes, allow a famous person's name” in the "
                "studio, add --famous on the command line (famous_ok=True in Python); the audit log records that you did")
        return ", ".join(people) or None

    def _name_exception(self, name: str, reason: str, added_by: str):
        """The exception ``name`` would be, validated (the matcher's own rules; no empty field)."""
        from consent.names import NameException
        from consent.records import format_time
        from consent.registry import NameExceptionRecord

        NameException(name, reason)
        for fld, v in (("name", name), ("reason", reason), ("added_by", added_by)):
            if not v or not v.strip():
                raise RecordInvalid(f"name exception {fld} is empty; expected text")
        named = self.subjects_named(name)
        if named:  # (an operator's walkthrough, session 67: approved, it changed nothing, and the creator read "approved")
            who = ", ".join(f"'{s.id}'" + (" (opted out)" if s.opt_out else "") for s in named)
            raise RecordInvalid(f"name {quoted(' '.join(name.split()))} is the name of registered person {who}: an "
                                "exception never lets a registered person be generated, so it would change nothing. "
                                "A prompt naming them needs their grant")
        # the reason may be a creator's message (an approved request with no answer): shown escaped
        refuse_bad_text("name exception name", name)
        refuse_bad_text("name exception added_by", added_by)
        return NameExceptionRecord(" ".join(name.split()), reason.strip(), added_by.strip(), format_time(self._clock()))

    def watch_names(self, names, reason: str, added_by: str):
        """Real people the name check must read as people (an agency's talent, a market's
        celebrities no list the studio ships holds): found as robustly as registered names
        (case, spacing, typos, run together, apart, spelled out, other scripts) and denied like
        any real person without a grant. All or none; each signed in the audit log."""
        from consent.names import NameMatcher, watched_name_problem

        names = [names] if isinstance(names, str) else list(names)
        NameMatcher(watched=names)  # the matcher's own validation (a name with letters)
        refuse_bad_text("watch reason", reason, multiline=True)
        for name in names:
            refuse_bad_text("watched name", name)
            problem = watched_name_problem(name)
            if problem:
                rest = f"; none of the {len(names)} names was added (all or none)" if len(names) > 1 else ""
                raise RecordInvalid(f"watched name {name!r} {problem}{rest}")
        return self.registry.watch_names(names, reason, added_by)

    def unwatch_name(self, name: str, reason: str, removed_by: str) -> None:
        """Take a name off the watch list; the audit log keeps who and why."""
        refuse_bad_text("unwatch reason", reason, multiline=True)
        refuse_bad_text("removed by", removed_by)
        self.registry.unwatch_name(name, reason, removed_by)
