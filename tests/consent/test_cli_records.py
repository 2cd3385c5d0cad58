"""consent-studio keys / subject / grant / verifier / adapter / audit commands."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner


from creator.cli import cli

GRANT_YAML = """\
id: g-blue-12
subject_id: jane-doe
grantee: ACME Films
project: Blue (2026)
description: Reshoot of scene 12, Jane's character at the harbour
purposes: [film_reshoot]
operations: [footage_edit]
media: [cinema, still_image]
territories: [US, CA]
valid_until: "2030-01-01T00:00:00Z"
evidence:
  - {kind: signed_release, sha256: "%s"}
""" % ("ab" * 32)


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def studio(run, tmp_path):
    """Data dir with a key, a subject and one issued grant."""
    assert run("keys", "generate", "--name", "jane").exit_code == 0
    keys = tmp_path / "data" / "keys"
    r = run("subject", "add", "--id", "jane-doe", "--name", "Jane Doe", "--alias", "J. Doe", "--key", str(keys / "jane.pub.pem"))
    assert r.exit_code == 0, r.output
    (tmp_path / "grant.yaml").write_text(GRANT_YAML)
    r = run("grant", "issue", "--file", str(tmp_path / "grant.yaml"), "--key", str(keys / "jane.key.pem"))
    assert r.exit_code == 0, r.output
    return tmp_path


def test_round_trip(run, studio):
    out = json.loads(run("grant", "list", "--json").output)
    assert [(g["grant"]["id"], g["status"], g["signatures"][0]["role"]) for g in out] == [("g-blue-12", "active", "self")]
    # the plain list names each grant's project: a request must name it (user audit: it was left out)
    assert out[0]["grant"]["project"] in run("grant", "list").output
    r = run("grant", "revoke", "g-blue-12", "--reason", "actor withdrew consent", "--by", "legal")
    assert r.exit_code == 0 and "OK: grant g-blue-12 revoked" in r.output
    shown = json.loads(run("grant", "show", "g-blue-12", "--json").output)
    assert shown["status"] == "revoked" and shown["revocation"]["reason"] == "actor withdrew consent"
    subjects = json.loads(run("subject", "list", "--json").output)
    assert subjects[0]["id"] == "jane-doe" and subjects[0]["ref"].startswith("subj_")
    r = run("audit", "verify")
    assert r.exit_code == 0 and "OK: audit chain intact: 4 entries" in r.output
    kinds = [e["kind"] for e in json.loads(run("audit", "list", "--json").output)]
    assert kinds == ["audit_signing_started", "subject_added", "grant_issued", "grant_revoked"]


def test_revoke_at_a_past_date_is_refused_and_changes_nothing(run, studio):
    r = run("grant", "revoke", "g-blue-12", "--reason", "signed in error", "--by", "legal", "--at", "2025-01-01T00:00:00Z")
    assert r.exit_code != 0 and "a revocation cannot be dated in the past; it counts from now" in r.output, r.output
    assert json.loads(run("grant", "show", "g-blue-12", "--json").output)["status"] == "active"
    kinds = [e["kind"] for e in json.loads(run("audit", "list", "--json").output)]
    assert "grant_revoked" not in kinds


def test_grant_from_flags_with_guardian_and_verifier(run, tmp_path):
    for name in ("kid", "mum", "desk"):
        run("keys", "generate", "--name", name)
    k = tmp_path / "data" / "keys"
    assert run("verifier", "add", str(k / "desk.pub.pem"), "--name", "ACME rights desk").exit_code == 0
    r = run("subject", "add", "--id", "tom", "--name", "Tom Roe", "--minor", "--representative-name", "Ann Roe",
            "--representative-role", "guardian", "--representative-key", str(k / "mum.pub.pem"), "--key", str(k / "kid.pub.pem"))
    assert r.exit_code == 0, r.output
    r = run("grant", "issue", "--subject", "tom", "--grantee", "ACME Films", "--project", "Blue",
            "--description", "Tom's character in the school scene, stills only", "--purpose", "film_reshoot",
            "--operation", "footage_edit", "--medium", "still_image", "--territory", "worldwide",
            "--valid-until", "2030-01-01T00:00:00Z", "--evidence", f"guardian_authority:{k / 'mum.pub.pem'}",
            "--key", str(k / "mum.key.pem"), "--key", str(k / "desk.key.pem"), "--id", "g-tom", "--json")
    assert r.exit_code == 0, r.output
    assert [s["role"] for s in json.loads(r.output)["signatures"]] == ["guardian", "verifier"]
    # the child's own key alone is not enough for a minor
    r = run("grant", "issue", "--subject", "tom", "--grantee", "ACME Films", "--project", "Blue",
            "--description", "Tom's character in the school scene, stills only", "--purpose", "film_reshoot",
            "--operation", "footage_edit", "--medium", "still_image", "--territory", "US",
            "--valid-until", "2030-01-01T00:00:00Z", "--evidence", "id_check:" + "cd" * 32, "--key", str(k / "kid.key.pem"))
    assert r.exit_code == 2 and r.stderr.startswith("FAIL: ") and "is a minor" in r.stderr


def test_malformed_grant_file_fails_with_exit_2(run, studio):
    bad = studio / "bad.json"
    bad.write_text('{"subject_id": "jane-doe", "grantee": ')
    r = run("grant", "issue", "--file", str(bad), "--key", str(studio / "data" / "keys" / "jane.key.pem"))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"FAIL: grant file {bad} is not valid JSON") and "expected a mapping of grant fields" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_invalid_grant_fields_fail_with_exit_2(run, studio):
    bad = studio / "bad.yaml"
    bad.write_text(GRANT_YAML.replace("Reshoot of scene 12, Jane's character at the harbour", "any use").replace("g-blue-12", "g-2"))
    r = run("grant", "issue", "--file", str(bad), "--key", str(studio / "data" / "keys" / "jane.key.pem"))
    assert r.exit_code == 2 and "FAIL: invalid grant: description: is boilerplate ('any use')" in r.stderr


def test_unregistered_key_fails_with_exit_1(run, studio):
    run("keys", "generate", "--name", "stranger")
    r = run("grant", "issue", "--file", str(studio / "grant.yaml"), "--key", str(studio / "data" / "keys" / "stranger.key.pem"))
    assert r.exit_code == 1 and "is not registered for subject 'jane-doe'" in r.stderr


@pytest.mark.parametrize("sql,position", [  # edited, deleted, reordered
    ("UPDATE audit_entries SET payload = replace(payload, 'jane-doe', 'john-roe') WHERE seq = 2", 2),
    ("DELETE FROM audit_entries WHERE seq = 1", 1),
    ("UPDATE audit_entries SET seq = -1 WHERE seq = 1; UPDATE audit_entries SET seq = 1 WHERE seq = 2;"
     " UPDATE audit_entries SET seq = 2 WHERE seq = -1", 1),
])
def test_audit_verify_detects_raw_sql_tampering(run, studio, sql, position):
    raw = sqlite3.connect(studio / "data" / "consent.db")
    raw.executescript(sql)
    raw.commit()
    raw.close()
    r = run("audit", "verify")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"FAIL: audit chain broken at position {position}:")


def test_adapter_register_and_opt_out(run, studio):
    f = studio / "jane.safetensors"
    f.write_bytes(b"\x00" * 100)
    r = run("adapter", "register", str(f), "--subject", "jane-doe", "--kind", "lora")
    assert r.exit_code == 0 and "bound to subject 'jane-doe'" in r.output
    assert json.loads(run("adapter", "list", "--json").output)[0]["kind"] == "lora"
    assert "opt_out=True" in run("subject", "opt-out", "jane-doe").output
    r = run("subject", "show", "nobody")
    assert r.exit_code == 1 and r.stderr.strip() == "FAIL: subject 'nobody' is not registered"


def test_console_script_round_trip(tmp_path):
    """One real `consent-studio` process: exit codes and one-line errors from main()."""
    exe = os.path.join(os.path.dirname(sys.executable), "consent-studio")
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(tmp_path / "d"), "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    r = subprocess.run([exe, "keys", "generate", "--name", "k", "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["key_id"].startswith("ed25519:")
    r = subprocess.run([exe, "audit", "verify"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("OK: audit chain intact: 1 entries")
    r = subprocess.run([exe, "grant", "show", "g-x"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.strip() == "FAIL: grant 'g-x' is not registered"
