"""What a fresh user's walkthrough of the README and docs/WALKTHROUGH.md found (session 63), each
as the user meets it on the command line."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.settings import StudioSettings
from studio_world import GRANTEE

BASE = ["--purpose", "art", "--territory", "US", "--grantee", GRANTEE, "--engine", "gan",
        "--width", "256", "--height", "256"]


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def _run(data_dir, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False, input=input)


def _outputs(doc: dict) -> list[str]:
    return [o["path"] for o in doc["outputs"]]


def test_each_output_of_a_batch_carries_the_seed_that_makes_it_again_alone(data_dir):
    """`generate -n 3 --seed 5`: image k is signed with seed 5 + k, and `--seed 5+k -n 1` makes the
    same picture (before, all three were signed "seed 5" and only the first one came back)."""
    import numpy as np
    from PIL import Image

    from consent.registry import Registry
    from creator.verify import verify

    batch = _run(data_dir, "generate", *BASE, "-n", "3", "--seed", "5", "--json")
    assert batch.exit_code == 0, batch.output
    settings = StudioSettings(data_dir=data_dir)
    with Registry.from_settings(settings) as registry:
        seeds = [verify(p, settings=settings, registry=registry).generation["seed"] for p in _outputs(json.loads(batch.stdout))]
    assert seeds == [5, 6, 7]
    alone = _run(data_dir, "generate", *BASE, "-n", "1", "--seed", "7", "--json")
    assert alone.exit_code == 0, alone.output

    def pixels(path: str) -> np.ndarray:
        with Image.open(path) as im:  # the label sits in a corner: compare the middle of the picture
            return np.asarray(im.convert("RGB"))[40:200, 40:200].astype(int)

    first, third = (pixels(p) for p in _outputs(json.loads(batch.stdout))[0:3:2])
    again = pixels(_outputs(json.loads(alone.stdout))[0])
    same, other = np.abs(third - again).mean(), np.abs(first - again).mean()
    assert same < 5 and other > 20, (same, other)  # the same face (only the invisible marks differ); not the first


def test_a_denied_check_prints_its_whole_verdict_on_stdout(data_dir):
    result = _run(data_dir, "check", *BASE, "--prompt", "portrait of Tom Hanks on a beach")
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("DENIED (decision ")
    assert "  NO " in out and "What to do:" in out and "consent-studio requests file" in out
    assert "DENIED" not in result.stderr and "What to do" not in result.stderr  # (stderr: the GAN's prompt note)


def test_verify_names_the_signer_so_a_test_certificate_is_seen(data_dir):
    made = _run(data_dir, "generate", *BASE, "--seed", "1", "--json")
    assert made.exit_code == 0, made.output
    result = _run(data_dir, "verify", _outputs(json.loads(made.stdout))[0])
    assert result.exit_code == 0, result.output
    assert "  signed by: " in result.stdout and "LOCAL TEST" in result.stdout


def test_an_unknown_purpose_is_named_as_the_option_not_a_class(data_dir):
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "check", "--purpose", "marketing",
                                      "--territory", "US", "--grantee", GRANTEE, "--engine", "gan"])
    assert result.exit_code != 0
    assert "purpose is 'marketing'; expected one of" in result.output
    assert "DecisionContext" not in result.output


def test_a_subject_with_grants_is_refused_before_anyone_is_asked_to_confirm(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-1")
    result = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "subject", "delete", "jane"], input="y\n")
    assert result.exit_code != 0
    assert "[y/N]" not in result.output  # refused first: nobody confirms what cannot happen
    assert "subject opt-out jane" in result.output


def test_audit_list_mentions_a_person_finds_the_withdrawal_of_her_grant(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-1")
    w.ops.revoke_grant("g-1", "I withdraw my consent", "talent:jane")
    result = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "audit", "list", "--mentions", "jane",
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert "grant_revoked" in [e["kind"] for e in json.loads(result.stdout)]


def test_audit_verify_says_the_chain_is_intact_when_only_a_table_differs(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-1")
    w.ops.revoke_grant("g-1", "I withdraw my consent", "talent:jane")
    with sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None) as raw:
        raw.execute("DELETE FROM revocations")
    result = CliRunner().invoke(cli, ["--data-dir", str(w.settings.data_dir), "audit", "verify"])
    assert result.exit_code != 0
    assert "position None" not in result.output
    assert "the audit chain is intact, but the registry's tables do not match it" in result.output


def test_a_watched_name_refused_says_why_and_that_nothing_was_added(stub_world):
    from consent.errors import RecordInvalid

    with pytest.raises(RecordInvalid) as e:
        stub_world.ops.watch_names(["Ada Quist", "New York"], "agency talent", "olive")
    text = str(e.value)
    assert "also the name of a place or a thing" in text and "would be denied too" in text
    assert "none of the 2 names was added" in text
    assert stub_world.registry.watched_names() == []


def test_a_face_whose_grant_was_revoked_is_not_answered_with_name_them_and_enter_the_project(stub_world):
    """WALKTHROUGH step 10: after Jane's withdrawal, an edit of a frame of her with the project
    entered was told "name them with --subject and enter the grant's project with --project", which
    cannot help; the advice now says a revoked or expired grant needs a new one."""
    from creator.ui.render import problems
    from studio_world import StubEngine, astronaut, png_bytes

    stub_world.add_person("jane", "Jane Doe", photo=astronaut())
    stub_world.issue_grant("jane", "g-1")
    stub_world.ops.revoke_grant("g-1", "I withdraw my consent", "talent:jane")
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut()))
    decision = stub_world.studio(StubEngine(images=[astronaut()])).check(request)
    assert not decision.allowed
    steps = " ".join(p.next_step for p in problems(decision))
    assert "revoked or has expired, ask an operator for a new one" in steps, steps


def test_jobs_submit_and_show_give_each_output_its_own_seed(data_dir):
    result = _run(data_dir, "jobs", "submit", *BASE, "-n", "2", "--seed", "11")
    assert result.exit_code == 0, result.output
    oks = [ln for ln in result.stdout.splitlines() if ln.startswith("OK: ")]
    assert [ln.rsplit("seed ", 1)[1].rstrip(")") for ln in oks] == ["11", "12"]
    job = _run(data_dir, "jobs", "list").stdout.split()[0]
    shown = _run(data_dir, "jobs", "show", job).stdout
    assert shown.count("(seed 11)") == 1 and shown.count("(seed 12)") == 1
    assert "\n  steps:" not in shown  # the GAN takes no steps


def test_an_output_blocked_by_the_scan_says_what_to_do(data_dir, gan_engine, tmp_path):
    """A GAN face enrolled as a person (an operator's test; seed 5's face, sharpened to the detail
    enrollment needs; a disclosed output itself is refused as a real person's photo):
    the same seed makes her again, the output scan blocks it, and the command says the way out."""
    from PIL import ImageFilter

    from creator.engines.base import EngineCall

    (face,) = gan_engine.generate(EngineCall(width=512, height=512, seed=5, steps=1))
    photo = tmp_path / "mira.png"
    face.filter(ImageFilter.UnsharpMask(radius=2, percent=400, threshold=0)).save(photo)
    assert _run(data_dir, "subject", "add", "--id", "mira", "--name", "Mira Quell").exit_code == 0
    enrolled = _run(data_dir, "subject", "enroll", "mira", str(photo))
    assert enrolled.exit_code == 0, enrolled.output
    again = _run(data_dir, "generate", *BASE[:-4], "--width", "512", "--height", "512", "--seed", "5")
    assert again.exit_code == 1
    assert "output face scan" in again.stderr
    assert "What to do:" in again.stderr and "name them with --subject" in again.stderr


def test_model_list_shows_the_built_in_gan_creators_get_by_default(data_dir):
    result = _run(data_dir, "model", "list")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:2] == ["(built-in)", "gan"] and "DigiFace-1M" in first[4]
    assert json.loads(_run(data_dir, "model", "list", "--json").stdout) == []  # registered models only


def test_an_operator_withdraws_a_pending_draft_from_the_command_line(stub_world):
    from datetime import datetime, timedelta, timezone

    from consent.drafts import Drafts

    w = stub_world
    w.add_person("jane", "Jane Doe")
    fields = {"subject_id": "jane", "grantee": GRANTEE, "project": "Blue (2026)",
              "description": "Reshoot of scene 12: the character at the harbour, daylight",
              "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
              "territories": ["US"], "valid_until": datetime.now(timezone.utc) + timedelta(days=30), "usage_cap": 5,
              "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}
    view, links = Drafts(w.ops).create(fields, created_by="cli:olive")
    args = ["--data-dir", str(w.settings.data_dir), "grant"]
    refused = CliRunner().invoke(cli, [*args, "withdraw-draft", view.id, "--reason", "no"])
    assert refused.exit_code != 0 and "at least 10" in refused.output
    done = CliRunner().invoke(cli, [*args, "withdraw-draft", view.id, "--reason", "sent to the wrong address"])
    assert done.exit_code == 0, done.output
    assert "withdrawn" in done.output
    listed = CliRunner().invoke(cli, [*args, "drafts", "--status", "withdrawn"])
    assert view.id in listed.output


def test_a_new_database_file_is_readable_by_its_owner_only(data_dir):
    import stat

    assert _run(data_dir, "generate", *BASE, "--seed", "1").exit_code == 0
    for name in ("consent.db", "consent.db-wal", "consent.db-shm"):
        path = data_dir / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, (name, oct(path.stat().st_mode))
    assert (data_dir / "consent.db").exists()
