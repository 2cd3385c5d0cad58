"""A proof of consent someone without the studio can check (walkthrough as a rights operator,
session 65: nothing could be handed to a court or a gallery). `proof export` writes it from the
studio's records; `proof check` needs nothing of the studio."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner
from PIL import Image

from creator.cli import cli
from creator.cli._common import CliState
from creator.proof import check_proof
from proof_support import check_cli, proof  # noqa: F401 (the fixture)


def test_a_proof_checks_offline_with_the_file(proof, tmp_path):
    _w, out, doc = proof
    r = check_cli(tmp_path, doc, out.path)
    assert r.exit_code == 0, r.output
    assert r.output.rstrip().endswith("PROOF OK")
    for said in ("signed by the audit key", "every signature verifies over its terms", "the decision used exactly these terms",
                 "after the generation", "the file given is the output, byte for byte", "checkpoint: the log had"):
        assert said in r.output, said
    assert not (tmp_path / "nowhere").exists() or not any((tmp_path / "nowhere").iterdir())


@pytest.mark.parametrize("edit", ["grant terms", "generation payload", "audit key", "other file"])
def test_a_changed_proof_or_another_file_fails(proof, tmp_path, edit):
    from consent.signing import generate_key, public_key_pem

    _w, out, doc = proof
    doc = copy.deepcopy(doc)
    files = [out.path]
    if edit == "grant terms":
        doc["grants"][0]["signed"]["grant"]["territories"] = ["worldwide"]
    elif edit == "generation payload":
        doc["generation_entry"]["payload_json"] = doc["generation_entry"]["payload_json"].replace('"allowed":true', '"allowed":false')
    elif edit == "audit key":
        other = generate_key().public_key()
        doc["audit_public_key"] = public_key_pem(other)
    else:
        other = tmp_path / "other.png"
        Image.new("RGB", (64, 64), "white").save(other)
        files = [other]
    r = check_cli(tmp_path, doc, *files)
    assert r.exit_code == 1 and "PROOF FAILED" in r.output, r.output


def test_a_proof_of_a_copy_names_the_copy(stub_world, tmp_path):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    copy_path = tmp_path / "shared.jpg"
    Image.open(out.path).convert("RGB").save(copy_path, quality=90)
    from creator.proof import export_proof

    doc = json.loads(json.dumps(export_proof(copy_path, settings=w.settings, registry=w.registry)))
    assert doc["made_with_consent"]["copy"] is True and doc["output_sha256"] == out.sha256
    result = check_proof(doc, copy_path.read_bytes())
    assert result.ok, result.lines
    assert any("the copy the proof was exported for" in line for line in result.lines)


def test_no_proof_for_a_file_not_made_here(stub_world, tmp_path):
    path = tmp_path / "camera.png"
    Image.new("RGB", (64, 64), "white").save(path)
    r = CliRunner().invoke(cli, ["proof", "export", str(path), "--out", str(tmp_path / "p.json")],
                           obj=CliState(settings=stub_world.settings))
    assert r.exit_code == 2 and "a proof is made only for an output of this studio" in r.output
    assert not (tmp_path / "p.json").exists()


def test_a_document_that_is_no_proof_fails_plainly():
    assert not check_proof({"format": "something else"}).ok
    assert not check_proof({"format": "consent-studio/proof/v1"}).ok  # fields missing: a failed check, no crash
