"""The Edit subject form leaves the minor flag as it is unless the operator changes it (session 58:
its Minor checkbox, unticked by default, made a minor an adult whenever she was renamed)."""

from __future__ import annotations

import gradio as gr
import pytest
from ui_support import issue

from creator.ui.forms import SubjectEditForm


def test_renaming_a_minor_in_the_studio_keeps_her_a_minor(handlers, as_operator):
    handlers.ops.add_subject("kim", "Kim Lee", minor=True, representative_name="Mo Lee", representative_role="guardian")
    handlers.edit_subject(SubjectEditForm(subject_id="kim", display_name="Kim A. Lee", minor="unchanged"), request=as_operator)
    assert handlers.registry.get_subject("kim").minor
    handlers.edit_subject(SubjectEditForm(subject_id="kim", display_name="Kim B. Lee"), request=as_operator)
    assert handlers.registry.get_subject("kim").minor
    handlers.edit_subject(SubjectEditForm(subject_id="kim", minor="no"), request=as_operator)
    assert not handlers.registry.get_subject("kim").minor


def test_the_page_sends_unchanged_unless_the_operator_picks_a_minor_flag(handlers, users, ui_settings, as_operator):
    """What the form sends when the operator only picks the subject and types a new name: every
    other field as the page shows it at first."""
    from creator.ui.layout import build_app

    handlers.ops.add_subject("kim", "Kim Lee", minor=True, representative_name="Mo Lee", representative_role="guardian")
    demo = build_app(ui_settings, store=users, handlers=handlers)
    (dep,) = [f for f in demo.fns.values() if f.api_name == "edit_subject"]
    values = [getattr(c, "value", None) for c in dep.inputs]
    values[0], values[1] = "kim", "Kim A. Lee"
    dep.fn(*values, request=as_operator)
    s = handlers.registry.get_subject("kim")
    assert s.display_name == "Kim A. Lee" and s.minor and s.representative.role == "guardian"


def test_a_person_come_of_age_is_rid_of_her_guardian_from_the_form(handlers, users, ui_settings, as_operator):
    """The form's representative role offers "remove the representative" (session 59): with Minor
    "no", the former guardian is gone in one change."""
    from creator.ui.forms import REMOVE_REPRESENTATIVE
    from creator.ui.layout import build_app

    handlers.ops.add_subject("kim", "Kim Lee", minor=True, representative_name="Mo Lee", representative_role="guardian")
    demo = build_app(ui_settings, store=users, handlers=handlers)
    (dep,) = [f for f in demo.fns.values() if f.api_name == "edit_subject"]
    role = next(c for c in dep.inputs if getattr(c, "label", "") == "New representative role")
    assert ("remove the representative", REMOVE_REPRESENTATIVE) in [tuple(ch) for ch in role.choices]
    with pytest.raises(gr.Error, match="is a minor: her guardian signs for her"):
        handlers.edit_subject(SubjectEditForm(subject_id="kim", rep_role=REMOVE_REPRESENTATIVE), request=as_operator)
    handlers.edit_subject(SubjectEditForm(subject_id="kim", minor="no", rep_role=REMOVE_REPRESENTATIVE), request=as_operator)
    s = handlers.registry.get_subject("kim")
    assert not s.minor and s.representative is None


def test_the_minor_flag_must_be_one_of_the_forms_choices(handlers, as_operator):
    handlers.ops.add_subject("kim", "Kim Lee")
    with pytest.raises(gr.Error, match="expected unchanged, yes or no"):
        handlers.edit_subject(SubjectEditForm(subject_id="kim", minor="maybe"), request=as_operator)
    assert not handlers.registry.get_subject("kim").minor


def test_a_minor_marked_without_her_guardian_is_told_which_grants_stop(handlers, as_operator, jane, jane_keys,
                                                                      evidence_file):
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    (gid,) = [g.id for g in handlers.registry.list_grants(jane)]
    message, _rows = handlers.edit_subject(SubjectEditForm(subject_id=jane, minor="yes"), request=as_operator)
    assert f"⚠ grant {gid} no longer allows anything" in message and "no guardian key on record" in message


def test_the_opt_out_form_changes_nothing_until_set_or_lift_is_picked(handlers, users, ui_settings, as_operator):
    """Pressing “Set opt-out” with only the subject picked (every other field as the page shows
    it): refused, the person stays opted out. Lifting needs the reason."""
    from creator.ui.layout import build_app

    handlers.ops.add_subject("kim", "Kim Lee")
    handlers.ops.set_opt_out("kim")
    demo = build_app(ui_settings, store=users, handlers=handlers)
    (dep,) = [f for f in demo.fns.values() if f.api_name == "set_opt_out"]
    values = [getattr(c, "value", None) for c in dep.inputs]
    values[0] = "kim"
    with pytest.raises(gr.Error, match="`opt-out` is not picked"):
        dep.fn(*values, request=as_operator)
    assert handlers.registry.get_subject("kim").opt_out
    with pytest.raises(gr.Error, match="say why"):
        handlers.set_opt_out("kim", "lift", "", request=as_operator)
    handlers.set_opt_out("kim", "lift", "Kim's agent confirmed by phone on 2026-12-06", request=as_operator)
    assert not handlers.registry.get_subject("kim").opt_out
