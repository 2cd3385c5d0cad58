"""The audit page (UI Audit tab, ``consent-studio audit list``): newest first, by kind, by the ids
an entry mentions, page by page."""

from __future__ import annotations


def _note(registry, **ids):
    return registry.record_failure(None, "scan", "a test failure", extra=ids)


def test_mentions_match_the_whole_id_and_wildcards_are_literal(registry):
    a = _note(registry, job_id="job_1")
    _note(registry, job_id="jobX1")       # "_" would match any letter in a LIKE pattern
    c = _note(registry, job_id="50%_off")
    _note(registry, job_id="50 off")      # "%" would match anything
    d = _note(registry, note='say "hi"\\now')
    assert [e.seq for e in registry.audit_page(mentions=["job_1"])] == [a.seq]
    assert [e.seq for e in registry.audit_page(mentions=["50%_off"])] == [c.seq]
    assert [e.seq for e in registry.audit_page(mentions=['say "hi"\\now'])] == [d.seq]


def test_pages_are_newest_first_and_continue_before_a_seq(registry):
    seqs = [_note(registry, job_id=f"job-{i}").seq for i in range(5)]
    first = registry.audit_page(limit=2, kind="failure")
    assert [e.seq for e in first] == seqs[:-3:-1]
    second = registry.audit_page(limit=2, kind="failure", before=first[-1].seq)
    assert [e.seq for e in second] == [seqs[2], seqs[1]]
    assert registry.audit_page(kind="no-such-kind") == []


def test_ids_outside_ascii_are_found(registry):
    e = _note(registry, subject_id="zoë-ł")
    assert [x.seq for x in registry.audit_page(mentions=["zoë-ł"])] == [e.seq]
