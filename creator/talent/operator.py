"""The operator's side of the talent page, in the studio UI: draft a grant (no private key ever
reaches the studio), get a one-time link and QR code per required signer, and see each
signer's status. ``layout.py`` calls :func:`grant_draft_controls` and :func:`signing_status_section`.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import gradio as gr

from consent.drafts import MAX_LINK_TTL, Drafts, SigningLink
from creator.talent import checked_base_url, qr_svg, signing_url
from creator.ui.errors import ui_errors
from creator.ui.forms import blank_to_none, endpoint, split, ticked, whole

#: The longest a signing link may stay valid, in days (the drafts' own limit).
MAX_LINK_DAYS = MAX_LINK_TTL.days

__all__ = ["DraftForm", "draft_grant", "drafts_html", "approvals_html", "grant_draft_controls", "signing_status_section",
           "base_url_of", "import_grant", "import_section"]


@dataclass(frozen=True)
class DraftForm:
    """People & consent → Draft a grant: the terms; the person signs them on the talent page."""

    subject_id: str = ""
    grantee: str = ""
    project: str = ""
    description: str = ""
    purposes: list[str] | None = None
    operations: list[str] | None = None
    media: list[str] | None = None
    territories: str = ""
    valid_from: str = ""
    valid_until: str = ""
    restrictions: list[str] | None = None
    usage_cap: float | None = None
    compensation_ref: str = ""
    evidence_kind: str = "signed_release"
    evidence_file: str | None = None
    link_days: float | None = 7
    approve_each_use: bool = False
    ledger_thumbnails: bool = False


def base_url_of(request: Any) -> str:
    """How people reach this studio: CONSENT_STUDIO_TALENT_ORIGIN, else the operator's own address."""
    env = os.environ.get("CONSENT_STUDIO_TALENT_ORIGIN", "").strip()
    if env:
        return checked_base_url(env)
    headers = getattr(request, "headers", None) or {}
    host = headers.get("host") or "localhost"
    scheme = headers.get("x-forwarded-proto") or "http"
    name, port = _split_host(host)
    if _ip(name) is not None and _ip(name).is_loopback:
        # passkeys refuse an IP address as the site ("This is an invalid domain"): the same machine
        # by name (a link made from the http://127.0.0.1:PORT that a local studio opens on)
        host = f"localhost{port}"
    return f"{scheme}://{host}"


def _split_host(host: str) -> tuple[str, str]:
    """A Host header's name and its ":port" ("" when none); IPv6 in brackets keeps them."""
    if host.startswith("["):
        end = host.find("]")
        return (host[1:end], host[end + 1:]) if end > 0 else (host, "")
    name, sep, port = host.rpartition(":")
    return (name, sep + port) if sep and port.isdigit() else (host, "")


def _ip(name: str) -> Any:
    import ipaddress

    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def _address_warning(base: str) -> str:
    """A warning for links whose address is an IP address: passkeys need a name (localhost, or
    the studio's domain), so the signer could pass the camera check and then not sign."""
    from urllib.parse import urlsplit

    name = urlsplit(base).hostname or ""
    if _ip(name) is None:
        return ""
    return ("<p role='alert'><strong>These links will not work:</strong> their address is an IP address "
            f"({html.escape(name)}), and passkeys need a name. Open the studio by its name, or set "
            "CONSENT_STUDIO_TALENT_ORIGIN (for example https://studio.example.com), and draft the links again.</p>")


def _links_html(base: str, links: list[SigningLink]) -> str:
    out = ["<div id='signing-links'>" + _address_warning(base) + "<p><strong>Send each signer their own link</strong> (it works once and expires "
           f"{html.escape(links[0].expires_at.strftime('%Y-%m-%d %H:%M UTC'))}; it is shown only now).</p>"]
    for ln in links:
        url = signing_url(base, ln.token)
        out.append(f"<figure style='display:inline-block;margin:0 1.5rem 1rem 0;vertical-align:top'>"
                   f"<figcaption><strong>{html.escape(ln.role)}</strong>: <a href='{html.escape(url)}' "
                   f"data-role='{html.escape(ln.role)}'>{html.escape(url)}</a></figcaption>{qr_svg(url)}</figure>")
    out.append("</div>")
    return "".join(out)


_CAMERA = {"required": "needed before the first signature", "not_possible": "none (no face photos enrolled)",
           "not_applicable": "not applicable"}


def _camera(drafts: Drafts, v: Any, policy: dict[str, str]) -> str:
    from consent.drafts import presence_evidence

    if presence_evidence(v.grant) is not None:
        return "passed"
    sid = v.grant.subject_id
    if sid not in policy:
        try:
            policy[sid] = drafts.presence_policy(sid)
        except Exception:  # noqa: BLE001 - a deleted subject: the row still shows
            policy[sid] = "not_applicable"
    return _CAMERA.get(policy[sid], policy[sid]) if v.status == "pending" else "none"


def _prompt_of(summary: Any) -> str:
    req = summary.get("request") if isinstance(summary, dict) else None
    if not isinstance(req, dict):
        return "(not kept: filed before prompts were)"
    prompt = str(req.get("prompt") or "(none)")
    return prompt if len(prompt) <= 120 else prompt[:119] + "…"


def approvals_html(registry: Any) -> str:
    """Requests under approve-each-use grants that wait for the person (newest first)."""
    from consent.approvals import Approvals

    pending = Approvals(registry).list(status="pending", limit=100)
    if not pending:
        return "<p id='approvals-none'>No request is waiting for a person's approval.</p>"
    rows = "".join(
        f"<tr data-approval='{html.escape(a.id)}'><td><code>{html.escape(a.id)}</code></td><td>{html.escape(a.subject_id)}</td>"
        f"<td><code>{html.escape(a.grant_id)}</code></td><td>{html.escape(str(a.summary.get('grantee', '')))}</td>"
        f"<td>{html.escape(_prompt_of(a.summary))}</td>"
        f"<td>{html.escape(a.requested_by)}</td><td>{html.escape(a.requested_at[:16].replace('T', ' '))}</td></tr>"
        for a in pending)
    return ("<table id='approval-table'><caption>Waiting for the person's approval (they approve on their consent "
            "page)</caption><thead><tr><th>Approval</th><th>Subject</th><th>Grant</th><th>Grantee</th><th>Prompt</th>"
            "<th>Requested by</th><th>Asked (UTC)</th></tr></thead><tbody>" + rows + "</tbody></table>")


def drafts_html(drafts: Drafts, now: datetime | None = None) -> str:
    """Every draft with each signer's status (pending / signed / declined / expired), its camera
    check, and the requests waiting for a person's approval."""
    now = now or datetime.now(timezone.utc)
    views = list(reversed(drafts.list()))[:100]
    waiting = approvals_html(drafts.registry)
    if not views:
        return "<p>No grant drafts yet.</p>" + waiting
    rows = []
    policy: dict[str, str] = {}
    for v in views:
        # (an operator's walkthrough, session 67) how long a pending link still works, and who
        # signed with which key (the id a withdrawal needs)
        signers = "; ".join(f"{s.role}: {v.signer_status(s, now)}"
                            + (f", link until {s.expires_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
                               if v.signer_status(s, now) == "pending" else "")
                            + (f", key {html.escape(s.key_id)}" if s.key_id else "")
                            + (f" ({html.escape(s.reason)})" if s.reason else "")
                            for s in v.signers)
        rows.append(f"<tr><td><code>{html.escape(v.id)}</code></td><td>{html.escape(v.grant.subject_id)}</td>"
                    f"<td>{html.escape(v.grant.grantee)}</td><td data-draft-status='{html.escape(v.status)}'>"
                    f"{html.escape(v.status)}</td><td>{signers}</td><td>{html.escape(_camera(drafts, v, policy))}</td>"
                    f"<td>{html.escape(v.created_by)}</td></tr>")
    return ("<table id='draft-table'><thead><tr><th>Draft / grant id</th><th>Subject</th><th>Grantee</th><th>Status</th>"
            "<th>Signers</th><th>Camera check</th><th>Drafted by</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>" + waiting)


@ui_errors
def draft_grant(h: Any, form: DraftForm, request: gr.Request) -> tuple[str, str, str]:
    """Validate the terms as a grant draft and make one link (+ QR) per required signer."""
    from consent.operations import evidence_from_file
    from creator.errors import InputError

    operator = h._require_operator(request, "drafting a grant")
    if not form.evidence_file:
        raise InputError("`evidence` file is required (signed release, consent video, ...); only its sha256 is kept")
    # a lifetime of 0 days was read as a blank box, 7 days (red team of session 57)
    days = whole(form.link_days, "link lifetime", default=7)
    if not 1 <= days <= MAX_LINK_DAYS:
        raise InputError(f"`link lifetime` must be 1 to {MAX_LINK_DAYS} days; got {days}")
    fields = {
        "subject_id": form.subject_id or "", "grantee": form.grantee or "", "project": form.project or "",
        "description": form.description or "", "purposes": list(form.purposes or ()),
        "operations": list(form.operations or ()), "media": list(form.media or ()),
        "territories": list(split(form.territories)), "valid_from": form.valid_from or None,
        "valid_until": form.valid_until or "", "content_restrictions": list(form.restrictions or ()),
        "usage_cap": whole(form.usage_cap, "usage cap") or None,  # the field says "0: none"
        "compensation_ref": blank_to_none(form.compensation_ref),
        "evidence": [evidence_from_file(form.evidence_kind, form.evidence_file)],
        "approve_each_use": ticked(form.approve_each_use, "the person approves each use"),
        "ledger_thumbnails": ticked(form.ledger_thumbnails, "labelled thumbnails in the person's ledger"),
    }
    d = Drafts(h.ops)
    view, links = d.create(fields, created_by=f"ui:{operator}", link_ttl=timedelta(days=days))
    msg = (f"Draft **{view.id}** for **{view.grant.subject_id}** → {view.grant.grantee}: waiting for "
           f"{', '.join(ln.role for ln in links)}. It becomes a grant when every signer has accepted.")
    base = base_url_of(request)
    first = d.first_use_signers(view)
    warning = ("<p role='alert' data-first-use><strong>Before you send:</strong> "
               + html.escape(Drafts.first_use_warning(first, base.rstrip("/") + "/talent/enroll")) + ".</p>") if first else ""
    return msg, warning + _links_html(base, links), drafts_html(d)


def grant_draft_controls() -> tuple[Any, Any, Any]:
    """The link lifetime, the Draft button and the links area (inside the grant accordion)."""
    with gr.Row():
        approve = gr.Checkbox(label="The person approves each use", elem_id="grant-approve-each-use",
                              info="every request under this grant waits until they approve it on their page")
        thumbs = gr.Checkbox(label="Show labelled thumbnails in the person's ledger", elem_id="grant-ledger-thumbnails")
    link_days = gr.Number(7, label="Signing links valid for (days)", precision=0, minimum=1, maximum=MAX_LINK_DAYS)
    btn = gr.Button("Draft grant and make signing links", variant="primary", elem_id="draft-grant")
    btn._talent_terms = (approve, thumbs)  # wire_draft adds them after the layout's inputs
    links = gr.HTML(elem_id="draft-links")
    return link_days, btn, links


@ui_errors
def withdraw_draft(h: Any, draft: str, why: str, request: gr.Request) -> tuple[str, str]:
    """Withdraw a pending grant draft (:meth:`consent.drafts.Drafts.withdraw`): operators only."""
    from creator.errors import InputError

    operator = h._require_operator(request, "withdrawing a grant draft")
    if not (draft or "").strip():
        raise InputError("`draft id` is required; copy it from the signing status table")
    d = Drafts(h.ops)
    view = d.withdraw(draft.strip(), by=f"ui:{operator}", reason=why or "")
    kept = "".join(f"\n\n**Note:** {note}." for note in Drafts.bound_by_signers(view))
    return (f"Draft **{view.id}** for **{view.grant.subject_id}** withdrawn by {operator}: its signing links no "
            f"longer work.{kept}"), drafts_html(d)


def signing_status_section(h: Any) -> tuple[Any, Any]:
    """An accordion with each draft's signing status per signer, a refresh button, and a form
    that withdraws a pending draft (its links stop working)."""
    with gr.Accordion("Signing status (grants sent to people)", open=False):
        table = gr.HTML(elem_id="draft-status")
        btn = gr.Button("Refresh signing status")
        gr.Markdown("**Withdraw a pending draft** (a link sent to the wrong person, terms that no longer fit): its "
                    "signing links stop working. An issued grant is revoked instead.")
        with gr.Row():
            draft_id = gr.Textbox(label="Draft id", elem_id="withdraw-draft-id")
            reason = gr.Textbox(label="Why (kept in the audit log; 10 characters at least)",
                                elem_id="withdraw-draft-reason")
        withdraw = gr.Button("Withdraw draft", variant="stop", elem_id="withdraw-draft")
        withdrawn = gr.Markdown(elem_id="withdraw-draft-status")

    @ui_errors
    def refresh(request: gr.Request) -> str:
        h._require_operator(request, "viewing grant drafts")
        return drafts_html(Drafts(h.ops))

    def on_withdraw(draft: str, why: str, request: gr.Request) -> tuple[str, str]:
        return withdraw_draft(h, draft, why, request)

    btn.click(refresh, None, table, api_name="draft_status")
    withdraw.click(on_withdraw, [draft_id, reason], [withdrawn, table], api_name="withdraw_draft")
    return table, btn


def wire_draft(h: Any, btn: Any, inputs: list[Any], status: Any, links: Any, table: Any) -> None:
    """Draft button → :func:`draft_grant` (one named API parameter per form field)."""

    @ui_errors
    def handler(form: DraftForm, request: gr.Request):
        return draft_grant(h, form, request)

    btn.click(endpoint(DraftForm, handler), [*inputs, *getattr(btn, "_talent_terms", ())], [status, links, table],
              api_name="draft_grant")


@ui_errors
def import_grant(h: Any, text: str, file: str | None, request: gr.Request) -> tuple[str, str]:
    """Store a grant signed elsewhere (JSON: grant + signatures): verified and trusted like any
    other; the studio never holds the signer's private key."""
    from pathlib import Path

    from creator.errors import InputError

    h._require_operator(request, "importing a grant")
    raw = (text or "").strip()
    if file:
        from consent.input_files import read_regular_file

        try:  # a regular file under 1 MB, checked on the open file
            raw = read_regular_file(Path(file), "`grant file`", 1_000_000, error=InputError).decode(
                "utf-8", errors="replace").strip()
        except OSError as e:
            raise InputError(f"`grant file`: cannot read it ({e.strerror or e})") from None
    if not raw:
        raise InputError("`signed grant` is empty; expected the JSON of a grant and its signatures, "
                         "signed with the signers' own keys elsewhere")
    stored = h.ops.import_grant(raw)  # verified + trusted like any grant; audited as this operator
    g = stored.grant
    return (f"Imported grant **{g.id}** for **{g.subject_id}** → {g.grantee}, signed by "
            f"{', '.join(f'{s.role} ({s.key_id})' for s in stored.signatures)}."), drafts_html(Drafts(h.ops))


def import_section(h: Any, table: Any) -> None:
    """People & consent → Import a grant signed elsewhere (JSON + signatures; no private key)."""
    with gr.Accordion("Import a grant signed elsewhere", open=False):
        gr.Markdown("Paste or upload the signed grant (the grant's JSON and every signature). The signatures are "
                    "checked against the keys registered for the person; no private key is ever uploaded.")
        text = gr.Textbox(label="Signed grant (JSON)", lines=4, elem_id="import-grant-json")
        file = gr.File(label="…or a signed grant file (.json)", type="filepath", file_types=[".json"], height=100,
                       elem_id="import-grant-file")
        btn = gr.Button("Import signed grant", elem_id="import-grant")
        status = gr.Markdown(elem_id="import-status")

    @ui_errors
    def handler(text: str, file: str | None, request: gr.Request):
        return import_grant(h, text, file, request)

    btn.click(handler, [text, file], [status, table], api_name="import_grant")


@ui_errors
def confirm_passkey(h: Any, subject_id: str, role: str, code: str, request: gr.Request) -> str:
    """Bind the passkey a person created on /talent/enroll to a subject, after checking them in person."""
    from creator.errors import InputError
    from creator.talent.app import enrollments

    operator = h._require_operator(request, "confirming a passkey")
    if not (subject_id or "").strip():
        raise InputError("`subject` is required; pick the person whose passkey you confirm")
    drafts = Drafts(h.ops)
    drafts.check_passkey_binding(subject_id.strip(), role or "self")  # before the code is used up (red team 68)
    found = enrollments(h.ops.registry).take(code)
    if found is None:
        raise InputError(f"`code` {code!r} matches no passkey waiting for confirmation; expected the code the person's "
                         "page shows (it lasts 15 minutes and works once)")
    passkey, rp_id = found
    rec = drafts.enroll_passkey(subject_id.strip(), role or "self", passkey, rp_id=rp_id,
                                       confirmed_by=f"ui:{operator}")
    return (f"Passkey {rec.key_id} is now bound to **{rec.subject_id}** (signs as {rec.role}); confirmed by "
            f"{operator}. Signing links for this role now need this passkey.")


@ui_errors
def withdraw_passkey(h: Any, subject_id: str, key_id: str, why: str, request: gr.Request) -> str:
    """Withdraw a passkey bound for a person (:meth:`consent.drafts.Drafts.withdraw_passkey`):
    operators only. Added in session 67: a key could only be added, never taken off."""
    from creator.errors import InputError

    operator = h._require_operator(request, "withdrawing a passkey")
    if not (subject_id or "").strip() or not (key_id or "").strip():
        raise InputError("`subject id` and `key id` are required; the key id is in the signing status table "
                         "(who signed with which key) or the person's keys on record")
    rec = Drafts(h.ops).withdraw_passkey(subject_id.strip(), key_id.strip(), by=f"ui:{operator}", reason=why or "")
    stopped = [v.grant.id for v in h.ops.grant_views(rec.subject_id) if v.stopped]
    return (f"Passkey {rec.key_id} of **{rec.subject_id}** (signed as {rec.role}) withdrawn by {operator}: it signs "
            "and opens nothing any more, and it is never bound again."
            + (f" Grants that allow nothing now: {', '.join(stopped)}." if stopped else "")
            + " Their next signing link binds whichever passkey opens it first: hand it over in person.")


def enrollment_section(h: Any) -> None:
    """People & consent → Confirm a person's passkey (they create it at /talent/enroll)."""
    with gr.Accordion("Confirm a person's passkey (in person)", open=False):
        gr.Markdown("Ask the person to open **/talent/enroll** on their phone and create a passkey; check who they "
                    "are (ID); then enter the code their page shows. Their links can then only be signed with it.")
        with gr.Row():
            subject = gr.Textbox(label="Subject id (passkey)", elem_id="enroll-subject")
            role = gr.Dropdown(["self", "guardian", "estate", "agent"], value="self", label="Signs as")
            code = gr.Textbox(label="Code shown on their page", elem_id="enroll-code")
        btn = gr.Button("Confirm passkey", elem_id="enroll-confirm")
        status = gr.Markdown(elem_id="enroll-confirm-status")

    def handler(subject_id: str, role: str, code: str, request: gr.Request):
        return confirm_passkey(h, subject_id, role, code, request)

    btn.click(handler, [subject, role, code], status, api_name="confirm_passkey")

    with gr.Accordion("Withdraw a passkey", open=False):
        gr.Markdown("A signing link that reached the wrong person, who signed; a lost or stolen device: the passkey "
                    "then signs and opens nothing, and every grant it signed allows nothing until the person signs "
                    "again.")
        with gr.Row():
            w_subject = gr.Textbox(label="Subject id", elem_id="withdraw-passkey-subject")
            w_key = gr.Textbox(label="Key id (from the signing status)", elem_id="withdraw-passkey-key")
            w_why = gr.Textbox(label="Why (kept in the audit log; 10 characters at least)",
                               elem_id="withdraw-passkey-reason")
        w_btn = gr.Button("Withdraw passkey", variant="stop", elem_id="withdraw-passkey")
        w_status = gr.Markdown(elem_id="withdraw-passkey-status")

    def on_withdraw(subject_id: str, key_id: str, why: str, request: gr.Request) -> str:
        return withdraw_passkey(h, subject_id, key_id, why, request)

    w_btn.click(on_withdraw, [w_subject, w_key, w_why], w_status, api_name="withdraw_passkey")
