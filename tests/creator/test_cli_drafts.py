"""``consent-studio grant draft`` / ``grant drafts``: links and QR codes per signer, signing status."""

from __future__ import annotations

import json

from click.testing import CliRunner

from creator.cli import cli


def test_draft_prints_one_link_per_signer_writes_qr_codes_and_lists_status(tmp_path, monkeypatch):
    monkeypatch.delenv("CONSENT_STUDIO_TALENT_ORIGIN", raising=False)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

    assert run("subject", "add", "--id", "tim", "--name", "Tim Doe", "--minor", "--representative-name", "Mary Doe",
               "--representative-role", "guardian").exit_code == 0
    r = run("grant", "draft", "--subject", "tim", "--grantee", "ACME Films", "--project", "Blue", "--description",
            "Reshoot of scene 12 at the harbour, daylight", "--purpose", "film_reshoot", "--operation",
            "likeness_generation", "--medium", "still_image", "--territory", "US", "--valid-until", "2027-01-01",
            "--evidence", "signed_release:" + "ab" * 32, "--base-url", "https://studio.example", "--qr-dir",
            str(tmp_path / "qr"), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert sorted(out["links"]) == ["guardian", "self"]
    assert all(u.startswith("https://studio.example/talent/s/") for u in out["links"].values())
    assert len(set(out["links"].values())) == 2
    assert sorted(p.name.split("-")[-1] for p in (tmp_path / "qr").iterdir()) == ["guardian.png", "guardian.svg",
                                                                                  "self.png", "self.svg"]
    listed = run("grant", "drafts")
    assert "pending" in listed.output and "guardian: pending, self: pending" in listed.output
    bad = runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "grant", "draft", "--subject", "tim",
                              "--description", "any use"])
    assert bad.exit_code == 2 and "valid_until" in bad.output and "drafts" not in bad.output


def test_draft_sets_the_approve_each_use_and_thumbnail_terms(tmp_path, monkeypatch):
    monkeypatch.delenv("CONSENT_STUDIO_TALENT_ORIGIN", raising=False)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

    assert run("subject", "add", "--id", "jane", "--name", "Jane Doe").exit_code == 0
    base = ["grant", "draft", "--subject", "jane", "--grantee", "ACME Films", "--project", "Blue", "--description",
            "Reshoot of scene 12 at the harbour, daylight", "--purpose", "film_reshoot", "--operation",
            "likeness_generation", "--medium", "still_image", "--territory", "US", "--valid-until", "2027-01-01",
            "--evidence", "signed_release:" + "ab" * 32, "--json"]
    on = json.loads(run(*base, "--approve-each-use", "--ledger-thumbnails").output)["grant"]
    off = json.loads(run(*base).output)["grant"]
    assert on["approve_each_use"] is True and on["ledger_thumbnails"] is True
    assert "approve_each_use" not in off and "ledger_thumbnails" not in off  # the canonical form of old grants
