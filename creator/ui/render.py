"""What the studio's pages show: decisions, verification reports and tables, as text.

Pure functions of the library's result objects; no I/O, no Gradio.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["md_escape", "decision_markdown", "denial_notice", "problems", "Problem", "FieldWords", "PAGE_WORDS",
           "face_marks", "FaceMark",
           "verify_verdict", "Verdict", "verify_html", "verify_markdown", "subject_rows", "grant_rows", "audit_rows",
           "SUBJECT_HEADERS", "GRANT_HEADERS", "AUDIT_HEADERS"]

SUBJECT_HEADERS = ["id", "name", "aliases", "kind", "minor", "opt-out", "keys", "faces", "grants"]
GRANT_HEADERS = ["grant", "subject", "grantee", "project", "purposes", "valid", "status", "usage"]
AUDIT_HEADERS = ["seq", "at", "kind", "summary", "hash"]
#: the kinds the Audit tab's filter offers (any other can be typed)
AUDIT_KINDS = ["decision", "generation", "failure", "grant_issued", "grant_revoked", "subject_added", "subject_updated",
               "subject_deleted", "subjects_merged", "opt_out_set", "face_template_enrolled", "draft_created",
               "draft_signed", "draft_declined", "draft_withdrawn", "draft_completed", "draft_presence_failed",
               "passkey_bound", "passkey_disputed", "passkey_withdrawn", "use_approval_decided", "request_filed",
               "request_answered", "name_exception_added", "model_registered", "model_removed", "job_submitted",
               "job_finished", "signed_in", "login_failed", "account_added", "account_removed",
               "account_password_changed", "c2pa_rotated"]


def md_escape(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


_OPERATION_WORDS = {
    "likeness_generation": "making new images of the person (text to image)",
    "footage_edit": "editing an existing image or footage of them (image to image, inpaint)",
    "face_replacement": "replacing a face",
}
_ASK = {"grant": "request a grant", "exception": "request a name exception"}
_FACE_AT = re.compile(r"^(?P<image>[\w\[\]]+) face at \((?P<x>-?\d+), (?P<y>-?\d+), (?P<w>\d+), (?P<h>\d+)\)")
_PROMPT_AT = re.compile(r'^prompt chars \d+-\d+ "(?P<text>.*)"$')
_LIST = re.compile(r"\[([^\]]*)\]")


def _h(text: Any) -> str:
    """HTML-escaped text (every value that reaches the page's HTML goes through this)."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Problem:
    """One failing finding in plain words: who, what is wrong, and the next step a person can take."""

    who: str
    what: str
    next_step: str
    ask: str | None = None          # "grant" | "exception": the request an operator can answer
    ask_about: str | None = None    # the name or subject id the request is about
    face: int | None = None         # the number drawn on the uploaded image


@dataclass(frozen=True)
class FieldWords:
    """How a next step (:func:`problems`) names the request's fields, each with its preposition:
    the studio page's labels by default (:data:`PAGE_WORDS`); the CLI passes its options."""

    subjects: str = "under Subjects depicted"           # where a person depicted is named
    subject_spelling: str = "in “Subjects depicted”"    # where a subject's id was typed
    project: str = "under Project"                      # where the grant's project is entered
    text_to_image: str = "Text to image"                # the mode that makes new images


PAGE_WORDS = FieldWords()


@dataclass(frozen=True)
class FaceMark:
    """A face box the decision names (in the pixels of ``image``), numbered as in the reasons."""

    number: int
    image: str
    box: tuple[int, int, int, int]
    kind: str  # unknown | ambiguous


def _findings(decision: Any, operator: bool) -> list[Any]:
    """The findings one viewer may see: all of them for an operator; for anyone else, a face the
    studio recognised as a registered person the request did not name is a face, not a person,
    and a named id that opted out or is nobody reads as one without a grant
    (:func:`consent.policy.creator_findings`)."""
    if operator:
        return list(decision.findings)
    d = decision.to_dict()
    from consent.policy import Finding, creator_findings

    keys = ("check", "passed", "message", "subject_id", "grant_id", "field", "likeness")
    return [Finding(**{k: f.get(k) for k in keys}) for f in creator_findings(d)]


def face_marks(decision: Any, *, operator: bool = False) -> list[FaceMark]:
    """The face boxes a decision carries (its unknown and ambiguous faces, and registered people
    it recognised but the request did not name), numbered 1, 2, …"""
    marks: list[FaceMark] = []
    for f in _findings(decision, operator):
        m = _FACE_AT.match(f.likeness or "") if not f.passed else None
        if m:
            marks.append(FaceMark(len(marks) + 1, m["image"], (int(m["x"]), int(m["y"]), int(m["w"]), int(m["h"])), f.check))
    return marks


def _allowed_list(message: str) -> str:
    found = _LIST.findall(message)
    if not found:
        return ""
    values = [v.strip().strip("'") for v in found[-1].split(",") if v.strip()]
    return ", ".join(v.replace("_", " ") for v in values) or "nothing"


def _grant_problem(f: Any, ctx: dict[str, Any], words: FieldWords) -> tuple[str, str]:
    """(what is wrong, next step) for a failing check of a grant."""
    grant = f"the grant {f.grant_id}" if f.grant_id else "the grant"
    msg = f.message
    c = f.check
    if c == "current":
        state = ("has been revoked" if "revoked" in msg else "has expired" if "expired" in msg
                 else "is not valid yet" if "not yet valid" in msg else "is not in force")
        return f"{grant} {state}.", "Ask an operator for a new grant."
    if c == "scope:grantee":
        return (f"{grant} was given to someone else, not to {ctx.get('grantee')}.",
                "Ask an operator for a grant in your name.")
    if c == "scope:purpose":
        return (f"{grant} does not cover the purpose “{str(ctx.get('purpose')).replace('_', ' ')}” "
                f"(it covers: {_allowed_list(msg)}).",
                "Choose a purpose the grant covers, or ask an operator for a grant that includes this one.")
    if c == "scope:operation":
        op = str(ctx.get("operation"))
        if "is not found in the source image" in msg:  # consent.policy: an edit of a picture they are not in
            return (f"their face is not in the source image, so this edit makes new images of them, "
                    f"which {grant} does not allow "
                    f"(it allows: {_allowed_list(msg.split(' (subject ', 1)[0])}).",
                    "Use a source image in which they appear, or ask an operator for a grant that includes "
                    "new images of them.")
        return (f"this request means {_OPERATION_WORDS.get(op, op)}, which {grant} does not allow "
                f"(it allows: {_allowed_list(msg)}).",
                f"Use {words.text_to_image}, or ask an operator for a grant that includes footage editing."
                if op == "footage_edit" else "Ask an operator for a grant that allows this.")
    if c == "scope:media":
        return f"{grant} does not cover this medium (it covers: {_allowed_list(msg)}).", "Pick a covered medium, or ask for a wider grant."
    if c == "scope:territory":
        return (f"{grant} does not cover the territory {ctx.get('territory')} (it covers: {_allowed_list(msg)}).",
                "Pick a covered territory, or ask for a wider grant.")
    if c == "scope:project" and "names no project" in msg:
        project = msg.rsplit("expected project ", 1)[-1]
        return (f"{grant} is for the project {project}, and this request names no project.",
                f"Enter {project} {words.project}: a grant is for one project.")
    if c == "scope:project":
        named = msg.split(" is not ", 1)[-1] if " is not " in msg else msg.rsplit(" ", 1)[-1]
        return f"{grant} is for another project ({named}).", "Use the grant's project name, or ask for a grant for this project."
    if c == "scope:restriction":
        return f"the prompt asks for content the person excluded ({msg.split(': ', 1)[-1]}).", "Change the prompt."
    if c == "scope:usage_cap":
        return f"{grant} has been used as many times as it allows.", "Ask an operator for a new grant or a higher cap."
    if c == "approval" and "not asked: " in msg and "declined this exact request" in msg:
        return (f"{grant} needs the person's approval for each use, and they declined this exact request: it was not "
                "sent to them again.", "Change the request (a changed prompt or setting is a new request), or talk "
                "to an operator.")
    if c == "approval" and "not asked: " in msg:  # too many of this creator's requests wait already
        return (f"{grant} needs the person's approval for each use, and {msg.split('not asked: ', 1)[1].split('; ', 1)[0]}: "
                "this request was not sent to them.",
                "Wait until they have answered one of your requests waiting on their consent page, then run this "
                "request again.")
    if c == "approval":  # approve-each-use grants (consent.approvals)
        who = msg.split("waiting for ", 1)[-1].split("'s approval", 1)[0] if "waiting for " in msg else "the person"
        return (f"{grant} needs the person's approval for each use: this request is waiting for {who}'s approval.",
                "They approve it on their consent page; then run exactly the same request again (a changed prompt "
                "or setting is a new request that needs its own approval).")
    if c in ("intact", "trusted"):
        return f"{grant} cannot be trusted: its signatures do not check out.", "Ask an operator to re-issue it."
    return f"{grant}: {msg.split(': ', 1)[-1]}.", "Ask an operator to look at this grant."


#: A grant's checks the request itself can meet (another project, purpose, medium, territory,
#: operation or content; the person's approval): a grant failing only these is closer than one
#: revoked, expired, untrusted, made out to someone else or used up, which no request can change.
_REQUEST_CAN_MEET = frozenset({"scope:project", "scope:purpose", "scope:operation", "scope:media",
                               "scope:territory", "scope:restriction", "approval"})


@dataclass(frozen=True)
class GrantMiss:
    """A person's grants when none covers the request: the closest first (the one the request
    could meet with the fewest changes), each with the checks it fails."""

    subject_id: str
    grants: tuple[tuple[str, tuple[str, ...]], ...]  # (grant id, failing checks), closest first

    @property
    def closest(self) -> str:
        return self.grants[0][0]


def grant_misses(findings: Any) -> dict[str, GrantMiss]:
    """For each person with two or more grants of which none covers the request, the grants
    ranked closest first (:class:`GrantMiss`): fewest checks the request cannot meet, then fewest
    failing checks, then the order the decision checked them in. A person with one grant, or
    whose grant covers the request, is not in it (a fresh user's walkthrough, session 65: five
    grants, each failing the same three checks, read as fifteen problems and fifty lines)."""
    failing: dict[str, dict[str, list[str]]] = {}
    for f in findings:
        if f.grant_id and f.subject_id:
            checks = failing.setdefault(f.subject_id, {}).setdefault(f.grant_id, [])
            if not f.passed:
                checks.append(f.check)
    out: dict[str, GrantMiss] = {}
    for sid, grants in failing.items():
        order = list(grants)
        missed = [g for g in order if grants[g]]
        if len(missed) < 2 or len(missed) != len(order):  # one grant, or one that covers it
            continue
        ranked = sorted(missed, key=lambda g: (sum(c not in _REQUEST_CAN_MEET for c in grants[g]),
                                               len(grants[g]), order.index(g)))
        out[sid] = GrantMiss(sid, tuple((g, tuple(grants[g])) for g in ranked))
    return out


def _check_words(check: str) -> str:
    return {"current": "not in force", "intact": "signatures", "trusted": "signers", "approval": "approval",
            "scope:usage_cap": "uses left"}.get(check, check.removeprefix("scope:"))


def problems(decision: Any, *, operator: bool = False, words: FieldWords = PAGE_WORDS) -> list[Problem]:
    """Every failing finding of ``decision`` once, in plain language, with its next step, naming
    the request's fields in ``words`` (the page's labels unless told). A creator (``operator``
    False) is not told who a face they did not name is (see :func:`_findings`)."""
    from consent.policy import PROMPT_NAME_CHECK, RECOGNISED_CHECK

    ctx = decision.context.to_dict()
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    face = 0
    found = _findings(decision, operator)
    # a grant the request named fails one of its checks (territory, purpose, approval …): the face
    # it matches is that person's, and that line says what to change (a walkthrough, session 65:
    # a territory denial was told to name the person and the project, which it had)
    # (``_findings`` shows a creator no grant of a face she did not name: such a line is hers to read)
    grant_line = any(not x.passed and x.grant_id and x.check != "current" for x in found)
    misses = grant_misses(found)
    for f in found:
        if f.passed:
            continue
        miss = misses.get(f.subject_id or "") if f.grant_id else None
        if miss is not None and f.grant_id != miss.closest:
            continue  # one of a person's other grants: counted in the summary line below
        if miss is not None and (f.subject_id, "") not in seen:
            seen.add((f.subject_id, ""))
            others = ", ".join(f"{g} ({', '.join(_check_words(c) for c in checks)})" for g, checks in miss.grants[1:])
            out.append(Problem(f"“{f.subject_id}”",
                               f"has {len(miss.grants)} grants and none covers this request. The closest is the grant "
                               f"{miss.closest} (below); the others differ in: {others}.",
                               f"Change the request as the steps about the grant {miss.closest} below say, or ask an "
                               "operator for a grant that covers this request.", ask="grant", ask_about=f.subject_id))
        where = f.likeness or ""
        fm = _FACE_AT.match(where)
        pm = _PROMPT_AT.match(where)
        if fm:
            face += 1
        if f.check == "ambiguous":
            p = Problem(f"Face {face} in the {fm['image'] if fm else 'image'}" if fm else "A likeness",
                        "looks like more than one registered person, so the studio cannot tell who it is."
                        + (" The same face may be enrolled for two people." if "more than one" in f.message else ""),
                        "Ask an operator to check the enrolled photos of these people; until then, use an image without this face.",
                        ask="grant", ask_about=(fm["image"] + " face") if fm else "", face=face if fm else None)
        elif f.check == RECOGNISED_CHECK and fm:
            named = bool(getattr(decision, "named_by_id", ())) and bool(ctx.get("project"))
            p = Problem(f"Face {face} in the {fm['image']}", "is a registered person who has not consented to this use.",
                        # (user audit) a filmmaker holding the grant could not find the fix: naming the
                        # person and the grant's project is it, and this tells no one who the face is;
                        # (a fresh user's walkthrough, session 63) once both are given, that advice
                        # cannot help: no grant in force covers it (revoked, expired, another project)
                        # (a fresh user's walkthrough, session 64) the grant may be in force and still not
                        # cover what this request does: its operation, purpose, medium or territory
                        ("A grant of a person you named does not cover this request: the line about that grant "
                         "says what to change (its territory, purpose, medium, operation, or the person's approval "
                         "of this use). Otherwise use an image without this face, or ask an operator.") if grant_line else
                        ("The people you named and the project you entered do not cover this face: it is someone "
                         "else, or their grant does not cover this use (revoked, expired, for another project, or not "
                         "for this purpose, operation, medium or territory; a line about a person you named says "
                         "which). Use an image without this face, or ask an operator: they can see who it is and "
                         "what consent is missing.") if named else
                        (f"If you hold a grant for the person in it, name them {words.subjects}"
                         + (f" and check that the project you entered {words.project} is the grant's" if ctx.get("project")
                            else f" and enter the grant's project {words.project}")
                         + "; if that grant was revoked or has expired, ask an "
                         "operator for a new one. Otherwise use an image without this face, or ask an operator: they "
                         "can see who it is and what consent is missing."),
                        ask="grant", ask_about=fm["image"] + " face", face=face)
        elif f.check == "unknown" and fm:
            p = Problem(f"Face {face} in the {fm['image']}", "is not a person registered here, so nobody has consented.",
                        "Use an image without real people's faces, or ask an operator to register this person with their consent.",
                        ask="grant", ask_about=fm["image"] + " face", face=face)
        elif f.check == PROMPT_NAME_CHECK and pm:
            p = Problem(f"The name “{pm['text']}” in the prompt",
                        "looks like a real person's name, and no one of that name has consented to this use here.",
                        "Remove the name from the prompt. If it is not a person (a painting style, a place, a brand), "
                        "ask an operator for a name exception; if it is someone who has agreed, ask an operator "
                        "for their grant.", ask="exception", ask_about=pm["text"])
        elif f.check == "unknown" and pm:
            p = Problem(f"The name “{pm['text']}” in the prompt", "looks like a real person who is not registered here.",
                        "Remove the name from the prompt. If it is not a person (a painting style, a place, a brand), "
                        "ask an operator for a name exception.", ask="exception", ask_about=pm["text"])
        elif f.check == "unknown" and f.subject_id:
            p = Problem(f"Subject “{f.subject_id}”", "is not registered here.",
                        f"Check the spelling {words.subject_spelling}, or ask an operator to register this person.",
                        ask="grant", ask_about=f.subject_id)
        elif f.check == "unknown":
            p = Problem("A likeness" + (f" ({where})" if where else ""), "belongs to nobody registered here.",
                        "Remove it, or ask an operator to register the person with their consent.", ask="grant", ask_about="")
        elif f.check == "opt_out":
            p = Problem(f"“{f.subject_id}”", "has asked never to be generated.", "Remove this person from the request; this cannot be overridden.")
        elif f.check == "no_grant":
            p = Problem(f"“{f.subject_id}”", "has not given consent for this (no grant).",
                        "Ask an operator for a grant from this person.", ask="grant", ask_about=f.subject_id)
        elif f.grant_id:
            what, step = _grant_problem(f, ctx, words)
            p = Problem(f"“{f.subject_id}”", what, step, ask="grant", ask_about=f.subject_id)
        else:
            p = Problem(f"“{f.subject_id}”" if f.subject_id else "This request", f.message.split(": ", 1)[-1] + ".",
                        "Ask an operator.", ask="grant", ask_about=f.subject_id or "")
        key = (p.who, p.what)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _allowed_summary(decision: Any) -> str:
    d = decision
    if d.grants_used:
        who = ", ".join(f"“{g.subject_id}” (grant {g.grant_id})" for g in d.grants_used)
        text = f"Consent is in force for {who}."
    elif d.fictional_personas:
        text = "Only fictional personas are depicted; no grant is needed."
    else:
        text = "No real person is depicted; no grant is needed."
    if d.fictional_personas and d.grants_used:
        text += " Fictional personas: " + ", ".join(d.fictional_personas) + "."
    return text + " Every output will be labelled as AI-generated."


def model_line(engine: str, model: Any) -> str:
    """What "Check consent" says about the model: the one Generate would load, found and unchanged."""
    if model is None:
        return "Model: the built-in GAN (always available)." if engine == "gan" else f"Model: provided by the {engine} engine."
    return f"Model: {model.name} ({model.kind}) is registered and its files are unchanged, ready to generate."


def not_ready_html(message: str) -> str:
    """"Check consent" when the request cannot run at all (its model is missing or changed)."""
    return ('<div class="cs-decision cs-denied" data-verdict="not-ready"><p class="cs-verdict">'
            '<span class="cs-icon" aria-hidden="true">✕</span> <strong>Not ready to generate</strong></p>'
            f"<p>{_h(message)}</p><p>Consent was not checked yet: fix this first.</p></div>")


def decision_markdown(decision: Any, *, note: str | None = None, pictures: dict[str, str] | None = None,
                      ready: str | None = None, operator: bool = False) -> str:
    """The decision, once: a verdict (icon, colour and word), each problem in plain language with
    its next step and a link to ask an operator, the uploaded image with the faces it names boxed
    (``pictures``: image label → data URI made by :mod:`creator.ui.visuals`), and the technical
    findings folded below. One HTML block (no blank lines), so it renders inside gr.Markdown.
    A creator (``operator`` False) sees a registered person the request did not name, found by
    their face, as that face only; operators see every finding."""
    d = decision.to_dict()
    allowed = d["allowed"]
    parts = [f'<div class="cs-decision {"cs-allowed" if allowed else "cs-denied"}" data-verdict="{"allowed" if allowed else "denied"}" '
             f'data-decision="{_h(d["decision_id"])}">',
             f'<p class="cs-verdict"><span class="cs-icon" aria-hidden="true">{"✓" if allowed else "✕"}</span> '
             f'<strong>{"Allowed" if allowed else "Denied"}</strong>'
             + (f' — {_h(note)}' if note else "") + "</p>"]
    if ready:
        parts.append(f'<p class="cs-model">{_h(ready)}</p>')
    if allowed:
        parts.append(f"<p>{_h(_allowed_summary(decision))}</p>")
    else:
        parts.append("<h4>Reasons and what to do</h4><ul class=\"cs-reasons\">")
        for p in problems(decision, operator=operator):
            link = ""
            if p.ask:
                target = f"#ask-operator:{p.ask}:{urllib.parse.quote(p.ask_about or '', safe='')}"
                link = (f' <a class="cs-ask" href="{_h(target)}" data-kind="{_h(p.ask)}" data-subject="{_h(p.ask_about or "")}">'
                        f'{_h(_ASK[p.ask])} from an operator</a>')
            parts.append(f"<li><strong>{_h(p.who)}</strong> {_h(p.what)}"
                         f'<br><span class="cs-next">Next step: {_h(p.next_step)}</span>{link}</li>')
        parts.append("</ul>")
    for label, uri in (pictures or {}).items():
        if uri.startswith("data:image/"):
            parts.append(f'<figure class="cs-faces"><img src="{_h(uri)}" alt="{_h(label)} image with the faces named above boxed and numbered">'
                         f"<figcaption>Faces found in the {_h(label)} image, numbered as above.</figcaption></figure>")
    parts.append("<details><summary>Technical details</summary>"
                 f"<p>Decision <code>{_h(d['decision_id'])}</code> at {_h(d['decided_at'])}</p>"
                 '<div class="cs-scroll"><table><thead><tr><th scope="col">subject</th><th scope="col">check</th>'
                 '<th scope="col">result</th><th scope="col">grant</th><th scope="col">details</th></tr></thead><tbody>')
    for f in (d["findings"] if operator else [x.to_dict() for x in _findings(decision, operator)]):
        parts.append(f"<tr><td>{_h(f.get('subject_id') or f.get('likeness') or '—')}</td><td>{_h(f['check'])}</td>"
                     f"<td>{'pass' if f['passed'] else '<strong>fail</strong>'}</td><td>{_h(f.get('grant_id') or '—')}</td>"
                     f"<td>{_h(f['message'])}</td></tr>")
    parts.append("</tbody></table></div>")
    shown = {f.subject_id for f in _findings(decision, operator)}
    used = [g for g in d["grants_used"] if operator or g.get("subject_id") in shown or g.get("subject_id") not in (d.get("recognised") or {})]
    if used:
        parts.append("<p><strong>Grants used:</strong> " + ", ".join(
            f"<code>{_h(g['grant_id'])}</code> for {_h(g['subject_id'])} (sha256 {_h(g['sha256'][:12])}…)" for g in used) + "</p>")
    parts.append("</details></div>")
    return "".join(parts)


_SHOWN_DENIAL = re.compile(r'<div class="cs-decision cs-denied" data-verdict="denied" data-decision="([^"<>&]{1,64})">')


def shown_denial(decision_html: str | None) -> str:
    """The id of the denial ``decision_html`` (the Generate tab's decision panel, as
    :func:`decision_markdown` rendered it) shows, or "" when it shows none (an allowed decision,
    a request not ready, nothing): what a request to the operators is about."""
    m = _SHOWN_DENIAL.match(decision_html or "")
    return m.group(1) if m else ""


def request_details(rec: Any, decision: Any, famous: str | None = None) -> str:
    """A creator's request and the decision it is about, for the operator answering it (one HTML
    block): the decision's id and time, the prompt shortened (where a job kept it), what was asked
    for and the rule that denied, as the signed log recorded them
    (:meth:`consent.operations.Operations.request_decision`). ``famous``: the known real person an
    exception request's name reads as (approving it needs the famous-name box). Every value escaped."""
    from consent.errors import one_line

    parts = [f'<div class="cs-request"><p><strong>{_h(rec.id)}</strong> from {_h(one_line(rec.requested_by))}: '
             f'{"a name exception" if rec.kind == "exception" else "a grant"} for “{_h(one_line(rec.subject))}”, '
             f'{_h(rec.status)}. Why: “{_h(one_line(rec.message))}”</p>']
    if famous and rec.kind == "exception":
        parts.append(f'<p class="cs-warning" role="alert">“{_h(one_line(rec.subject))}” is, or is one letter from, a known '
                     f'real person\'s name (“{_h(one_line(famous))}”): approving lets every prompt name them with no grant. Approve only if '
                     "the name is meant as something else (a painter named for a style), and tick “Yes, allow a famous "
                     "person's name”.</p>")
    if decision is None:
        parts.append("<p>It names no decision (filed without one).</p>")
    elif not (decision.found and decision.theirs):
        parts.append(f"<p>{_h(decision.line())}</p>")
    else:
        asked = (f"“{_h(one_line(decision.asked))}”" if decision.asked is not None
                 else f"not shown: {_h(one_line(decision.problem))}" if decision.problem
                 else "not kept (a Check consent keeps the request's digest only)")
        outcome = (f"denied by {_h(one_line(decision.denied_by))}" if decision.denied_by
                   else ("allowed" if decision.allowed else "denied"))
        parts.append(f'<dl><dt>About decision</dt><dd><code>{_h(decision.decision_id)}</code> at '
                     f'{_h((decision.decided_at or "")[:19].replace("T", " "))} UTC</dd>'
                     f"<dt>Prompt</dt><dd>{asked}</dd><dt>Asked for</dt><dd>{_h(decision.wants or '')}</dd>"
                     f"<dt>Outcome</dt><dd>{outcome}</dd></dl>")
    return "".join(parts) + "</div>"


def denial_notice(outcome: str, decision: Any, *, operator: bool = False) -> str:
    """The one-line pop-up for a denial; the reasons themselves are shown once, in the decision view."""
    n = len(problems(decision, operator=operator))
    return f"{outcome}: consent denied ({n} reason{'s' if n != 1 else ''}). The decision below says what to do."


def _term(uri: str | None) -> str:
    """An IPTC digital source type URI as its term, linked: ``[trainedAlgorithmicMedia](http://cv.iptc.org/…)``."""
    if not uri:
        return "—"
    return f"[{md_escape(uri.rstrip('/').rsplit('/', 1)[-1])}]({uri})"


def report_for(d: dict[str, Any], file_name: str, *, viewer: str, operator: bool,
               maker: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """A verification report as one viewer may see it: no server path or file name ever; the
    record, decision, grants and recovered original of an output only for its maker and operators.

    Ownership is read from the output record (or the recovered original's): whoever cannot be
    shown to be the maker — every creator, when the file has no record (its manifest changed
    after signing, signed elsewhere, or no manifest at all) — sees the disclosure facts only:
    that it is AI-generated, how many people it depicts and the state of their consent, never
    a grant id, a person's ref, the decision id or why a grant is no longer in force.

    ``maker`` (given by the studio's handlers): whether the viewer's *account* made the output of
    that record (:meth:`creator.auth.User.made`: an account given a removed creator's name is not
    her, red team s60b); without it, the record's owner is compared with ``viewer``."""
    d = {"file": file_name, **{k: v for k, v in d.items() if k != "path"}}
    record = d.get("record")
    recovered = d.get("recovered")
    mine = record if (record or {}).get("owner") else ((recovered or {}).get("record") or {})
    owner = mine.get("owner")
    own = operator or (owner is not None and owner == viewer and (maker is None or maker(mine)))
    if own:
        if record:
            d["record"] = {k: v for k, v in record.items() if k != "path"}
        if recovered:
            rec = {k: v for k, v in recovered.items() if k != "path"}
            rec["record"] = {k: v for k, v in (rec.get("record") or {}).items() if k != "path"}
            d["recovered"] = rec
        return d
    if record:
        d["record"] = {"made_here": True}
    if recovered:
        d["recovered"] = {"ok": recovered.get("ok"), "verdict": recovered.get("verdict")}
    if isinstance(d.get("made_with_consent"), dict):  # the answers, not who made it, when, or under which grant
        d["made_with_consent"] = {k: d["made_with_consent"].get(k) for k in ("copy", "consent_when_made", "consent_now")}
    d["grants"] = [{"status": g.get("status"), "ok": g.get("ok")} for g in d.get("grants") or () if isinstance(g, dict)]
    # A grant's reason can say something about the person (revoked and why, opted out, now a
    # minor): the maker and operators see it; anyone else, the grant's state only.
    d["reasons"] = [("a copy of an output of this studio; its details are shown to its maker and to operators"
                     if str(r).startswith("credentials recovered via") else
                     "a grant it was made under is not in force now; why is shown to its maker and to operators"
                     if str(r).startswith("made under grant") else r) for r in d.get("reasons") or ()]
    if isinstance(d.get("consent"), dict):
        c = dict(d["consent"])
        c.pop("decision_id", None)
        entries = c.get("likenesses") if isinstance(c.get("likenesses"), list) else []
        c["likenesses"] = [{"kind": e.get("kind"), "depicted": e.get("depicted", True)} if isinstance(e, dict) else {}
                           for e in entries]
        d["consent"] = c
    return d


def generation_text(gen: dict[str, Any]) -> str:
    """The signed seed and settings of an output (a report's ``generation``), one line."""
    from creator.disclosure.context import GenerationSettings

    try:
        return GenerationSettings.from_dict(gen).summary
    except Exception:  # noqa: BLE001 - verify already reported a malformed assertion
        return "unreadable"


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
    gen = d.get("generation")
    if isinstance(gen, dict):
        lines.append(f"- **Generation settings (signed):** {md_escape(generation_text(gen))}")
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
    m = d.get("made_with_consent")
    if isinstance(m, dict):
        who = f" by {md_escape(str(m['made_by']))}" if m.get("made_by") else ""
        when = f" on {md_escape(str(m['made_at']))}" if m.get("made_at") else ""
        lines.append(f"- **Made with consent:** {md_escape(str(m.get('consent_when_made')))} (when made{when}{who}); "
                     f"now: {md_escape(str(m.get('consent_now')))}")
    lines.extend(f"- **Problem:** {md_escape(r)}" for r in d.get("reasons") or ())
    return "\n".join(lines)


@dataclass(frozen=True)
class Verdict:
    """What a verification means to a person: ``kind`` (ok | none | copy | revoked | tampered |
    untrusted | unsafe), a short title, an icon (never the only signal) and a plain summary."""

    kind: str
    title: str
    icon: str
    summary: str


_GONE = {"revoked": "revoked", "expired": "expired", "withdrawn": "withdrawn",
         "subject_rules": "ended (the person's circumstances changed)"}


def verify_verdict(d: dict[str, Any]) -> Verdict:
    """Classify a verification report (as :func:`report_for` shaped it) the way the Content
    Credentials site does: no credentials, credentials OK, consent revoked, a copy of an
    original, tampered, not trusted — in words without jargon."""
    state = d.get("c2pa_state") or ""
    reasons = [str(r) for r in d.get("reasons") or ()]
    grants = d.get("grants") or []
    made_by = f" by {d['ai_system']}" if d.get("ai_system") else ""
    if d.get("verdict") == "UNSAFE":
        return Verdict("unsafe", "Checked without the studio's records", "!",
                       "The signature could be read, but without the studio's records nobody can say whether the "
                       "people depicted consented. Verify it in the studio itself.")
    if d.get("ok"):
        return Verdict("ok", "Credentials OK", "✓",
                       f"This image was made with AI{made_by} in this studio, with the consent of everyone it depicts, "
                       "and that consent is still in force. Its label, invisible watermark and signature are intact.")
    if state == "NoManifest":
        rec = d.get("recovered")
        if rec:
            good = rec.get("ok")
            m = d.get("made_with_consent") or {}
            # (a walkthrough, session 65) a lapsed consent is not a broken signature: say which
            lapsed = m.get("consent_when_made") == "yes" and m.get("consent_now") == "not in force"
            return Verdict("copy", "Copy of an original", "⧉",
                           "This file has lost its content credentials (re-saved, re-encoded or screenshotted), but its "
                           "invisible watermark shows it is a copy of an image made with AI in this studio. "
                           + ("The original's credentials are OK." if good else
                              "The original was made with consent, but that consent is no longer in force (see the "
                              "details)." if lapsed else
                              "The original's credentials do not hold now (see the details)."))
        return Verdict("none", "No content credentials", "?",
                       "This file carries no content credentials and no watermark of this studio. That does not make "
                       "it authentic: where it came from cannot be told from the file.")
    if state == "Valid" and d.get("recovered"):
        good = d["recovered"].get("ok")
        return Verdict("resigned", "Credentials replaced", "✕",
                       "This file was signed again by someone this studio does not trust, but its invisible watermark "
                       "shows it is a copy of an image made with AI in this studio. " + ("The original's credentials are OK." if good else
                                          "The original's credentials do not hold now (see the details)."))
    lapsed = sorted({_GONE[g.get("status")] for g in grants if g.get("status") in _GONE})
    tamper_words = ("differs", "validation failed", "unreadable", "digest")
    if state in ("Invalid", "Unreadable") or any(w in r for r in reasons for w in tamper_words):
        return Verdict("tampered", "Tampered", "✕",
                       "The file's credentials no longer match its content: it was changed after it was signed, "
                       "or its credentials were forged. Do not trust what it claims.")
    if lapsed and state == "Trusted":
        word = " and ".join(lapsed)
        return Verdict("revoked", f"Consent {word}", "⊘",
                       f"This image was made with AI in this studio with consent, but that consent has since been {word}. "
                       "It should no longer be used.")
    return Verdict("untrusted", "Credentials not trusted", "✕",
                   "The file carries credentials, but this studio cannot vouch for them: they come from a signer it does "
                   "not trust, or the image was not made here under a recorded consent decision.")


_SOURCE_WORDS = {
    "trainedAlgorithmicMedia": "made entirely by AI",
    "compositeWithTrainedAlgorithmicMedia": "an existing image edited with AI",
    "algorithmicMedia": "made by an algorithm",
    "digitalCapture": "a camera photo",
}


def _source_words(uri: str | None) -> str:
    if not uri:
        return "not stated"
    term = uri.rstrip("/").rsplit("/", 1)[-1]
    return f"{_SOURCE_WORDS.get(term, 'other')} ({term})"


def verify_html(name: str, d: dict[str, Any], *, thumbnail: str | None = None) -> str:
    """The Verify tab's result: thumbnail, verdict (colour + icon + words), a plain summary, and
    every fact folded below under "Technical details". All text is escaped."""
    v = verify_verdict(d)
    parts = [f'<div class="cs-verify cs-v-{v.kind}" data-verdict="{v.kind}">']
    if thumbnail and thumbnail.startswith("data:image/"):
        parts.append(f'<img class="cs-thumb" src="{_h(thumbnail)}" alt="Preview of the image you checked">')
    parts.append('<div class="cs-verify-text">'
                 f'<p class="cs-verdict"><span class="cs-icon" aria-hidden="true">{_h(v.icon)}</span> '
                 f"<strong>{_h(v.title)}</strong></p>"
                 f'<p class="cs-file">{_h(name)}</p><p>{_h(v.summary)}</p>'
                 + "".join(f'<p class="cs-depicts"><strong>Depicts:</strong> {_h(str(w.get("name")))} '
                           f'({_h(str(w.get("subject_id")))})'
                           + (" — has since opted out of all generation" if w.get("opted_out") else "") + "</p>"
                           for w in d.get("depicts") or () if isinstance(w, dict))
                 + "</div>")
    facts: list[tuple[str, str]] = []
    facts.append(("Verdict", str(d.get("verdict") or ("OK" if d.get("ok") else "FAIL"))))
    facts.append(("C2PA", str(d.get("c2pa_state")) + (f" (signed by {d['signer']})" if d.get("signer") else "")))
    dst = d.get("digital_source_type") or {}
    facts.append(("How it was made (manifest)", _source_words(dst.get("manifest"))))
    facts.append(("How it was made (XMP)", _source_words(dst.get("xmp"))))
    if d.get("ai_system"):
        facts.append(("AI system", str(d["ai_system"])))
    consent = d.get("consent") or {}
    if consent:
        personas = consent.get("fictional_personas") or []
        facts.append(("Consent", f"purpose {consent.get('purpose', '—')}, {len(consent.get('likenesses') or [])} likeness(es)"
                      + (f", {len(personas)} fictional persona(s)" if personas else "")))
    for who in d.get("depicts") or ():  # operators' reports only (creator.ui.handlers._depicted)
        if isinstance(who, dict):
            facts.append(("Depicts", f"{who.get('name')} ({who.get('subject_id')})"
                          + ("; has since opted out of all generation" if who.get("opted_out") else "")))
    if isinstance(d.get("generation"), dict):
        facts.append(("Generation settings (signed)", generation_text(d["generation"])))
    for g in d.get("grants") or ():
        facts.append(("Grant" + (f" {g['grant_id']}" if "grant_id" in g else ""),
                      f"{g.get('status')}" + (f" — {g['message']}" if g.get("message") else "")))
    ts = d.get("time_stamp") or {}
    if ts:
        facts.append(("Time-stamp", str(ts.get("state")) + (f" at {ts['time']}" if ts.get("time") else "")))
    facts.append(("Watermark", str(d.get("watermark_read") or "none found in the pixels")
                  + (f" (manifest says {d['watermark_payload']})" if d.get("watermark_payload") else "")))
    rec = d.get("recovered")
    if rec:
        facts.append(("Original", ("OK (Trusted)" if rec.get("ok") else "FAIL")
                      + (f", output {((rec.get('record') or {}).get('sha256') or '')[:16]}…" if (rec.get("record") or {}).get("sha256") else "")))
    for r in d.get("reasons") or ():
        facts.append(("Problem", str(r)))
    parts.append("<details><summary>Technical details</summary><dl>"
                 + "".join(f"<dt>{_h(k)}</dt><dd>{_h(val)}</dd>" for k, val in facts) + "</dl></details></div>")
    return "".join(parts)


def subject_rows(subjects: list[Any], *, faces: dict[str, int] | None = None,
                 grants: dict[str, int] | None = None) -> list[list[Any]]:
    """Rows of the subjects table; ``faces`` / ``grants``: counts per subject id."""
    faces, grants = faces or {}, grants or {}
    return [[s.id, s.display_name, ", ".join(s.aliases), s.kind.value, s.minor, s.opt_out, ", ".join(s.key_ids),
             faces.get(s.id, 0), grants.get(s.id, 0)]
            for s in subjects]


def grant_rows(views: list[Any]) -> list[list[Any]]:
    """Rows of the grants table from :class:`consent.operations.GrantView` objects."""
    rows = []
    for v in views:
        g = v.grant
        rev = v.stored.revocation
        status = (f"revoked {rev.revoked_at:%Y-%m-%d %H:%M}Z: {rev.reason}" if v.status.value == "revoked"
                  else v.status.value.replace("_", " "))
        if getattr(v, "stopped", None):  # in force, and allows nothing now (session 66)
            status += f" — allows nothing now: {v.stopped}"
        rows.append([g.id, g.subject_id, g.grantee, g.project, ", ".join(map(str, g.purposes)),
                     f"{g.valid_from:%Y-%m-%d} → {g.valid_until:%Y-%m-%d}", status, v.usage])
    return rows


def _short(value: Any, limit: int = 48) -> str:
    s = value if isinstance(value, str) else json.dumps(value, default=str)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _raw_summary(payload: Any) -> str:
    """The first fields of an entry as ``key=value`` (kinds :func:`audit_summary` has no words for)."""
    items = list(payload.items())[:6] if isinstance(payload, dict) else [("payload", payload)]
    return ", ".join(f"{k}={_short(v)}" for k, v in items)


def _decision_words(p: dict) -> str:
    """A recorded decision in words: allowed or denied, for whom and what, whose likeness, why not."""
    from consent.errors import one_line

    d = p.get("decision") or {}
    ctx = d.get("context") or {}
    findings = [f for f in d.get("findings") or [] if isinstance(f, dict)]
    people = sorted({str(f["subject_id"]) for f in findings if f.get("subject_id")})
    failed = [_said(f.get("message") or f.get("check") or "", 200) for f in findings if f.get("passed") is False]
    grantee = one_line(str(ctx.get("grantee") or "?"))
    # (red team 2) one_line("") is "no details": an entry without an actor names nobody
    actor = one_line(str(p["actor"])) if str(p.get("actor") or "").strip() else ""
    by = f" (by {_said(actor, 60)})" if actor and actor not in (grantee, f"ui:{grantee}", f"cli:{grantee}") else ""
    words = ["Allowed" if d.get("allowed") else "Denied",
             f"for {_said(grantee, 60)}{by}",
             f"{_said(ctx.get('purpose', '?'), 40)} / {_said(ctx.get('operation', '?'), 40)}",
             f"project {_said(ctx['project'], 80)}" if ctx.get("project") else "no project",
             f"territory {_said(ctx.get('territory', '?'), 12)}"]
    text = ", ".join(words) + "."
    # (an operator's walkthrough, session 67) a face two enrolled people match read as "no registered
    # person's likeness"
    ambiguous = sum(1 for f in findings if f.get("check") == "ambiguous" and f.get("passed") is False)
    if people:
        text += f" Likeness of: {_said(', '.join(people), 200)}."
    elif ambiguous:
        text += (" A face or name that matches more than one registered person." if ambiguous == 1 else
                 f" {ambiguous} faces or names that match more than one registered person.")
    else:
        text += " No registered person's likeness."
    if failed:
        text += f" Why: {failed[0]}" + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else "") + "."
    return text


def _said(value: Any, limit: int = 120) -> str:
    """A value someone typed (a user name, a message, a reason), on one line and cut to ``limit``
    characters: a 60 KB user name sent to the sign-in page made a 60,000-character row that opened
    with text of its own choosing (red team, session 54)."""
    from consent.errors import one_line

    return _short(one_line(str(value)), limit)


#: the longest summary the Audit tab shows (the entry itself is in ``audit export``)
AUDIT_SUMMARY_MAX = 600


def audit_summary(kind: str, payload: Any) -> str:
    """:func:`_audit_words`, at most :data:`AUDIT_SUMMARY_MAX` characters."""
    return _short(_audit_words(kind, payload), AUDIT_SUMMARY_MAX)


def _audit_words(kind: str, payload: Any) -> str:
    """One audit entry in words for the Audit tab (operators, legal staff): what was decided or
    done, by whom, about whom, and why a denial denied (user audit: the tab showed raw
    ``decision={"allowed": false, "context": …`` fields). Kinds without words here, and any entry
    these words cannot read, keep the raw ``key=value`` summary; the full entry is in ``audit
    export``."""
    from consent.errors import one_line

    p = payload if isinstance(payload, dict) else {}

    def g(key: str, default: str = "?", limit: int = 120) -> str:
        v = p.get(key)
        return default if v is None or v == "" else _said(v, limit)

    def q(key: str, limit: int = 200) -> str:  # free text someone typed, quoted
        return f"“{g(key, '', limit)}”"

    try:
        if kind == "failure" and not isinstance(p.get("decision"), dict):
            # (red team, session 54) the check itself failed: no decision was made (a verify or a
            # request's failure as well as a generation's: the stage says which)
            return f"Failed before any decision, at stage {g('stage', 'unknown', 40)}: {q('error', 300)}."
        if kind in ("decision", "generation", "failure"):
            text = _decision_words(p)
            if kind == "generation":
                outs, blocked = p.get("outputs") or [], p.get("blocked_outputs") or []
                text = f"Generated {len(outs)} output(s)" + (f", {len(blocked)} blocked by the output scan" if blocked else "") \
                    + f" (job {g('job_id', 'none')}). " + text
            elif kind == "failure":
                text = f"Generation failed after the decision, at stage {g('stage', 'unknown', 40)}: {q('error', 300)}. " + text
            return text
        words = {
            "grant_issued": lambda: f"Grant {g('grant_id')} issued for {g('subject_id')}, signed as "
                                    + ", ".join(one_line(str(x.get('role'))) for x in p.get("signers") or [] if isinstance(x, dict)) + ".",
            "grant_revoked": lambda: f"Grant {g('grant_id')} revoked by {g('revoked_by')}"
                                     # (a walkthrough, session 65) --by is what the operator typed; who
                                     # recorded it is the entry's actor
                                     + (f" (recorded by {g('actor', '?', 60)})" if p.get("actor") and
                                        p.get("actor") != p.get("revoked_by") else "")
                                     + f": {q('reason')}"
                                     + (" (at once)." if p.get("immediate") else f" (from {g('revoked_at')})."),
            "subject_added": lambda: f"Subject {g('subject_id', '?', 80)} ({q('display_name', 80)}) added, {g('kind', '?', 30)}"
                                     + (", a minor" if p.get("minor") else "") + (", opted out" if p.get("opt_out") else "") + ".",
            "face_template_enrolled": lambda: f"Face template {g('template_id')} enrolled for {g('subject_id')}.",
            "request_filed": lambda: f"{g('requested_by', '?', 60)} asks for "
                                     + ("an exception" if p.get("kind") == "exception" else f"a {g('kind', '?', 20)}")
                                     + f" about {q('subject', 80)}: {q('message')}",
            "request_answered": lambda: f"Request {g('request_id')} {g('status')} by {g('by', '?', 60)}: {q('answer')}",
            "name_exception_added": lambda: f"Name exception {q('name', 80)} added by {g('added_by', '?', 60)}"
                                            + (f", confirmed as a known real person's name ({q('famous_person', 80)})"
                                               if p.get("famous_person") else "") + f": {q('reason')}",
            "model_registered": lambda: f"Model {g('name')} ({g('kind')}) registered, licence {g('licence')}.",
            "job_submitted": lambda: f"Job {g('job_id')} submitted by {g('owner')}.",
            "job_finished": lambda: f"Job {g('job_id')} of {g('owner')} ended {g('state')}, "
                                    f"{len(p.get('outputs') or [])} output(s)" + (f": {q('error', 300)}" if p.get("error") else "."),
            "job_cancel_requested": lambda: f"Cancel of job {g('job_id')} asked by {g('by')}.",
            "login_failed": lambda: f"Failed sign-in as {q('user', 60)} from {g('client', '?', 60)}.",
            "signed_in": lambda: f"{q('user', 60)} signed in from {g('client', '?', 60)}.",
            "account_added": lambda: f"Account {q('user', 60)} ({g('role')}) added"
                                     + (" at the studio's first start" if p.get("first_start") else "") + ".",
            "account_removed": lambda: f"Account {q('user', 60)} ({g('role')}) removed.",
            "account_password_changed": lambda: f"Password of account {q('user', 60)} changed.",
            "account_grantees_changed": lambda: f"Account {q('user', 60)} may now generate for: "
                                                + (", ".join(str(x)[:60] for x in p.get("grantees") or []) or "its own name only") + ".",
            "passkey_disputed": lambda: f"{g('subject_id')} ({g('role')}) says they never created the passkey bound "
                                        f"for them ({', '.join(str(k)[:40] for k in p.get('passkeys') or [])}): someone "
                                        "else may have signed as them. "
                                        + ("It was withdrawn: what it signed allows nothing; send a new link (best "
                                           "handed over in person) for the person to sign again."
                                           if p.get("withdrawn") else
                                           "Replace it (subject edit) and revoke what it signed."),
            # (an operator's walkthrough, session 67: the events a lawyer looks for were raw key=value)
            "opt_out_set": lambda: (f"{g('subject_id')} opted out: never generate" if p.get("opt_out") else
                                    f"{g('subject_id')}'s opt-out lifted") + (f": {q('reason')}" if p.get("reason") else "") + ".",
            "subjects_merged": lambda: f"Subject {g('remove')} merged into {g('keep')}: "
                                       + ", ".join(f"{len((p.get('moved') or {}).get(k) or [])} {w}" for k, w in
                                                   (("face_templates", "face template(s)"), ("adapters", "adapter(s)"),
                                                    ("keys", "key(s)"))) + " moved"
                                       + ("; the kept subject is opted out" if (p.get("subject") or {}).get("opt_out") else "") + ".",
            "subject_deleted": lambda: f"Subject {g('subject_id')} deleted with "
                                       + ", ".join(f"{int((p.get('removed') or {}).get(k) or 0)} {w}" for k, w in
                                                   (("face_templates", "face template(s)"), ("adapters", "adapter(s)"),
                                                    ("keys", "key(s)"))) + ".",
            "subject_updated": lambda: f"Subject {g('subject_id')} changed: "
                                       + ", ".join(f"{one_line(str(k))[:40]} {_said((v or {}).get('from'), 60)} → "
                                                   f"{_said((v or {}).get('to'), 60)}" for k, v in
                                                   (p.get("changes") or {}).items()) + ".",
            "subject_key_added": lambda: f"Signing key {g('key_id')} added for {g('subject_id')}.",
            "draft_created": lambda: f"Grant draft {g('draft_id')} for {g('subject_id')} sent by {g('created_by', '?', 60)}; "
                                     "waiting for " + ", ".join(one_line(str(x.get("role")))[:20] for x in p.get("signers") or []
                                                                if isinstance(x, dict)) + ".",
            "draft_presence_failed": lambda: f"Camera check on grant draft {g('draft_id')} not passed by the {g('role')} "
                                             "signer's link.",
            "passkey_withdrawn": lambda: f"Passkey {g('key_id')} of {g('subject_id')} ({g('role')}) withdrawn by "
                                         f"{g('by')}: {q('reason', 200)}. What it signed allows nothing now.",
            "schema_upgraded": lambda: f"Database schema upgraded from revision {g('from')} to {g('to')}.",
            "c2pa_rotated": lambda: "C2PA signing key rotated" + (" with a new local CA" if p.get("new_ca") else "")
                                    + f"; new signer {str(p.get('signer_sha256', '?'))[:16]}….",
        }.get(kind)
        if words is not None:
            text = words()
            actor = p.get("actor")
            if isinstance(actor, str) and actor and actor not in text:  # who did it, on every entry that says
                by = f" (by {_said(actor, 60)})"
                text = text[:-1] + by + "." if text.endswith(".") else text + by
            return text
    except Exception:  # noqa: BLE001 - an entry these words cannot read is shown raw, never hidden
        pass
    return _raw_summary(payload)


def audit_rows(entries: list[Any]) -> list[list[Any]]:
    rows = []
    for e in entries:
        rows.append([e.seq, e.at, e.kind, audit_summary(e.kind, e.payload), e.hash[:16]])
    return rows
