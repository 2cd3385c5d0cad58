"""Adversary 9: the CLI's inputs that are not the request — the ``--out`` folder, sources that are
not regular files.

``consent-studio generate --out DIR`` creates DIR and copies the signed files there only after
``Studio.generate`` has made, recorded and published them (a grant's use counted). An ``--out``
that cannot be created then ends in ``FAIL: <path>: Not a directory``, exit 2, and never says that
an output was made, recorded against the grant, nor where it is.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.settings import StudioSettings
from studio_world import GRANTEE

BASE = ["--purpose", "art", "--territory", "US", "--grantee", GRANTEE, "--engine", "gan",
        "--width", "256", "--height", "256", "--seed", "3"]


def _run(data_dir, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)


def _made(data_dir):
    out = StudioSettings(data_dir=data_dir).outputs_dir
    return sorted(out.glob("*.png")) if out.is_dir() else []


def test_an_out_folder_that_cannot_be_made_loses_nothing(tmp_path):
    data_dir = tmp_path / "data"
    blocker = tmp_path / "delivery.txt"
    blocker.write_text("a file where the --out folder's parent should be")
    result = _run(data_dir, "generate", *BASE, "--out", str(blocker / "sub"))  # no prompt: no name matcher to build
    made = _made(data_dir)
    if made:  # made anyway: then the user must be told where each output is
        assert all(str(p) in result.output or p.name in result.output for p in made), result.output
    else:  # or refused before anything was generated, naming the option
        assert result.exit_code == 2 and "--out" in result.output, result.output


@pytest.mark.parametrize("kind", ["fifo", "proc"])  # held
def test_a_source_that_is_not_a_regular_image_file_is_refused_without_hanging(tmp_path, kind):
    data_dir = tmp_path / "data"
    if kind == "fifo":
        src = tmp_path / "frame.png"
        os.mkfifo(src)  # opening it for reading would block forever
    else:
        src = "/proc/self/environ"  # a "regular" file of size 0 with secrets in it
    result = _run(data_dir, "generate", *BASE[:-6], "--engine", "diffusion", "--mode", "img2img",
                  "--source", str(src), "--prompt", "a lighthouse")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("FAIL: --source"), result.output
    assert ("not a regular file" if kind == "fifo" else "cannot be read: not a PNG, JPEG or WebP image") in result.output
    assert "PATH=" not in result.output and "HOME=" not in result.output  # the file's content is never echoed
    assert _made(data_dir) == []
