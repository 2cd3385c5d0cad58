"""DiffusionEngine on tiny random-weight pipelines saved to disk, as a user's local model."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from creator.engines import AdapterSpec, Engine, EngineCall
from creator.engines.diffusion import DiffusionEngine
from creator.errors import GenerationError, InputError, ModelUnavailable


TOKEN = "<sks>"  # the embedding token of the tiny_models fixture
PROMPT = f"a photo of {TOKEN}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pixels(images: list[Image.Image]) -> np.ndarray:
    return np.stack([np.asarray(im) for im in images]).astype(int)


@pytest.fixture(scope="module")
def models(tiny_models) -> Path:
    """The folder holding the session's tiny models (tiny-sd, tiny-inpaint, adapters/)."""
    return tiny_models.sd.parent


@pytest.fixture(scope="module")
def engine(diffusion_engine) -> DiffusionEngine:
    return diffusion_engine


@pytest.fixture(scope="module")
def source() -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (72, 96, 3), dtype=np.uint8))


@pytest.fixture(scope="module")
def mask() -> Image.Image:
    image = Image.new("L", (96, 72), 0)
    image.paste(255, (24, 16, 72, 56))
    return image


@pytest.fixture()
def lora(models: Path) -> AdapterSpec:
    path = models / "adapters" / "jane-lora.safetensors"
    return AdapterSpec(path=path, sha256=_sha256(path), kind="lora", token=TOKEN, scale=1.0)


@pytest.fixture()
def embedding(models: Path) -> AdapterSpec:
    path = models / "adapters" / "jane-embedding.safetensors"
    return AdapterSpec(path=path, sha256=_sha256(path), kind="embedding", token=TOKEN)


@pytest.fixture()
def tampered_lora(tmp_path: Path, lora: AdapterSpec) -> AdapterSpec:
    """The registry bound the original digest; the file on disk was swapped afterwards."""
    copy = tmp_path / "jane-lora.safetensors"
    data = bytearray(lora.path.read_bytes())
    data[-1] ^= 0x01
    copy.write_bytes(bytes(data))
    return dataclasses.replace(lora, path=copy)


@pytest.fixture()
def trap_tokenizer_model(tmp_path: Path, models: Path) -> Path:
    """A model folder whose tokenizer is what CLIPTokenizer gives for an uncached hub id."""
    from transformers import CLIPTokenizer

    folder = tmp_path / "broken-sd"
    shutil.copytree(models / "tiny-sd", folder)
    shutil.rmtree(folder / "tokenizer")
    CLIPTokenizer().save_pretrained(folder / "tokenizer")
    return folder


@pytest.fixture()
def hf_cache(tmp_path: Path, models: Path) -> Path:
    """A Hugging Face cache holding 'studio-test/tiny-sd' at one revision, as `hf download` leaves it."""
    revision = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--studio-test--tiny-sd"
    shutil.copytree(models / "tiny-sd", repo / "snapshots" / revision)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision)
    return tmp_path / "hub"


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


# --- loading ----------------------------------------------------------------------------------


def test_local_folder_loads_with_all_modes(engine: DiffusionEngine, models: Path) -> None:
    assert isinstance(engine, Engine)
    assert engine.modes == {"text2img", "img2img", "inpaint"}
    # the model id is signed into manifests: the folder's name, never the local path
    assert engine.model_id == "local:tiny-sd"
    assert str(models) not in engine.model_id
    assert engine.model_version.startswith("fingerprint:")


def test_hub_id_in_local_cache_loads_offline(hf_cache: Path, no_network: list[object]) -> None:
    cached = DiffusionEngine("studio-test/tiny-sd", cache_dir=hf_cache)
    assert cached.model_version == "revision:0123456789abcdef0123456789abcdef01234567"
    (image,) = cached.generate(EngineCall(prompt="a photo", width=32, height=32, steps=1))
    assert image.size == (32, 32)
    assert no_network == []


def test_unknown_hub_id_is_unavailable_without_network(tmp_path: Path, no_network: list[object]) -> None:
    with pytest.raises(
        ModelUnavailable,
        match=r"model 'nobody-here/no-such-model' is not a local path and is not in the Hugging Face cache; "
        r"download it on a connected machine",
    ):
        DiffusionEngine("nobody-here/no-such-model", cache_dir=tmp_path)
    assert no_network == []


def test_path_that_is_neither_file_nor_hub_id(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="is not an existing local folder or file and not a Hugging Face hub id"):
        DiffusionEngine(str(tmp_path / "missing" / "model" / "dir"))


def test_folder_without_model_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="has no model_index.json"):
        DiffusionEngine(tmp_path)


def test_two_token_tokenizer_trap_is_refused(trap_tokenizer_model: Path) -> None:
    with pytest.raises(ModelUnavailable, match=r"`tokenizer` has [23] tokens, expected at least 100"):
        DiffusionEngine(trap_tokenizer_model)


def test_single_file_without_configs_gives_a_clear_error(lora: AdapterSpec) -> None:
    with pytest.raises(ModelUnavailable, match=r"single-file checkpoint .* cannot be loaded offline: .*pass config="):
        DiffusionEngine(lora.path)


# --- modes, sizes, determinism -----------------------------------------------------------------


def test_text2img_size_count_and_progress(engine: DiffusionEngine) -> None:
    seen: list[tuple[int, int]] = []
    images = engine.generate(
        EngineCall(prompt="a photo", width=64, height=48, steps=3, num_images=2),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [(im.size, im.mode) for im in images] == [((64, 48), "RGB")] * 2
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_img2img_returns_requested_size_and_count(engine: DiffusionEngine, source: Image.Image) -> None:
    call = EngineCall(mode="img2img", prompt="a photo", source=source, width=64, height=48, steps=4, strength=0.5, num_images=2)
    images = engine.generate(call)
    assert [im.size for im in images] == [(64, 48)] * 2


def test_inpaint_returns_requested_size_and_count(engine: DiffusionEngine, source: Image.Image, mask: Image.Image) -> None:
    call = EngineCall(mode="inpaint", prompt="a photo", source=source, mask=mask, width=64, height=48, steps=4, strength=0.9, num_images=3)
    images = engine.generate(call)
    assert [im.size for im in images] == [(64, 48)] * 3


def test_dedicated_inpaint_model_offers_inpaint_only(models: Path, source: Image.Image, mask: Image.Image) -> None:
    inpainter = DiffusionEngine(models / "tiny-inpaint")
    assert inpainter.modes == {"inpaint"}
    (image,) = inpainter.generate(EngineCall(mode="inpaint", source=source, mask=mask, width=32, height=32, steps=2))
    assert image.size == (32, 32)
    with pytest.raises(InputError, match="does not support mode 'text2img'; supported: inpaint"):
        inpainter.generate(EngineCall(width=32, height=32))


def test_same_seed_same_images_different_seed_differs(engine: DiffusionEngine) -> None:
    call = EngineCall(prompt="a photo", width=32, height=32, steps=2, seed=11, num_images=2)
    first, again = _pixels(engine.generate(call)), _pixels(engine.generate(call))
    other = _pixels(engine.generate(dataclasses.replace(call, seed=12)))
    assert np.array_equal(first, again)
    assert np.abs(first - other).max() > 10


def test_size_not_divisible_by_8_names_the_values(engine: DiffusionEngine) -> None:
    with pytest.raises(InputError, match=r"`height` and `width` have to be divisible by 8 but are 60 and 64\."):
        engine.generate(EngineCall(width=64, height=60, steps=1))


def test_too_few_denoising_steps_are_refused(engine: DiffusionEngine, source: Image.Image) -> None:
    call = EngineCall(mode="img2img", source=source, width=32, height=32, steps=2, strength=0.3)
    with pytest.raises(InputError, match=r"`steps` x `strength` must leave at least one denoising step but are 2 x 0.3"):
        engine.generate(call)


# --- adapters ----------------------------------------------------------------------------------


def test_adapter_with_wrong_sha256_is_refused_and_nothing_stays_loaded(
    engine: DiffusionEngine, tampered_lora: AdapterSpec, lora: AdapterSpec
) -> None:
    call = EngineCall(prompt=PROMPT, width=32, height=32, steps=2, seed=5)
    before = _pixels(engine.generate(call))
    with pytest.raises(GenerationError, match=rf"adapter \(lora\) '.*jane-lora.safetensors' has sha256 [0-9a-f]{{64}}, expected {lora.sha256}"):
        engine.generate(dataclasses.replace(call, adapters=(tampered_lora,)))
    assert np.array_equal(_pixels(engine.generate(call)), before)


@pytest.mark.parametrize("kind", ["lora", "embedding", "both"])
def test_adapter_applies_to_its_call_only(
    engine: DiffusionEngine, lora: AdapterSpec, embedding: AdapterSpec, kind: str
) -> None:
    adapters = {"lora": (lora,), "embedding": (embedding,), "both": (lora, embedding)}[kind]
    call = EngineCall(prompt=PROMPT, width=32, height=32, steps=2, seed=9)
    without = _pixels(engine.generate(call))
    with_adapter = _pixels(engine.generate(dataclasses.replace(call, adapters=adapters)))
    after = _pixels(engine.generate(call))
    assert np.abs(with_adapter - without).max() > 5
    assert np.array_equal(after, without)


def test_adapter_file_that_is_not_an_adapter_fails_cleanly(engine: DiffusionEngine, models: Path) -> None:
    weights = models / "tiny-sd" / "vae" / "diffusion_pytorch_model.safetensors"
    bogus = AdapterSpec(path=weights, sha256=_sha256(weights), kind="lora")
    call = EngineCall(prompt=PROMPT, width=32, height=32, steps=1, seed=2)
    before = _pixels(engine.generate(call))
    with pytest.raises(GenerationError, match=r"adapter '.*diffusion_pytorch_model.safetensors' \(kind 'lora'\) cannot be loaded"):
        engine.generate(dataclasses.replace(call, adapters=(bogus,)))
    assert np.array_equal(_pixels(engine.generate(call)), before)


# --- single-file checkpoints ---------------------------------------------------------------------


def test_a_single_file_checkpoint_loads_from_its_config_folder_alone(tiny_checkpoint, engine: DiffusionEngine) -> None:
    """The config folder holds no weights: what runs is the checkpoint's, read in the original SD
    layout, and it draws exactly what the pipeline folder it was made from draws."""
    assert not [f for f in tiny_checkpoint.config.rglob("*") if f.suffix == ".safetensors"]
    single = DiffusionEngine(tiny_checkpoint.file, config=tiny_checkpoint.config)
    assert single.modes == engine.modes and single.model_id == "local:tiny-sd.safetensors"
    call = EngineCall(prompt="a lighthouse at dusk", width=32, height=32, steps=2, seed=5)
    assert np.array_equal(_pixels(single.generate(call)), _pixels(engine.generate(call)))


def test_inpaint_mask_is_handed_over_in_whole_latent_cells() -> None:
    """What the model is told to repaint is constant on each 8 px latent cell: a cell any painted
    pixel touches is repainted, an untouched one is kept — so a pipeline that keeps one pixel per
    cell (diffusers: the top-left one) repaints exactly what the consent rule counted."""
    from creator.engines.base import INPAINT_CELL, inpaint_mask

    m = np.zeros((64, 64), np.uint8)
    m[9, 9] = 255  # one pixel inside the cell (8..15, 8..15), not its top-left one
    m[40:48, 40:48] = 127  # under half grey: not painted
    out = np.asarray(inpaint_mask(Image.fromarray(m), 64, 64))
    assert INPAINT_CELL == 8
    assert set(np.unique(out)) == {0, 255}
    assert (out[8:16, 8:16] == 255).all() and out[::8, ::8].sum() == 255  # the whole cell, top-left pixel too
    assert out.sum() == 64 * 255  # nothing else
    # resized to the output size first (nearest), then whole cells of the output
    big = np.asarray(inpaint_mask(Image.fromarray(m), 128, 128))
    assert (big[16:24, 16:24] == 255).all() and big.sum() == 64 * 255


def test_two_loras_load_without_peft_warning_the_user(engine: DiffusionEngine, lora: AdapterSpec, tmp_path) -> None:
    """(a fresh user's walkthrough, session 64) a generation with two LoRAs printed peft's
    "Already found a `peft_config` attribute in the model" warning: how adapters stack, not a
    problem; the CLI shows library noise only with --verbose."""
    import shutil
    import warnings

    second = tmp_path / "second-lora.safetensors"
    shutil.copy(lora.path, second)
    other = dataclasses.replace(lora, path=second)
    call = EngineCall(prompt=PROMPT, width=32, height=32, steps=1, seed=9, adapters=(lora, other))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        engine.generate(call)
    assert not [w for w in seen if "peft_config" in str(w.message)], [str(w.message) for w in seen]
