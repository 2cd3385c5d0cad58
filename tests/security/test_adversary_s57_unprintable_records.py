"""Session 57: control and format characters in what the operations service stores.

A person's display name, an alias, a grant's project or grantee, a model's licence were stored as
typed: an ESC sequence or a right-to-left override (``Jo\\u202eeoD`` shows as "JoDoe") sat in
the signed record and in every list, ledger and page that shows it (escaped on display since red
team 13, but a record should hold text as written). The operations service now refuses them with
a clear error and writes nothing; spaces of any width, the zero-width joiners of Persian and
Indic names, and a description's newlines stay allowed. The red team of the same session found
the fields first left out: a request's answer (an approved exception's reason), ``names allow`` and
``names unwatch`` reasons, a verifier key's name, an adapter's name.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from consent.errors import NotFound, RecordInvalid
from creator.cli import cli

ESC = "Jane\x1b[8m Doe"
RLO = "Jo\u202eeoD"
ZWSP = "Jane\u200bDoe"
BAD = [ESC, RLO, ZWSP, "Jane\x00Doe"]


@pytest.mark.parametrize("name", BAD)
def test_a_display_name_with_a_control_or_format_character_is_refused(stub_world, name):
    with pytest.raises(RecordInvalid, match="display name holds a control or format character"):
        stub_world.ops.add_subject("p-bad", name)
    with pytest.raises(NotFound):
        stub_world.registry.get_subject("p-bad")


def test_an_alias_and_a_representative_name_are_refused_too(stub_world):
    ops = stub_world.ops
    with pytest.raises(RecordInvalid, match="alias holds"):
        ops.add_subject("p-bad", "Jane Doe", aliases=["JD", RLO])
    with pytest.raises(RecordInvalid, match="representative name holds"):
        ops.add_subject("p-bad", "Jane Doe", minor=True, representative_name=ESC, representative_role="guardian")
    assert [s.id for s in stub_world.registry.list_subjects()] == []


def test_a_rename_to_such_a_name_is_refused_and_the_old_name_kept(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    with pytest.raises(RecordInvalid, match="display name holds"):
        stub_world.ops.update_subject("jane", display_name=RLO)
    with pytest.raises(RecordInvalid, match="alias holds"):
        stub_world.ops.update_subject("jane", aliases=[ESC])
    s = stub_world.registry.get_subject("jane")
    assert (s.display_name, s.aliases) == ("Jane Doe", ())


@pytest.mark.parametrize("field", ["project", "grantee", "compensation_ref"])
def test_a_grant_field_with_a_control_character_is_refused_before_signing(stub_world, field):
    stub_world.add_person("jane", "Jane Doe")
    with pytest.raises(RecordInvalid, match=f"grant {field} holds a control or format character"):
        stub_world.issue_grant("jane", "g-bad", **{field: f"Harbour{chr(0x202e)}ruobraH"})
    assert stub_world.registry.list_grants() == []


def test_a_grant_signed_elsewhere_with_a_bidi_override_is_not_imported(stub_world):
    from consent.signing import add_signature

    stub_world.add_person("jane", "Jane Doe")
    # the person's own key signs terms built without the service (another tool, a hand-made file)
    from consent.records import ConsentGrant

    fields = stub_world.grant_fields("jane", "g-elsewhere", project="Harbour\u202e")
    fields.setdefault("valid_from", "2025-01-01T00:00:00Z")
    fields["signer_role"] = "self"
    signed = add_signature(ConsentGrant.from_dict(fields), stub_world.keys["jane"], "self")
    with pytest.raises(RecordInvalid, match="grant project holds"):
        stub_world.ops.import_grant(signed.model_dump(mode="json"))
    assert stub_world.registry.list_grants() == []


def test_what_stays_allowed(stub_world):
    ops = stub_world.ops
    ops.add_subject("p-fa", "محمد\u200cرضا تهرانی")  # a zero-width non-joiner, as Persian writes it
    ops.add_subject("p-nb", "Jean\u00a0Dupont")  # a no-break space
    stub_world.add_person("jane", "Jane Doe")
    g = stub_world.issue_grant("jane", "g-ok", description="Reshoot of the harbour scenes.\nStills only,\tno video.")
    assert "\n" in g.grant.description
    assert stub_world.registry.get_subject("p-fa").display_name == "محمد\u200cرضا تهرانی"


def test_names_the_operators_allow_or_watch_and_a_revocation_are_checked(stub_world):
    ops = stub_world.ops
    with pytest.raises(RecordInvalid, match="name exception name holds"):
        ops.allow_name("Mucha\x1b[8m", "named for the poster style", "cli:olive")
    with pytest.raises(RecordInvalid, match="watched name holds"):
        ops.watch_names(["Ilse\u202eVrontkamp"], "our talent", "cli:olive")
    assert stub_world.registry.name_exceptions() == []
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-1")
    with pytest.raises(RecordInvalid, match="revocation reason holds"):
        ops.revoke_grant("g-1", "asked by phone\x1b[2K", "cli:olive")
    assert stub_world.registry.get_grant("g-1").revocation is None


def test_the_cli_says_what_is_wrong_and_stores_nothing(tmp_path):
    runner = CliRunner()
    base = ["--data-dir", str(tmp_path / "data")]
    r = runner.invoke(cli, [*base, "subjects", "add", "--id", "jane-doe", "--name", RLO])
    assert r.exit_code != 0
    assert "control or format character" in r.output and "\\u202e" in r.output, r.output
    assert "\u202e" not in r.output
    listed = runner.invoke(cli, [*base, "subjects", "list", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.output) == []


# --- the red team's second look (session 57)
RLO_ANSWER = "asked\u202e by phone"
ESC_ANSWER = "asked by phone\x1b[2K"


@pytest.mark.parametrize("what", ["decline-answer", "approve-answer", "allow-reason", "unwatch-reason", "verifier-name", "adapter-name"])
def test_an_operators_answer_reason_or_key_name_with_a_control_character_is_refused(stub_world, tmp_path, what):
    w = stub_world
    ops = w.ops
    if what in ("decline-answer", "approve-answer"):
        rec = ops.file_request("exception", "cli:creator", "Mucha", "named for the poster style")
        with pytest.raises(RecordInvalid, match="control or format character"):
            ops.answer_request(rec.id, what == "approve-answer", RLO_ANSWER if what == "approve-answer" else ESC_ANSWER, "cli:olive")
        assert w.registry.get_request(rec.id).status == "pending"
        assert w.registry.name_exceptions() == []
    elif what == "allow-reason":
        with pytest.raises(RecordInvalid, match="control or format character"):
            ops.allow_name("Vermeer", ESC_ANSWER, "cli:olive")
        assert w.registry.name_exceptions() == []
    elif what == "adapter-name":
        w.add_person("jane", "Jane Doe")
        f = tmp_path / "jane.safetensors"
        f.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
        with pytest.raises(RecordInvalid, match="control or format character"):
            ops.bind_adapter("jane", f, "lora", "jane-style\x1b[8m")
        assert w.registry.list_adapters() == []
    elif what == "verifier-name":
        from consent.signing import generate_key

        with pytest.raises(RecordInvalid, match="control or format character"):
            ops.add_verifier_key(generate_key().public_key(), "Rights desk\u202e ACME")
        assert [k for k in w.registry.public_keys() if k.kind == "verifier"] == []
    else:
        ops.watch_names(["Ilse Vrontkamp"], "our talent", "cli:olive")
        with pytest.raises(RecordInvalid, match="control or format character"):
            ops.unwatch_name("Ilse Vrontkamp", ESC_ANSWER, "cli:olive")
        assert [n.name for n in w.registry.watched_names()] == ["Ilse Vrontkamp"]
