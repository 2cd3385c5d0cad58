"""Red team of session 57: an operator's bad input, and what it left behind.

The promise: bad input gets a clear error (the field, what was found, what is expected; the CLI
exits non-zero, no traceback) and loses nothing (nothing stored for a refused action). Found:

- ``subjects edit NAME --name … --key good.pem --key typo.pem`` stored the rename and the first
  key, then failed on the second (the studio's Edit subject form the same): half an edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from consent.signing import public_key_pem
from creator.cli import cli


def _cli(world, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), *map(str, args)])


def _clear_failure(result) -> None:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output[-2000:]
    assert any(line.startswith("FAIL: ") for line in result.output.splitlines()), result.output[-2000:]


def _audit_intact(world) -> None:
    r = _cli(world, "audit", "verify")
    assert r.exit_code == 0 and "audit chain intact" in r.output, r.output


def _pub_file(folder: Path, name: str) -> Path:
    p = folder / f"{name}.pub.pem"
    p.write_text(public_key_pem(Ed25519PrivateKey.generate()), encoding="ascii")
    return p


# --------------------------------------------------------------------------- an edit is whole or nothing
@pytest.mark.parametrize("second", ["not a key", "another subject's key"])
def test_an_edit_refused_on_its_second_key_changes_nothing(stub_world, tmp_path, second):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.add_person("bob", "Bob Roe")
    good = _pub_file(tmp_path, "new")
    if second == "not a key":
        bad = tmp_path / "typo.pub.pem"
        bad.write_text("not a key\n")
    else:
        bad = tmp_path / "bob.pub.pem"
        bad.write_text(public_key_pem(w.keys["bob"]), encoding="ascii")
    before = w.registry.get_subject("jane")
    r = _cli(w, "subjects", "edit", "jane", "--name", "Jane Renamed", "--alias", "JR", "--key", good, "--key", bad)
    _clear_failure(r)
    after = w.registry.get_subject("jane")
    assert (after.display_name, after.aliases, after.key_ids) == (before.display_name, before.aliases, before.key_ids)
    _audit_intact(w)


def test_an_edit_with_two_good_keys_adds_both_with_the_rename(stub_world, tmp_path):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    before = w.registry.get_subject("jane")
    r = _cli(w, "subjects", "edit", "jane", "--name", "Jane Renamed", "--key", _pub_file(tmp_path, "a"),
             "--key", _pub_file(tmp_path, "b"))
    assert r.exit_code == 0, r.output
    after = w.registry.get_subject("jane")
    assert after.display_name == "Jane Renamed" and len(after.key_ids) == len(before.key_ids) + 2
    _audit_intact(w)


# --------------------------------------------------------------------------- drafts
DRAFT = ["grant", "draft", "--subject", "jane", "--grantee", "ACME Films", "--project", "Blue", "--description",
         "Reshoot of the harbour scenes for the film", "--purpose", "film_reshoot", "--operation",
         "likeness_generation", "--medium", "still_image", "--territory", "US", "--valid-until", "2030-01-01",
         "--evidence", "signed_release:" + "ab" * 32]


def _no_drafts(world) -> None:
    listed = _cli(world, "grant", "drafts", "--json")
    assert listed.exit_code == 0 and listed.output.strip() == "[]", listed.output[:400]


def test_a_draft_whose_qr_folder_cannot_be_made_is_not_stored(stub_world, tmp_path):
    stub_world.add_person("jane", "Jane Doe")
    (tmp_path / "a-file").write_text("x")
    r = _cli(stub_world, *DRAFT, "--qr-dir", tmp_path / "a-file" / "qr")
    _clear_failure(r)
    assert "--qr-dir" in r.output and "nothing was drafted" in r.output
    _no_drafts(stub_world)
    _audit_intact(stub_world)


@pytest.mark.parametrize("base", ["", "javascript:alert(1)", "ftp://studio.example", "https://", "https://a@studio.example",
                                  "https://studio.example/?next=x", "https://studio.example:port",
                                  # links no passkey signs at (a self-hosting admin's walkthrough, session 66)
                                  "http://10.0.0.5:8123", "https://[::1]:8443"])
def test_a_base_url_that_is_no_http_address_is_refused_before_the_draft_is_stored(stub_world, base):
    stub_world.add_person("jane", "Jane Doe")
    r = _cli(stub_world, *DRAFT, "--base-url", base)
    _clear_failure(r)
    assert "base-url" in r.output
    _no_drafts(stub_world)


def test_a_good_base_url_makes_links_under_it(stub_world, tmp_path):
    stub_world.add_person("jane", "Jane Doe")
    r = _cli(stub_world, *DRAFT, "--base-url", "https://studio.example/", "--qr-dir", tmp_path / "qr")
    assert r.exit_code == 0, r.output
    assert "https://studio.example/talent/s/" in r.output and len(list((tmp_path / "qr").glob("*.png"))) == 1


# --------------------------------------------------------------------------- a grant file's types
@pytest.mark.parametrize("field, value", [("usage_cap", True), ("approve_each_use", "yes"),
                                          ("ledger_thumbnails", 1)])
def test_a_wrong_type_in_a_grant_file_is_refused_not_coerced(stub_world, tmp_path, field, value):
    """``usage_cap: yes`` (YAML's true) was signed as a cap of 1, ``approve_each_use: "yes"`` as true."""
    import json

    from consent.signing import save_private_key

    w = stub_world
    w.add_person("jane", "Jane Doe")
    key = tmp_path / "jane.key.pem"
    save_private_key(w.keys["jane"], key)
    fields = {**w.grant_fields("jane", "g-file"), field: value}
    fields.pop("valid_from", None)
    fields["valid_until"] = "2030-01-01T00:00:00Z"
    f = tmp_path / "grant.json"
    f.write_text(json.dumps(fields, default=str))
    r = _cli(w, "grant", "issue", "--file", f, "--key", key)
    _clear_failure(r)
    assert r.exit_code == 2 and field in r.output
    assert w.registry.list_grants() == []


# --------------------------------------------------------------------------- ids, lengths, messages
def test_a_subject_id_that_differs_only_by_case_is_refused(stub_world):
    """'jane' and 'Jane' were two people: a grant file or a request spelling the id with a capital
    named the other one."""
    from consent.errors import RegistryError

    stub_world.add_person("jane", "Jane Doe")
    with pytest.raises(RegistryError, match="'jane' already exists, which 'Jane' differs from only by case"):
        stub_world.ops.add_subject("Jane", "Jane Capital")
    assert [s.id for s in stub_world.registry.list_subjects()] == ["jane"]


@pytest.mark.parametrize("what", ["display name", "alias", "grant project", "grant description", "model licence",
                                  "revocation reason"])
def test_huge_record_text_is_refused_naming_the_field_and_the_limit(stub_world, tmp_path, what):
    """A 5 MB description or a 100,000-character name was signed, logged and printed in full."""
    from consent.errors import RecordInvalid

    w, ops = stub_world, stub_world.ops
    with pytest.raises(RecordInvalid, match=rf"{what} is [\d,]+ characters .*; expected at most [\d,]+"):
        if what == "display name":
            ops.add_subject("long", "B" * 100_000)
        elif what == "alias":
            ops.add_subject("long", "Bea Long", aliases=["B" * 201])
        elif what == "grant project":
            w.add_person("jane", "Jane Doe")
            w.issue_grant("jane", "g-huge", project="P" * 100_000)
        elif what == "grant description":
            w.add_person("jane", "Jane Doe")
            w.issue_grant("jane", "g-huge", description="Reshoot of the harbour scenes. " * 170_000)
        elif what == "model licence":
            folder = tmp_path / "m"
            folder.mkdir()
            (folder / "model_index.json").write_text("{}")
            ops.register_model("m1", folder, kind="diffusers", licence="MIT " * 100_000)
        else:
            w.add_person("jane", "Jane Doe")
            w.issue_grant("jane", "g-1")
            ops.revoke_grant("g-1", "asked by phone " * 70_000, "cli:olive")
    assert [s.id for s in w.registry.list_subjects() if s.id == "long"] == []
    assert [g.grant.id for g in w.registry.list_grants() if g.grant.id == "g-huge"] == []
    assert w.registry.list_models() == []
    if what == "revocation reason":
        assert w.registry.get_grant("g-1").revocation is None


def test_text_at_the_limits_is_kept(stub_world):
    stub_world.ops.add_subject("long", "B" * 200, aliases=["C" * 200])
    stub_world.add_person("jane", "Jane Doe")
    g = stub_world.issue_grant("jane", "g-long", description="D" * 20_000)
    assert len(g.grant.description) == 20_000 and stub_world.registry.get_subject("long").display_name == "B" * 200


def test_a_short_request_message_says_how_long_it_must_be(stub_world):
    from consent.errors import RecordInvalid

    with pytest.raises(RecordInvalid, match=r"`message` is 8 characters; say why in at least 10 characters"):
        stub_world.ops.file_request("grant", "cli:creator", "jane", "for film")
    with pytest.raises(RecordInvalid, match=r"`message` is required; say why in at least 10 characters"):
        stub_world.ops.file_request("grant", "cli:creator", "jane", "  ")
    assert stub_world.registry.requests() == []


def test_a_time_before_year_one_is_called_too_early_not_past_9999():
    from consent.errors import RecordInvalid
    from consent.operations import parse_time

    with pytest.raises(RecordInvalid, match="before 1900 in UTC"):
        parse_time("0001-01-01T00:00:00+14:00", "valid_from")
    with pytest.raises(RecordInvalid, match="past year 9999 in UTC"):
        parse_time("9999-12-31T23:59:59-12:00", "valid_until")


# --------------------------------------------------------------------------- one face, two people
def test_enrolling_a_face_already_enrolled_for_someone_else_warns_on_the_command_line(stub_world, tmp_path):
    """``subjects enroll bob face.png`` with Jane's very photo printed a plain OK: Jane's working
    enrollment went ambiguous (every image of her denied) and nobody was told; the Enroll form warns."""
    import json

    from studio_world import astronaut, png_bytes

    w = stub_world
    photo = tmp_path / "face.png"
    photo.write_bytes(png_bytes(astronaut()))
    w.add_person("jane", "Jane Doe")
    w.add_person("bob", "Bob Roe")
    first = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "subjects", "enroll", "jane", str(photo)])
    assert first.exit_code == 0 and "WARNING" not in first.stderr, first.output
    # (session 67) refused before anything is stored, unless the operator says two people share it
    refused = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "subjects", "enroll", "bob", str(photo)])
    assert refused.exit_code != 0 and "face.png shows the same face as 'jane', already enrolled" in refused.output
    assert "nothing was enrolled" in refused.output and w.registry.template_counts().get("bob") is None
    r = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "subjects", "enroll", "bob", str(photo),
                                 "--same-face", "--json"])
    assert r.exit_code == 0, r.output
    assert "WARNING: bob's photos show the same face as 'jane', already enrolled" in r.stderr
    assert [d["subject_id"] for d in json.loads(r.stdout)["same_face_as"]] == ["jane"]


def test_the_python_api_takes_one_alias_as_one_and_refuses_a_public_key_as_signer(stub_world):
    """``add_subject(aliases="Sammy")`` stored five one-letter aliases; a public key given to sign a
    grant raised AttributeError (an internal error)."""
    from consent.errors import RecordInvalid

    s = stub_world.ops.add_subject("sam", "Samantha Roe", aliases="Sammy")
    assert s.aliases == ("Sammy",)
    assert stub_world.ops.update_subject("sam", aliases="Sam R").aliases == ("Sam R",)
    stub_world.add_person("jane", "Jane Doe")
    with pytest.raises(RecordInvalid, match="a signing key is a .*PublicKey; expected an Ed25519 private key"):
        stub_world.ops.issue_grant(stub_world.grant_fields("jane", "g-pub"), [stub_world.keys["jane"].public_key()])
    assert stub_world.registry.list_grants() == []


def test_a_mistyped_evidence_file_is_said_to_be_no_file(stub_world, tmp_path):
    """``--evidence signed_release:relase.pdf`` (a typo) was reported as a malformed sha256."""
    stub_world.add_person("jane", "Jane Doe")
    args = [a if not a.startswith("signed_release:") else f"signed_release:{tmp_path / 'relase.pdf'}" for a in DRAFT]
    r = _cli(stub_world, *args)
    _clear_failure(r)
    assert "is no file here and no sha256" in r.output
    _no_drafts(stub_world)


def test_a_signed_grant_pasted_with_a_field_twice_is_refused(stub_world):
    """The studio's Import form passes the pasted JSON to Operations.import_grant: a field named
    twice there is refused as in a grant file (the last one won, silently)."""
    import json

    from consent.errors import RecordInvalid
    from consent.records import ConsentGrant
    from consent.signing import add_signature

    stub_world.add_person("jane", "Jane Doe")
    fields = {**stub_world.grant_fields("jane", "g-pasted"), "valid_from": "2025-01-01T00:00:00Z", "signer_role": "self"}
    text = json.dumps(add_signature(ConsentGrant.from_dict(fields), stub_world.keys["jane"], "self").model_dump(mode="json"))
    twice = text.replace('"grant": {', '"grant": {"project": "Something else", ', 1)
    with pytest.raises(RecordInvalid, match="'project' is given twice"):
        stub_world.ops.import_grant(twice)
    assert stub_world.registry.list_grants() == []
    assert stub_world.ops.import_grant(text).id == "g-pasted"


def test_one_photo_makes_one_template(stub_world, tmp_path):
    """The same photo given twice in one enroll call (or enrolled again later) stored two templates."""
    from consent.errors import RecordInvalid
    from studio_world import astronaut, png_bytes

    w = stub_world
    photo, copy = tmp_path / "face.png", tmp_path / "face-copy.png"
    photo.write_bytes(png_bytes(astronaut()))
    copy.write_bytes(photo.read_bytes())
    w.add_person("jane", "Jane Doe")
    with pytest.raises(RecordInvalid, match="face-copy.png is the same photo as face.png"):
        w.ops.enroll("jane", [photo, copy])
    assert w.registry.template_counts().get("jane", 0) == 0
    w.ops.enroll("jane", [photo])
    with pytest.raises(RecordInvalid, match="'jane' is already enrolled from this photo"):
        w.ops.enroll("jane", [copy])
    assert w.registry.template_counts()["jane"] == 1
