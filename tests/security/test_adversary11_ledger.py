"""Adversary 11: the person's usage ledger reads signed audit entries without checking them.

``Drafts.ledger(grant_id)`` — what the person sees on their consent page (/talent/me, and its
CSV/JSON download) as "every output made under your grant" — reads the ``generation``
entries through ``Registry.audit_page``, which neither recomputes an entry's hash from its
content (``AuditEntry.content_hashes_to_its_hash``) nor checks its signature. The output
records do (``Registry._check_output``), the ledger does not.

FAIL-OPEN (database editor): an entry's payload edited in place, its hash and signature left
as they were, changes what the person is shown — here the outputs of one use are removed, so
a use of her likeness disappears from her ledger — and nothing on the talent page notices
(nor does ``Registry.check_integrity``, nor the next generation, whose replay starts after that
entry); only an operator's ``audit verify`` walk of the whole chain, or a verify of that very
output (its record check recomputes the entry's hash), would.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from consent.drafts import Drafts
from consent.integrity import IntegrityFailure


def _two_uses(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    studio = stub_world.studio()
    first = studio.generate(stub_world.request(subjects=("jane",)))
    studio.generate(stub_world.request(subjects=("jane",), seed=8))
    return first.outputs[0].sha256


def test_the_ledger_lists_every_use(stub_world):
    first = _two_uses(stub_world)
    rows = Drafts(stub_world.ops).ledger("g-jane-1")
    assert len(rows) == 2 and first in {r.sha256 for r in rows}


def test_an_entry_edited_in_place_never_hides_a_use_from_the_person(stub_world):
    first = _two_uses(stub_world)
    with stub_world.registry.engine.begin() as conn:  # the database editor: one entry's payload, nothing else
        seq, payload = conn.execute(text("SELECT seq, payload FROM audit_entries WHERE kind = 'generation' "
                                         "ORDER BY seq LIMIT 1")).first()
        p = json.loads(payload)
        assert p["outputs"][0]["sha256"] == first
        p["outputs"] = []
        conn.execute(text("UPDATE audit_entries SET payload = :p WHERE seq = :s"),
                     {"p": json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False), "s": seq})
    try:
        rows = Drafts(stub_world.ops).ledger("g-jane-1")
    except IntegrityFailure:
        return  # fail closed: the page says the record is damaged
    assert first in {r.sha256 for r in rows}


def _edit_first_generation(stub_world, change) -> int:
    with stub_world.registry.engine.begin() as conn:
        seq, payload = conn.execute(text("SELECT seq, payload FROM audit_entries WHERE kind = 'generation' "
                                         "ORDER BY seq LIMIT 1")).first()
        p = json.loads(payload)
        change(p)
        conn.execute(text("UPDATE audit_entries SET payload = :p WHERE seq = :s"),
                     {"p": json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False), "s": seq})
    return seq


def test_an_entry_edited_to_drop_the_grant_fails_the_ledger_closed(stub_world):
    """The editor removes the grant from the entry's decision instead: the mention filter would
    drop the entry silently, so the check comes first."""
    _two_uses(stub_world)

    def drop(p):
        p["decision"]["grants_used"] = []
    seq = _edit_first_generation(stub_world, drop)
    with pytest.raises(IntegrityFailure, match=f"audit entry {seq} \\(generation\\).*edited in place"):
        Drafts(stub_world.ops).ledger("g-jane-1")


def test_audit_list_marks_an_entry_edited_in_place(stub_world):
    from click.testing import CliRunner

    from creator.cli import cli

    _two_uses(stub_world)
    seq = _edit_first_generation(stub_world, lambda p: p.update(outputs=[]))
    stub_world.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "audit", "list", "--json"],
                           catch_exceptions=False)
    intact = {e["seq"]: e["intact"] for e in json.loads(r.output)}
    assert intact[seq] is False and all(v for s, v in intact.items() if s != seq)
