"""An output whose consent is no longer in force is not served to its maker for further use
(walkthrough as a rights operator, session 65: a revoked person's images were still offered in
My outputs and downloaded with no word); operators keep it for the record."""

from __future__ import annotations

from jobs_support import download_as, request_fields

from creator.auth import Role, UserStore
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from studio_world import StubEngine


def _janes_job(w):
    users = UserStore.from_settings(w.settings)
    users.add("ana", Role.CREATOR, "ana-creator-pw1")
    users.add("olive", Role.OPERATOR, "olive-operator-pw1")
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    jobs = JobManager.from_settings(w.settings, registry=w.registry, engines={"gan": lambda req: StubEngine()},
                                    jobs=JobSettings(job_workers=1))
    try:
        job = jobs.submit(GenerationRequest.build(**request_fields(prompt="", subjects=("jane",))), owner="ui:ana")
        done = jobs.wait(job.id, timeout=120)
    finally:
        jobs.close()
    assert done.state is JobState.DONE, done.error
    return users, done


def test_a_revoked_persons_output_is_not_downloaded_for_further_use(stub_world):
    from creator.ui.history import consent_lapsed

    w = stub_world
    users, job = _janes_job(w)
    assert download_as(w.registry, users, "ana", job.id).status_code == 200
    assert consent_lapsed(w.registry, job.outputs[0].sha256) is None
    w.ops.revoke_grant("g-jane-1", "actor withdrew consent", "legal@acme")
    why = consent_lapsed(w.registry, job.outputs[0].sha256)
    assert why and "revoked on" in why
    refused = download_as(w.registry, users, "ana", job.id)
    assert refused.status_code == 403 and "no longer in force" in refused.json()["detail"]
    assert b"PNG" not in refused.content
    # (an operator's walkthrough, session 67) a link clicked in a browser read raw JSON
    page = download_as(w.registry, users, "ana", job.id, headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Not served</h1>" in page.text and "no longer in force" in page.text and b"PNG" not in page.content
    assert download_as(w.registry, users, "olive", job.id).status_code == 200  # the operator, for the record
