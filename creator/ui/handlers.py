"""Every handler of the studio: parse the form → call an operation or the Studio → render.

Handlers are plain typed methods: Gradio calls them (through :func:`creator.ui.forms.endpoint`
for multi-field forms), tests call them directly. They only call
:class:`consent.operations.Operations`, :class:`creator.studio.Studio` and
:func:`creator.verify.verify`. Outputs cross into the page as *file paths* (never PIL/numpy
images: Gradio re-encodes those to WebP, which strips the C2PA manifest).

Roles (see :mod:`creator.auth`): ``operator`` may do everything; ``creator`` may use
Generate and Verify only. Every handler checks the signed-in user's role itself, so a
creator is refused through the API as well as in the page.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from consent import audit_index
from consent.audit import set_actor
from consent.errors import ConsentError
from creator.auth import AuthError, Role, UserStore
from creator.errors import InputError
from creator.settings import StudioSettings
from creator.ui import render
from creator.ui.errors import for_people, ui_errors
from creator.ui.subjects import SubjectHandlers
from creator.ui.forms import (REMOVE_REPRESENTATIVE, GenerateForm, SubjectEditForm, SubjectForm, blank_to_none, picked_row,
                              split, ticked, whole)
from creator.ui.history import HistoryHandlers
from creator.ui.jobs_view import JobsHandlers

__all__ = ["StudioApp", "AUDIT_LIMIT", "remove_older", "ui_cache_root"]

_MODE_LABELS = {"text2img": "Text to image", "img2img": "Image to image", "inpaint": "Inpaint (paint the mask)"}

AUDIT_LIMIT = 200


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _user(request: gr.Request | None) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def ui_cache_root(settings: StudioSettings) -> Path:
    """The folder Gradio keeps its copies in and serves from: ``GRADIO_TEMP_DIR`` when the operator
    set it, else ``<data dir>/ui-cache``. A folder that is, holds or lies inside anything the server
    must never hand out (:meth:`StudioSettings.never_served`: the keys, the accounts, the database)
    or that lies in the data directory outside the UI cache is refused: Gradio serves every file
    under it to any signed-in user (red team 69: ``GRADIO_TEMP_DIR`` at the data directory gave a
    creator ``users.json`` and the signing keys)."""
    import os

    from creator.errors import SettingsInvalid

    def within(a: Path, b: Path) -> bool:  # a is b or inside it
        return a == b or b in a.parents

    data = Path(os.path.realpath(settings.data_dir))
    cache = Path(os.path.realpath(settings.ui_cache_dir))
    never = [Path(os.path.realpath(p)) for p in settings.never_served()]
    chosen_real = None
    # Gradio also serves every file under its examples cache (red team 71): held to the same rule
    for var in ("GRADIO_TEMP_DIR", "GRADIO_EXAMPLES_CACHE"):
        chosen = os.environ.get(var)
        if not chosen:
            continue
        real = Path(os.path.realpath(Path(chosen).expanduser()))
        clash = next((p for p in never if within(real, p) or within(p, real)), None)
        if clash is None and within(data, real):
            clash = settings.data_dir
        if clash is None and within(real, data) and not within(real, cache):
            clash = settings.data_dir
        if clash is not None:
            raise SettingsInvalid(
                f"{var} {chosen} overlaps {clash}: the web server hands out every file under {var} to any "
                f"signed-in user; unset it (the studio uses {settings.ui_cache_dir}) or name a folder of its own")
        if var == "GRADIO_TEMP_DIR":
            chosen_real = real
    return chosen_real or settings.ui_cache_dir


def remove_older(root: Path, age_s: float) -> None:
    """Remove every file and folder right under ``root`` last changed more than ``age_s`` ago (the
    UI cache a crashed server left, the Verify tab's old reports); what cannot be removed stays."""
    import shutil
    import time

    cutoff = time.time() - age_s
    for entry in root.iterdir():
        try:
            if entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        except OSError:
            pass


class StudioApp(SubjectHandlers, JobsHandlers, HistoryHandlers):
    """Every handler of the studio. One instance per server; all state is in the data dir."""

    def __init__(self, settings: StudioSettings, *, store: UserStore | None = None, studio: Any = None):
        self.settings = settings
        self.store = store or UserStore.from_settings(settings)
        self._studio = studio
        self._ops = None

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

    @property
    def ops(self):
        if self._ops is None:
            from creator.personas import operations_for

            self._ops = operations_for(self.settings, self.registry)
        return self._ops

    def _role(self, request: gr.Request | None) -> tuple[str, Role]:
        name = _user(request)
        if not name:
            raise AuthError("sign-in required: this studio serves signed-in users only")
        role = self.store.role_of(name)
        if role is None:
            raise AuthError(f"user {name!r} is not in the users file (removed?); ask an operator")
        # Audit entries written by this request name the signed-in user. Gradio runs each
        # handler in a copy of the context, so this never leaks into another request.
        # (red team s65 A) with the account's creation: what an earlier account of the name asked
        # for (an approval of a request) is not this account's
        account = self.store.get(name)
        set_actor(f"ui:{name}", since=account.created_at if account is not None else None)
        return name, role

    def _maker(self, name: str):
        """For :func:`creator.ui.render.report_for`: whether the signed-in account ``name`` made
        the output of a report's record (its name, and asked for once the account existed)."""
        from creator.jobs.model import asked_at

        def made(record: dict) -> bool:
            account = self.store.get(name)
            return account is not None and account.made(
                record.get("owner"), asked_at(self.registry, record.get("job_id"), record.get("created_at")))

        return made

    def _require_operator(self, request: gr.Request | None, action: str) -> str:
        name, role = self._role(request)
        if role is not Role.OPERATOR:
            raise AuthError(f"{action} requires the operator role; you are signed in as {role.value} {name!r}. "
                            "Ask an operator to do this.")
        return name

    # ------------------------------------------------------------------ session
    @ui_errors
    def session_start(self, request: gr.Request) -> tuple[Any, ...]:
        """On page load: who is signed in, which tabs they may use, their grantee, subject choices."""
        name, role = self._role(request)
        operator = role is Role.OPERATOR
        extra = self._grantees_of(name)
        return (
            f"Signed in as **{name}** ({role.value})",
            # a creator types only the grantees an operator named for the account (session 64)
            gr.Textbox(value=name, interactive=operator or bool(extra),
                       info=f"who generates, as named in grants; this account generates as {', '.join((name, *extra))}"
                       if extra and not operator else "who generates, as named in grants"),
            gr.Dropdown(choices=self._subject_choices(name, role)),
            gr.Tab(visible=operator),
            gr.Tab(visible=operator),
        )

    def _grantees_of(self, name: str | None) -> tuple[str, ...]:
        """The grantees an operator named for account ``name``, besides its own name."""
        account = self.store.get(name) if name else None
        return tuple(account.grantees) if account is not None else ()

    def _subject_choices(self, user: str | None = None, role: Role = Role.OPERATOR) -> list[tuple[str, str]]:
        """Subjects a user may pick: every subject for an operator; for a creator only those with a
        grant naming them as grantee, and fictional personas (the registry is not theirs to list)."""
        subjects = self.registry.list_subjects()
        if role is not Role.OPERATOR:
            from consent.records import SubjectKind

            mine = {user, *self._grantees_of(user)}
            granted = {sg.grant.subject_id for sg in self.registry.list_grants() if sg.grant.grantee in mine}
            subjects = [s for s in subjects if s.id in granted or s.kind is SubjectKind.FICTIONAL_PERSONA]
        return [(f"{s.display_name} ({s.id})", s.id) for s in subjects]

    @ui_errors
    def subject_choices(self, request: gr.Request) -> gr.Dropdown:
        """Refresh the subject pickers (scoped to the signed-in user's role)."""
        name, role = self._role(request)
        return gr.Dropdown(choices=self._subject_choices(name, role))

    def _models_for(self, engine: str) -> list[tuple[str, str]]:
        """(label, name) of the registered models of ``engine`` (names and kinds; never server paths)."""
        names = set(self.studio.model_names(engine))
        return [(f"{m.name} ({m.kind})", m.name) for m in self.registry.list_models() if m.name in names]

    @ui_errors
    def model_choices(self, request: gr.Request, engine: str | None = None) -> gr.Dropdown:
        """The registered models a creator may pick (of ``engine`` when given)."""
        self._role(request)
        if engine:
            return gr.Dropdown(choices=[("", "")] + self._models_for(engine))
        return gr.Dropdown(choices=[("", "")] + [(f"{m.name} ({m.kind})", m.name) for m in self.registry.list_models()])

    @ui_errors
    def engine_form(self, engine: str | None, mode: str | None = None, model: str | None = None,
                    request: gr.Request | None = None) -> tuple[Any, ...]:
        """The Generate form for ``engine``: its modes, its models, the editor, steps and guidance
        only where the engine uses them, and what the engine does with the prompt. The current
        ``mode`` and ``model`` stay when the engine supports them (e.g. settings reused from a job)."""
        from creator.ui.forms import ENGINE_MODES, ENGINE_NOTES

        self._role(request)
        engine = engine if engine in ENGINE_MODES else "gan"
        diffusion = engine == "diffusion"
        models = self._models_for(engine)
        default = self.settings.diffusion_model if diffusion and self.settings.diffusion_model in {n for _, n in models} else None
        if diffusion and default is None and models:
            default = models[0][1]
        if model in {n for _, n in models}:
            default = model
        blank = [("built-in GAN", "")] if not diffusion else []
        info = ("blank: the built-in GAN; or a GAN model an operator registered" if not diffusion else
                "the registered diffusion models" if models else "no diffusion model is registered yet: ask an operator")
        return (
            gr.Radio(choices=[(_MODE_LABELS[m], m) for m in ENGINE_MODES[engine]],
                     value=mode if mode in ENGINE_MODES[engine] else "text2img"),
            gr.Dropdown(choices=blank + models, value=default or "", info=info),
            gr.update(visible=diffusion),  # source image editor
            gr.update(visible=diffusion),  # steps
            gr.update(visible=diffusion),  # guidance
            gr.update(visible=diffusion),  # negative prompt
            ENGINE_NOTES[engine],
        )

    def disclosure_choice_lists(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(label, value) of the label corners and output formats the active disclosure profile
        allows, each list led by the studio's default (value "")."""
        from creator.disclosure.choices import FORMAT_LABELS, choices

        c = choices(self.settings)
        return ([(f"default ({c.default_position})", "")] + [(p, p) for p in c.positions],
                [(f"default ({c.default_format.upper()})", "")] + [(FORMAT_LABELS.get(f, f), f) for f in c.formats])

    @ui_errors
    def disclosure_choices(self, request: gr.Request) -> tuple[gr.Dropdown, gr.Dropdown]:
        """The label corners and output formats the active disclosure profile allows."""
        self._role(request)
        corners, formats = self.disclosure_choice_lists()
        return gr.Dropdown(choices=corners, value=""), gr.Dropdown(choices=formats, value="")

    # ------------------------------------------------------------------ Generate
    def _build_request(self, form: GenerateForm, request: gr.Request | None):
        from creator.request import GenerationRequest

        name, role = self._role(request)
        grantee = (form.grantee or "").strip() or name
        if role is not Role.OPERATOR:
            account = self.store.get(name)
            if account is None or not account.may_generate_for(grantee):
                # (a fresh user's walkthrough, session 64) an agency's creators work under the
                # agency's grants: an operator names the grantees an account may generate for
                extra = self._grantees_of(name)
                allowed = ", ".join(repr(g) for g in (name, *extra))
                # the command sets the whole list: it keeps the account's other grantees (red team s64 G)
                command = " ".join(_shell_word(g) for g in (name, *extra, grantee))
                raise AuthError(f"grantee is {grantee!r}, but this account generates only as {allowed}; an operator "
                                f"can let it generate for {grantee!r} (consent-studio users grantees {command})")
        form.check_engine()
        src_path, mask_bytes = form.editor_images()
        try:
            guidance = float(form.guidance)
        except (TypeError, ValueError):
            raise InputError(f"`guidance` must be a number, got {form.guidance!r}") from None
        return GenerationRequest.build(
            grantee=grantee,
            purpose=form.purpose or "",
            engine=form.engine or "",
            model=blank_to_none(form.model),
            mode=form.mode or "",
            prompt=form.prompt or "",
            negative_prompt=form.negative_prompt or "",
            subjects=tuple(form.subjects or ()),
            territory=(form.territory or "").strip(),
            media=form.media or "",
            project=blank_to_none(form.project),
            source=src_path,
            mask=mask_bytes,
            width=whole(form.width, "width"),
            height=whole(form.height, "height"),
            steps=whole(form.steps, "steps"),
            guidance=guidance,
            seed=form.seed_value(),
            num_images=whole(form.count, "count"),
            label_position=blank_to_none(form.label_position),
            output_format=blank_to_none(form.output_format),
        )

    @ui_errors
    def check_consent(self, form: GenerateForm, request: gr.Request) -> str:
        """What the policy would decide for this request now (audited), before generating."""
        from consent.errors import describe
        from creator.errors import GenerationError

        req = self._build_request(form, request)
        try:
            model = self.studio.check_model(req)  # the very check Generate runs first
        except (InputError, GenerationError) as e:
            return render.not_ready_html(for_people(describe(e).message))
        _name, role = self._role(request)
        return self._decision_view(self.studio.check(req), req, ready=render.model_line(req.engine, model),
                                   operator=role is Role.OPERATOR)

    @staticmethod
    def _decision_view(decision: Any, req: Any = None, *, note: str | None = None, ready: str | None = None,
                       operator: bool = False) -> str:
        """The decision rendered once, with the faces it names boxed on the uploaded image. A
        creator is not told who a registered person found only by their face is (operators are)."""
        from creator.ui.visuals import decision_pictures

        images = {}
        if req is not None and getattr(req, "source", None) is not None:
            images["source"] = req.source.open()
        for i, ref in enumerate(getattr(req, "references", None) or ()):
            images[f"references[{i}]"] = ref.open()
        pictures = decision_pictures(render.face_marks(decision, operator=operator), images) if images else {}
        return render.decision_markdown(decision, note=note, pictures=pictures, ready=ready, operator=operator)

    # generate (the API's blocking /generate), submit_job, job_status, cancel_job: creator/ui/jobs_view.py

    # ------------------------------------------------------------------ Verify
    def _verify(self, path: str | Path):
        """The upload verified as the public page reads it (:func:`creator.ui.public.verify_upload`:
        its formats, its limits from the header, WebP through its pixels), or an InputError."""
        from creator.ui.public import PublicLimits, verify_upload

        limits = PublicLimits.from_settings(self.settings)
        try:
            with open(path, "rb") as f:
                data = f.read(limits.max_upload_bytes + 1)
        except OSError as e:
            raise InputError(f"the uploaded file cannot be read ({e.strerror})") from None
        return verify_upload(data, Path(path), settings=self.settings, registry=self.registry, limits=limits)

    @ui_errors
    def verify_file(self, file: str | None, request: gr.Request) -> tuple[str, dict, str]:
        """Verify any image: (summary, full report, path of the JSON report for download).

        The facts of another user's output (its record, decision, grants, the original a
        stripped copy resolves to) are shown only to its maker and to operators; never a server
        path or file name."""
        name, role = self._role(request)
        if not file:
            raise InputError("no file uploaded; expected an image to verify")
        report = self._verify(file)
        data = render.report_for(report.to_dict(), Path(file).name, viewer=f"ui:{name}",
                                 operator=role is Role.OPERATOR, maker=self._maker(name))
        if role is Role.OPERATOR and render.verify_verdict(data).kind in ("ok", "copy", "revoked"):
            # whom a file depicts, said only of a file whose credentials (or whose original's)
            # hold: a real manifest spliced onto other pixels is not her picture (red team s67b)
            data = {**data, "depicts": self._depicted(data)}
        # an operator's report (the records' facts, whom it depicts) is served to operators only
        # (creator.ui.server.OPERATOR_FILE), whoever has its address
        prefix = "op-" if role is Role.OPERATOR else "verify-"
        out = Path(tempfile.mkdtemp(prefix=prefix, dir=self._reports_dir())) / (Path(file).stem + ".verify.json")
        out.write_text(json.dumps(data, indent=2, sort_keys=True, default=str), encoding="utf-8")
        from creator.ui.visuals import thumbnail_data_uri

        return render.verify_html(Path(file).name, data, thumbnail=thumbnail_data_uri(file)), data, str(out)

    def _depicted(self, data: dict) -> list[dict[str, Any]]:
        """Who the grants of a verified output are for, as they stand now (operators only: an
        operator's walkthrough, session 67, found the card never said whose likeness it was)."""
        out: list[dict[str, Any]] = []
        for g in data.get("grants") or ():
            try:
                sid = self.registry.get_grant(str(g.get("grant_id"))).grant.subject_id
                s = self.registry.get_subject(sid)
            except ConsentError:
                continue
            if all(d["subject_id"] != s.id for d in out):
                out.append({"subject_id": s.id, "name": s.display_name, "opted_out": s.opt_out})
        return out

    #: a verify report's folder is removed once this old (s), as Gradio's copy of it is
    REPORTS_KEPT_S = 86400

    def _reports_dir(self) -> Path:
        """Where the Verify tab writes a report for download: inside the data directory (0700), not
        the system's temporary folder, and each report's folder removed after a day (red team 66:
        the reports piled up in /tmp). In the UI cache in use (:func:`ui_cache_root`): a report
        elsewhere is a file Gradio refuses to serve (red team 69, with ``GRADIO_TEMP_DIR`` set)."""
        root = ui_cache_root(self.settings) / "verify-reports"  # where Gradio may serve it from
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_older(root, self.REPORTS_KEPT_S)
        return root

    # ------------------------------------------------------------------ People & consent
    def _subject_rows(self) -> list[list[Any]]:
        return self.subject_rows_with_counts()

    @ui_errors
    def add_subject(self, form: SubjectForm, request: gr.Request) -> tuple[str, list[list[Any]], gr.Dropdown]:
        """Register a person or persona (keys are public-key PEM files)."""
        self._require_operator(request, "adding a subject")
        subject = self.ops.add_subject(
            form.subject_id, form.display_name, aliases=split(form.aliases), kind=form.kind, minor=ticked(form.minor, "minor"),
            opt_out=ticked(form.opt_out, "opt-out"), representative_name=form.rep_name, representative_role=form.rep_role,
            keys=[Path(form.subject_key)] if form.subject_key else (),
            representative_key=Path(form.rep_key) if form.rep_key else None,
            famous_namesake=ticked(form.famous_namesake, "also known by this famous name"),
        )
        same = self.namesake_warning(subject.id)
        return (f"Subject **{subject.id}** saved." + (f"\n\n⚠ {same}" if same else ""), self._subject_rows(),
                gr.Dropdown(choices=self._subject_choices()))

    @ui_errors
    def edit_subject(self, form: SubjectEditForm, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Change a subject's display name, aliases or minor flag, or add a signing key."""
        self._require_operator(request, "editing a subject")
        if not (form.subject_id or "").strip():
            raise InputError("`subject` is required; pick the subject to edit")
        minor = {"unchanged": None, "": None, "yes": True, "no": False}.get(form.minor, form.minor) \
            if isinstance(form.minor, str) else form.minor
        if minor is not None and not isinstance(minor, bool):
            raise InputError(f"`minor` is {form.minor!r}; expected unchanged, yes or no")
        remove = form.rep_role == REMOVE_REPRESENTATIVE
        s = self.ops.update_subject(form.subject_id, display_name=blank_to_none(form.display_name),
                                    aliases=split(form.aliases) if (form.aliases or "").strip() else None, minor=minor,
                                    famous_namesake=ticked(form.famous_namesake, "also known by this famous name"),
                                    keys=[Path(form.subject_key)] if form.subject_key else (),
                                    representative_name=blank_to_none(form.rep_name),
                                    representative_role=None if remove else (form.rep_role or None),
                                    representative_key=Path(form.rep_key) if form.rep_key else None,
                                    remove_representative=remove)
        stopped = self.ops.grants_refused_by_subject_rules(s.id)
        same = self.namesake_warning(s.id) if form.display_name or (form.aliases or "").strip() else ""
        return (f"Subject **{s.id}** saved." + "".join(f"\n\n⚠ {render.md_escape(line)}" for line in stopped)
                + (f"\n\n⚠ {same}" if same else ""), self._subject_rows())

    @ui_errors
    def list_subjects(self, request: gr.Request) -> list[list[Any]]:
        self._require_operator(request, "listing subjects")
        return self._subject_rows()

    @ui_errors
    def set_opt_out(self, subject_id: str, opt_out: str | bool | None, reason: str = "",
                    request: gr.Request = None) -> tuple[str, list[list[Any]]]:
        """Set ("set") or lift ("lift", with the reason) a subject's "never generate me" flag;
        nothing changes until one is picked."""
        self._require_operator(request, "changing opt-out")
        flag = {"set": True, "lift": False}.get(opt_out, opt_out) if isinstance(opt_out, str) else opt_out
        if not isinstance(flag, bool):
            raise InputError("`opt-out` is not picked; choose “never generate (opt out)” or “lift the opt-out”")
        self.ops.set_opt_out(subject_id, flag, reason=reason or None)
        said = ("is opted out: nothing is generated of them any more, whatever their grants say" if flag else
                "is no longer opted out: their grants in force allow what they say again")
        return f"Subject **{subject_id}** {said}.", self._subject_rows()

    @ui_errors
    def enroll_photos(self, subject_id: str, photos: list[str] | None, same_face: bool = False,
                      request: gr.Request = None) -> str:
        """Face enrollment; every refused photo is named with what was found and what is required.
        ``same_face``: the operator confirms that another subject has this face too (twins)."""
        self._require_operator(request, "enrolling photos")
        if not subject_id:
            raise InputError("`subject` is required; pick the subject whose photos these are")
        if not photos:
            raise InputError("no photos uploaded; expected one or more photos with exactly one sharp face each")
        try:
            rows = self.ops.enroll(subject_id, [Path(p) for p in photos],
                                   same_face_ok=ticked(same_face, "another subject has this face too"))
        except ConsentError as e:
            # the photos as the operator named them, not where the server keeps its copies
            # (user audit: "refused /srv/…/ui-cache/018d…/noface.png")
            msg = str(e)
            for p in sorted(map(str, photos), key=len, reverse=True):
                msg = msg.replace(p, Path(p).name)
            if msg != str(e):
                e.args = (msg, *e.args[1:])
            raise
        sizes = ", ".join(f"{r.face_size}px/sharpness {r.quality:.0f}" for r in rows)
        warning = self.duplicate_warning(subject_id)
        if warning:
            gr.Warning(warning.replace("**", ""), title="Same face, two people", duration=None)
        return f"Enrolled **{len(rows)}** face template(s) for **{subject_id}** ({sizes})." + (f"\n\n{warning}" if warning else "")

    @ui_errors
    def register_adapter(self, subject_id: str, file: str | None, kind: str, request: gr.Request) -> str:
        """Bind an adapter file (LoRA / embedding) to a subject by its sha256."""
        self._require_operator(request, "registering an adapter")
        if not subject_id:
            raise InputError("`subject` is required; pick the subject this adapter depicts")
        if not file:
            raise InputError("no adapter file uploaded")
        rec = self.ops.bind_adapter(subject_id, Path(file), kind)
        return f"Adapter `{rec.name}` (sha256 `{rec.sha256}`) is bound to **{subject_id}**."

    @ui_errors
    def revoke_grant(self, grant_id: str, reason: str, request: gr.Request, confirm: bool = True) -> tuple[str, list[list[Any]]]:
        """Revoke a grant now; decisions from this moment on deny it (the page asks to ``confirm``)."""
        name = self._require_operator(request, "revoking a grant")
        if not ticked(confirm, "confirm"):
            raise InputError("`confirm` is not ticked; tick “Yes, revoke this grant now” to revoke it")
        revocation = self.ops.revoke_grant(grant_id, reason, name)
        return f"Grant **{revocation.grant_id}** revoked: {revocation.reason}", render.grant_rows(self.ops.grant_views())

    @ui_errors
    def grant_status(self, subject_id: str | None, request: gr.Request) -> list[list[Any]]:
        """Every grant (of one subject, or all) with its status now and its usage."""
        self._require_operator(request, "viewing grants")
        return render.grant_rows(self.ops.grant_views(subject_id or None))

    #: how many grants the People & consent tab shows when it opens ("Show grant status" lists all)
    RECENT_GRANTS = 100

    @ui_errors
    def recent_grants(self, request: gr.Request) -> gr.Dataframe:
        """The grants table when the tab opens: the newest :data:`RECENT_GRANTS` grants with their
        status now (user audit: the table was empty until "Show grant status", so a grant could
        not be clicked to revoke it; all 20,000 grants of a large registry take seconds to read)."""
        self._require_operator(request, "viewing grants")
        n = self.RECENT_GRANTS
        rows = render.grant_rows(self.ops.grant_views(newest=n))
        label = (f"Grants: the {n} newest (Show grant status lists every one)" if len(rows) >= n else "Grants")
        return gr.Dataframe(value=rows, label=label)

    # ------------------------------------------------------------------ Requests (creators → operators)
    @ui_errors
    def file_request(self, kind: str, subject: str, message: str, decision: str = "", request: gr.Request = None) -> str:
        """A denied creator asks the operators for a name exception or a grant, about ``decision``
        (the denial the Generate tab showed them: :meth:`request_decision_field`; blank: none). The
        operations service refuses a decision that was not made for this user (another's, made up)."""
        name, _role = self._role(request)
        rec = self.ops.file_request(kind or "", f"ui:{name}", subject, message, (decision or "").strip() or None,
                                    since=self.store.require(name).created_at)  # this account's, not an earlier one's
        about = f" about decision {rec.decision_id}" if rec.decision_id else ""
        return (f"Request **{rec.id}**{about} sent to the operators; its answer appears under *Your requests* below "
                "(press *Refresh answers*).")

    @staticmethod
    def request_decision_field(decision_html: str | None) -> str:
        """The request form's "About decision": the id of the denial the Generate tab shows now
        (Check consent's or a job's), blank when it shows none (user audit: requests from the page
        never said which denial they were about)."""
        return render.shown_denial(decision_html)

    #: the columns of "Your requests" (the Generate tab): what a creator asked and what came back
    OWN_REQUEST_HEADERS = ["id", "sent", "kind", "about", "status", "answer", "answered"]

    @ui_errors
    def own_requests(self, request: gr.Request) -> list[list[Any]]:
        """The signed-in user's own requests, newest first, with the operators' answers (user audit:
        creators were told the answer would appear "here when you refresh", but only operators'
        People & consent tab listed requests)."""
        from consent.errors import one_line

        name, _role = self._role(request)
        account = self.store.require(name)
        return [[r.id, r.created_at[:16].replace("T", " "), r.kind, one_line(r.subject), r.status,
                 one_line(r.answer) if (r.answer or "").strip() else "",
                 (r.decided_at or "")[:16].replace("T", " ")]
                for r in self.registry.requests(status=None, requested_by=f"ui:{name}", limit=50)
                if account.made(r.requested_by, r.created_at)]  # not an earlier account's of that name

    #: the columns of "Requests from creators" (People & consent)
    REQUEST_HEADERS = ["id", "kind", "from", "about", "message", "status", "answer", "decision"]

    @ui_errors
    def my_requests(self, request: gr.Request) -> list[list[Any]]:
        """The queue (operators: everyone's; a creator: their own). Its "decision" column says which
        denial a request is about, as the signed log recorded it: id, when, the prompt shortened
        (where a job kept it), what was asked for and the rule that denied — to operators; a creator
        is shown the decision's id only (the rule's full words may name whom a face is)."""
        name, role = self._role(request)
        operator = role is Role.OPERATOR
        rs = self.registry.requests(status=None, requested_by=None if operator else f"ui:{name}")
        if not operator:  # this account's, not an earlier account's of that name
            account = self.store.require(name)
            rs = [r for r in rs if account.made(r.requested_by, r.created_at)]
        from consent.errors import one_line

        def decision(r) -> str:
            if not r.decision_id:
                return ""
            return self.ops.request_decision(r).line() if operator else f"decision {one_line(r.decision_id)}"

        # a creator's text shown as written: a bidi override reordered what the operator read (red team 68)
        return [[r.id, r.kind, r.requested_by, one_line(r.subject), one_line(r.message), r.status,
                 one_line(r.answer) if (r.answer or "").strip() else "", decision(r)] for r in rs]

    @ui_errors
    def pick_request(self, rows: Any, evt: gr.SelectData, request: gr.Request) -> tuple[str, str]:
        """A click on a row of the requests table: that request into the answer form, and what it is
        about, the decision in full (operators)."""
        self._require_operator(request, "answering a request")
        values = picked_row(rows, evt)
        if values is None:
            return "", ""
        rec = self.registry.get_request(str(values[0]))
        d = self.ops.request_decision(rec)
        famous = ", ".join(self.ops.famous_people_named(rec.subject)) if rec.kind == "exception" else None
        return rec.id, render.request_details(rec, d, famous or None)

    @ui_errors
    def answer_request(self, request_id: str, approve: bool, answer: str, famous_ok: bool = False,
                       request: gr.Request = None) -> tuple[str, list[list[Any]]]:
        """Approve or decline the request; an exception for a known real person's name needs
        ``famous_ok`` (the “Yes, allow a famous person's name” box)."""
        name = self._require_operator(request, "answering a request")
        rec = self.ops.answer_request((request_id or "").strip(), ticked(approve, "approve"), answer or "", f"ui:{name}",
                                      famous_ok=ticked(famous_ok, "allow a famous person's name"))
        return f"Request **{rec.id}** {rec.status}.", self.my_requests(request)

    # ------------------------------------------------------------------ watched names
    @ui_errors
    def watched_names(self, request: gr.Request) -> list[list[Any]]:
        """The operators' watch list: real people the name check reads as people."""
        self._require_operator(request, "listing watched names")
        return [[r.name, r.reason, r.added_by, r.added_at] for r in self.registry.watched_names()]

    @ui_errors
    def watch_names(self, names: str, reason: str, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Watch the names typed one per line (all or none; each signed in the audit log)."""
        who = self._require_operator(request, "watching names")
        lines = [ln.strip() for ln in (names or "").splitlines() if ln.strip()]
        if not lines:
            raise InputError("`names` is required: one real person's name per line")
        recs = self.ops.watch_names(lines, reason or "", f"ui:{who}")
        return f"{len(recs)} name{'s' if len(recs) != 1 else ''} watched.", self.watched_names(request)

    @ui_errors
    def unwatch_name(self, name: str, reason: str, request: gr.Request) -> tuple[str, list[list[Any]]]:
        """Take one name off the watch list, saying why."""
        who = self._require_operator(request, "taking a name off the watch list")
        name = " ".join((name or "").split())
        if not name:
            raise InputError("`name` is required: the watched name to take off")
        self.ops.unwatch_name(name, reason or "", f"ui:{who}")
        return f"'{name}' is no longer watched.", self.watched_names(request)

    # ------------------------------------------------------------------ Audit
    @ui_errors
    def audit_entries(self, subject_id: str, grant_id: str, limit: float, kind: str = "", who: str = "",
                      since: str = "", until: str = "", request: gr.Request = None) -> list[list[Any]]:
        """Recent audit entries, newest first, optionally only those naming a subject (by id or by
        a name she goes by), a grant, an actor (``who``: "ui:filmmaker", "talent-link"), of one
        ``kind``, recorded from ``since`` and before ``until`` (dates, UTC). An operator's
        walkthrough (session 67): the tab filtered by subject or grant id only, and a person's name
        found only the entries that added her."""
        self._require_operator(request, "reading the audit log")
        n = whole(limit, "entries", default=AUDIT_LIMIT) or AUDIT_LIMIT
        if not 1 <= n <= 1000:
            raise InputError(f"“Entries” must be between 1 and 1000, got {n}")
        subject = (subject_id or "").strip()
        # a person by id, or by a name she goes by: the entries naming her id and those naming the
        # name as typed (a creator's request names her; red team s67b)
        people = [subject]
        if subject and not self._subject_exists(subject):
            named = self.ops.subjects_named(subject)
            if len(named) > 1:
                raise InputError(f"“{subject}” is the name of {len(named)} subjects ("
                                 + ", ".join(x.id for x in named) + "); filter by one of their ids")
            people += [x.id for x in named]
        actor = (who or "").strip()
        from creator.audit_export import log_time

        since_t = log_time((since or "").strip() or None, "“From”")
        until_t = log_time((until or "").strip() or None, "“Before”")
        found: dict[int, Any] = {}
        for person in people:
            needles = [x for x in (person, (grant_id or "").strip(), actor) if x]
            for e in self.registry.audit_page(limit=n, mentions=needles, kind=(kind or "").strip() or None,
                                              since=since_t, until=until_t):
                # "who" is who acted (the entry's actor), not any text of it that a creator may
                # have typed (red team s67b: a request filed about "ui:olive" read as hers)
                if not actor or (e.payload.get("actor") if isinstance(e.payload, dict) else None) == actor:
                    found[e.seq] = e
        return render.audit_rows([found[k] for k in sorted(found, reverse=True)[:n]])

    def _subject_exists(self, subject_id: str) -> bool:
        try:
            self.registry.get_subject(subject_id)
        except ConsentError:
            return False
        return True

    @ui_errors
    def audit_export(self, since: str = "", until: str = "", request: gr.Request = None) -> str:
        """The audit log (or the dates given) as signed, with the audit key and a signed checkpoint,
        as a file to hand an auditor (``consent-studio audit check-export FILE`` checks it anywhere):
        it was on the command line only (an operator's walkthrough, session 67)."""
        self._require_operator(request, "exporting the audit log")
        from creator.audit_export import export_log, log_time

        doc = export_log(self.registry, since=log_time((since or "").strip() or None, "“From”"),
                         until=log_time((until or "").strip() or None, "“Before”"))
        out = Path(tempfile.mkdtemp(prefix="audit-", dir=self._reports_dir())) / "consent-studio-audit-export.json"
        out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return str(out)

    @ui_errors
    def audit_check(self, request: gr.Request) -> str:
        """Walk the hash chain; name the first broken position."""
        self._require_operator(request, "checking the audit chain")
        report = self.registry.verify_audit()
        if report.ok:
            return f"Audit chain intact: {report.entries} entries, head `{report.head_hash[:16]}…`"
        if report.message.startswith(audit_index.PROBLEM):  # the chain is intact; its search index is not
            return f"Audit search index does NOT match the signed log at entry **{report.first_broken}**: {report.message}"
        return f"Audit chain BROKEN at entry **{report.first_broken}**: {report.message}"
