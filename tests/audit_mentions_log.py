"""An audit log with tricky ids, and the full scan ``Registry.audit_page`` used before the
mentions index (kept here, verbatim, as the reference the indexed search must agree with)."""

from __future__ import annotations

import json

from sqlalchemy import text

from consent.audit import AuditEntry

#: (stage, extra) of each failure entry written by :func:`write_tricky_log`.
TRICKY_PAYLOADS = [
    {"job_id": "s1"},
    {"job_id": "s10"},                    # "s1" is a prefix of it
    {"job_id": "s1_x", "note": "s10"},    # and of this; "_" is a LIKE wildcard
    {"job_id": "s1%"},                    # "%" too
    {"job_id": "50%_off"},
    {"job_id": "50 off"},                 # white space: not indexed, found by the scan
    {"job_id": "nul\x00id", "c": "bell\x07"},  # control characters (PostgreSQL text holds no NUL): not indexed
    {"path": "a\\b"},                     # a backslash (the LIKE escape character)
    {"path": "a\\\\b"},                   # two of them
    {"quote": 'it\'s'},
    {"quote": 'say "hi"'},
    {"quote": '"'},
    {"detail": {"deep": [{"deeper": ["nested-only"]}], "more": {"nested-key-only": 1}}},
    {"detail": {"list": ["s1", "s1", {"s10": "s1"}]}},   # the same id twice in one entry: one hit
    {"job_id": "S1"},                     # SQLite's LIKE ignores case; the search does not
    {"job_id": "zoë-ł"},
    {"job_id": "grant_id"},               # a field name as a value (vocabulary: not indexed)
    {"job_id": "2026-01-01T00:00:00Z"},   # a time (not indexed)
    {"job_id": ""},
    {"job_id": "x" * 201},                # longer than the index holds
    {"who": {"subject_id": "s1", "grant_id": "g-1"}},
    {"who": {"subject_id": "s10", "grant_id": "g-1"}},
]

#: Every id searched for: alone, in pairs, with a kind and page by page.
NEEDLES = ["s1", "s10", "nul\x00id", "bell\x07", "nul", "s1_x", "s1%", "s1_", "s", "50%_off", "50 off", "a\\b", "a\\\\b", "it's", 'say "hi"', '"',
           "nested-only", "nested-key-only", "S1", "zoë-ł", "grant_id", "2026-01-01T00:00:00Z", "", "x" * 201, "g-1",
           "deep", "failure", "scan", "not-there", "%", "_", "\\"]


def write_tricky_log(registry) -> list[AuditEntry]:
    out = []
    for i, extra in enumerate(TRICKY_PAYLOADS):
        out.append(registry.record_failure(None, "scan", f"tricky payload {i}", extra=extra))
    out.append(registry.record_security_event(sorted(registry.SECURITY_EVENTS)[0], {"user": "s1", "where": "ui:s10"}))
    return out


def old_scan(registry, *, limit: int = 50, before: int | None = None, kind: str | None = None,
             mentions=()) -> list[AuditEntry]:
    """``Registry.audit_page`` as it was before the mentions index: a LIKE scan of every entry."""
    sql = "SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries"
    where, params = [], {"limit": max(1, min(int(limit), 1000))}
    if before is not None:
        where.append("seq < :before")
        params["before"] = int(before)
    if kind:
        where.append("kind = :kind")
        params["kind"] = kind
    for i, m in enumerate(mentions):
        needle = json.dumps(m, ensure_ascii=False)[1:-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(f"payload LIKE :m{i} ESCAPE '\\'")
        params[f"m{i}"] = "%" + needle + "%"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT :limit"
    with registry.engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    out = [AuditEntry(*r) for r in rows]
    quoted = [json.dumps(m, ensure_ascii=False) for m in mentions]
    return [e for e in out if all(q in e.payload_json for q in quoted)]


def seqs(entries) -> list[int]:
    return [e.seq for e in entries]


def pages(search, registry, limit: int, **kw) -> list[int]:
    """Every page of a search, ``before`` the last seq of the previous page, joined."""
    out, before = [], None
    while True:
        page = search(registry, limit=limit, before=before, **kw)
        if not page:
            return out
        out += seqs(page)
        before = page[-1].seq


def index_rows(registry) -> set[tuple[str, int]]:
    with registry.engine.connect() as conn:
        return {(m, int(s)) for m, s in conn.execute(text("SELECT mention, seq FROM audit_mentions")).all()}
