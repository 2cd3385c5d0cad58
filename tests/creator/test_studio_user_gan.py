"""A user's own GAN generator (safetensors of the standard DCGAN) runs through the governed
recipe like the built-in one: disclosed, signed, and named by its own digest."""

from __future__ import annotations

import torch
from safetensors.torch import save_file

from creator.engines.gan import DCGANGenerator
from creator.verify import verify


def test_user_safetensors_generator_is_governed_and_disclosed(engine_world, tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "my-faces.safetensors"
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(path))
    engine_world.register_model("my-faces", path, kind="gan")
    result = engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", model="my-faces"))
    report = verify(result.outputs[0].path, settings=engine_world.settings, registry=engine_world.registry)
    assert report.ok, report.reasons
    assert report.ai_system.startswith("my-faces:")
