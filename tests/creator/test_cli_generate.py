"""`consent-studio generate` / `check` through click's CliRunner on the real root group."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner


from creator.cli import cli, main
from creator.settings import StudioSettings
from creator.verify import verify
from consent.registry import Registry
from studio_world import GRANTEE

BASE = ["--purpose", "art", "--territory", "US", "--grantee", GRANTEE, "--engine", "gan",
        "--width", "256", "--height", "256", "--seed", "3"]


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _run(data_dir, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)


def test_allowed_gan_request_writes_signed_files_to_out(data_dir, tmp_path):
    out = tmp_path / "delivery"

    result = _run(data_dir, "generate", *BASE, "-n", "2", "--prompt", "a studio portrait", "--out", str(out), "--json")

    assert result.exit_code == 0, result.output + result.stderr
    doc = json.loads(result.stdout)
    assert doc["allowed"] is True and doc["blocked"] == []
    assert len(doc["outputs"]) == 2
    settings = StudioSettings(data_dir=data_dir)
    with Registry.from_settings(settings) as registry:
        for o in doc["outputs"]:
            path = out / o["path"].rsplit("/", 1)[-1]
            assert o["path"] == str(path) and path.is_file()
            assert path.read_bytes() == (settings.outputs_dir / path.name).read_bytes()  # byte for byte
            report = verify(path, settings=settings, registry=registry)
            assert report.ok and report.c2pa_state == "Trusted", report.reasons
            assert report.watermark_payload == o["watermark"]


def test_denied_request_exits_1_with_every_reason(data_dir):
    result = _run(data_dir, "generate", *BASE, "--prompt", "portrait of Tom Hanks on a beach")

    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"DENIED \(decision [0-9a-f-]{36}\):", lines[0]), lines[0]  # what a request names
    assert lines[1:] == [
        '  - unknown likeness at prompt chars 12-21 "Tom Hanks": it matches no registered subject; '
        "expected a registered subject with a grant",
    ]
    outputs = StudioSettings(data_dir=data_dir).outputs_dir
    assert not outputs.exists() or list(outputs.iterdir()) == []


def test_denied_request_as_json_lists_reasons_and_the_decision(data_dir):
    result = _run(data_dir, "generate", *BASE, "--prompt", "portrait of Tom Hanks on a beach", "--json")

    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["allowed"] is False and doc["decision"]["allowed"] is False
    assert doc["reasons"] == [f["message"] for f in doc["decision"]["findings"] if not f["passed"]]
    assert '"Tom Hanks"' in doc["reasons"][0]


def test_check_shows_the_decision_without_making_an_image(data_dir):
    result = _run(data_dir, "check", *BASE, "--subject", "nobody-registered")

    assert result.exit_code == 1
    assert result.stdout.startswith("DENIED (decision ")
    assert "likeness at declared names subject 'nobody-registered', which is not registered" in result.stderr
    outputs = StudioSettings(data_dir=data_dir).outputs_dir
    assert not outputs.exists() or not any(outputs.iterdir())


def test_invalid_input_is_a_one_line_usage_error(data_dir, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(data_dir), "generate", *BASE[:-6], "--width", "100", "--height", "100"])

    assert exited.value.code == 2
    assert capsys.readouterr().err == "FAIL: `width` must be an integer in [256, 2048], got 100\n"


def test_a_subject_id_with_a_line_break_is_refused(data_dir):
    result = _run(data_dir, "check", *BASE, "--subject", "jane\nOK: allowed")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "FAIL: `subjects` entry 'jane\\nOK: allowed' is not a subject id: it contains line breaks or control "
        "characters; expected a registered id such as 'jane-doe'"]


def test_what_the_registry_holds_cannot_drive_the_terminal():
    from consent.errors import one_line

    assert one_line("subject 'x\x1b[2J\u202eevil' line\nbreak\u2028and more") == \
        "subject 'x\\x1b[2J\\u202eevil' line break and more"
