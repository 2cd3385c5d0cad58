"""The audit hash chain detects edited, deleted, reordered and truncated rows (entry 1 is the signed baseline)."""

from __future__ import annotations

import sqlite3

import pytest

from consent.audit import GENESIS_HASH, SIGNING_STARTED, verify_chain
from consent.errors import AuditChainBroken
from consent.records import Subject


@pytest.fixture
def chain(registry, db_url):
    """A registry with 5 audit entries (the baseline, 4 subjects), and a raw sqlite3 connection to tamper with."""
    for i in range(4):
        registry.add_subject(Subject(id=f"s{i}", display_name=f"Person {i}"))
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    yield registry, raw
    raw.close()


def test_intact_chain_verifies(chain):
    registry, _ = chain
    rep = verify_chain(registry, registry.audit_keys).require()
    assert rep.ok and rep.entries == 5 and rep.first_broken is None
    first, second, *_ = registry.audit_entries()
    assert first.seq == 1 and first.prev_hash == GENESIS_HASH and first.kind == SIGNING_STARTED
    assert second.kind == "subject_added" and second.sig


def test_edited_row_is_detected(chain):
    registry, raw = chain
    raw.execute("UPDATE audit_entries SET payload = replace(payload, 'Person 2', 'Nobody') WHERE seq = 4")
    raw.execute("UPDATE audit_entries SET payload = replace(payload, 's2', 'sX') WHERE seq = 4")
    rep = verify_chain(registry, registry.audit_keys)
    assert not rep.ok and rep.first_broken == 4 and "was edited" in rep.message
    with pytest.raises(AuditChainBroken, match="entry 4") as exc:
        rep.require()
    assert exc.value.position == 4


def test_deleted_row_is_detected(chain):
    registry, raw = chain
    raw.execute("DELETE FROM audit_entries WHERE seq = 3")
    rep = verify_chain(registry, registry.audit_keys)
    assert rep.first_broken == 3 and "entry 3 is missing" in rep.message


def test_reordered_rows_are_detected(chain):
    registry, raw = chain
    raw.execute("UPDATE audit_entries SET seq = -1 WHERE seq = 3")
    raw.execute("UPDATE audit_entries SET seq = 3 WHERE seq = 4")
    raw.execute("UPDATE audit_entries SET seq = 4 WHERE seq = -1")
    rep = verify_chain(registry, registry.audit_keys)
    assert rep.first_broken == 3 and not rep.ok


def test_truncated_tail_is_detected(chain):
    registry, raw = chain
    raw.execute("DELETE FROM audit_entries WHERE seq = 5")
    rep = verify_chain(registry, registry.audit_keys)
    assert rep.first_broken == 5 and "truncated" in rep.message


def test_a_new_registry_holds_only_the_signed_baseline(registry):
    rep = verify_chain(registry, registry.audit_keys)
    assert rep.ok and rep.entries == 1
    (entry,) = registry.audit_entries()
    assert entry.kind == SIGNING_STARTED and registry.audit_keys.entry_signed(entry.hash, entry.sig)
