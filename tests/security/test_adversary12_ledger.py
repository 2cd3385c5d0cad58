"""Adversary 12: a use deleted from the person's ledger (database editor).

Since adversary 11, ``Registry.audit_page(checked=True)`` checks each entry it reads (hash and
signature), so an entry *edited in place* fails the person's ledger closed. It reads entries
through the unsigned mentions index (``audit_mentions``) and never looks at what is *not* there:

- the editor deletes the mentions-index rows of one generation entry (the log untouched): the
  ledger's ``mentions=[grant_id]`` query no longer reaches the entry;
- or deletes the entry itself (and its index rows): the page reads no gap in ``seq``.

Either way the person's consent page (``Drafts.ledger``, /talent/me and its download) lists one
use of her likeness instead of two, and ``Registry.check_integrity`` and the next generation
say nothing; only the operator's full ``audit verify`` walk reports it ("entry 4 is missing",
"the index has no row for it").

Fail closed: the ledger lists every use, or says the record is damaged (IntegrityFailure).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consent.drafts import Drafts
from consent.integrity import IntegrityFailure


def _two_uses(world) -> str:
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    studio = world.studio()
    first = studio.generate(world.request(subjects=("jane",)))
    studio.generate(world.request(subjects=("jane",), seed=8))
    assert len(Drafts(world.ops).ledger("g-jane-1")) == 2  # the set-up: both uses listed
    return first.outputs[0].sha256


_DELETES = {
    "its mentions-index rows": ["DELETE FROM audit_mentions WHERE seq = :s"],
    "the entry itself": ["DELETE FROM audit_mentions WHERE seq = :s", "DELETE FROM audit_entries WHERE seq = :s"],
}


@pytest.mark.parametrize("what", sorted(_DELETES))
def test_a_deleted_use_never_vanishes_from_the_persons_ledger(stub_world, what):
    first = _two_uses(stub_world)
    with stub_world.registry.engine.begin() as conn:  # the database editor
        seq = conn.execute(text("SELECT seq FROM audit_entries WHERE kind = 'generation' ORDER BY seq LIMIT 1")).scalar()
        for sql in _DELETES[what]:
            conn.execute(text(sql), {"s": seq})
    try:
        rows = Drafts(stub_world.ops).ledger("g-jane-1")
    except IntegrityFailure:
        return  # fail closed: the page says the record is damaged
    assert first in {r.sha256 for r in rows}, f"{len(rows)} use(s) listed"
