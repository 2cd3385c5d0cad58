"""The grant-use index (``audit_grant_uses``): the entries that *used* a grant, which the
person's usage ledger reads — derived from each generation entry's ``decision.grants_used``
only, written with the entry, backfilled by migration 0012 and recomputed by ``audit verify``.

A database editor (no audit key) who deletes a row, or adds one that points at an entry that
did not use the grant (to push real uses off the page), makes the ledger fail closed and
``audit verify`` name the entry; request text (a ``project`` naming the grant id) never adds a row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consent import audit_index
from consent.drafts import Drafts
from consent.integrity import IntegrityFailure
from consent.registry import Registry


def _rows(reg) -> list[tuple]:
    with reg.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            f"SELECT grant_id, seq, outputs FROM {audit_index.USES_TABLE} ORDER BY grant_id, seq")).all()]


@pytest.fixture
def used(stub_world):
    """Jane's grant used twice (the second time for two outputs), Bob's once, and a likeness-free
    generation whose project names Jane's grant id."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.add_person("bob", "Bob Roe")
    w.issue_grant("jane", "g-jane-1")
    w.issue_grant("bob", "g-bob-1")
    studio = w.studio()
    studio.generate(w.request(subjects=("jane",)))
    assert len(studio.generate(w.request(subjects=("jane",), seed=8, num_images=2)).outputs) == 2
    studio.generate(w.request(subjects=("bob",), seed=9))
    decoy = studio.generate(w.request(project="g-jane-1", seed=10))
    assert not decoy.decision.grants_used
    with w.registry.engine.connect() as conn:
        seqs = [s for (s,) in conn.execute(text("SELECT seq FROM audit_entries WHERE kind = 'generation' ORDER BY seq"))]
    return w, dict(zip(("a", "b", "c", "decoy"), seqs, strict=True))


def test_rows_come_from_the_decisions_grants_used_only(used):
    w, seq = used
    assert _rows(w.registry) == [("g-bob-1", seq["c"], 1), ("g-jane-1", seq["a"], 1), ("g-jane-1", seq["b"], 2)]
    uses = w.registry.grant_uses("g-jane-1")
    assert [e.seq for e in uses.entries] == [seq["b"], seq["a"]] and (uses.uses, uses.outputs) == (2, 3)
    led = Drafts(w.ops).ledger("g-jane-1")
    assert len(led) == 3 and led.complete and led.note == ""
    assert w.registry.verify_audit().ok


def test_a_deleted_row_fails_the_ledger_closed_and_audit_verify_names_it(used):
    w, seq = used
    with w.registry.engine.begin() as conn:  # the database editor
        conn.execute(text(f"DELETE FROM {audit_index.USES_TABLE} WHERE seq = :s"), {"s": seq["a"]})
    with pytest.raises(IntegrityFailure, match="used for 3 outputs, but the audit log lists only 2"):
        Drafts(w.ops).ledger("g-jane-1")
    rep = w.registry.verify_audit()
    assert not rep.ok and rep.first_broken == seq["a"]
    assert f"entry {seq['a']} used grant 'g-jane-1' for 1 output(s) but the index has no such row" in rep.message


@pytest.mark.parametrize("row", ["decoy", "missing", "outputs"])
def test_an_added_or_changed_row_fails_the_ledger_closed_and_audit_verify_names_it(used, row):
    w, seq = used
    with w.registry.engine.begin() as conn:
        if row == "outputs":  # inflate a real use's output count
            conn.execute(text(f"UPDATE {audit_index.USES_TABLE} SET outputs = 5 WHERE seq = :s"), {"s": seq["a"]})
        else:  # a row pointing at the likeness-free entry, or at no entry: newer than her real uses
            s = seq["decoy"] if row == "decoy" else seq["decoy"] + 100
            conn.execute(text(f"INSERT INTO {audit_index.USES_TABLE} (grant_id, seq, outputs) VALUES ('g-jane-1', :s, 1)"),
                         {"s": s})
    with pytest.raises(IntegrityFailure):
        Drafts(w.ops).ledger("g-jane-1")
    rep = w.registry.verify_audit()
    assert not rep.ok and "audit mentions index (grant uses)" in rep.message


def test_migration_0012_backfills_the_rows_the_appends_wrote(used):
    w, _ = used
    written = _rows(w.registry)
    url, keys = str(w.registry.engine.url), w.registry.audit_keys
    with w.registry.engine.begin() as conn:  # back to 0011, as a database from before the index
        conn.execute(text(f"DROP TABLE {audit_index.USES_TABLE}"))
        conn.execute(text("DROP TABLE name_watch"))  # 0014's table
        conn.execute(text("DROP TABLE job_progress"))  # 0015's table
        conn.execute(text("DROP TABLE job_watch"))  # 0016's table
        conn.execute(text("DROP INDEX ix_outputs_pixels_sha256"))  # and 0013's column
        conn.execute(text("ALTER TABLE outputs DROP COLUMN pixels_sha256"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    w.registry.close()
    reopened = Registry(url, audit_keys=keys)
    try:
        assert _rows(reopened) == written and len(written) == 3
        assert reopened.verify_audit().ok
    finally:
        reopened.close()


def test_the_ledger_reads_one_backward_range_of_the_index(used):
    w, _ = used
    with w.registry.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.execute(text(
            f"EXPLAIN QUERY PLAN SELECT u.seq FROM {audit_index.USES_TABLE} u LEFT JOIN audit_entries e ON e.seq = u.seq "
            "WHERE u.grant_id = 'g-jane-1' ORDER BY u.seq DESC LIMIT 1000")).all())
    assert "primary key" in plan.lower() or "pk_audit_grant_uses" in plan.lower(), plan
    assert "temp b-tree" not in plan.lower(), plan
