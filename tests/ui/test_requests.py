"""A creator denied by mistake asks the operators; the answer lands in the queue and the audit."""

from __future__ import annotations

import gradio as gr
import pytest
from ui_support import generate_form


def test_a_false_denial_has_a_way_out(handlers, as_creator, as_operator):
    md = handlers.check_consent(generate_form(prompt="a sunflower field in the style of Claude Monet"), request=as_creator)
    assert 'data-verdict="denied"' in md  # a painter's name, read as a person
    msg = handlers.file_request("exception", "Claude Monet", "Monet is named for the painting style", request=as_creator)
    assert msg.startswith("Request **r-")
    (row,) = handlers.my_requests(as_creator)
    rid = row[0]
    assert row[1:6] == ["exception", "ui:carl", "Claude Monet", "Monet is named for the painting style", "pending"]
    with pytest.raises(gr.Error, match="answering a request requires the operator role"):
        handlers.answer_request(rid, True, "ok", request=as_creator)
    # a famous person's name: the operator reading the request is warned, and must say so to approve
    _rid, detail = handlers.pick_request([row], gr.SelectData(None, {"index": [0, 0], "value": rid}), request=as_operator)
    assert "a known real person's name (“Claude Monet”)" in detail and "Yes, allow a famous person" in detail
    with pytest.raises(gr.Error, match="known real person's name.*Yes, allow a famous person's name"):
        handlers.answer_request(rid, True, "painter named for a style", request=as_operator)
    assert handlers.my_requests(as_operator)[0][5] == "pending"
    message, rows = handlers.answer_request(rid, True, "painter named for a style", True, request=as_operator)
    assert message == f"Request **{rid}** approved." and rows[0][5] == "approved"
    (added,) = [e for e in handlers.registry.audit_entries() if e.kind == "name_exception_added"]
    assert added.payload["famous_person"] == "Claude Monet"
    md = handlers.check_consent(generate_form(prompt="a sunflower field in the style of Claude Monet"), request=as_creator)
    assert 'data-verdict="allowed"' in md
    kinds = [e.kind for e in handlers.registry.audit_entries()]
    assert {"request_filed", "request_answered", "name_exception_added"} <= set(kinds)


def test_a_creator_sees_only_their_own_requests(handlers, as_creator, as_operator, users):
    from creator.auth import Role

    users.add("dora", Role.CREATOR, "dora-creator-pw1")
    handlers.file_request("grant", "jane-doe", "I need Jane for the spring campaign", request=gr.Request(username="dora"))
    assert handlers.my_requests(as_creator) == []
    assert len(handlers.my_requests(as_operator)) == 1


def test_a_new_account_under_a_removed_creators_name_does_not_see_her_requests(handlers, as_operator, users):
    """Red team s60: a name removed and added again is another account; the requests (and the
    operators' answers) of the earlier account are not shown to the later one."""
    from creator.auth import Role

    users.add("dora", Role.CREATOR, "dora-creator-pw1")
    dora = gr.Request(username="dora")
    handlers.file_request("grant", "jane-doe", "I need Jane for the spring campaign", request=dora)
    assert len(handlers.my_requests(dora)) == 1 and len(handlers.own_requests(dora)) == 1
    users.remove("dora")
    users.add("dora", Role.CREATOR, "another-dora-pw2")
    assert handlers.my_requests(dora) == [] and handlers.own_requests(dora) == []
    assert len(handlers.my_requests(as_operator)) == 1
    handlers.file_request("grant", "jane-doe", "Jane again, for the autumn", request=dora)
    assert [r[4] for r in handlers.my_requests(dora)] == ["Jane again, for the autumn"]


def test_an_empty_request_says_what_is_missing(handlers, as_creator):
    with pytest.raises(gr.Error, match="“Why” is required"):
        handlers.file_request("exception", "Claude Monet", "", request=as_creator)


def test_a_message_is_shown_as_written_to_the_operator(handlers, as_creator, as_operator):
    """A creator's bidi override ("\u202e") reordered the message an operator read in the queue (red
    team 68): it shows as its escape."""
    handlers.file_request("exception", "Claude Monet", "painter \u202edevorppa ,ylno elyts", request=as_creator)
    (row,) = handlers.my_requests(as_operator)
    assert row[4] == "painter \\u202edevorppa ,ylno elyts"


def test_a_request_from_a_denial_names_it_and_the_operator_reads_which_one(handlers, as_creator, as_operator):
    """User audit: a request sent from the page never said which denial it was about, so the
    operator could not tell which image or request the creator meant. The request form takes the
    denial the Generate tab shows (Check consent's or a job's); the queue shows its id, time, the
    prompt shortened (kept by a job) and the rule that denied."""
    prompt = "a sunflower field in the style of Claude Monet, " + "soft morning light over the river " * 3
    md = handlers.check_consent(generate_form(prompt=prompt), request=as_creator)
    checked = handlers.request_decision_field(md)
    assert checked and f'data-decision="{checked}"' in md  # the panel's denial, into the request form
    _g, _d, job_md, _s = handlers.generate(generate_form(prompt=prompt), request=as_creator)
    ran = handlers.request_decision_field(job_md)
    assert ran and ran != checked  # a job's denial: its own decision
    assert handlers.request_decision_field(handlers.check_consent(generate_form(prompt="a quiet harbour"),
                                                                  request=as_creator)) == ""  # allowed: none

    msg = handlers.file_request("exception", "Claude Monet", "Monet is named for the painting style", ran, request=as_creator)
    assert f"about decision {ran}" in msg
    handlers.file_request("exception", "Claude Monet", "Monet is named for the painting style", checked, request=as_creator)
    rows = handlers.my_requests(as_operator)
    assert handlers.REQUEST_HEADERS[-1] == "decision"
    by_id = {r[7].split()[1]: r[7] for r in rows}
    job_line, check_line = by_id[ran], by_id[checked]
    assert "“a sunflower field in the style of Claude Monet, soft morning light over the…”" in job_line
    assert "prompt not kept (a Check consent)" in check_line
    for line in (job_line, check_line):
        assert " UTC: " in line and "art · likeness_generation · project “spring-campaign” · US" in line, line
        assert "denied by " in line and "Claude Monet" in line  # the rule that denied, in the operator's words
    # a creator's own queue names the decision, not the operator's findings
    mine = {r[0]: r[7] for r in handlers.my_requests(as_creator)}
    assert sorted(mine.values()) == sorted([f"decision {ran}", f"decision {checked}"])

    # picking a row for the answer form shows the request and its decision in full
    rid = next(r[0] for r in rows if r[7].split()[1] == ran)
    picked, detail = handlers.pick_request(rows, gr.SelectData(None, {"index": [0, 0], "value": rid,
                                                                      "row_value": next(r for r in rows if r[0] == rid)}),
                                           request=as_operator)
    assert picked == rid and ran in detail and "soft morning light" in detail and "Claude Monet" in detail
    with pytest.raises(gr.Error, match="requires the operator role"):
        handlers.pick_request(rows, gr.SelectData(None, {"index": [0, 0], "value": rid}), request=as_creator)


def test_a_request_cannot_name_another_users_decision_or_a_made_up_one(handlers, as_creator, users):
    from creator.auth import Role

    users.add("dora", Role.CREATOR, "dora-creator-pw1")
    dora = gr.Request(username="dora")
    dora_md = handlers.check_consent(generate_form(prompt="Claude Monet at his easel"), request=dora)
    doras = handlers.request_decision_field(dora_md)
    for wrong in (doras, "4b1e0c7e-0000-4000-8000-000000000000"):
        with pytest.raises(gr.Error, match="is not a decision made for you") as e:
            handlers.file_request("exception", "Claude Monet", "Monet is named for the painting style", wrong,
                                  request=as_creator)
        assert "dora" not in str(e.value)
    assert handlers.my_requests(as_creator) == []


def test_a_new_account_under_a_removed_creators_name_cannot_cite_her_decisions(handlers, users):
    """Red team s60b: the decision a removed dora was given is not one made for the new account
    given her name (citing it would show the operators her prompt and denial as the new one's)."""
    from creator.auth import Role

    users.add("dora", Role.CREATOR, "dora-creator-pw1")
    dora = gr.Request(username="dora")
    old = handlers.request_decision_field(handlers.check_consent(generate_form(prompt="Claude Monet at his easel"),
                                                                 request=dora))
    assert old
    users.remove("dora")
    users.add("dora", Role.CREATOR, "another-dora-pw2")
    with pytest.raises(gr.Error, match="is not a decision made for you"):
        handlers.file_request("exception", "Claude Monet", "Monet is named for the painting style", old, request=dora)
    new = handlers.request_decision_field(handlers.check_consent(generate_form(prompt="Claude Monet at his easel"),
                                                                 request=dora))
    assert "about decision" in handlers.file_request("exception", "Claude Monet", "Monet is named for the painting style",
                                                     new, request=dora)
