"""Adversary 7: the upright output scan is chosen from the engine the studio caches under
(request.engine, request.model). An operator-registered GAN named like the packaged one, asked
for after the packaged one was loaded, is its own engine and keeps the full scan; a registered
copy of the packaged file (the same bytes) is the same generator. Tried and held: this pins the
cache key and the digest rule a future change could loosen (e.g. a key without the model)."""

from __future__ import annotations

import shutil

import torch
from safetensors.torch import save_file

from creator.engines.gan import BUILTIN_WEIGHTS, DCGANGenerator


def test_a_registered_gan_named_like_the_packaged_one_keeps_the_full_scan(engine_world, tmp_path):
    torch.manual_seed(0)
    other = tmp_path / "other.safetensors"
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(other))
    engine_world.register_model("dcgan-digiface", other, kind="gan")
    copy = tmp_path / "copy.safetensors"
    shutil.copyfile(BUILTIN_WEIGHTS, copy)
    engine_world.register_model("mirror", copy, kind="gan")
    studio = engine_world.studio()
    req = engine_world.request
    assert studio._engine(req(purpose="art", engine="gan")).upright_faces_only is True
    named_alike = studio._engine(req(purpose="art", engine="gan", model="dcgan-digiface"))
    assert named_alike.upright_faces_only is False and named_alike.weights_sha256 != studio._engine(
        req(purpose="art", engine="gan")).weights_sha256
    assert studio._engine(req(purpose="art", engine="gan", model="mirror")).upright_faces_only is True
    # and in the other order, on a fresh studio
    studio = engine_world.studio()
    assert studio._engine(req(purpose="art", engine="gan", model="dcgan-digiface")).upright_faces_only is False
    assert studio._engine(req(purpose="art", engine="gan")).upright_faces_only is True
