"""Adversary 15: a database editor hides a grant's newest use from the person's ledger once the
grant has been used in more generation entries than one ledger page reads.

``Drafts.ledger`` reads the newest ``_LEDGER_PAGE`` (1,000) rows of the grant-use index and
checks each *read* row against its signed entry; what it does not read it compares only by sum:
``sum(outputs)`` over all the grant's index rows must reach the grant's usage count. A row past
the page is never checked. So the editor (no audit key) deletes the row of the newest use —
the output the person would look for — and adds its output count to a row past the page (or
inserts a row there pointing at any old seq). The sum still equals the usage count, the page is
"cut" anyway (more rows than it reads), and the ledger lists the older uses without the newest
one and without a word; only ``audit verify``, run by the operator, notices.

Here the page is 2 rows (standing for 1,000, as adversary 13's ledger test did with 4) and her
grant is used in four entries of one output each.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consent import audit_index
from consent.drafts import Drafts
from consent.integrity import IntegrityFailure


@pytest.fixture
def four_uses(stub_world, monkeypatch):
    import consent.drafts

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    studio = w.studio()
    made = [studio.generate(w.request(subjects=("jane",), seed=s)).outputs[0] for s in (1, 2, 3, 4)]
    with w.registry.engine.connect() as conn:
        seqs = [s for (s,) in conn.execute(text(f"SELECT seq FROM {audit_index.USES_TABLE} WHERE grant_id = 'g-jane-1' "
                                                "ORDER BY seq"))]
    assert len(seqs) == 4
    monkeypatch.setattr(consent.drafts, "_LEDGER_PAGE", 2)  # stands for the real page of 1,000
    return w, seqs, made


def test_premise_the_cut_ledger_lists_the_newest_uses(four_uses):
    w, seqs, made = four_uses
    led = Drafts(w.ops).ledger("g-jane-1")
    assert not led.complete and led.counted == 4
    assert made[3].sha256 in {r.sha256 for r in led}  # her newest output is on her page


def test_a_hidden_newest_use_fails_the_ledger_closed(four_uses):
    w, seqs, made = four_uses
    with w.registry.engine.begin() as conn:  # the database editor
        conn.execute(text(f"DELETE FROM {audit_index.USES_TABLE} WHERE seq = :s"), {"s": seqs[3]})
        conn.execute(text(f"UPDATE {audit_index.USES_TABLE} SET outputs = 2 WHERE seq = :s"), {"s": seqs[0]})
    try:
        led = Drafts(w.ops).ledger("g-jane-1")
    except IntegrityFailure:
        return
    assert made[3].sha256 in {r.sha256 for r in led}, "her newest output is missing from her ledger, without a word"


def test_forged_uses_past_the_page_are_not_shown_to_her(four_uses):
    w, seqs, made = four_uses
    with w.registry.engine.begin() as conn:  # the database editor: a row at an old entry that used nothing
        conn.execute(text(f"INSERT INTO {audit_index.USES_TABLE} (grant_id, seq, outputs) VALUES ('g-jane-1', 1, 1000)"))
    try:
        led = Drafts(w.ops).ledger("g-jane-1")
    except IntegrityFailure:
        return
    assert led.counted == 4, f"her page says her grant made {led.counted} outputs: {led.note}"


def test_the_newest_use_is_kept_in_signed_snapshots_and_an_older_snapshot_still_lists_her_page(four_uses):
    """The newest use by entry comes from the replayed signed log and is kept in its snapshots; a
    state started from a snapshot written before it was kept (uses up to that entry not known by
    entry) still lists her page when nothing was changed."""
    import gzip
    import json

    from consent.integrity import IntegrityState

    w, seqs, made = four_uses
    with w.registry.engine.connect() as conn:
        st = w.registry._integrity(conn)
    assert st.grant_last_use["g-jane-1"] == seqs[3] and st.last_use_from == 0
    again = IntegrityState.from_bytes(st.to_bytes())
    assert again.grant_last_use == st.grant_last_use and again.last_use_from == 0
    old = json.loads(gzip.decompress(st.to_bytes()))
    del old["grant_last_use"], old["last_use_from"]
    legacy = IntegrityState.from_bytes(gzip.compress(json.dumps(old).encode()))
    assert legacy.grant_last_use == {} and legacy.last_use_from == st.seq
    legacy.signed = True
    w.registry._state = legacy  # as if this process started from that older snapshot
    led = Drafts(w.ops).ledger("g-jane-1")
    assert led.counted == 4 and made[3].sha256 in {r.sha256 for r in led}
