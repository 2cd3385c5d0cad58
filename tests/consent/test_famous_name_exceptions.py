"""A name exception lets every prompt name it with no grant: for a known real person's name the
operator must say that is meant (CLI ``--famous``, the studio's box, ``famous_ok=True``), and the
audit log names the person. Session 57 noticed ``names allow "Taylor Swift"`` needed nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from consent.errors import RecordInvalid
from consent.names import NameMatcher
from creator.cli import cli


def _exempted(reg, prompt: str) -> bool:
    scan = NameMatcher(exceptions=[(x.name, x.reason) for x in reg.name_exceptions()]).find_all(prompt)
    return not scan.likenesses


def test_allowing_a_famous_name_needs_the_operators_word(stub_world):
    ops, reg = stub_world.ops, stub_world.registry
    with pytest.raises(RecordInvalid, match=r"“Taylor Swift” is, or is one letter from, a known real person.s name.*--famous"):
        ops.allow_name("Taylor Swift", "our font family", "cli:olive")
    assert reg.name_exceptions() == [] and not _exempted(reg, "portrait of Taylor Swift on stage")
    assert not [e for e in reg.audit_entries() if e.kind == "name_exception_added"]
    ops.allow_name("Taylor Swift", "our font family", "cli:olive", famous_ok=True)
    assert _exempted(reg, "portrait of Taylor Swift on stage")
    (added,) = [e for e in reg.audit_entries() if e.kind == "name_exception_added"]
    assert added.payload["famous_person"] == "Taylor Swift"


def test_a_name_nobody_famous_bears_needs_no_confirmation(stub_world):
    ops, reg = stub_world.ops, stub_world.registry
    ops.allow_name("Shake It Off", "a song title, not a person", "cli:olive")
    (added,) = [e for e in reg.audit_entries() if e.kind == "name_exception_added"]
    assert "famous_person" not in added.payload


def test_approving_a_request_for_a_famous_name_needs_the_operators_word(stub_world):
    ops, reg = stub_world.ops, stub_world.registry
    rq = ops.file_request("exception", "ui:carl", "obama", "a typeface called obama, not the man")
    with pytest.raises(RecordInvalid, match="known real person's name"):
        ops.answer_request(rq.id, True, "ok", "ui:olive")
    assert reg.get_request(rq.id).status == "pending" and reg.name_exceptions() == []
    assert ops.answer_request(rq.id, True, "ok", "ui:olive", famous_ok=True).status == "approved"


def test_the_cli_says_how_to_confirm_and_records_it(stub_world):
    data = str(stub_world.settings.data_dir)
    stub_world.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", data, "names", "allow", "Van Gogh", "--reason", "the painting style"])
    assert r.exit_code != 0 and "known real person's name" in r.output and "--famous" in r.output, r.output
    r = CliRunner().invoke(cli, ["--data-dir", data, "names", "allow", "Van Gogh", "--reason", "the painting style",
                                 "--famous"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["--data-dir", data, "requests", "file", "--kind", "exception", "--subject", "Rembrandt",
                                 "--message", "the lighting style, not the man"])
    rid = r.output.split("request ")[1].split()[0]
    r = CliRunner().invoke(cli, ["--data-dir", data, "requests", "approve", rid])
    assert r.exit_code != 0 and "--famous" in r.output, r.output
    r = CliRunner().invoke(cli, ["--data-dir", data, "requests", "approve", rid, "--famous"])
    assert r.exit_code == 0 and "approved" in r.output, r.output
