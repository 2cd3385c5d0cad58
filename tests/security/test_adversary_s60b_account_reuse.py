"""Red team s60b: places that still take an account to be its name after commit 7878e43.

Commit 7878e43 made a job, output or request an account's only when it was made under the
account's name *at or after the account's creation* (``creator.auth.User.made``,
``creator.jobs.model.AccountOwner`` / ``owned_by``), so that a new account given a removed
creator's name (``users remove ana`` then, for a new colleague, ``users add ana``) does not inherit
her private outputs. Some places were left comparing the name alone, or judge by a time that is
not when the thing was made:

* the Verify tab (``StudioApp.verify_file`` -> ``creator.ui.render.report_for``: ``owner == viewer``)
  shows the new account the old one's output record (decision id, grant ids), the recovered
  original and each grant's reason, which README reserves for the maker and operators;
* Gradio's file route (``creator.ui.server.create_server`` ``may_read``) judges an output by its
  *record's* ``created_at`` (when the outputs were recorded), not by when its job was submitted:
  a job the old account left running finishes after the new account exists, and its output is
  served to the new account (``/download/...``, which goes by the job's ``submitted_at``, refuses);
* the per-creator caps count by name: the old account's pending requests
  (``Registry.add_request``, ``MAX_PENDING_REQUESTS``) and queued jobs (``JobManager.submit``,
  ``per_owner``) refuse the new account, which cannot see, answer or cancel them (a false refusal).
"""

from __future__ import annotations

import re

import gradio as gr
import pytest
from jobs_support import gated_studio_app, wait_until
from jobs_support import gate  # noqa: F401 (the fixture)
from ui_support import CREATOR, as_operator, generate_form, handlers, ui_settings, users  # noqa: F401

from creator.auth import Role
from creator.jobs.model import Job
from creator.jobs.store import signed_output

DANA, OLD_PW, NEW_PW = "dana", "dana-creator-pw1", "a-new-colleague-pw2"


@pytest.fixture
def app(ui_settings, users, gate, monkeypatch):  # noqa: F811
    """The studio's handlers over the gated stepped engine, one worker (as tests/ui/test_jobs_ui.py)."""
    monkeypatch.setenv("CONSENT_STUDIO_JOB_WORKERS", "1")
    monkeypatch.setenv("CONSENT_STUDIO_JOB_GRACE_S", "60")
    monkeypatch.setenv("CONSENT_STUDIO_JOBS_PER_OWNER", "2")
    users.add(DANA, Role.CREATOR, OLD_PW)
    with gated_studio_app(ui_settings, users, gate) as a:
        yield a


def _as(user: str) -> gr.Request:
    return gr.Request(username=user)


def _submit(app, user: str, **form) -> str:
    job_id = app.submit_job(generate_form(width=256, height=256, steps=form.pop("steps", 4), **form), request=_as(user))[0]
    assert re.fullmatch(r"job_[0-9a-f]{16}", job_id)
    return job_id


def _running(app, user: str, job_id: str) -> None:
    wait_until(lambda: "running, generate" in app.job_status(job_id, request=_as(user))[0], timeout=60,
               what=f"{job_id} running")


def _output_path(app, job_id: str):
    app.jobs.wait(job_id, timeout=180, recorded=True)
    job = Job.from_record(app.registry.get_job(job_id))
    assert str(job.state) == "done", job.error
    o = job.outputs[0]
    return signed_output(app.registry, o.sha256, o.location).path


def _replace_dana(users) -> None:
    users.remove(DANA)                       # `consent-studio users remove dana`
    users.add(DANA, Role.CREATOR, NEW_PW)    # later: a new colleague gets the account name "dana"


def test_the_verify_tab_does_not_show_a_new_account_the_removed_makers_record(app, gate, users):  # noqa: F811
    """Attack: the old dana made an output and left; the new dana (another person, same account
    name) gets a copy of it (it circulates: outputs are made to be published) and drops it on the
    Verify tab. Expected: she reads it as any other creator does, the disclosure facts only
    (``record`` is ``{"made_here": True}``: no decision id, no grant ids, no owner), because she
    is not its maker. Today she is shown the whole record: ``report_for`` compares ``ui:dana``."""
    gate.unlink()
    path = _output_path(app, (job := _submit(app, DANA, seed=7)))
    assert app.verify_file(str(path), request=_as(DANA))[1]["record"].get("decision_id")  # the maker: all of it
    _replace_dana(users)
    with pytest.raises(gr.Error, match="not recorded"):  # the new account cannot open the job itself ...
        app.verify_output(job, 0, request=_as(DANA))
    record = app.verify_file(str(path), request=_as(DANA))[1]["record"]
    assert record == {"made_here": True}, (f"the Verify tab showed a new account named 'dana' the removed dana's "
                                           f"output record (decision, grants, owner): {record}")


def test_gradio_file_route_does_not_serve_a_new_account_the_job_the_old_one_left_running(app, gate, users):  # noqa: F811
    """Attack: the old dana's job is running when an operator removes her and gives the name to a
    new colleague (the case README's "a remove-and-add making another" is about). The job ends
    after the new account exists; its output record's ``created_at`` is then later than the new
    account's creation, and ``may_read`` goes by that time. Expected: the new dana gets 403/404 for
    ``/gradio_api/file=<the output>`` (as ``/download/<job>/0`` already answers 404), since the job
    was submitted before her account existed."""
    from starlette.testclient import TestClient

    from creator.ui.server import create_server

    job = _submit(app, DANA, steps=5)
    _running(app, DANA, job)
    _replace_dana(users)
    gate.unlink()
    path = _output_path(app, job)
    with gr.Blocks() as demo:
        gr.Markdown("studio")
    site = create_server(demo, app.settings, users, app.registry, auth_message="sign in", css="")
    with TestClient(site) as c:
        assert c.post("/login", data={"username": DANA, "password": NEW_PW}).status_code == 200
        assert c.get(f"/download/{job}/0").status_code == 404  # the job's own route: not hers
        r = c.get(f"/gradio_api/file={path}")
        assert not (r.status_code == 200 and r.content == path.read_bytes()), (
            "Gradio's file route served the new 'dana' an output of a job the removed dana had submitted "
            "(judged by when the output was recorded, not when its job was submitted)")


def test_a_new_account_is_not_refused_for_the_old_accounts_pending_requests(handlers, users, as_operator):  # noqa: F811
    """False refusal: the old dora left 20 requests waiting (the cap, ``MAX_PENDING_REQUESTS``);
    the new dora's "My requests" is empty (they are not hers), yet filing her first request is
    refused with "you already have 20 requests waiting". Expected: her request is filed (the cap
    counts the requests of this account); the old ones stay in the operators' queue."""
    from consent.registry import Registry

    users.add("dora", Role.CREATOR, "dora-creator-pw1")
    dora = gr.Request(username="dora")
    for i in range(Registry.MAX_PENDING_REQUESTS):
        handlers.file_request("grant", f"person-{i}", f"I need person {i} for the spring campaign", request=dora)
    users.remove("dora")
    users.add("dora", Role.CREATOR, "another-dora-pw2")
    assert handlers.my_requests(dora) == []  # none of them is hers
    handlers.file_request("grant", "jane-doe", "Jane, for my first campaign here", request=dora)
    assert [r[5] for r in handlers.my_requests(dora)] == ["pending"]


def test_a_new_account_is_not_refused_for_the_old_accounts_queued_jobs(app, gate, users):  # noqa: F811
    """False refusal: while carl's long job holds the one worker, the old dana queues her limit of
    jobs (``CONSENT_STUDIO_JOBS_PER_OWNER``, 2 here) and is replaced by a new dana. Her page lists
    no job (they are not hers, and they will never start: ``owner_refused``), yet her first submit
    is refused with "you have 2 jobs queued or running". Expected: her job is queued."""
    carl = _submit(app, CREATOR, steps=50)
    _running(app, CREATOR, carl)
    _submit(app, DANA)
    _submit(app, DANA)
    _replace_dana(users)
    assert app.my_outputs(request=_as(DANA)) == ([], [], [])
    try:
        _submit(app, DANA)
    except gr.Error as e:
        pytest.fail(f"the new 'dana' was refused for the removed dana's queued jobs, which she cannot see or cancel: {e}")
