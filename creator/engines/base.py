"""The engine contract: what the studio asks an engine for, and what an engine promises back.

An engine turns one validated :class:`EngineCall` into a list of RGB PIL images. Engines never
write files and never disclose; the studio (``creator.studio``) decides, discloses and records.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from PIL import Image

from consent.records import AdapterKind
from creator.errors import GenerationError, InputError
from creator.request import Mode

__all__ = [
    "AdapterKind",
    "AdapterSpec",
    "Engine",
    "EngineCall",
    "Mode",
    "ProgressCallback",
    "image_seed",
    "inpaint_mask",
    "INPAINT_CELL",
]

#: ``progress(done, total)``: called after each unit of work (a denoising step, a GAN batch).
ProgressCallback = Callable[[int, int], None]

_MODES: tuple[str, ...] = tuple(m.value for m in Mode)
_ADAPTER_KINDS: tuple[str, ...] = tuple(k.value for k in AdapterKind)
_SHA256_RE = re.compile(r"[0-9a-f]{64}")

#: Bounds that hold for every engine; engines add their own (e.g. divisible by 8).
_MIN_SIDE, _MAX_SIDE = 8, 4096
_MAX_IMAGES = 64
_MAX_STEPS = 1000
_MAX_SEED = 2**63 - 1


def image_seed(seed: int, k: int) -> int:
    """The seed of image ``k`` (from 0) of a call with ``seed``: ``seed + k``, wrapping below 2**63.
    Each image is drawn from its own generator with this seed, so an image's own seed (the one
    signed into its file) makes it again alone (``-n 1``), and image *k* of a batch does not depend
    on the count."""
    return (seed + k) % (_MAX_SEED + 1)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class AdapterSpec:
    """A likeness or style adapter file to apply for one call only.

    ``sha256`` is the digest the consent registry bound to this adapter; the engine refuses a
    file whose bytes hash differently. ``token`` is the placeholder a textual-inversion embedding
    is loaded under (``None``: the token stored in the file); for a LoRA it is the trigger word,
    informational only. ``scale`` is the LoRA strength (ignored for embeddings).
    """

    path: Path
    sha256: str
    kind: AdapterKind
    token: str | None = None
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.path, (str, Path)):
            raise InputError(f"adapter `path` must be a file path, got {type(self.path).__name__}")
        object.__setattr__(self, "path", Path(self.path))
        if not isinstance(self.sha256, str) or not _SHA256_RE.fullmatch(self.sha256):
            raise InputError(
                f"adapter `sha256` must be 64 lowercase hex characters, got {self.sha256!r}"
            )
        if self.kind not in _ADAPTER_KINDS:
            raise InputError(f"adapter `kind` must be one of {_ADAPTER_KINDS}, got {self.kind!r}")
        if self.token is not None and (not isinstance(self.token, str) or not self.token.strip()):
            raise InputError(f"adapter `token` must be a non-empty string or None, got {self.token!r}")
        if not _is_number(self.scale):
            raise InputError(f"adapter `scale` must be a finite number, got {self.scale!r}")


@dataclass(frozen=True)
class EngineCall:
    """One generation call, validated when built: an invalid call cannot exist.

    ``source`` is required for ``img2img`` and ``inpaint`` (any PIL mode; engines convert to
    RGB); ``mask`` is required for ``inpaint`` only, must be mode ``"L"`` (white = repaint) and
    match the source's size. ``strength`` (0, 1] is how far img2img/inpaint may move away from
    the source. Engines add their own limits (supported modes, sizes divisible by 8, …).
    """

    mode: Mode = "text2img"
    prompt: str = ""
    negative_prompt: str | None = None
    source: Image.Image | None = None
    mask: Image.Image | None = None
    strength: float = 0.75
    width: int = 512
    height: int = 512
    steps: int = 30
    guidance: float = 7.5
    seed: int = 0
    num_images: int = 1
    adapters: tuple[AdapterSpec, ...] = field(default=())

    @property
    def image_seeds(self) -> tuple[int, ...]:
        """Each image's seed (:func:`image_seed`)."""
        return tuple(image_seed(self.seed, k) for k in range(self.num_images))

    def __post_init__(self) -> None:
        # 1. Mode and text.
        if self.mode not in _MODES:
            raise InputError(f"`mode` must be one of {_MODES}, got {self.mode!r}")
        if not isinstance(self.prompt, str):
            raise InputError(f"`prompt` must be a string, got {type(self.prompt).__name__}")
        if self.negative_prompt is not None and not isinstance(self.negative_prompt, str):
            raise InputError(
                f"`negative_prompt` must be a string or None, got {type(self.negative_prompt).__name__}"
            )
        # 2. Images: what the mode needs, nothing it would silently ignore.
        self._check_images()
        # 3. Numbers.
        for name in ("width", "height"):
            value = getattr(self, name)
            if not _is_int(value) or not _MIN_SIDE <= value <= _MAX_SIDE:
                raise InputError(f"`{name}` must be an integer in [{_MIN_SIDE}, {_MAX_SIDE}], got {value!r}")
        if not _is_int(self.steps) or not 1 <= self.steps <= _MAX_STEPS:
            raise InputError(f"`steps` must be an integer in [1, {_MAX_STEPS}], got {self.steps!r}")
        if not _is_int(self.num_images) or not 1 <= self.num_images <= _MAX_IMAGES:
            raise InputError(f"`num_images` must be an integer in [1, {_MAX_IMAGES}], got {self.num_images!r}")
        if not _is_int(self.seed) or not 0 <= self.seed <= _MAX_SEED:
            raise InputError(f"`seed` must be an integer in [0, 2**63 - 1], got {self.seed!r}")
        if not _is_number(self.guidance) or self.guidance < 0:
            raise InputError(f"`guidance` must be a finite number >= 0, got {self.guidance!r}")
        if not _is_number(self.strength) or not 0 < self.strength <= 1:
            raise InputError(f"`strength` must be in (0, 1], got {self.strength!r}")
        # 4. Adapters.
        if isinstance(self.adapters, list):
            object.__setattr__(self, "adapters", tuple(self.adapters))
        if not isinstance(self.adapters, tuple) or not all(isinstance(a, AdapterSpec) for a in self.adapters):
            raise InputError(f"`adapters` must be a tuple of AdapterSpec, got {self.adapters!r}")

    def _check_images(self) -> None:
        for name in ("source", "mask"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Image.Image):
                raise InputError(f"`{name}` must be a PIL image or None, got {type(value).__name__}")
        if self.mode == "text2img":
            if self.source is not None or self.mask is not None:
                raise InputError(
                    "mode 'text2img' takes no `source` or `mask`; use mode 'img2img' or 'inpaint' to edit an image"
                )
            return
        if self.source is None:
            raise InputError(f"mode {self.mode!r} needs a `source` image, got None")
        if self.mode == "img2img":
            if self.mask is not None:
                raise InputError("mode 'img2img' takes no `mask`; use mode 'inpaint' to repaint a masked region")
            return
        if self.mask is None:
            raise InputError("mode 'inpaint' needs a `mask` image (mode 'L', white = repaint), got None")
        if self.mask.mode != "L":
            raise InputError(f"`mask` must be a mode 'L' image, got mode {self.mask.mode!r}")
        if self.mask.size != self.source.size:
            raise InputError(
                f"`mask` size must equal `source` size, got mask {self.mask.size} and source {self.source.size}"
            )


@runtime_checkable
class Engine(Protocol):
    """What the studio needs from an engine.

    ``name`` is a short stable identifier; ``model_id`` and ``model_version`` go into the
    disclosure (C2PA software agent, SB 942 system name/version); ``description`` is shown to
    users and says what the engine does and ignores; ``modes`` lists the supported modes.
    An engine that runs no denoising steps sets ``uses_steps = False`` (the GAN): its outputs'
    signed generation settings then name no step count (the studio reads it with ``getattr``,
    default True).
    """

    name: str
    model_id: str
    model_version: str
    description: str
    modes: frozenset[Mode]

    def generate(self, call: EngineCall, progress: ProgressCallback | None = None) -> list[Image.Image]:
        """Return ``call.num_images`` RGB images of ``call.width`` x ``call.height``."""
        ...


# --- helpers shared by the engines in this package (not public) -------------------------------


def _check_supported(name: str, modes: frozenset[str], call: EngineCall) -> None:
    """Raise InputError when ``call`` asks ``name`` for a mode it does not have."""
    if call.mode not in modes:
        raise InputError(
            f"engine {name!r} does not support mode {call.mode!r}; supported: {', '.join(sorted(modes))}"
        )


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_verified(path: Path, expected_sha256: str, what: str) -> bytes:
    """Read ``path`` once and return its bytes only if they hash to ``expected_sha256``.

    Hashing and loading the same bytes leaves no window to swap the file in between.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise GenerationError(f"{what} {str(path)!r} cannot be read: {exc.strerror or exc}") from exc
    actual = _sha256_bytes(data)
    if actual != expected_sha256:
        raise GenerationError(
            f"{what} {str(path)!r} has sha256 {actual}, expected {expected_sha256}; refusing to load it"
        )
    return data


#: Latent cells of diffusion models' VAEs (Stable Diffusion 1.x/2.x/XL, SD3 and Flux: 8 px).
#: The inpaint mask is handed over constant on cells of this size, so whichever pixel of a cell
#: a pipeline samples when it shrinks the mask to its latents (diffusers: the top-left one), it
#: reads what the consent rule read. A model with smaller cells (the tiny test pipelines: 2 px)
#: sees the same mask, 8 px cells being whole numbers of its cells.
INPAINT_CELL = 8


def inpaint_mask(mask: Image.Image, width: int, height: int) -> Image.Image:
    """The inpaint mask an engine hands its model at the output size: grey (``L``), resized with
    the nearest pixel, painted where grey ≥ 128 (diffusers binarises at 0.5), and then painted on
    every whole :data:`INPAINT_CELL`-pixel cell that any painted pixel touches: black and white
    only, constant on each cell. The studio judges which faces an edit repaints on exactly this
    mask (creator.studio ``_repaints``): what the model is told to repaint and what the consent
    rule sees cannot differ — a green mask reads 150 in grey but 0 in its red channel; a mask
    painted on every other row is white everywhere after a halving; and a mask painted on one
    pixel in 8×8 is 1.6 % of a face to a rule that counts pixels, yet all of it to a pipeline
    that keeps one pixel per latent cell (adversary 13). A cell any painted pixel touches is
    repainted, which is what the painter meant at the model's resolution."""
    import numpy as np

    painted = np.asarray(mask.convert("L").resize((width, height), Image.Resampling.NEAREST)) >= 128
    c = INPAINT_CELL
    padded = np.pad(painted, ((0, -height % c), (0, -width % c)))
    cells = padded.reshape(padded.shape[0] // c, c, padded.shape[1] // c, c).any(axis=(1, 3))
    full = np.repeat(np.repeat(cells, c, axis=0), c, axis=1)[:height, :width]
    return Image.fromarray(np.where(full, np.uint8(255), np.uint8(0)), "L")


def _to_rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


def _is_safetensors(data: bytes) -> bool:
    """True when ``data`` starts like a safetensors file (u64 header length, JSON object)."""
    if len(data) < 10:
        return False
    n = int.from_bytes(data[:8], "little")
    if not 2 <= n <= len(data) - 8:
        return False
    try:
        return isinstance(json.loads(data[8 : 8 + n]), dict)
    except ValueError:
        return False
