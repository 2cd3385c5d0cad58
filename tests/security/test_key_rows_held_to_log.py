"""The database host edits the ``public_keys`` table, and ``consent-studio keys list`` shows it.

Signature checks take each key from the signed audit log, so a swapped key row never let a grant
through; but ``keys list`` (``Registry.public_keys``) printed the rows as stored. An operator
checking which key signs for Jane before a shoot was shown the host's key as hers, or a verifier
key the log never added. Each read row is now held to the log: its kind, subject and key (a key
id is the digest of its key)."""

from __future__ import annotations

import base64
import sqlite3

import pytest

from consent.integrity import IntegrityFailure
from consent.signing import generate_key, key_id, public_key_b64


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _swap_key(world, sid):
    other = generate_key()
    with _raw(world) as db:
        db.execute("UPDATE public_keys SET public_key = ? WHERE subject_id = ?", (public_key_b64(other), sid))
    return other


def _move_key(world, sid):
    with _raw(world) as db:
        db.execute("UPDATE public_keys SET subject_id = 'mallory' WHERE subject_id = ?", (sid,))


def _add_verifier(world, sid):
    other = generate_key()
    with _raw(world) as db:
        db.execute("INSERT INTO public_keys (key_id, public_key, kind, subject_id, name, added_at) "
                   "VALUES (?, ?, 'verifier', NULL, 'rights desk', '2026-12-07T00:00:00Z')",
                   (key_id(other), public_key_b64(other)))
    return other


def _garble_key(world, sid):
    with _raw(world) as db:
        db.execute("UPDATE public_keys SET public_key = ? WHERE subject_id = ?",
                   (base64.b64encode(b"\x00" * 7).decode(), sid))


@pytest.mark.parametrize("edit", [_swap_key, _move_key, _add_verifier, _garble_key],
                         ids=["key-swapped", "key-moved-to-another-subject", "verifier-key-inserted", "key-garbled"])
def test_keys_list_refuses_a_key_row_the_log_does_not_vouch_for(stub_world, edit):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.add_person("mallory", "Mal Lory")
    before = {k.key_id: k.public_key_pem for k in stub_world.registry.public_keys()}
    assert key_id(stub_world.keys["jane"]) in before
    edit(stub_world, "jane")
    with pytest.raises(IntegrityFailure, match="public key"):
        stub_world.registry.public_keys()


def test_keys_list_shows_the_keys_the_log_added(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    ks = stub_world.registry.public_keys(subject_id="jane")
    assert [(k.key_id, k.kind) for k in ks] == [(key_id(stub_world.keys["jane"]), "subject")]


def test_keys_list_after_a_merge_and_a_new_agent(stub_world):
    """Keys moved by a merge and a replaced representative's keys are what the log says."""
    stub_world.add_person("jane", "Jane Doe")
    stub_world.add_person("jane2", "Jane Doe")
    ops = stub_world.ops
    ops.merge_subjects("jane", "jane2", famous_namesake=False)
    a, b = generate_key(), generate_key()
    ops.update_subject("jane", representative_name="Ann Agent", representative_role="agent", representative_key=a.public_key())
    ops.update_subject("jane", representative_name="Bo Agent", representative_role="agent", representative_key=b.public_key())
    ks = {k.key_id: (k.kind, k.subject_id) for k in stub_world.registry.public_keys()}
    assert ks[key_id(stub_world.keys["jane2"])] == ("subject", "jane")
    assert ks[key_id(b)] == ("representative", "jane")


def test_keys_list_after_a_representative_is_removed_and_a_subject_deleted(stub_world):
    """A removed representative's key and a deleted subject's keys are what the log says (no false alarm)."""
    stub_world.add_person("jane", "Jane Doe")
    stub_world.add_person("lee", "Lee Park")
    ops = stub_world.ops
    a = generate_key()
    ops.update_subject("jane", representative_name="Ann Agent", representative_role="agent", representative_key=a.public_key())
    ops.update_subject("jane", remove_representative=True)
    ops.delete_subject("lee")
    ks = {k.key_id for k in stub_world.registry.public_keys()}
    assert key_id(stub_world.keys["jane"]) in ks and key_id(stub_world.keys["lee"]) not in ks
