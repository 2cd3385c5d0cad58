"""A single-file checkpoint registered with its config folder runs offline, with no Hugging Face cache.

``consent-studio model register NAME FILE --kind checkpoint --config DIR`` names the diffusers
folder the checkpoint's component configs and tokenizer come from; the studio loads it with
that folder, so a studio without a Hugging Face cache (offline, the usual case) can use it.
Generation runs in a child process whose Hugging Face home and hub cache are empty folders,
so nothing cached on the test machine can stand in for the registered folder; a checkpoint
row without a config folder (as registered before) fails there with the way out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from consent.operations import model_digest
from consent.registry import ModelRecord, Registry
from creator.cli import cli
from creator.settings import StudioSettings
from creator.verify import verify

ROOT = Path(__file__).resolve().parents[2]


def _register(data: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data), "model", "register", *args, "--licence", "test weights"])


def _generate_offline(data: Path, model: str, out: Path, hf_home: Path) -> subprocess.CompletedProcess:
    """``consent-studio generate`` (Studio.generate) in a process whose Hugging Face cache is empty."""
    hf_home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_", "TRANSFORMERS_", "DIFFUSERS_"))}
    env.update(PYTHONPATH=str(ROOT), CONSENT_STUDIO_DATA_DIR=str(data), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               HF_HOME=str(hf_home), HF_HUB_CACHE=str(hf_home / "hub"), HUGGINGFACE_HUB_CACHE=str(hf_home / "hub"),
               GRADIO_ANALYTICS_ENABLED="False", OMP_NUM_THREADS="1")
    return subprocess.run(
        [sys.executable, "-c", "from creator.cli import main; main()", "generate", "--engine", "diffusion",
         "--model", model, "--prompt", "a lighthouse at dusk", "--purpose", "art", "--grantee", "me",
         "--territory", "US", "--width", "256", "--height", "256", "--steps", "2", "--seed", "1", "--out", str(out),
         "--json"],
        env=env, capture_output=True, text=True, timeout=600)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_checkpoint_registered_with_its_config_generates_offline_without_a_cache(tiny_checkpoint, tmp_path):
    data = tmp_path / "data"
    r = _register(data, "tiny-ckpt", str(tiny_checkpoint.file), "--kind", "checkpoint",
                  "--config", str(tiny_checkpoint.config))
    assert r.exit_code == 0, r.output
    with Registry.from_settings(StudioSettings(data_dir=data)) as registry:
        rec = registry.get_model("tiny-ckpt")
    assert rec.config == str(tiny_checkpoint.config.resolve())
    assert rec.sha256 == model_digest(tiny_checkpoint.file, tiny_checkpoint.config).sha256 != model_digest(tiny_checkpoint.file).sha256

    result = _generate_offline(data, "tiny-ckpt", tmp_path / "out", tmp_path / "hf")

    assert result.returncode == 0, result.stderr[-3000:]
    doc = json.loads(result.stdout)
    assert doc["allowed"] is True and len(doc["outputs"]) == 1
    settings = StudioSettings(data_dir=data)
    with Registry.from_settings(settings) as registry:
        path = tmp_path / "out" / doc["outputs"][0]["path"].rsplit("/", 1)[-1]
        report = verify(path, settings=settings, registry=registry)
        assert report.ok and report.c2pa_state == "Trusted", report.reasons
    # the signed manifest names the registered model, never a server path
    assert "tiny-ckpt" in str(report.ai_system) and "/" not in str(report.ai_system), report.ai_system
    assert _files(tmp_path / "hf") == []  # nothing was looked up in, or written to, a Hugging Face cache


def test_a_checkpoint_row_without_a_config_folder_says_to_re_register_it(tiny_checkpoint, tmp_path):
    """A checkpoint registered before --config existed keeps its digest (the file alone) and is
    still tried as before; without a cache to take configs from, it names the way out."""
    data = tmp_path / "data"
    with Registry.from_settings(StudioSettings(data_dir=data)) as registry:
        registry.register_model(ModelRecord("old-ckpt", "checkpoint", str(tiny_checkpoint.file),
                                            model_digest(tiny_checkpoint.file).sha256, "test weights", "", False,
                                            "2026-11-30T00:00:00Z"))
        assert registry.get_model("old-ckpt").config is None

    result = _generate_offline(data, "old-ckpt", tmp_path / "out", tmp_path / "hf")

    assert result.returncode != 0
    (shown,) = [line for line in result.stderr.splitlines() if line.startswith("FAIL: ")]  # the operator's log aside
    assert shown.startswith("FAIL: model 'old-ckpt' cannot be loaded; ask an operator to check it (checkpoint "
                            "'old-ckpt' was registered without its config folder; an operator must re-register it "
                            "with --config DIR"), shown
    assert str(tiny_checkpoint.file.parent) not in shown  # no server path reaches the creator
    assert _files(tmp_path / "out") == [] and _files(data / "outputs") == []


@pytest.mark.parametrize("args, message", [
    (["--kind", "checkpoint"], "a checkpoint model needs its pipeline configs: give --config DIR"),
    (["--kind", "diffusers", "--config", "{config}"], "--config is for a single-file checkpoint (--kind checkpoint) only"),
    (["--kind", "gan", "--config", "{config}"], "--config is for a single-file checkpoint (--kind checkpoint) only"),
])
def test_config_is_required_for_a_checkpoint_and_refused_for_other_kinds(tiny_checkpoint, tiny_models, tmp_path,
                                                                          args, message):
    path = tiny_models.sd if "diffusers" in args else tiny_checkpoint.file
    args = [a.format(config=tiny_checkpoint.config) for a in args]
    r = _register(tmp_path / "data", "m", str(path), *args)
    assert r.exit_code == 2 and message in r.output, r.output
    with Registry.from_settings(StudioSettings(data_dir=tmp_path / "data")) as registry:
        assert registry.list_models() == []


def test_a_config_that_is_not_a_pipeline_folder_is_refused(tiny_checkpoint, tmp_path):
    data = tmp_path / "data"
    r = _register(data, "m", str(tiny_checkpoint.file), "--kind", "checkpoint", "--config", str(tiny_checkpoint.file))
    assert r.exit_code == 2 and "config 'tiny-sd.safetensors' is not a folder" in r.output, r.output
    r = _register(data, "m", str(tiny_checkpoint.file), "--kind", "checkpoint", "--config", str(tiny_checkpoint.config / "unet"))
    assert r.exit_code == 2 and "config folder 'unet' has no model_index.json" in r.output, r.output


def test_a_folder_registered_as_a_checkpoint_is_refused(tiny_checkpoint, tiny_models, tmp_path):
    r = _register(tmp_path / "data", "m", str(tiny_models.sd), "--kind", "checkpoint", "--config", str(tiny_checkpoint.config))
    assert r.exit_code == 2 and "a checkpoint model is one file; 'tiny-sd' is a folder" in r.output, r.output
