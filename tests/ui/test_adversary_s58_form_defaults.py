"""Red team s58: People & consent forms whose values, as the page (or an API client) sends them,
weaken consent without an explicit choice.

- The Opt-out form: a subject picker, a checkbox "Opt-out (never generate)" that is unticked
  whatever the picked subject's flag is (no ``o_subject.change`` loads it), and a button labelled
  "Set opt-out". Picking a person who opted out and pressing "Set opt-out" — the page's defaults —
  clears her opt-out: the same family as the Edit form's Minor checkbox fixed in session 58.
- ``answer_request`` (HTTP endpoint ``answer_request``): the approve box and the new famous-name
  box are read with ``bool(...)``; Gradio's Checkbox passes an API client's value through as sent,
  so the string ``"false"`` approves the request and confirms a famous person's name. The
  ``edit_subject`` endpoint refuses such values for its minor flag ("expected unchanged, yes or no").
"""

from __future__ import annotations

import asyncio

import gradio as gr
import pytest

from consent.names import NameMatcher


def _app(handlers, users, ui_settings):
    from creator.ui.layout import build_app

    return build_app(ui_settings, store=users, handlers=handlers)


def _dep(demo, api_name: str):
    (dep,) = [f for f in demo.fns.values() if f.api_name == api_name]
    return dep


def _through_gradio(demo, dep, values, request):
    """The endpoint as Gradio runs it for a request: each input's preprocess, then the handler."""
    return asyncio.run(demo.process_api(block_fn=dep, inputs=values, state=None, request=request))


def test_pressing_set_opt_out_with_the_pages_defaults_keeps_an_opt_out(handlers, users, ui_settings, as_operator):
    handlers.ops.add_subject("olga", "Olga Optedout", opt_out=True)
    demo = _app(handlers, users, ui_settings)
    dep = _dep(demo, "set_opt_out")
    values = [getattr(c, "value", None) for c in dep.inputs]
    values[0] = "olga"  # the operator only picks the subject and presses "Set opt-out"
    try:
        dep.fn(*values, request=as_operator)
    except gr.Error:
        pass  # refusing to act without an explicit choice is a safe outcome
    assert handlers.registry.get_subject("olga").opt_out, (
        "'Set opt-out' pressed with the box as the page shows it cleared Olga's opt-out")


@pytest.mark.parametrize("famous_value", ["false", "no", "0"])
def test_a_famous_box_sent_as_false_text_does_not_confirm_a_famous_name(handlers, users, ui_settings, as_operator,
                                                                        famous_value):
    rec = handlers.ops.file_request("exception", "ui:carl", "Taylor Swift", "a font called Taylor Swift")
    demo = _app(handlers, users, ui_settings)
    dep = _dep(demo, "answer_request")
    try:
        _through_gradio(demo, dep, [rec.id, True, "ok", famous_value], as_operator)
    except Exception:
        pass  # refused: safe
    names = [(x.name, x.reason) for x in handlers.registry.name_exceptions()]
    scan = NameMatcher(exceptions=names).find_all("portrait of Taylor Swift")
    assert scan.likenesses, f"famous box sent as {famous_value!r} confirmed Taylor Swift as a name exception"


def test_an_approve_box_sent_as_false_text_does_not_approve(handlers, users, ui_settings, as_operator):
    rec = handlers.ops.file_request("exception", "ui:carl", "Shake It Off", "a song title")
    demo = _app(handlers, users, ui_settings)
    dep = _dep(demo, "answer_request")
    try:
        _through_gradio(demo, dep, [rec.id, "false", "no thanks", False], as_operator)
    except Exception:
        pass
    assert handlers.registry.get_request(rec.id).status != "approved", "approve sent as 'false' approved the request"


def test_a_delete_confirmation_sent_as_false_text_deletes_nothing(handlers, users, ui_settings, as_operator):
    """Data loss: ``delete_subject`` reads its confirmation with ``if not confirm``; "false" is truthy."""
    handlers.ops.add_subject("olga", "Olga Optedout", opt_out=True)
    demo = _app(handlers, users, ui_settings)
    try:
        _through_gradio(demo, _dep(demo, "delete_subject"), ["olga", "false"], as_operator)
    except Exception:
        pass
    assert [s.id for s in handlers.registry.list_subjects()] == ["olga"], "confirm sent as 'false' deleted the subject"


def test_a_namesake_box_sent_as_false_text_does_not_confirm_a_famous_alias(handlers, users, ui_settings, as_operator):
    """The Edit form's "Yes, also known by this famous name" box, sent as "false" by an API client,
    is read with ``bool()``: a real person is given "Taylor Swift" as an alias, so her grants then
    cover every prompt naming the singer."""
    handlers.ops.add_subject("tess", "Tess Smith")
    demo = _app(handlers, users, ui_settings)
    dep = _dep(demo, "edit_subject")
    values = [getattr(c, "value", None) for c in dep.inputs]
    values[0], values[2], values[5] = "tess", "Taylor Swift", "false"  # subject, aliases, namesake box
    try:
        _through_gradio(demo, dep, values, as_operator)
    except Exception:
        pass
    assert "Taylor Swift" not in handlers.registry.get_subject("tess").aliases, (
        "namesake box sent as 'false' confirmed a famous person's name as a registered person's alias")
