""""My outputs": a user's jobs and signed files, read from the registry (survives a reload).

Handlers (mixed into :class:`~creator.ui.handlers.StudioApp`), each checking who asks: a
creator sees, downloads, verifies and reuses only their own jobs; an operator every job.
Another user's job answers "not found", as a job that does not exist does.

- :meth:`HistoryHandlers.my_outputs`: thumbnails (the disclosed files themselves, label
  included) and one row per job: when, state, seed actually used, prompt, download links.
- Downloads go through ``GET /download/{job_id}/{index}`` (:func:`add_download_route`): the
  stored file is sent as it is (content-addressed name on disk) with a readable download
  name (``consent-studio_<date>_<time>_seed-<seed>_<sha256[:8]>.png``) in
  ``Content-Disposition``; the same ownership rule applies.
- :meth:`HistoryHandlers.verify_output`: the Verify tab's flow and rendering, for a stored output.
- :meth:`HistoryHandlers.reuse_settings`: every generation setting of a job, with the seed
  it actually used, back into the Generate form.
"""

from __future__ import annotations

import logging
import urllib.parse
from typing import Any

import gradio as gr

from consent.errors import ConsentError
from creator.auth import Role
from creator.errors import InputError
from creator.jobs.store import signed_output
from creator.ui import render
from creator.ui.errors import ui_errors
from creator.ui.forms import whole

__all__ = ["HistoryHandlers", "HISTORY_HEADERS", "HISTORY_LIMIT", "add_download_route", "download_path"]

HISTORY_LIMIT = 50
HISTORY_HEADERS = ["job", "submitted (UTC)", "owner", "state", "seed", "prompt", "outputs"]
log = logging.getLogger(__name__)
_FORM_FIELDS = ("engine", "model", "mode", "source", "prompt", "negative_prompt", "subjects", "purpose", "media",
                "territory", "project", "grantee", "seed", "steps", "guidance", "width", "height", "count",
                "label_position", "output_format")


def _visible(update: Any) -> dict[str, Any]:
    """The ``visible`` of an update made by ``gr.update`` (empty when it sets none)."""
    return {"visible": update["visible"]} if isinstance(update, dict) and "visible" in update else {}


def download_path(job_id: str, index: int) -> str:
    """The URL path that downloads output ``index`` of ``job_id`` under its readable name."""
    return f"/download/{urllib.parse.quote(job_id, safe='')}/{int(index)}"


def _signed_path(registry: Any, o) -> str | None:
    """Where output ``o``'s signed file is (found from its digest, its bytes checked), or None."""
    try:
        return str(signed_output(registry, o.sha256, o.location).path)
    except ConsentError as e:
        log.warning("output %s… is not shown: %s", o.sha256[:16], e)
        return None


def consent_lapsed(registry: Any, sha256: str) -> str | None:
    """Why the consent output ``sha256`` was made under is not in force now (a grant revoked,
    expired, the person opted out …), or None: in force, or made under no grant. A creator's
    My outputs says so, and their download of it is refused (a walkthrough as a rights operator,
    session 65: a revoked person's images were still offered with no word)."""
    import datetime as dt

    from creator.verify import _check_grant

    try:
        rec = registry.find_output(sha256=sha256)
    except ConsentError:
        return None  # a record that cannot be vouched for: the file checks after this serve nothing
    if rec is None or not rec.grant_ids:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    for gid in rec.grant_ids:
        try:  # (one read of the grant: the record names no digest to compare)
            check = _check_grant(gid, None, registry, now)
        except ConsentError:
            return f"grant {gid} cannot be read"
        if not check.ok:
            return check.message
    return None


def _caption(job, o) -> str:
    from creator.jobs.model import output_seeds

    when = (job.finished_at or job.submitted_at or "")[:16].replace("T", " ")
    # the output's own seed, as signed into it (image k of the call: the job's seed + k)
    own = dict(zip((x.sha256 for x in job.outputs), output_seeds(job))).get(o.sha256)
    seed = f"seed {own}" if own is not None else "seed ?"
    return f"{when} · {seed} · {o.sha256[:8]}"


class HistoryHandlers:
    """My outputs. Mixed into StudioApp (uses its ``_scope``, ``jobs``, ``_job``, ``_verify``)."""

    def _history(self, request: gr.Request | None) -> tuple[list, bool]:
        owner, scope = self._scope(request)
        return self.jobs.list(scope, limit=HISTORY_LIMIT), scope is None

    @ui_errors
    def my_outputs(self, request: gr.Request) -> tuple[list[tuple[str, str]], list[list[Any]], list[list[Any]]]:
        """(thumbnails with captions, one row per job, the (job id, output index) of each thumbnail).

        Creators: their own jobs; operators: everyone's. Newest first, active jobs on top."""
        jobs, everyone = self._history(request)
        thumbs, index, rows = [], [], []
        for job in jobs:
            links, lapsed = [], None
            for i, o in enumerate(job.outputs):
                why = consent_lapsed(self.registry, o.sha256)
                lapsed = lapsed or why
                # (a creator's output whose consent lapsed is not served to her: no thumbnail; operators see it)
                path = None if why and not everyone else _signed_path(self.registry, o)
                if path is not None:  # a file that is not the signed output shows no thumbnail
                    thumbs.append((path, ("CONSENT NO LONGER IN FORCE · " if why else "") + _caption(job, o)))
                    index.append([job.id, i])
                links.append(f"[{o.download_name}]({download_path(job.id, i)})")
            state = str(job.state) + (f" (position {job.position})" if job.position else "")
            if lapsed:
                state += f" · consent no longer in force ({lapsed}): not for further use"
            prompt = str(job.settings.get("prompt", ""))
            rows.append([job.id, (job.submitted_at or "")[:19].replace("T", " "), job.owner.removeprefix("ui:"), state,
                         "" if job.seed is None else str(job.seed), prompt[:80] + ("…" if len(prompt) > 80 else ""),
                         "<br>".join(links) if links else render.md_escape(job.error or "")])
        return thumbs, rows, index

    @staticmethod
    def pick_output(index: list[list[Any]] | None, evt: gr.SelectData) -> tuple[str, int]:
        """A thumbnail was clicked: its (job id, output index) into the action fields."""
        rows = index or []
        i = evt.index if isinstance(evt.index, int) else (evt.index or [0])[0]
        if not 0 <= i < len(rows):
            return gr.skip(), gr.skip()
        job_id, n = rows[i][0], rows[i][1]
        return str(job_id), int(n)

    def _output(self, job_id: str, index: float | int | None, request: gr.Request | None):
        job = self._job(job_id, request, touch=False)
        i = whole(index, "output", default=0)
        if not 0 <= i < len(job.outputs):
            raise InputError(f"`output` is {i}; job {job.id} has {len(job.outputs)} output(s) (0 to {len(job.outputs) - 1})")
        return job, i, job.outputs[i]

    @ui_errors
    def output_link(self, job_id: str, index: float, request: gr.Request) -> str:
        """A download link for one output (readable name; the stored file keeps its content-addressed name)."""
        job, i, o = self._output(job_id, index, request)
        return f"Download: [{o.download_name}]({download_path(job.id, i)})"

    @ui_errors
    def verify_output(self, job_id: str, index: float, request: gr.Request) -> tuple[str, dict]:
        """Verify a stored output now (the Verify tab's flow): (summary, full report)."""
        name, role = self._role(request)
        _job, _i, o = self._output(job_id, index, request)
        path = signed_output(self.registry, o.sha256, o.location).path
        data = render.report_for(self._verify(path).to_dict(), o.download_name, viewer=f"ui:{name}",
                                 operator=role is Role.OPERATOR, maker=self._maker(name))
        return render.verify_markdown(o.download_name, data), data

    @ui_errors
    def reuse_settings(self, job_id: str, request: gr.Request) -> tuple[Any, ...]:
        """Every generation setting of a job, with the seed it actually used, in the Generate
        form's order (see ``_FORM_FIELDS``), then the engine's note, a note and the tab to show.

        The source image and mask are recorded by digest only, so they are not restored."""
        job = self._job(job_id, request, touch=False)
        *values, engine_note, note = self._job_form(job, request)
        gr.Info(note.replace("**", "").replace("`", ""), title="Settings restored")  # seen on the Generate tab too
        return (*values, engine_note, note, gr.Tabs(selected="generate"))

    @ui_errors
    def resume_form(self, request: gr.Request) -> tuple[Any, ...]:
        """On page load, after the engine's form: the settings of the user's newest queued or
        running job back in the Generate form, as the page that submitted it showed them (user
        audit: a reload brought the job back with its Cancel, but an empty form, the engine back on
        the GAN while a diffusion job ran). Nothing changes when the user has no active job.
        Returns the form's fields (``_FORM_FIELDS``) and the engine's note."""
        owner, scope = self._scope(request)
        job = self._newest_active(scope or owner)  # a creator: this account's, not an earlier one's of the name
        if job is None:
            return tuple(gr.skip() for _ in range(len(_FORM_FIELDS) + 1))
        *values, engine_note, _note = self._job_form(job, request)
        return (*values, engine_note)

    def _job_form(self, job: Any, request: gr.Request | None) -> tuple[Any, ...]:
        """The Generate form holding ``job``'s settings (``_FORM_FIELDS``), the engine's note and a
        note saying what was restored."""
        s = job.settings
        seed = job.seed if job.seed is not None else (s.get("seed") if s.get("seed") is not None else -1)
        values = {
            "engine": s.get("engine"), "model": s.get("model") or "", "mode": s.get("mode"), "source": gr.skip(),
            "prompt": s.get("prompt", ""), "negative_prompt": s.get("negative_prompt", ""),
            "subjects": list(s.get("subjects") or []), "purpose": s.get("purpose"), "media": s.get("media"),
            "territory": s.get("territory", ""), "project": s.get("project") or "", "grantee": s.get("grantee") or "",
            "seed": seed, "steps": s.get("steps"), "guidance": s.get("guidance"), "width": s.get("width"),
            "height": s.get("height"), "count": s.get("num_images", 1),
            "label_position": s.get("label_position") or "", "output_format": s.get("output_format") or "",
        }
        note = f"Settings of job `{job.id}` restored, seed **{seed}**."
        if s.get("source"):
            note += " Its source image is recorded by digest only: upload it again."
        # The form of the job's engine comes with its values, in one update: its modes and models,
        # the editor, steps, guidance and negative prompt shown where the engine uses them, and its
        # note. (User audit: an img2img job reused on a page showing the GAN set the mode to
        # 'img2img' while the Mode field still offered the GAN's one mode: an error pop-up, and
        # Mode and Model unusable until a reload. The engine's own change event is for a person's
        # click only, so it cannot race this update.)
        mode, model, source, steps, guidance, negative, engine_note = self.engine_form(
            values["engine"], values["mode"], values["model"], request)
        asked = values["model"]
        values["mode"], values["model"], values["source"] = mode, model, source
        values["steps"] = gr.update(value=values["steps"], **_visible(steps))
        values["guidance"] = gr.update(value=values["guidance"], **_visible(guidance))
        values["negative_prompt"] = gr.update(value=values["negative_prompt"], **_visible(negative))
        if asked and getattr(model, "value", asked) != asked:
            note += f" Its model `{asked}` is no longer registered: pick another."
        return (*[values[f] for f in _FORM_FIELDS], engine_note, note)


def add_download_route(app: Any, registry: Any, users: Any, user_of: Any, audit: Any = None) -> None:
    """``GET /download/{job_id}/{index}`` on the server ``app`` (before the page's catch-all
    mount): the stored output sent under its readable name, to its maker and to operators;
    anyone else gets 404 (audited as ``file_refused`` by ``audit(kind, payload, client address)``:
    the server's counts a client that is not signed in per address; without one, each refusal
    is written to the registry).

    The file is found from the output's digest (which the job's signed ``job_finished`` entry
    lists), never from the location the job row names, and its bytes must hash to that digest
    (:func:`creator.jobs.store.signed_output`): a job row pointed at another file serves nothing."""
    import asyncio

    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    from creator.jobs.model import Job, download_name, output_seeds

    def _find(user: str | None, job_id: str, index: int):
        if user is None or users.role_of(user) is None:  # signed out, or removed from the users file
            return None
        try:
            job = Job.from_record(registry.get_job(job_id))
        except Exception:  # noqa: BLE001 - unknown, unreadable or tampered: serve nothing
            return None
        if users.role_of(user) is not Role.OPERATOR:
            account = users.get(user)  # this account's jobs only, not an earlier account's of the name
            if account is None or not account.made(job.owner, job.submitted_at):
                return None
        if not 0 <= index < len(job.outputs):
            return None
        o = job.outputs[index]
        if users.role_of(user) is not Role.OPERATOR:
            why = consent_lapsed(registry, o.sha256)
            if why:  # the maker may not take it for further use; operators keep it for the record
                return "lapsed", why
        try:
            signed = signed_output(registry, o.sha256, o.location)
        except ConsentError as e:
            log.warning("job %s output %d is not served: %s", job.id, index, e)
            return None
        ext = "jpg" if signed.media_type == "image/jpeg" else "png"
        return signed, download_name(job.finished_at or job.submitted_at, output_seeds(job)[index], o.sha256, ext, index,
                                     len(job.outputs))

    async def download(request):
        user = user_of(request.scope)
        job_id = request.path_params["job_id"]
        try:
            index = int(request.path_params["index"])
        except ValueError:
            index = -1
        found = await asyncio.to_thread(_find, user, job_id, index)
        if found is None:
            payload = {"user": user, "job": job_id[:40], "output": index}
            try:
                if audit is not None:
                    await asyncio.to_thread(audit, "file_refused", payload,
                                            request.client.host if request.client else None)
                else:
                    await asyncio.to_thread(registry.record_security_event, "file_refused", payload)
            except Exception:  # noqa: BLE001 - the refusal stands even when the audit cannot be written
                pass
            return JSONResponse({"detail": "File not found."}, status_code=404)
        signed, name = found
        if signed == "lapsed":
            said = (f"The consent this output was made under is no longer in force ({name}): it is not served for "
                    "further use. An operator can still download it for the record.")
            if "text/html" in request.headers.get("accept", ""):  # a link clicked in My outputs (an operator's
                import html  # walkthrough, session 67: the browser showed raw JSON)

                return HTMLResponse("<!doctype html><meta charset=utf-8><title>Not served</title>"
                                    "<body style='font-family:sans-serif;max-width:40em;margin:3em auto'>"
                                    f"<h1>Not served</h1><p>{html.escape(said)}</p><p><a href='/'>Back to the studio</a>"
                                    "</p></body>", status_code=403, headers={"cache-control": "no-store"})
            return JSONResponse({"detail": said}, status_code=403)
        return Response(signed.data, media_type=signed.media_type,
                        headers={"content-disposition": f'attachment; filename="{name}"',
                                 "x-content-type-options": "nosniff",
                                 # a private output: for the browser that asked, never a shared cache
                                 "cache-control": "private, no-store"})

    app.router.routes.insert(0, Route("/download/{job_id}/{index}", download, methods=["GET"]))


# --------------------------------------------------------------------------- the tab (layout and wiring)
def history_tab_components() -> dict[str, Any]:
    """The "My outputs" tab's components (call inside its ``gr.Tab``)."""
    c: dict[str, Any] = {}
    c["refresh"] = gr.Button("Refresh", size="sm", elem_id="history-refresh")
    c["gallery"] = gr.Gallery(label="My signed outputs (click one to pick it)", type="filepath", columns=6,
                              object_fit="contain", height=260, elem_id="history-gallery", allow_preview=False)
    c["index"] = gr.State([])
    c["table"] = gr.Dataframe(headers=HISTORY_HEADERS, datatype=["str", "str", "str", "str", "str", "str", "markdown"],
                              label="Jobs (newest first)", interactive=False, wrap=True, elem_id="history-table")
    with gr.Row():
        c["job"] = gr.Textbox(label="Job", placeholder="job_… (click a thumbnail)", elem_id="history-job")
        c["output"] = gr.Number(0, label="Output", precision=0, minimum=0, elem_id="history-output")
        c["download"] = gr.Button("Download", elem_id="history-download")
        c["verify"] = gr.Button("Verify", elem_id="history-verify")
        c["reuse"] = gr.Button("Reuse settings", variant="primary", elem_id="history-reuse")
        c["cancel"] = gr.Button("Cancel job", variant="stop", elem_id="history-cancel")
    c["link"] = gr.Markdown(elem_id="history-link")
    c["summary"] = gr.Markdown(elem_id="history-verify-summary")
    c["report"] = gr.JSON(label="Full report", visible=True)
    return c


def wire_history(demo: Any, h: Any, c: dict[str, Any], tab: Any, tabs: Any, generate_form: list, engine_note: Any) -> None:
    """Events of the "My outputs" tab; "Reuse settings" fills ``generate_form`` (with the form of
    the job's engine and its ``engine_note``) and shows the Generate tab."""
    listing = [c["gallery"], c["table"], c["index"]]
    c["refresh"].click(h.my_outputs, None, listing, api_name="my_outputs")  # first: it keeps the plain API name
    demo.load(h.my_outputs, None, listing, api_visibility="private")
    tab.select(h.my_outputs, None, listing, api_visibility="private")
    c["gallery"].select(h.pick_output, c["index"], [c["job"], c["output"]], api_visibility="private")
    c["download"].click(h.output_link, [c["job"], c["output"]], c["link"], api_name="output_link")
    c["verify"].click(h.verify_output, [c["job"], c["output"]], [c["summary"], c["report"]], api_name="verify_output")
    c["reuse"].click(h.reuse_settings, c["job"], [*generate_form, engine_note, c["link"], tabs], api_name="reuse_settings")
    c["cancel"].click(h.cancel_job, c["job"], c["link"], api_name="cancel_history_job").then(
        h.my_outputs, None, listing, api_visibility="private")
