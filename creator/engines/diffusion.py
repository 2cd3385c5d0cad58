"""Diffusers engine: any local diffusers pipeline, offline, with per-call adapters.

Models load only from this machine: a diffusers folder, a single-file checkpoint, or a hub id
that is already in the local Hugging Face cache (``local_files_only=True``; nothing is
downloaded). Text-to-image, img2img and inpainting share one set of weights through
``AutoPipelineFor*.from_pipe``. The pipeline's own safety checker, if any, is kept as loaded.

Adapters (LoRA, textual-inversion embeddings) are applied for one call only: their bytes are
read once, checked against the sha256 the consent registry bound to them, loaded from those
same bytes, and removed again before the call returns, so one request's likeness adapter never
reaches the next request. Calls are serialised by a lock for the same reason.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
from PIL import Image

from creator.engines.base import (
    AdapterSpec,
    EngineCall,
    Mode,
    ProgressCallback,
    _check_supported,
    _is_safetensors,
    inpaint_mask,
    _read_verified,
    _to_rgb,
)
from creator.errors import CreatorError, GenerationError, InputError, ModelUnavailable

log = logging.getLogger(__name__)

__all__ = ["DiffusionEngine"]

_HUB_ID_RE = re.compile(r"[A-Za-z0-9][\w.\-]*/[\w.\-]+")
#: transformers replaces some attention implementations by kernels it downloads from the Hugging
#: Face Hub and runs (the ``kernels`` package); the studio runs only what an operator registered, so
#: that is switched off for this process (read by transformers at each load), besides the configs
#: that name one being refused at registration (``consent.model_files.SAFE_ATTENTION``; red team s63c)
os.environ["USE_HUB_KERNELS"] = "NO"

_SINGLE_FILE_SUFFIXES = (".safetensors", ".ckpt", ".pt", ".bin")
_MIN_VOCAB = 100  # a real CLIP tokenizer has ~49k tokens; the offline trap gives 2 or 3
_ADAPTER_PREFIX = "cs_adapter_"


class DiffusionEngine:
    """A diffusers pipeline as a studio engine.

    ``model`` is a local diffusers folder, a single-file checkpoint (``.safetensors``/``.ckpt``;
    its component configs come from ``config``, a local diffusers folder or a cached hub id),
    or a hub id already in the Hugging Face cache (``cache_dir``: another cache folder than the
    default ``HF_HUB_CACHE``). Anything else raises :class:`ModelUnavailable` without touching
    the network. ``model_version`` is the cached revision for hub ids, else a fingerprint of
    the folder (config bytes, file names and sizes) or of the checkpoint (size, first and last
    MiB): cheap enough for multi-GB weights, and it changes when the weights are replaced.
    """

    def __init__(
        self,
        model: str | Path,
        device: str = "cpu",
        dtype: torch.dtype | str = torch.float32,
        *,
        config: str | Path | None = None,
        name: str | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        torch_dtype = _as_dtype(dtype)
        pipe, model_id, model_version = _load_pipeline(str(model), torch_dtype, config, cache_dir)
        self._init(pipe, name=name or model_id.removeprefix("local:").rstrip("/").split("/")[-1], model_id=model_id,
                   model_version=model_version, device=device)

    @classmethod
    def from_pipeline(
        cls,
        pipe: Any,
        *,
        model_id: str,
        model_version: str,
        name: str | None = None,
        device: str = "cpu",
    ) -> DiffusionEngine:
        """Wrap an already-built pipeline (benchmarks, programmatic use)."""
        engine = cls.__new__(cls)
        engine._init(pipe, name=name or model_id, model_id=model_id, model_version=model_version, device=device)
        return engine

    def _init(self, pipe: Any, *, name: str, model_id: str, model_version: str, device: str) -> None:
        _check_tokenizers(pipe, model_id)
        self.name = name
        self.model_id = model_id
        self.model_version = model_version
        self._device = torch.device(device)
        self._pipe = pipe.to(self._device)
        self._pipe.set_progress_bar_config(disable=True)
        self._pipes = _derive_pipelines(self._pipe)
        self.modes: frozenset[Mode] = frozenset(self._pipes)
        if not self.modes:
            raise ModelUnavailable(
                f"model {model_id!r} loaded as {type(pipe).__name__}, which supports none of "
                "text2img, img2img or inpaint"
            )
        self.description = (
            f"Diffusers pipeline {type(pipe).__name__} from {model_id!r}; modes: "
            f"{', '.join(sorted(self.modes))}. Uses the prompt, negative prompt, steps, guidance and seed."
        )
        self._lock = threading.Lock()
        self._loaded: list[AdapterSpec] = []
        self._broken: str | None = None
        self._base_vocab = {id(tok): len(tok) for tok in _tokenizers(self._pipe)}

    # --- adapters -----------------------------------------------------------------------------

    def load_adapters(self, adapters: Iterable[AdapterSpec]) -> None:
        """Verify and load adapters into the pipeline until :meth:`unload_adapters`.

        Every file's sha256 must equal its spec's before anything is loaded (mismatch:
        :class:`GenerationError`). LoRAs are combined with their ``scale``; embeddings are
        added under their ``token``. :meth:`generate` calls this and the unload for you.
        """
        specs = tuple(adapters)
        if self._loaded:
            raise GenerationError(
                f"engine {self.name!r} already has {len(self._loaded)} adapter(s) loaded; unload them first"
            )
        # 1. Verify every file before loading any (all-or-nothing).
        payloads = [(spec, _read_adapter(spec)) for spec in specs]
        # 2. Load.
        lora_names: list[str] = []
        lora_scales: list[float] = []
        try:
            for index, (spec, state) in enumerate(payloads):
                self._loaded.append(spec)
                if spec.kind == "lora":
                    adapter_name = f"{_ADAPTER_PREFIX}{index}"
                    with warnings.catch_warnings():
                        # peft's "Already found a `peft_config` attribute in the model" for a second
                        # adapter is how adapters stack, not a problem (a fresh user's walkthrough, session 64)
                        warnings.filterwarnings("ignore", message=".*Already found a `?peft_config`? attribute.*")
                        self._pipe.load_lora_weights(state, adapter_name=adapter_name)
                    lora_names.append(adapter_name)
                    lora_scales.append(float(spec.scale))
                else:
                    self._pipe.load_textual_inversion(state, token=spec.token)
            if lora_names:
                self._pipe.set_adapters(lora_names, adapter_weights=lora_scales)
        except GenerationError:
            self.unload_adapters()
            raise
        except Exception as exc:
            failed = self._loaded[-1]
            self.unload_adapters()
            raise GenerationError(
                f"adapter {str(failed.path)!r} (kind {failed.kind!r}) cannot be loaded into "
                f"{type(self._pipe).__name__}: {exc}"
            ) from exc

    def unload_adapters(self) -> None:
        """Remove every adapter and check that none is left; a failure disables this engine."""
        if not self._loaded:
            return
        kinds = {spec.kind for spec in self._loaded}
        self._loaded = []
        try:
            if "lora" in kinds:
                self._pipe.unload_lora_weights()
            if "embedding" in kinds:
                for tok in _tokenizers(self._pipe):
                    if len(tok) != self._base_vocab.get(id(tok), len(tok)):
                        self._pipe.unload_textual_inversion()
                        break
            _check_no_adapters(self._pipe, self._base_vocab)
        except Exception as exc:
            self._broken = f"adapters could not be removed after a call: {exc}"
            raise GenerationError(f"engine {self.name!r}: {self._broken}; it refuses further calls") from exc

    @contextmanager
    def _adapters(self, adapters: tuple[AdapterSpec, ...]) -> Iterator[None]:
        if not adapters:
            yield
            return
        self.load_adapters(adapters)
        try:
            yield
        finally:
            self.unload_adapters()

    # --- what an edit keeps ---------------------------------------------------------------------

    def source_weight(self, strength: float, steps: int, width: int | None = None,
                      height: int | None = None) -> float | None:
        """How much of the source an img2img at ``strength`` and ``steps`` starts from: the
        source's weight in the first noisy latent, sqrt(ᾱ) at the timestep this model's own
        scheduler starts from (diffusers' ``get_timesteps``: ``int(steps × strength)`` steps
        are run, from ``timesteps[(steps − that) × order]``); for a flow-matching scheduler,
        ``(1 − σ) / √((1 − σ)² + σ²)`` at its first sigma (the same ratio), and for one that adds
        σ·noise to the source (Euler, Heun, DPM-Solver ...) ``1 / √(1 + σ²)``, read from its sigmas
        rather than its timesteps (continuous EDM-style timesteps index nothing). 1.0 when no
        step runs; None when the scheduler says none of these, or its timestep is no index of
        its ᾱ table (the studio then counts the face as repainted: fail closed). The same strength keeps very different shares on different
        schedules: Stable Diffusion's scaled-linear one keeps 0.12–0.15 at 0.9, diffusers'
        default linear ``DDIMScheduler`` 0.08 at 0.75 (adversary 13). ``width``/``height``: the
        output size, by which a dynamically shifted (Flux-type) schedule is shifted, as its
        pipeline does; without them the largest shift is assumed."""
        import copy

        pipe = self._pipes.get("img2img", self._pipe)
        scheduler = copy.deepcopy(pipe.scheduler)  # set_timesteps changes it: never the pipeline's own
        try:
            cfg = getattr(scheduler, "config", {}) or {}
            if cfg.get("use_dynamic_shifting"):
                # Flux-type: the pipeline shifts the schedule by the output's latent sequence length
                # (``calculate_shift``); without a size, the longest one (the most noise: fail closed)
                import numpy as np

                lo, hi = int(cfg.get("base_image_seq_len", 256)), int(cfg.get("max_image_seq_len", 4096))
                factor = int(getattr(pipe, "vae_scale_factor", 8) or 8)
                seq = hi if not (width and height) else (int(height) // factor // 2) * (int(width) // factor // 2)
                m = (float(cfg.get("max_shift", 1.15)) - float(cfg.get("base_shift", 0.5))) / max(hi - lo, 1)
                mu = seq * m + float(cfg.get("base_shift", 0.5)) - m * lo
                scheduler.set_timesteps(int(steps), sigmas=np.linspace(1.0, 1 / int(steps), int(steps)), mu=mu)
            else:
                scheduler.set_timesteps(int(steps))
            ran = min(int(int(steps) * float(strength)), int(steps))
            first = max(int(steps) - ran, 0) * int(getattr(scheduler, "order", 1))
            timesteps = scheduler.timesteps[first:]
            if ran <= 0 or len(timesteps) == 0:
                return 1.0
            sigmas = getattr(scheduler, "sigmas", None)
            if sigmas is not None and len(sigmas) > first:
                sigma = float(sigmas[first])
                if "FlowMatch" in type(scheduler).__name__:  # x = (1 − σ)·source + σ·noise
                    return (1 - sigma) / ((1 - sigma) ** 2 + sigma**2) ** 0.5
                # x = source + σ·noise (Euler, Heun, LMS, DPM-Solver, UniPC ...): sqrt(ᾱ) = 1/√(1 + σ²),
                # whatever the timesteps are called (continuous ones, EDM style: adversary 15)
                return 1.0 / (1.0 + sigma**2) ** 0.5 if sigma >= 0 else None
            alphas = getattr(scheduler, "alphas_cumprod", None)
            t = float(timesteps[0])
            if alphas is not None and t == int(t) and 0 <= int(t) < len(alphas):
                return float(alphas[int(t)]) ** 0.5
        except Exception:  # noqa: BLE001 - a scheduler that cannot say: the caller fails closed
            log.debug("source weight of %s's scheduler unknown", self.model_id, exc_info=True)
        return None

    # --- generation ---------------------------------------------------------------------------

    def generate(self, call: EngineCall, progress: ProgressCallback | None = None) -> list[Image.Image]:
        """Return ``call.num_images`` RGB images of ``call.width`` x ``call.height``.

        img2img and inpaint first resize the source (Lanczos) and mask (nearest) to the
        requested size, so the output size is always the requested one.
        """
        # 1. Check inputs.
        self._check(call)
        pipe = self._pipes[call.mode]
        kwargs = self._arguments(call, pipe, progress)
        # 2. Run with this call's adapters only.
        with self._lock:
            if self._broken:
                raise GenerationError(f"engine {self.name!r} is disabled: {self._broken}")
            with self._adapters(call.adapters):
                try:
                    output = pipe(**kwargs)
                except CreatorError:  # InputError, GenerationError, Cancelled (from the progress callback)
                    raise
                except Exception as exc:
                    raise GenerationError(
                        f"{type(pipe).__name__} failed in mode {call.mode!r} at {call.width}x{call.height}: {exc}"
                    ) from exc
        # 3. Check outputs.
        images = [_to_rgb(image) for image in output.images]
        if len(images) != call.num_images or any(im.size != (call.width, call.height) for im in images):
            sizes = sorted({im.size for im in images})
            raise GenerationError(
                f"{type(pipe).__name__} returned {len(images)} image(s) of size {sizes}, expected "
                f"{call.num_images} of {(call.width, call.height)}"
            )
        return images

    def _check(self, call: EngineCall) -> None:
        _check_supported(self.name, self.modes, call)
        if call.height % 8 or call.width % 8:
            raise InputError(
                f"`height` and `width` have to be divisible by 8 but are {call.height} and {call.width}."
            )
        if call.mode != "text2img" and int(call.steps * call.strength) < 1:
            raise InputError(
                f"`steps` x `strength` must leave at least one denoising step but are "
                f"{call.steps} x {call.strength} = {call.steps * call.strength:g}"
            )

    def _arguments(self, call: EngineCall, pipe: Any, progress: ProgressCallback | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "prompt": call.prompt,
            "negative_prompt": call.negative_prompt,
            "num_inference_steps": call.steps,
            "guidance_scale": call.guidance,
            "num_images_per_prompt": call.num_images,
            # one generator per image, seeded with that image's own seed (base.image_seed): the seed
            # signed into image k's file makes it again alone
            "generator": [torch.Generator(device="cpu").manual_seed(s) for s in call.image_seeds],
            "output_type": "pil",
        }
        size = (call.width, call.height)
        if call.mode == "text2img":
            kwargs.update(width=call.width, height=call.height)
        else:
            assert call.source is not None  # EngineCall guarantees it
            image = _to_rgb(call.source).resize(size, Image.Resampling.LANCZOS)
            # img2img wants one init image per output (duplicating one is deprecated upstream).
            kwargs["image"] = [image] * call.num_images if call.mode == "img2img" else image
            kwargs["strength"] = call.strength
        if call.mode == "inpaint":
            assert call.mask is not None
            # one source and mask per output, as for img2img: diffusers encodes each with its own
            # image's generator (one of them is encoded with the first generator only, so image k's
            # signed seed did not make it again alone: red team s63c)
            kwargs["image"] = [image] * call.num_images
            kwargs["mask_image"] = [inpaint_mask(call.mask, *size)] * call.num_images
            kwargs.update(width=call.width, height=call.height)
        if progress is not None:
            def _on_step_end(p: Any, step: int, timestep: Any, callback_kwargs: dict[str, Any]) -> dict[str, Any]:
                total = getattr(p, "num_timesteps", None) or call.steps
                progress(step + 1, int(total))
                return callback_kwargs

            kwargs["callback_on_step_end"] = _on_step_end
        return kwargs

    def __repr__(self) -> str:
        return f"DiffusionEngine(name={self.name!r}, model_id={self.model_id!r}, modes={sorted(self.modes)})"


# --- loading ----------------------------------------------------------------------------------


def _as_dtype(dtype: torch.dtype | str) -> torch.dtype:
    if isinstance(dtype, torch.dtype):
        return dtype
    value = getattr(torch, str(dtype), None)
    if not isinstance(value, torch.dtype):
        raise InputError(f"`dtype` must be a torch dtype or its name (e.g. 'float16'), got {dtype!r}")
    return value


def _load_pipeline(
    model: str, dtype: torch.dtype, config: str | Path | None, cache_dir: str | Path | None
) -> tuple[Any, str, str]:
    from diffusers import DiffusionPipeline

    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model_index.json").is_file():
            raise ModelUnavailable(
                f"model folder {str(path)!r} has no model_index.json; expected a diffusers pipeline "
                "folder (save_pretrained output)"
            )
        pipe = _guarded(lambda: DiffusionPipeline.from_pretrained(path, dtype=dtype, local_files_only=True),
                        f"model folder {str(path)!r}")
        # The model id goes into every manifest: name the folder, never the local path.
        return pipe, f"local:{path.resolve().name}", f"fingerprint:{_folder_fingerprint(path)}"
    if path.is_file():
        return _load_single_file(path, dtype, config, cache_dir)
    if not _HUB_ID_RE.fullmatch(model):
        raise ModelUnavailable(
            f"model {model!r} is not an existing local folder or file and not a Hugging Face hub id (org/name)"
        )
    folder = _cached_snapshot(model, cache_dir)
    pipe = _guarded(lambda: DiffusionPipeline.from_pretrained(folder, dtype=dtype, local_files_only=True),
                    f"cached model {model!r} at {str(folder)!r}")
    return pipe, model, f"revision:{folder.name}"


def _cached_snapshot(repo_id: str, cache_dir: str | Path | None) -> Path:
    """The local snapshot folder of ``repo_id``; never contacts the network."""
    from huggingface_hub import snapshot_download

    message = (
        f"model {repo_id!r} is not a local path and is not in the Hugging Face cache; download it on a "
        f"connected machine (e.g. `hf download {repo_id}`) and copy the cache folder here, or pass a "
        "local diffusers folder"
    )
    try:
        folder = Path(snapshot_download(repo_id, local_files_only=True, cache_dir=cache_dir))
    except Exception as exc:  # LocalEntryNotFoundError, offline-mode errors, bad ids
        raise ModelUnavailable(message) from exc
    if not (folder / "model_index.json").is_file():
        raise ModelUnavailable(f"{message} (the cached snapshot {str(folder)!r} has no model_index.json)")
    return folder


def _load_single_file(
    path: Path, dtype: torch.dtype, config: str | Path | None, cache_dir: str | Path | None
) -> tuple[Any, str, str]:
    from diffusers import StableDiffusionPipeline

    if path.suffix.lower() not in _SINGLE_FILE_SUFFIXES:
        raise ModelUnavailable(
            f"model file {str(path)!r} is not a single-file checkpoint; expected one of {_SINGLE_FILE_SUFFIXES}"
        )
    kwargs: dict[str, Any] = {"dtype": dtype, "local_files_only": True}
    if config is not None:
        config_path = Path(config).expanduser()
        kwargs["config"] = str(config_path if config_path.is_dir() else _cached_snapshot(str(config), cache_dir))
    pipe = _guarded(
        lambda: StableDiffusionPipeline.from_single_file(str(path), **kwargs),
        f"single-file checkpoint {str(path)!r}",
        hint=(
            "a single-file checkpoint needs its pipeline configs: pass config=<local diffusers folder of the "
            "same architecture> (or a hub id already in the cache)"
        ),
    )
    return pipe, f"local:{path.name}", f"fingerprint:{_file_fingerprint(path)}"


def _guarded(load: Any, what: str, hint: str = "") -> Any:
    try:
        with _quiet_progress():
            return load()
    except Exception as exc:  # diffusers raises OSError, ValueError, EnvironmentError, …
        suffix = f"; {hint}" if hint else ""
        raise ModelUnavailable(f"{what} cannot be loaded offline: {exc}{suffix}") from exc


@contextmanager
def _quiet_progress() -> Iterator[None]:
    """diffusers' "Loading pipeline components" bar, off while loading where the Hugging Face
    convention says so (``HF_HUB_DISABLE_PROGRESS_BARS``, which transformers and the hub client
    read themselves); diffusers' own switch is process-wide, so it is put back afterwards."""
    from huggingface_hub.utils import are_progress_bars_disabled
    from diffusers.utils import logging as diffusers_logging

    if not are_progress_bars_disabled() or not diffusers_logging.is_progress_bar_enabled():
        yield
        return
    diffusers_logging.disable_progress_bar()
    try:
        yield
    finally:
        diffusers_logging.enable_progress_bar()


def _folder_fingerprint(folder: Path) -> str:
    """Cheap identity of a model folder: every config/JSON file's bytes, and every file's name and size."""
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = file.relative_to(folder).as_posix()
        digest.update(f"{rel}\0{file.stat().st_size}\0".encode())
        if file.suffix in (".json", ".txt"):
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _file_fingerprint(path: Path, chunk: int = 1 << 20) -> str:
    """Cheap identity of a multi-GB checkpoint: its size, first and last MiB."""
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as fh:
        digest.update(fh.read(chunk))
        fh.seek(max(0, path.stat().st_size - chunk))
        digest.update(fh.read(chunk))
    return digest.hexdigest()[:16]


def _tokenizers(pipe: Any) -> list[Any]:
    return [tok for attr in ("tokenizer", "tokenizer_2", "tokenizer_3")
            if (tok := getattr(pipe, attr, None)) is not None]


def _check_tokenizers(pipe: Any, model_id: str) -> None:
    """Refuse the offline trap: a CLIP tokenizer with the 2-3 default tokens instead of a vocab."""
    for attr in ("tokenizer", "tokenizer_2", "tokenizer_3"):
        tok = getattr(pipe, attr, None)
        if tok is None:
            continue
        if len(tok) < _MIN_VOCAB:
            raise ModelUnavailable(
                f"model {model_id!r}: `{attr}` has {len(tok)} tokens, expected at least {_MIN_VOCAB}; its "
                "vocabulary files are missing (an incomplete download or an uncached hub id)"
            )
        encoder = getattr(pipe, "text_encoder" if attr == "tokenizer" else f"text_encoder{attr[-2:]}", None)
        embeddings = getattr(encoder, "get_input_embeddings", lambda: None)() if encoder is not None else None
        if embeddings is not None and embeddings.num_embeddings < len(tok):
            raise ModelUnavailable(
                f"model {model_id!r}: `{attr}` has {len(tok)} tokens but its text encoder embeds only "
                f"{embeddings.num_embeddings}; tokenizer and text encoder do not belong together"
            )


def _derive_pipelines(pipe: Any) -> dict[Mode, Any]:
    from diffusers import AutoPipelineForImage2Image, AutoPipelineForInpainting, AutoPipelineForText2Image

    denoiser = getattr(pipe, "unet", None) or getattr(pipe, "transformer", None)
    vae = getattr(pipe, "vae", None)
    in_channels = getattr(getattr(denoiser, "config", None), "in_channels", None)
    latent_channels = getattr(getattr(vae, "config", None), "latent_channels", None)
    dedicated_inpaint = in_channels is not None and latent_channels is not None and in_channels > latent_channels
    wanted: dict[Mode, Any] = {"inpaint": AutoPipelineForInpainting}
    if not dedicated_inpaint:
        wanted = {"text2img": AutoPipelineForText2Image, "img2img": AutoPipelineForImage2Image, **wanted}
    pipes: dict[Mode, Any] = {}
    for mode, auto in wanted.items():
        try:
            derived = auto.from_pipe(pipe)
        except Exception:  # this pipeline family has no pipeline for that task
            continue
        derived.set_progress_bar_config(disable=True)
        pipes[mode] = derived
    return pipes


# --- adapters ---------------------------------------------------------------------------------


def _read_adapter(spec: AdapterSpec) -> dict[str, torch.Tensor]:
    """The adapter's tensors, parsed from the very bytes whose sha256 was checked."""
    from safetensors.torch import load as load_safetensors

    data = _read_verified(spec.path, spec.sha256, f"adapter ({spec.kind})")
    try:
        if _is_safetensors(data):
            return load_safetensors(data)
        state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as exc:
        raise GenerationError(
            f"adapter {str(spec.path)!r} is neither safetensors nor a weights-only torch file: {exc}"
        ) from exc
    if not isinstance(state, dict):
        raise GenerationError(f"adapter {str(spec.path)!r} holds a {type(state).__name__}, expected a dict of tensors")
    return state


def _check_no_adapters(pipe: Any, base_vocab: dict[int, int]) -> None:
    from peft.tuners.tuners_utils import BaseTunerLayer

    for attr in ("unet", "transformer", "text_encoder", "text_encoder_2", "text_encoder_3"):
        module = getattr(pipe, attr, None)
        if isinstance(module, torch.nn.Module) and any(isinstance(m, BaseTunerLayer) for m in module.modules()):
            raise GenerationError(f"LoRA layers are still present in `{attr}`")
    for tok in _tokenizers(pipe):
        if len(tok) != base_vocab.get(id(tok), len(tok)):
            raise GenerationError(
                f"tokenizer has {len(tok)} tokens, expected {base_vocab[id(tok)]} after removing embeddings"
            )
