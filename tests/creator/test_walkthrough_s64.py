"""What a fresh user's walkthrough as a marketer and an artist found (session 64), each as the
user meets it on the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from creator.cli import cli


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _run(data_dir, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False, input=input)


def test_a_persona_proven_from_its_own_output_leaves_the_audit_intact(data_dir):
    """Enrolling a persona from its own output is the documented proof that it is synthetic; the
    signed log keeps that proof (``synthetic``), the table has no column for it, and `audit verify`
    reported the registry tampered with for every proven persona."""
    assert _run(data_dir, "subject", "add", "--id", "nova", "--name", "Nova Reyes", "--kind", "fictional_persona").exit_code == 0
    made = _run(data_dir, "generate", "--purpose", "virtual_influencer", "--grantee", "me", "--territory", "US",
                "--subject", "nova", "--seed", "4", "--width", "512", "--height", "512", "--json")
    assert made.exit_code == 0, made.output
    (path,) = [o["path"] for o in json.loads(made.stdout)["outputs"]]
    enrolled = _run(data_dir, "subject", "enroll", "nova", path)
    assert enrolled.exit_code == 0, enrolled.output
    audit = _run(data_dir, "audit", "verify")
    assert audit.exit_code == 0, audit.output
    assert audit.stdout.startswith("OK")
