"""The operators' watch list in the People & consent tab: watch names typed one per line, see them
listed, take one off; a creator can do none of it; the creator's check then denies the name."""

from __future__ import annotations

import gradio as gr
import pytest
from ui_support import generate_form

PROMPT = "ilse vrontkamp walking her dog"


def test_an_operator_watches_and_unwatches_and_the_creator_check_follows(handlers, as_creator, as_operator):
    assert 'data-verdict="allowed"' in handlers.check_consent(generate_form(prompt=PROMPT), request=as_creator)
    message, rows = handlers.watch_names("Ilse Vrontkamp\n\n  Marek Quilby  \n", "agency talent", request=as_operator)
    assert message == "2 names watched."
    assert [r[:3] for r in rows] == [["Ilse Vrontkamp", "agency talent", "ui:olive"], ["Marek Quilby", "agency talent", "ui:olive"]]
    md = handlers.check_consent(generate_form(prompt=PROMPT), request=as_creator)
    assert 'data-verdict="denied"' in md and "ilse vrontkamp" in md and "watch" not in md.lower()  # reads as any name
    message, rows = handlers.unwatch_name("Ilse  Vrontkamp", "left the agency", request=as_operator)
    assert message == "'Ilse Vrontkamp' is no longer watched." and [r[0] for r in rows] == ["Marek Quilby"]
    assert 'data-verdict="allowed"' in handlers.check_consent(generate_form(prompt=PROMPT), request=as_creator)


def test_a_creator_cannot_read_or_change_the_watch_list(handlers, as_creator, as_operator):
    handlers.watch_names("Ilse Vrontkamp", "agency talent", request=as_operator)
    for call in (lambda: handlers.watched_names(as_creator),
                 lambda: handlers.watch_names("Marek Quilby", "x", request=as_creator),
                 lambda: handlers.unwatch_name("Ilse Vrontkamp", "x", request=as_creator)):
        with pytest.raises(gr.Error, match="requires the operator role"):
            call()
    assert [r[0] for r in handlers.watched_names(as_operator)] == ["Ilse Vrontkamp"]


@pytest.mark.parametrize("names, reason, match", [
    ("", "talent", "“Names” is required"),
    ("Ilse Vrontkamp", "", "reason is empty"),
    ("Rose", "talent", "would be denied"),
])
def test_what_is_missing_or_wrong_is_said(handlers, as_operator, names, reason, match):
    with pytest.raises(gr.Error, match=match):
        handlers.watch_names(names, reason, request=as_operator)
    assert handlers.watched_names(as_operator) == []
