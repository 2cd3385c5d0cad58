"""A registered model's JSON files may not name files outside its folder (red team 33).

``consent.model_files`` reads the files whose names the loaders follow (``*.index.json``'s
``weight_map``, ``tokenizer_config.json``'s ``fast_tokenizer_files`` and file keys,
``adapter_config.json``'s ``base_model_name_or_path``) from the bytes it hashes, at registration
(``model_digest``) and at every load (``copy_model``), and refuses a name outside the folder.
"""

from __future__ import annotations

import json
import os

import pytest

from consent.errors import RecordInvalid
from consent.model_files import copy_model, model_digest


def _folder(root, files):
    for rel, content in files.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(content if isinstance(content, str) else json.dumps(content))
    return root


def _index(**weight_map):
    return {"metadata": {"total_size": 1}, "weight_map": weight_map}


BASE = {"model_index.json": {"_class_name": "X"}, "text_encoder/config.json": {}, "text_encoder/model-1.safetensors": "w",
        "tokenizer/tokenizer.json": "{}"}


@pytest.mark.parametrize("rel, doc, key", [
    ("text_encoder/model.safetensors.index.json", _index(a="/srv/shared/te.safetensors"), "weight_map"),
    ("text_encoder/model.safetensors.index.json", _index(a="model-1.safetensors", b="../../te.safetensors"), "weight_map"),
    ("unet/diffusion_pytorch_model.safetensors.index.json", _index(a="/x.safetensors"), "weight_map"),
    ("unet/diffusion_pytorch_model.safetensors.index.json", _index(a=".git/x.safetensors"), "weight_map"),
    ("text_encoder/model.safetensors.index.json", _index(a=7), "weight_map"),
    ("tokenizer/tokenizer_config.json", {"fast_tokenizer_files": ["/srv/tokenizer.4.0.0.json"]}, "fast_tokenizer_files"),
    ("tokenizer/tokenizer_config.json", {"fast_tokenizer_files": ["../../tokenizer.4.0.0.json"]}, "fast_tokenizer_files"),
    ("tokenizer/tokenizer_config.json", {"tokenizer_file": "/srv/tokenizer.json"}, "tokenizer_file"),
    ("tokenizer/tokenizer_config.json", {"vocab_file": "vocab.json"}, "vocab_file"),
    ("tokenizer/tokenizer_config.json", {"vocab": "/srv/vocab.json"}, "vocab"),
    ("text_encoder/adapter_config.json", {"base_model_name_or_path": "/srv/te"}, "base_model_name_or_path"),
], ids=["index-absolute", "index-dotdot", "unet-index", "index-in-git", "index-not-text", "fast-absolute", "fast-dotdot",
        "tokenizer-file", "vocab-file", "vocab-text", "adapter-base"])
def test_a_name_outside_the_folder_is_refused_at_registration_and_at_load(tmp_path, rel, doc, key):
    files = dict(BASE)
    if rel.endswith("adapter_config.json"):
        del files["text_encoder/config.json"]
    model = _folder(tmp_path / "m", {**files, rel: doc})
    with pytest.raises(RecordInvalid, match=f"model file {rel}: its key '{key}'"):
        model_digest(model)
    loads = tmp_path / "loads"
    with pytest.raises(RecordInvalid, match=f"model file {rel}: its key '{key}'"):
        copy_model(model, None, loads)
    assert [p for p in loads.iterdir() if p.name.startswith("load-")] == []  # nothing left behind


def test_a_checkpoints_config_folder_is_checked_too(tmp_path):
    ckpt = tmp_path / "model.safetensors"
    ckpt.write_bytes(b"weights")
    config = _folder(tmp_path / "cfg", {**BASE, "tokenizer/tokenizer_config.json": {"fast_tokenizer_files": ["/t.4.0.json"]}})
    with pytest.raises(RecordInvalid, match="config/tokenizer/tokenizer_config.json: its key 'fast_tokenizer_files'"):
        model_digest(ckpt, config)
    with pytest.raises(RecordInvalid, match="fast_tokenizer_files"):
        copy_model(ckpt, config, tmp_path / "loads")


def test_names_inside_the_folder_and_ignored_legacy_keys_pass(tmp_path):
    model = _folder(tmp_path / "m", {
        **BASE,
        "text_encoder/model.safetensors.index.json": _index(a="model-1.safetensors", b="./model-1.safetensors",
                                                            c="sub/../model-1.safetensors"),
        # old releases carry their author's cache path here; transformers opens these by fixed names only
        "tokenizer/tokenizer_config.json": {"special_tokens_map_file": "/home/someone/.cache/special_tokens_map.json",
                                            "added_tokens_file": None, "tokenizer_file": None,
                                            "fast_tokenizer_files": ["tokenizer.4.0.0.json"], "vocab": {"a": 0}},
        # beside a config.json transformers never follows the base model's name
        "text_encoder/adapter_config.json": {"base_model_name_or_path": "runwayml/stable-diffusion-v1-5"},
        "other/adapter_config.json": {"base_model_name_or_path": None},
    })
    d = model_digest(model)
    copy = copy_model(model, None, tmp_path / "loads")
    assert copy.digest == d


def test_a_pointer_file_that_is_not_json_is_refused(tmp_path):
    model = _folder(tmp_path / "m", {**BASE, "tokenizer/tokenizer_config.json": "{not json"})
    with pytest.raises(RecordInvalid, match="tokenizer/tokenizer_config.json is not valid JSON"):
        model_digest(model)


def test_the_load_reads_the_names_from_the_copy_not_the_folder(tmp_path):
    """The names checked are those of the bytes hashed and copied: one read of each file."""
    model = _folder(tmp_path / "m", {**BASE, "text_encoder/model.safetensors.index.json": _index(a="model-1.safetensors")})
    copy = copy_model(model, None, tmp_path / "loads")
    index = copy.path / "text_encoder" / "model.safetensors.index.json"
    assert json.loads(index.read_text())["weight_map"] == {"a": "model-1.safetensors"}
    assert oct(os.stat(index).st_mode & 0o777) == "0o400"
