"""Session 57 red team: model paths that ``model register`` could not read, or read as something else.

- ``model register NAME PATH`` with PATH in a symlink loop: ``Path.resolve`` raised RuntimeError
  ("Symlink loop from ..."), the CLI printed "internal error" with a traceback, exit 1. It is one
  ``FAIL:`` line now, exit 2, and nothing is registered (the same for ``--config``).
- ``--kind diffusers`` accepted any folder: one without model_index.json (a parent folder, a
  typo) or one whose model_index.json is not JSON; the mistake showed only when a creator's
  generation failed to load it. The folder is checked as a checkpoint's ``--config`` folder is.
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from consent.errors import ConsentError
from creator.cli import cli


def _run(world, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), *map(str, args)])


def _one_clear_line(output):
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    assert any(line.startswith("FAIL: ") for line in output.splitlines()), output[-2000:]


@pytest.mark.parametrize("where", ["path", "config"])
def test_a_model_path_in_a_symlink_loop_is_a_clear_error(stub_world, tmp_path, where):
    w = stub_world
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    if where == "path":
        r = _run(w, "model", "register", "loopy", tmp_path / "a", "--kind", "gan", "--licence", "MIT")
    else:
        ckpt = tmp_path / "model.safetensors"
        ckpt.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
        r = _run(w, "model", "register", "loopy", ckpt, "--kind", "checkpoint", "--licence", "MIT",
                 "--config", tmp_path / "a")
    assert r.exit_code == 2, r.output[-800:]
    _one_clear_line(r.output)
    assert "cannot be resolved" in r.output, r.output
    assert w.registry.get_model("loopy") is None
    r = _run(w, "audit", "verify")
    assert r.exit_code == 0 and "audit chain intact" in r.output, r.output


@pytest.mark.parametrize("index", [None, b"\xff\xfe not json", b"[1, 2]", b"{" * 5000])
def test_a_diffusers_folder_without_a_readable_model_index_is_refused(stub_world, tmp_path, index):
    w = stub_world
    d = tmp_path / "not-a-pipeline"
    (d / "unet").mkdir(parents=True)
    (d / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    if index is not None:
        (d / "model_index.json").write_bytes(index)
    with pytest.raises(ConsentError, match="model_index.json"):
        w.ops.register_model("bad-pipe", d, kind="diffusers", licence="MIT")
    assert w.registry.get_model("bad-pipe") is None
    r = _run(w, "model", "register", "bad-pipe", d, "--kind", "diffusers", "--licence", "MIT")
    assert r.exit_code == 2 and "model_index.json" in r.output, r.output[-800:]
    _one_clear_line(r.output)
    assert w.registry.get_model("bad-pipe") is None


def test_a_diffusers_folder_with_a_model_index_is_registered(stub_world, tmp_path):
    d = tmp_path / "pipe"
    (d / "unet").mkdir(parents=True)
    (d / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    (d / "model_index.json").write_text(json.dumps({"_class_name": "StableDiffusionPipeline"}))
    rec = stub_world.ops.register_model("pipe", d, kind="diffusers", licence="MIT")
    assert stub_world.registry.get_model("pipe").sha256 == rec.sha256
