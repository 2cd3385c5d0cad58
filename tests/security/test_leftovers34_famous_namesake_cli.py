"""Leftover of red team 33: ``famous_namesake`` existed in the Python API only.

An operator on the command line whose subject really is also known by a famous name (a stage
name, a namesake) was refused with a message naming a Python keyword she cannot type. The CLI's
``subject add`` / ``edit`` / ``merge`` take ``--famous-namesake``; the refusal names that option.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner


def _run(tmp_path: Path):
    from creator.cli import cli

    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args])


def test_a_famous_alias_is_refused_naming_the_option_and_taken_with_it(tmp_path):
    run = _run(tmp_path)
    r = run("subject", "add", "--id", "jane", "--name", "Jane Doe", "--alias", "Taylor Swift")
    assert r.exit_code != 0 and "--famous-namesake" in r.output and "Traceback" not in r.output, r.output
    r = run("subject", "add", "--id", "jane", "--name", "Jane Doe", "--alias", "Taylor Swift", "--famous-namesake", "--json")
    assert r.exit_code == 0, r.output
    assert "Taylor Swift" in json.loads(r.output)["aliases"]


def test_edit_takes_the_option_and_a_persona_never_does(tmp_path):
    run = _run(tmp_path)
    assert run("subject", "add", "--id", "jane", "--name", "Jane Doe").exit_code == 0
    r = run("subject", "edit", "jane", "--alias", "Barack Obama")
    assert r.exit_code != 0 and "--famous-namesake" in r.output, r.output
    r = run("subject", "edit", "jane", "--alias", "Barack Obama", "--famous-namesake", "--json")
    assert r.exit_code == 0 and "Barack Obama" in json.loads(r.output)["aliases"], r.output
    r = run("subject", "add", "--id", "nova", "--name", "Nova Vex", "--kind", "fictional_persona", "--alias",
            "Barack Obama", "--famous-namesake")
    assert r.exit_code != 0 and "fictional persona cannot carry it" in r.output, r.output


def test_merge_takes_the_option(tmp_path):
    run = _run(tmp_path)
    assert run("subject", "add", "--id", "jane", "--name", "Jane Doe").exit_code == 0
    assert run("subject", "add", "--id", "taylor", "--name", "Taylor Swift").exit_code == 0
    r = run("subject", "merge", "jane", "taylor", "--yes")
    assert r.exit_code != 0 and "--famous-namesake" in r.output, r.output
    r = run("subject", "merge", "jane", "taylor", "--yes", "--famous-namesake", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["aliases_added"] == ["Taylor Swift"], r.output
