"""Consent records: subjects, grants, evidence, signatures, revocations.

Every record is an immutable pydantic model that validates itself when built: an invalid
:class:`ConsentGrant` cannot exist. Records have one canonical JSON form (sorted keys, no
whitespace, UTF-8, timestamps as RFC 3339 UTC with ``Z``; RFC 8785 style; records hold no
floats), and that byte string is what signatures cover and what :func:`grant_digest` hashes.

Vocabularies (purposes, operations, media, restrictions, ...) are fixed ``StrEnum``s so a
typo is an error, not a silently narrower grant.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from consent.errors import RecordInvalid

__all__ = [
    "SubjectKind",
    "RepresentativeRole",
    "SignerRole",
    "Purpose",
    "Operation",
    "Medium",
    "Restriction",
    "EvidenceKind",
    "AdapterKind",
    "GrantStatus",
    "RESTRICTION_FLAGS",
    "CONTENT_FLAGS",
    "WORLDWIDE",
    "ISO_3166_ALPHA2",
    "Representative",
    "Subject",
    "Evidence",
    "ConsentGrant",
    "Signature",
    "WebAuthnProof",
    "SignedGrant",
    "Revocation",
    "REVOCATION_CLOCK_ALLOWANCE",
    "StoredGrant",
    "RuleViolation",
    "canonical_json",
    "grant_digest",
    "subject_rule_violations",
    "check_grant_for_subject",
    "new_subject_ref",
    "new_grant_id",
    "format_time",
    "parse_record",
    "visible_chars",
]


#: Characters that show nothing on their own: the joiners and the word joiner, combining marks with no
#: letter before them, and the blank-looking letters and symbols (Braille blank, Hangul fillers)
_BLANK_LOOKING = frozenset("\u200b\u200c\u200d\u2060\u2800\u3164\u115f\u1160\uffa0\u034f\u180e")


#: The zero-width non-joiner and joiner belong in Persian and Indic names as written.
_JOINERS = "\u200c\u200d"
#: The longest text a record stores, in characters: a line (a name, a project, a licence) and a
#: text of several lines (a reason, a note, an answer); a grant's description has its own.
MAX_LINE_CHARS = 200
MAX_TEXT_CHARS = 4000


def refuse_bad_text(what: str, value: str | None, *, multiline: bool = False, limit: int | None = None) -> None:
    """Refuse ``value`` (the field ``what``) when it holds a control or format character, or more
    than ``limit`` characters (``MAX_LINE_CHARS``, or ``MAX_TEXT_CHARS`` with ``multiline``).

    An ESC sequence or a bidi override in a person's name or a grant's project was stored as typed
    and reordered or hid what an operator, a terminal or a ledger later showed (shown escaped since,
    but a record should hold text as written); a 5 MB description or a 100,000-character name was
    signed, logged and printed in full by every listing (red team of session 57). Spaces of any
    width are text; the zero-width joiners are (Persian and Indic names hold them); ``multiline``:
    newlines and tabs too."""
    from consent.errors import escaped

    text = value or ""
    limit = limit if limit is not None else (MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS)
    if len(text) > limit:
        raise RecordInvalid(f"{what} is {len(text):,} characters ('{escaped(text[:40])}…'); expected at most {limit:,}")
    for i, ch in enumerate(text):
        if ch.isprintable() or ch in _JOINERS or unicodedata.category(ch) == "Zs" or (multiline and ch in "\n\r\t"):
            continue
        raise RecordInvalid(f"{what} holds a control or format character ({escaped(ch)}, character {i + 1}); "
                            "expected text as written, without terminal or text-direction codes")


def visible_chars(text: str | None) -> int:
    """How many characters of ``text`` a reader sees: letters, digits, punctuation and symbols,
    not spaces, joiners, combining marks, nor the blank-looking ones (:data:`_BLANK_LOOKING`).
    A reason of ten zero-width joiners, lone accents or Braille blanks lifted an opt-out and showed
    as nothing in the signed entry (red team of session 59)."""
    return sum(1 for ch in (text or "") if ch not in _BLANK_LOOKING
               and unicodedata.category(ch)[0] in "LNPS" and ch.isprintable())


# --------------------------------------------------------------------------- vocabularies
class SubjectKind(StrEnum):
    PERSON = "person"
    DECEASED_PERSON = "deceased_person"
    FICTIONAL_PERSONA = "fictional_persona"


class RepresentativeRole(StrEnum):
    AGENT = "agent"
    ESTATE = "estate"
    GUARDIAN = "guardian"


class SignerRole(StrEnum):
    SELF = "self"
    GUARDIAN = "guardian"
    ESTATE = "estate"
    AGENT = "agent"
    #: A registered verifier (e.g. the studio's rights desk) countersigning a paper release.
    VERIFIER = "verifier"


class Purpose(StrEnum):
    FILM_RESHOOT = "film_reshoot"
    ADVERTISING = "advertising"
    VIRTUAL_INFLUENCER = "virtual_influencer"
    ART = "art"
    EDITORIAL = "editorial"
    EDUCATION = "education"
    PERSONAL = "personal"
    RESEARCH = "research"


class Operation(StrEnum):
    LIKENESS_GENERATION = "likeness_generation"
    FOOTAGE_EDIT = "footage_edit"
    FACE_REPLACEMENT = "face_replacement"


class Medium(StrEnum):
    STILL_IMAGE = "still_image"
    VIDEO = "video"
    SOCIAL_MEDIA = "social_media"
    PRINT = "print"
    BROADCAST = "broadcast"
    WEB = "web"
    CINEMA = "cinema"
    OUT_OF_HOME = "out_of_home"


class Restriction(StrEnum):
    NO_NUDITY = "no_nudity"
    NO_SEXUAL_CONTENT = "no_sexual_content"
    NO_POLITICS = "no_politics"
    NO_ENDORSEMENTS = "no_endorsements"
    NO_VIOLENCE = "no_violence"
    NO_ALCOHOL_TOBACCO = "no_alcohol_tobacco"
    NO_DRUGS = "no_drugs"
    NO_RELIGION = "no_religion"
    NO_GAMBLING = "no_gambling"


class EvidenceKind(StrEnum):
    SIGNED_RELEASE = "signed_release"
    CONSENT_VIDEO = "consent_video"
    ID_CHECK = "id_check"
    CONTRACT = "contract"
    GUARDIAN_AUTHORITY = "guardian_authority"
    ESTATE_AUTHORITY = "estate_authority"
    AGENCY_AUTHORITY = "agency_authority"
    PRESENCE_CHECK = "presence_check"  # the talent page's camera check (consent.presence): digest of its record


class AdapterKind(StrEnum):
    """What a likeness adapter file is: a LoRA or a textual-inversion embedding."""

    LORA = "lora"
    EMBEDDING = "embedding"


class GrantStatus(StrEnum):
    """A stored grant's status at one moment: the one meaning policy, verify, CLI and UI share.

    Precedence when several hold: revoked, expired, not yet valid, cap reached, active.
    A revocation counts from :data:`REVOCATION_CLOCK_ALLOWANCE` before its ``revoked_at`` on
    (one dated further in the future is scheduled, not yet in force). ``cap_reached`` is still *in force*: outputs already made
    under it stay covered; new requests are refused by the policy's usage-cap check.
    """

    ACTIVE = "active"
    CAP_REACHED = "cap_reached"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"

    @property
    def in_force(self) -> bool:
        """True while the grant covers what was and is made under it (active or cap reached)."""
        return self in (GrantStatus.ACTIVE, GrantStatus.CAP_REACHED)


#: Content flag (what a request contains) that each restriction forbids.
RESTRICTION_FLAGS: dict[Restriction, str] = {
    Restriction.NO_NUDITY: "nudity",
    Restriction.NO_SEXUAL_CONTENT: "sexual_content",
    Restriction.NO_POLITICS: "politics",
    Restriction.NO_ENDORSEMENTS: "endorsement",
    Restriction.NO_VIOLENCE: "violence",
    Restriction.NO_ALCOHOL_TOBACCO: "alcohol_tobacco",
    Restriction.NO_DRUGS: "drugs",
    Restriction.NO_RELIGION: "religion",
    Restriction.NO_GAMBLING: "gambling",
}
#: Every content flag a request may carry.
CONTENT_FLAGS: frozenset[str] = frozenset(RESTRICTION_FLAGS.values())

WORLDWIDE = "worldwide"

#: every assigned ISO 3166-1 alpha-2 code (a territory in a grant or a request is one of these)
ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

#: Descriptions of intended use that say nothing ("any use") are not informed consent.
_BOILERPLATE = re.compile(
    r"^\W*(any( use| purpose| purposes)?|all( uses| purposes)?|everything|n/?a|none|tbd|tba|"
    r"todo|unknown|misc(ellaneous)?|general( use)?|various|whatever|test)\W*$",
    re.IGNORECASE,
)
_MIN_DESCRIPTION = 20

_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
_KEY_ID_RE = r"^(ed25519|passkey):[0-9a-f]{16}$"
_REF_RE = r"^subj_[0-9a-f]{16}$"
_SHA256_RE = r"^[0-9a-f]{64}$"


# --------------------------------------------------------------------------- time + JSON
def format_time(dt: datetime) -> str:
    """RFC 3339 UTC with ``Z``; microseconds only when non-zero. The year always has four digits
    (``strftime("%Y")`` wrote year 999 as "999", which no parser reads back)."""
    dt = dt.astimezone(timezone.utc)
    if dt.microsecond:
        return f"{dt.year:04d}" + dt.strftime("-%m-%dT%H:%M:%S.%fZ")
    return f"{dt.year:04d}" + dt.strftime("-%m-%dT%H:%M:%SZ")


#: Records are about people alive now: an earlier year is a typo (0999 for 1999), refused.
MIN_YEAR = 1900


def made_since(when: Any, since: datetime) -> bool | None:
    """Whether ``when`` (a time as :func:`format_time` writes it, or an aware datetime) is at or
    after the aware datetime ``since``; None when it is no time with a zone. What an account made
    is what was made under its name since it was created (an account removed and added again
    under the name is another: creator.auth.User.made, the job service's owner filter, the
    request queue's count)."""
    try:
        t = when if isinstance(when, datetime) else datetime.fromisoformat(str(when))
    except ValueError:
        return None
    if t.tzinfo is None:
        return None
    return t >= since


def _aware_utc(v: datetime) -> datetime:
    if v.tzinfo is None or v.utcoffset() is None:
        raise ValueError(f"timestamp {v.isoformat()} has no timezone; expected an aware UTC time like 2025-01-31T00:00:00Z")
    v = v.astimezone(timezone.utc)
    if v.year < MIN_YEAR:
        raise ValueError(f"timestamp {format_time(v)} is before {MIN_YEAR}; expected a date such as 2025-01-31 (a typo?)")
    return v


UtcDatetime = Annotated[
    datetime,
    AfterValidator(_aware_utc),
    PlainSerializer(format_time, return_type=str, when_used="json"),
]


def _nonblank(v: str) -> str:
    v = v.strip()
    if not v:
        raise ValueError("must not be empty")
    return v


NonBlank = Annotated[str, AfterValidator(_nonblank)]
RecordId = Annotated[str, Field(pattern=_ID_RE)]
KeyId = Annotated[str, Field(pattern=_KEY_ID_RE)]
Sha256Hex = Annotated[str, Field(pattern=_SHA256_RE)]


def canonical_json(obj: BaseModel | dict | list) -> bytes:
    """Canonical JSON bytes: sorted keys, no whitespace, UTF-8 (RFC 8785 style).

    Records carry no floats, so number formatting is plain integers.
    """
    data = obj.model_dump(mode="json") if isinstance(obj, BaseModel) else obj
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _sorted_unique(name: str):
    def check(v: tuple) -> tuple:
        seen = [str(x) for x in v]
        dupes = sorted({x for x in seen if seen.count(x) > 1})
        if dupes:
            raise ValueError(f"{name} lists {dupes} more than once; expected each value once")
        return tuple(sorted(v, key=str))

    return check


_NESTING: ContextVar[int] = ContextVar("_record_nesting", default=0)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, use_enum_values=False)

    def __init__(self, **data: Any) -> None:
        # Only the outermost record converts ValidationError: nested records re-raise it
        # so pydantic can report their fields with full locations.
        token = _NESTING.set(_NESTING.get() + 1)
        try:
            super().__init__(**data)
        except ValidationError as e:
            if _NESTING.get() > 1:
                raise
            raise RecordInvalid(_format_validation(type(self).__name__, e)) from None
        finally:
            _NESTING.reset(token)

    def canonical_json(self) -> bytes:
        return canonical_json(self)

    @classmethod
    def from_json(cls, data: str | bytes):
        """Parse and validate; raises :class:`RecordInvalid` naming every bad field."""
        token = _NESTING.set(_NESTING.get() + 1)
        try:
            return cls.model_validate_json(data)
        except ValidationError as e:
            raise RecordInvalid(_format_validation(cls.__name__, e)) from None
        finally:
            _NESTING.reset(token)

    @classmethod
    def from_dict(cls, data: Any):
        token = _NESTING.set(_NESTING.get() + 1)
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            raise RecordInvalid(_format_validation(cls.__name__, e)) from None
        finally:
            _NESTING.reset(token)


#: What each record pattern means, in words a person reads (messages never show a regex).
_PATTERN_WORDS = {
    _ID_RE: "1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit (e.g. 'jane-doe')",
    _KEY_ID_RE: "'ed25519:' or 'passkey:' followed by 16 lowercase hex digits",
    _REF_RE: "'subj_' followed by 16 lowercase hex digits",
    _SHA256_RE: "64 lowercase hex digits (a sha256 digest)",
}


_RECORD_WORDS = {"Subject": "subject", "ConsentGrant": "grant", "SignedGrant": "signed grant", "Evidence": "evidence",
                 "Representative": "representative", "Revocation": "revocation", "Signature": "signature"}


def _format_validation(name: str, e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(record)"
        if err["type"] == "missing":
            parts.append(f"{loc}: missing; expected a value")
            continue
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "string_pattern_mismatch":  # say what is expected, never the regex
            msg = "has the wrong form; expected " + _PATTERN_WORDS.get((err.get("ctx") or {}).get("pattern"), "a different format")
        found = err.get("input")
        found_s = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
        if len(found_s) > 80:
            found_s = found_s[:77] + "..."
        parts.append(f"{loc}: {msg} (found {found_s})")
    return f"invalid {_RECORD_WORDS.get(name, name)}: " + "; ".join(parts)


def parse_record(cls: type[_Record], data: Any):
    """Validate ``data`` (dict, JSON str/bytes) as ``cls``; raises :class:`RecordInvalid`."""
    if isinstance(data, (str, bytes)):
        return cls.from_json(data)
    return cls.from_dict(data)


def new_subject_ref() -> str:
    """An opaque subject reference for manifests: ``subj_`` + 16 random hex digits."""
    return "subj_" + secrets.token_hex(8)


def new_grant_id() -> str:
    return "g-" + secrets.token_hex(6)


# --------------------------------------------------------------------------- subjects
class Representative(_Record):
    """Who acts for a subject: an agent, the estate of a deceased person, a minor's guardian."""

    name: NonBlank
    role: RepresentativeRole
    #: Key the representative signs grants with (``ed25519:…``); None = cannot sign.
    key_id: KeyId | None = None


class Subject(_Record):
    """A person or persona who may be depicted."""

    id: RecordId
    #: Opaque reference put into manifests instead of the id or name (never personal data).
    ref: Annotated[str, Field(pattern=_REF_RE)] = Field(default_factory=new_subject_ref)
    display_name: NonBlank
    aliases: Annotated[tuple[NonBlank, ...], AfterValidator(_sorted_unique("aliases"))] = ()
    kind: SubjectKind = SubjectKind.PERSON
    minor: bool = False
    representative: Representative | None = None
    opt_out: bool = False
    #: Keys the subject signs with.
    key_ids: Annotated[tuple[KeyId, ...], AfterValidator(_sorted_unique("key_ids"))] = ()

    @model_validator(mode="after")
    def _coherent(self) -> Subject:
        rep = self.representative
        if rep is not None:
            if self.kind is SubjectKind.DECEASED_PERSON and rep.role is not RepresentativeRole.ESTATE:
                raise ValueError(f"representative.role is '{rep.role}' for a deceased person; expected 'estate'")
            if self.minor and self.kind is SubjectKind.PERSON and rep.role is not RepresentativeRole.GUARDIAN:
                raise ValueError(f"representative.role is '{rep.role}' for a minor; expected 'guardian'")
            if rep.key_id is not None and rep.key_id in self.key_ids:
                raise ValueError(f"representative.key_id {rep.key_id} is also one of the subject's own key_ids; expected a separate key")
        return self

    @property
    def is_real(self) -> bool:
        return self.kind is not SubjectKind.FICTIONAL_PERSONA

    @property
    def names(self) -> tuple[str, ...]:
        return (self.display_name, *self.aliases)


# --------------------------------------------------------------------------- grants
class Evidence(_Record):
    """Proof behind a grant: the digest of a signed release, consent video, ID check, ..."""

    kind: EvidenceKind
    sha256: Sha256Hex
    uri: NonBlank | None = None
    filename: NonBlank | None = None


def _check_territories(v: tuple[str, ...]) -> tuple[str, ...]:
    if not v:
        raise ValueError("is empty; expected ISO 3166 alpha-2 codes or 'worldwide'")
    if WORLDWIDE in v and len(v) > 1:
        raise ValueError(f"mixes 'worldwide' with {sorted(x for x in v if x != WORLDWIDE)}; expected one or the other")
    bad = sorted(x for x in v if x != WORLDWIDE and x not in ISO_3166_ALPHA2)
    if bad:
        raise ValueError(f"{bad} are not ISO 3166 alpha-2 codes (upper case, e.g. 'US', 'FR') or 'worldwide'")
    return _sorted_unique("territories")(v)


def _nonempty(name: str):
    def check(v: tuple) -> tuple:
        if not v:
            raise ValueError(f"{name} is empty; expected at least one value")
        return _sorted_unique(name)(v)

    return check


class ConsentGrant(_Record):
    """What a subject (or their representative) agreed to. Signed as canonical JSON."""

    schema_version: Literal[1] = 1
    id: RecordId
    subject_id: RecordId
    grantee: NonBlank
    project: NonBlank
    description: NonBlank
    purposes: Annotated[tuple[Purpose, ...], AfterValidator(_nonempty("purposes"))]
    operations: Annotated[tuple[Operation, ...], AfterValidator(_nonempty("operations"))]
    media: Annotated[tuple[Medium, ...], AfterValidator(_nonempty("media"))]
    territories: Annotated[tuple[str, ...], AfterValidator(_check_territories)]
    valid_from: UtcDatetime
    valid_until: UtcDatetime
    content_restrictions: Annotated[tuple[Restriction, ...], AfterValidator(_sorted_unique("content_restrictions"))] = ()
    # strict: YAML's "yes" (a bool) was read as a cap of 1 and "no" as a term (red team of session 57)
    usage_cap: Annotated[int, Field(gt=0, strict=True)] | None = None
    compensation_ref: NonBlank | None = None
    evidence: Annotated[tuple[Evidence, ...], Field(min_length=1)]
    signer_role: SignerRole
    #: each request that would use this grant waits for the person's approval (consent.approvals)
    approve_each_use: StrictBool = False
    #: the person's usage ledger may show each output's visible-labelled thumbnail
    ledger_thumbnails: StrictBool = False

    @model_serializer(mode="wrap")
    def _drop_default_flags(self, handler):  # a grant without these terms serialises exactly as before
        data = handler(self)
        if isinstance(data, dict):
            for k in ("approve_each_use", "ledger_thumbnails"):
                if data.get(k) is False:
                    data.pop(k, None)
        return data

    @field_validator("description")
    @classmethod
    def _specific(cls, v: str) -> str:
        if _BOILERPLATE.match(v):
            raise ValueError(f"is boilerplate ('{v}'); expected a specific description of the intended use")
        if len(v) < _MIN_DESCRIPTION:
            raise ValueError(f"has {len(v)} characters; expected a specific description of at least {_MIN_DESCRIPTION}")
        return v

    @model_validator(mode="after")
    def _window(self) -> ConsentGrant:
        if self.valid_until <= self.valid_from:
            raise ValueError(
                f"valid_until {format_time(self.valid_until)} is not after valid_from {format_time(self.valid_from)}"
            )
        if self.signer_role is SignerRole.VERIFIER:
            raise ValueError("signer_role 'verifier' is for countersignatures; expected self, guardian, estate or agent")
        return self

    def digest(self) -> str:
        return grant_digest(self)


def grant_digest(grant: ConsentGrant) -> str:
    """sha256 hex of the grant's canonical JSON (what the C2PA consent assertion carries)."""
    return hashlib.sha256(canonical_json(grant)).hexdigest()


def _b64(v: str, field: str) -> bytes:
    try:
        return base64.b64decode(v, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{field} is not valid base64") from None


def _b64url(v: str) -> str:
    try:
        base64.urlsafe_b64decode(v + "=" * (-len(v) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("is not valid base64url") from None
    if not re.fullmatch(r"[A-Za-z0-9_-]+", v):
        raise ValueError("is not unpadded base64url")
    return v


B64Url = Annotated[str, AfterValidator(_b64url)]


class WebAuthnProof(_Record):
    """What a passkey (WebAuthn) signature needs besides its signature to verify offline.

    The authenticator signed ``authenticator_data || sha256(client_data_json)``; the client data
    carries the challenge, which must be the sha256 of the grant's canonical JSON, so the
    signature covers exactly that grant. All binary values are unpadded base64url, as WebAuthn
    sends them.
    """

    credential_id: B64Url
    authenticator_data: B64Url
    client_data_json: B64Url
    rp_id: NonBlank
    origin: NonBlank


class Signature(_Record):
    """One signature over a grant's canonical JSON: Ed25519, or a passkey (WebAuthn) assertion.

    ``public_key`` travels with the signature so integrity can be checked without the
    registry; ``key_id`` must be the id of that key, and whether the key is *trusted* for
    ``role`` is a separate question answered by the policy. An Ed25519 signature carries a raw
    32-byte key (base64) and a 64-byte signature; a passkey signature (``key_id`` ``passkey:…``)
    carries the credential's COSE public key (base64), the authenticator's signature (base64)
    and ``webauthn`` (authenticator data, client data, credential id, relying party, origin).
    """

    key_id: KeyId
    role: SignerRole
    public_key: str
    signature: str
    webauthn: WebAuthnProof | None = None

    @model_validator(mode="after")
    def _shape(self) -> Signature:
        key, sig = _b64(self.public_key, "public_key"), _b64(self.signature, "signature")
        if self.key_id.startswith("passkey:"):
            if self.webauthn is None:
                raise ValueError(f"signature by {self.key_id} is a passkey signature without its webauthn data; "
                                 "expected authenticator data, client data and credential id")
            if not 16 <= len(key) <= 1024 or not 8 <= len(sig) <= 1024:
                raise ValueError(f"passkey public_key is {len(key)} bytes and signature {len(sig)} bytes; expected a "
                                 "COSE key and an authenticator signature")
            return self
        if self.webauthn is not None:
            raise ValueError(f"signature by {self.key_id} carries webauthn data; expected it only on a passkey: key id")
        if len(key) != 32:
            raise ValueError(f"public_key decodes to {len(key)} bytes; expected a 32-byte raw Ed25519 public key")
        if len(sig) != 64:
            raise ValueError(f"signature decodes to {len(sig)} bytes; expected a 64-byte Ed25519 signature")
        return self

    @model_serializer(mode="wrap")
    def _drop_empty_webauthn(self, handler):  # an Ed25519 signature serialises exactly as before
        data = handler(self)
        if isinstance(data, dict) and data.get("webauthn") is None:
            data.pop("webauthn", None)
        return data


class SignedGrant(_Record):
    """A grant plus the signatures over its canonical JSON."""

    grant: ConsentGrant
    signatures: Annotated[tuple[Signature, ...], Field(min_length=1)]

    @field_validator("signatures")
    @classmethod
    def _unique_keys(cls, v: tuple[Signature, ...]) -> tuple[Signature, ...]:
        ids = [s.key_id for s in v]
        dupes = sorted({k for k in ids if ids.count(k) > 1})
        if dupes:
            raise ValueError(f"key {dupes} signs more than once; expected one signature per key")
        return v

    @property
    def id(self) -> str:
        return self.grant.id


#: How far ahead of its ``revoked_at`` a revocation already counts as in force for a decision
#: (:meth:`StoredGrant.is_revoked`): the clock difference between studio processes on one
#: database it absorbs, so that a withdrawal recorded on a host whose clock runs ahead is in
#: force at once on the others. ``revoked_at`` itself is the true moment (a withdrawal "at once"
#: is dated when it was recorded): every date shown, and every question about what was made
#: before the withdrawal, uses it unchanged. Processes whose clocks differ by more disagree.
REVOCATION_CLOCK_ALLOWANCE = timedelta(minutes=10)


class Revocation(_Record):
    """Withdrawal of a grant: ``revoked_at`` is when it takes effect (for a withdrawal at once,
    the moment it was recorded). New decisions treat it as in force from
    :data:`REVOCATION_CLOCK_ALLOWANCE` before that (:meth:`StoredGrant.is_revoked`)."""

    grant_id: RecordId
    revoked_at: UtcDatetime
    reason: NonBlank
    revoked_by: NonBlank


@dataclass(frozen=True)
class StoredGrant:
    """A grant as the registry holds it: signed envelope, revocation, usage so far."""

    signed: SignedGrant
    revocation: Revocation | None = None
    usage: int = 0
    issued_at: datetime | None = None

    @property
    def id(self) -> str:
        return self.signed.grant.id

    @property
    def grant(self) -> ConsentGrant:
        return self.signed.grant

    @property
    def signatures(self) -> tuple[Signature, ...]:
        return self.signed.signatures

    @cached_property
    def sha256(self) -> str:
        """Recomputed from the grant, never read from storage (once per StoredGrant: its grant
        is a frozen record, so every later read of it gives the same digest)."""
        return grant_digest(self.signed.grant)

    def is_revoked(self, now: datetime) -> bool:
        """True when a revocation is in force for a decision at ``now`` (this process's clock):
        at or after its ``revoked_at`` less :data:`REVOCATION_CLOCK_ALLOWANCE`, so that a clock
        running up to that much behind the recording host's still reads it as in force."""
        return self.revocation is not None and now + REVOCATION_CLOCK_ALLOWANCE >= self.revocation.revoked_at

    def status(self, now: datetime) -> GrantStatus:
        """The grant's status at ``now`` (see :class:`GrantStatus` for the precedence)."""
        g = self.grant
        if self.is_revoked(now):
            return GrantStatus.REVOKED
        if now >= g.valid_until:
            return GrantStatus.EXPIRED
        if now < g.valid_from:
            return GrantStatus.NOT_YET_VALID
        if g.usage_cap is not None and self.usage >= g.usage_cap:
            return GrantStatus.CAP_REACHED
        return GrantStatus.ACTIVE

    def status_message(self, now: datetime) -> str:
        """One sentence for :meth:`status` naming the date that decides it."""
        g, st = self.grant, self.status(now)
        if st is GrantStatus.REVOKED:
            r = self.revocation
            early = (f"; in force from {format_time(r.revoked_at - REVOCATION_CLOCK_ALLOWANCE)}, "
                     f"{REVOCATION_CLOCK_ALLOWANCE.total_seconds() / 60:g} minutes early for clock differences between "
                     "studio hosts" if now < r.revoked_at else "")
            return f"revoked at {format_time(r.revoked_at)} by {r.revoked_by} ({r.reason}){early}"
        if st is GrantStatus.EXPIRED:
            return f"expired: valid until {format_time(g.valid_until)}"
        if st is GrantStatus.NOT_YET_VALID:
            return f"not yet valid: starts {format_time(g.valid_from)}"
        scheduled = (f"; revocation scheduled for {format_time(self.revocation.revoked_at)}"
                     if self.revocation is not None else "")
        if st is GrantStatus.CAP_REACHED:
            return f"usage cap reached ({self.usage} of {g.usage_cap}); valid until {format_time(g.valid_until)}{scheduled}"
        return f"active: valid {format_time(g.valid_from)} to {format_time(g.valid_until)}{scheduled}"


# --------------------------------------------------------------------------- subject rules
@dataclass(frozen=True)
class RuleViolation:
    """A subject rule a grant breaks. ``check`` is a policy check name."""

    check: str
    field: str
    message: str


def subject_rule_violations(subject: Subject, signed: SignedGrant) -> list[RuleViolation]:
    """Rules that depend on the subject: right subject, minor → guardian, deceased → estate.

    Shared by :func:`check_grant_for_subject` (at issue time) and the policy (at decision
    time), so a row written behind the registry's back still denies.
    """
    g = signed.grant
    out: list[RuleViolation] = []
    if g.subject_id != subject.id:
        out.append(RuleViolation("intact", "subject_id", f"grant {g.id}: subject_id '{g.subject_id}' is not subject '{subject.id}'"))
    if subject.kind is SubjectKind.FICTIONAL_PERSONA:
        return out
    rep = subject.representative

    def _needs(check: str, role: SignerRole, what: str) -> None:
        rep_key = rep.key_id if rep is not None and rep.role.value == role.value else None
        signed_by = [s for s in signed.signatures if s.role is role]
        if rep_key is None:
            out.append(RuleViolation(check, "representative", f"grant {g.id}: subject '{subject.id}' is {what} with no {role.value} key on record; expected a {role.value} representative with a key"))
        elif not any(s.key_id == rep_key for s in signed_by):
            found = [s.key_id for s in signed_by] or "none"
            out.append(RuleViolation(check, "signatures", f"grant {g.id}: subject '{subject.id}' is {what}; {role.value} signatures found: {found}, expected one by {rep_key}"))
        if g.signer_role is not role:
            out.append(RuleViolation(check, "signer_role", f"grant {g.id}: signer_role '{g.signer_role}' for {what}; expected '{role.value}'"))

    if subject.minor:
        _needs("subject:minor_guardian", SignerRole.GUARDIAN, "a minor")
    elif g.signer_role is SignerRole.GUARDIAN:
        # (red team of session 58) a minor marked an adult keeps her guardian on record: the
        # guardian's word no longer stands for hers
        out.append(RuleViolation("subject:minor_guardian", "signer_role",
                                 f"grant {g.id}: signed as guardian, but subject '{subject.id}' is not a minor; a guardian "
                                 "signs only for a minor (a grant she signs herself, or her agent's, is needed)"))
    if subject.kind is SubjectKind.DECEASED_PERSON:
        _needs("subject:deceased_estate", SignerRole.ESTATE, "deceased")
    return out


def check_grant_for_subject(subject: Subject, signed: SignedGrant) -> None:
    """Raise :class:`RecordInvalid` listing every subject rule ``signed`` breaks."""
    problems = subject_rule_violations(subject, signed)
    if problems:
        raise RecordInvalid("; ".join(p.message for p in problems))
