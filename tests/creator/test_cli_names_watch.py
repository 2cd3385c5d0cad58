"""``consent-studio names watch / watched / unwatch``: an operator's list of real people the name
check reads as people; ``names check`` and ``check`` deny them, a file of names is taken whole."""

from __future__ import annotations

import json

from click.testing import CliRunner

from creator.cli import cli


def test_watch_a_roster_from_a_file_check_it_and_take_one_off(tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

    prompt = "ilse vrontkamp walking her dog"
    assert run("names", "check", prompt).exit_code == 0  # a name on no shipped list: nobody's
    roster = tmp_path / "roster.txt"
    roster.write_text("# our talent\nIlse Vrontkamp\n\nZorblat  Quenn\n", encoding="utf-8")
    r = run("names", "watch", "--file", str(roster), "Marek Quilby", "--reason", "agency roster", "--added-by", "legal")
    assert r.exit_code == 0 and "3 names watched" in r.output, r.output
    listed = json.loads(run("names", "watched", "--json").output)
    assert [(x["name"], x["added_by"]) for x in listed] == [
        ("Ilse Vrontkamp", "legal"), ("Marek Quilby", "legal"), ("Zorblat Quenn", "legal")]
    checked = run("names", "check", prompt)
    assert checked.exit_code == 1 and "watched name 'Ilse Vrontkamp': prompt chars 0-14 \"ilse vrontkamp\"" in checked.output
    denied = run("check", "--prompt", prompt, "--purpose", "art", "--territory", "US", "--grantee", "bob")
    assert "DENIED" in denied.output and "ilse vrontkamp" in denied.output
    again = runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "names", "watch", "ILSE VRONTKAMP", "--reason", "x"])
    assert again.exit_code != 0 and "already watched" in again.output
    assert run("names", "unwatch", "Ilse Vrontkamp", "--reason", "left the agency").exit_code == 0
    assert run("names", "check", prompt).exit_code == 0
    empty = runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "names", "watch", "--reason", "x"])
    assert empty.exit_code == 2 and "give one or more names" in empty.output
