"""Red team s60: a creator account removed and a *new* account added under the same name
inherits the old account's private outputs.

The studio treats an account as its name *and* creation time (``creator.auth.User.key``): a
remove-and-add makes another account, so the old account's sessions die and its queued jobs
never start (ARCHITECTURE, threat table: "a remove-and-add making another"). But a finished
job's owner is stored as ``ui:<name>`` only, and the download route
(``creator.ui.history.add_download_route._find``: ``job.owner != f"ui:{user}"``) and "My
outputs" compare the name alone. So when ``ana`` leaves (``consent-studio users remove ana``) and
a new colleague later gets the common first-name account ``ana`` (``users add ana``), the new
``ana`` downloads the old ``ana``'s private outputs (and reads their settings) by job id, although
README promises downloads are "served only to the maker and operators".

Expected: a job made by an earlier account of the same name is not served to a later account of
that name (404, as for any other creator); operators still get it.
"""

from __future__ import annotations

from jobs_support import download_as, request_fields

from creator.auth import Role, UserStore
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from studio_world import StubEngine


def _finished_job(stub_world, owner: str):
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda req: StubEngine()}, jobs=JobSettings(job_workers=1))
    try:
        job = jobs.submit(GenerationRequest.build(**request_fields(prompt="")), owner=owner)
        done = jobs.wait(job.id, timeout=120)
    finally:
        jobs.close()
    assert done.state is JobState.DONE, done.error
    return done


def test_a_new_account_reusing_a_removed_creators_name_cannot_download_her_outputs(stub_world):
    """Attack: ana (creator) makes a private output; the operator removes ana; months later a new
    colleague is given the account name ``ana`` and asks ``GET /download/<old job>/0``.
    Expected: 404 (the new account is not the maker), as for any other creator."""
    users = UserStore.from_settings(stub_world.settings)
    users.add("ana", Role.CREATOR, "ana-creator-pw1")
    job = _finished_job(stub_world, "ui:ana")
    assert download_as(stub_world.registry, users, "ana", job.id).status_code == 200  # the maker herself: served

    users.remove("ana")                                  # `consent-studio users remove ana`
    users.add("ana", Role.CREATOR, "another-person-pw9")  # a different person, same account name
    r = download_as(stub_world.registry, users, "ana", job.id)
    assert r.status_code == 404, ("a new account that reuses a removed creator's name downloaded her private "
                                  "output (the route compares the owner's name only, not the account)")


def test_an_operator_still_downloads_the_removed_creators_output(stub_world):
    """Control (passes today): operators keep access to every output."""
    users = UserStore.from_settings(stub_world.settings)
    users.add("ana", Role.CREATOR, "ana-creator-pw1")
    users.add("olive", Role.OPERATOR, "olive-operator-pw1")
    job = _finished_job(stub_world, "ui:ana")
    users.remove("ana")
    assert download_as(stub_world.registry, users, "olive", job.id).status_code == 200
