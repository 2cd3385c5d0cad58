"""Red team of session 56, F3: the CLI's "What to do:" lines print stored and typed text raw.

``creator/cli/generate.py::_print_next_steps`` echoes ``Problem.who`` and ``Problem.next_step``
(creator.ui.render.problems) and the ``--subject`` of the suggested ``requests file`` command
without :func:`consent.errors.one_line`, while the findings printed just above them go through it.
What reaches the terminal unescaped:

- the grant's project (an operator's or the grant's signed text: records.NonBlank only strips), in
  "Enter '<project>' with --project": an ESC sequence there clears the creator's screen, retitles
  the window or writes an OSC 8 hyperlink;
- a name the creator typed in the prompt (the request refuses C0 controls only): a bidi override
  (U+202E), an isolate (U+2066), a zero-width space or NEL (U+0085) in "The name “…”" and inside
  the quoted ``--subject``, so that what the command shows is not what it holds; and the printed
  command is then refused by ``requests file`` ("holds a control or format character").
"""

from __future__ import annotations

import shlex

import pytest
from click.testing import CliRunner

from consent.records import ConsentGrant
from consent.signing import add_signature
from creator.cli import cli
from creator.cli._common import CliState

BASE = ["--purpose", "art", "--territory", "US", "--engine", "gan", "--width", "256", "--height", "256", "--seed", "3"]


def _steps(stub_world, *args) -> str:
    from studio_world import GRANTEE

    result = CliRunner().invoke(cli, ["check", *BASE, "--grantee", GRANTEE, *args],
                                obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))
    assert result.exit_code == 1, result.output
    return result.stdout.split("What to do:\n", 1)[1]  # (check's verdict is its output: stdout, session 63)


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch != "\n" and not ch.isprintable()]


def test_a_grants_project_cannot_drive_the_creators_terminal(stub_world):
    project = "Reshoot\x1b[2J\x1b]0;all clear\x07"
    stub_world.add_person("jane", "Jane Doe")
    # the operations service refuses such a project since session 57; a grant stored before that
    # (or through the storage layer) is still shown escaped
    signed = add_signature(ConsentGrant.from_dict({**stub_world.grant_fields("jane", "g-jane-1", project=project),
                                                   "valid_from": "2025-01-01T00:00:00Z", "signer_role": "self"}),
                           stub_world.keys["jane"], "self")
    stub_world.registry.issue_grant(signed)
    steps = _steps(stub_world, "--purpose", "film_reshoot", "--subject", "jane")
    assert "with --project" in steps  # the next step names the grant's project
    assert _raw_controls(steps) == [], ascii(steps)


@pytest.mark.parametrize("name", ["Tom\u202eHanks", "Tom\u2066Hanks\u2069", "Tom\u200bHanks", "Tom Hanks\u0085OK: allowed"],
                         ids=["RLO", "isolate", "zero-width", "NEL"])
def test_a_typed_name_in_the_next_steps_is_shown_as_written(stub_world, name):
    steps = _steps(stub_world, "--prompt", f"portrait of {name} on a beach")
    assert _raw_controls(steps) == [], ascii(steps)


def test_the_printed_request_command_works_for_the_name_it_names(stub_world):
    """The command printed for a name with a format character in it was refused as printed."""
    from consent.audit import acting_as

    with acting_as("cli:ana"):  # one CLI user checks, then runs the command printed for her
        steps = _steps(stub_world, "--prompt", "portrait of Tom\u200bHanks on a beach")
        (command,) = [ln.strip() for ln in steps.splitlines() if ln.strip().startswith("consent-studio requests file")]
        args = shlex.split(command)[1:]
        assert args[args.index("--subject") + 1] == "TomHanks"  # as the name check reads it
        args[args.index("--message") + 1] = "it is a brand of beach towels, not a person"
        filed = CliRunner().invoke(cli, args, obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))
    assert filed.exit_code == 0, filed.output


def test_a_request_subject_is_stored_with_plain_spaces(stub_world):
    """A subject with NEL (U+0085) or a line separator passed the printable check (it joined the
    whitespace first) and was stored raw."""
    from consent.operations import Operations

    ops = Operations(stub_world.registry)
    req = ops.file_request("exception", "ui:carl", "Tom\u0085Hanks\u2028Jr", "it is a brand of beach towels")
    assert req.subject == "Tom Hanks Jr"
