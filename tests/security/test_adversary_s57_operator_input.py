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
                                  "https://studio.example/?next=x", "https://studio.example:port"])
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
@pytest.mark.parametrize("field, value", [("usage_cap", True), ("usage_cap", False), ("approve_each_use", "yes"),
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
