"""The mentions index of the audit log (``audit_mentions``): the indexed search finds exactly
what the full scan found, page by page; migration 0008 derives the same rows the appends write."""

from __future__ import annotations

import itertools
import json

import pytest
from audit_mentions_log import NEEDLES, index_rows, old_scan, pages, seqs, write_tricky_log
from sqlalchemy import text

from consent import audit_index
from consent.registry import Registry

#: Needles on which the old scan was wrong (it took a string that merely contains the quoted
#: needle): compared in test_the_old_scans_false_hits_are_gone instead.
_OLD_SCAN_WRONG = {""}


@pytest.fixture
def tricky(registry):
    write_tricky_log(registry)
    return registry


def _new(registry, **kw):
    return registry.audit_page(**kw)


def test_one_id_finds_what_the_scan_found_in_the_same_order(tricky):
    for needle in NEEDLES:
        if needle in _OLD_SCAN_WRONG:
            continue
        want = seqs(old_scan(tricky, limit=1000, mentions=[needle]))
        assert seqs(_new(tricky, limit=1000, mentions=[needle])) == want, needle
        assert pages(_new, tricky, 2, mentions=[needle]) == want, needle  # page by page (before = last seq)
        assert seqs(_new(tricky, limit=1000, kind="failure", mentions=[needle])) == \
            seqs(old_scan(tricky, limit=1000, kind="failure", mentions=[needle])), needle
    assert any(seqs(old_scan(tricky, mentions=[n])) for n in NEEDLES)  # the log does hold hits


def test_tricky_ids_hit_the_entries_a_person_expects(tricky):
    by_job = {e.payload.get("job_id"): e.seq for e in tricky.audit_entries(kind="failure") if "job_id" in e.payload}
    assert seqs(tricky.audit_page(mentions=["s1_x"])) == [by_job["s1_x"]]      # not "s1" nor "s10"
    assert seqs(tricky.audit_page(mentions=["s1%"])) == [by_job["s1%"]]
    assert seqs(tricky.audit_page(mentions=["S1"])) == [by_job["S1"]]          # case counts
    assert len(tricky.audit_page(mentions=["nested-only"])) == 1                # deep inside a list of dicts
    assert len(tricky.audit_page(mentions=["nested-key-only"])) == 1            # a key names it
    assert tricky.audit_page(mentions=["s1_"]) == [] and tricky.audit_page(mentions=["not-there"]) == []


def test_several_ids_must_all_be_mentioned(tricky):
    for a, b in itertools.permutations(["s1", "s10", "g-1", "scan", "50 off", "nested-only", "ui:s10"], 2):
        want = seqs(old_scan(tricky, limit=1000, mentions=[a, b]))
        assert seqs(tricky.audit_page(limit=1000, mentions=[a, b])) == want, (a, b)
    both = tricky.audit_page(mentions=["s1", "g-1"])
    assert len(both) == 1 and both[0].payload["who"] == {"subject_id": "s1", "grant_id": "g-1"}


def test_an_id_is_indexed_unless_it_is_vocabulary_long_a_time_or_has_white_space():
    assert audit_index.indexed("s000001") and audit_index.indexed('a"b') and audit_index.indexed("50%_off")
    for s in ("", "x" * 201, "Jane Doe", "subject_id", "still_image", "2026-01-01T00:00:00Z", "a\x00b", "a\x7fb"):
        assert not audit_index.indexed(s), s


def test_the_index_holds_one_row_per_entry_and_indexed_string(tricky):
    rows = index_rows(tricky)
    want = {(m, e.seq) for e in tricky.audit_entries() for m in audit_index.mentions_of(e.payload_json)}
    assert rows == want
    dup = [e for e in tricky.audit_entries(kind="failure") if (e.payload.get("detail") or {}).get("list")][0]
    assert {m for m, s in rows if s == dup.seq} >= {"s1", "s10"}  # twice in the payload, one row
    assert ("grant_id", dup.seq) not in rows and not any(m == "" for m, _ in rows)


def test_the_old_scans_false_hits_are_gone(registry):
    inner = registry.record_failure(None, "scan", "x", extra={"note": 'x"a"b'})   # contains "a\"b" quoted
    real = registry.record_failure(None, "scan", "x", extra={"note": 'a"b'})
    pair = registry.record_failure(None, "scan", "x", extra={"left": "p", "right": "q"})  # '","' between strings
    comma = registry.record_failure(None, "scan", "x", extra={"note": ","})
    quote = registry.record_failure(None, "scan", "x", extra={"note": '"'})   # ends in \"" : holds '""'
    empty = registry.record_failure(None, "scan", "x", extra={"note": ""})
    assert inner.seq in seqs(old_scan(registry, mentions=['a"b'])) and pair.seq in seqs(old_scan(registry, mentions=[","]))
    assert quote.seq in seqs(old_scan(registry, mentions=[""]))
    assert seqs(registry.audit_page(mentions=['a"b'])) == [real.seq]
    assert seqs(registry.audit_page(mentions=[","])) == [comma.seq]
    assert seqs(registry.audit_page(mentions=[""])) == [empty.seq]


def test_migration_0008_backfills_the_rows_the_appends_wrote(tricky, db_url, audit_keys):
    written = index_rows(tricky)
    from sqlalchemy import inspect

    later = [t for t in inspect(tricky.engine).get_table_names() if t.startswith("talent_")
             or t in ("output_fingerprints", "audit_grant_uses", "name_watch", "job_progress", "job_watch")]  # 0009's, 0010's, 0012's, 0014's, 0015's, 0016's tables (0011 adds a column)
    with tricky.engine.begin() as conn:  # back to 0007, as a database from before the index
        conn.execute(text("DROP TABLE audit_mentions"))
        for t in later:
            conn.execute(text(f"DROP TABLE {t}"))
        conn.execute(text("ALTER TABLE models DROP COLUMN config"))  # 0011's column
        conn.execute(text("DROP INDEX ix_outputs_pixels_sha256"))  # 0013's column
        conn.execute(text("ALTER TABLE outputs DROP COLUMN pixels_sha256"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    tricky.close()
    reopened = Registry(db_url, audit_keys=audit_keys)
    # (the upgrade's own entry, schema_upgraded since session 66, is indexed as it is appended)
    upgraded = {e.seq for e in reopened.audit_entries(kind="schema_upgraded")}
    assert len(upgraded) == 1
    assert {r for r in index_rows(reopened) if r[1] not in upgraded} == written and written
    assert reopened.verify_audit().ok
    assert seqs(reopened.audit_page(mentions=["s10"])) == seqs(old_scan(reopened, mentions=["s10"]))
    reopened.close()


def test_backfill_writes_in_batches(registry):
    for i in range(7):
        registry.record_failure(None, "scan", "x", extra={"job_id": f"job-{i}"})
    want = index_rows(registry)
    seen = []
    with registry.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_mentions"))
        n = audit_index.backfill(conn, batch=3, log=seen.append)
    assert index_rows(registry) == want and n == len(want) and len(seen) == 3  # 8 entries, 3 per batch


def test_a_clean_log_verifies_and_the_search_uses_the_index(tricky):
    assert tricky.verify_audit().ok
    with tricky.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT e.seq FROM audit_mentions m0 JOIN audit_entries e ON e.seq = m0.seq "
            "WHERE m0.mention = 's1' ORDER BY m0.seq DESC LIMIT 50")).all())
    assert "pk_audit_mentions" in plan.lower() or "primary key" in plan.lower(), plan
    assert "temp b-tree" not in plan.lower(), plan  # no sort: newest first straight from the index


def _walk(o, out):
    if isinstance(o, str):
        out.add(o)
    elif isinstance(o, dict):
        for k, v in o.items():
            out.add(k)
            _walk(v, out)
    elif isinstance(o, list):
        for v in o:
            _walk(v, out)
    return out


_PUNCT = [",", ":", "}", "]", "{", "[", ",\"a", ":1", "}]", "\\\"", "a\\", "p\",\"right", "\n", "\u2028"]


def test_the_fast_tests_agree_with_parsing_the_payload(tricky):
    """``mentioned`` (a scan for string tokens) and ``mentions_in`` (a find with the character
    before it) are shortcuts: both must say what parsing the JSON and walking it says."""
    extra = [{"left": "p", "right": "q"}, {"a": ["x,", ":y"], "b,": {"c:": "}]"}}, {"e": "a\\", "f": ["\\\"", "\n"]},
             {"note": 'x"a"b', "n": 1, "t": True, "z": None}, {"u": "\u2028", "k": "p\",\"right"}]
    for i, e in enumerate(extra):
        tricky.record_failure(None, "scan", "x", extra=e)
    for e in tricky.audit_entries():
        want = _walk(json.loads(e.payload_json), set())
        assert audit_index.mentioned(e.payload_json) == want, e.payload_json
        for needle in NEEDLES + _PUNCT + sorted(want):
            assert audit_index.mentions_in(e.payload_json, [needle]) == (needle in want), (needle, e.payload_json)
