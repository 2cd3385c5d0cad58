"""Adversary 13 (held): weights the model digest does not cover are never loaded.

``consent.model_files`` (the digest and the copy an engine loads) leaves ``.git/`` and ``__pycache__/`` folders out of a model's
digest. A folder whose UNet weights live in ``unet/.git/`` and are named there by a sharded
checkpoint index (``diffusion_pytorch_model.safetensors.index.json``) would register with a
digest that does not cover its weights — they could then be changed at will. It holds because
diffusers (0.42) accepts only plain shard file names in an index: the load is refused, nothing is
made. Since red team 33 the studio reads every index's shard names itself and refuses, at
registration and at load, one outside the folder or in a folder the digest leaves out
(``consent.model_files.POINTER_KEYS``; transformers, which loads the text encoder, checks nothing).
"""

from __future__ import annotations

import json
import shutil

import pytest
from safetensors.torch import load_file

from consent.errors import RecordInvalid


@pytest.mark.parametrize("shard", [".git/weights.safetensors", "../../outside.safetensors"])
def test_a_sharded_index_naming_weights_outside_the_digest_never_loads(engine_world, tiny_models, tmp_path, shard):
    folder = tmp_path / "sharded-sd"
    shutil.copytree(tiny_models.sd, folder)
    unet = folder / "unet"
    weights = unet / "diffusion_pytorch_model.safetensors"
    target = (unet / shard)
    target.parent.mkdir(parents=True, exist_ok=True)
    keys = list(load_file(str(weights)))
    shutil.move(weights, target)
    (unet / "diffusion_pytorch_model.safetensors.index.json").write_text(json.dumps(
        {"metadata": {"total_size": target.stat().st_size}, "weight_map": {k: shard for k in keys}}))
    w = engine_world
    with pytest.raises(RecordInvalid, match="unet/diffusion_pytorch_model.safetensors.index.json: its key 'weight_map'"):
        w.register_model("sharded-sd", folder)  # the weights are outside what it would hash: refused
    assert w.registry.get_model("sharded-sd") is None
    assert [p for p in w.output_files() if p.is_file()] == []
