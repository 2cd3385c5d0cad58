"""What the studio's pages show: decisions, verification reports and tables, as text.

Pure functions of the library's result objects; no I/O, no Gradio.
"""

from __future__ import annotations

import json
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


def report_for(d: dict[str, Any], file_name: str, *, viewer: str, operator: bool) -> dict[str, Any]:
    """A verification report as one viewer may see it: no server path or file name ever; the
    record, decision, grants and recovered original of an output only for its maker and operators."""
    d = {"file": file_name, **{k: v for k, v in d.items() if k != "path"}}
    record = d.get("record")
    recovered = d.get("recovered")
    owner = (record or {}).get("owner") or ((recovered or {}).get("record") or {}).get("owner")
    own = operator or (owner is not None and owner == viewer)
    if record:
        d["record"] = {k: v for k, v in record.items() if k != "path"} if own else {"made_here": True}
    if recovered:
        if own:
            rec = {k: v for k, v in recovered.items() if k != "path"}
            rec["record"] = {k: v for k, v in (rec.get("record") or {}).items() if k != "path"}
            d["recovered"] = rec
        else:
            d["recovered"] = {"ok": recovered.get("ok"), "verdict": recovered.get("verdict")}
    if not own and (record or recovered):
        d["grants"] = [{"status": g["status"], "ok": g["ok"]} for g in d.get("grants") or ()]
        d["reasons"] = [("a copy of an output of this studio; its details are shown to its maker and to operators"
                         if r.startswith("credentials recovered via") else r) for r in d.get("reasons") or ()]
        if isinstance(d.get("consent"), dict):
            c = dict(d["consent"])
            c.pop("decision_id", None)
            c["likenesses"] = [{"kind": e.get("kind"), "depicted": e.get("depicted", True)} for e in c.get("likenesses") or ()]
            d["consent"] = c
    return d


def verify_markdown(name: str, d: dict[str, Any]) -> str:
    """A short human summary of a verification report (as :func:`report_for` shaped it)."""
    verdict = d.get("verdict") or ("OK" if d["ok"] else "FAIL")
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
        if "grant_id" in g:
            lines.append(f"- **Grant** `{g['grant_id']}` now: {g['status']} — {md_escape(g['message'])}")
        else:
            lines.append(f"- **Grant** now: {g['status']}")
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
        rid = ((recovered.get("record") or {}).get("sha256") or "")[:16]
        lines.append(f"- **Recovered original:** {('output `' + rid + '…` — ') if rid else ''}"
                     f"{'OK (Trusted)' if recovered.get('ok') else 'FAIL'}"
                     + (f"; consent purpose {(recovered.get('consent') or {}).get('purpose', '—')}" if recovered.get("consent") else ""))
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
