"""What a disclosure needs to know about an output, and what it returns.

Every type validates itself when built, so an invalid context cannot reach the signer.
No personal data goes in: subjects appear only as their opaque ``Subject.ref``
(``subj_`` + 16 random hex digits, :func:`consent.records.new_subject_ref`), never as
names or registry ids.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from creator.disclosure.xmp import DIGITAL_SOURCE_TYPES
from creator.errors import DisclosureError

__all__ = [
    "CONSENT_ASSERTION_VERSION",
    "LIKENESS_KINDS",
    "ConsentAssertion",
    "DisclosureContext",
    "GENERATION_ASSERTION_VERSION",
    "GENERATION_ASSERTION_NO_STEPS_VERSION",
    "GenerationSettings",
    "LikenessEntry",
    "SignedImage",
]

CONSENT_ASSERTION_VERSION = 1
GENERATION_ASSERTION_VERSION = 1
#: (session 54) the version of a generation assertion with no step count (``steps`` null: the GAN);
#: version 1, which a verifier of an earlier release reads, requires a whole number there, so an
#: assertion without one says it is version 2 (those verifiers name the version they cannot read,
#: rather than calling the settings malformed); outputs with steps stay version 1
GENERATION_ASSERTION_NO_STEPS_VERSION = 2
#: Kinds of real people a likeness entry may name; fictional personas are listed apart.
LIKENESS_KINDS = ("person", "deceased_person")
_LIKENESS_SOURCES = ("declared", "adapter", "prompt_name", "source_face", "reference_face", "output_face")
#: Same shape as ``consent.records.Subject.ref``.
_REF_RE = re.compile(r"^subj_[0-9a-f]{16}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_PAYLOAD_RE = re.compile(r"^(?:[0-9a-f]{2}){4,32}$")


def _req_text(owner: str, name: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DisclosureError(f"{owner}.{name} must be a non-empty text, got {value!r}")


def _req_aware(owner: str, name: str, value: Any) -> None:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise DisclosureError(f"{owner}.{name} must be a timezone-aware datetime, got {value!r}")


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _parse_time(owner: str, name: str, value: Any) -> dt.datetime:
    try:
        t = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise DisclosureError(f"{owner}.{name} is not an ISO 8601 time: {value!r}") from None
    _req_aware(owner, name, t)
    return t


@dataclass(frozen=True)
class LikenessEntry:
    """One real person depicted under a grant: opaque ref, kind, where found, grant + digest."""

    subject_ref: str
    kind: str
    source: str
    grant_id: str
    grant_sha256: str
    #: The output carries this person's likeness (an adapter of theirs, their face in the edited
    #: source or a reference, or their face in the output); False: declared or named only.
    depicted: bool = True
    #: The operation this person's grant was used for, where it differs from the request's for
    #: some people (a person painted into an edit of another's footage is a new likeness of him);
    #: None in manifests written before it was recorded: the assertion's ``operation`` then.
    operation: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.depicted, bool):
            raise DisclosureError(f"LikenessEntry.depicted must be true or false, got {self.depicted!r}")
        if self.operation is not None and (not isinstance(self.operation, str) or not _ID_RE.match(self.operation)):
            raise DisclosureError(f"LikenessEntry.operation must be an operation name, got {self.operation!r}")
        if isinstance(self.source, Enum):
            object.__setattr__(self, "source", self.source.value)
        if not isinstance(self.subject_ref, str) or not _REF_RE.match(self.subject_ref):
            raise DisclosureError(
                f"LikenessEntry.subject_ref must be the subject's opaque ref 'subj_' + 16 hex digits "
                f"(Subject.ref), got {self.subject_ref!r}; names and registry ids never go into a manifest"
            )
        if self.kind == "fictional_persona":
            raise DisclosureError("LikenessEntry.kind 'fictional_persona': list personas in ConsentAssertion.fictional_personas")
        if self.kind not in LIKENESS_KINDS:
            raise DisclosureError(f"LikenessEntry.kind must be one of {list(LIKENESS_KINDS)}, got {self.kind!r}")
        if self.source not in _LIKENESS_SOURCES:
            raise DisclosureError(f"LikenessEntry.source must be one of {list(_LIKENESS_SOURCES)}, got {self.source!r}")
        if not isinstance(self.grant_id, str) or not _ID_RE.match(self.grant_id):
            raise DisclosureError(f"LikenessEntry.grant_id must be 1-128 characters [A-Za-z0-9._:-], got {self.grant_id!r}")
        if not isinstance(self.grant_sha256, str) or not _SHA256_RE.match(self.grant_sha256):
            raise DisclosureError(f"LikenessEntry.grant_sha256 must be 64 lowercase hex digits, got {self.grant_sha256!r}")

    def to_dict(self) -> dict[str, str]:
        return {"subject_ref": self.subject_ref, "kind": self.kind, "source": self.source,
                "grant_id": self.grant_id, "grant_sha256": self.grant_sha256, "depicted": self.depicted,
                **({"operation": self.operation} if self.operation is not None else {})}


@dataclass(frozen=True)
class ConsentAssertion:
    """The consent decision an output was made under (C2PA ``org.consent-studio.likeness-consent``)."""

    decision_id: str
    decided_at: dt.datetime
    purpose: str
    operation: str
    territories: tuple[str, ...]
    likenesses: tuple[LikenessEntry, ...] = ()
    #: Opaque refs of fictional personas depicted (no grant needed; listed as such).
    fictional_personas: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        o = "ConsentAssertion"
        if not isinstance(self.decision_id, str) or not _ID_RE.match(self.decision_id):
            raise DisclosureError(f"{o}.decision_id must be 1-128 characters [A-Za-z0-9._:-], got {self.decision_id!r}")
        _req_aware(o, "decided_at", self.decided_at)
        _req_text(o, "purpose", self.purpose)
        _req_text(o, "operation", self.operation)
        terr = tuple(self.territories) if not isinstance(self.territories, str) else (self.territories,)
        if not terr or any(not isinstance(t, str) or not t.strip() for t in terr):
            raise DisclosureError(f"{o}.territories must be a non-empty list of texts, got {self.territories!r}")
        object.__setattr__(self, "territories", terr)
        entries = []
        for e in self.likenesses:
            entries.append(e if isinstance(e, LikenessEntry) else LikenessEntry(*e))
        object.__setattr__(self, "likenesses", tuple(entries))
        personas = tuple(self.fictional_personas)
        for p in personas:
            if not isinstance(p, str) or not _REF_RE.match(p):
                raise DisclosureError(f"{o}.fictional_personas must hold opaque subject refs 'subj_' + 16 hex digits, got {p!r}")
        object.__setattr__(self, "fictional_personas", personas)

    def to_dict(self) -> dict[str, Any]:
        """The assertion's data as signed into the manifest."""
        return {
            "version": CONSENT_ASSERTION_VERSION,
            "decision_id": self.decision_id,
            "decided_at": _iso(self.decided_at),
            "purpose": self.purpose,
            "operation": self.operation,
            "territories": list(self.territories),
            "likenesses": [e.to_dict() for e in self.likenesses],
            "fictional_personas": [{"persona_ref": p, "kind": "fictional_persona"} for p in self.fictional_personas],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ConsentAssertion":
        """Parse the assertion read from a manifest; raises DisclosureError when malformed."""
        if not isinstance(data, Mapping):
            raise DisclosureError(f"consent assertion must be an object, got {type(data).__name__}")
        if _version(data) != CONSENT_ASSERTION_VERSION:
            raise DisclosureError(f"consent assertion version {data.get('version')!r} is not supported; expected {CONSENT_ASSERTION_VERSION}")
        try:
            return cls(
                decision_id=data["decision_id"],
                decided_at=_parse_time("ConsentAssertion", "decided_at", data["decided_at"]),
                purpose=data["purpose"],
                operation=data["operation"],
                territories=tuple(data["territories"]),
                likenesses=tuple(LikenessEntry(**e) for e in data.get("likenesses", [])),
                fictional_personas=tuple(p["persona_ref"] for p in data.get("fictional_personas", [])),
            )
        except (KeyError, TypeError) as e:
            raise DisclosureError(f"consent assertion is malformed: missing or bad field {e}") from None


def _version(data: Mapping[str, Any]) -> int | None:
    """An assertion's ``version`` when it is a whole number written as one (JSON ``2``), else
    None: ``2.0``, ``true`` and ``"2"`` compare equal to 1 or 2 in Python but are not the
    versions this studio signs, so they are refused as unsupported."""
    v = data.get("version")
    return v if type(v) is int else None


@dataclass(frozen=True)
class GenerationSettings:
    """How an output was generated, as far as anyone may know (C2PA ``org.consent-studio.generation``).

    Exactly the seed, the step count (None for an engine that takes no steps, such as the GAN:
    a signed "20 steps" there was a setting the engine never used), the size and the model's
    sha256 (None when the engine names no weights file) — never a prompt (it may name a person), a subject, a user, a
    path or an id of the registry. Signed only into outputs that carry no real person's
    likeness (:class:`DisclosureContext` refuses it otherwise): with a likeness, seed and
    settings would help re-create that person's image outside the consent record, and no
    grant term allows that.
    """

    seed: int
    steps: int | None
    width: int
    height: int
    model_sha256: str | None = None

    _FIELDS = ("version", "seed", "steps", "width", "height", "model_sha256")

    def __post_init__(self) -> None:
        o = "GenerationSettings"
        for name, lo, hi in (("seed", 0, 2**63 - 1), ("steps", 1, 10_000), ("width", 1, 65_535), ("height", 1, 65_535)):
            v = getattr(self, name)
            if name == "steps" and v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise DisclosureError(f"{o}.{name} must be a whole number in [{lo}, {hi}], got {v!r}")
        if self.model_sha256 is not None and (not isinstance(self.model_sha256, str) or not _SHA256_RE.match(self.model_sha256)):
            raise DisclosureError(f"{o}.model_sha256 must be 64 lowercase hex digits or absent, got {self.model_sha256!r}")

    def to_dict(self) -> dict[str, Any]:
        """The assertion's data as signed into the manifest (nothing else)."""
        version = GENERATION_ASSERTION_VERSION if self.steps is not None else GENERATION_ASSERTION_NO_STEPS_VERSION
        return {"version": version, "seed": self.seed, "steps": self.steps,
                "width": self.width, "height": self.height, "model_sha256": self.model_sha256}

    @property
    def summary(self) -> str:
        """One line: ``seed 7, 20 steps, 512×512, model sha256 ab12…``."""
        model = f"model sha256 {self.model_sha256[:16]}…" if self.model_sha256 else "model digest not recorded"
        steps = "" if self.steps is None else f"{self.steps} steps, "
        return f"seed {self.seed}, {steps}{self.width}×{self.height}, {model}"

    @classmethod
    def from_dict(cls, data: Any) -> "GenerationSettings":
        """Parse the assertion read from a manifest; raises DisclosureError when malformed or
        when it holds any field beyond the known ones."""
        if not isinstance(data, Mapping):
            raise DisclosureError(f"generation assertion must be an object, got {type(data).__name__}")
        version = _version(data)
        if version == GENERATION_ASSERTION_VERSION and data.get("steps") is None:
            raise DisclosureError("generation assertion version 1 holds no step count; expected a whole number "
                                  "(version 2 is the one without steps)")
        if version == GENERATION_ASSERTION_NO_STEPS_VERSION and data.get("steps") is not None:
            raise DisclosureError(f"generation assertion version 2 holds a step count ({data.get('steps')!r}); "
                                  "expected none (version 1 is the one with steps)")
        if version not in (GENERATION_ASSERTION_VERSION, GENERATION_ASSERTION_NO_STEPS_VERSION):
            raise DisclosureError(f"generation assertion version {data.get('version')!r} is not supported; "
                                  f"expected {GENERATION_ASSERTION_VERSION} or {GENERATION_ASSERTION_NO_STEPS_VERSION}")
        extra = sorted(set(data) - set(cls._FIELDS))
        if extra:
            raise DisclosureError(f"generation assertion holds unexpected field(s) {extra}; expected only {list(cls._FIELDS)}")
        try:
            return cls(seed=data["seed"], steps=data["steps"], width=data["width"], height=data["height"],
                       model_sha256=data.get("model_sha256"))
        except KeyError as e:
            raise DisclosureError(f"generation assertion is malformed: missing field {e}") from None


@dataclass(frozen=True)
class DisclosureContext:
    """Everything the disclosure stack writes about one output besides its pixels."""

    digital_source_type: str
    model_id: str
    model_version: str
    engine: str
    real_person_depicted: bool
    consent: ConsentAssertion
    #: The real frame that was edited (becomes the ``parentOf`` ingredient).
    source_path: Path | None = None
    #: Reference photos used (``inputTo`` ingredients).
    reference_paths: tuple[Path, ...] = ()
    unique_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    #: Invisible watermark payload (hex); requires a ``watermarker`` in :func:`disclose`.
    watermark_payload: str | None = None
    #: Seed and settings (``org.consent-studio.generation``); only without any real person's likeness.
    generation: GenerationSettings | None = None

    def __post_init__(self) -> None:
        o = "DisclosureContext"
        if self.digital_source_type not in DIGITAL_SOURCE_TYPES:
            raise DisclosureError(f"{o}.digital_source_type must be one of {list(DIGITAL_SOURCE_TYPES)}, got {self.digital_source_type!r}")
        for f in ("model_id", "model_version", "engine"):
            _req_text(o, f, getattr(self, f))
        if not isinstance(self.real_person_depicted, bool):
            raise DisclosureError(f"{o}.real_person_depicted must be True or False, got {self.real_person_depicted!r}")
        if not isinstance(self.consent, ConsentAssertion):
            raise DisclosureError(f"{o}.consent must be a ConsentAssertion, got {type(self.consent).__name__}")
        depicted = [e for e in self.consent.likenesses if e.depicted]
        if self.real_person_depicted and not depicted:
            raise DisclosureError(f"{o}.real_person_depicted is True but no consent.likenesses entry is depicted: "
                                  "a real person may only be depicted under a grant")
        if depicted and not self.real_person_depicted:
            raise DisclosureError(f"{o}.real_person_depicted is False but consent.likenesses lists {len(depicted)} "
                                  "depicted person(s): the label must say the likeness is used with consent")
        if self.source_path is not None:
            object.__setattr__(self, "source_path", Path(self.source_path))
        elif self.digital_source_type == "compositeWithTrainedAlgorithmicMedia":
            raise DisclosureError(f"{o}.digital_source_type compositeWithTrainedAlgorithmicMedia is for edits: "
                                  "source_path (the edited frame) is required")
        object.__setattr__(self, "reference_paths", tuple(Path(p) for p in self.reference_paths))
        if not isinstance(self.unique_id, str) or not _ID_RE.match(self.unique_id):
            raise DisclosureError(f"{o}.unique_id must be 1-128 characters [A-Za-z0-9._:-], got {self.unique_id!r}")
        _req_aware(o, "created_at", self.created_at)
        if self.watermark_payload is not None and (
            not isinstance(self.watermark_payload, str) or not _PAYLOAD_RE.match(self.watermark_payload)
        ):
            raise DisclosureError(f"{o}.watermark_payload must be 8-64 lowercase hex digits (whole bytes), got {self.watermark_payload!r}")
        if self.generation is not None:
            if not isinstance(self.generation, GenerationSettings):
                raise DisclosureError(f"{o}.generation must be GenerationSettings or None, got {type(self.generation).__name__}")
            if self.consent.likenesses:
                raise DisclosureError(f"{o}.generation is set but consent.likenesses lists {len(self.consent.likenesses)} "
                                      "real person(s): seed and settings are signed only into outputs without a real "
                                      "person's likeness")


@dataclass(frozen=True)
class SignedImage:
    """A disclosed, signed, validated output file. Pixels cross the boundary only as this."""

    path: Path
    data: bytes = field(repr=False)
    sha256: str
    format: str
    manifest_label: str
    width: int
    height: int
    #: Milliseconds per step (label, watermark, encode, sign, readback, fingerprint, write).
    timings_ms: Mapping[str, float] = field(default_factory=dict, compare=False)
    #: The file's coarse picture (:mod:`creator.disclosure.fingerprint`), recorded with the output.
    fingerprint: bytes | None = field(default=None, repr=False, compare=False)
    #: :func:`creator.disclosure.fingerprint.pixels_digest` of the file's pixels (a PNG: exactly the
    #: pixels written); None for a JPEG, whose decoded pixels depend on the decoder.
    pixels_sha256: str | None = field(default=None, compare=False)

    @property
    def mime_type(self) -> str:
        return "image/png" if self.format == "png" else "image/jpeg"
