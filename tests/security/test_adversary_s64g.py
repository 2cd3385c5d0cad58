"""Red team G of session 64: the grantees an operator names for a creator account (commit eb7af63).

Since eb7af63 a creator account may also generate as the grantees an operator named for it
(``creator.auth.User.grantees`` / ``may_generate_for``, ``UserStore.set_grantees``, ``users
grantees NAME ...``), checked in ``StudioApp._build_request``. What still reaches a grantee that is
not (or no longer) named for the account:

* a users file edited by hand whose ``grantees`` is one string instead of a list is split into
  its letters (``UserStore._parse`` passes ``tuple(row.get("grantees"))`` to ``User``, so
  ``check_grantees``' refusal of a plain string never sees the string);
* a job queued under an agency's grant still runs after an operator took the agency off the
  account (``owner_refused`` checks the account's standing, not whom it may generate for);
* an approve-each-use approval one agency account asked for is spent by another account of the
  agency sending the identical request (approvals are keyed by grant and request digest, and the
  digest holds the grantee, not the account).

Also here, of less weight: a malformed grantee in the users file is reported without the file or
the account, and the refusal's suggested ``users grantees`` command would drop the account's other
grantees.
"""

from __future__ import annotations

import json
import re

import gradio as gr
import pytest
from jobs_support import gated_studio_app, wait_until
from jobs_support import gate  # noqa: F401 (the fixture)
from ui_support import (CREATOR, OPERATOR, as_operator, evidence_file, generate_form, issue,  # noqa: F401
                        handlers, jane_keys, ui_settings, users)

from creator.auth import AuthError, Role, UserStore
from creator.jobs.model import Job
from creator.ui import SubjectForm

MIA, MIA_PW = "mia", "mia-creator-pw1"
AGENCY = "Bright Agency"


def _as(user: str) -> gr.Request:
    return gr.Request(username=user)


def _hand_edit(store: UserStore, name: str, grantees) -> None:
    """What an operator's editor does to users.json: ``grantees`` of account ``name`` set as written."""
    doc = json.loads(store.path.read_text(encoding="utf-8"))
    for row in doc["users"]:
        if row["name"] == name:
            row["grantees"] = grantees
    store.path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------- the users file
def test_a_hand_edited_grantees_string_is_refused_not_split_into_letters(ui_settings, users):  # noqa: F811
    """Attack: an operator edits users.json by hand and writes ``"grantees": "Acme"`` (one string,
    not a list; the CLI writes a list). ``check_grantees`` refuses a plain string ("grantees must be
    a list of names"), but ``UserStore._parse`` first turns the value into ``tuple("Acme")``, so the
    account silently may generate as the grantees 'A', 'c', 'm' and 'e' (and not as 'Acme'): whom an
    account may generate for is no longer what anyone wrote, and nothing says so (a string with a
    space, "Bright Agency", is refused, but as "grantee ' ' is not valid", which names neither the
    file nor what was written). Expected: the users file is refused with a clear error, as every
    other malformed entry is."""
    users.add(MIA, Role.CREATOR, MIA_PW)
    _hand_edit(users, MIA, "Acme")
    try:
        got = UserStore.from_settings(ui_settings).get(MIA)
    except AuthError:
        return  # refused: what is expected
    pytest.fail(f"users.json's \"grantees\": \"Acme\" (a string) was read as the grantees {got.grantees!r}: "
                "the account may generate as each letter, silently")


# --------------------------------------------------------------------------- the job path
@pytest.fixture
def app(ui_settings, users, gate, monkeypatch):  # noqa: F811
    """The studio's handlers over the gated stepped engine, one worker (as tests/ui/test_jobs_ui.py)."""
    monkeypatch.setenv("CONSENT_STUDIO_JOB_WORKERS", "1")
    monkeypatch.setenv("CONSENT_STUDIO_JOB_GRACE_S", "120")
    users.add(MIA, Role.CREATOR, MIA_PW, [AGENCY])
    with gated_studio_app(ui_settings, users, gate) as a:
        yield a


def _submit(app, user: str, **form) -> str:
    job_id = app.submit_job(generate_form(width=256, height=256, steps=form.pop("steps", 4), **form), request=_as(user))[0]
    assert re.fullmatch(r"job_[0-9a-f]{16}", job_id), job_id
    return job_id


def test_a_job_queued_for_the_agency_does_not_start_after_the_agency_is_taken_off_the_account(
        app, gate, users, as_operator, jane_keys, evidence_file):  # noqa: F811
    """Attack: creator mia may generate for Bright Agency, which holds Jane Doe's grant. She leaves
    the agency (or the operator named it by mistake); she has queued jobs for Jane under the
    agency's grant first, while another job holds the worker. The operator runs ``consent-studio
    users grantees mia`` (her own name only). Her queued jobs still start and make and sign Jane's
    likeness as Bright Agency: ``owner_refused`` (``creator.ui.jobs_view``) refuses a queued job
    only when the account was removed, replaced or its password changed, and the decision at start
    does not know the account (the grant is the agency's, still valid). A removed account's jobs
    (red team 27) and a changed password's (a thief's queue) are stopped at start; taking a grantee
    off an account is the same withdrawal of a right. Expected: the job does not start (or ends
    refused) and records no output."""
    app.add_subject(SubjectForm(subject_id="jane-doe", display_name="Jane Doe", aliases="J. Doe", kind="person",
                                subject_key=str(jane_keys.public_path)), request=as_operator)
    issue(app, as_operator, "jane-doe", jane_keys, evidence_file, grantee=AGENCY)
    # the operator's own long job holds the one worker, so that mia's waits in the queue
    holder = _submit(app, OPERATOR, steps=50)
    wait_until(lambda: "running, generate" in app.job_status(holder, request=as_operator)[0], timeout=120,
               what=f"{holder} running")
    job = _submit(app, MIA, grantee=AGENCY, subjects=["jane-doe"])
    assert "queued" in app.job_status(job, request=_as(MIA))[0]
    users.set_grantees(MIA, [])  # `consent-studio users grantees mia`: her own name only
    with pytest.raises(gr.Error, match="this account generates only as 'mia'"):
        app.check_consent(generate_form(grantee=AGENCY, subjects=["jane-doe"]), request=_as(MIA))  # new requests: refused
    gate.unlink()
    app.jobs.wait(job, timeout=300, recorded=True)
    done = Job.from_record(app.registry.get_job(job))
    assert not (str(done.state) == "done" and done.outputs), (
        f"mia's job queued for {AGENCY!r} ran after the operator took {AGENCY!r} off her account: "
        f"{len(done.outputs)} output(s) of jane-doe signed under the agency's grant (state {done.state})")


def test_a_malformed_grantee_in_the_users_file_is_named_with_the_file_and_the_account(ui_settings, users):  # noqa: F811
    """Attack (on the operators' ability to recover): users.json edited by hand holds a grantee with
    a line break for one creator. Every account, operators included, is then refused (the whole file
    is), and the one message anyone sees is "grantee 'Bright\\nAgency' is not valid; expected a
    name as grants name the grantee ...": it names neither the users file nor the account (a bad
    ``created_at`` says "users file …: entry 1 is malformed …"), because ``User``'s
    ``check_grantees`` raises an ``AuthError`` that ``UserStore._parse`` does not wrap. (A bad
    name, role or password hash in the file is reported the same unwrapped way already; grantees
    are the new field, and the one an operator is likeliest to edit by hand.) Expected: the error
    names the users file and which account (or entry) holds the bad grantee."""
    users.add(MIA, Role.CREATOR, MIA_PW, [AGENCY])
    _hand_edit(users, MIA, ["Bright\nAgency"])
    with pytest.raises(AuthError) as e:
        UserStore.from_settings(ui_settings).get(OPERATOR)
    said = str(e.value)
    assert str(users.path) in said and (MIA in said or "entry" in said), (
        f"the refusal of the whole users file names neither the file nor the account with the bad grantee: {said!r}")


def test_the_refusals_suggested_command_keeps_the_accounts_other_grantees(handlers, users):  # noqa: F811
    """Attack (the studio's own advice takes a right away): creator mia may generate for Bright
    Agency and types "Bright Films" too. The refusal tells her, for the operator, "an operator can
    let it generate for 'Bright Films' (consent-studio users grantees mia 'Bright Films')"; but
    ``users grantees NAME ...`` *sets* the list, so the operator who runs the suggested command takes
    Bright Agency off the account without being told. Expected: the suggested command lists the
    account's grantees and the new one (``_build_request`` builds it from the typed grantee only)."""
    users.add(MIA, Role.CREATOR, MIA_PW, [AGENCY])
    with pytest.raises(gr.Error) as e:
        handlers.check_consent(generate_form(grantee="Bright Films"), request=_as(MIA))
    said = str(e.value)
    command = said.split("(consent-studio users grantees ", 1)[1].rsplit(")", 1)[0]
    assert AGENCY in command and "Bright Films" in command, (
        f"the refusal suggests `consent-studio users grantees {command}`, which would take {AGENCY!r} "
        f"off mia's account: {said!r}")


def test_an_agency_creator_cannot_use_the_approval_another_account_asked_for(handlers, users, as_operator,  # noqa: F811
                                                                            jane_keys, evidence_file):  # noqa: F811
    """Attack: carl and mia both may generate for Bright Agency; Jane's grant to the agency is
    approve-each-use. Carl asks (his request is filed as ``requested_by ui:carl``) and Jane approves
    it. Mia sends the identical request (same prompt, settings and seed: a shared template, or one
    she saw on carl's screen) and is allowed: the approval is looked up by grant and request digest
    (``consent.approvals.approved_digests`` / ``consume``), and the digest
    (``GenerationRequest.digest``) holds the grantee, not the account. Before eb7af63 only one
    creator account could send a grantee's requests, so the approval was in effect the asker's;
    now one agency account spends the approval another asked for (and carl's own generate is then
    refused: "no longer there"). Jane's page names the agency only, so what she approved is kept;
    what fails is "a creator account does only what is theirs". Precondition: the identical
    request. Expected: an approval serves the account that asked for it."""
    from consent.approvals import Approvals

    users.add(MIA, Role.CREATOR, MIA_PW, [AGENCY])
    users.set_grantees(CREATOR, [AGENCY])
    handlers.add_subject(SubjectForm(subject_id="jane-doe", display_name="Jane Doe", aliases="J. Doe", kind="person",
                                     subject_key=str(jane_keys.public_path)), request=as_operator)
    issue(handlers, as_operator, "jane-doe", jane_keys, evidence_file, grantee=AGENCY, approve_each_use=True)
    form = dict(grantee=AGENCY, subjects=["jane-doe"], prompt="Jane Doe at a summer picnic", seed=7)
    assert 'data-verdict="allowed"' not in handlers.check_consent(generate_form(**form), request=_as(CREATOR))
    (asked,) = Approvals(handlers.registry).list(subject_id="jane-doe", status="pending")
    assert asked.requested_by == f"ui:{CREATOR}"
    Approvals(handlers.registry).decide(asked.id, approve=True, by="jane-doe", subject_id="jane-doe")
    assert 'data-verdict="allowed"' in handlers.check_consent(generate_form(**form), request=_as(CREATOR))
    shown = handlers.check_consent(generate_form(**form), request=_as(MIA))
    assert 'data-verdict="allowed"' not in shown, (
        f"mia's request was allowed by approval {asked.id}, which Jane gave to the request carl (ui:carl) asked for")
