"""Adversary 13: a creator alone pushes a person's uses off her ledger with decoy generations.

``Drafts.ledger(grant_id)`` — the person's consent page (/talent/me and its download) — reads the
newest ``_LEDGER_PAGE`` (1,000) ``generation`` entries that *mention* the grant id in the audit
mentions index, skips those whose decision did not use the grant, and compares the uses it
listed with the grant's usage count only ``if len(entries) < _LEDGER_PAGE``.

An entry mentions every short whitespace-free string of its payload, and the creator writes
some of them: the request's ``project`` (and ``grantee``) land in the decision context of every
generation, also one that depicts nobody. A creator who used Jane's grant (her grant id is in
what they were shown) then runs 1,000 likeness-free generations — the packaged GAN, no grant,
no approval, about a second each — with ``project = <her grant id>``. Her ledger reads exactly
those 1,000 decoys, skips them all, finds the page full, does not compare, and shows her **no
use at all**; no database access, nothing ``audit verify`` would call damaged.

Here the page is set to 4. At the real 1,000 (run once, not kept: 36 s for 1,000 decoys through
the stub-engine studio) her ledger listed 0 rows for a usage count of 1, without an error.

Fail closed: read the ledger by grant (an index the creator cannot write into, e.g. the
decision's ``grants_used``), keep paging past skipped entries, or compare whenever the listed
uses are fewer than the count, and say the list is cut when it is.

Fixed: the ledger reads the grant-use index (``audit_grant_uses``, migration 0012: one row per
generation entry and grant of its decision's ``grants_used``), which no request text reaches.
"""

from __future__ import annotations

import consent.drafts as drafts
from consent.drafts import Drafts
from consent.integrity import IntegrityFailure


def test_decoy_generations_naming_her_grant_id_do_not_hide_her_uses(stub_world, monkeypatch):
    monkeypatch.setattr(drafts, "_LEDGER_PAGE", 4)  # stands for 1,000
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    studio = w.studio()
    used = studio.generate(w.request(subjects=("jane",)))
    assert [r.sha256 for r in Drafts(w.ops).ledger("g-jane-1")] == [used.outputs[0].sha256]  # the set-up
    for seed in range(4):  # likeness-free: no grant, nobody depicted; only the project names her grant id
        made = studio.generate(w.request(project="g-jane-1", seed=100 + seed))
        assert not made.decision.grants_used
    assert w.ops.registry.get_grant("g-jane-1").usage == 1
    try:
        rows = Drafts(w.ops).ledger("g-jane-1")
    except IntegrityFailure:
        return  # failing closed is a correct answer too
    assert [r.sha256 for r in rows] == [used.outputs[0].sha256]
