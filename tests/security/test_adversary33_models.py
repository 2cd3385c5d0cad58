"""Red team 33: a registered diffusers folder whose text encoder's weights lie outside it.

A model's digest covers every file of its folder (``consent.model_files``), and the engine loads a
private copy of exactly those files. Diffusers (0.42) refuses a sharded UNet/VAE index that names a
shard outside the folder (adversary 13 pinned that), but the text encoder is loaded by
transformers (5.x), whose ``get_checkpoint_shard_files`` joins each name of
``text_encoder/model.safetensors.index.json``'s ``weight_map`` to the folder with ``os.path.join``
and checks nothing: an absolute name is read where it lies. So a folder registered with such an
index has a digest that does not cover its text encoder's weights; whoever can write that outside
file changes the model after registration, and every later load runs the changed weights with no
"changed since registration" refusal — the copy made "so that what was hashed is what loads" holds
the index, not the weights.
"""

from __future__ import annotations

import json
import shutil

import pytest
from safetensors.torch import load_file, save_file

from consent.errors import ConsentError


def _folder_with_outside_text_encoder(tiny_models, tmp_path):
    folder = tmp_path / "te-outside-sd"
    shutil.copytree(tiny_models.sd, folder)
    te = folder / "text_encoder"
    outside = tmp_path / "shared-weights" / "text_encoder.safetensors"
    outside.parent.mkdir()
    shutil.move(te / "model.safetensors", outside)
    keys = list(load_file(str(outside)))
    (te / "model.safetensors.index.json").write_text(json.dumps(
        {"metadata": {"total_size": outside.stat().st_size}, "weight_map": {k: str(outside) for k in keys}}))
    return folder, outside


@pytest.mark.xfail(strict=True, reason="red team 33: transformers loads text_encoder shards named by an absolute "
                                       "path in model.safetensors.index.json from outside the registered folder and "
                                       "its private copy; weights changed there after registration run unrefused")
def test_text_encoder_weights_outside_the_registered_folder_never_run(engine_world, tiny_models, tmp_path):
    w = engine_world
    folder, outside = _folder_with_outside_text_encoder(tiny_models, tmp_path)
    try:
        model = w.register_model("te-outside", folder)
    except ConsentError:
        return  # refused at registration: the weights the digest does not cover never run
    # the file nobody registered is changed after registration
    save_file({k: v * 0 for k, v in load_file(str(outside)).items()}, str(outside))
    before = {p.name for p in w.output_files() if p.is_file()}
    req = w.request(engine="diffusion", model=model, prompt="", steps=1)
    with pytest.raises(ConsentError, match="(?i)model|weights|changed"):
        w.studio().generate(req)
    assert {p.name for p in w.output_files() if p.is_file()} == before
