"""Red team s63 (models, engines and input images).

The pickle rule of the model registry (``consent.model_files.PICKLE_SUFFIXES``: files whose
loaders run Python's pickle, TorchScript archives included, are refused unless the operator
allows that digest) is decided by each file's *name suffix*. The loaders do not choose a parser by
that suffix:

- the GAN engine loads every registered GAN file not named ``*.safetensors`` with
  ``torch.jit.load`` (``Studio._gan_engine``): a TorchScript archive named ``gen.ts``,
  ``gen.zip`` or ``gen`` (no suffix) registers with ``allow_pickle`` False and runs;
- diffusers reads the shards a ``*.safetensors.index.json`` names with ``safetensors`` only when a
  shard's name ends in ``.safetensors``; any other shard is opened with ``torch.load`` (a pickle):
  a unet whose index names ``diffusion_pytorch_model-00001-of-00001.weights`` registers without the
  operator's allowance and loads that pickle.

- a single-file checkpoint named ``model.SAFETENSORS``: the registry lower-cases the suffix (no
  pickle suffix), diffusers compares it as written and reads the file with ``torch.load``.

Expected: a model whose files a loader would read as pickle or TorchScript is refused at
registration without ``allow_pickle`` (judged by the bytes, or by what the loader will do with the
file, not by its name), and a registered one is not loaded.

Also here: a registered model's ``text_encoder/config.json`` naming a Hub kernel as its
``attn_implementation`` makes transformers fetch code from the Hugging Face Hub while the model
loads; and the studio's face-scan cache, keyed by an input file's bytes, answers for another decode
of the same bytes (``InputImage(field="mask")`` passed as the source: a face drawn in the alpha
channel is allowed after the blank picture of the same bytes was scanned).
"""

from __future__ import annotations

import json
import shutil

import pytest

from consent.errors import RecordInvalid
from model_support import photo_gan_file


def _outputs(world):
    return [p for p in world.output_files() if p.is_file() and p.suffix in (".png", ".jpg")]


@pytest.mark.parametrize("name", ["generator.ts", "generator.zip", "generator"])
def test_a_torchscript_gan_not_named_pt_needs_the_operators_allowance(engine_world, tmp_path, pictures, name):
    """TorchScript is code (``PICKLE_SUFFIXES`` lists .pt/.pth for it); named otherwise it is not seen."""
    import numpy as np

    path = photo_gan_file(np.asarray(pictures.astronaut(64)), tmp_path / name)  # a TorchScript archive
    registered = True
    try:
        engine_world.ops.register_model("gen", path, kind="gan", licence="test weights")
    except RecordInvalid as e:
        assert "pickle" in str(e)
        registered = False
    if registered:
        try:
            engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", model="gen", project=None))
        except Exception:  # noqa: BLE001 - refused at load: the rule held there
            pass
    assert not registered, f"a TorchScript archive named {name!r} was registered without --allow-pickle"
    assert _outputs(engine_world) == [], "…and the studio ran it"


@pytest.mark.parametrize("shard", ["diffusion_pytorch_model-00001-of-00001.weights", "shard-1"])
def test_a_pickle_shard_named_by_a_safetensors_index_needs_the_operators_allowance(engine_world, tiny_models, tmp_path,
                                                                                     shard):
    import torch
    from safetensors.torch import load_file

    folder = tmp_path / "sharded-sd"
    shutil.copytree(tiny_models.sd, folder)
    weights = folder / "unet" / "diffusion_pytorch_model.safetensors"
    state = load_file(str(weights))
    weights.unlink()
    torch.save(state, folder / "unet" / shard)  # a pickle (torch.save's zip), named like no pickle suffix
    (folder / "unet" / "diffusion_pytorch_model.safetensors.index.json").write_text(json.dumps(
        {"metadata": {"total_size": 0}, "weight_map": {k: shard for k in state}}))
    registered = True
    try:
        engine_world.ops.register_model("sharded", folder, kind="diffusers", licence="test weights")
    except RecordInvalid as e:
        assert "pickle" in str(e)
        registered = False
    if registered:
        try:
            engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="sharded",
                                                                prompt="a boat at sea", steps=2, project=None))
        except Exception:  # noqa: BLE001 - refused at load: the rule held there
            pass
    assert not registered, f"a unet whose index names the pickle shard {shard!r} was registered without --allow-pickle"
    assert _outputs(engine_world) == [], "…and diffusers loaded the pickle (torch.load) to make an image"


@pytest.mark.parametrize("name", ["model.SAFETENSORS", "model.Safetensors"])
def test_a_pickle_checkpoint_named_safetensors_in_capitals_needs_the_operators_allowance(engine_world, tiny_checkpoint,
                                                                                         tmp_path, name):
    """The registry lower-cases a suffix (``.SAFETENSORS`` is no pickle suffix) and the studio accepts
    it as a checkpoint suffix; diffusers' ``load_state_dict`` compares the suffix as written, so any
    file not ending in lower-case ``safetensors`` is read with ``torch.load``: a pickle."""
    import torch
    from safetensors.torch import load_file

    path = tmp_path / name
    torch.save(load_file(str(tiny_checkpoint.file)), path)  # the same weights, pickled
    registered = True
    try:
        engine_world.ops.register_model("ckpt", path, kind="checkpoint", licence="test weights",
                                        config=tiny_checkpoint.config)
    except RecordInvalid as e:
        assert "pickle" in str(e) or "safetensors" in str(e)
        registered = False
    if registered:
        try:
            engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="ckpt",
                                                                prompt="a boat at sea", steps=2, project=None))
        except Exception:  # noqa: BLE001 - refused at load: the rule held there
            pass
    assert not registered, f"a pickled checkpoint named {name!r} was registered without --allow-pickle"
    assert _outputs(engine_world) == [], "…and diffusers loaded it with torch.load to make an image"


def test_a_registered_models_config_never_fetches_code_from_the_hub(engine_world, tiny_models, tmp_path, monkeypatch):
    """``text_encoder/config.json`` may say ``"attn_implementation": "kernels-community/flash-attn2"``;
    transformers then asks the ``kernels`` library (installed here) for that Hub repository — Python
    and compiled code, downloaded unless it is in the cache — whatever ``local_files_only`` says. The
    studio never sets ``HF_HUB_OFFLINE``: a registered model's config made the studio fetch and run
    code the digest does not cover ("Models load only from this machine ... nothing is downloaded").
    The fetch is stood in for here (this machine has no network): it is asked for, which is the finding."""
    import transformers.integrations.hub_kernels as hub_kernels

    asked = []

    def fetch(repo_id, *args, **kwargs):
        asked.append(repo_id)
        raise RuntimeError("no network in tests")

    monkeypatch.setattr(hub_kernels, "get_kernel", fetch)
    folder = tmp_path / "kernel-sd"
    shutil.copytree(tiny_models.sd, folder)
    config = folder / "text_encoder" / "config.json"
    doc = json.loads(config.read_text())
    doc["attn_implementation"] = "kernels-community/flash-attn2"
    config.write_text(json.dumps(doc))
    with pytest.raises(RecordInvalid, match="Hugging Face Hub"):  # refused at registration, saying why
        engine_world.register_model("kernel-sd", folder)
    assert asked == [], f"registering the model asked the Hugging Face Hub for code: {asked}"
    # a copy for loading is checked the same way (copy_model reads the copied bytes' names again)
    from consent.model_files import copy_model, remove_copy

    with pytest.raises(RecordInvalid, match="Hugging Face Hub"):
        remove_copy(copy_model(folder, None, tmp_path / "loads"))


def _face_in_alpha_png() -> bytes:
    """A PNG whose colour is white everywhere and whose alpha channel is a thresholded portrait: as
    a picture (composited over white) it is blank; decoded as a mask (``as_mask``: painted where
    α > 0) it is a black-and-white face the detector finds."""
    import io

    import numpy as np
    from PIL import Image

    from studio_world import grace_hopper

    grey = np.asarray(grace_hopper().convert("L").resize((512, 512))).astype(int)
    alpha = np.where(grey > 90, 255, 0).astype(np.uint8)
    rgba = np.dstack([np.full(grey.shape + (3,), 255, np.uint8), alpha])
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    return buf.getvalue()


def test_the_face_scan_cache_never_answers_for_other_pixels_of_the_same_bytes(stub_world):
    """``Studio._find_faces`` keeps scans by ``(sha256 of the file's bytes, …, size)``, but one file
    has two canonical decodes: ``InputImage(field="mask")`` decodes with ``as_mask`` (transparency is
    the painted area), any other field composites over white. A Python API caller asks once with the
    file as an ordinary source (blank: no face, allowed, and the scan is kept), then passes the same
    bytes as ``InputImage(field="mask", …)`` in ``source``: the scan kept for the blank picture is
    reused for the face the engine now gets. A fresh studio denies that very request (an unknown
    face in the source)."""
    from creator.request import GenerationRequest, InputImage

    data = _face_in_alpha_png()

    def request(field: str) -> GenerationRequest:
        return GenerationRequest(grantee="ACME Films", purpose="art", territory="US", engine="diffusion",
                                 mode="img2img", prompt="", source=InputImage(field=field, data=data),
                                 width=512, height=512, steps=4, strength=0.3, seed=1)

    fresh = stub_world.studio().check(request("mask"))
    assert not fresh.allowed and "unknown likeness at source face" in " ".join(fresh.reasons())  # the set-up
    studio = stub_world.studio()
    assert studio.check(request("source")).allowed  # the blank picture: no face (its scan is kept)
    decision = studio.check(request("mask"))
    assert not decision.allowed, ("the same studio allowed a source with an unknown face: the scan of another "
                                  "decode of the same bytes answered for these pixels")
