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
    assert lines[0].startswith("Note: the GAN engine ignores the prompt")  # (session 64) the GAN draws no prompt
    lines = lines[1:]
    assert re.fullmatch(r"DENIED \(decision [0-9a-f-]{36}\):", lines[0]), lines[0]  # what a request names
    decision_id = lines[0][len("DENIED (decision "):-2]
    assert lines[1:] == [
        '  - unknown likeness at prompt chars 12-21 "Tom Hanks": it matches no registered subject; '
        "expected a registered subject with a grant",
        # what to do, in the page's words, and the request that names this denial
        "What to do:",
        "  - The name “Tom Hanks” in the prompt looks like a real person's name, and no one of that name has "
        "consented to this use here.",
        "    Remove the name from the prompt. If it is not a person (a painting "
        "style, a place, a brand), ask an operator for a name exception; if it is someone who has agreed, ask an "
        "operator for their grant.",
        f"    consent-studio requests file --kind exception --subject 'Tom Hanks' --decision {decision_id} "
        "--message 'what the image is for'",
    ]
    outputs = StudioSettings(data_dir=data_dir).outputs_dir
    assert not outputs.exists() or list(outputs.iterdir()) == []


def test_the_request_a_denial_suggests_is_filed_and_names_that_denial(data_dir, monkeypatch):
    """The command printed after a denial works as printed: the decision was made for the user who
    runs it (both commands act as ``cli:<os user>``, as ``main`` sets it)."""
    import shlex

    from consent.audit import acting_as

    with acting_as("cli:ana"):
        denied = _run(data_dir, "check", *BASE, "--prompt", "Vera Wang bridal gown on a dress form")
        assert denied.exit_code == 1
        (command,) = [ln.strip() for ln in denied.stdout.splitlines() if ln.strip().startswith("consent-studio requests file")]
        args = shlex.split(command)[1:]
        args[args.index("--message") + 1] = "a bridal-wear catalogue: the label, not the designer"
        filed = _run(data_dir, *args)
    assert filed.exit_code == 0, filed.output
    with acting_as("cli:ben"):  # another user cannot name ana's denial
        assert _run(data_dir, *args).exit_code != 0
    listed = _run(data_dir, "requests", "list")
    decision_id = args[args.index("--decision") + 1]
    assert "Vera Wang" in listed.stdout and decision_id in listed.stdout
    # (walkthrough, session 65) declined with --reason, as grant revoke and opt-out --undo name it
    (request_id,) = {w for w in listed.stdout.split() if w.startswith("req")} or {listed.stdout.split()[0]}
    declined = _run(data_dir, "requests", "decline", request_id, "--reason", "the designer is a person: no exception")
    assert declined.exit_code == 0 and "declined" in declined.stdout, declined.output


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
    # the whole verdict is the command's output (a fresh user's walkthrough, session 63: the NO lines
    # and the next steps went to stderr, so a script reading stdout got the header alone)
    assert "likeness at declared names subject 'nobody-registered', which is not registered" in result.stdout
    assert "What to do:\n" in result.stdout and "--decision " in result.stdout
    assert result.stderr == ""
    outputs = StudioSettings(data_dir=data_dir).outputs_dir
    assert not outputs.exists() or not any(outputs.iterdir())


def test_invalid_input_is_a_one_line_usage_error(data_dir, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(data_dir), "generate", *BASE[:-6], "--width", "100", "--height", "100"])

    assert exited.value.code == 2
    assert capsys.readouterr().err == "FAIL: --width must be an integer in [256, 2048], got 100\n"  # the option typed


def test_a_subject_id_with_a_line_break_is_refused(data_dir):
    result = _run(data_dir, "check", *BASE, "--subject", "jane\nOK: allowed")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "FAIL: --subject entry 'jane\\nOK: allowed' is not a subject id: it contains line breaks or control "
        "characters; expected a registered id such as 'jane-doe'"]


def test_what_the_registry_holds_cannot_drive_the_terminal():
    from consent.errors import one_line

    assert one_line("subject 'x\x1b[2J\u202eevil' line\nbreak\u2028and more") == \
        "subject 'x\\x1b[2J\\u202eevil' line break and more"


def test_the_next_steps_name_this_commands_options_not_the_pages_fields(stub_world):
    """The page's words for a grant's missing project ("Enter … under Project") are this
    command's option here (user audit: the CLI should not send a user to a field it does not have)."""
    from creator.cli._common import CliState
    from studio_world import PROJECT

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    result = CliRunner().invoke(cli, ["check", *BASE[:6], "--purpose", "film_reshoot", "--subject", "jane"],
                                obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))
    assert result.exit_code == 1, result.output
    steps = result.stdout.split("What to do:\n", 1)[1]
    assert f"Enter '{PROJECT}' with --project: a grant is for one project." in steps
    assert "under Project" not in steps
