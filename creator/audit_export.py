"""The audit log, or a part of it, as a file an auditor checks without the studio.

``export_log`` writes the entries as signed (each one's content, hash, the hash before it and the
audit key's signature), the audit public key and a signed checkpoint of the log's head taken at the
export; ``check_export`` needs nothing but that file: every entry must hash to its hash, carry the
audit key's signature and follow the one before it (a whole export must start at the log's first
entry and end at the checkpoint). A self-hosting admin's walkthrough (session 66) found no export
of the log that anyone could check outside the installation.

It rests on the audit key being the studio's: the studio publishes it at ``/public/audit-key``, and
a witness holding an earlier checkpoint can compare. Entries written before the log was signed
(an installation from before signed auditing) are listed as unsigned, their place in the chain
still checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from creator.proof import ProofCheck, document_audit_keys

__all__ = ["FORMAT", "export_log", "check_export", "ExportCheck", "log_time"]

FORMAT = "consent-studio/audit-export/v1"


def log_time(text: str | None, option: str) -> str | None:
    """A date or an RFC 3339 time as the log writes times ("2026-12-07T00:00:00.000000Z"), for the
    ``since``/``until`` of :func:`export_log` and the audit log's pages (the CLI's options and the
    Audit tab's fields, ``option`` naming the one it came from in the refusal)."""
    if text is None:
        return None
    from datetime import timezone

    from consent.operations import parse_time
    from creator.errors import InputError

    try:  # with its microseconds, so that it sorts among the log's times as the time it is
        return parse_time(text.strip(), option).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except Exception:  # noqa: BLE001 - said in the option's words
        raise InputError(f"{option} {text!r} is not a date or time; expected YYYY-MM-DD or e.g. "
                         "2026-12-07T09:30:00Z (UTC)") from None


def export_log(registry: Any, *, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The log (entries recorded at or after ``since`` and before ``until``, else all of it),
    oldest first, with the audit public key and a signed checkpoint of the head."""
    from consent.signing import public_key_pem

    keys = registry.audit_keys
    checkpoint = registry.checkpoint()  # first: the export ends at it, whatever is written meanwhile
    entries, upto = [], checkpoint.seq + 1
    while True:  # newest first, a page at a time, until the rows run out
        found, upto = registry.audit_page(limit=1000, before=upto, checked=False, since=since, until=until,
                                          scanned=True)
        entries += found
        if upto is None:
            break
    entries.reverse()
    return {
        "format": FORMAT,
        "audit_key_id": keys.key_id,
        "audit_public_key": public_key_pem(keys.public_key),
        "checkpoint": checkpoint.to_dict(),
        "since": since, "until": until,
        "entries": [{"seq": e.seq, "at": e.at, "kind": e.kind, "payload_json": e.payload_json,
                     "prev_hash": e.prev_hash, "hash": e.hash, "sig": e.sig} for e in entries],
    }


@dataclass
class ExportCheck(ProofCheck):
    """What :func:`check_export` found (``ok``, each check in words) and how many entries it read."""

    entries: int = 0
    unsigned: int = 0


def check_export(doc: Any) -> ExportCheck:
    """Check an export offline (:func:`export_log`); never raises for a bad document."""
    out = ExportCheck()
    try:
        _check(doc, out)
    except Exception as e:  # noqa: BLE001 - a document that is not an export is a failed check, said
        out.bad(f"the document cannot be read as an export: {type(e).__name__}: {e}"[:300])
    return out


def _check(doc: Any, out: ExportCheck) -> None:
    from consent.audit import GENESIS_HASH, AuditEntry

    keys = document_audit_keys(doc, FORMAT, "an audit export", out)
    if keys is None:
        return
    cp = keys.parse_anchor(doc["checkpoint"], "the export's checkpoint")
    if not keys.anchor_valid(cp):
        out.bad("the checkpoint is not signed by the audit key")
        return
    whole = not doc.get("since") and not doc.get("until")
    prev_hash, prev_seq = None, None
    for d in doc["entries"]:
        e = AuditEntry(int(d["seq"]), str(d["at"]), str(d["kind"]), str(d["payload_json"]), str(d["prev_hash"]),
                       str(d["hash"]), d.get("sig"))
        if not e.content_hashes_to_its_hash:
            out.bad(f"entry {e.seq} ({e.kind}) does not hash to its recorded hash: altered")
            return
        if e.sig is None:
            out.unsigned += 1  # before the log was signed: its place in the chain is still checked
        elif not keys.entry_signed(e.hash, e.sig):
            out.bad(f"entry {e.seq} ({e.kind}): its signature does not verify under the audit key")
            return
        if prev_seq is None:
            if whole and (e.seq != 1 or e.prev_hash != GENESIS_HASH):
                out.bad(f"the export starts at entry {e.seq}, not the log's first: entries are missing")
                return
        elif e.seq != prev_seq + 1 or e.prev_hash != prev_hash:
            out.bad(f"entry {e.seq} does not follow entry {prev_seq}: entries were removed, added or reordered")
            return
        prev_hash, prev_seq = e.hash, e.seq
        out.entries += 1
    if prev_seq is not None and (prev_seq > cp.seq or (prev_seq == cp.seq and prev_hash != cp.hash)):
        out.bad(f"the last entry ({prev_seq}) does not match the signed checkpoint (entry {cp.seq})")
        return
    if whole and (prev_seq or 0) != cp.seq:
        out.bad(f"the export ends at entry {prev_seq or 0}, but the signed checkpoint says the log had {cp.seq}")
        return
    first = doc["entries"][0]["seq"] if doc["entries"] else None
    out.good(f"{out.entries} entries" + (f" ({first}–{prev_seq})" if first is not None else "")
                     + ", each hashing to its hash, following the one before it and signed by the audit key"
                     + (f" ({out.unsigned} from before the log was signed)" if out.unsigned else ""))
    out.good(f"checkpoint: the log had {cp.seq} entries at {cp.at} (signed by the audit key)"
                     + ("" if whole else "; this export is the part recorded "
                        + " and ".join(x for x in (f"from {doc['since']}" if doc.get("since") else "",
                                                    f"before {doc['until']}" if doc.get("until") else "") if x)))
