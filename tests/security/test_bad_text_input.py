"""Text and file inputs an attacker controls: each refusal is one clear line and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.errors import InputError

_BASE = ["generate", "--purpose", "art", "--grantee", "me", "--territory", "US"]


def _run(tmp_path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), *args])


def test_non_utf8_subject_on_the_command_line_is_one_line(tmp_path):
    """Undecodable bytes in an argument arrive as lone surrogates: refused, no traceback."""
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1", "LC_ALL": "C.UTF-8"}
    r = subprocess.run([sys.executable, "-c", "from creator.cli import main; main()", *_BASE, "--subject", b"j\xffne".decode("utf-8", "surrogateescape")],
                       capture_output=True, env=env, timeout=300)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2, err
    assert err.strip() == "FAIL: --subject is not valid UTF-8 text (undecodable bytes); expected readable text"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("negative_prompt", "x" * 1_000_000, "`negative_prompt` is 1000000 characters; the limit is 4000"),
    ("prompt", "a portrait\x00 of", "`prompt` contains control characters; expected plain text"),
    ("prompt", "a portrait\x7f", "`prompt` contains control characters; expected plain text"),
    ("grantee", "g" * 300, "`grantee` is 300 characters; the limit is 200"),
])
def test_text_fields_are_capped_and_plain(stub_world, field, value, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        stub_world.request(**{field: value})
    assert stub_world.output_files() == []


def test_a_device_as_source_on_the_command_line_is_one_line(tmp_path):
    r = _run(tmp_path, *_BASE, "--engine", "diffusion", "--mode", "img2img", "--source", "/dev/zero")
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines()[-1] == "FAIL: --source: 'zero' is not a regular file (a device); expected a file"


@pytest.mark.parametrize("label", ["Real photo, not AI", ".", "Made by hand"])
def test_a_label_that_drops_the_disclosure_is_invalid_settings(tmp_path, label):
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(tmp_path / "data"), "CONSENT_STUDIO_LABEL_TEXT": label,
           "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([sys.executable, "-c", "from creator.cli import main; main()", *_BASE],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 2
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("FAIL: invalid settings:") and "required wording" in line
    assert not (tmp_path / "data" / "outputs").exists() or not any((tmp_path / "data" / "outputs").iterdir())
