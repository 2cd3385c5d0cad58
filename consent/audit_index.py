"""The mentions index of the audit log: which entries name an id, without reading every entry.

An entry *mentions* ``x`` when ``x`` is one of the JSON strings of its payload: a value or a
key, at any depth (inside lists and nested details too). That is the meaning the Audit tab,
``consent-studio audit list --mentions`` and the usage ledger have always searched by; the
old full scan matched the quoted id as a substring of the payload, which is the same test
except that it also took a string that merely *contains* the quoted id (``x"a"b`` for
``a"b``, the ``","`` between two strings for ``,``) — those false hits are gone.

``audit_mentions(mention, seq)`` (primary key in that order: the newest entries naming one id
are one backward index range) holds one row per entry and distinct *indexed* string of its
payload. It is written by :func:`consent.audit.append_entry` in the same transaction as the
entry (the one path that appends), and backfilled by migration 0008 (:func:`backfill`).

Indexed strings (:func:`indexed`) are the id-like ones: 1 to :data:`MAX_LEN` characters, no
white space or control character, not a time (``2026-…T…``) and not a word of the payload vocabulary
(:data:`VOCABULARY`: field names, check names, the grant vocabulary). A search for any other
string (a display name, a message, ``subject_id``) still works, by the full scan, with the
same meaning — only slower. Whether a string is indexed depends on the string alone, so both
paths answer the same question.

The index is derived data a database editor can change without the audit key: deleting rows
would hide entries from a search. :func:`index_problems` (run by ``audit verify``) recomputes
the rows from the signed entries and names every missing or extra row. Changing
:func:`indexed` or :data:`VOCABULARY` changes the derivation: it needs a migration that
rebuilds the table, or ``audit verify`` reports the difference.

The grant-use index
-------------------
The mentions index answers "which entries *name* this id", and a creator writes some of the
strings an entry names (a request's ``project`` or ``grantee`` lands in every generation entry,
also one that depicts nobody). It cannot answer "which entries *used* this grant": a creator
who writes a person's grant id (it is in the signed manifest of every output made under it)
into the ``project`` of likeness-free generations makes entries that mention it by the
thousand (adversary 13). ``audit_grant_uses(grant_id, seq, outputs)`` (:data:`USES_TABLE`,
primary key ``(grant_id, seq)``: a grant's newest uses are one backward index range) holds one
row per ``generation`` entry and grant of its decision's ``grants_used`` — a field the policy
fills from registered grants, never from request text — with the number of outputs that entry
counted against the grant (:func:`grant_uses_of`, the usage replay's own rule). The person's
usage ledger reads it. Written with the entry (:func:`index_entry`), backfilled by migration
0012 (:func:`backfill_grant_uses`), and recomputed from the signed entries by
:func:`index_problems` like the mentions rows.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

__all__ = ["PROBLEM", "USES_PROBLEM", "MAX_LEN", "VOCABULARY", "TABLE", "USES_TABLE", "indexed", "mentioned", "mentions_of",
           "mentions_in", "grant_uses_of", "uses_in", "index_entry", "backfill", "backfill_grant_uses", "index_problems"]

TABLE = "audit_mentions"
#: The grant-use index: (grant_id, seq, outputs) for every grant a generation entry's decision used.
USES_TABLE = "audit_grant_uses"
#: How every problem :func:`index_problems` reports begins (front ends tell it from a broken chain).
PROBLEM = "audit mentions index"
#: How every problem of the grant-use index begins (it starts with :data:`PROBLEM` too: front
#: ends that tell the search index from a broken chain tell this one the same way).
USES_PROBLEM = PROBLEM + " (grant uses)"
#: Longer strings (messages, prompts, errors) are not indexed; ids are at most 128 characters.
MAX_LEN = 200
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
#: Words every entry of a kind carries (field names, checks, grant vocabulary): indexing them
#: would add rows to nearly every entry and find nothing anyone looks for. FROZEN: the index
#: is derived with this list (see the module docstring before changing it).
VOCABULARY = frozenset("""
actor added_at adapters agent aliases aliases_added allow_pickle allowed answer approval_id audit_key_id baseline
blocked_outputs cancelled_by changes check client confirmed_by content_flags content_restrictions context count
created_at created_by credential_id decided_at decision decision_id detail dim display_name draft_id error
evidence exempted_prompt_names expires_at face_templates fictional_personas field filename findings finished_at
format grant grant_id grantee grants grants_used guardian height issued_at job_id keep key_id key_ids keys kind
likeness likenesses manifest_id media message minor model moved name name_exceptions operation operations
opt_out outputs owner passed path photo_sha256 embedding_sha256 presence presence_sha256 project public_key
purpose purposes real_person_depicted reason reasons ref remove removed representative request_digest request_id
requested_by revoked_at revoked_by role seed sha256 signatures signers stage started_at state status subject
subject_id subject_ref subject_refs subjects summary template_id templates territories territory timings
token_sha256 type usage used_at user valid_from valid_until watermark_payload width
intact trusted current scope:grantee scope:project scope:purpose scope:operation scope:media scope:territory
scope:restriction scope:usage_cap subject:minor_guardian subject:deceased_estate unknown no_grant persona
no_likeness ambiguous
lora embedding signed_release consent_video id_check contract guardian_authority estate_authority
agency_authority presence_check active cap_reached revoked expired not_yet_valid still_image video social_media
print broadcast web cinema out_of_home likeness_generation footage_edit face_replacement film_reshoot
advertising virtual_influencer art editorial education personal research estate self verifier person
deceased_person fictional_persona no_nudity no_sexual_content no_politics no_endorsements no_violence
no_alcohol_tobacco no_drugs no_religion no_gambling
""".split())


#: White space (the characters str.isspace names) and control characters (PostgreSQL's text
#: cannot hold NUL; no id holds any of them).
_NOT_ID = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


@functools.lru_cache(maxsize=1 << 16)  # the same ids and words recur in entry after entry
def indexed(s: str) -> bool:
    """Whether the index holds ``s`` (so a search for it is one index range)."""
    return (0 < len(s) <= MAX_LEN and s not in VOCABULARY and _NOT_ID.search(s) is None
            and _TIME.match(s) is None)


def _strings(o: Any, out: set[str]) -> set[str]:
    if isinstance(o, str):
        out.add(o)
    elif isinstance(o, dict):
        for k, v in o.items():
            out.add(k)
            _strings(v, out)
    elif isinstance(o, list):
        for v in o:
            _strings(v, out)
    return out


def mentioned(payload_json: str) -> set[str]:
    """Every string of a payload (keys and values, any depth): what it mentions."""
    if "\\" not in payload_json:
        # no escapes: every quote delimits a string (nothing outside a JSON string holds one),
        # so the strings are every other piece between quotes — the same set as parsing, faster
        return set(payload_json.split('"')[1::2])
    return _strings(json.loads(payload_json), set())


def mentions_of(payload_json: str) -> set[str]:
    """The index rows of one entry: its indexed mentions."""
    return {s for s in mentioned(payload_json) if indexed(s)}


def _in(payload_json: str, needle: str) -> bool:
    q = json.dumps(needle, ensure_ascii=False)  # as the canonical payload writes it
    if q[1:2] in (",", ":", "}", "]"):  # could start right after a string's closing quote: parse
        return needle in mentioned(payload_json)
    i = payload_json.find(q)
    while i > 0:
        # a string token opens after "{", "[", "," or ":"; a quote that merely sits inside a
        # string is escaped ("\""), and a closing quote is followed by one of ",:}]"
        if payload_json[i - 1] in "{[,:":
            return True
        i = payload_json.find(q, i + 1)
    return False


def mentions_in(payload_json: str, needles: Iterable[str]) -> bool:
    """True when the payload mentions every needle (the exact test both search paths apply)."""
    return all(_in(payload_json, n) for n in needles)


#: A generation entry whose decision used a grant holds this (canonical JSON: sorted keys, no
#: white space; a quote inside a string is escaped, so no string can hold it): entries without it
#: used no grant and are not parsed.
_USED_ANY = '"grants_used":[{'


def grant_uses_of(kind: str, payload_json: str) -> list[tuple[str, int]]:
    """The grant-use rows of one entry: ``(grant_id, outputs)`` for each grant the decision of a
    ``generation`` entry used, ``outputs`` being what the entry added to that grant's usage count
    (its outputs, once per listing of the grant: the usage replay's rule). Nothing a request's
    free text says reaches it: only ``decision.grants_used``."""
    if kind != "generation" or _USED_ANY not in payload_json:
        return []
    return uses_in(kind, json.loads(payload_json))


def uses_in(kind: str, p: Any) -> list[tuple[str, int]]:
    """:func:`grant_uses_of` of a payload already parsed."""
    if kind != "generation":
        return []
    d = p.get("decision") if isinstance(p, dict) else None
    used = d.get("grants_used") if isinstance(d, dict) else None
    outs = p.get("outputs") or ()
    n = len(outs) if isinstance(outs, list) else 0
    rows: dict[str, int] = {}
    for gu in used if isinstance(used, list) else ():
        gid = gu.get("grant_id") if isinstance(gu, dict) else None
        if isinstance(gid, str):
            rows[gid] = rows.get(gid, 0) + n
    return sorted(rows.items())


def _insert(conn: Connection, rows: list[tuple[str, int]]) -> None:
    # straight to the driver's executemany (rows are plain tuples; SQLAlchemy's per-row
    # parameter handling cost more than the insert itself in the backfill)
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {TABLE} (mention, seq) VALUES ({mark}, {mark})", rows)


def _insert_uses(conn: Connection, rows: list[tuple[str, int, int]]) -> None:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {USES_TABLE} (grant_id, seq, outputs) VALUES ({mark}, {mark}, {mark})", rows)


def index_entry(conn: Connection, seq: int, payload_json: str, kind: str = "") -> None:
    """Write the index rows of one entry (inside the transaction that appends it): its mentions
    and, for a generation entry, its grant uses."""
    rows = [(m, seq) for m in sorted(mentions_of(payload_json))]
    if rows:
        _insert(conn, rows)
    uses = [(g, seq, n) for g, n in grant_uses_of(kind, payload_json)]
    if uses:
        _insert_uses(conn, uses)


def _entries(conn: Connection, batch: int, kind: str | None = None) -> Iterator[list[tuple[int, str, str]]]:
    after = 0
    only = " AND kind = :k" if kind else ""
    while True:
        rows = conn.execute(text(f"SELECT seq, payload, kind FROM audit_entries WHERE seq > :a{only} ORDER BY seq LIMIT :n"),
                            {"a": after, "n": batch, **({"k": kind} if kind else {})}).all()
        if not rows:
            return
        yield [(int(s), p, k) for s, p, k in rows]
        after = int(rows[-1][0])


def backfill(conn: Connection, batch: int = 5000, log: Any = None) -> int:
    """Index every entry already in the log (migration 0008); returns the rows written."""
    total = 0
    for chunk in _entries(conn, batch):
        rows = sorted((m, seq) for seq, p, _ in chunk for m in mentions_of(p))  # primary-key order
        if rows:
            _insert(conn, rows)
        total += len(rows)
        if log is not None:
            log(f"audit mentions: indexed up to entry {chunk[-1][0]} ({total} rows)")
    return total


def backfill_grant_uses(conn: Connection, batch: int = 5000, log: Any = None) -> int:
    """Index the grant uses of every generation entry already in the log (migration 0012)."""
    total = 0
    for chunk in _entries(conn, batch, kind="generation"):
        rows = sorted((g, seq, n) for seq, p, k in chunk for g, n in grant_uses_of(k, p))
        if rows:
            _insert_uses(conn, rows)
        total += len(rows)
        if log is not None:
            log(f"audit grant uses: indexed up to entry {chunk[-1][0]} ({total} rows)")
    return total


def backfill_pixel_digests(conn: Connection, batch: int = 5000) -> int:
    """Write into each output row the digest of its pixels that its signed generation entry lists
    (migration 0013): none for a log from before pixel digests were kept; those a downgrade to
    0012 dropped, for one that is upgraded again. Returns the rows written. The row check
    (consent.integrity.output_row_problem) holds each row to its entry either way; an entry that
    is no JSON object, or lists something that is no digest, writes nothing (red team 51: the
    upgrade must open the registry so that ``audit verify`` can name the edited entry)."""
    import json
    import re

    digest = re.compile(r"[0-9a-f]{64}")
    total = 0
    for chunk in _entries(conn, batch, kind="generation"):
        for seq, p, _ in chunk:
            if '"pixels_sha256"' not in p:  # (entries from before 0013: nothing to parse)
                continue
            try:
                outputs = json.loads(p).get("outputs")
            except (ValueError, AttributeError):  # no JSON object: an entry edited behind its hash
                continue  # (nothing is written; `audit verify` names the entry)
            for o in outputs if isinstance(outputs, list) else ():
                pd = o.get("pixels_sha256") if isinstance(o, dict) else None
                if isinstance(pd, str) and digest.fullmatch(pd) and isinstance(o.get("sha256"), str):
                    total += conn.execute(text(
                        "UPDATE outputs SET pixels_sha256 = :pd WHERE audit_seq = :seq AND sha256 = :sha"
                        + (" AND watermark_payload = :wp" if o.get("watermark_payload") is not None
                           else " AND watermark_payload IS NULL")),
                        {"pd": pd, "seq": seq, "sha": o.get("sha256"), "wp": o.get("watermark_payload")}).rowcount
    return total


# --------------------------------------------------------------------------- verification
_BUCKET = 4096  # entries per checksum bucket


def _digest(keyed: Any, seq: int, mention: str) -> int:
    h = keyed.copy()  # a keyed BLAKE2b, copied: cheaper than keying each row anew
    h.update(f"{seq}\x00{mention}".encode("utf-8", "surrogatepass"))
    return int.from_bytes(h.digest(), "big")


def _rows_of_bucket(conn: Connection, lo: int, hi: int) -> set[tuple[int, str]]:
    rows = conn.execute(text(f"SELECT seq, mention FROM {TABLE} WHERE seq >= :lo AND seq < :hi"),
                        {"lo": lo, "hi": hi}).all()
    return {(int(s), m) for s, m in rows}


def _use_key(grant_id: str, outputs: int) -> str:
    return f"{grant_id}\x00{outputs}"


def index_problems(conn: Connection, batch: int = 5000, limit: int = 5) -> list[str]:
    """How the mentions and grant-use indexes differ from the signed entries (empty: they match).

    Both sides are summed per bucket of entries under a key drawn for this check (a database
    editor cannot make a changed bucket sum the same); a bucket that differs is compared row
    by row to name what is missing or extra.
    """
    key = hashlib.blake2b(key=os.urandom(32), digest_size=16)
    mod = 1 << 128
    want: dict[int, list[int]] = {}
    want_uses: dict[int, list[int]] = {}
    for chunk in _entries(conn, batch):
        for seq, p, kind in chunk:
            try:
                ms = mentions_of(p)
                us = grant_uses_of(kind, p)
            except ValueError:
                return [f"audit entry {seq}: its payload is not JSON; expected the canonical JSON it was signed with"]
            b = want.setdefault(seq // _BUCKET, [0, 0])
            b[0] += len(ms)
            b[1] = (b[1] + sum(_digest(key, seq, m) for m in ms)) % mod
            if us:
                b = want_uses.setdefault(seq // _BUCKET, [0, 0])
                b[0] += len(us)
                b[1] = (b[1] + sum(_digest(key, seq, _use_key(g, n)) for g, n in us)) % mod
    have: dict[int, list[int]] = {}
    result = conn.execution_options(stream_results=True, yield_per=20000).execute(text(f"SELECT seq, mention FROM {TABLE}"))
    for seq, m in result:
        b = have.setdefault(int(seq) // _BUCKET, [0, 0])
        b[0] += 1
        b[1] = (b[1] + _digest(key, int(seq), m)) % mod
    have_uses: dict[int, list[int]] = {}
    result = conn.execution_options(stream_results=True, yield_per=20000).execute(
        text(f"SELECT seq, grant_id, outputs FROM {USES_TABLE}"))
    for seq, g, n in result:
        b = have_uses.setdefault(int(seq) // _BUCKET, [0, 0])
        b[0] += 1
        b[1] = (b[1] + _digest(key, int(seq), _use_key(g, int(n)))) % mod
    out: list[str] = []
    for bucket in sorted(set(want) | set(have)):
        if want.get(bucket, [0, 0]) == have.get(bucket, [0, 0]):
            continue
        lo, hi = bucket * _BUCKET, (bucket + 1) * _BUCKET
        rows = _rows_of_bucket(conn, lo, hi)
        entries = conn.execute(text("SELECT seq, payload FROM audit_entries WHERE seq >= :lo AND seq < :hi"),
                               {"lo": lo, "hi": hi}).all()
        expected = {(int(seq), m) for seq, p in entries for m in mentions_of(p)}
        for seq, m in sorted(expected - rows):
            out.append(f"{PROBLEM}: entry {seq} mentions {m!r} but the index has no row for it "
                       "(a search for it would not show the entry)")
        for seq, m in sorted(rows - expected):
            out.append(f"{PROBLEM}: a row says entry {seq} mentions {m!r} but the signed entry does not")
        if len(out) >= limit:
            return out
    for bucket in sorted(set(want_uses) | set(have_uses)):
        if want_uses.get(bucket, [0, 0]) == have_uses.get(bucket, [0, 0]):
            continue
        lo, hi = bucket * _BUCKET, (bucket + 1) * _BUCKET
        rows_u = {(int(seq), g, int(n)) for seq, g, n in conn.execute(
            text(f"SELECT seq, grant_id, outputs FROM {USES_TABLE} WHERE seq >= :lo AND seq < :hi"), {"lo": lo, "hi": hi}).all()}
        entries = conn.execute(text("SELECT seq, payload, kind FROM audit_entries WHERE seq >= :lo AND seq < :hi"),
                               {"lo": lo, "hi": hi}).all()
        expected_u = {(int(seq), g, n) for seq, p, k in entries for g, n in grant_uses_of(k, p)}
        for seq, g, n in sorted(expected_u - rows_u):
            out.append(f"{USES_PROBLEM}: entry {seq} used grant {g!r} for {n} output(s) but the index has no such row "
                       "(the person's usage ledger would not list it)")
        for seq, g, n in sorted(rows_u - expected_u):
            out.append(f"{USES_PROBLEM}: a row says entry {seq} used grant {g!r} for {n} output(s) but the signed "
                       "entry does not")
        if len(out) >= limit:
            break
    return out
