"""Red team 33: a registered diffusers folder whose text encoder or tokenizer lies outside it.

A model's digest covers every file of its folder (``consent.model_files``), and the engine loads a
private copy of exactly those files, "so that what was hashed is what loads". Diffusers (0.42)
refuses a sharded UNet/VAE index naming a shard outside the folder (adversary 13 pinned that), but
the text encoder and the tokenizer are loaded by transformers (5.x), which reads two names from
files in the folder and joins them to it with ``os.path.join``, checking nothing — an absolute
name is read where it lies:

- ``text_encoder/model.safetensors.index.json``: ``get_checkpoint_shard_files`` takes each
  ``weight_map`` value as a shard path;
- ``tokenizer/tokenizer_config.json``: ``fast_tokenizer_files`` (``get_fast_tokenizer_file``:
  any name matching ``tokenizer.<version>.json``) replaces ``tokenizer.json``.

So a folder registered with such a file has a digest that covers the pointer, not the text
encoder's weights or the tokenizer; the copy holds the pointer too. Whoever can write the outside
file changes the model after registration (a tokenizer can make an innocent word of the prompt —
the words the name check reads — the tokens of a person's name for the model), and every later
load runs it with no "changed since registration" refusal. The same pointer in a single-file
checkpoint's registered config folder (``model register --kind checkpoint --config DIR``) passes
tests/security/test_models.py's "tokenizer changed after registration is refused" by leaving the
tokenizer outside the folder. (Not tried: ``adapter_config.json``'s ``base_model_name_or_path``,
which transformers also follows for a folder without ``config.json``.)
"""

from __future__ import annotations

import json
import shutil

import pytest
from safetensors.torch import load_file, save_file

from consent.errors import ConsentError


def _text_encoder_outside(folder, elsewhere):
    te = folder / "text_encoder"
    outside = elsewhere / "text_encoder.safetensors"
    shutil.move(te / "model.safetensors", outside)
    keys = list(load_file(str(outside)))
    (te / "model.safetensors.index.json").write_text(json.dumps(
        {"metadata": {"total_size": outside.stat().st_size}, "weight_map": {k: str(outside) for k in keys}}))

    def change():
        save_file({k: v * 0 for k, v in load_file(str(outside)).items()}, str(outside))
    return change


def _tokenizer_outside(folder, elsewhere):
    tk = folder / "tokenizer"
    outside = elsewhere / "tokenizer.4.0.0.json"
    shutil.move(tk / "tokenizer.json", outside)
    config = json.loads((tk / "tokenizer_config.json").read_text())
    (tk / "tokenizer_config.json").write_text(json.dumps({**config, "fast_tokenizer_files": [str(outside)]}))

    def change():  # two words of the vocabulary trade places
        tok = json.loads(outside.read_text())
        vocab = tok["model"]["vocab"]
        a, b = "a</w>", "e</w>"
        vocab[a], vocab[b] = vocab[b], vocab[a]
        outside.write_text(json.dumps(tok))
    return change


def _base_model_outside(folder, elsewhere):
    """(Fixer's addition) peft's ``adapter_config.json`` in a text encoder folder without ``config.json``:
    transformers loads the base model from ``base_model_name_or_path`` (tried: it loads the outside weights)."""
    te = folder / "text_encoder"
    outside = elsewhere / "text_encoder"
    shutil.copytree(te, outside)
    (te / "config.json").unlink()
    (te / "model.safetensors").unlink()
    (te / "adapter_config.json").write_text(json.dumps({
        "base_model_name_or_path": str(outside), "peft_type": "LORA", "r": 1, "lora_alpha": 1,
        "target_modules": ["q_proj"], "task_type": None}))
    save_file({}, str(te / "adapter_model.safetensors"))

    def change():
        f = outside / "model.safetensors"
        save_file({k: v * 0 for k, v in load_file(str(f)).items()}, str(f))
    return change


@pytest.mark.parametrize("point_outside", [_text_encoder_outside, _tokenizer_outside, _base_model_outside],
                         ids=["text-encoder-shard-index", "tokenizer-fast-tokenizer-files", "adapter-config-base-model"])
def test_model_files_outside_the_registered_folder_never_run(engine_world, tiny_models, tmp_path, point_outside):
    w = engine_world
    folder = tmp_path / "pointing-sd"
    shutil.copytree(tiny_models.sd, folder)
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    change = point_outside(folder, elsewhere)
    try:
        model = w.register_model("pointing-sd", folder)
    except ConsentError:
        return  # refused at registration: what the digest does not cover never runs
    change()  # a file nobody registered changes after registration
    before = {p.name for p in w.output_files() if p.is_file()}
    req = w.request(engine="diffusion", model=model, prompt="", steps=1)
    with pytest.raises(ConsentError, match="(?i)model|weights|changed"):
        w.studio().generate(req)
    assert {p.name for p in w.output_files() if p.is_file()} == before


def test_a_checkpoints_tokenizer_outside_its_config_folder_never_runs(engine_world, tiny_checkpoint, tmp_path):
    w = engine_world
    config = shutil.copytree(tiny_checkpoint.config, tmp_path / "sd-config")
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    change = _tokenizer_outside(config, elsewhere)
    try:
        w.register_model("tiny-ckpt", tiny_checkpoint.file, kind="checkpoint", config=config)
    except ConsentError:
        return  # refused at registration: a right answer
    change()  # "a lighthouse" and "e lighthouse" trade tokens for the model; the prompt check reads the text
    with pytest.raises(ConsentError, match="(?i)model|changed"):
        w.studio().generate(w.request(engine="diffusion", model="tiny-ckpt", prompt="", steps=1))
    assert [p for p in w.output_files() if p.is_file()] == []


def test_a_model_registered_before_the_check_is_refused_at_load(engine_world, tiny_models, tmp_path, monkeypatch):
    """(Fixer's addition) A folder registered before names were checked (its digest, recorded then,
    still matches) is refused when it is checked and loaded: the copy's own bytes are read."""
    import consent.model_files as mf

    w = engine_world
    folder = tmp_path / "pointing-sd"
    shutil.copytree(tiny_models.sd, folder)
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    _tokenizer_outside(folder, elsewhere)
    with monkeypatch.context() as m:  # the studio before red team 33: no name was read
        m.setattr(mf, "_check_pointers", lambda pointers, shas: None)
        model = w.register_model("pointing-sd", folder)
    with pytest.raises(ConsentError, match="(?i)model 'pointing-sd'"):
        w.studio().generate(w.request(engine="diffusion", model=model, prompt="", steps=1))
    with pytest.raises(ConsentError, match="fast_tokenizer_files"):
        mf.copy_model(folder, None, tmp_path / "loads")
    assert [p for p in w.output_files() if p.is_file()] == []
