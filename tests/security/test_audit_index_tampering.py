"""A database editor (no keys directory) edits the mentions index of the audit log.

The index (``audit_mentions``) is derived from the signed entries; an editor who deletes its
rows hides entries from an operator's search ("everything that named jane"), one who adds
rows tries to pin an entry on someone. The search reads the index, so a deleted row does
hide the entry from it — but ``audit verify`` (CLI and Registry) recomputes the index from the
signed entries and fails, naming the entry and the id; an added row never shows an entry
that does not name the id.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from consent.registry import Registry
from consent.settings import Settings
from creator.cli import cli


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    reg = Registry.from_settings(Settings(data_dir=d))
    for i in range(3):
        reg.record_failure(None, "scan", "a generation failed", extra={"subject_id": "jane", "job_id": f"job-{i}"})
    reg.record_failure(None, "scan", "a generation failed", extra={"subject_id": "bob", "job_id": "job-9"})
    reg.close()
    return d


def _cli(d, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(d), *args], catch_exceptions=False)


def _listed(d, *ids):
    r = _cli(d, "audit", "list", "--json", *[a for i in ids for a in ("--mentions", i)])
    assert r.exit_code == 0, r.output
    return [e["seq"] for e in json.loads(r.output)]


def _sql(d, sql, *args):
    with sqlite3.connect(d / "consent.db", isolation_level=None) as c:
        return c.execute(sql, args).fetchall()


def test_deleting_an_index_row_hides_the_entry_from_search_but_audit_verify_fails(data_dir):
    jane = _listed(data_dir, "jane")
    assert len(jane) == 3 and _cli(data_dir, "audit", "verify").exit_code == 0
    hidden = jane[1]
    _sql(data_dir, "DELETE FROM audit_mentions WHERE mention = 'jane' AND seq = ?", hidden)
    assert hidden not in _listed(data_dir, "jane")  # the attack works on the search itself ...
    r = _cli(data_dir, "audit", "verify")           # ... and the operator's check names it
    assert r.exit_code != 0
    assert f"audit mentions index: entry {hidden} mentions 'jane' but the index has no row for it" in r.output
    assert "audit chain broken" not in r.output  # the chain itself is intact: say what is wrong
    rep = Registry.from_settings(Settings(data_dir=data_dir)).verify_audit()
    assert not rep.ok and rep.first_broken == hidden


def test_wiping_the_index_fails_audit_verify(data_dir):
    _sql(data_dir, "DELETE FROM audit_mentions")
    assert _listed(data_dir, "jane") == []
    r = _cli(data_dir, "audit", "verify")
    assert r.exit_code != 0 and "the index has no row for it" in r.output


def test_an_added_row_never_shows_an_entry_that_does_not_name_the_id(data_dir):
    (bob,) = _listed(data_dir, "bob")
    _sql(data_dir, "INSERT INTO audit_mentions (mention, seq) VALUES ('jane', ?)", bob)
    assert bob not in _listed(data_dir, "jane")
    r = _cli(data_dir, "audit", "verify")
    assert r.exit_code != 0 and f"a row says entry {bob} mentions 'jane' but the signed entry does not" in r.output


def test_moving_a_row_to_another_id_is_both_missing_and_extra(data_dir):
    seq = _listed(data_dir, "jane")[0]
    _sql(data_dir, "UPDATE audit_mentions SET mention = 'bob' WHERE mention = 'jane' AND seq = ?", seq)
    assert seq not in _listed(data_dir, "jane") and seq not in _listed(data_dir, "bob")
    msg = Registry.from_settings(Settings(data_dir=data_dir)).verify_audit().message
    assert f"entry {seq} mentions 'jane' but the index has no row" in msg
    assert f"a row says entry {seq} mentions 'bob'" in msg


def test_dropping_the_index_table_fails_the_search_loudly(data_dir):
    _sql(data_dir, "DROP TABLE audit_mentions")
    r = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "audit", "list", "--mentions", "jane"])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert "audit_mentions" in r.output
