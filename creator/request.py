"""Typed, self-validating generation requests and results.

A :class:`GenerationRequest` that exists is a request whose every field is in range and
whose images decode safely: corrupt files, decompression bombs, over-large uploads and a
mask that does not match its source are refused at construction with an
:class:`~creator.errors.InputError` that names the field and repeats the bad value.
"""

from __future__ import annotations

import hashlib
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from enum import StrEnum

from PIL import Image

from consent.records import ISO_3166_ALPHA2
from creator.errors import InputError

__all__ = [
    "GenerationRequest",
    "GenerationResult",
    "InputImage",
    "OutputFile",
    "BlockedOutput",
    "Mode",
    "EngineName",
    "MAX_IMAGES",
    "MAX_REFERENCES",
    "MODE_OPERATIONS",
    "MAX_INPUT_BYTES",
    "MAX_INPUT_PIXELS",
]



class Mode(StrEnum):
    """What a generation does with its inputs (the CLI's ``--mode``, the UI's Mode radio)."""

    TEXT2IMG = "text2img"
    IMG2IMG = "img2img"
    INPAINT = "inpaint"


#: The operations (consent.records.Operation) that describe each mode, the default first: what a
#: grant's ``operations`` are checked against. Text-to-image makes new pictures of a person; an
#: edit of a source image edits existing footage, or replaces a face in it.
MODE_OPERATIONS: dict[str, tuple[str, ...]] = {
    "text2img": ("likeness_generation",),
    "img2img": ("footage_edit", "face_replacement"),
    "inpaint": ("footage_edit", "face_replacement"),
}


def _number(value: object) -> float | None:
    """``value`` as a float, or None when it is no real number (text, a bool, an integer too
    large for a float: a JSON client can send 1e400 written out as an integer)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _short_repr(value: object, limit: int = 40) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer with more digits than Python will print
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits" if isinstance(value, int) else "?"
    return text if len(text) <= limit else text[:limit] + "…"


class EngineName(StrEnum):
    """The engines a request may name (the CLI's ``--engine``, the UI's Engine radio)."""

    GAN = "gan"
    DIFFUSION = "diffusion"


#: Longest prompt (and negative prompt), in characters.
MAX_PROMPT = 4000


def _check_text(name: str, value: str | None, limit: int, bad) -> None:
    """Text fields are valid UTF-8 (no lone surrogates, as undecodable command-line bytes become),
    carry no NUL or other control characters except tab and newline, and respect their length cap."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        bad(f"`{name}` is not valid UTF-8 text (undecodable bytes); expected readable text")
    if len(value) > limit:
        bad(f"`{name}` is {len(value)} characters; the limit is {limit}")
    if any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in value):
        bad(f"`{name}` contains control characters; expected plain text")


_MODEL_NAME = __import__("re").compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def _values(enum: type[StrEnum]) -> list[str]:
    return [e.value for e in enum]
#: Largest input file accepted (bytes) and largest decoded input (pixels): 40 MiB, 40 MP.
MAX_INPUT_BYTES = 40 * 1024 * 1024
MAX_INPUT_PIXELS = 40_000_000
#: Output side limits. The invisible watermark needs ≥ 256 px on the short side.
MIN_SIDE, MAX_SIDE = 256, 2048
MAX_IMAGES = 8
#: Most reference images one request may carry (each is decoded, face-scanned and signed in).
MAX_REFERENCES = 8


@dataclass(frozen=True)
class InputImage:
    """An input image, decoded ONCE into its canonical pixels (:mod:`consent.imaging`).

    ``data`` keeps the original bytes (for C2PA ingredients and digests). ``format``,
    ``width`` and ``height`` describe the canonical pixels — EXIF orientation applied,
    transparency composited over white — which are exactly what the likeness scan sees and
    what :meth:`open` hands an engine: they cannot differ. Values passed in must agree with
    the decoded image, so an InputImage cannot misdescribe its content.
    """

    field: str
    data: bytes
    format: str | None = None
    width: int | None = None
    height: int | None = None
    name: str = ""

    def __post_init__(self) -> None:
        from consent.errors import ImageInvalid
        from consent.imaging import decode

        if not isinstance(self.data, (bytes, bytearray)):
            raise InputError(f"`{self.field}` must be image bytes, got {type(self.data).__name__}")
        try:
            canon = decode(bytes(self.data), field=self.field, max_bytes=MAX_INPUT_BYTES, max_pixels=MAX_INPUT_PIXELS,
                           as_mask=self.field == "mask")
        except ImageInvalid as e:
            raise InputError(str(e)) from None
        if min(canon.size) < 1:
            raise InputError(f"`{self.field}` is {canon.width}x{canon.height}; an image needs at least one pixel")
        for attr, real in (("format", canon.format), ("width", canon.width), ("height", canon.height)):
            given = getattr(self, attr)
            if given is not None and given != real:
                raise InputError(f"`{self.field}`: {attr} given as {given!r}, but the image bytes say {real!r}")
            object.__setattr__(self, attr, real)
        object.__setattr__(self, "data", bytes(self.data))
        object.__setattr__(self, "_canonical", canon)

    @property
    def canonical(self):
        """The decoded image every consumer uses (:class:`consent.imaging.CanonicalImage`)."""
        return self._canonical  # type: ignore[attr-defined]

    @property
    def sha256(self) -> str:
        return self.canonical.sha256

    def open(self, mode: str = "RGB") -> Image.Image:
        """A fresh copy of the canonical pixels (``mode="L"`` for a mask)."""
        im = self.canonical.pil()
        return im if mode == "RGB" else im.convert(mode)

    @classmethod
    def load(cls, field: str, src: str | Path | bytes) -> "InputImage":
        """From a path (a regular file, checked and size-capped on the open file) or bytes."""
        from consent.input_files import read_regular_file

        name = ""
        if isinstance(src, (str, Path)):
            p = Path(src)
            name = p.name
            try:
                # checked on the open descriptor, not by a look at the path first: a FIFO or a
                # device swapped in after the look was read (session 57 noticed)
                data = read_regular_file(p, f"`{field}`: {p.name!r}", MAX_INPUT_BYTES, error=InputError)
            except OSError as e:
                raise InputError(f"`{field}`: cannot read {p.name!r}: {e.strerror or e}") from None
        elif isinstance(src, (bytes, bytearray)):
            data = bytes(src)
        else:
            raise InputError(f"`{field}` must be a file path or bytes, got {type(src).__name__}")
        return cls(field=field, data=data, name=name)


@dataclass(frozen=True)
class GenerationRequest:
    """What the user asks for. Validated when built: an invalid request cannot exist.

    ``subjects`` are the registered people/personas the user declares; the studio also
    finds likenesses the user did not declare (names in the prompt, faces in the source
    and reference images, adapters bound to a subject) and denies unknown ones.
    """

    grantee: str
    purpose: str
    #: Where the output will be used: one ISO 3166 alpha-2 code, e.g. "US", "FR".
    territory: str
    engine: str = "gan"
    model: str | None = None
    mode: str = "text2img"
    prompt: str = ""
    negative_prompt: str = ""
    subjects: tuple[str, ...] = ()
    adapters: tuple[str, ...] = ()
    media: str = "still_image"
    project: str | None = None
    content_flags: frozenset[str] = frozenset()
    source: InputImage | None = None
    mask: InputImage | None = None
    references: tuple[InputImage, ...] = ()
    width: int = 512
    height: int = 512
    steps: int = 20
    guidance: float = 7.5
    strength: float = 0.75
    seed: int | None = None
    num_images: int = 1
    operation: str | None = None  # derived from mode when None
    #: The label's corner and the file format for this request (None: the studio's defaults);
    #: ``Studio`` refuses values the active disclosure profile does not allow.
    label_position: str | None = None
    output_format: str | None = None

    def __post_init__(self) -> None:
        def bad(msg: str) -> None:
            raise InputError(msg)

        # Types first: a wrong type is an InputError naming the field, never a TypeError later.
        for name in ("grantee", "purpose", "territory", "engine", "mode", "prompt", "negative_prompt", "media"):
            if not isinstance(getattr(self, name), str):
                bad(f"`{name}` must be text, got {type(getattr(self, name)).__name__} {getattr(self, name)!r}")
        for name in ("model", "project", "operation", "label_position", "output_format"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, str):
                bad(f"`{name}` must be text or None, got {type(v).__name__} {v!r}")
        if self.seed is not None and (isinstance(self.seed, bool) or not isinstance(self.seed, int)):
            bad(f"`seed` must be an integer or None, got {type(self.seed).__name__} {self.seed!r}")
        for name in ("guidance", "strength"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                bad(f"`{name}` must be a number, got {type(v).__name__} {v!r}")
        for name in ("subjects", "adapters", "references", "content_flags"):
            v = getattr(self, name)
            if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
                bad(f"`{name}` must be a list, got {type(v).__name__} {v!r}")
        for name in ("subjects", "content_flags"):
            for item in getattr(self, name):
                if not isinstance(item, str):
                    bad(f"`{name}` must hold text, got {type(item).__name__} {item!r}")
        for item in self.adapters:
            if not isinstance(item, (str, Path)):
                bad(f"`adapters` must hold file paths, got {type(item).__name__} {item!r}")
        for name in ("source", "mask"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, InputImage):
                bad(f"`{name}` must be an InputImage (use GenerationRequest.build for paths/bytes), got {type(v).__name__}")
        object.__setattr__(self, "references", tuple(self.references))
        if len(self.references) > MAX_REFERENCES:
            bad(f"`references` holds {len(self.references)} images; at most {MAX_REFERENCES} are accepted")
        for item in self.references:
            if not isinstance(item, InputImage):
                bad(f"`references` must hold InputImage objects, got {type(item).__name__}")

        if not self.grantee.strip():
            bad("`grantee` is required (who is generating, as named in grants), got an empty value")
        if not self.purpose.strip():
            bad("`purpose` is required (e.g. 'art', 'advertising', 'film_reshoot'), got an empty value")
        if self.model is not None and not _MODEL_NAME.match(self.model):
            bad(f"`model` must be the name of a registered model (letters, digits, '.', '_', ':' or '-'; see "
                f"`consent-studio model list`), got {self.model[:80]!r}; files on the server are never opened by path")
        if self.engine not in _values(EngineName):
            bad(f"`engine` must be one of {_values(EngineName)}, got {self.engine!r}")
        if self.mode not in _values(Mode):
            bad(f"`mode` must be one of {_values(Mode)}, got {self.mode!r}")
        if self.engine == "gan" and self.mode != "text2img":
            bad(f"the GAN engine supports only mode 'text2img', got {self.mode!r}")
        for name in ("width", "height"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not (MIN_SIDE <= v <= MAX_SIDE):
                bad(f"`{name}` must be an integer in [{MIN_SIDE}, {MAX_SIDE}], got {v!r}")
        if self.engine == "diffusion" and (self.width % 8 or self.height % 8):
            bad(f"`height` and `width` have to be divisible by 8 but are {self.height} and {self.width}.")
        if isinstance(self.num_images, bool) or not isinstance(self.num_images, int) or not (1 <= self.num_images <= MAX_IMAGES):
            bad(f"`num_images` must be in [1, {MAX_IMAGES}], got {self.num_images!r}")
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or not (1 <= self.steps <= 200):
            bad(f"`steps` must be in [1, 200], got {self.steps!r}")
        guidance, strength = _number(self.guidance), _number(self.strength)
        if guidance is None or not (0.0 <= guidance <= 50.0):
            bad(f"`guidance` must be in [0, 50], got {_short_repr(self.guidance)}")
        if strength is None or not (0.0 < strength <= 1.0):
            bad(f"`strength` must be in (0, 1], got {_short_repr(self.strength)}")
        if self.seed is not None and (not isinstance(self.seed, int) or not (0 <= self.seed < 2**63)):
            bad(f"`seed` must be a non-negative integer below 2**63, got {self.seed!r}")
        for name, limit in (("prompt", MAX_PROMPT), ("negative_prompt", MAX_PROMPT), ("grantee", 200), ("purpose", 64),
                            ("territory", 16), ("media", 64), ("project", 200), ("model", 128), ("operation", 64),
                            ("label_position", 32), ("output_format", 16)):
            _check_text(name, getattr(self, name), limit, bad)
        for sid in self.subjects:
            _check_text("subjects", sid, 128, bad)
            if not sid.strip().isprintable():  # an id is one line of text: no newline, tab or format character
                bad(f"`subjects` entry {sid.strip()!r} is not a subject id: it contains line breaks or control "
                    "characters; expected a registered id such as 'jane-doe'")
        for flag in self.content_flags:
            _check_text("content_flags", flag, 64, bad)
        if self.mode in ("img2img", "inpaint") and self.source is None:
            bad(f"mode {self.mode!r} needs a `source` image")
        if self.mode == "inpaint" and self.mask is None:
            bad("mode 'inpaint' needs a `mask` image (white = repaint)")
        if self.mask is not None and self.mode != "inpaint":
            bad(f"a `mask` is only used with mode 'inpaint', got mode {self.mode!r}")
        if self.mask is not None and self.source is not None:
            if (self.mask.width, self.mask.height) != (self.source.width, self.source.height):
                bad(
                    f"`mask` is {self.mask.width}x{self.mask.height} but `source` is "
                    f"{self.source.width}x{self.source.height}; they must match"
                )
        if self.mask is not None and self.mask.open("L").getextrema()[1] < 128:  # grey, as engines read it
            # inpainting pipelines keep every pixel under half white: this mask changes nothing
            bad("`mask` repaints nothing: it is black (or transparent) everywhere; paint white where the picture "
                "should change (on a transparent layer, any opaque paint counts)")
        if self.source is not None and self.mode == "text2img":
            bad("a `source` image needs mode 'img2img' or 'inpaint', got mode 'text2img'")
        object.__setattr__(self, "subjects", tuple(dict.fromkeys(s.strip() for s in self.subjects if s.strip())))
        object.__setattr__(self, "adapters", tuple(str(a) for a in self.adapters))
        object.__setattr__(self, "content_flags", frozenset(self.content_flags))
        # ASCII letters only before upper(): "ﬁ" upper-cases to "FI" and "ıt" to "IT" (red team, session 54)
        terr = self.territory.strip().upper() if self.territory.strip().isascii() else self.territory.strip()
        if terr not in ISO_3166_ALPHA2:  # "ZZ" and "QQ" are two letters and no country's (user audit)
            bad(f"`territory` must be one ISO 3166 alpha-2 code such as 'US' or 'FR', got {self.territory!r}"
                + (", which is no country's code" if len(terr) == 2 and terr.isalpha() and terr.isascii()
                   else " (Latin letters A to Z only)" if not terr.isascii() else ""))
        object.__setattr__(self, "territory", terr)
        if self.operation is None:
            object.__setattr__(self, "operation", MODE_OPERATIONS[self.mode][0])
        elif self.operation not in MODE_OPERATIONS[self.mode]:
            # The operation is what a grant's "operations" are checked against: a request may
            # name a narrower one for its mode (an inpaint that replaces a face), never one that
            # does not describe what the mode does (new pictures called "an edit of footage").
            bad(f"`operation` {self.operation!r} does not describe mode {self.mode!r}; expected one of "
                f"{list(MODE_OPERATIONS[self.mode])}")

    @classmethod
    def build(
        cls,
        *,
        source: str | Path | bytes | None = None,
        mask: str | Path | bytes | None = None,
        references: tuple[str | Path | bytes, ...] | list = (),
        **kwargs,
    ) -> "GenerationRequest":
        """Build a request from file paths/bytes for the images (decoded safely here)."""
        references = tuple(references)
        if len(references) > MAX_REFERENCES:  # before decoding any of them
            raise InputError(f"`references` holds {len(references)} images; at most {MAX_REFERENCES} are accepted")
        return cls(
            source=InputImage.load("source", source) if source is not None else None,
            mask=InputImage.load("mask", mask) if mask is not None else None,
            references=tuple(InputImage.load(f"references[{i}]", r) for i, r in enumerate(references)),
            **kwargs,
        )

    @property
    def is_edit(self) -> bool:
        return self.source is not None

    def describe(self) -> dict:
        """Every generation setting as plain JSON values (input images by sha256, never their
        bytes): what a job record and a user's history show next to the seed actually used."""
        return {
            "engine": self.engine, "model": self.model, "mode": self.mode, "prompt": self.prompt,
            "negative_prompt": self.negative_prompt, "subjects": list(self.subjects),
            "adapters": [Path(a).name for a in self.adapters], "purpose": self.purpose,
            "operation": self.operation, "territory": self.territory, "media": self.media,
            "grantee": self.grantee, "project": self.project, "content_flags": sorted(self.content_flags),
            "source": self.source.sha256 if self.source else None,
            "mask": self.mask.sha256 if self.mask else None,
            "references": [r.sha256 for r in self.references],
            "width": self.width, "height": self.height, "steps": self.steps,
            "guidance": float(self.guidance), "strength": float(self.strength), "seed": self.seed,
            "num_images": self.num_images, "label_position": self.label_position,
            "output_format": self.output_format,
        }

    def for_the_person(self) -> dict:
        """What an approve-each-use request shows the person asked (``consent.approvals``): the
        prompt and every setting that changes the picture, the input images by digest, models
        and adapters by name (never a server path). Covered by :meth:`digest`: a request that
        differs in any of these is another request and waits for its own approval."""
        def name(v: object) -> str:
            return Path(str(v)).name or str(v)

        return {
            "mode": self.mode, "engine": self.engine, "model": name(self.model) if self.model else None,
            "prompt": self.prompt, "negative_prompt": self.negative_prompt,
            "subjects": list(self.subjects), "adapters": [name(a) for a in self.adapters],
            "source": self.source.sha256 if self.source else None,
            "mask": self.mask.sha256 if self.mask else None,
            "references": [r.sha256 for r in self.references],
            "width": self.width, "height": self.height, "num_images": self.num_images,
            "seed": self.seed, "strength": self.strength if self.source is not None else None,
            **({"previews": self.previews()} if self.source is not None or self.references else {}),
        }

    #: the longest side of an input's preview kept for the person (px), and how many references
    PREVIEW_SIDE = 192
    PREVIEW_REFERENCES = 4

    def previews(self) -> dict:
        """Small JPEG previews (base64) of the input images, for the person asked to approve each use
        (red team 68: the approval page showed a source only as a fingerprint, so a person who must see
        each request approved one whose picture they never saw): the source with the mask's area
        tinted red, and the first references."""
        import base64
        import io

        from PIL import Image

        def jpeg(im: Image.Image) -> str:
            im = im.convert("RGB")
            im.thumbnail((self.PREVIEW_SIDE, self.PREVIEW_SIDE))
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=75)
            return base64.b64encode(buf.getvalue()).decode("ascii")

        out: dict = {}
        if self.source is not None:
            src = self.source.open("RGB")
            if self.mask is not None:
                mask = self.mask.open("L").resize(src.size)
                src = Image.composite(Image.blend(src, Image.new("RGB", src.size, (230, 30, 30)), 0.55), src, mask)
            out["source"] = jpeg(src)
        if self.references:
            out["references"] = [jpeg(r.open("RGB")) for r in self.references[:self.PREVIEW_REFERENCES]]
        return out

    def adapter_digests(self) -> tuple[str, ...]:
        """The sha256 of each adapter file, in order: read once per request, then kept with it.

        The studio's likeness scan binds each adapter to its subject by this digest, the engine
        loads only bytes with this digest (``AdapterSpec``), and :meth:`digest` — the key of an
        approve-each-use approval — holds it: what was approved, decided and loaded is one file
        whatever lies at its path later (red team 33). A file that cannot be read raises
        :class:`~consent.errors.RecordInvalid` and nothing is kept."""
        kept = self.__dict__.get("_adapter_sha256")
        if kept is None:
            from consent.operations import sha256_file

            digests = tuple(sha256_file(Path(a), what="adapter file") for a in self.adapters)
            kept = self.__dict__.setdefault("_adapter_sha256", digests)  # (the first read wins: one answer per request)
        return kept

    def digest(self) -> str:
        """sha256 over the request's canonical description (prompt, settings, input digests, and
        each adapter's file digest: :meth:`adapter_digests`)."""
        import json

        d = {
            "engine": self.engine, "model": self.model, "mode": self.mode, "prompt": self.prompt,
            "negative_prompt": self.negative_prompt, "subjects": list(self.subjects),
            "adapters": list(self.adapters), "purpose": self.purpose, "operation": self.operation,
            "territory": self.territory, "media": self.media, "grantee": self.grantee,
            "project": self.project, "content_flags": sorted(self.content_flags),
            "source": self.source.sha256 if self.source else None,
            "mask": self.mask.sha256 if self.mask else None,
            "references": [r.sha256 for r in self.references],
            "width": self.width, "height": self.height, "steps": self.steps,
            "guidance": self.guidance, "strength": self.strength, "seed": self.seed,
            "num_images": self.num_images,
        }
        # Only when chosen, so requests without them keep the digests recorded before these existed.
        for name in ("label_position", "output_format"):
            if getattr(self, name) is not None:
                d[name] = getattr(self, name)
        if self.adapters:  # the files, not only their paths: another file at an approved path is another request
            from consent.errors import RecordInvalid

            try:
                d["adapter_sha256"] = list(self.adapter_digests())
            except RecordInvalid:  # unreadable (the studio refuses such a request before deciding anything)
                d["adapter_sha256"] = None
        return hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class OutputFile:
    """A disclosed output: the signed file on disk and its exact bytes (never a bare PIL image)."""

    path: Path
    data: bytes = field(repr=False)
    sha256: str
    format: str
    width: int
    height: int
    watermark_payload: str
    manifest_label: str | None = None


@dataclass(frozen=True)
class BlockedOutput:
    """An output that was generated but blocked by the output face scan (never written).

    ``reasons`` in full (the audit log, operators, the CLI); ``shown``: the same as a creator
    may read them — a registered person's face is that face, never who (empty: as ``reasons``)."""

    index: int
    reasons: tuple[str, ...]
    shown: tuple[str, ...] = ()

    @property
    def shown_reasons(self) -> tuple[str, ...]:
        return self.shown or self.reasons


@dataclass(frozen=True)
class GenerationResult:
    outputs: tuple[OutputFile, ...]
    decision: object  # consent.policy.Decision
    blocked: tuple[BlockedOutput, ...] = ()
    request_digest: str = ""
    #: The seed the engine actually ran with (drawn at random when the request had none).
    seed: int | None = None

    @property
    def paths(self) -> list[Path]:
        return [o.path for o in self.outputs]
