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
    message, rows = handlers.answer_request(rid, True, "painter named for a style", request=as_operator)
    assert message == f"Request **{rid}** approved." and rows[0][5] == "approved"
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


def test_an_empty_request_says_what_is_missing(handlers, as_creator):
    with pytest.raises(gr.Error, match="“Why” is required"):
        handlers.file_request("exception", "Claude Monet", "", request=as_creator)


def test_a_message_is_shown_as_written_to_the_operator(handlers, as_creator, as_operator):
    """A creator's bidi override ("\u202e") reordered the message an operator read in the queue (red
    team 68): it shows as its escape."""
    handlers.file_request("exception", "Claude Monet", "painter \u202edevorppa ,ylno elyts", request=as_creator)
    (row,) = handlers.my_requests(as_operator)
    assert row[4] == "painter \\u202edevorppa ,ylno elyts"
