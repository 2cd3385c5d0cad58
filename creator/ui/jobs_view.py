"""The Generate tab as jobs: submit, follow, cancel (handlers mixed into :class:`~creator.ui.handlers.StudioApp`).

Generate in the page submits a job to the server's one :class:`~creator.jobs.JobManager`
(made beside the UI's :class:`~creator.studio.Studio`, so the embedded workers share its
loaded engines) and returns at once with the job id. A :class:`gradio.Timer` in the page
asks for the job every second (:meth:`JobsHandlers.job_status`): the answer is the state
(queued with its position, running with stage, step and ETA, or how it ended) and, once it
ended, the signed files, the decision and their verification. Each of those reads counts as
the page being there; when the tab is closed the reads stop and the manager cancels the job
after its grace period (``CONSENT_STUDIO_JOB_GRACE_S``). A page loaded (or reloaded) while one
of its user's jobs is queued or running follows that job again (:meth:`JobsHandlers.resume_job`),
also when another studio process on the same database runs it: its state, and the stage, step
and time left that process last reported (``creator.jobs.manager.stored_views``; a process that
stopped reporting is said to, its job's progress not shown). Fairness between users is the
manager's: a job's owner is the signed-in user (``ui:NAME``).

Every handler takes the job id as a plain argument and checks that the signed-in user may
see that job (a creator: their own only; an operator: every job); another user's job is
"not found", exactly like a job that does not exist.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import gradio as gr

from creator.auth import Role
from creator.errors import Cancelled, GenerationError, InputError
from creator.jobs.model import long_span, step_text
from creator.jobs.store import signed_output
from creator.ui import render
from creator.ui.errors import ui_errors
from creator.ui.forms import GenerateForm

__all__ = ["JobsHandlers", "job_manager_for", "job_markdown", "POLL_S"]

POLL_S = 1.0  # how often the page asks for its job (also its heartbeat)
_MAKE_LOCK = threading.Lock()
_INPUTS_LOCK = threading.Lock()


def job_manager_for(settings, studio):
    """The job service of one server process: the embedded pool on ``studio`` (its engines
    are loaded once and shared), or Ray workers when ``CONSENT_STUDIO_RAY_ADDRESS`` is set."""
    from creator.jobs import JobManager, JobSettings
    from creator.jobs.local import LocalPool

    from creator.auth import UserStore

    js = JobSettings()
    refused = owner_refused(UserStore.from_settings(settings))
    if js.ray_address:
        manager = JobManager.from_settings(settings, jobs=js, registry=studio.registry)
        manager.owner_refused = refused
        return manager
    return JobManager(LocalPool(studio, js.job_workers), studio.registry, store=studio.store, grace_s=js.job_grace_s,
                      per_owner=js.jobs_per_owner, owner_refused=refused)


def owner_refused(store):
    """For :class:`creator.jobs.JobManager`: a job queued from the studio (owner ``ui:<name>``)
    starts only while the account that queued it still exists — not after ``users remove``
    (red team 27: its queued jobs ran, outputs signed for an account that was gone), nor for an
    account added under the name since, nor after the account's password was changed (a reset
    after a stolen password: the thief's queued jobs must not run as the account). ``key`` is
    the account's standing when the job was submitted (:meth:`creator.auth.User.standing`: name,
    creation time and a digest of the password hash; a bare :meth:`~creator.auth.User.key`, as
    older callers pass, checks the identity only); for a job submitted elsewhere (no key) the
    account must be older than the job. Jobs of other owners (``cli:…``) are not the users
    file's."""
    from datetime import datetime

    def refused(job, key: str | None = None) -> str | None:
        if not job.owner.startswith("ui:"):
            return None
        user = store.get(job.owner[3:])
        if user is None:
            return "not started: the account that queued it was removed"
        if key is not None:
            ident, sep, _ = key.partition("\n")
            replaced = user.key() != ident
            if not replaced and sep and user.standing() != key:
                return ("not started: the account's password was changed after it was queued (a password "
                        "change ends what was queued before it); submit it again")
        else:
            try:
                queued = datetime.fromisoformat(job.submitted_at.replace("Z", "+00:00"))
                replaced = user.created_at > queued
            except (TypeError, ValueError):
                replaced = True  # cannot tell: fail closed
        if replaced:
            return "not started: the account that queued it was replaced since"
        grantee = (getattr(job, "settings", None) or {}).get("grantee")  # (a job record always has settings)
        if isinstance(grantee, str) and not user.may_generate_for(grantee):
            # (red team s64 G) an operator took the grantee off the account after the job was queued
            return (f"not started: this account no longer generates as {grantee!r} (an operator changed the "
                    "grantees it may generate for after it was queued)")
        return None

    return refused


def _seconds(s: float | None) -> str:
    """An estimate in words: "unknown" when there is none (no basis yet, or the job runs longer
    than expected), never "0 s" for a job still open."""
    if s is None:
        return "unknown"
    if s < 1:
        return "under 1 s"
    s = round(s)
    return f"{s // 60} min {s % 60:02d} s" if s >= 60 else f"{s} s"


def job_markdown(job) -> str:
    """One job's state as a person reads it (``job`` is a :class:`creator.jobs.Job`)."""
    state = str(job.state)
    head = f"**Job `{job.id}`**"
    silent = getattr(job, "silent_s", None)  # another process's job whose service stopped reporting
    if silent is not None and state in ("queued", "running"):
        return (f"{head}: {state}, but its job service has sent no {'report' if state == 'queued' else 'progress'} "
                f"for {long_span(silent) or _seconds(silent)}; it may have stopped")
    if state == "queued":
        pos = job.position if job.position is not None else "?"
        return f"{head}: queued, position **{pos}** in the queue (estimated wait {_seconds(job.wait_s)})"
    if state == "running":
        step = step_text(job)
        if job.cancel_requested_by:
            return f"{head}: running, {step}, cancel requested by {render.md_escape(job.cancel_requested_by)}; it stops at the next step"
        return f"{head}: running, {step} (estimated time left {_seconds(job.eta_s)})"
    if state == "done":
        seed = f", seed {job.seed}" if job.seed is not None else ""
        blocked = f", {len(job.blocked)} blocked by the output face scan" if job.blocked else ""
        return f"{head}: done, {len(job.outputs)} signed output(s){seed}{blocked}"
    if state == "denied":
        return f"{head}: denied, nothing was generated: {render.md_escape(job.error or '')}"
    if state == "cancelled":
        # who; for a job refused before it started (its account removed, replaced or its password
        # changed), also why: nothing else tells its maker
        why = ": ".join(x for x in (job.cancel_requested_by, None if job.started_at else job.error) if x)
        return f"{head}: cancelled, nothing was published ({render.md_escape(why)})"
    return f"{head}: failed: {render.md_escape(job.error or 'unknown error')}"


def _gradio_client_alive():
    """For a handler running in a Gradio event: a check that says False once the event's
    client went away (its HTTP stream closed, or it called ``/cancel``), else None.

    Gradio marks such an event not alive (``Event.alive``; read from its queue, which has no
    public accessor: a Gradio without it gives None and waiting counts as the client)."""
    try:
        from gradio.context import LocalContext

        blocks, event_id = LocalContext.blocks.get(None), LocalContext.event_id.get(None)
        queue = getattr(blocks, "_queue", None)
    except Exception:  # noqa: BLE001
        return None
    if queue is None or event_id is None or not hasattr(queue, "active_jobs"):
        return None

    def alive() -> bool:
        for batch in list(queue.active_jobs):
            for event in batch or ():
                if getattr(event, "_id", None) == event_id:
                    return bool(getattr(event, "alive", True))
        return True  # not running as an event (any more): nothing says the client left

    return alive


class _DecisionView:
    """A recorded decision (its audit JSON) shaped like :class:`consent.policy.Decision` for
    :mod:`creator.ui.render` (findings, context, reasons, to_dict)."""

    class _Context:
        def __init__(self, d: dict) -> None:
            self._d = d

        def to_dict(self) -> dict:
            return self._d

    def __init__(self, d: dict) -> None:
        from consent.policy import Finding, GrantUse

        self._d = d
        self.allowed = bool(d.get("allowed"))
        self.decision_id = d.get("decision_id")
        self.findings = tuple(Finding(**{k: f.get(k) for k in ("check", "passed", "message", "subject_id", "grant_id",
                                                                 "field", "likeness")}) for f in d.get("findings", ()))
        self.context = self._Context(d.get("context") or {})
        self.grants_used = tuple(GrantUse(**{k: g.get(k, "") for k in ("grant_id", "sha256", "subject_id", "subject_ref")})
                                 for g in d.get("grants_used", ()))
        self.subjects = tuple(d.get("subjects", ()))
        self.fictional_personas = tuple(d.get("fictional_personas", ()))
        self.real_person_depicted = bool(d.get("real_person_depicted"))

    def to_dict(self) -> dict:
        return self._d

    def reasons(self) -> list[str]:
        return [f.message for f in self.findings if not f.passed]


_INPUTS_KEPT = 64  # requests with input images kept for drawing a denial's face boxes


class JobsHandlers:
    """Generate as jobs. Mixed into StudioApp (uses its ``_role``, ``studio``, ``registry``,
    ``_verify``, ``_decision_view``)."""

    _jobs = None
    _inputs_map = None

    # ------------------------------------------------------------------ input images of recent jobs
    def _keep_inputs(self, job_id: str, req) -> None:
        """Keep the request of a job with input images (in memory, the newest few), so that a
        denial can show the uploaded image with the faces it names boxed."""
        if getattr(req, "source", None) is None and not getattr(req, "references", None):
            return
        with _INPUTS_LOCK:
            if self._inputs_map is None:
                self._inputs_map = OrderedDict()
            self._inputs_map[job_id] = req
            while len(self._inputs_map) > _INPUTS_KEPT:
                self._inputs_map.popitem(last=False)

    def _inputs_of(self, job_id: str):
        with _INPUTS_LOCK:
            return (self._inputs_map or {}).get(job_id)

    def _denied_panel(self, job, d: dict, note: str, *, operator: bool = False) -> str:
        """A denied decision rendered once, with the faces it names boxed on the job's uploaded
        image (the same drawing as Check consent), when this server still holds that image."""
        return self._decision_view(_DecisionView(d), self._inputs_of(job.id), note=note, operator=operator)

    # ------------------------------------------------------------------ the service
    @property
    def jobs(self):
        """The server's one job manager (made on first use, beside the studio)."""
        if self._jobs is None:
            with _MAKE_LOCK:
                if self._jobs is None:
                    self._jobs = job_manager_for(self.settings, self.studio)
        return self._jobs

    def end_orphaned_jobs(self) -> list:
        """End the jobs a job service of this host left queued or running when it stopped (the
        studio stopped or killed while they ran): failed, saying why, or done when their outputs
        were already recorded. Run when the server starts, before anyone generates (the job
        service itself is made on first use, and does the same then)."""
        from creator.jobs import JobSettings
        from creator.jobs.manager import end_orphaned_jobs
        from creator.jobs.store import FileOutputStore

        js = JobSettings()  # the store the job service publishes through (job_manager_for)
        store = FileOutputStore.shared(js.output_store) if js.ray_address and js.output_store else self.studio.store
        return end_orphaned_jobs(self.registry, store)

    def close(self) -> None:
        """Stop the job service (cancels what runs)."""
        if self._jobs is not None:
            self._jobs.close()
            self._jobs = None

    def _scope(self, request: gr.Request | None) -> tuple[str, str | None]:
        """(the signed-in user's job owner name, the owner filter: None for operators)."""
        from creator.jobs.model import AccountOwner

        name, role = self._role(request)
        owner = f"ui:{name}"
        if role is Role.OPERATOR:
            return owner, None
        user = self.store.require(name)  # (removed between the two reads: refused)
        return owner, AccountOwner(owner, user.created_at)  # this account's jobs, not an earlier one's of that name

    def _owner_key(self, owner: str) -> str | None:
        """The standing of the account submitting as ``owner`` (``ui:<name>``), now."""
        from creator.auth import UserStore

        store = getattr(self, "store", None) or UserStore.from_settings(self.settings)
        user = store.get(owner[3:]) if owner.startswith("ui:") else None
        return None if user is None else user.standing()

    def _job(self, job_id: str | None, request: gr.Request | None, *, touch: bool = True):
        owner, scope = self._scope(request)
        job_id = (job_id or "").strip()
        if not job_id:
            raise InputError("`job` is empty; expected a job id (job_…)")
        return self.jobs.get(job_id, owner=scope, touch=touch)

    # ------------------------------------------------------------------ what a finished job shows
    def _decision(self, job) -> dict | None:
        """The recorded decision of an ended job (from its audit entry), or None."""
        if not job.decision_id:
            return None
        for e in self.registry.audit_page(limit=200, kind="generation" if str(job.state) == "done" else None):
            p = e.payload
            d = p.get("decision") if isinstance(p, dict) else None
            if d and d.get("decision_id") == job.decision_id:
                return d
        return None

    @staticmethod
    def _denial(job, d: dict | None, *, operator: bool = False) -> tuple[str, str]:
        """(what happened, why) of a denied job: a denied decision, or outputs blocked after an allowed one.
        A creator reads a registered person the request did not name, found by their face, as that face only."""
        from consent.policy import creator_findings

        if d is not None and d.get("allowed"):
            return "Nothing was published", job.error or ""
        if d is not None:
            reasons = (_DecisionView(d).reasons() if operator else
                       [f["message"] for f in creator_findings(d) if not f.get("passed")])
        else:
            reasons = [r for r in (job.error or "").split("; ") if r]
        return "Nothing was generated", f"consent denied ({len(reasons)} reason{'s' if len(reasons) != 1 else ''}): " + "; ".join(reasons)

    def _results(self, job, request: gr.Request | None) -> tuple[list[str], list[str], str, str]:
        """(gallery, downloads, decision, verify summaries) of an ended job."""
        d = self._decision(job)
        state = str(job.state)
        operator = request is not None and self._role(request)[1] is Role.OPERATOR
        if state == "done":
            name = getattr(request, "username", None)
            # each file found from its digest and checked (creator.jobs.store.signed_output), never
            # opened at the location the job names
            paths = [str(signed_output(self.registry, o.sha256, o.location).path) for o in job.outputs]
            summaries = [render.verify_markdown(o.name, render.report_for(self._verify(p).to_dict(), o.name,
                                                                          viewer=f"ui:{name}", operator=True))
                         for o, p in zip(job.outputs, paths)]
            for b in job.blocked:
                summaries.append(f"#### output {b.get('index')} blocked\n" + "\n".join(f"- {r}" for r in b.get("reasons", ())))
            return (paths, paths, render.decision_markdown(_DecisionView(d), operator=operator) if d else "",
                    "\n\n".join(summaries))
        if state == "denied":
            outcome, why = self._denial(job, d, operator=operator)
            if d is not None and not d.get("allowed"):  # the reasons once, in the decision panel
                return [], [], self._denied_panel(job, d, f"{outcome}.", operator=operator), f"#### {outcome}"
            panel = render.decision_markdown(_DecisionView(d), note=f"{outcome}.", operator=operator) if d else \
                "\n".join(["### Denied", f"**{outcome}.**", "", render.md_escape(why)])
            return [], [], panel, f"#### {outcome}\n{render.md_escape(why)}"
        panel = render.decision_markdown(_DecisionView(d), operator=operator) if d else ""
        return [], [], panel, f"#### Nothing was published: the job {state}\n{render.md_escape(job.error or '')}"

    def _warn_denied(self, job) -> None:
        """The blocking ``/generate`` API's notice of a denial (the page's poll says it in the status line)."""
        d = self._decision(job)
        outcome, why = self._denial(job, d)
        if d is not None and not d.get("allowed"):  # the reasons are shown once, in the decision panel
            gr.Warning(render.denial_notice(outcome, _DecisionView(d)), title="Consent denied", duration=None)
        else:
            gr.Warning(f"{outcome}: {why}", title="Consent denied", duration=None)

    # ------------------------------------------------------------------ page handlers
    def before_generate(self, job_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        """Generate was pressed: the previous run's outputs, decision and ended job line leave the
        screen at once, before the request is checked (user audit: a Generate refused for a too
        long prompt left the earlier image, its download and "C2PA: Trusted" under the pop-up, as
        if they were the new run's). A job still queued or running stays followed. Returns (job
        id, status, gallery, downloads, decision, verify)."""
        active = False
        if (job_id or "").strip():
            try:
                active = not self._job(job_id, request, touch=False).final
            except Exception:  # noqa: BLE001 - not the user's, or gone: nothing to keep following
                active = False
        keep = gr.skip() if active else ""
        return keep, keep, [], [], "", ""

    @ui_errors
    def submit_job(self, form: GenerateForm, request: gr.Request) -> tuple[Any, ...]:
        """Queue a generation; returns (job id, status, gallery, downloads, decision, verify, timer, cancel button)."""
        req = self._build_request(form, request)
        owner, _scope = self._scope(request)
        job = self.jobs.submit(req, owner=owner, owner_key=self._owner_key(owner))
        self._keep_inputs(job.id, req)
        return (job.id, job_markdown(job), [], [], "", "", gr.Timer(active=True),
                gr.Button(visible=True, interactive=True))

    @ui_errors
    def job_status(self, job_id: str, request: gr.Request) -> tuple[Any, ...]:
        """The page's poll (and heartbeat): (status, gallery, downloads, decision, verify, timer, cancel button).

        While the job is active only the status changes; once it ended the results are filled
        and the timer stops. A denial is said on the status line, under the buttons, and in the
        decision panel below it: no pop-up (user audit: the one it had stayed over the form's
        right column, the Project field under it, until closed)."""
        if not (job_id or "").strip():
            return "", gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.Timer(active=False), gr.Button(visible=False)
        job = self._job(job_id, request)
        if not job.final:
            return job_markdown(job), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.Timer(active=True), gr.Button(visible=True)
        gallery, downloads, decision, summary = self._results(job, request)
        status = job_markdown(job)
        if str(job.state) == "denied" and decision:
            status += " The decision below says what to do."
        return status, gallery, downloads, decision, summary, gr.Timer(active=False), gr.Button(visible=False)

    def _newest_active(self, owner: str):
        """``owner``'s newest queued or running job (of their 50 newest), or None."""
        active = [j for j in self.jobs.list(owner, limit=50) if not j.final]
        return max(active, key=lambda j: j.submitted_at) if active else None

    @ui_errors
    def resume_job(self, request: gr.Request) -> tuple[Any, ...]:
        """On page load: the signed-in user's newest queued or running job, followed again
        (a reload or a second tab sees its position, progress and Cancel). Returns (job id,
        status, timer, cancel button); nothing changes when the user has no active job."""
        owner, scope = self._scope(request)
        job = self._newest_active(scope or owner)  # a creator: this account's, not an earlier one's of the name
        if job is None:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        self.jobs.touch(job.id)
        return job.id, job_markdown(job), gr.Timer(active=True), gr.Button(visible=True, interactive=True)

    @ui_errors
    def cancel_job(self, job_id: str, request: gr.Request) -> str:
        """Cancel a queued job now, a running one at its next step (the maker or an operator)."""
        owner, scope = self._scope(request)
        job_id = (job_id or "").strip()
        if not job_id:
            raise InputError("`job` is empty; expected the id of the job to cancel")
        return job_markdown(self.jobs.cancel(job_id, by=owner, owner=scope))

    # ------------------------------------------------------------------ the API's blocking Generate
    @ui_errors
    def generate(self, form: GenerateForm, request: gr.Request,
                 progress: gr.Progress = gr.Progress()) -> tuple[list[str], list[str], str, str]:
        """Governed generation as a job, waited for (``/generate`` in the HTTP API). Returns
        (gallery paths, download paths, decision, verify summaries).

        A denial is an answer, not a failure: no files, the decision with every finding, and a
        "Nothing was generated" notice. Other errors raise ``gr.Error``. A client that
        disconnects (closes its stream) stops keeping the job alive: the job service cancels
        it after the grace period (``CONSENT_STUDIO_JOB_GRACE_S``), audited."""
        req = self._build_request(form, request)
        owner, _scope = self._scope(request)
        progress(0.0, desc="queued")
        job = self.jobs.submit(req, owner=owner, owner_key=self._owner_key(owner))
        self._keep_inputs(job.id, req)
        try:
            for job in self.jobs.watch(job.id, client_alive=_gradio_client_alive()):
                if str(job.state) == "queued":
                    progress(0.0, desc=f"queued, position {job.position}")
                elif str(job.state) == "running" and job.total:
                    progress((job.done, job.total), desc=job.stage or "running")
        except BaseException:
            self.jobs.cancel(job.id, by=f"{owner} (client stopped waiting)")
            raise
        if str(job.state) == "denied":
            self._warn_denied(job)
        elif str(job.state) == "failed":
            raise GenerationError(f"job {job.id} failed: {job.error or 'no reason recorded'}")
        elif str(job.state) == "cancelled":
            raise Cancelled(f"job {job.id} was cancelled ({job.cancel_requested_by or job.error}); nothing was published")
        return self._results(job, request)
