"""Adversary 13: "a file swapped while it loads is refused" — unless it is swapped back in time.

Before the fix ``Studio._load_registered`` hashed a registered model's files just before its
engine loaded them and again just after, and from then on trusted the loaded engine without any
hash (``_verified_models``). Both hashes read the files by path; the load read them by path in
between. Someone who can write the model folder (the threat a re-hash exists for) and watches
it with inotify sees the pre-load digest close ``unet/diffusion_pytorch_model.safetensors``,
renames other weights into its place, sees the loader close it, and renames the registered file
back before the post-load digest reads it. Both digests matched; the engine in memory ran weights
nobody registered, for every generation until the studio restarts, and every manifest named the
registered model.

Fixed (``consent.model_files``): the studio copies every file the digest covers into a private
folder, hashing the bytes as it copies them, and the engine loads that copy. A swap while the
engine loads touches a folder the engine no longer reads (the registered weights run); a swap
while the copy is made changes the digest (refused, nothing loaded).
"""

from __future__ import annotations

import os
import shutil

import pytest
import torch
from safetensors.torch import load_file, save_file

from creator.errors import GenerationError

_UNET = "unet/diffusion_pytorch_model.safetensors"


def _same(loaded: dict, file) -> bool:
    weights = load_file(str(file))
    return all(torch.equal(loaded[k], weights[k]) for k in weights)


def test_weights_swapped_in_during_the_load_and_back_never_run(engine_world, tiny_models, tmp_path):
    import creator.engines.diffusion as diffusion
    from creator.engines.testing import make_tiny_sd_pipeline

    folder = tmp_path / "registered-sd"
    shutil.copytree(tiny_models.sd, folder)
    other = make_tiny_sd_pipeline(tmp_path / "other-sd", seed=7)  # weights nobody registered
    w = engine_world
    model = w.register_model("house-sd", folder)

    real_load = diffusion._load_pipeline
    swaps = []

    def watched_load(*args, **kwargs):  # the watcher's renames, at the moments inotify reports
        os.replace(folder / _UNET, tmp_path / "kept.safetensors")
        shutil.copyfile(other / _UNET, folder / _UNET)
        try:
            return real_load(*args, **kwargs)
        finally:
            os.replace(tmp_path / "kept.safetensors", folder / _UNET)
            swaps.append(True)

    diffusion._load_pipeline = watched_load
    try:
        studio = w.studio()
        request = w.request(engine="diffusion", model=model, prompt="a lighthouse at dusk", steps=2)
        try:
            result = studio.generate(request)
        except GenerationError as e:
            result = e
    finally:
        diffusion._load_pipeline = real_load
    assert swaps  # the set-up: the engine was loaded while the other weights were in place
    assert not isinstance(result, GenerationError), result  # the registered bytes, copied before, loaded fine
    loaded = studio._engine(request)._pipe.unet.state_dict()
    assert not _same(loaded, other / _UNET)  # the unregistered weights never ran …
    assert _same(loaded, folder / _UNET)  # … the registered ones did
    assert len(result.outputs) == 1 and w.output_files()
    assert list(w.settings.model_loads_dir.iterdir()) == []  # the private copy is gone


def test_weights_swapped_in_while_the_studio_copies_them_are_refused(engine_world, tiny_models, tmp_path, monkeypatch):
    import consent.model_files as model_files
    from creator.engines.testing import make_tiny_sd_pipeline

    folder = tmp_path / "registered-sd"
    shutil.copytree(tiny_models.sd, folder)
    other = make_tiny_sd_pipeline(tmp_path / "other-sd", seed=7)
    w = engine_world
    model = w.register_model("house-sd", folder)

    real_copy = model_files.copy_model
    swaps = []

    def watched_copy(*args, **kwargs):  # in before the studio reads the UNet file, back after
        os.replace(folder / _UNET, tmp_path / "kept.safetensors")
        shutil.copyfile(other / _UNET, folder / _UNET)
        try:
            return real_copy(*args, **kwargs)
        finally:
            os.replace(tmp_path / "kept.safetensors", folder / _UNET)
            swaps.append(True)

    monkeypatch.setattr(model_files, "copy_model", watched_copy)
    studio = w.studio()
    request = w.request(engine="diffusion", model=model, prompt="a lighthouse at dusk", steps=2)
    with pytest.raises(GenerationError, match="changed since it was registered") as caught:
        studio.generate(request)
    assert swaps
    assert str(tmp_path) not in str(caught.value)
    assert [p for p in w.output_files() if p.is_file()] == []
    assert list(w.settings.model_loads_dir.iterdir()) == []
    monkeypatch.setattr(model_files, "copy_model", real_copy)  # the watcher gone, the folder as registered: it loads
    assert len(studio.generate(request).outputs) == 1
    assert _same(studio._engine(request)._pipe.unet.state_dict(), folder / _UNET)


def test_gan_weights_swapped_in_during_the_load_and_back_never_run(engine_world, tmp_path):
    import hashlib

    import creator.engines.gan as gan
    from creator.engines.gan import DCGANGenerator

    torch.manual_seed(0)
    path = tmp_path / "faces.safetensors"
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(path))
    torch.manual_seed(1)
    other = tmp_path / "other.safetensors"
    save_file(DCGANGenerator(nz=100, ngf=16).state_dict(), str(other))
    w = engine_world
    w.register_model("faces", path, kind="gan")

    real_read = gan._read
    swaps = []

    def watched_read(*args, **kwargs):  # the GAN loader's one read of the file
        os.replace(path, tmp_path / "kept.safetensors")
        shutil.copyfile(other, path)
        try:
            return real_read(*args, **kwargs)
        finally:
            os.replace(tmp_path / "kept.safetensors", path)
            swaps.append(True)

    gan._read = watched_read
    try:
        studio = w.studio()
        request = w.request(purpose="art", engine="gan", model="faces", prompt="")
        result = studio.generate(request)
    finally:
        gan._read = real_read
    assert swaps
    engine = studio._engine(request)
    assert engine.weights_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # what its manifests name
    assert _same(engine._module.state_dict(), path) and not _same(engine._module.state_dict(), other)
    assert len(result.outputs) == 1
