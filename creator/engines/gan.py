"""Built-in offline engine: a DCGAN that draws faces of nobody, plus user-supplied generators.

The built-in generator comes from the PyPI wheel ``gan-face-generate==1.1.1`` (MIT, see
``weights/LICENSE-gan-face-generate.txt``): a standard DCGAN (nz=100, ngf=64, 64x64 RGB)
trained on DigiFace-1M, a synthetic face set rendered from consented 3D scans. It needs no
network and no download; ``scripts/make_gan_weights.py`` reproduces the packaged file.

Weights are stored as float16 safetensors (7.2 MB instead of 14.3 MB in every clone and wheel)
and upcast to float32 at load, so inference runs in float32 on any CPU. Measured on 64 latents:
the float16 round trip changes at most 1 of 255 grey levels, on about 2% of output pixels.
"""

from __future__ import annotations

import io
import threading
import warnings
import zipfile
from pathlib import Path
from typing import Any

import torch
from PIL import Image, ImageFilter
from safetensors.torch import load as _load_safetensors
from torch import nn

from creator.engines.base import (
    EngineCall,
    Mode,
    ProgressCallback,
    _check_supported,
    _is_safetensors,
    _read_verified,
    _sha256_bytes,
)
from creator.errors import GenerationError, InputError

__all__ = ["BUILTIN_WEIGHTS", "BUILTIN_WEIGHTS_SHA256", "DCGANGenerator", "GanEngine"]

#: The packaged generator weights and their pinned digest (checked on every load).
BUILTIN_WEIGHTS = Path(__file__).resolve().parent / "weights" / "dcgan_digiface.safetensors"
BUILTIN_WEIGHTS_SHA256 = "a67e1123e83762f9c194fbc9eb261599183db42ca9e7f3e8ffbba1eecfc74d30"

_ARCHES = ("dcgan64",)
_BATCH = 16  # latents per forward pass; bounds memory for large num_images
_BUILTIN_DESCRIPTION = (
    "Built-in DCGAN trained on DigiFace-1M (synthetic faces of nobody), 64x64 upscaled to the "
    "requested square size. Text-to-image only: the prompt and negative prompt are ignored, "
    "only the seed chooses the face; steps and guidance do not apply."
)


class DCGANGenerator(nn.Module):
    """The standard DCGAN generator (Radford et al. 2015; PyTorch DCGAN tutorial layout).

    Maps a latent ``(n, nz, 1, 1)`` to an image ``(n, nc, 64, 64)`` in [-1, 1]. Parameter names
    (``main.0.weight``, ``main.1.running_mean``, …) match the ``gan-face-generate`` checkpoint.
    """

    def __init__(self, nz: int = 100, ngf: int = 64, nc: int = 3) -> None:
        super().__init__()
        self.nz, self.ngf, self.nc = nz, ngf, nc
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),  # -> 4x4
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),  # -> 8x8
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),  # -> 16x16
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),  # -> 32x32
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),  # -> 64x64
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.main(z)


class GanEngine:
    """A latent-to-image generator used as a text-to-image engine (the prompt is ignored).

    Build it with :meth:`builtin` (the packaged DigiFace DCGAN) or :meth:`from_path` (a user's
    TorchScript generator, or safetensors weights of a named architecture).

    Determinism: image *k* of a call with seed *s* is drawn from a ``torch.Generator`` seeded with
    *s + k* (:func:`creator.engines.base.image_seed`), so the same seed and count give identical
    images, image *k* does not depend on the count, and each image's own seed makes it alone.

    Display size: the generator's native output (64x64 for ``dcgan64``) is first smoothed with
    a Gaussian blur of radius 0.5 native pixels, which damps the transposed-convolution
    checkerboard that plain interpolation would magnify, then resized to the requested square
    size with Lanczos (sharp edges, no blockiness). Only square sizes are produced; a
    non-square request raises :class:`InputError` rather than cropping or stretching a face.
    """

    modes: frozenset[Mode] = frozenset({"text2img"})
    #: One forward pass per image: a request's step count is not used (nor signed as a setting).
    uses_steps: bool = False
    #: The packaged DCGAN's weights, checked by digest when loaded: its faces are upright by
    #: construction (aligned training crops, latents drawn from a seed, no image input), so the
    #: studio scans its outputs with ``consent.likeness.upright_output_scan``'s profile. Set only by
    #: :meth:`_from_safetensors` for a file that hashes to :data:`BUILTIN_WEIGHTS_SHA256`.
    upright_faces_only: bool = False

    def __init__(
        self,
        module: nn.Module,
        *,
        nz: int,
        name: str,
        model_id: str,
        model_version: str,
        weights_sha256: str,
        description: str,
        device: str = "cpu",
        native_size: tuple[int, int] | None = None,
    ) -> None:
        self.name = name
        self.model_id = model_id
        self.model_version = model_version
        self.weights_sha256 = weights_sha256
        self.description = description
        self.nz = nz
        self._device = torch.device(device)
        self._module = module.to(self._device).eval()
        self._lock = threading.Lock()
        # a named architecture's output size is known; any other module is run once to learn
        # it (and to fail now, not on a creator's request, if it returns the wrong shape)
        self._native_size = native_size or self._probe_native_size()

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def builtin(cls, *, device: str = "cpu", weights: str | Path = BUILTIN_WEIGHTS) -> GanEngine:
        """The packaged DigiFace DCGAN, verified against :data:`BUILTIN_WEIGHTS_SHA256`.

        ``weights`` may point at another copy of the packaged file (a mirror, an unpacked
        install); it must hash to the same pinned digest or :class:`GenerationError` is raised.
        """
        return cls._from_safetensors(
            Path(weights),
            arch="dcgan64",
            nz=None,
            ngf=None,
            expected_sha256=BUILTIN_WEIGHTS_SHA256,
            name="dcgan-digiface",
            model_id="gan-face-generate/dcgan-digiface-64",
            model_version="1.1.1",
            description=_BUILTIN_DESCRIPTION,
            device=device,
        )

    @classmethod
    def from_path(
        cls,
        path: str | Path,
        arch: str | None = None,
        *,
        nz: int | None = None,
        ngf: int | None = None,
        sha256: str | None = None,
        name: str | None = None,
        device: str = "cpu",
    ) -> GanEngine:
        """Load a user's generator.

        - ``arch=None``: ``path`` is a TorchScript module (``torch.jit.save``) mapping
          ``(n, nz, 1, 1)`` latents to ``(n, 3, H, W)`` images in [-1, 1]. ``nz`` is taken from
          the argument, else the module's ``nz`` attribute, else its first 4-D weight.
          TorchScript is code: load only files you trust.
        - ``arch="dcgan64"``: ``path`` is a safetensors state dict of :class:`DCGANGenerator`;
          ``nz``/``ngf`` are read from the weight shapes and, when given, must agree with them.

        ``sha256``, when given, pins the file: other bytes raise :class:`GenerationError`.
        ``model_version`` is ``sha256:<first 16 hex digits of the file>``.
        """
        path = Path(path)
        common: dict[str, Any] = {
            "name": name or path.stem,
            "model_id": path.name,
            "model_version": None,
            "description": (
                f"User GAN generator {path.name}. Text-to-image only: the prompt is ignored, "
                "only the seed chooses the image; steps and guidance do not apply."
            ),
            "device": device,
        }
        if arch is None:
            if ngf is not None:
                raise InputError(f"`ngf` applies only with a named `arch`, got ngf={ngf!r} and arch=None")
            return cls._from_torchscript(path, nz=nz, expected_sha256=sha256, **common)
        return cls._from_safetensors(path, arch=arch, nz=nz, ngf=ngf, expected_sha256=sha256, **common)

    @classmethod
    def _from_safetensors(
        cls,
        path: Path,
        *,
        arch: str,
        nz: int | None,
        ngf: int | None,
        expected_sha256: str | None,
        model_version: str | None,
        **kwargs: Any,
    ) -> GanEngine:
        if arch not in _ARCHES:
            raise InputError(f"`arch` must be one of {_ARCHES} (or None for TorchScript), got {arch!r}")
        data, digest = _read(path, expected_sha256, "GAN weights file")
        if not _is_safetensors(data):
            raise GenerationError(f"GAN weights file {str(path)!r} is not a safetensors file (arch={arch!r})")
        try:
            state = _load_safetensors(data)
        except Exception as exc:  # safetensors raises its own SafetensorError
            raise GenerationError(f"GAN weights file {str(path)!r} cannot be parsed as safetensors: {exc}") from exc
        first = state.get("main.0.weight")
        if first is None or first.dim() != 4:
            raise GenerationError(
                f"GAN weights file {str(path)!r} has no 4-D 'main.0.weight'; it is not a {arch} generator"
            )
        found_nz, found_ngf = int(first.shape[0]), int(first.shape[1]) // 8
        for label, given, found in (("nz", nz, found_nz), ("ngf", ngf, found_ngf)):
            if given is not None and given != found:
                raise GenerationError(
                    f"GAN weights file {str(path)!r} has {label}={found} but {label}={given} was given"
                )
        # Built on the meta device and then given the file's tensors (assign=True): a random
        # initialisation that the weights overwrite at once is skipped; shapes and names are
        # checked exactly as a plain load_state_dict checks them.
        with torch.device("meta"):
            module = DCGANGenerator(nz=found_nz, ngf=found_ngf)
        try:
            module.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()},
                                   assign=True)
        except RuntimeError as exc:
            raise GenerationError(
                f"GAN weights file {str(path)!r} does not fit {arch} with nz={found_nz}, ngf={found_ngf}: {exc}"
            ) from exc
        engine = cls(
            module,
            nz=found_nz,
            native_size=(64, 64),  # dcgan64: (n, 3, 64, 64) by construction
            weights_sha256=digest,
            model_version=model_version or f"sha256:{digest[:16]}",
            **kwargs,
        )
        engine.upright_faces_only = digest == BUILTIN_WEIGHTS_SHA256
        return engine

    @classmethod
    def _from_torchscript(
        cls,
        path: Path,
        *,
        nz: int | None,
        expected_sha256: str | None,
        model_version: str | None,
        **kwargs: Any,
    ) -> GanEngine:
        data, digest = _read(path, expected_sha256, "GAN TorchScript file")
        if not zipfile.is_zipfile(io.BytesIO(data)):
            hint = " (looks like safetensors: pass arch='dcgan64')" if _is_safetensors(data) else ""
            raise GenerationError(f"GAN TorchScript file {str(path)!r} is not a TorchScript archive{hint}")
        try:
            with warnings.catch_warnings():  # TorchScript is deprecated upstream but still loads
                warnings.simplefilter("ignore", DeprecationWarning)
                module = torch.jit.load(io.BytesIO(data), map_location="cpu")
        except Exception as exc:  # torch raises RuntimeError or its own JIT errors
            raise GenerationError(f"GAN TorchScript file {str(path)!r} cannot be loaded: {exc}") from exc
        found_nz = nz if nz is not None else _torchscript_nz(module)
        if found_nz is None:
            raise GenerationError(
                f"GAN TorchScript file {str(path)!r}: cannot tell its latent size; pass nz=…"
            )
        return cls(
            module,
            nz=found_nz,
            weights_sha256=digest,
            model_version=model_version or f"sha256:{digest[:16]}",
            **kwargs,
        )

    # --- generation ---------------------------------------------------------------------------

    def generate(self, call: EngineCall, progress: ProgressCallback | None = None) -> list[Image.Image]:
        """Return ``call.num_images`` RGB images of ``call.width`` x ``call.height`` (square)."""
        # 1. Check inputs.
        _check_supported(self.name, self.modes, call)
        if call.width != call.height:
            raise InputError(
                f"engine {self.name!r} makes square images; `width` and `height` must be equal but are "
                f"{call.width} and {call.height}"
            )
        if call.adapters:
            raise InputError(
                f"engine {self.name!r} cannot apply adapters; got {len(call.adapters)} "
                f"({', '.join(str(a.path) for a in call.adapters)})"
            )
        # 2. Draw each image's latent from a generator seeded with that image's own seed.
        latents = torch.stack([torch.randn(self.nz, 1, 1, generator=torch.Generator(device="cpu").manual_seed(s))
                               for s in call.image_seeds])
        # 3. Run the generator in batches.
        images: list[Image.Image] = []
        with self._lock, torch.inference_mode():
            for start in range(0, call.num_images, _BATCH):
                out = self._forward(latents[start : start + _BATCH])
                images.extend(self._to_display(x, call.width) for x in out)
                if progress is not None:
                    progress(len(images), call.num_images)
        return images

    def _forward(self, z: torch.Tensor) -> torch.Tensor:
        try:
            out = self._module(z.to(self._device))
        except Exception as exc:
            raise GenerationError(f"GAN {self.name!r} failed on latents of shape {tuple(z.shape)}: {exc}") from exc
        if not isinstance(out, torch.Tensor) or out.dim() != 4 or out.shape[0] != z.shape[0] or out.shape[1] != 3:
            shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
            raise GenerationError(f"GAN {self.name!r} returned {shape}, expected ({z.shape[0]}, 3, H, W)")
        if not torch.isfinite(out).all():
            raise GenerationError(f"GAN {self.name!r} returned non-finite values")
        return out.float().cpu()

    def _to_display(self, x: torch.Tensor, size: int) -> Image.Image:
        array = ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(1, 2, 0).numpy()
        image = Image.fromarray(array)
        if image.size == (size, size):
            return image
        if size > max(image.size):
            image = image.filter(ImageFilter.GaussianBlur(radius=0.5))
        return image.resize((size, size), Image.Resampling.LANCZOS)

    def _probe_native_size(self) -> tuple[int, int]:
        with torch.inference_mode():
            out = self._forward(torch.zeros(1, self.nz, 1, 1))
        return int(out.shape[3]), int(out.shape[2])

    @property
    def native_size(self) -> tuple[int, int]:
        """(width, height) the generator itself produces, before display resizing."""
        return self._native_size

    def __repr__(self) -> str:
        return f"GanEngine(name={self.name!r}, model_id={self.model_id!r}, model_version={self.model_version!r})"


def _read(path: Path, expected_sha256: str | None, what: str) -> tuple[bytes, str]:
    if expected_sha256 is not None:
        data = _read_verified(path, expected_sha256, what)
        return data, expected_sha256
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GenerationError(f"{what} {str(path)!r} cannot be read: {exc.strerror or exc}") from exc
    return data, _sha256_bytes(data)


def _torchscript_nz(module: Any) -> int | None:
    nz = getattr(module, "nz", None)
    if isinstance(nz, int) and nz > 0:
        return nz
    for tensor in module.state_dict().values():
        if tensor.dim() == 4:  # first (transposed) convolution: (nz, out, k, k)
            return int(tensor.shape[0])
    return None
