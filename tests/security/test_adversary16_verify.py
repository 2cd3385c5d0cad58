"""Adversary 16 (held): verify's fewer statements (output + its audit entry joined, grant +
revocation + usage (+ person) joined, the entry's hash check and the grant's digest kept per
exact row text). The database host edits rows between verifies by the same registry object
(parsed rows and audit state warm); verify must not vouch for the copy afterwards."""

from __future__ import annotations

import json
import sqlite3

from PIL import Image

from creator.verify import verify


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _copy(world, tmp_path):
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-1")
    out = world.studio().generate(world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    with Image.open(out.path) as im:
        im.convert("RGB").save(tmp_path / "copy.png")
    return out, tmp_path / "copy.png"


def _report(world, path):
    return verify(path, settings=world.settings, registry=world.registry)


def _vouched(report) -> bool:
    return report.recovered is not None and report.recovered.ok


def test_an_edited_generation_entry_after_warm_verifies_is_not_vouched_for(stub_world, tmp_path):
    out, copy = _copy(stub_world, tmp_path)
    for _ in range(2):
        assert _vouched(_report(stub_world, copy))
    with _raw(stub_world) as raw:
        seq, payload = raw.execute("SELECT seq, payload FROM audit_entries WHERE kind = 'generation' "
                                   "ORDER BY seq DESC LIMIT 1").fetchone()
        p = json.loads(payload)
        p["note"] = "edited"  # the entry's content, its hash and signature left as they were
        raw.execute("UPDATE audit_entries SET payload = ? WHERE seq = ?", (json.dumps(p), seq))
    assert not _vouched(_report(stub_world, copy))


def test_an_output_row_pointed_at_another_entry_is_not_vouched_for(stub_world, tmp_path):
    out, copy = _copy(stub_world, tmp_path)
    assert _vouched(_report(stub_world, copy))
    with _raw(stub_world) as raw:
        raw.execute("UPDATE outputs SET audit_seq = 1")
    assert not _vouched(_report(stub_world, copy))


def test_a_usage_count_edited_after_warm_verifies_is_caught(stub_world, tmp_path):
    out, copy = _copy(stub_world, tmp_path)
    for _ in range(2):
        assert _vouched(_report(stub_world, copy))
    with _raw(stub_world) as raw:
        raw.execute("INSERT OR REPLACE INTO usage_counters (grant_id, count) VALUES ('g-1', 99)")
    r = _report(stub_world, copy)
    assert not _vouched(r)


def test_a_grant_row_moved_to_another_person_column_is_caught(stub_world, tmp_path):
    """The grants table's subject_id column (what get_grant now joins the person on) pointed at
    another registered person: the person verify checks is still the grant's own."""
    out, copy = _copy(stub_world, tmp_path)
    stub_world.add_person("bob", "Bob Roe")
    assert _vouched(_report(stub_world, copy))
    stub_world.ops.set_opt_out("jane", True)
    with _raw(stub_world) as raw:
        raw.execute("UPDATE grants SET subject_id = 'bob' WHERE id = 'g-1'")
    assert not _vouched(_report(stub_world, copy))
