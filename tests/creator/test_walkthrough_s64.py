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


def test_a_persona_cannot_take_the_name_of_a_real_person_registered_here(stub_world):
    from consent.errors import RecordInvalid

    w = stub_world
    w.add_person("sam-rivera", "Sam Rivera", aliases=("S. Rivera",))
    for name, aliases in (("Sam Rivera", ()), ("sam  rivera", ()), ("Nova Reyes", ("S. Rivera",))):
        with pytest.raises(RecordInvalid, match="registered for real person 'sam-rivera'.*Pick an invented name"):
            w.ops.add_subject("sam-persona", name, aliases=aliases, kind="fictional_persona")
    w.ops.add_subject("nova", "Nova Reyes", kind="fictional_persona")
    with pytest.raises(RecordInvalid, match="registered for real person 'sam-rivera'"):
        w.ops.update_subject("nova", aliases=["Sam Rivera"])


@pytest.mark.parametrize("prompt", ["Sam Rivera at the beach", "sam rivera at the beach", "Rivera, Sam at the beach"])
def test_a_name_two_subjects_share_needs_each_ones_consent(stub_world, prompt):
    """The persona came first, the real Sam Rivera after (a real person may share a persona's
    name), then she opted out: the prompt named the persona alone and was allowed."""
    w = stub_world
    w.ops.add_subject("sam-persona", "Sam Rivera", kind="fictional_persona")
    w.add_person("sam-rivera", "Sam Rivera")
    w.ops.set_opt_out("sam-rivera", True)
    decision = w.studio().check(w.request(prompt=prompt, purpose="virtual_influencer"))
    assert not decision.allowed
    assert {"sam-persona", "sam-rivera"} <= set(decision.subjects)
    assert any("sam-rivera" in f.message and "opted out" in f.message for f in decision.findings if not f.passed)


def test_the_command_line_says_the_gan_ignores_a_prompt(data_dir):
    base = ["--purpose", "art", "--territory", "US", "--grantee", "me", "--engine", "gan", "--width", "256", "--height", "256"]
    with_prompt = _run(data_dir, "generate", *base, "--prompt", "a woman holding an oat milk carton")
    assert with_prompt.exit_code == 0, with_prompt.output
    assert "the GAN engine ignores the prompt" in with_prompt.stderr
    assert "ignores the prompt" not in _run(data_dir, "generate", *base).stderr
    assert "ignores the prompt" in _run(data_dir, "check", *base, "--prompt", "a harbour").stderr


def test_registering_a_hub_id_says_the_studio_never_downloads(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(data_dir, "model", "register", "sd15", "runwayml/stable-diffusion-v1-5", "--kind", "diffusers",
                  "--licence", "CreativeML OpenRAIL-M")
    assert result.exit_code != 0
    assert "looks like a Hugging Face hub id, and the studio never downloads" in result.output
    assert "hf download runwayml/stable-diffusion-v1-5" in result.output
    missing = _run(data_dir, "model", "register", "mine", str(tmp_path / "nope"), "--kind", "diffusers", "--licence", "x")
    assert "does not exist on this machine" in missing.output and "hub id" not in missing.output


def test_keys_generate_says_to_hand_the_private_key_over_and_can_write_it_elsewhere(data_dir, tmp_path):
    here = _run(data_dir, "keys", "generate", "--name", "ada")
    assert here.exit_code == 0 and "hand it to them" in here.stdout
    drive = tmp_path / "ada-drive"
    away = _run(data_dir, "keys", "generate", "--name", "ada2", "--out", str(drive), "--json")
    assert away.exit_code == 0, away.output
    doc = json.loads(away.stdout)
    assert doc["private_key"] == str(drive / "ada2.key.pem") and (drive / "ada2.key.pem").stat().st_mode & 0o777 == 0o600
    assert not (data_dir / "keys" / "ada2.key.pem").exists()
    sub = _run(data_dir, "subject", "add", "--id", "ada", "--name", "Ada Quinn", "--key", doc["public_key"])
    assert sub.exit_code == 0, sub.output


def test_a_face_whose_grant_leaves_out_the_operation_is_not_told_the_grant_is_not_in_force(stub_world):
    """`check --mode img2img --subject sam-rivera --project …` on her frame, her grant for
    likeness generation only: the face's line said she is someone else or her grant is revoked,
    expired or for another project; it now names the use the grant may not cover, and the line
    about her says which. Without --subject, the project already entered is not asked for again."""
    from creator.ui.render import problems
    from studio_world import astronaut, png_bytes

    w = stub_world
    w.add_person("jane", "Jane Doe", photo=astronaut())
    w.issue_grant("jane", "g-1", operations=["likeness_generation"])
    src = png_bytes(astronaut())
    named = w.studio().check(w.request(engine="diffusion", mode="img2img", source=src, subjects=("jane",)))
    steps = [p.next_step for p in problems(named)]
    # (session 65) the face's line points to the grant's, which says what to change
    assert "the line about that grant says what to change (its territory, purpose, medium, operation" in steps[0]
    assert any("a grant that includes footage editing" in s for s in steps[1:])
    unnamed = w.studio().check(w.request(engine="diffusion", mode="img2img", source=src))
    (face,) = problems(unnamed)
    assert "enter the grant's project" not in face.next_step
    assert "name them under Subjects depicted and check that the project you entered under Project is the grant's" in face.next_step


@pytest.mark.parametrize(("args", "said"), [
    (["--output-format", "webp"], "FAIL: --output-format 'webp' is not allowed here"),
    (["--label-position", "middle"], "FAIL: --label-position 'middle' is not allowed here"),
    (["-n", "99"], "FAIL: -n/--num-images must be in [1, 8], got 99"),
    (["--content", "alcohol"], "FAIL: --content is ['alcohol']; expected values from ['alcohol_tobacco'"),
    (["--engine", "diffusion"], "FAIL: --model is required for the diffusion engine")])
def test_request_errors_on_the_command_line_name_its_options(data_dir, args, said):
    """The messages named the Python fields (`output_format`, content_flags) where the command line
    has options; the README says each caller reads them as it types them."""
    from creator.cli import cli as root

    base = ["--data-dir", str(data_dir)]
    common = ["--purpose", "art", "--territory", "US", "--grantee", "me", *args]
    for command in (["generate"], ["check"], ["jobs", "submit"]):
        result = CliRunner().invoke(root, [*base, *command, *common])
        assert result.exit_code != 0
        # (a request refused before a job is queued says FAIL:, a job that fails FAILED:, in the same words)
        assert said.split(": ", 1)[1] in result.stderr, (command, result.stderr)


def test_an_operator_lets_a_creator_account_generate_for_the_agency(data_dir):
    added = _run(data_dir, "users", "add", "mia", "--role", "creator", "--grantee", "Bright Agency", "--password-stdin",
                 input="a long enough password\n")
    assert added.exit_code == 0, added.output
    assert "may generate for 'Bright Agency'" in added.stdout
    listed = json.loads(_run(data_dir, "users", "list", "--json").stdout)
    assert [u["grantees"] for u in listed if u["name"] == "mia"] == [["Bright Agency"]]
    changed = _run(data_dir, "users", "grantees", "mia", "Bright Agency", "Bright Films")
    assert changed.exit_code == 0 and "may generate as 'mia', 'Bright Agency', 'Bright Films'" in changed.stdout
    cleared = _run(data_dir, "users", "grantees", "mia")
    assert cleared.exit_code == 0 and "may generate as 'mia'" in cleared.stdout
    assert "also for" not in _run(data_dir, "users", "list").stdout
    bad = _run(data_dir, "users", "grantees", "mia", "two\nlines")
    assert bad.exit_code != 0 and "is not valid" in bad.output
    assert "Warning" not in changed.stderr


def test_naming_another_account_as_a_grantee_warns(data_dir):
    """(red team s64 G) mia given the grantee "carl", the name of creator carl: she may now use the
    grants made out to carl personally. Allowed (the operator's call), and said."""
    for name in ("mia", "carl"):
        assert _run(data_dir, "users", "add", name, "--role", "creator", "--password-stdin",
                    input="a long enough password\n").exit_code == 0
    changed = _run(data_dir, "users", "grantees", "mia", "carl")
    assert changed.exit_code == 0 and "may generate as 'mia', 'carl'" in changed.stdout
    assert "grantee 'carl' is also an account's name" in changed.stderr


def test_grant_list_shows_each_grants_use_against_its_cap(stub_world):
    from creator.cli import cli as root
    from creator.cli._common import CliState

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-capped", usage_cap=10)
    w.issue_grant("jane", "g-open")
    w.studio().generate(w.request(prompt="a harbour", subjects=("jane",)))
    out = CliRunner().invoke(root, ["grant", "list"], obj=CliState(settings=w.settings)).stdout
    used = {line.split("\t")[0]: line.split("\tused ")[1].split("\t")[0] for line in out.splitlines()}
    assert used["g-capped"] in ("0/10", "1/10") and used["g-open"] in ("0", "1")  # (either grant covers the request)
    assert int(used["g-capped"].split("/")[0]) + int(used["g-open"]) == 1


def test_out_copies_get_the_mode_the_users_files_get(data_dir, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        made = _run(data_dir, "generate", "--purpose", "art", "--territory", "US", "--grantee", "me", "--width", "256",
                    "--height", "256", "--out", str(tmp_path / "shared"), "--json")
    finally:
        os.umask(old)
    assert made.exit_code == 0, made.output
    (copy,) = (tmp_path / "shared").iterdir()
    assert copy.stat().st_mode & 0o777 == 0o644  # the studio's own copy stays private (its data dir is 0700)


def test_verify_where_there_is_no_studio_says_so_and_creates_nothing(tmp_path):
    """A gallery ran `verify` once with a new data dir and got a studio installed (a database, an
    audit key, a watermark key) before the answer."""
    from PIL import Image

    picture = tmp_path / "from-the-artist.png"
    Image.new("RGB", (64, 64), "white").save(picture)
    empty = tmp_path / "gallery-data"
    result = _run(empty, "verify", str(picture))
    assert result.exit_code == 2
    assert "no studio here" in result.stderr and "--unsafe-no-registry" in result.stderr
    assert not empty.exists() or not any(empty.rglob("*"))
    alone = _run(empty, "verify", "--unsafe-no-registry", str(picture))
    assert alone.exit_code == 1 and alone.stdout.startswith("UNSAFE: ")  # the file alone: never OK
    # and the unsafe check makes nothing there either (it made a keys folder with a watermark key)
    assert not empty.exists() or not any(empty.rglob("*")), sorted(map(str, empty.rglob("*")))


def test_a_face_whose_grant_leaves_out_the_territory_is_pointed_to_the_territory(stub_world):
    """(walkthrough, session 65) the reason was the territory, the advice to name the person and the
    project, which the request had done."""
    from creator.ui.render import problems
    from studio_world import astronaut, png_bytes

    w = stub_world
    w.add_person("jane", "Jane Doe", photo=astronaut())
    w.issue_grant("jane", "g-1", territories=["FR"])
    decision = w.studio().check(w.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut()),
                                          subjects=("jane",), territory="US"))
    steps = problems(decision)
    assert "the line about that grant says what to change" in steps[0].next_step
    assert any("Pick a covered territory" in p.next_step for p in steps[1:])
