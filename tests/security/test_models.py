"""Only models an operator registered run, and only while their files are unchanged.

A creator names a model; no server path a creator types is ever opened, and the answer is
the same whether that path exists or not. Pickle-based files (code) need an operator's
explicit allowance. The studio's real engine factories are used (``engine_world``).
"""

from __future__ import annotations

import pytest
from safetensors.torch import save_file

from consent.errors import RecordInvalid
from creator.engines.gan import DCGANGenerator
from creator.errors import GenerationError, InputError
from model_support import photo_gan_file


@pytest.fixture
def photo_gan(tmp_path, pictures):
    """A "GAN" that ignores its latent and returns a fixed real photo (a laundering attempt)."""
    import numpy as np

    return photo_gan_file(np.asarray(pictures.astronaut(64)), tmp_path / "photo-gan.pt")


def _outputs(world):
    return [p for p in world.output_files() if p.is_file() and p.suffix in (".png", ".jpg")]


def test_an_unregistered_model_is_refused_before_anything_loads(engine_world, photo_gan):
    with pytest.raises(InputError, match="`model` 'photo-gan' is not a registered gan model; registered: none"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", model="photo-gan"))
    assert _outputs(engine_world) == []


@pytest.mark.parametrize("typed", ["/etc/passwd", "/no/such/file.pt", "../photo-gan.pt", "C:\\models\\x.ckpt"])
def test_a_path_typed_as_model_is_refused_without_saying_whether_it_exists(engine_world, typed):
    with pytest.raises(InputError) as info:
        engine_world.request(purpose="art", engine="gan", model=typed)
    msg = str(info.value)
    assert msg.startswith("`model` must be the name of a registered model") and "never opened by path" in msg
    assert "exist" not in msg and "cannot be read" not in msg and "TorchScript" not in msg


def test_a_pickle_model_needs_the_operators_explicit_allowance(engine_world, photo_gan):
    with pytest.raises(RecordInvalid, match="holds pickle-based files \\(photo-gan.pt\\), which run code when loaded"):
        engine_world.ops.register_model("photo-gan", photo_gan, kind="gan", licence="none")
    assert engine_world.registry.list_models() == []


def test_a_registered_model_whose_files_changed_is_refused_before_loading(engine_world, tmp_path):
    path = tmp_path / "faces.safetensors"
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(path))
    engine_world.register_model("faces", path, kind="gan")
    # the file is swapped for another generator after registration
    save_file(DCGANGenerator(nz=100, ngf=8).state_dict(), str(path))
    with pytest.raises(GenerationError, match="model 'faces' changed since it was registered"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", model="faces"))
    assert _outputs(engine_world) == []


def test_a_fused_likeness_checkpoint_is_not_usable_unregistered(engine_world, tiny_models, tmp_path):
    """A LoRA fused into a copy of a registered model is a different model: unregistered."""
    import shutil

    engine_world.register_model("tiny-sd", tiny_models.sd)
    fused = tmp_path / "tiny-sd-fused"
    shutil.copytree(tiny_models.sd, fused)
    unet = next(fused.rglob("unet/*.safetensors"))
    unet.write_bytes(unet.read_bytes()[:-8] + b"\x00" * 8)  # different weights, same layout
    with pytest.raises(InputError, match="`model` 'tiny-sd-fused' is not a registered diffusion model; registered: tiny-sd"):
        engine_world.studio().generate(engine_world.request(engine="diffusion", model="tiny-sd-fused", prompt="a boat"))
    with pytest.raises(InputError, match="must be the name of a registered model"):
        engine_world.request(engine="diffusion", model=str(fused), prompt="a boat")


def test_a_model_folder_with_a_link_is_refused_at_registration(engine_world, tiny_models, tmp_path):
    import shutil

    folder = tmp_path / "linked"
    shutil.copytree(tiny_models.sd, folder)
    (folder / "extra.safetensors").symlink_to(tiny_models.lora)
    with pytest.raises(RecordInvalid, match="not a plain file"):
        engine_world.ops.register_model("linked", folder, kind="diffusers", licence="test")


# --- single-file checkpoints: the config folder is part of the model --------------------------


@pytest.fixture
def checkpoint_config(tiny_checkpoint, tmp_path):
    """A copy of the tiny checkpoint's config folder that a test may change."""
    import shutil

    return shutil.copytree(tiny_checkpoint.config, tmp_path / "sd-config")


def test_a_checkpoint_whose_tokenizer_changed_after_registration_is_refused(engine_world, tiny_checkpoint,
                                                                           checkpoint_config):
    """Whoever can write the config folder could make the prompt check and the model read different
    words (a vocabulary that maps an innocent word to a person's name tokens): the folder is part
    of the registered digest, so the model is refused like one whose weights changed."""
    import json

    engine_world.register_model("tiny-ckpt", tiny_checkpoint.file, kind="checkpoint", config=checkpoint_config)
    tokenizer_file = checkpoint_config / "tokenizer" / "tokenizer.json"
    tokenizer = json.loads(tokenizer_file.read_text())
    vocab = tokenizer["model"]["vocab"]
    vocab["a</w>"], vocab["x</w>"] = vocab["x</w>"], vocab["a</w>"]  # "a lighthouse" reads "x lighthouse"
    tokenizer_file.write_text(json.dumps(tokenizer))
    with pytest.raises(GenerationError, match="model 'tiny-ckpt' changed since it was registered"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="tiny-ckpt",
                                                            prompt="a lighthouse at dusk", steps=2))
    assert _outputs(engine_world) == []


def test_a_file_added_to_a_checkpoints_config_folder_is_refused(engine_world, tiny_checkpoint, checkpoint_config):
    engine_world.register_model("tiny-ckpt", tiny_checkpoint.file, kind="checkpoint", config=checkpoint_config)
    (checkpoint_config / "tokenizer" / "added_tokens.json").write_text('{"lighthouse": 7}')
    with pytest.raises(GenerationError, match="model 'tiny-ckpt' changed since it was registered"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="tiny-ckpt",
                                                            prompt="a lighthouse at dusk", steps=2))
    assert _outputs(engine_world) == []


def test_a_checkpoint_config_folder_with_a_link_is_refused_at_registration(engine_world, tiny_checkpoint,
                                                                          checkpoint_config, tmp_path):
    vocab = checkpoint_config / "tokenizer" / "tokenizer.json"
    (tmp_path / "elsewhere.json").write_bytes(vocab.read_bytes())
    vocab.unlink()
    vocab.symlink_to(tmp_path / "elsewhere.json")  # a link is read at load time, not when hashed
    with pytest.raises(RecordInvalid, match="config folder holds 'tokenizer/tokenizer.json', which is not a plain file"):
        engine_world.ops.register_model("tiny-ckpt", tiny_checkpoint.file, kind="checkpoint", licence="test",
                                        config=checkpoint_config)
    assert engine_world.registry.list_models() == []


def test_a_config_folder_swapped_in_the_database_fails_the_integrity_check(engine_world, tiny_checkpoint,
                                                                          checkpoint_config, tmp_path):
    """The registry row's config folder is covered by the signed log like its path and digest."""
    import shutil
    import sqlite3

    engine_world.register_model("tiny-ckpt", tiny_checkpoint.file, kind="checkpoint", config=checkpoint_config)
    other = shutil.copytree(checkpoint_config, tmp_path / "other-config")
    raw = sqlite3.connect(engine_world.settings.data_dir / "consent.db", isolation_level=None)
    try:
        raw.execute("UPDATE models SET config = ? WHERE name = 'tiny-ckpt'", (str(other),))
    finally:
        raw.close()
    with pytest.raises(Exception, match="registry integrity failure: model 'tiny-ckpt'"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="tiny-ckpt",
                                                            prompt="a lighthouse at dusk", steps=2))
    assert any(p.startswith("registry integrity failure: models tiny-ckpt:") and str(other) in p
               for p in engine_world.registry.check_integrity())
    assert _outputs(engine_world) == []


def test_the_registry_refuses_a_config_folder_on_a_model_that_is_not_a_checkpoint(engine_world):
    from consent.registry import ModelRecord

    with pytest.raises(RecordInvalid, match="a gan model has no config folder"):
        engine_world.registry.register_model(ModelRecord("g", "gan", "/m/g.safetensors", "ab" * 32, "test", "", False,
                                                         "2026-12-01T00:00:00Z", "/m/config"))
    assert engine_world.registry.list_models() == []
