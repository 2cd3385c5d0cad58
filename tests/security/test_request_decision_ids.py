"""A request to the operators names the denial it is about (its decision id), and an operator
reads that decision beside it: which request, when, the prompt, the rule that denied. So the id
must be one the studio gave the requester. A creator who names another creator's decision (to
have the operator read their request under it, or to learn whether the id exists) or a made-up
one is refused, with the same words for both, through the Python API, the CLI and the HTTP API.

The decision's owner is the actor its signed audit entry names (``ui:NAME`` for the web studio
and its jobs, ``cli:USER`` for the CLI), as a request's maker is named.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from ui_support import DORA, DORA_PW, api_call, api_complete, api_form, start_live_server

from consent.audit import acting_as
from consent.errors import RecordInvalid
from creator.auth import Role, UserStore

FORGED = "4b1e0c7e-1c2d-4e5f-8a9b-0123456789ab"


# --------------------------------------------------------------------------- Python API
def _denial(world, actor: str, prompt: str = "a portrait of Claude Monet in his garden") -> str:
    with acting_as(actor):
        d = world.studio().check(world.request(prompt=prompt))
    assert not d.allowed
    return d.decision_id


def _refusal(world, requested_by: str, decision_id: str) -> str:
    with pytest.raises(RecordInvalid) as e:
        world.ops.file_request("exception", requested_by, "Claude Monet", "Monet is named for the painting style",
                               decision_id)
    return str(e.value)


def test_a_creator_cannot_name_another_creators_decision_or_a_made_up_one(stub_world):
    carls, doras = _denial(stub_world, "ui:carl"), _denial(stub_world, "ui:dora")
    foreign = _refusal(stub_world, "ui:carl", doras)
    forged = _refusal(stub_world, "ui:carl", FORGED)
    assert "is not a decision made for you (ui:carl)" in foreign
    # the same words for both: trying ids tells nobody whether another's decision exists
    assert foreign.replace(doras, "<id>") == forged.replace(FORGED, "<id>")
    assert "dora" not in foreign
    for odd in ("%", "_", carls + " ", carls.upper(), carls[:-1], "x" * 65, carls + "\x1b[2K", "' OR 1=1 --"):
        if odd.strip() == carls:
            continue  # surrounding spaces are taken off, as the page's field may send them
        assert "is not a decision made for you" in _refusal(stub_world, "ui:carl", odd)
    assert "\x1b" not in _refusal(stub_world, "ui:carl", carls + "\x1b[2K")  # echoed escaped
    assert stub_world.registry.requests() == []  # nothing was filed
    rq = stub_world.ops.file_request("exception", "ui:carl", "Claude Monet", "Monet is named for the painting style",
                                     f" {carls} ")
    assert rq.decision_id == carls
    d = stub_world.ops.request_decision(rq)
    assert d.found and d.theirs and "Claude Monet" in d.denied_by


def test_a_decision_made_without_a_named_actor_is_nobodys_to_name(stub_world):
    d = stub_world.studio().check(stub_world.request(prompt="a portrait of Claude Monet"))  # Python API, no actor
    assert "is not a decision made for you" in _refusal(stub_world, "ui:carl", d.decision_id)
    assert "is not a decision made for you" in _refusal(stub_world, "unknown", d.decision_id)


def test_a_job_denial_is_its_owners_to_name(stub_world):
    """A job's decision is recorded by the job service under its owner (``acting_as(run.owner)``)."""
    from studio_world import StubEngine

    from creator.jobs import JobManager, JobSettings

    engine = StubEngine()
    with JobManager.from_settings(stub_world.settings, registry=stub_world.registry, jobs=JobSettings(job_workers=1),
                                  engines={"gan": lambda req: engine, "diffusion": lambda req: engine}) as jobs:
        job = jobs.submit(stub_world.request(prompt="Claude Monet painting water lilies"), owner="ui:carl")
        job = jobs.wait(job.id, timeout=60, recorded=True)
    assert str(job.state) == "denied" and job.decision_id, job
    assert "is not a decision made for you" in _refusal(stub_world, "ui:dora", job.decision_id)
    rq = stub_world.ops.file_request("exception", "ui:carl", "Claude Monet", "the painter, for the style", job.decision_id)
    d = stub_world.ops.request_decision(rq)
    assert d.asked == "Claude Monet painting water lilies"  # the prompt, from the job that ran it


def test_a_request_row_naming_another_decision_reads_so_to_the_operator(stub_world):
    """A request filed before decisions were checked (or by the Python API under another name) that
    names someone else's decision is shown as such, never with that decision's prompt and rule."""
    from consent.records import format_time
    from consent.registry import RequestRecord

    doras = _denial(stub_world, "ui:dora")
    rec = stub_world.registry.add_request(RequestRecord("r-0123456789ab", "grant", "ui:carl", "jane", "old request, no check",
                                                        doras, "pending", None, format_time(stub_world.ops._clock())))
    assert stub_world.ops.request_decision(rec).line() == f"decision {doras}: not a decision made for this requester"
    rec2 = stub_world.registry.add_request(RequestRecord("r-ba9876543210", "grant", "ui:carl", "jane", "old request, no check",
                                                         FORGED, "pending", None, format_time(stub_world.ops._clock())))
    assert stub_world.ops.request_decision(rec2).line() == f"decision {FORGED}: not in the audit log"


def test_the_cli_refuses_a_decision_it_did_not_give_this_user(stub_world):
    from click.testing import CliRunner

    from creator.cli import cli
    from creator.cli.requests import _me

    doras = _denial(stub_world, "ui:dora")
    stub_world.registry.close()
    runner = CliRunner()
    base = ["--data-dir", str(stub_world.settings.data_dir), "requests", "file", "--kind", "exception",
            "--subject", "Claude Monet", "--message", "Monet is named for the painting style"]
    for wrong in (doras, FORGED):
        r = runner.invoke(cli, [*base, "--decision", wrong])
        assert r.exit_code == 2 and "is not a decision made for you" in r.output, r.output
    with acting_as("cli:olive"):
        assert _me() == "cli:olive"
        checked = runner.invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "check", "--prompt",
                                      "Claude Monet at his easel", "--purpose", "art", "--territory", "US",
                                      "--grantee", "olive"])
        mine = re.search(r"DENIED \(decision ([0-9a-f-]{36})\)", checked.output).group(1)
        r = runner.invoke(cli, [*base, "--decision", mine])
        assert r.exit_code == 0 and f"about decision {mine}" in r.output, r.output
    listed = runner.invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "requests", "list"]).output
    lines = listed.splitlines()
    assert lines[0].split("\t")[2] == "cli:olive"
    assert lines[1].startswith(f"  decision {mine} at ") and "prompt not kept (a Check consent)" in lines[1]
    assert "denied by " in lines[1] and "Claude Monet" in lines[1]
    rid = lines[0].split("\t")[0]
    shown = json.loads(runner.invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "requests", "show", rid,
                                           "--json"]).output)
    assert shown["decision"]["decision_id"] == mine and shown["decision"]["theirs"] is True


# --------------------------------------------------------------------------- the HTTP API
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("rq-decisions")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        yield s


def _checked_denial(session) -> str:
    html = api_complete(api_call(session, "check_consent", api_form(prompt="Claude Monet at his easel")))[0]
    m = re.match(r'<div class="cs-decision cs-denied" data-verdict="denied" data-decision="([0-9a-f-]{36})">', html)
    assert m, html[:300]
    return m.group(1)


def _file(session, decision: str) -> str:
    return api_call(session, "file_request", ["exception", "Claude Monet", "Monet is named for the painting style", decision])


def test_over_http_a_creator_cannot_name_another_creators_decision_or_a_made_up_one(server, carl, dora):
    from consent.operations import Operations
    from consent.registry import Registry

    doras, carls = _checked_denial(dora), _checked_denial(carl)
    answers = {}
    for name, wrong in (("foreign", doras), ("forged", FORGED), ("forged-long", "f" * 5000)):
        text = _file(carl, wrong)
        assert "event: error" in text and "is not a decision made for you (ui:carl)" in text, text[:400]
        assert "dora" not in text and "Traceback" not in text
        answers[name] = text.replace(wrong[:64], "<id>")
    assert answers["foreign"] == answers["forged"]  # one refusal for both
    with Registry.from_settings(server.settings) as reg:
        assert reg.requests() == []
    ok = api_complete(_file(carl, carls))[0]
    assert f"about decision {carls}" in ok
    none = api_complete(_file(carl, ""))[0]  # a request without a denial still goes
    assert "about decision" not in none
    with Registry.from_settings(server.settings) as reg:
        rs = {r.decision_id: r for r in reg.requests()}
        assert set(rs) == {carls, None}
        line = Operations(reg).request_decision(rs[carls]).line()
    assert line.startswith(f"decision {carls} at ") and "denied by " in line and str(uuid.UUID(carls)) in line
