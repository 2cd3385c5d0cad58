"""Adversary 9: a registered model's files changed after the digest was taken.

The studio promises that only operator-registered models run, and only while their files are
unchanged (``Studio.registered_model`` compares ``consent.operations.model_digest`` with the
registered digest). Two ways around that digest were found:

- a model folder whose component *folder* (``unet/``) is a symbolic link: ``model_digest``
  walks without following links and checks only *files* for links, so the linked folder is
  left out of the digest entirely, while diffusers follows the link and loads whatever is there;
- a model checked once in a process (``Studio.check`` = the page's "Check consent", or the
  engine status the page shows) is never hashed again: ``_verified_models`` remembers the name,
  and the engine, which loads lazily at the first generate, loads files changed since.

What held: a file added to a folder later, a folder replaced by a symbolic link, a changed file
before any check in the process (tests/security/test_models.py has the last one).
"""

from __future__ import annotations

import shutil

import pytest
import torch
from safetensors.torch import save_file

from consent.errors import RecordInvalid
from creator.engines.gan import DCGANGenerator
from creator.errors import GenerationError


def _outputs(world):
    return [p for p in world.output_files() if p.is_file() and p.suffix in (".png", ".jpg")]


def _gan_file(path, seed: int):
    torch.manual_seed(seed)
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(path))
    return path


def _flip_last_bytes(folder):
    weights = next(folder.rglob("*.safetensors"))
    weights.write_bytes(weights.read_bytes()[:-8] + b"\x00" * 8)  # other weights, same layout


def test_a_linked_component_folder_is_covered_by_the_digest_or_refused(engine_world, tiny_models, tmp_path):
    folder = tmp_path / "tiny-sd-linked"
    shutil.copytree(tiny_models.sd, folder)
    unet_elsewhere = tmp_path / "elsewhere" / "unet"
    unet_elsewhere.parent.mkdir()
    shutil.move(str(folder / "unet"), unet_elsewhere)
    (folder / "unet").symlink_to(unet_elsewhere, target_is_directory=True)
    try:
        engine_world.ops.register_model("linked", folder, kind="diffusers", licence="test")
    except RecordInvalid as e:  # refused at registration, as a linked file is: fixed
        assert "not a plain file" in str(e) or "link" in str(e)
        return
    _flip_last_bytes(unet_elsewhere)  # the weights behind the link change after registration
    request = engine_world.request(purpose="art", engine="diffusion", model="linked", prompt="a boat", steps=2)
    with pytest.raises(GenerationError, match="changed since it was registered"):
        engine_world.studio().check_model(request)


def test_a_model_changed_after_check_consent_is_refused_at_generate(engine_world, tmp_path):
    path = _gan_file(tmp_path / "faces.safetensors", seed=0)
    engine_world.register_model("faces", path, kind="gan")
    studio = engine_world.studio()
    request = engine_world.request(purpose="art", engine="gan", model="faces")
    assert studio.check(request).allowed  # "Check consent": the model is hashed and found unchanged
    _gan_file(path, seed=1)  # then the file is swapped for other weights
    with pytest.raises(GenerationError, match="model 'faces' changed since it was registered"):
        studio.generate(request)
    assert _outputs(engine_world) == []


def test_a_file_added_to_a_registered_folder_is_refused(engine_world, tiny_models, tmp_path):
    folder = tmp_path / "tiny-sd-copy"
    shutil.copytree(tiny_models.sd, folder)
    engine_world.register_model("tiny", folder)
    # a second weights file dropped next to the registered one (diffusers prefers some names)
    shutil.copyfile(next(folder.glob("unet/*.safetensors")), folder / "unet" / "diffusion_pytorch_model.fp16.safetensors")
    request = engine_world.request(purpose="art", engine="diffusion", model="tiny", prompt="a boat", steps=2)
    with pytest.raises(GenerationError, match="model 'tiny' changed since it was registered"):
        engine_world.studio().check_model(request)


def test_a_registered_folder_replaced_by_a_link_to_an_identical_copy_is_refused(engine_world, tiny_models, tmp_path):
    folder = tmp_path / "tiny-sd-copy"
    shutil.copytree(tiny_models.sd, folder)
    engine_world.register_model("tiny", folder)
    twin = tmp_path / "twin"
    shutil.move(str(folder), twin)  # same bytes, now reached through a link someone can repoint
    folder.symlink_to(twin, target_is_directory=True)
    request = engine_world.request(purpose="art", engine="diffusion", model="tiny", prompt="a boat", steps=2)
    with pytest.raises(GenerationError, match="model 'tiny' cannot be read where it was registered"):
        engine_world.studio().check_model(request)


def _with_custom_pipeline_code(src, dst, marker):
    """A registered folder whose model_index.json names a pipeline class in a .py file beside it
    (no pickle file: registration does not ask for the operator's allowance)."""
    import json

    shutil.copytree(src, dst)
    (dst / "pipeline.py").write_text(
        f"open({str(marker)!r}, 'w').write('code ran')\n"
        "from diffusers import StableDiffusionPipeline\n\n\n"
        "class EvilPipeline(StableDiffusionPipeline):\n    pass\n")
    index = json.loads((dst / "model_index.json").read_text())
    index["_class_name"] = ["pipeline", "EvilPipeline"]
    (dst / "model_index.json").write_text(json.dumps(index))
    return dst


def test_code_in_a_registered_model_folder_never_runs(engine_world, tiny_models, tmp_path):
    from creator.errors import ModelUnavailable

    marker = tmp_path / "code-ran"
    folder = _with_custom_pipeline_code(tiny_models.sd, tmp_path / "custom", marker)
    engine_world.register_model("custom", folder)
    with pytest.raises(ModelUnavailable, match="custom code"):
        engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="custom",
                                                            prompt="", steps=2))  # no prompt: no name matcher
    assert not marker.exists()
    assert _outputs(engine_world) == []


def test_a_model_that_fails_to_load_names_no_server_path(engine_world, tiny_models, tmp_path):
    folder = _with_custom_pipeline_code(tiny_models.sd, tmp_path / "custom", tmp_path / "code-ran")
    engine_world.register_model("custom", folder)
    with pytest.raises(GenerationError) as info:
        engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="custom",
                                                            prompt="", steps=2))  # no prompt: no name matcher
    assert str(tmp_path) not in str(info.value)
