"""What the person met on her own page in session 66's talent walkthrough (an actor, her agent, a
guardian), each as she meets it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from talent_me_support import ORIGIN, csrf_of, decision, fields, person, talent_world
from webauthn_support import SoftAuthenticator, passkey_sign


@pytest.fixture
def maya(tmp_path):
    """Maya, an adult with an agent, Sam Reyes; both signed a grant with their passkeys, and Maya is
    signed in to her page."""
    with talent_world(tmp_path) as (reg, ops, drafts, client):
        ops.add_subject("maya", "Maya Torres", representative_name="Sam Reyes", representative_role="agent")
        me = SoftAuthenticator()
        view, links = drafts.create(fields("maya"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        passkey_sign(drafts, by["agent"], SoftAuthenticator())
        passkey_sign(drafts, by["self"], me)
        o = client.post("/api/signin/options", json={}).json()
        assert client.post("/api/signin", json=me.get(o["challenge"], ORIGIN)).status_code == 200
        yield reg, ops, client, view.id


def test_a_grant_her_replaced_agent_signed_is_shown_as_allowing_nothing(maya, tmp_path):
    reg, ops, client, gid = maya
    assert ops.grant_view(gid).stopped is None
    assert 'data-status="active"' in client.get("/me").text
    ops.update_subject("maya", representative_name="Pat Kim", representative_role="agent")

    view = ops.grant_view(gid)
    assert view.status.value == "active"  # dates and revocation unchanged ...
    assert view.stopped == "the agent who signed it is no longer the agent on record"  # ... and it allows nothing
    page = client.get("/me").text
    assert 'data-status="stopped"' in page and "it allows nothing now: the agent who signed it is no longer" in page
    assert "Pat Kim" not in page

    from creator.cli import cli
    from creator.cli._common import CliState
    from creator.settings import StudioSettings

    state = CliState(settings=StudioSettings(data_dir=tmp_path / "cli-unused"), _registry=reg)
    listed = CliRunner().invoke(cli, ["grant", "list"], obj=state)
    assert f"{gid}\tmaya\tactive (allows nothing now)" in listed.output, listed.output
    as_json = json.loads(CliRunner().invoke(cli, ["grant", "show", gid, "--json"], obj=state).output)
    assert as_json["stopped"] == "the agent who signed it is no longer the agent on record"


def test_a_request_under_a_withdrawn_grant_asks_her_nothing_and_an_answer_is_confirmed(tmp_path):
    """Requests waiting on a grant she then withdrew stayed under "Waiting for your approval" with a
    live Approve button; an answer gave no word back (the card just went)."""
    from consent.approvals import Approvals

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        import fastapi

        from creator.talent.app import TalentService, talent_app

        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane", approve_each_use=True)
        reg.record_decision(decision(reg, "jane", "aa" * 32))
        reg.record_decision(decision(reg, "jane", "bb" * 32))
        first, second = Approvals(reg).list(status="pending")
        page = me.get("/me").text
        assert "Waiting for your approval (2)" in page
        r = me.post(f"/me/approvals/{first.id}/decline", data={"csrf": csrf_of(page)})
        assert "Declined: the studio may not make that request" in r.text  # (followed to her page)

        ops.revoke_grant(gid, "I withdraw", by="talent:jane:self")
        page = me.get("/me").text
        assert "Waiting for your approval" not in page
        r = me.post(f"/me/approvals/{second.id}/approve", data={"csrf": csrf_of(page)})
        assert r.status_code == 409 and "This grant no longer allows anything" in r.text
        assert Approvals(reg).get(second.id).status == "pending"  # nothing recorded


def test_withdrawing_asks_for_a_confirmation_and_says_what_happens_to_images_made(tmp_path):
    """One click withdrew a grant without a word, and nothing said what happens to the images
    already made."""
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        import fastapi

        from creator.talent.app import TalentService, talent_app

        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane")
        page = me.get("/me").text
        assert "Images already made" in page and "Copies already downloaded or published are outside" in page
        r = me.post(f"/me/grants/{gid}/revoke", data={"csrf": csrf_of(page), "reason": "oops"})
        assert r.status_code == 400 and "Tick “Yes, withdraw it” to confirm; nothing was changed." in r.text
        assert ops.grant_view(gid).status.value == "active"
        r = me.post(f"/me/grants/{gid}/revoke", data={"csrf": csrf_of(page), "reason": "I changed my mind", "sure": "yes"})
        assert r.status_code == 200 and "Withdrawn: nothing new can be made under that grant" in r.text
        assert ops.grant_view(gid).status.value == "revoked"


def test_a_representative_reads_the_terms_about_the_person_and_who_else_signs(tmp_path):
    """An agent and a guardian read "make new images that look like you"; nobody was told that
    every signer must accept."""
    from consent.drafts import Drafts


    with talent_world(tmp_path) as (reg, ops, drafts, client):
        ops.add_subject("leo", "Leo Park", minor=True, representative_name="Dana Park", representative_role="guardian")
        view, links = Drafts(ops).create(fields("leo"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        guardian = client.get(f"/s/{by['guardian']}").text
        assert "make new images that look like Leo Park" in guardian and "look like you" not in guardian
        assert "This grant needs every one of these to accept: you, the person shown (Leo Park)." in guardian
        minor = client.get(f"/s/{by['self']}").text
        assert "This grant needs every one of these to accept: their guardian, you." in minor
        assert "look like you" in minor


def test_whoever_opened_a_first_link_is_warned_of_and_the_person_can_say_it_was_not_her(tmp_path):
    """An interceptor who opened the actor's first link became her (trust on first use). The
    operator is now warned when a link will bind a passkey; the real person, whose second link says
    "signs with the passkey you created before", can say she never made one: the draft is declined
    and the operators are told (audit ``passkey_disputed``)."""
    from click.testing import CliRunner

    from consent.drafts import Drafts
    from consent.errors import SignatureInvalid
    from creator.cli import cli
    from creator.cli._common import CliState
    from creator.settings import StudioSettings

    with talent_world(tmp_path, ("nia", "Nia Brook")) as (reg, ops, drafts, client):
        state = CliState(settings=StudioSettings(data_dir=tmp_path / "cli"), _registry=reg)
        terms = fields("nia")
        first = CliRunner().invoke(cli, ["grant", "draft", "--subject", "nia", "--grantee", terms["grantee"],
                                         "--project", terms["project"], "--description", terms["description"],
                                         "--purpose", "film_reshoot", "--operation", "likeness_generation",
                                         "--medium", "still_image", "--territory", "US", "--valid-until", "2030-01-01",
                                         "--evidence", "signed_release:" + "ab" * 32,
                                         "--base-url", "https://studio.example"], obj=state)
        assert first.exit_code == 0, first.output
        assert ("WARNING: no passkey is bound yet for self: whoever opens that link first becomes that signer"
                in first.stderr) and "https://studio.example/talent/enroll" in first.stderr
        token = first.stdout.split("/talent/s/", 1)[1].split()[0]
        interceptor = SoftAuthenticator()
        passkey_sign(drafts, token, interceptor)  # the interceptor opened it first
        (forged,) = reg.list_grants("nia")
        assert ops.grant_view(forged.id).stopped is None  # it allows what it says, signed "by her"

        _, links = Drafts(ops).create(fields("nia", id="g-nia-2"), created_by="cli:olive")
        page = client.get(f"/s/{links[0].token}").text
        assert "If you never created one, someone else may have signed as you" in page and 'name="disputed"' in page
        r = client.post(f"/s/{links[0].token}/decline", data={"reason": "", "disputed": "yes"})
        assert r.status_code == 200 and "That passkey no longer signs for you" in r.text
        assert "operators are told that someone else may have created it as you" in r.text
        (entry,) = reg.audit_entries(kind="passkey_disputed")
        assert entry.payload["subject_id"] == "nia" and entry.payload["passkeys"]
        assert Drafts(ops).get("g-nia-2").status == "declined"

        # (session 67) what the disputed passkey signed allows nothing from then on, without an
        # operator having to find it; the signed log agrees with the tables
        assert entry.payload["withdrawn"] == entry.payload["passkeys"]
        assert ops.grant_view(forged.id).stopped == "the key the person signed it with is no longer one of their keys on record"
        assert not set(entry.payload["withdrawn"]) & set(reg.get_subject("nia").key_ids)
        assert reg.verify_audit().ok
        # her next link binds the passkey she makes then; the disputed one is never bound again
        _, third = Drafts(ops).create(fields("nia", id="g-nia-3"), created_by="cli:olive")
        with pytest.raises(SignatureInvalid, match="reported as not created by the person"):
            passkey_sign(drafts, third[0].token, interceptor)
        passkey_sign(drafts, third[0].token, SoftAuthenticator())
        assert ops.grant_view("g-nia-3").stopped is None


def test_the_person_can_ask_never_to_be_generated_from_her_own_page(tmp_path):
    """Her page had only each grant's Withdraw: no "never use my likeness", and an operator's opt-out
    was not shown to her."""
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        import fastapi

        from creator.talent.app import TalentService, talent_app

        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane")
        page = me.get("/me").text
        assert "Never use my likeness" in page and "data-opted-out" not in page
        assert me.post("/me/opt-out", data={"csrf": csrf_of(page)}).status_code == 400  # not confirmed
        assert not reg.get_subject("jane").opt_out
        r = me.post("/me/opt-out", data={"csrf": csrf_of(page), "sure": "yes"})
        assert r.status_code == 200 and "Done: no image of this likeness is made here any more" in r.text
        assert "data-opted-out" in r.text and "You have asked never to be generated" in r.text
        assert reg.get_subject("jane").opt_out
        assert ops.grant_view(gid).stopped == "the person has opted out of all generation"
        (entry,) = reg.audit_entries(kind="opt_out_set")
        assert entry.payload.get("actor") == "talent:jane:self"  # hers, in the signed log


def test_every_talent_page_names_who_runs_it_and_how_to_reach_them(tmp_path):
    """"Ask the studio" appeared six times over, with no way to; only the address told the real page
    from a copy."""
    import fastapi
    from fastapi.testclient import TestClient

    from consent.registry import Registry
    from creator.settings import StudioSettings
    from creator.talent import mount_talent

    settings = StudioSettings(data_dir=tmp_path / "data", provider="Northlight Pictures",
                              talent_contact="rights@northlight.example")
    with Registry.from_settings(settings) as reg:
        app = fastapi.FastAPI()
        mount_talent(app, settings, reg)
        client = TestClient(app, base_url=ORIGIN)
        for path in ("/talent/me", "/talent/enroll", "/talent/s/not-a-link"):
            page = client.get(path).text
            assert ("These pages are run by Northlight Pictures. About your consent: rights@northlight.example."
                    in page), path
        assert "These pages are run by" not in client.get("/talent/me/grants/g-1/ledger.json").text  # (not HTML)


def test_a_used_link_says_what_to_do_if_it_was_not_her_and_times_read_plainly(tmp_path):
    """Someone with her link declined it; she then saw "already used (declined at
    2026-12-07T21:29:16.749023Z)" and nothing more."""
    from consent.drafts import Drafts

    with talent_world(tmp_path, ("omar", "Omar Vale")) as (reg, ops, drafts, client):
        _, links = Drafts(ops).create(fields("omar"), created_by="cli:olive")
        assert client.post(f"/s/{links[0].token}/decline", data={"reason": ""}).status_code == 200
        page = client.get(f"/s/{links[0].token}").text
        assert "If that was not you, someone else has this link: tell the studio" in page
        assert " UTC)" in page and not any(c + "Z)" in page for c in "0123456789")  # no microseconds, no Z


def test_two_grants_for_the_same_project_are_told_apart_on_her_page(tmp_path):
    """Two grants with the same grantee and project shared one heading; each now names its purposes,
    its end and its id under it."""
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        import fastapi

        from creator.talent.app import TalentService, talent_app

        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane")
        page = me.get("/me").text
        heading = page.split(f'<h2 id="h-{gid}">', 1)[1].split("</p>", 1)[0]
        assert "Film reshoot" in heading and f"grant <code>{gid}</code>" in heading and "until <time" in heading


def test_her_answers_are_listed_and_an_approval_not_used_yet_can_be_taken_back(tmp_path):
    """Approve and Decline gave no history and no way to take back an approval before its use."""
    from consent.approvals import Approvals

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        import fastapi

        from creator.talent.app import TalentService, talent_app

        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane", approve_each_use=True)
        reg.record_decision(decision(reg, "jane", "aa" * 32))
        (ap,) = Approvals(reg).list(status="pending")
        page = me.get("/me").text
        me.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf_of(page)})
        assert decision(reg, "jane", "aa" * 32).allowed
        page = me.get("/me").text
        assert "Your recent answers" in page and "approved (not used yet)" in page and "Take back this approval" in page
        r = me.post(f"/me/approvals/{ap.id}/take-back", data={"csrf": csrf_of(page)})
        assert r.status_code == 200 and "Taken back: the studio may not make that request" in r.text
        assert Approvals(reg).get(ap.id).status == "declined"
        assert not decision(reg, "jane", "aa" * 32).allowed  # the request needs her approval again
        again = me.post(f"/me/approvals/{ap.id}/take-back", data={"csrf": csrf_of(page)})
        assert again.status_code == 400  # nothing approved to take back
        assert reg.verify_audit().ok


def test_an_operator_withdraws_a_passkey_that_signed_as_the_person(tmp_path):
    """(session 67) "Replace the key (subject edit)" could only add a key: a passkey the wrong person
    bound as the actor stayed one of her keys, and what it signed stayed in force. The operator now
    withdraws it: what it signed allows nothing, it opens and binds nothing again, audited."""
    from consent.drafts import Drafts
    from creator.cli import cli
    from creator.cli._common import CliState
    from creator.settings import StudioSettings
    from creator.ui.render import audit_summary

    with talent_world(tmp_path, ("nia", "Nia Brook")) as (reg, ops, drafts, client):
        state = CliState(settings=StudioSettings(data_dir=tmp_path / "cli"), _registry=reg)
        _, links = Drafts(ops).create(fields("nia", id="g-nia"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, SoftAuthenticator())  # the wrong person opened the link
        (pk,) = drafts.passkeys("nia")
        assert ops.grant_view("g-nia").stopped is None

        short = CliRunner().invoke(cli, ["subject", "withdraw-passkey", "nia", pk.key_id, "--reason", "oops"], obj=state)
        assert short.exit_code != 0 and "a reason of at least 10 characters" in short.output
        wrong = CliRunner().invoke(cli, ["subject", "withdraw-passkey", "nia", "k-nothere", "--reason",
                                         "her link reached the wrong person"], obj=state)
        assert wrong.exit_code != 0 and "no passkey k-nothere is bound for subject 'nia'" in wrong.output
        assert drafts.passkeys("nia") and ops.grant_view("g-nia").stopped is None  # nothing changed

        r = CliRunner().invoke(cli, ["subject", "withdraw-passkey", "nia", pk.key_id, "--by", "olive", "--reason",
                                     "her link reached the wrong person"], obj=state)
        assert r.exit_code == 0, r.output
        assert f"passkey {pk.key_id} (self) of subject 'nia' withdrawn" in r.stdout
        assert "grants that allow nothing now: g-nia" in r.stdout and "hand it over in person" in r.stderr
        assert ops.grant_view("g-nia").stopped and drafts.passkeys("nia") == []
        assert drafts.session_refusal("nia", "self", pk.key_id) is not None
        (entry,) = reg.audit_entries(kind="passkey_withdrawn")
        words = audit_summary(entry.kind, entry.payload)
        assert f"Passkey {pk.key_id} of nia (self) withdrawn by olive: “her link reached the wrong person”" in words
        assert reg.verify_audit().ok
