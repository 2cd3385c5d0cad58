"""Red team s60b: ``keys list`` / ``keys verifier list`` and the columns of a key row the signed log
holds but commit 2946f86 does not compare.

Commit 2946f86 holds each ``public_keys`` row to the signed audit log: its kind, subject and key
(``consent.integrity.IntegrityState.key_problems``). A verifier key's *name* — who holds it, e.g.
"Rights desk, ACME Films", the one thing ``keys verifier list`` prints beside the id, and what an
operator reads to decide whose countersignature a grant carries — is signed too
(``verifier_key_added`` {"key_id", "name"}), but not compared: the database host swaps the names
of two verifier keys, or renames one, and ``keys verifier list`` prints the stored text as fact.
A key row deleted by the host is not noticed either: the key the log added is simply not listed
(an operator checking "which key signs for Jane" is told she has none).

Expected: ``Registry.public_keys`` refuses (IntegrityFailure naming the public key) a verifier row
whose name is not the one the log added, and a key the log added that is missing from the table.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.integrity import IntegrityFailure
from consent.signing import generate_key, key_id


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def test_verifier_names_swapped_by_the_database_host_are_not_listed_as_fact(stub_world):
    """Attack: two verifier keys, "Rights desk, ACME Films" and "Mallory's notary (retired)"; the
    host swaps their names. Expected: ``public_keys(kind="verifier")`` raises IntegrityFailure."""
    ops = stub_world.ops
    acme, mallory = generate_key(), generate_key()
    ka = ops.add_verifier_key(acme.public_key(), "Rights desk, ACME Films")
    km = ops.add_verifier_key(mallory.public_key(), "Mallory's notary (retired)")
    assert {k.key_id: k.name for k in stub_world.registry.public_keys(kind="verifier")} == {
        ka: "Rights desk, ACME Films", km: "Mallory's notary (retired)"}
    with _raw(stub_world) as db:
        db.execute("UPDATE public_keys SET name = CASE key_id WHEN ? THEN ? ELSE ? END WHERE kind = 'verifier'",
                   (ka, "Mallory's notary (retired)", "Rights desk, ACME Films"))
    try:
        shown = {k.key_id: k.name for k in stub_world.registry.public_keys(kind="verifier")}
    except IntegrityFailure:
        return
    pytest.fail(f"keys verifier list showed the host's swapped names as fact: {shown} "
                f"(the log added {ka} as 'Rights desk, ACME Films')")


def test_a_key_row_deleted_by_the_database_host_is_not_silently_left_out(stub_world):
    """Attack: the host deletes Jane's key row. Expected: ``public_keys()`` raises IntegrityFailure
    (the signed log added that key), rather than listing Jane with no key."""
    stub_world.add_person("jane", "Jane Doe")
    kid = key_id(stub_world.keys["jane"])
    assert kid in {k.key_id for k in stub_world.registry.public_keys()}
    with _raw(stub_world) as db:
        db.execute("DELETE FROM public_keys WHERE key_id = ?", (kid,))
    try:
        shown = [(k.key_id, k.kind, k.subject_id) for k in stub_world.registry.public_keys(subject_id="jane")]
    except IntegrityFailure:
        return
    pytest.fail(f"keys list --subject jane printed {shown}: the key the signed log added for Jane is gone "
                "from the table and nothing said so")
