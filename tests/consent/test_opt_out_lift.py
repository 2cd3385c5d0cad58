"""Lifting a person's opt-out ("never generate me") lets her likeness be generated again under
her grants: it needs a reason, kept in the signed entry, and the studio's form changes nothing
until the operator picks set or lift (session 58: its Opt-out box, unticked by default, lifted an
opt-out whenever "Set opt-out" was pressed; the CLI's --undo asked for nothing)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from consent.errors import RecordInvalid
from creator.cli import cli


@pytest.fixture
def jane(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane")
    stub_world.ops.set_opt_out("jane")  # she opts out after signing
    return stub_world


def test_lifting_an_opt_out_needs_a_reason_kept_in_the_log(jane):
    with pytest.raises(RecordInvalid, match="lifting jane's opt-out lets her likeness be generated again"):
        jane.ops.set_opt_out("jane", False)
    with pytest.raises(RecordInvalid, match="at least 10 visible characters"):
        jane.ops.set_opt_out("jane", False, reason="ok")
    assert jane.registry.get_subject("jane").opt_out
    assert not jane.studio().check(jane.request(subjects=("jane",))).allowed
    jane.ops.set_opt_out("jane", False, reason="Jane asked by email on 2026-12-01 to be available again")
    assert jane.studio().check(jane.request(subjects=("jane",))).allowed
    entry = jane.audit("opt_out_set")[-1]
    assert entry.payload == {"subject_id": "jane", "opt_out": False,
                             "reason": "Jane asked by email on 2026-12-01 to be available again"}


def test_setting_an_opt_out_needs_no_reason_and_is_refused_a_non_bool(jane):
    jane.add_person("kim", "Kim Lee")
    assert jane.ops.set_opt_out("kim").opt_out
    with pytest.raises(RecordInvalid, match="expected true"):
        jane.ops.set_opt_out("kim", "no")


def test_the_cli_undo_asks_for_the_reason(jane):
    data = str(jane.settings.data_dir)
    jane.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", data, "subject", "opt-out", "jane", "--undo"])
    assert r.exit_code != 0 and "say why" in r.output, r.output
    r = CliRunner().invoke(cli, ["--data-dir", data, "subject", "opt-out", "jane", "--undo", "--reason",
                                 "signed withdrawal form of 2026-12-01"])
    assert r.exit_code == 0 and "opt_out=False" in r.output, r.output


def test_the_registry_itself_refuses_a_lift_without_a_reason(jane):
    """The rule is checked where the opt-out is lifted, in the registry's own transaction (red team
    of session 59: two operators lifting at once each passed the check on the state before the
    other's change; a script calling the registry skipped it)."""
    assert jane.registry.get_subject("jane").opt_out
    with pytest.raises(RecordInvalid, match="at least 10 visible characters"):
        jane.registry.set_opt_out("jane", False)
    with pytest.raises(RecordInvalid, match="at least 10 visible characters"):
        jane.registry.set_opt_out("jane", False, reason="\u200d" * 12)
    assert jane.registry.get_subject("jane").opt_out
    jane.registry.set_opt_out("jane", False, reason="Jane asked by email on 2026-12-01")
    assert not jane.registry.get_subject("jane").opt_out
