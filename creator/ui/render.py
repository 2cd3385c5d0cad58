"""What the studio's pages show: decisions, verification reports and tables, as text.

Pure functions of the library's result objects; no I/O, no Gradio.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["md_escape", "decision_markdown", "verify_markdown", "subject_rows", "grant_rows", "audit_rows",
           "SUBJECT_HEADERS", "GRANT_HEADERS", "AUDIT_HEADERS"]

SUBJECT_HEADERS = ["id", "name", "aliases", "kind", "minor", "opt-out", "keys"]
GRANT_HEADERS = ["grant", "subject", "grantee", "project", "purposes", "valid", "status", "usage"]
AUDIT_HEADERS = ["seq", "at", "kind", "summary", "hash"]


def md_escape(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def decision_markdown(decision: Any, *, note: str | None = None) -> str:
    """Every finding, grouped by subject, with the grant used or why not (``note``: a bold line under the heading)."""
    d = decision.to_dict()
    head = "### Allowed" if d["allowed"] else "### Denied"
    lines = [head] + ([f"**{note}**", ""] if note else []) + [f"Decision `{d['decision_id']}` at {d['decided_at']}"]
    if not d["allowed"]:
        lines.append("")
        lines.append("**Reasons:**")
        lines.extend(f"- {r}" for r in decision.reasons())
    used = {g["subject_id"]: g for g in d["grants_used"]}
    lines += ["", "| subject | check | result | grant | details |", "|---|---|---|---|---|"]
    for f in d["findings"]:
        lines.append(
            f"| {md_escape(f.get('subject_id') or f.get('likeness') or '—')} | {f['check']} "
            f"| {'pass' if f['passed'] else '**fail**'} | {md_escape(f.get('grant_id') or '—')} | {md_escape(f['message'])} |"
        )
    if used:
        lines += ["", "**Grants used:** " + ", ".join(f"`{g['grant_id']}` for {g['subject_id']} (sha256 {g['sha256'][:12]}…)" for g in used.values())]
    return "\n".join(lines)


def _term(uri: str | None) -> str:
    """An IPTC digital source type URI as its term, linked: ``[trainedAlgorithmicMedia](http://cv.iptc.org/…)``."""
    if not uri:
        return "—"
    return f"[{md_escape(uri.rstrip('/').rsplit('/', 1)[-1])}]({uri})"


def verify_markdown(name: str, report: Any) -> str:
    """A short human summary of a :class:`creator.verify.VerificationReport`."""
    d = report.to_dict()
    verdict = "OK" if d["ok"] else "FAIL"
    lines = [f"#### {verdict}: {name}", f"- **C2PA:** {d['c2pa_state']}" + (f" (signed by {d['signer']})" if d.get("signer") else "")]
    dst = d.get("digital_source_type") or {}
    manifest_dst, xmp_dst = dst.get("manifest"), dst.get("xmp")
    if manifest_dst and manifest_dst == xmp_dst:
        lines.append(f"- **Digital source type:** {_term(manifest_dst)} (manifest and XMP agree)")
    else:
        lines.append(f"- **Digital source type:** manifest {_term(manifest_dst)}, XMP {_term(xmp_dst)}")
    if d.get("ai_system"):
        lines.append(f"- **AI system:** {md_escape(d['ai_system'])}")
    consent = d.get("consent") or {}
    if consent:
        personas = consent.get("fictional_personas") or []
        lines.append(
            f"- **Consent assertion:** purpose {consent.get('purpose', '—')}, {len(consent.get('likenesses') or [])} likeness(es)"
            + (f", {len(personas)} fictional persona(s)" if personas else "")
        )
    for g in d.get("grants") or ():
        lines.append(f"- **Grant** `{g['grant_id']}` now: {g['status']} — {md_escape(g['message'])}")
    signed_wm, read_wm = d.get("watermark_payload"), d.get("watermark_read")
    if read_wm and signed_wm and read_wm == signed_wm:
        wm = f"{read_wm} (in the pixels, matches the manifest's soft binding)"
    elif read_wm:
        wm = f"{read_wm} read from the pixels" + (f"; manifest says {signed_wm}" if signed_wm else "")
    else:
        wm = f"none in the pixels; manifest says {signed_wm}" if signed_wm else "none found"
    lines.append(f"- **Watermark:** {md_escape(wm)}")
    recovered = d.get("recovered")
    if recovered:
        lines.append(f"- **Recovered original:** `{Path(recovered['path']).name}` — "
                     f"{'OK (Trusted)' if recovered['ok'] else 'FAIL'}; consent purpose "
                     f"{(recovered.get('consent') or {}).get('purpose', '—')}")
    lines.extend(f"- **Problem:** {md_escape(r)}" for r in d.get("reasons") or ())
    return "\n".join(lines)


def subject_rows(subjects: list[Any]) -> list[list[Any]]:
    return [[s.id, s.display_name, ", ".join(s.aliases), s.kind.value, s.minor, s.opt_out, ", ".join(s.key_ids)]
            for s in subjects]


def grant_rows(views: list[Any]) -> list[list[Any]]:
    """Rows of the grants table from :class:`consent.operations.GrantView` objects."""
    rows = []
    for v in views:
        g = v.grant
        rev = v.stored.revocation
        status = (f"revoked {rev.revoked_at:%Y-%m-%d %H:%M}Z: {rev.reason}" if v.status.value == "revoked"
                  else v.status.value.replace("_", " "))
        rows.append([g.id, g.subject_id, g.grantee, g.project, ", ".join(map(str, g.purposes)),
                     f"{g.valid_from:%Y-%m-%d} → {g.valid_until:%Y-%m-%d}", status, v.usage])
    return rows


def _short(value: Any, limit: int = 48) -> str:
    s = value if isinstance(value, str) else json.dumps(value, default=str)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def audit_rows(entries: list[Any]) -> list[list[Any]]:
    rows = []
    for e in entries:
        summary = ", ".join(f"{k}={_short(v)}" for k, v in list(e.payload.items())[:6])
        rows.append([e.seq, e.at, e.kind, summary, e.hash[:16]])
    return rows
