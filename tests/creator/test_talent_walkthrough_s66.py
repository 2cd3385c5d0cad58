"""What the person met on her own page in session 66's talent walkthrough (an actor, her agent, a
guardian), each as she meets it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from talent_me_support import ORIGIN, fields, talent_world
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
