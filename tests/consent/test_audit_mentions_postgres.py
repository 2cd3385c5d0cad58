"""The mentions index of the audit log on a real PostgreSQL server (see tests/pg_server.py):
the same search as on SQLite, the same backfill, the same tampering check. Skipped when
PostgreSQL is not installed, failed instead when ``$CI`` is set."""

from __future__ import annotations

import pg_server
import pytest
from audit_mentions_log import NEEDLES, index_rows, old_scan, pages, seqs, write_tricky_log
from sqlalchemy import text

from consent.registry import Registry


@pytest.fixture(scope="module")
def pg():
    with pg_server.postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(pg) -> str:
    return pg.create_database()


@pytest.fixture
def tricky(pg_url, audit_keys):
    r = Registry(pg_url, audit_keys=audit_keys, busy_timeout_s=5.0)
    write_tricky_log(r)
    yield r
    r.close()


def test_indexed_search_finds_what_the_scan_found_on_postgres(tricky):
    for needle in NEEDLES:
        if needle == "":  # the old scan's false hits (see tests/consent/test_audit_mentions.py)
            continue
        want = seqs(old_scan(tricky, limit=1000, mentions=[needle]))
        assert seqs(tricky.audit_page(limit=1000, mentions=[needle])) == want, needle
        assert pages(lambda r, **kw: r.audit_page(**kw), tricky, 2, mentions=[needle]) == want, needle
    assert seqs(tricky.audit_page(mentions=["s1", "g-1"])) == seqs(old_scan(tricky, mentions=["s1", "g-1"]))
    assert len(tricky.audit_page(mentions=["s1", "g-1"])) == 1


def test_backfill_and_tampering_on_postgres(tricky, pg_url, audit_keys):
    written = index_rows(tricky)
    from sqlalchemy import inspect

    later = [t for t in inspect(tricky.engine).get_table_names() if t.startswith("talent_")
             or t in ("output_fingerprints", "audit_grant_uses", "name_watch", "job_progress", "job_watch")]  # 0009's, 0010's, 0012's, 0014's, 0015's and 0016's tables
    with tricky.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_mentions"))
        for t in later:
            conn.execute(text(f"DROP TABLE {t}"))
        conn.execute(text("ALTER TABLE models DROP COLUMN config"))  # 0011's column
        conn.execute(text("DROP INDEX ix_outputs_pixels_sha256"))  # 0013's column
        conn.execute(text("ALTER TABLE outputs DROP COLUMN pixels_sha256"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    reopened = Registry(pg_url, audit_keys=audit_keys)  # migration 0008 backfills
    # (the upgrade's own entry, schema_upgraded since session 66, is indexed as it is appended)
    upgraded = {e.seq for e in reopened.audit_entries(kind="schema_upgraded")}
    assert len(upgraded) == 1
    assert {r for r in index_rows(reopened) if r[1] not in upgraded} == written and reopened.verify_audit().ok
    (hidden,) = seqs(reopened.audit_page(mentions=["nested-only"]))
    with reopened.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_mentions WHERE mention = 'nested-only'"))
    assert reopened.audit_page(mentions=["nested-only"]) == []
    rep = reopened.verify_audit()
    assert not rep.ok and rep.first_broken == hidden
    assert f"entry {hidden} mentions 'nested-only' but the index has no row for it" in rep.message
    reopened.close()
