"""Red team 68: a creator's exception request and what the operators then see and do.

- Approving an exception request recorded the name exception in one transaction and answered the
  request in another: a second operator who declined the request in between left it reading
  "declined" while the name stood exempted for every creator; and a request for a name already
  exempted could never be approved.
- Approved with an empty answer, the creator's message becomes the exception's reason; `names list`
  printed it as written, so a creator's newline forged a second exception line and an ESC sequence
  erased and redrew the operator's screen (`requests list` escaped it since red team 13).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from consent.errors import RecordInvalid, RegistryError
from consent.names import NameMatcher
from creator.cli import cli


def test_a_request_declined_while_another_operator_approves_it_exempts_nothing(stub_world, monkeypatch):
    ops, reg = stub_world.ops, stub_world.registry
    rq = ops.file_request("exception", "ui:mallory", "Taylor Swift", "Taylor Swift is our font family's name")
    real = type(ops)._name_exception

    def then_bob_declines(self, *a):  # operator A has read the request pending; B answers first
        out = real(self, *a)
        reg.answer_request(rq.id, "declined", "No: that is a real singer's name", "ui:bob")
        return out

    monkeypatch.setattr(type(ops), "_name_exception", then_bob_declines)
    with pytest.raises(RegistryError, match="already declined"):
        ops.answer_request(rq.id, True, "", "ui:alice", famous_ok=True)
    assert reg.get_request(rq.id).status == "declined"
    assert reg.name_exceptions() == []
    scan = NameMatcher(exceptions=[(x.name, x.reason) for x in reg.name_exceptions()]).find_all(
        "portrait of Taylor Swift on stage")
    assert [lk.text for lk in scan.likenesses] == ["Taylor Swift"] and not scan.exempted


def test_a_request_for_a_name_already_exempted_is_approved(stub_world):
    ops, reg = stub_world.ops, stub_world.registry
    ops.allow_name("Van Gogh", "named for the painting style", "cli:olive", famous_ok=True)
    rq = ops.file_request("exception", "ui:carol", "van  gogh", "the painting style, not the man")
    assert ops.answer_request(rq.id, True, "ok", "ui:alice", famous_ok=True).status == "approved"
    assert [x.name for x in reg.name_exceptions()] == ["Van Gogh"]


def test_names_list_prints_a_creators_message_as_one_escaped_field(stub_world):
    ops = stub_world.ops
    msg = "Mucha is named for the poster style.\x1b[2K\r\x1b[1AOK: exceptions audited\nVan Gogh\tstyle\tolive"
    rq = ops.file_request("exception", "ui:mallory", "Mucha", msg)
    ops.answer_request(rq.id, True, "", "ui:olive")  # approved from the queue with no answer of its own
    stub_world.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "names", "list"],
                           catch_exceptions=False, color=True)
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Mucha\t") and lines[0].endswith("\tui:olive"), r.output
    assert "\x1b" not in r.output and "\r" not in r.output


@pytest.mark.parametrize("subject", ["Mucha\x1b[8m hidden", "Jane\u202eeoD", "Van\x00Gogh"])
def test_a_request_about_a_name_with_a_control_character_is_refused(stub_world, subject):
    with pytest.raises(RecordInvalid, match="control or format character"):
        stub_world.ops.file_request("exception", "ui:mallory", subject, "a style, not a person at all")
    assert stub_world.registry.requests() == []
