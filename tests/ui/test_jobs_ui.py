"""Generate as a job and "My outputs", at the handler level (what the page and the API call).

A real studio (SQLite registry, c2pa, watermark, audit) behind the real job service; only
the model is a stand-in that takes steps (``jobs_support.SteppedEngine``) and waits while
a gate file exists, so a test can hold a job running, read its progress and cancel it.
"""

from __future__ import annotations

import re
from pathlib import Path

import gradio as gr
import pytest
from jobs_support import SteppedEngine, wait_until, warm_up
from jobs_support import gate  # noqa: F401 (the fixture)
from ui_support import CREATOR, OPERATOR, generate_form

from creator.auth import Role
from creator.studio import Studio
from creator.ui import StudioApp

OTHER = "dana"  # a second creator


@pytest.fixture
def engine(gate) -> SteppedEngine:
    return SteppedEngine(gate=str(gate))


@pytest.fixture
def app(ui_settings, users, engine, gate, monkeypatch):
    """The studio's handlers on a studio whose engines are the gated stepped engine (one worker)."""
    monkeypatch.setenv("CONSENT_STUDIO_JOB_WORKERS", "1")
    monkeypatch.setenv("CONSENT_STUDIO_JOB_GRACE_S", "60")
    users.add(OTHER, Role.CREATOR, "dana-creator-pw1")
    made = []

    def make() -> StudioApp:
        studio = Studio(ui_settings, engines={"gan": lambda r: engine, "diffusion": lambda r: engine})
        a = StudioApp(ui_settings, store=users, studio=studio)
        made.append(a)
        return a

    a = make()
    a.make_another = make  # a second server process on the same data dir (a restart / a reload)
    yield a
    gate.unlink(missing_ok=True)
    for m in made:
        m.close()
        m.registry.close()


def _as(user: str) -> gr.Request:
    return gr.Request(username=user)


def _submit(app, user: str, **form) -> str:
    job_id, status, gallery, downloads, decision, summary, timer, cancel = app.submit_job(
        generate_form(width=256, height=256, steps=form.pop("steps", 4), **form), request=_as(user))
    assert re.fullmatch(r"job_[0-9a-f]{16}", job_id)
    assert gallery == [] and downloads == [] and decision == "" and summary == ""  # nothing stale on screen
    assert timer.active is True and cancel.visible is True
    return job_id


def _status(app, user: str, job_id: str) -> str:
    return app.job_status(job_id, request=_as(user))[0]


def _wait_status(app, user: str, job_id: str, needle: str) -> str:
    def check():
        s = _status(app, user, job_id)
        return s if needle in s else None

    return wait_until(check, timeout=60, what=f"{needle!r} in the status of {job_id}")


def _until_final(app, user: str, job_id: str) -> tuple:
    return wait_until(lambda: (lambda r: r if r[5].active is False else None)(app.job_status(job_id, request=_as(user))),
                      timeout=60, what=f"job {job_id} ended")


def test_generate_is_a_job_with_step_progress_then_signed_files(app, gate) -> None:
    job_id = _submit(app, CREATOR, steps=5)
    status = _wait_status(app, CREATOR, job_id, "running, generate 0/5")
    assert status.startswith(f"**Job `{job_id}`**: running, generate 0/5 (estimated time left ")
    gate.unlink()
    status, gallery, downloads, decision, summary, timer, cancel = _until_final(app, CREATOR, job_id)
    assert re.match(rf"\*\*Job `{job_id}`\*\*: done, 1 signed output\(s\), seed 7$", status)
    assert len(gallery) == 1 and Path(gallery[0]).is_file() and downloads == gallery
    assert re.fullmatch(r"[0-9a-f]{64}\.png", Path(gallery[0]).name)  # the stored file stays content-addressed
    assert 'data-verdict="allowed"' in decision and summary.startswith("#### OK: ")
    assert timer.active is False and cancel.visible is False


def test_second_creator_sees_position_two_and_a_running_cancel_lets_the_queue_move(app, gate) -> None:
    carl = _submit(app, CREATOR, steps=50)
    _wait_status(app, CREATOR, carl, "running, generate")  # held at the gate in the engine (not still checking)
    olive = _submit(app, OPERATOR)
    dana = _submit(app, OTHER)
    assert "queued, position **1** in the queue" in _status(app, OPERATOR, olive)
    assert "queued, position **2** in the queue" in _status(app, OTHER, dana)
    cancelled = app.cancel_job(carl, request=_as(CREATOR))
    assert cancelled.startswith(f"**Job `{carl}`**: running, generate ") and f"cancel requested by ui:{CREATOR}; it stops at the next step" in cancelled
    status = _until_final(app, CREATOR, carl)[0]
    assert status.startswith(f"**Job `{carl}`**: cancelled, nothing was published (ui:{CREATOR})")
    gate.unlink()
    assert "done" in _until_final(app, OPERATOR, olive)[0]
    status, gallery, *_ = _until_final(app, OTHER, dana)
    assert ": done, 1 signed output(s)" in status and len(gallery) == 1


def test_a_reloaded_page_follows_its_running_or_queued_job_again(app, gate) -> None:
    nothing = app.resume_job(request=_as(CREATOR))
    assert all(isinstance(x, type(gr.skip())) for x in nothing)  # no active job: the page stays as it is
    carl = _submit(app, CREATOR, steps=20)
    _wait_status(app, CREATOR, carl, "running, generate")
    dana = _submit(app, OTHER)
    # each user's reloaded page gets their own job back: id, state, timer on, Cancel shown
    job_id, status, timer, cancel = app.resume_job(request=_as(CREATOR))
    assert job_id == carl and status.startswith(f"**Job `{carl}`**: running, generate ")
    assert timer.active is True and cancel.visible is True
    job_id, status, timer, cancel = app.resume_job(request=_as(OTHER))
    assert job_id == dana and "queued, position **1** in the queue" in status and cancel.visible is True
    # the reloaded page's Cancel works on the job it re-attached to
    assert "cancel requested by" in app.cancel_job(carl, request=_as(CREATOR))
    assert _until_final(app, CREATOR, carl)[0].startswith(f"**Job `{carl}`**: cancelled")
    gate.unlink()
    assert ": done," in _until_final(app, OTHER, dana)[0]
    assert all(isinstance(x, type(gr.skip())) for x in app.resume_job(request=_as(OTHER)))  # ended: nothing to follow


def test_a_page_served_by_another_studio_process_shows_how_far_the_job_has_got(app, gate, engine) -> None:
    """The job runs in one server's job service; the page, reloaded, is served by another server
    process on the same data dir (its own studio, registry and job service): it finds the job,
    and its poll shows the step the job is at, as the running service reported it."""
    from consent.registry import Registry

    engine.hold_from = 3  # held after three of its twenty steps
    carl = _submit(app, CREATOR, steps=20)
    _wait_status(app, CREATOR, carl, "running, generate 3/20")
    another = app.make_another()
    with Registry.from_settings(app.settings) as reg:
        # the running service writes its progress at most once a second
        wait_until(lambda: (lambda p: p is not None and (p.stage, p.done) == ("generate", 3))(reg.job_progress([carl]).get(carl)),
                   timeout=30, what="the job's step in the registry")
    assert another.jobs is not app.jobs and another.jobs.service_id != app.jobs.service_id
    job_id, status, timer, cancel = another.resume_job(request=_as(CREATOR))
    assert job_id == carl and status.startswith(f"**Job `{carl}`**: running, generate 3/20 (estimated time left ")
    assert timer.active is True and cancel.visible is True
    assert _status(another, CREATOR, carl).startswith(f"**Job `{carl}`**: running, generate 3/20")
    assert all(isinstance(x, type(gr.skip())) for x in another.resume_job(request=_as(OTHER)))  # not dana's
    gate.unlink()
    status = _until_final(another, CREATOR, carl)[0]  # the end, as the running service recorded it
    assert re.match(rf"\*\*Job `{carl}`\*\*: done, 1 signed output\(s\)", status), status


def test_cancel_while_queued_ends_the_job_at_once(app, gate) -> None:
    first = _submit(app, CREATOR)
    _wait_status(app, CREATOR, first, "running")
    second = _submit(app, CREATOR)
    assert "position **1**" in _status(app, CREATOR, second)
    assert app.cancel_job(second, request=_as(CREATOR)).startswith(f"**Job `{second}`**: cancelled, nothing was published")
    gallery, _d, _decision, summary = _until_final(app, CREATOR, second)[1:5]
    assert gallery == [] and summary.startswith("#### Nothing was published: the job cancelled")
    assert "running" in _status(app, CREATOR, first)  # the running one is untouched


def test_a_password_reset_stops_the_jobs_that_account_queued_before_it(app, gate, users) -> None:
    """A thief signed in as dana queues a job; an operator resets dana's password (`users
    password`). The job, still queued, must not run as dana afterwards: it ends without outputs
    and says why. One queued after the reset runs."""
    carl = _submit(app, CREATOR, steps=50)
    _wait_status(app, CREATOR, carl, "running, generate")  # the one worker is busy: dana's job waits
    thiefs = _submit(app, OTHER)
    assert "queued, position **1** in the queue" in _status(app, OTHER, thiefs)
    users.set_password(OTHER, "dana-new-password-2")
    theirs = _submit(app, OTHER, seed=8)  # dana, signed in again with the new password
    gate.unlink()
    status, gallery, downloads, *_ = _until_final(app, OTHER, thiefs)
    assert gallery == [] and downloads == [], "a job queued before the password reset made outputs"
    assert "password was changed after it was queued" in status, status
    status, gallery, *_ = _until_final(app, OTHER, theirs)
    assert "done, 1 signed output" in status and len(gallery) == 1, status


def test_a_job_whose_page_stopped_asking_is_cancelled_after_the_grace_period(app, gate, monkeypatch) -> None:
    monkeypatch.setenv("CONSENT_STUDIO_JOB_GRACE_S", "1.5")
    warm_up(app.settings, app.registry)  # or the first load stalls carl's page past the 1.5 s grace (watched job cancelled)
    app = app.make_another()
    watched = _submit(app, CREATOR)
    abandoned = _submit(app, OTHER)  # its tab was closed: nobody polls it
    def check():
        _status(app, CREATOR, watched)  # carl's page keeps asking
        job = app.jobs.get(abandoned, touch=False)
        return job if job.final else None

    job = wait_until(check, timeout=30, what="abandoned job cancelled")
    assert str(job.state) == "cancelled" and "no client asked about the job" in job.cancel_requested_by
    gate.unlink()
    assert ": done," in _until_final(app, CREATOR, watched)[0]


def test_a_denied_job_shows_every_reason_and_no_files(app, jane) -> None:
    import warnings

    with warnings.catch_warnings():
        # no pop-up (a gr.Warning: a UserWarning here): it stayed over the form's right column,
        # the Project field under it, until closed (user audit); the status line says it
        warnings.simplefilter("error", UserWarning)
        job_id = _submit(app, CREATOR, subjects=[jane])
        status, gallery, downloads, decision, summary, timer, _c = _until_final(app, CREATOR, job_id)
    assert status.startswith(f"**Job `{job_id}`**: denied, nothing was generated: subject 'jane-doe' has no consent grant")
    assert status.endswith(" The decision below says what to do.")
    assert gallery == [] and downloads == [] and timer.active is False
    assert 'data-verdict="denied"' in decision and "Nothing was generated." in decision
    assert "has no consent grant" in decision and "jane-doe" in decision
    assert summary == "#### Nothing was generated"  # the reasons are shown once, in the decision panel


def test_a_job_denied_for_a_face_in_the_upload_shows_that_face_boxed(app, tmp_path) -> None:
    from skimage import data
    from PIL import Image

    photo = tmp_path / "portrait.png"
    Image.fromarray(data.astronaut()).save(photo)  # nobody is enrolled: an unknown face
    job_id = _submit(app, CREATOR, engine="diffusion", mode="img2img",
                     source={"background": str(photo), "layers": [], "composite": str(photo)})
    status, gallery, _d, decision, summary, timer, _c = _until_final(app, CREATOR, job_id)
    assert ": denied, nothing was generated" in status and gallery == []
    # the decision panel, drawn as Check consent draws it: the upload with face 1 boxed
    assert re.search(r'<img src="data:image/jpeg;base64,[A-Za-z0-9+/=]+" alt="source image', decision), decision[:400]
    assert "Face 1 in the source" in decision
    # a denial without an uploaded image has no picture
    plain = _submit(app, CREATOR, subjects=["nobody-registered"])
    assert "<img" not in _until_final(app, CREATOR, plain)[3]


def test_a_job_denied_for_a_registered_persons_face_names_her_to_operators_only(app, tmp_path) -> None:
    """A creator uploads a photo of an enrolled person and names nobody: the denial, its job
    status and "My outputs" say face 1 in the source is a registered person who has not
    consented (boxed), never who or why; an operator sees who, and the audit log keeps it."""
    from skimage import data
    from PIL import Image

    from consent.operations import Operations

    photo = tmp_path / "portrait.png"
    Image.fromarray(data.astronaut()).save(photo)
    ops = Operations(app.registry)
    ops.add_subject("eileen", "Eileen Collins")
    ops.enroll("eileen", [photo])
    ops.set_opt_out("eileen", True)
    job_id = _submit(app, CREATOR, engine="diffusion", mode="img2img",
                     source={"background": str(photo), "layers": [], "composite": str(photo)})
    status, gallery, _d, decision, _s, _t, _c = _until_final(app, CREATOR, job_id)
    app.jobs.wait(job_id, timeout=180, recorded=True)
    _thumbs, rows, _i = app.my_outputs(request=_as(CREATOR))
    seen = {"status": status, "decision": decision, "my outputs": rows[0][6]}
    for where, text in seen.items():
        for secret in ("eileen", "Eileen", "never to be generated", "opted out"):
            assert secret not in text, (where, secret)
    assert "a registered person who has not consented to this use" in status and "source face at (" in status
    assert "Face 1 in the source" in decision and "is a registered person who has not consented" in decision
    # the way out for a creator who holds the grant, without saying who the face is (user audit)
    assert "name them under Subjects depicted and check that the project you entered under Project is the grant" in decision
    assert re.search(r'<img src="data:image/jpeg;base64,[A-Za-z0-9+/=]+" alt="source image', decision)
    as_operator = app.job_status(job_id, request=_as(OPERATOR))[3]
    assert "eileen" in as_operator and "has asked never to be generated" in as_operator
    audit = [e.payload for e in app.registry.audit_page(limit=50) if e.payload.get("decision")]
    assert any("eileen" in d["decision"]["subjects"] for d in audit)


def _done(app, user: str, **form) -> str:
    """A job run to its end, and that end committed to the registry: another server process
    (``make_another``) sees ended jobs only from there, and the page shows a job as ended
    a moment before its record is written."""
    job_id = _submit(app, user, **form)
    _until_final(app, user, job_id)
    app.jobs.wait(job_id, timeout=180, recorded=True)
    return job_id


def test_my_outputs_lists_only_my_jobs_and_survives_a_new_server(app, gate) -> None:
    gate.unlink()
    mine = _done(app, CREATOR, seed=11, prompt="a harbour at dawn")
    theirs = _done(app, OTHER, seed=12, prompt="a lighthouse at dusk")
    again = app.make_another()  # a reload or a restart: nothing comes from session state
    thumbs, rows, index = again.my_outputs(request=_as(CREATOR))
    assert [r[0] for r in rows] == [mine] and index == [[mine, 0]]
    (path, caption), = thumbs
    assert Path(path).is_file() and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d · seed 11 · [0-9a-f]{8}", caption)
    assert rows[0][3] == "done" and rows[0][4] == "11" and rows[0][5] == "a harbour at dawn"
    link = re.fullmatch(rf"\[(consent-studio_\d{{4}}-\d\d-\d\d_\d{{4}}_seed-11_[0-9a-f]{{8}}\.png)\]\(/download/{mine}/0\)", rows[0][6])
    assert link, rows[0][6]
    assert again.output_link(mine, 0, request=_as(CREATOR)) == f"Download: {rows[0][6]}"
    _thumbs, op_rows, _i = again.my_outputs(request=_as(OPERATOR))  # operators see everyone's
    assert {r[0] for r in op_rows} == {mine, theirs} and {r[2] for r in op_rows} == {CREATOR, OTHER}


def test_verify_an_output_from_history_uses_the_verify_flow(app, gate) -> None:
    gate.unlink()
    job_id = _done(app, CREATOR)
    summary, report = app.verify_output(job_id, 0, request=_as(CREATOR))
    assert summary.startswith("#### OK: consent-studio_") and report["ok"] is True and report["c2pa_state"] == "Trusted"
    assert "path" not in report and str(app.settings.data_dir) not in str(report)  # no server path, ever
    # the signed seed and settings (no likeness here), in My outputs' Verify and in the Verify tab
    job = app.jobs.get(job_id, touch=False)
    assert report["generation"] == {"version": 1, "seed": job.seed, "steps": 4, "width": 256, "height": 256,
                                    "model_sha256": None}
    assert f"**Generation settings (signed):** seed {job.seed}, 4 steps, 256×256" in summary
    tab_summary, tab_report, _json = app.verify_file(job.outputs[0].location, request=_as(CREATOR))
    assert f"seed {job.seed}, 4 steps, 256×256" in tab_summary and tab_report["generation"]["seed"] == job.seed
    with pytest.raises(gr.Error, match=rf"“Output” is 1; job {job_id} has 1 output\(s\) \(0 to 0\)"):
        app.verify_output(job_id, 1, request=_as(CREATOR))


def _plain(x):
    """The value an update or a component in an update sets."""
    return x.get("value") if isinstance(x, dict) else getattr(x, "value", x)


def test_reuse_settings_restores_every_setting_and_the_seed_actually_used(app, gate, engine) -> None:
    gate.unlink()
    form = dict(seed=-1, prompt="a harbour at dawn, fishing boats", negative_prompt="fog", territory="FR", project="p1",
                steps=3, guidance=5.5, count=2, purpose="art", media="still_image", label_position="top-left",
                output_format="jpeg")
    first = _done(app, CREATOR, **form)
    job = app.jobs.get(first, touch=False)
    assert job.seed is not None and job.settings["seed"] is None  # random: the seed used is recorded
    values = app.reuse_settings(first, request=_as(CREATOR))
    fields = dict(zip(("engine", "model", "mode", "source", "prompt", "negative_prompt", "subjects", "purpose", "media",
                       "territory", "project", "grantee", "seed", "steps", "guidance", "width", "height", "count",
                       "label_position", "output_format"), values))
    # the engine's form comes with the values: its modes, the fields it uses, its note
    assert [c[1] for c in fields["mode"].choices] == ["text2img"] and "ignores the prompt" in values[-3]
    assert fields["steps"]["visible"] is False and fields["source"]["visible"] is False
    fields = {k: _plain(v) for k, v in fields.items()}
    assert values[-2] == f"Settings of job `{first}` restored, seed **{job.seed}**."
    assert values[-1].selected == "generate"
    assert fields["seed"] == job.seed and fields["prompt"] == form["prompt"] and fields["negative_prompt"] == "fog"
    assert (fields["territory"], fields["project"], fields["steps"], fields["guidance"], fields["count"]) == ("FR", "p1", 3, 5.5, 2)
    assert (fields["width"], fields["height"], fields["grantee"], fields["engine"], fields["mode"]) == (256, 256, CREATOR, "gan", "text2img")
    assert (fields["label_position"], fields["output_format"]) == ("top-left", "jpeg")  # the label corner and format too
    # Generate again with the restored form: the same request, with the seed pinned
    fields["source"] = None
    again = app.submit_job(generate_form(**fields), request=_as(CREATOR))[0]
    _until_final(app, CREATOR, again)
    rerun = app.jobs.get(again, touch=False)
    assert {k: v for k, v in rerun.settings.items() if k != "seed"} == {k: v for k, v in job.settings.items() if k != "seed"}
    assert rerun.seed == job.seed and engine.seeds[-1] == engine.seeds[-2] == job.seed


@pytest.mark.parametrize("action", ["job_status", "cancel_job", "reuse_settings", "verify_output", "output_link"])
def test_a_creator_cannot_touch_another_creators_job(app, gate, action) -> None:
    gate.unlink()
    theirs = _done(app, OTHER)
    args = (theirs, 0) if action in ("verify_output", "output_link") else (theirs,)
    with pytest.raises(gr.Error, match=rf"job '{theirs}' is not recorded"):
        getattr(app, action)(*args, request=_as(CREATOR))
    assert getattr(app, action)(*args, request=_as(OPERATOR))  # an operator may


def test_signed_out_requests_are_refused(app) -> None:
    with pytest.raises(gr.Error, match="sign-in required"):
        app.my_outputs(request=gr.Request())
    with pytest.raises(gr.Error, match="sign-in required"):
        app.submit_job(generate_form(), request=gr.Request())


@pytest.mark.parametrize("action", ["job_status", "cancel_job", "reuse_settings", "verify_output", "output_link"])
def test_a_new_account_under_a_removed_creators_name_does_not_inherit_her_jobs(app, gate, users, action) -> None:
    """Red team s60: dana leaves (``users remove dana``); later a new colleague gets the account
    name ``dana``. The new account is another account: the old one's jobs are not in its My
    outputs, and opening one by id is "not recorded", as for any other creator's."""
    gate.unlink()
    old = _done(app, OTHER, seed=7)
    assert [r[0] for r in app.my_outputs(request=_as(OTHER))[1]] == [old]
    users.remove(OTHER)
    users.add(OTHER, Role.CREATOR, "a-new-colleague-pw2")
    assert app.my_outputs(request=_as(OTHER)) == ([], [], [])
    args = (old, 0) if action in ("verify_output", "output_link") else (old,)
    with pytest.raises(gr.Error, match=rf"job '{old}' is not recorded"):
        getattr(app, action)(*args, request=_as(OTHER))
    assert getattr(app, action)(*args, request=_as(OPERATOR))  # operators still may
    mine = _done(app, OTHER, seed=8)  # what the new account makes is its own
    assert [r[0] for r in app.my_outputs(request=_as(OTHER))[1]] == [mine]
