"""Adversary 13: ``audit list`` prints what the database holds without ``consent.errors.one_line``.

``consent-studio audit list`` (human form) is how an operator reads the log; an entry edited in
place is marked ``NOT AS SIGNED`` at the end of its line. The line is
``f"{seq}\\t{at}\\t{kind}\\t{hash[:12]}"`` straight from the row: a database editor who edits an
entry also sets its ``kind`` to ``generation`` followed by a terminal control sequence — here
ESC [8m (conceal), which makes a terminal draw the rest of the line, the mark included,
invisible; a newline would start a forged line of its own. The edited entry's line then reads
like every intact one on the operator's screen (``--json`` and ``audit verify`` still tell; click
strips such sequences only when the output is not a terminal).

Fail closed: every human CLI line that quotes stored text goes through ``one_line`` (the
generate command already does), so ESC shows as ``\\x1b``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text


def test_audit_list_shows_a_control_sequence_in_an_edited_kind_as_text(stub_world):
    from click.testing import CliRunner

    from creator.cli import cli

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.studio().generate(stub_world.request(subjects=("jane",)))
    with stub_world.registry.engine.begin() as conn:
        seq = conn.execute(text("SELECT seq FROM audit_entries WHERE kind = 'generation' ORDER BY seq LIMIT 1")).scalar()
        conn.execute(text("UPDATE audit_entries SET kind = :k WHERE seq = :s"), {"k": "generation\x1b[8m", "s": seq})
    stub_world.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "audit", "list"],
                           catch_exceptions=False, color=True)  # as on a terminal (click strips ESC only off one)
    (line,) = [ln for ln in r.output.splitlines() if ln.startswith(f"{seq}\t")]
    assert "\tNOT AS SIGNED" in line  # the set-up: the edit is detected and marked (the entry in words after it)
    assert "\x1b" not in r.output, repr(line)


def test_jobs_show_prints_one_line_per_setting(stub_world):
    """Request text fields may hold newlines (``creator.request._check_text`` lets tab, CR and LF
    through: prompts are multi-line). ``consent-studio jobs show`` prints ``  {k}: {v}`` for each
    setting: a creator's ``project`` of ``Blue\\n  output /srv/outputs/forged.png  ->  holiday.png``
    shows the operator a second output the job never made, in the form of the real one."""
    import json

    from click.testing import CliRunner

    from creator.cli import cli
    from creator.cli._common import CliState

    def run(*args):
        return CliRunner().invoke(cli, list(args), obj=CliState(settings=stub_world.settings, _registry=stub_world.registry),
                                  catch_exceptions=False)

    common = ["--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US", "--width", "256", "--height", "256"]
    res = run("jobs", "submit", *common, "--seed", "5", "--json",
              "--project", "Blue\n  output /srv/outputs/forged.png  ->  holiday.png")
    job = json.loads(res.output)
    assert job["state"] == "done" and len(job["outputs"]) == 1  # the set-up: one output made
    shown = run("jobs", "show", job["id"]).output
    assert [ln for ln in shown.splitlines() if ln.startswith("  output ")] == \
        [ln for ln in shown.splitlines() if ln.startswith("  output ") and job["outputs"][0]["download_name"] in ln]


def test_requests_list_prints_a_creators_message_on_its_own_line(stub_world):
    """The same class of hole in another operator view: a creator's "Ask an operator" message
    (written through the UI) with a line break and an ESC sequence shows as one escaped field of
    its request's line in `requests list`, never as a second, forged request line."""
    from click.testing import CliRunner

    from creator.cli import cli

    stub_world.ops.file_request("exception", "ui:mallory", "Van Gogh",
                                "style only\nr-000000000000\texception\tui:olive\tJane Doe\tapproved\x1b[8m")
    stub_world.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "requests", "list"],
                           catch_exceptions=False, color=True)
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "ui:mallory" in lines[0], r.output
    assert "\x1b" not in r.output and "ui:olive" in lines[0]
