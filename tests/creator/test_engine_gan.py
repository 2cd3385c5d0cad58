"""The built-in DCGAN engine and user generators: offline, pinned, seeded, sized."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from creator.engines import Engine, EngineCall
from creator.engines.gan import BUILTIN_WEIGHTS, BUILTIN_WEIGHTS_SHA256, DCGANGenerator, GanEngine
from creator.errors import GenerationError, InputError



def _pixels(images) -> np.ndarray:
    return np.stack([np.asarray(im) for im in images])


@pytest.fixture(scope="module")
def engine() -> GanEngine:
    return GanEngine.builtin()


@pytest.fixture()
def corrupted_weights(tmp_path: Path) -> Path:
    copy = tmp_path / "dcgan_digiface.safetensors"
    shutil.copyfile(BUILTIN_WEIGHTS, copy)
    data = bytearray(copy.read_bytes())
    data[-1] ^= 0x01  # one bit of one weight
    copy.write_bytes(bytes(data))
    return copy


@pytest.fixture()
def small_dcgan() -> DCGANGenerator:
    torch.manual_seed(0)
    return DCGANGenerator(nz=16, ngf=8).eval()


@pytest.fixture()
def torchscript_generator(tmp_path: Path, small_dcgan: DCGANGenerator) -> Path:
    path = tmp_path / "user_gen.pt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TorchScript is deprecated, still supported
        torch.jit.save(torch.jit.script(small_dcgan), str(path))
    return path


@pytest.fixture()
def safetensors_generator(tmp_path: Path, small_dcgan: DCGANGenerator) -> Path:
    path = tmp_path / "user_gen.safetensors"
    save_file({k: v.contiguous() for k, v in small_dcgan.state_dict().items()}, str(path))
    return path


# --- built-in weights ----------------------------------------------------------------------


def test_builtin_loads_packaged_weights_and_pins_their_digest(engine: GanEngine) -> None:
    assert hashlib.sha256(BUILTIN_WEIGHTS.read_bytes()).hexdigest() == BUILTIN_WEIGHTS_SHA256
    assert engine.weights_sha256 == BUILTIN_WEIGHTS_SHA256
    assert engine.native_size == (64, 64)
    assert engine.modes == {"text2img"}
    assert "prompt" in engine.description and "ignored" in engine.description
    assert isinstance(engine, Engine)
    licence = (BUILTIN_WEIGHTS.parent / "LICENSE-gan-face-generate.txt").read_text()
    assert "(MIT)" in licence and "Copyright (c) 2023, chien liu" in licence


def test_corrupted_weights_are_refused(corrupted_weights: Path) -> None:
    with pytest.raises(GenerationError, match=rf"weights file .* has sha256 [0-9a-f]{{64}}, expected {BUILTIN_WEIGHTS_SHA256}"):
        GanEngine.builtin(weights=corrupted_weights)


def test_user_file_pinned_by_sha256_is_refused_when_bytes_differ(corrupted_weights: Path) -> None:
    with pytest.raises(GenerationError, match=rf"has sha256 [0-9a-f]{{64}}, expected {'0' * 64}"):
        GanEngine.from_path(corrupted_weights, arch="dcgan64", sha256="0" * 64)


def test_builtin_images_are_faces_not_noise(engine: GanEngine) -> None:
    (image,) = engine.generate(EngineCall(seed=7, width=64, height=64))
    pixels = np.asarray(image).astype(float)
    # A face image is smooth: neighbouring pixels differ far less than in random noise (~85).
    assert np.abs(np.diff(pixels, axis=1)).mean() < 20
    assert pixels.std() > 20  # and not a flat colour


# --- determinism, batching, size ----------------------------------------------------------


def test_same_seed_same_images_different_seed_different_images(engine: GanEngine) -> None:
    call = EngineCall(seed=123, num_images=2, width=128, height=128)
    first, again = _pixels(engine.generate(call)), _pixels(engine.generate(call))
    other = _pixels(engine.generate(EngineCall(seed=124, num_images=2, width=128, height=128)))
    assert np.array_equal(first, again)
    assert np.abs(first.astype(int) - other.astype(int)).mean() > 10


def test_batch_of_four_distinct_rgb_images_with_progress(engine: GanEngine) -> None:
    seen: list[tuple[int, int]] = []
    images = engine.generate(EngineCall(seed=1, num_images=4, width=64, height=64), progress=lambda d, t: seen.append((d, t)))
    assert len(images) == 4 and all(im.mode == "RGB" for im in images)
    pixels = _pixels(images)
    assert len({p.tobytes() for p in pixels}) == 4
    assert seen[-1] == (4, 4)


@pytest.mark.parametrize("size", [256, 512, 48])
def test_output_has_requested_size(engine: GanEngine, size: int) -> None:
    (image,) = engine.generate(EngineCall(seed=3, width=size, height=size))
    assert image.size == (size, size)


def test_non_square_size_is_refused(engine: GanEngine) -> None:
    with pytest.raises(InputError, match="width` and `height` must be equal but are 512 and 256"):
        engine.generate(EngineCall(width=512, height=256))


def test_image_modes_are_refused(engine: GanEngine) -> None:
    from PIL import Image

    call = EngineCall(mode="img2img", source=Image.new("RGB", (64, 64)), width=64, height=64)
    with pytest.raises(InputError, match="does not support mode 'img2img'; supported: text2img"):
        engine.generate(call)


# --- user generators ------------------------------------------------------------------------


def test_user_torchscript_generator(torchscript_generator: Path, small_dcgan: DCGANGenerator) -> None:
    user = GanEngine.from_path(torchscript_generator)
    assert user.nz == 16 and user.name == "user_gen"
    assert user.model_version.startswith("sha256:")
    images = user.generate(EngineCall(seed=5, num_images=2, width=64, height=64))
    assert [im.size for im in images] == [(64, 64)] * 2
    # The same latents through the eager module give the same pixels.
    rng = torch.Generator().manual_seed(5)
    z = torch.stack([torch.randn(16, 1, 1, generator=rng) for _ in range(2)])
    with torch.no_grad():
        expected = ((small_dcgan(z).clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    assert np.abs(_pixels(images).astype(int) - expected.astype(int)).max() <= 1


def test_user_safetensors_generator_with_arch(safetensors_generator: Path) -> None:
    user = GanEngine.from_path(safetensors_generator, arch="dcgan64")
    assert (user.nz, user.native_size) == (16, (64, 64))
    (image,) = user.generate(EngineCall(seed=0, width=256, height=256))
    assert image.size == (256, 256) and image.mode == "RGB"


def test_safetensors_without_arch_is_refused_with_a_hint(safetensors_generator: Path) -> None:
    with pytest.raises(GenerationError, match=r"not a TorchScript archive \(looks like safetensors: pass arch='dcgan64'\)"):
        GanEngine.from_path(safetensors_generator)


def test_declared_latent_size_must_match_weights(safetensors_generator: Path) -> None:
    with pytest.raises(GenerationError, match="has nz=16 but nz=100 was given"):
        GanEngine.from_path(safetensors_generator, arch="dcgan64", nz=100)


def test_unknown_arch_is_refused(safetensors_generator: Path) -> None:
    with pytest.raises(InputError, match=r"`arch` must be one of \('dcgan64',\).*got 'stylegan2'"):
        GanEngine.from_path(safetensors_generator, arch="stylegan2")


def test_missing_file_is_a_generation_error(tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match="cannot be read"):
        GanEngine.from_path(tmp_path / "nope.safetensors", arch="dcgan64")


# --- the call contract ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "video"}, r"`mode` must be one of .* got 'video'"),
        ({"width": 4}, r"`width` must be an integer in \[8, 4096\], got 4"),
        ({"num_images": 0}, r"`num_images` must be an integer in \[1, 64\], got 0"),
        ({"seed": -1}, r"`seed` must be an integer in \[0, 2\*\*63 - 1\], got -1"),
        ({"steps": True}, r"`steps` must be an integer in \[1, 1000\], got True"),
        ({"strength": 0.0}, r"`strength` must be in \(0, 1\], got 0.0"),
        ({"mode": "img2img"}, r"mode 'img2img' needs a `source` image, got None"),
    ],
)
def test_invalid_call_names_the_argument_and_value(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        EngineCall(**kwargs)


def test_inpaint_mask_must_match_source() -> None:
    from PIL import Image

    with pytest.raises(InputError, match=r"`mask` size must equal `source` size, got mask \(32, 32\) and source \(64, 64\)"):
        EngineCall(mode="inpaint", source=Image.new("RGB", (64, 64)), mask=Image.new("L", (32, 32)))
