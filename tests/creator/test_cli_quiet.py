"""`consent-studio generate` with a diffusers model prints the studio's answer, not the libraries'.

A user running the walk-through saw diffusers' "Loading pipeline components" and "Loading
weights" progress bars and transformers' "requires torchvision" notices on stderr above the
one line that mattered. The console script silences them unless ``--verbose`` (where a user
debugging a model load still gets them); a variable the user set (``TRANSFORMERS_VERBOSITY``…)
wins over the default.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
_QUIET_VARS = ("TRANSFORMERS_VERBOSITY", "DIFFUSERS_VERBOSITY", "HF_HUB_DISABLE_PROGRESS_BARS")


@pytest.fixture(scope="module")
def data_dir(tiny_models, tmp_path_factory) -> Path:
    from creator.cli import cli

    data = tmp_path_factory.mktemp("quiet") / "data"
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "model", "register", "tiny-sd", str(tiny_models.sd),
                                 "--kind", "diffusers", "--licence", "test weights"])
    assert r.exit_code == 0, r.output
    return data


def _generate(data_dir: Path, out: Path, *before: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in _QUIET_VARS}
    env.update(PYTHONPATH=str(ROOT), CONSENT_STUDIO_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1",
               GRADIO_ANALYTICS_ENABLED="False", OMP_NUM_THREADS="1")
    return subprocess.run(
        [sys.executable, "-c", "from creator.cli import main; main()", *before, "generate", "--engine", "diffusion",
         "--model", "tiny-sd", "--prompt", "a lighthouse at dusk", "--purpose", "art", "--grantee", "me",
         "--territory", "US", "--width", "256", "--height", "256", "--steps", "2", "--seed", "1", "--out", str(out)],
        env=env, capture_output=True, text=True, timeout=300)


def test_generate_prints_only_its_result(data_dir, tmp_path):
    r = _generate(data_dir, tmp_path / "out")
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.startswith("OK: ") and len(r.stdout.splitlines()) == 1, r.stdout
    assert r.stderr == "", r.stderr[-2000:]


def test_verbose_keeps_what_the_libraries_say(data_dir, tmp_path):
    r = _generate(data_dir, tmp_path / "out", "--verbose")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Loading pipeline components" in r.stderr
