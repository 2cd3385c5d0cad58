"""Adversary 10: the audit keys' memory of verified (entry hash, signature) pairs.

``AuditKeys.entry_signed`` now remembers pairs it verified, so verify does not check the same
generation entry's Ed25519 signature again for each copy. Memory or not, the answer is a pure
function of (key, hash, signature), so the memory adds no way in by itself (HELD: an entry whose
hash was recomputed for edited content, or whose signature was changed, is refused even after
the original pair was remembered).

But ``Registry._check_output`` hands ``entry_signed`` the *stored* hash column, never the hash of
the entry's content, and the integrity replay re-hashes only entries appended since it last
looked. A generation entry edited in place (its hash and signature left as they were) is then
believed by a running studio: verify still says OK (FAIL-OPEN, older than the memory; a fresh
process, which replays from its last snapshot, notices).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from consent.audit import entry_hash
from consent.registry import Registry
from creator.verify import verify


def _generate(world):
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    result = world.studio().generate(world.request(subjects=("jane",)))
    path = result.paths[0]
    assert verify(path, settings=world.settings, registry=world.registry).verdict == "OK"  # remembered now
    return path


def _edit_generation_entry(registry, edit):
    with registry._engine.begin() as conn:
        row = conn.execute(text("SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries "
                                "WHERE kind = 'generation'")).first()
        payload = json.loads(row.payload)
        edit(payload)
        new = json.dumps(payload)
        conn.execute(text("UPDATE audit_entries SET payload = :p WHERE seq = :s"), {"p": new, "s": row.seq})
        return row, new


def _purpose(payload):
    payload["decision"]["context"]["purpose"] = "advertising"


def test_an_edited_entry_with_its_hash_recomputed_does_not_ride_on_the_remembered_signature(stub_world):
    path = _generate(stub_world)
    row, new = _edit_generation_entry(stub_world.registry, _purpose)
    with stub_world.registry._engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET hash = :h WHERE seq = :s"),
                     {"h": entry_hash(row.prev_hash, row.seq, row.at, row.kind, new), "s": row.seq})
    assert verify(path, settings=stub_world.settings, registry=stub_world.registry).verdict != "OK"


def test_a_changed_signature_is_checked_again(stub_world):
    path = _generate(stub_world)
    with stub_world.registry._engine.begin() as conn:
        row = conn.execute(text("SELECT seq, sig FROM audit_entries WHERE kind = 'generation'")).first()
        sig = row.sig[:-4] + ("AAAA" if not row.sig.endswith("AAAA") else "BBBB")
        conn.execute(text("UPDATE audit_entries SET sig = :g WHERE seq = :s"), {"g": sig, "s": row.seq})
    assert verify(path, settings=stub_world.settings, registry=stub_world.registry).verdict != "OK"


def test_a_fresh_process_notices_an_entry_edited_in_place(stub_world):
    path = _generate(stub_world)
    _edit_generation_entry(stub_world.registry, _purpose)
    fresh = Registry.from_settings(stub_world.settings)
    assert verify(path, settings=stub_world.settings, registry=fresh).verdict != "OK"


def test_an_entry_edited_in_place_is_not_believed_by_the_running_studio(stub_world):
    path = _generate(stub_world)
    _edit_generation_entry(stub_world.registry, _purpose)
    assert verify(path, settings=stub_world.settings, registry=stub_world.registry).verdict != "OK"
