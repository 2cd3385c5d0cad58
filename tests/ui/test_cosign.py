"""A grant that needs two signatures (a minor: the subject and the guardian), signed with the
signers' own keys, is stored the same way through the web form's import and the CLI: each key's
role comes from the registry, and the guardian is the consenting signer. The studio's page never
takes a private key (the person signs drafts with a passkey, or signs elsewhere and the operator imports)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ui_support import CREATOR, issue

from consent.signing import generate_key_files
from creator.cli import cli
from creator.cli._common import CliState
from creator.ui import SubjectForm


@pytest.fixture
def minor_keys(tmp_path: Path):
    return generate_key_files(tmp_path / "keys", "tim"), generate_key_files(tmp_path / "keys", "tims-mother")


@pytest.fixture
def tim(handlers, as_operator, minor_keys) -> str:
    tim_key, mother_key = minor_keys
    handlers.add_subject(SubjectForm(subject_id="tim", display_name="Tim Doe", minor=True,
                                     subject_key=str(tim_key.public_path), rep_name="Mary Doe", rep_role="guardian",
                                     rep_key=str(mother_key.public_path)), request=as_operator)
    return "tim"


def _signed_as(stored) -> tuple[str, list[tuple[str, str]]]:
    return stored.grant.signer_role.value, sorted((s.key_id, s.role.value) for s in stored.signatures)


def test_ui_and_cli_cosign_a_minors_grant_the_same_way(handlers, as_operator, tim, minor_keys, evidence_file, ui_settings):
    tim_key, mother_key = minor_keys
    both = [str(tim_key.private_path), str(mother_key.private_path)]

    message, _rows = issue(handlers, as_operator, tim, [tim_key, mother_key], evidence_file, signer_role="guardian",
                           project="spring-campaign", description="Portrait stills of Tim Doe for the spring gallery show")
    assert "signed by self (" in message and "guardian (" in message
    (ui_grant,) = handlers.registry.list_grants("tim")

    r = CliRunner().invoke(cli, [
        "grant", "issue", "--subject", "tim", "--grantee", CREATOR, "--project", "spring-campaign",
        "--description", "Portrait stills of Tim Doe for the spring gallery show", "--purpose", "art",
        "--operation", "likeness_generation", "--medium", "still_image", "--territory", "US",
        "--valid-until", "2030-01-01", "--evidence", f"signed_release:{evidence_file}",
        "--key", both[0], "--key", both[1],
    ], obj=CliState(settings=ui_settings))
    assert r.exit_code == 0, r.output
    cli_grant = next(g for g in handlers.registry.list_grants("tim") if g.id != ui_grant.id)

    expected = ("guardian", sorted([(tim_key.key_id, "self"), (mother_key.key_id, "guardian")]))
    assert _signed_as(ui_grant) == _signed_as(cli_grant) == expected


def test_a_minors_grant_without_the_guardian_is_refused_by_both(handlers, as_operator, tim, minor_keys, evidence_file, ui_settings):
    import gradio as gr

    tim_key, _mother = minor_keys
    with pytest.raises(gr.Error, match="subject 'tim' is a minor; guardian signatures found: none"):
        issue(handlers, as_operator, tim, tim_key, evidence_file)
    r = CliRunner().invoke(cli, [
        "grant", "issue", "--subject", "tim", "--grantee", CREATOR, "--project", "p",
        "--description", "Portrait stills of Tim Doe for the spring gallery show", "--purpose", "art",
        "--operation", "likeness_generation", "--medium", "still_image", "--territory", "US",
        "--valid-until", "2030-01-01", "--evidence", f"signed_release:{evidence_file}", "--key", str(tim_key.private_path),
    ], obj=CliState(settings=ui_settings))
    assert r.exit_code == 2 and "subject 'tim' is a minor; guardian signatures found: none" in r.stderr
    assert handlers.registry.list_grants("tim") == []
