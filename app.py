"""Consent Studio — the Gradio front end. Layout and wiring only.

Handlers (the methods of :class:`StudioApp`) are plain typed functions: Gradio calls them,
tests call them directly. They only call public functions of :class:`creator.studio.Studio`,
the consent registry and :func:`creator.verify.verify`; library errors become ``gr.Error``
with their diagnostics. Outputs cross into the page as *file paths* (never PIL/numpy
images: Gradio re-encodes those to WebP, which strips the C2PA manifest).

Roles (see :mod:`creator.auth`): ``operator`` may do everything; ``creator`` may use
Generate and Verify only. Every operator handler checks the signed-in user's role itself,
so a creator is refused through the API as well as in the page.

Run it with ``consent-studio serve`` (login required; binds 127.0.0.1 by default).
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import functools
import sys
import hashlib
import json
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import gradio as gr

from consent.audit import set_actor
from consent.errors import ConsentDenied, ConsentError
from consent.records import (
    ConsentGrant,
    EvidenceKind,
    Medium,
    Operation,
    Purpose,
    RepresentativeRole,
    Restriction,
    SignerRole,
    Subject,
    SubjectKind,
    new_grant_id,
)
from creator.auth import AuthError, Role, UserStore
from creator.errors import CreatorError
from creator.request import ENGINES, MAX_IMAGES, GenerationRequest
from creator.settings import StudioSettings

__all__ = ["StudioApp", "build_app", "launch", "main"]

_F = TypeVar("_F", bound=Callable[..., Any])

_MODES = [("Text to image", "text2img"), ("Image to image", "img2img"), ("Inpaint (paint the mask)", "inpaint")]
_SIZES = [256, 384, 512, 640, 768, 1024]
_AUDIT_LIMIT = 200
_CSS = """
#whoami { text-align: right; }
"""


# =========================================================================== helpers
def _ui_errors(fn: _F) -> _F:
    """Turn library errors into ``gr.Error`` carrying their one-line diagnostics."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except ConsentDenied as e:
            raise gr.Error(str(e), title="Consent denied", duration=None) from e
        except AuthError as e:
            raise gr.Error(str(e), title="Not allowed", duration=None) from e
        except (ConsentError, CreatorError) as e:
            raise gr.Error(f"{type(e).__name__}: {e}", duration=None) from e

    return wrapper  # type: ignore[return-value]


def _split(text: str | None) -> tuple[str, ...]:
    """'a, b,,c' -> ('a', 'b', 'c')."""
    return tuple(p.strip() for p in (text or "").replace("\n", ",").split(",") if p.strip())


def _blank_to_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _int(value: float | int | None, field: str, *, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    f = float(value)
    if not f.is_integer():
        raise gr.Error(f"`{field}` must be a whole number, got {value!r}")
    return int(f)


def _seed(value: float | int | None) -> int | None:
    """Seed field: a negative or blank value means "random"."""
    seed = _int(value, "seed")
    return None if seed is None or seed < 0 else seed


def _parse_time(text: str | None, field: str) -> datetime:
    raw = (text or "").strip()
    if not raw:
        raise gr.Error(f"`{field}` is required; expected a UTC date or time such as 2026-01-31 or 2026-01-31T12:00:00Z")
    try:
        t = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise gr.Error(f"`{field}` is {raw!r}; expected an ISO 8601 date or time such as 2026-01-31T12:00:00Z") from None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _md_escape(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _user(request: gr.Request | None) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def _decision_markdown(decision: Any, *, note: str | None = None) -> str:
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
            f"| {_md_escape(f.get('subject_id') or f.get('likeness') or '—')} | {f['check']} "
            f"| {'pass' if f['passed'] else '**fail**'} | {_md_escape(f.get('grant_id') or '—')} | {_md_escape(f['message'])} |"
        )
    if used:
        lines += ["", "**Grants used:** " + ", ".join(f"`{g['grant_id']}` for {g['subject_id']} (sha256 {g['sha256'][:12]}…)" for g in used.values())]
    return "\n".join(lines)


def _term(uri: str | None) -> str:
    """An IPTC digital source type URI as its term, linked: ``[trainedAlgorithmicMedia](http://cv.iptc.org/…)``."""
    if not uri:
        return "—"
    return f"[{_md_escape(uri.rstrip('/').rsplit('/', 1)[-1])}]({uri})"


def _read_pem(path: str, what: str) -> str:
    data = Path(path).read_bytes()
    if b"PRIVATE KEY" in data:
        raise gr.Error(f"the {what} file {Path(path).name} holds a PRIVATE key; upload the public key (.pub.pem) instead")
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        raise gr.Error(f"the {what} file {Path(path).name} is not a PEM text file; expected an Ed25519 public key PEM") from None


def _verify_markdown(name: str, report: Any) -> str:
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
        lines.append(f"- **AI system:** {_md_escape(d['ai_system'])}")
    consent = d.get("consent") or {}
    if consent:
        personas = consent.get("fictional_personas") or []
        lines.append(
            f"- **Consent assertion:** purpose {consent.get('purpose', '—')}, {len(consent.get('likenesses') or [])} likeness(es)"
            + (f", {len(personas)} fictional persona(s)" if personas else "")
        )
    for g in d.get("grants") or ():
        lines.append(f"- **Grant** `{g['grant_id']}` now: {g['status']} — {_md_escape(g['message'])}")
    signed_wm, read_wm = d.get("watermark_payload"), d.get("watermark_read")
    if read_wm and signed_wm and read_wm == signed_wm:
        wm = f"{read_wm} (in the pixels, matches the manifest's soft binding)"
    elif read_wm:
        wm = f"{read_wm} read from the pixels" + (f"; manifest says {signed_wm}" if signed_wm else "")
    else:
        wm = f"none in the pixels; manifest says {signed_wm}" if signed_wm else "none found"
    lines.append(f"- **Watermark:** {_md_escape(wm)}")
    recovered = d.get("recovered")
    if recovered:
        lines.append(f"- **Recovered original:** `{Path(recovered['path']).name}` — "
                     f"{'OK (Trusted)' if recovered['ok'] else 'FAIL'}; consent purpose "
                     f"{(recovered.get('consent') or {}).get('purpose', '—')}")
    lines.extend(f"- **Problem:** {_md_escape(r)}" for r in d.get("reasons") or ())
    return "\n".join(lines)


# =========================================================================== handlers
class StudioApp:
    """Every handler of the studio. One instance per server; all state is in the data dir."""

    def __init__(self, settings: StudioSettings, *, store: UserStore | None = None, studio: Any = None):
        self.settings = settings
        self.store = store or UserStore.from_settings(settings)
        self._studio = studio

    # ------------------------------------------------------------------ services
    @property
    def studio(self):
        if self._studio is None:
            from creator.studio import Studio

            self._studio = Studio(self.settings)
        return self._studio

    @property
    def registry(self):
        return self.studio.registry

    def _role(self, request: gr.Request | None) -> tuple[str, Role]:
        name = _user(request)
        if not name:
            raise gr.Error("sign-in required: this studio serves signed-in users only", title="Not signed in")
        role = self.store.role_of(name)
        if role is None:
            raise gr.Error(f"user {name!r} is not in the users file (removed?); ask an operator", title="Not signed in")
        # Audit entries written by this request name the signed-in user. Gradio runs each
        # handler in a copy of the context, so this never leaks into another request.
        set_actor(f"ui:{name}")
        return name, role

    def _require_operator(self, request: gr.Request | None, action: str) -> str:
        name, role = self._role(request)
        if role is not Role.OPERATOR:
            raise gr.Error(
                f"{action} requires the operator role; you are signed in as {role.value} {name!r}. "
                "Ask an operator to do this.",
                title="Operator role required",
                duration=None,
            )
        return name

    # ------------------------------------------------------------------ session
    @_ui_errors
    def session_start(self, request: gr.Request) -> tuple[Any, ...]:
        """On page load: who is signed in, which tabs they may use, their grantee, subject choices."""
        name, role = self._role(request)
        operator = role is Role.OPERATOR
        choices = self._subject_choices()
        return (
            f"Signed in as **{name}** ({role.value})",
            gr.Textbox(value=name, interactive=operator),
            gr.Dropdown(choices=choices),
            gr.Tab(visible=operator),
            gr.Tab(visible=operator),
        )

    def _subject_choices(self) -> list[tuple[str, str]]:
        return [(f"{s.display_name} ({s.id})", s.id) for s in self.registry.list_subjects()]

    @_ui_errors
    def subject_choices(self, request: gr.Request) -> gr.Dropdown:
        """Refresh the subject pickers."""
        self._role(request)
        return gr.Dropdown(choices=self._subject_choices())

    # ------------------------------------------------------------------ Generate
    def _build_request(
        self, request: gr.Request | None, engine: str, model: str, mode: str, source: dict | None,
        prompt: str, negative_prompt: str, subjects: list[str] | None, purpose: str, media: str,
        territory: str, project: str, grantee: str, seed: float | None, steps: float, guidance: float,
        width: float, height: float, count: float,
    ) -> GenerationRequest:
        name, role = self._role(request)
        grantee = (grantee or "").strip() or name
        if role is not Role.OPERATOR and grantee != name:
            raise gr.Error(
                f"grantee is {grantee!r}, but creators generate under their own name {name!r}; "
                "only an operator may generate for another grantee",
                title="Operator role required",
            )
        src_path, mask_bytes = _editor_images(source, mode)
        return GenerationRequest.build(
            grantee=grantee,
            purpose=purpose,
            engine=engine,
            model=_blank_to_none(model),
            mode=mode,
            prompt=prompt or "",
            negative_prompt=negative_prompt or "",
            subjects=tuple(subjects or ()),
            territory=(territory or "").strip(),
            media=media,
            project=_blank_to_none(project),
            source=src_path,
            mask=mask_bytes,
            width=_int(width, "width"),
            height=_int(height, "height"),
            steps=_int(steps, "steps"),
            guidance=float(guidance),
            seed=_seed(seed),
            num_images=_int(count, "count"),
        )

    @staticmethod
    def clear_outputs() -> tuple[list[str], list[str], str, str]:
        """Before each Generate: no stale files or decision from an earlier run stay on screen."""
        return [], [], "", ""

    @_ui_errors
    def check_consent(
        self, engine: str, model: str, mode: str, source: dict | None, prompt: str, negative_prompt: str,
        subjects: list[str] | None, purpose: str, media: str, territory: str, project: str, grantee: str,
        seed: float | None, steps: float, guidance: float, width: float, height: float, count: float,
        request: gr.Request,
    ) -> str:
        """What the policy would decide for this request now (audited), before generating."""
        req = self._build_request(request, engine, model, mode, source, prompt, negative_prompt, subjects, purpose,
                                  media, territory, project, grantee, seed, steps, guidance, width, height, count)
        return _decision_markdown(self.studio.check(req))

    @_ui_errors
    def generate(
        self, engine: str, model: str, mode: str, source: dict | None, prompt: str, negative_prompt: str,
        subjects: list[str] | None, purpose: str, media: str, territory: str, project: str, grantee: str,
        seed: float | None, steps: float, guidance: float, width: float, height: float, count: float,
        request: gr.Request, progress: gr.Progress = gr.Progress(),
    ) -> tuple[list[str], list[str], str, str]:
        """Governed generation. Returns (gallery paths, download paths, decision, verify summaries).

        A denial is an answer, not a failure: no files, the decision with every finding, and a
        "Nothing was generated" notice (plus a pop-up in the page). Other errors raise ``gr.Error``.
        """
        req = self._build_request(request, engine, model, mode, source, prompt, negative_prompt, subjects, purpose,
                                  media, territory, project, grantee, seed, steps, guidance, width, height, count)
        progress(0.0, desc="checking consent")
        try:
            result = self.studio.generate(req, progress=lambda stage, done, total: progress((done, total), desc=stage))
        except ConsentDenied as e:
            if e.decision is None:
                raise
            # Not an error page: the decision panel shows every finding; nothing else is shown.
            outcome = "Nothing was published" if e.decision.allowed else "Nothing was generated"
            gr.Warning(f"{outcome}: {e}", title="Consent denied", duration=None)
            return [], [], _decision_markdown(e.decision, note=f"{outcome}."), f"#### {outcome}\n{_md_escape(e)}"
        paths = [str(o.path) for o in result.outputs]
        summaries = []
        for o in result.outputs:
            summaries.append(_verify_markdown(o.path.name, self._verify(o.path)))
        for b in result.blocked:
            summaries.append(f"#### output {b.index} blocked\n" + "\n".join(f"- {r}" for r in b.reasons))
        return paths, paths, _decision_markdown(result.decision), "\n\n".join(summaries)

    # ------------------------------------------------------------------ Verify
    def _verify(self, path: str | Path):
        from creator.verify import verify

        return verify(path, settings=self.settings, registry=self.registry)

    @_ui_errors
    def verify_file(self, file: str | None, request: gr.Request) -> tuple[str, dict, str]:
        """Verify any image: (summary, full report, path of the JSON report for download)."""
        self._role(request)
        if not file:
            raise gr.Error("no file uploaded; expected an image to verify")
        report = self._verify(file)
        data = report.to_dict()
        # Name the file, not the server's upload path (a top-level "path" also reads as a file to clients).
        data = {"file": Path(file).name, **{k: v for k, v in data.items() if k != "path"}}
        if data.get("recovered"):
            rec = dict(data["recovered"])
            data["recovered"] = {"file": Path(rec.pop("path")).name, **rec}
        out = Path(tempfile.mkdtemp(prefix="verify-")) / (Path(file).stem + ".verify.json")
        out.write_text(json.dumps(data, indent=2, sort_keys=True, default=str), encoding="utf-8")
        return _verify_markdown(Path(file).name, report), data, str(out)

    # ------------------------------------------------------------------ People & consent
    @_ui_errors
    def add_subject(
        self, subject_id: str, display_name: str, aliases: str, kind: str, minor: bool, opt_out: bool,
        subject_key: str | None, rep_name: str, rep_role: str | None, rep_key: str | None, request: gr.Request,
    ) -> tuple[str, list[list[Any]], gr.Dropdown]:
        """Register a person or persona (keys are public-key PEM files)."""
        self._require_operator(request, "adding a subject")
        representative = None
        if _blank_to_none(rep_name) or rep_role:
            representative = {"name": (rep_name or "").strip(), "role": rep_role}
        elif rep_key:
            raise gr.Error("a representative key was uploaded but no representative name and role; expected both")
        subject = Subject.from_dict(
            {
                "id": (subject_id or "").strip(),
                "display_name": (display_name or "").strip(),
                "aliases": list(_split(aliases)),
                "kind": kind,
                "minor": bool(minor),
                "opt_out": bool(opt_out),
                "representative": representative,
            }
        )
        subject = self.registry.add_subject(
            subject,
            keys=[_read_pem(subject_key, "subject public key")] if subject_key else (),
            representative_key=_read_pem(rep_key, "representative public key") if rep_key else None,
        )
        return f"Subject **{subject.id}** saved.", self._subject_rows(), gr.Dropdown(choices=self._subject_choices())

    def _subject_rows(self) -> list[list[Any]]:
        return [
            [s.id, s.display_name, ", ".join(s.aliases), s.kind.value, s.minor, s.opt_out, ", ".join(s.key_ids)]
            for s in self.registry.list_subjects()
        ]

    @_ui_errors
    def list_subjects(self, request: gr.Request) -> list[list[Any]]:
        self._require_operator(request, "listing subjects")
        return self._subject_rows()

    @_ui_errors
    def set_opt_out(self, subject_id: str, opt_out: bool, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Set or clear a subject's "never generate me" flag."""
        self._require_operator(request, "changing opt-out")
        self.registry.set_opt_out(subject_id, bool(opt_out))
        return f"Subject **{subject_id}** opt-out is now **{bool(opt_out)}**.", self._subject_rows()

    @_ui_errors
    def enroll_photos(self, subject_id: str, photos: list[str] | None, request: gr.Request) -> str:
        """Face enrollment; every refused photo is named with what was found and what is required."""
        self._require_operator(request, "enrolling photos")
        if not subject_id:
            raise gr.Error("`subject` is required; pick the subject whose photos these are")
        if not photos:
            raise gr.Error("no photos uploaded; expected one or more photos with exactly one sharp face each")
        from consent import likeness

        templates = likeness.enroll(subject_id, [str(p) for p in photos])
        for t in templates:
            self.registry.add_face_template(subject_id, t.embedding, t.photo_sha256, t.face_size, t.quality, t.model)
        sizes = ", ".join(f"{t.face_size}px/sharpness {t.quality:.0f}" for t in templates)
        return f"Enrolled **{len(templates)}** face template(s) for **{subject_id}** ({sizes})."

    @_ui_errors
    def register_adapter(self, subject_id: str, file: str | None, kind: str, request: gr.Request) -> str:
        """Bind an adapter file (LoRA / embedding) to a subject by its sha256."""
        self._require_operator(request, "registering an adapter")
        if not subject_id:
            raise gr.Error("`subject` is required; pick the subject this adapter depicts")
        if not file:
            raise gr.Error("no adapter file uploaded")
        digest = _sha256_file(file)
        self.registry.register_adapter(digest, subject_id, Path(file).name, kind)
        return f"Adapter `{Path(file).name}` (sha256 `{digest}`) is bound to **{subject_id}**."

    @_ui_errors
    def issue_grant(
        self, subject_id: str, grantee: str, project: str, description: str, purposes: list[str],
        operations: list[str], media: list[str], territories: str, valid_from: str, valid_until: str,
        restrictions: list[str], usage_cap: float | None, compensation_ref: str, evidence_kind: str,
        evidence_file: str | None, signer_role: str, key_file: str | None, key_password: str,
        request: gr.Request,
    ) -> tuple[str, list[list[Any]]]:
        """Build, sign (with the uploaded Ed25519 key) and store a consent grant."""
        self._require_operator(request, "issuing a grant")
        from consent.signing import add_signature, load_private_key

        if not evidence_file:
            raise gr.Error("`evidence` file is required (signed release, consent video, ...); only its sha256 is kept")
        if not key_file:
            raise gr.Error("`signing key` file is required: the Ed25519 private key (PEM) of the signer")
        grant = ConsentGrant.from_dict(
            {
                "id": new_grant_id(),
                "subject_id": subject_id or "",
                "grantee": grantee or "",
                "project": project or "",
                "description": description or "",
                "purposes": list(purposes or ()),
                "operations": list(operations or ()),
                "media": list(media or ()),
                "territories": list(_split(territories)),
                "valid_from": _parse_time(valid_from, "valid from"),
                "valid_until": _parse_time(valid_until, "valid until"),
                "content_restrictions": list(restrictions or ()),
                "usage_cap": _int(usage_cap, "usage cap") or None,
                "compensation_ref": _blank_to_none(compensation_ref),
                "evidence": [{"kind": evidence_kind, "sha256": _sha256_file(evidence_file), "filename": Path(evidence_file).name}],
                "signer_role": signer_role,
            }
        )
        key = load_private_key(key_file, password=key_password.encode("utf-8") if key_password else None)
        signed = add_signature(grant, key, signer_role)
        self.registry.issue_grant(signed)
        return (
            f"Grant **{grant.id}** issued for **{grant.subject_id}** → {grant.grantee} (sha256 `{grant.digest()}`).",
            self._grant_rows(None),
        )

    @_ui_errors
    def revoke_grant(self, grant_id: str, reason: str, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Revoke a grant now; decisions from this moment on deny it."""
        name = self._require_operator(request, "revoking a grant")
        grant_id = (grant_id or "").strip()
        if not grant_id:
            raise gr.Error("`grant id` is required; expected the id of the grant to revoke (e.g. g-1a2b3c4d5e6f)")
        if not (reason or "").strip():
            raise gr.Error("`reason` is required; say why the grant is withdrawn (it is kept in the audit log)")
        revocation = self.registry.revoke_grant(grant_id, reason.strip(), name)
        return f"Grant **{revocation.grant_id}** revoked: {revocation.reason}", self._grant_rows(None)

    def _grant_rows(self, subject_id: str | None) -> list[list[Any]]:
        now = datetime.now(timezone.utc)
        rows = []
        for sg in self.registry.list_grants(subject_id=subject_id or None):
            g = sg.grant
            if sg.revoked_at(now):
                status = f"revoked {sg.revocation.revoked_at:%Y-%m-%d %H:%M}Z: {sg.revocation.reason}"
            elif now < g.valid_from:
                status = "not yet valid"
            elif now >= g.valid_until:
                status = "expired"
            else:
                status = "active"
            cap = f"{sg.usage}/{g.usage_cap}" if g.usage_cap else str(sg.usage)
            rows.append([g.id, g.subject_id, g.grantee, g.project, ", ".join(map(str, g.purposes)),
                         f"{g.valid_from:%Y-%m-%d} → {g.valid_until:%Y-%m-%d}", status, cap])
        return rows

    @_ui_errors
    def grant_status(self, subject_id: str | None, request: gr.Request) -> list[list[Any]]:
        """Every grant (of one subject, or all) with its status now and its usage."""
        self._require_operator(request, "viewing grants")
        return self._grant_rows(subject_id)

    # ------------------------------------------------------------------ Audit
    @_ui_errors
    def audit_entries(self, subject_id: str, grant_id: str, limit: float, request: gr.Request) -> list[list[Any]]:
        """Recent audit entries, newest first, optionally only those naming a subject/grant."""
        self._require_operator(request, "reading the audit log")
        entries = self.registry.audit_entries(limit=None)
        needles = [n for n in ((subject_id or "").strip(), (grant_id or "").strip()) if n]
        rows = []
        for e in reversed(entries):
            if needles and not all(f'"{n}"' in e.payload_json for n in needles):
                continue
            payload = e.payload
            summary = ", ".join(f"{k}={_short(v)}" for k, v in list(payload.items())[:6])
            rows.append([e.seq, e.at, e.kind, summary, e.hash[:16]])
            if len(rows) >= (_int(limit, "limit") or _AUDIT_LIMIT):
                break
        return rows

    @_ui_errors
    def audit_check(self, request: gr.Request) -> str:
        """Walk the hash chain; name the first broken position."""
        self._require_operator(request, "checking the audit chain")
        report = self.registry.verify_audit()
        if report.ok:
            return f"Audit chain intact: {report.entries} entries, head `{report.head_hash[:16]}…`"
        return f"Audit chain BROKEN at entry **{report.first_broken}**: {report.message}"


def _short(value: Any, limit: int = 48) -> str:
    s = value if isinstance(value, str) else json.dumps(value, default=str)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _editor_images(value: dict | None, mode: str) -> tuple[str | None, bytes | None]:
    """(source path, mask PNG bytes) from a gr.ImageEditor value; the mask is the painted layer(s)."""
    if mode == "text2img":
        return None, None
    background = (value or {}).get("background")
    if not background:
        raise gr.Error(f"mode {mode!r} needs a source image: upload one in the image editor")
    if mode != "inpaint":
        return str(background), None
    import io

    import numpy as np
    from PIL import Image

    with Image.open(background) as bg:
        size = bg.size
    mask = np.zeros((size[1], size[0]), dtype=bool)
    for layer in value.get("layers") or ():
        if not layer:
            continue
        with Image.open(layer) as im:
            alpha = np.asarray(im.convert("RGBA").resize(size))[:, :, 3]
        mask |= alpha > 0
    if not mask.any():
        raise gr.Error("mode 'inpaint' needs a mask: paint over the area to repaint in the image editor")
    buf = io.BytesIO()
    Image.fromarray((mask * 255).astype(np.uint8), mode="L").save(buf, format="PNG")
    return str(background), buf.getvalue()


# =========================================================================== layout
def build_app(settings: StudioSettings | None = None, *, store: UserStore | None = None, studio: Any = None) -> gr.Blocks:
    """The studio's page: four tabs; operator tabs are hidden from creators (and refused server-side)."""
    h = StudioApp(settings or StudioSettings(), store=store, studio=studio)
    with gr.Blocks(title="Consent Studio", analytics_enabled=False) as demo:
        with gr.Row():
            gr.Markdown("## Consent Studio\nEvery output is labelled, watermarked and signed (C2PA).")
            whoami = gr.Markdown(elem_id="whoami")
        with gr.Tabs():
            with gr.Tab("Generate", id="generate"):
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            engine = gr.Radio(list(ENGINES), value="gan", label="Engine")
                            mode = gr.Radio(_MODES, value="text2img", label="Mode")
                        model = gr.Textbox(
                            label="Model", placeholder="blank: the built-in GAN / the configured diffusion model", elem_id="model",
                            info="diffusion: a local diffusers folder, a .safetensors checkpoint or a cached hub id (org/name)",
                        )
                        prompt = gr.Textbox(label="Prompt", lines=3)
                        negative = gr.Textbox(label="Negative prompt")
                        source = gr.ImageEditor(
                            label="Source image (img2img / inpaint; paint the area to repaint)",
                            type="filepath", sources=["upload"], layers=False, elem_id="source-editor",
                            brush=gr.Brush(colors=["#ffffff"], color_mode="fixed"),
                        )
                    with gr.Column(scale=2):
                        # Subject choices are filled per session (demo.load), so every subject picker
                        # accepts typed ids; the registry and the policy refuse unknown ones.
                        subjects = gr.Dropdown([], allow_custom_value=True, multiselect=True, filterable=True, label="Subjects depicted")
                        purpose = gr.Dropdown([p.value for p in Purpose], value=Purpose.ART.value, label="Purpose")
                        media = gr.Dropdown([m.value for m in Medium], value=Medium.STILL_IMAGE.value, label="Media")
                        territory = gr.Textbox("US", label="Territory", info="ISO 3166 code where the image will be used")
                        project = gr.Textbox(label="Project", placeholder="optional; checked against the grant's project")
                        grantee = gr.Textbox(label="Grantee", info="who generates, as named in grants")
                        with gr.Accordion("Generation settings (seed, steps, size, count)", open=False):
                            seed = gr.Number(-1, label="Seed (-1: random)", precision=0)
                            steps = gr.Slider(1, 100, value=20, step=1, label="Steps", elem_id="steps")
                            guidance = gr.Slider(0, 20, value=7.5, step=0.5, label="Guidance")
                            with gr.Row():
                                width = gr.Dropdown(_SIZES, value=512, label="Width")
                                height = gr.Dropdown(_SIZES, value=512, label="Height")
                            count = gr.Slider(1, MAX_IMAGES, value=1, step=1, label="Count")
                with gr.Row():
                    check_btn = gr.Button("Check consent")
                    generate_btn = gr.Button("Generate", variant="primary")
                decision_md = gr.Markdown(label="Consent decision", elem_id="decision")
                gallery = gr.Gallery(label="Signed outputs", type="filepath", columns=4, fit_columns=False, object_fit="contain",
                                     elem_id="gallery")
                downloads = gr.File(label="Download signed files", file_count="multiple", interactive=False, elem_id="downloads")
                verify_summary = gr.Markdown(elem_id="output-verification")

            with gr.Tab("People & consent", id="people", visible=False) as people_tab:
                people_status = gr.Markdown(elem_id="people-status")
                subject_table = gr.Dataframe(
                    headers=["id", "name", "aliases", "kind", "minor", "opt-out", "keys"], label="Subjects", interactive=False
                )
                with gr.Accordion("Add a subject", open=True):
                    with gr.Row():
                        s_id = gr.Textbox(label="Subject id", placeholder="jane-doe")
                        s_name = gr.Textbox(label="Display name")
                        s_aliases = gr.Textbox(label="Aliases", placeholder="comma separated")
                    with gr.Row():
                        s_kind = gr.Radio([k.value for k in SubjectKind], value=SubjectKind.PERSON.value, label="Kind")
                        s_minor = gr.Checkbox(label="Minor")
                        s_opt_out = gr.Checkbox(label="Opt-out (never generate)")
                        s_key = gr.File(label="Subject public key (.pub.pem)", type="filepath", height=150, elem_id="subject-key")
                    with gr.Row():
                        r_name = gr.Textbox(label="Representative name")
                        r_role = gr.Dropdown([r.value for r in RepresentativeRole], value=None, label="Representative role")
                        r_key = gr.File(label="Representative public key", type="filepath", height=150, elem_id="representative-key")
                    add_subject_btn = gr.Button("Save subject")
                with gr.Accordion("Opt-out", open=False):
                    with gr.Row():
                        o_subject = gr.Dropdown([], allow_custom_value=True, label="Subject")
                        o_flag = gr.Checkbox(label="Opt-out (never generate)")
                        o_btn = gr.Button("Set opt-out")
                with gr.Accordion("Enroll face photos", open=False):
                    e_subject = gr.Dropdown([], allow_custom_value=True, label="Subject")
                    e_photos = gr.File(label="Photos (one face each)", file_count="multiple", file_types=["image"], type="filepath", height=120, elem_id="enroll-photos")
                    e_btn = gr.Button("Enroll")
                with gr.Accordion("Adapters", open=False):
                    a_subject = gr.Dropdown([], allow_custom_value=True, label="Subject")
                    a_file = gr.File(label="Adapter file (LoRA / embedding)", type="filepath", height=120, elem_id="adapter-file")
                    a_kind = gr.Dropdown(["lora", "embedding"], value="lora", label="Adapter kind")
                    a_btn = gr.Button("Register adapter")
                with gr.Accordion("Issue a grant", open=True):
                    with gr.Row():
                        g_subject = gr.Dropdown([], allow_custom_value=True, label="Grant subject")
                        g_grantee = gr.Textbox(label="Grant grantee", placeholder="user or organisation allowed to generate")
                        g_project = gr.Textbox(label="Grant project")
                    g_description = gr.Textbox(label="Description of intended use", lines=2)
                    with gr.Row():
                        g_purposes = gr.CheckboxGroup([p.value for p in Purpose], label="Purposes", elem_id="grant-purposes")
                        g_operations = gr.CheckboxGroup([o.value for o in Operation], value=[Operation.LIKENESS_GENERATION.value], label="Operations")
                    g_media = gr.CheckboxGroup([m.value for m in Medium], value=[Medium.STILL_IMAGE.value], label="Grant media")
                    with gr.Row():
                        g_territories = gr.Textbox("US", label="Territories", info="ISO codes, comma separated, or 'worldwide'")
                        g_from = gr.Textbox(label="Valid from (UTC)", placeholder="2026-01-01")
                        g_until = gr.Textbox(label="Valid until (UTC)", placeholder="2027-01-01")
                    g_restrictions = gr.CheckboxGroup([r.value for r in Restriction], label="Content restrictions")
                    with gr.Row():
                        g_cap = gr.Number(0, label="Usage cap (0: none)", precision=0, minimum=0)
                        g_comp = gr.Textbox(label="Compensation reference")
                    with gr.Row():
                        g_ev_kind = gr.Dropdown([k.value for k in EvidenceKind], value=EvidenceKind.SIGNED_RELEASE.value, label="Evidence kind")
                        g_ev_file = gr.File(label="Evidence file (only its sha256 is kept)", type="filepath", height=120, elem_id="grant-evidence")
                    with gr.Row():
                        g_signer = gr.Dropdown([r.value for r in SignerRole if r is not SignerRole.VERIFIER], value=SignerRole.SELF.value, label="Signer role")
                        g_key = gr.File(label="Signing key (.key.pem)", type="filepath", height=120, elem_id="grant-key")
                        g_pass = gr.Textbox(label="Key password", type="password")
                    issue_btn = gr.Button("Sign and issue grant", variant="primary")
                with gr.Accordion("Revoke a grant", open=False):
                    with gr.Row():
                        v_grant = gr.Textbox(label="Grant id to revoke")
                        v_reason = gr.Textbox(label="Reason")
                        revoke_btn = gr.Button("Revoke", variant="stop")
                with gr.Row():
                    st_subject = gr.Dropdown([], allow_custom_value=True, label="Grants of subject (blank: all)")
                    st_btn = gr.Button("Show grant status")
                grant_table = gr.Dataframe(
                    headers=["grant", "subject", "grantee", "project", "purposes", "valid", "status", "usage"],
                    label="Grants", interactive=False,
                )

            with gr.Tab("Verify", id="verify"):
                vf_file = gr.File(label="Image to verify", type="filepath", height=120, elem_id="verify-file")
                vf_btn = gr.Button("Verify", variant="primary")
                vf_summary = gr.Markdown(elem_id="verify-summary")
                vf_json = gr.JSON(label="Full report")
                vf_download = gr.File(label="Report (JSON)", interactive=False)

            with gr.Tab("Audit", id="audit", visible=False) as audit_tab:
                with gr.Row():
                    au_subject = gr.Textbox(label="Filter: subject id")
                    au_grant = gr.Textbox(label="Filter: grant id")
                    au_limit = gr.Number(50, label="Entries", precision=0)
                    au_btn = gr.Button("Show entries")
                au_table = gr.Dataframe(
                    headers=["seq", "at", "kind", "summary", "hash"], label="Audit entries", interactive=False, wrap=True,
                    column_widths=["5%", "17%", "11%", "53%", "14%"],
                )
                au_check_btn = gr.Button("Check chain")
                au_check = gr.Markdown(elem_id="audit-check")

        # ------------------------------------------------------------------ wiring
        subject_pickers = [o_subject, e_subject, a_subject, g_subject, st_subject]
        form = [engine, model, mode, source, prompt, negative, subjects, purpose, media, territory, project,
                grantee, seed, steps, guidance, width, height, count]
        demo.load(h.session_start, None, [whoami, grantee, subjects, people_tab, audit_tab], api_visibility="private")
        for picker in subject_pickers:
            demo.load(h.subject_choices, None, picker, api_visibility="private")
        check_btn.click(h.check_consent, form, decision_md, api_name="check_consent")
        generate_outputs = [gallery, downloads, decision_md, verify_summary]
        generate_btn.click(h.clear_outputs, None, generate_outputs, queue=False, show_progress="hidden",
                           api_visibility="private").then(h.generate, form, generate_outputs, api_name="generate")
        vf_btn.click(h.verify_file, vf_file, [vf_summary, vf_json, vf_download], api_name="verify")
        people_tab.select(h.list_subjects, None, subject_table, api_name="list_subjects")
        add_subject_btn.click(
            h.add_subject, [s_id, s_name, s_aliases, s_kind, s_minor, s_opt_out, s_key, r_name, r_role, r_key],
            [people_status, subject_table, subjects], api_name="add_subject",
        ).then(h.subject_choices, None, g_subject, api_visibility="private")
        o_btn.click(h.set_opt_out, [o_subject, o_flag], [people_status, subject_table], api_name="set_opt_out")
        e_btn.click(h.enroll_photos, [e_subject, e_photos], people_status, api_name="enroll")
        a_btn.click(h.register_adapter, [a_subject, a_file, a_kind], people_status, api_name="register_adapter")
        issue_btn.click(
            h.issue_grant,
            [g_subject, g_grantee, g_project, g_description, g_purposes, g_operations, g_media, g_territories, g_from,
             g_until, g_restrictions, g_cap, g_comp, g_ev_kind, g_ev_file, g_signer, g_key, g_pass],
            [people_status, grant_table], api_name="issue_grant",
        )
        revoke_btn.click(h.revoke_grant, [v_grant, v_reason], [people_status, grant_table], api_name="revoke_grant")
        st_btn.click(h.grant_status, st_subject, grant_table, api_name="grant_status")
        au_btn.click(h.audit_entries, [au_subject, au_grant, au_limit], au_table, api_name="audit_entries")
        au_check_btn.click(h.audit_check, None, au_check, api_name="audit_check")
    return demo


def launch(
    settings: StudioSettings | None = None, *, host: str = "127.0.0.1", port: int = 7860,
    store: UserStore | None = None, prevent_thread_lock: bool = False,
) -> gr.Blocks:
    """Start the studio with login (``store.authenticate``); serves signed outputs from the data dir."""
    settings = settings or StudioSettings()
    store = store or UserStore.from_settings(settings)
    if not store.exists():
        raise AuthError(f"no users file at {store.path}; create one with `consent-studio users add NAME --role operator`")
    demo = build_app(settings, store=store)
    settings.outputs_dir.mkdir(parents=True, exist_ok=True)
    demo.queue(default_concurrency_limit=2)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=store.authenticate,
        auth_message="Consent Studio: sign in (operators: everything; creators: Generate and Verify).",
        allowed_paths=[str(settings.outputs_dir)],
        prevent_thread_lock=prevent_thread_lock,
        show_error=True,
        css=_CSS,
        quiet=True,
        inbrowser=False,
    )
    return demo


def main() -> None:
    """``python app.py``: same as ``consent-studio serve`` with default host/port."""
    from creator.cli import cli
    from creator.cli import main as cli_main
    from creator.cli.serve import serve, users

    cli.add_command(serve)
    cli.add_command(users)
    cli_main(["serve", *sys.argv[1:]])


if __name__ == "__main__":
    main()
