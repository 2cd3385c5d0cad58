"""What users met in session 66, each as the user meets it: a person with many grants, none of
which covers the request (session 65's walkthrough as a rights operator)."""

from __future__ import annotations

from click.testing import CliRunner

from creator.cli import cli
from creator.cli._common import CliState
from creator.ui.render import decision_markdown, problems
from studio_world import GRANTEE, PROJECT


def _five_grants(stub_world):
    """Dana holds five grants for other projects; the fourth differs from the request in its
    project only, the others in their project and purpose."""
    stub_world.add_person("dana", "Dana Okafor")
    for n, purpose in enumerate(["advertising", "art", "editorial", "film_reshoot", "education"], 1):
        stub_world.issue_grant("dana", f"g-dana-{n}", project=f"Other film {n}", purposes=[purpose])


def test_a_person_with_five_grants_is_one_problem_and_the_closest_grants_steps(stub_world):
    _five_grants(stub_world)
    decision = stub_world.studio().check(stub_world.request(subjects=("dana",)))
    assert not decision.allowed
    found = problems(decision)
    summary, *rest = found
    assert "has 5 grants and none covers this request" in summary.what
    assert "The closest is the grant g-dana-4" in summary.what  # the one that differs in its project only
    assert "g-dana-1 (project, purpose)" in summary.what
    # then that grant's steps alone, not the same three steps five times over
    assert [p.what for p in rest] == ["the grant g-dana-4 is for another project ('Other film 4')."]
    page = decision_markdown(decision)
    assert page.count("<li>") == 2


def test_check_on_the_command_line_prints_a_line_per_other_grant_and_the_request_once(stub_world):
    _five_grants(stub_world)
    result = CliRunner().invoke(cli, ["check", "--purpose", "film_reshoot", "--territory", "US", "--grantee", GRANTEE,
                                      "--project", PROJECT, "--subject", "dana"],
                                obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))
    assert result.exit_code == 1, result.output
    findings, steps = result.stdout.split("What to do:\n", 1)
    assert "grant g-dana-1: does not cover this request either (fails: project, purpose)" in findings
    assert "g-dana-1: every signature verifies" not in findings  # the other grants' passing checks: in --json
    assert "g-dana-4: every signature verifies" in findings  # the closest grant's checks, all of them
    assert len(findings.splitlines()) < 20
    # each step says which grant and what differs; the request to file is printed once
    assert "the grant g-dana-4 is for another project ('Other film 4').\n    Use the grant's project name" in steps
    assert steps.count("consent-studio requests file") == 1


def test_one_grant_that_does_not_cover_keeps_its_own_lines(stub_world):
    stub_world.add_person("dana", "Dana Okafor")
    stub_world.issue_grant("dana", "g-dana-1", project="Other film")
    decision = stub_world.studio().check(stub_world.request(subjects=("dana",)))
    (only,) = problems(decision)
    assert only.what == "the grant g-dana-1 is for another project ('Other film')."


def test_a_jobs_progress_keeps_one_unit_per_stage(stub_world):
    """A job read "generate 0/4" (its images) and then "generate 1/20" (a diffusion model's steps):
    the studio reports no count until the engine reports in its own unit, and the job's words
    name the unit."""
    from types import SimpleNamespace

    from creator.jobs.model import step_text

    seen: list[tuple[str, int, int]] = []
    stub_world.studio().generate(stub_world.request(num_images=2), progress=lambda s, d, t: seen.append((s, d, t)))
    generate = [x for x in seen if x[0] == "generate"]
    assert generate[0] == ("generate", 0, 0) and generate[1:] == [("generate", 2, 2)]  # the engine's own count

    def job(stage, done, total, engine="diffusion"):
        return SimpleNamespace(stage=stage, done=done, total=total, settings={"engine": engine})

    assert step_text(job("generate", 0, 0)) == "generate"
    assert step_text(job("generate", 5, 20)) == "generate 5/20 steps"
    assert step_text(job("generate", 4, 4, engine="gan")) == "generate 4/4"
    assert step_text(job("scan", 1, 4)) == "scan 1/4 images"
    assert step_text(job("check", 0, 1)) == "check"
