"""``consent-studio subjects …`` and ``grants …`` are ``subject …`` and ``grant …`` (user audit: the
plurals were "No such command"); ``--help`` lists each group once, its plural beside it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from creator.cli import cli

GRANT_YAML = """\
id: g-plural-1
subject_id: jane-doe
grantee: carl
project: Harbour
description: Stills of Jane at the harbour
purposes: [art]
operations: [likeness_generation]
media: [still_image]
territories: [US]
valid_until: "2030-01-01T00:00:00Z"
evidence:
  - {kind: signed_release, sha256: "%s"}
""" % ("ab" * 32)


def test_the_plural_groups_do_what_the_singular_ones_do(tmp_path):
    runner = CliRunner()

    def run(*args: str):
        r = runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)
        assert r.exit_code == 0, (args, r.output)
        return r.output

    run("keys", "generate", "--name", "jane")
    keys = tmp_path / "data" / "keys"
    run("subjects", "add", "--id", "jane-doe", "--name", "Jane Doe", "--key", str(keys / "jane.pub.pem"))
    assert [s["id"] for s in json.loads(run("subjects", "list", "--json"))] == ["jane-doe"]
    assert json.loads(run("subjects", "show", "jane-doe", "--json"))["display_name"] == "Jane Doe"
    (tmp_path / "grant.yaml").write_text(GRANT_YAML)
    run("grants", "issue", "--file", str(tmp_path / "grant.yaml"), "--key", str(keys / "jane.key.pem"))
    assert [g["grant"]["id"] for g in json.loads(run("grants", "list", "--json"))] == ["g-plural-1"]
    assert run("grants", "list") == run("grant", "list")
    assert json.loads(run("models", "list", "--json")) == json.loads(run("model", "list", "--json"))
    assert json.loads(run("adapters", "list", "--json")) == []
    # and the groups named in the plural take the singular (session 56: "job show" was "No such command")
    assert run("job", "list") == run("jobs", "list")
    assert run("request", "list") == run("requests", "list")
    assert run("key", "list") == run("keys", "list")
    assert run("name", "list") == run("names", "list")


def test_help_lists_each_group_once_with_its_plural(tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["--help"]).output
    lines = [ln.split()[0:2] for ln in out.split("Commands:")[1].splitlines() if ln.strip()]
    names = [" ".join(w) if w[0].endswith(",") else w[0] for w in lines]
    assert "subject, subjects" in names and "grant, grants" in names, out
    assert "job, jobs" in names and "user, users" in names and "request, requests" in names, out
    assert not any(n in ("subjects", "grants") for n in names), out  # not a second, unexplained entry
    sub = runner.invoke(cli, ["subjects", "--help"], prog_name="consent-studio")
    assert sub.exit_code == 0 and "consent-studio subjects" in sub.output and "People and personas" in sub.output
    assert "add" in sub.output and "enroll" in sub.output
    wrong = runner.invoke(cli, ["subjectz", "list"])
    assert wrong.exit_code == 2 and "No such command" in wrong.output
