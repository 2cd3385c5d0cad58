"""The audit hash chain detects edited, deleted, reordered and truncated rows."""

from __future__ import annotations

import sqlite3

import pytest

from consent.audit import GENESIS_HASH, verify_chain
from consent.errors import AuditChainBroken
from consent.records import Subject


@pytest.fixture
def chain(registry, db_url):
    """A registry with 4 audit entries, and a raw sqlite3 connection to tamper with."""
    for i in range(4):
        registry.add_subject(Subject(id=f"s{i}", display_name=f"Person {i}"))
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    yield registry, raw
    raw.close()


def test_intact_chain_verifies(chain):
    registry, _ = chain
    rep = verify_chain(registry).require()
    assert rep.ok and rep.entries == 4 and rep.first_broken is None
    first, *_ = registry.audit_entries()
    assert first.seq == 1 and first.prev_hash == GENESIS_HASH and first.kind == "subject_added"


def test_edited_row_is_detected(chain):
    registry, raw = chain
    raw.execute("UPDATE audit_entries SET payload = replace(payload, 'Person 2', 'Nobody') WHERE seq = 3")
    raw.execute("UPDATE audit_entries SET payload = replace(payload, 's2', 'sX') WHERE seq = 3")
    rep = verify_chain(registry)
    assert not rep.ok and rep.first_broken == 3 and "was edited" in rep.message
    with pytest.raises(AuditChainBroken, match="entry 3") as exc:
        rep.require()
    assert exc.value.position == 3


def test_deleted_row_is_detected(chain):
    registry, raw = chain
    raw.execute("DELETE FROM audit_entries WHERE seq = 2")
    rep = verify_chain(registry)
    assert rep.first_broken == 2 and "entry 2 is missing" in rep.message


def test_reordered_rows_are_detected(chain):
    registry, raw = chain
    raw.execute("UPDATE audit_entries SET seq = -1 WHERE seq = 2")
    raw.execute("UPDATE audit_entries SET seq = 2 WHERE seq = 3")
    raw.execute("UPDATE audit_entries SET seq = 3 WHERE seq = -1")
    rep = verify_chain(registry)
    assert rep.first_broken == 2 and not rep.ok


def test_truncated_tail_is_detected(chain):
    registry, raw = chain
    raw.execute("DELETE FROM audit_entries WHERE seq = 4")
    rep = verify_chain(registry)
    assert rep.first_broken == 4 and "truncated: head says 4 entries, found 3" in rep.message


def test_empty_log_is_intact(registry):
    assert verify_chain(registry).ok and verify_chain(registry).entries == 0
