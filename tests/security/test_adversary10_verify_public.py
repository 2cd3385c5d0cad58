"""Adversary 10: verify now reads the person (opt-out -> 'withdrawn', a rule broken -> 'subject_rules').

The public verify page must say the consent no longer holds without telling the public why:
not the person's id or name, not that they are a minor, not that they opted out (HELD: the
page says 'consent revoked' / 'consent not in force' and its likeness facts carry none of it).
Both are FAIL for verify, never OK (HELD).

FAIL-OPEN (privacy): the studio's verify view (creator.ui.render.report_for) hides grant
messages from a creator who is not the output's maker but passes the report's reasons through, and
those now say "subject 'jane' is a minor with no guardian key on record" or "the person has
since opted out" to any signed-in creator holding a copy.
"""

from __future__ import annotations

import json

import pytest

from creator.ui.public import public_facts
from creator.verify import verify


def _verified_after(stub_world, change):
    """Jane's output, verified after she is marked a minor or opts out."""
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio().generate(stub_world.request(subjects=("jane",)))
    if change == "minor":
        stub_world.ops.update_subject("jane", minor=True)
    else:
        stub_world.ops.set_opt_out("jane", True)
    return verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry)


@pytest.mark.parametrize("change,verdict", [("minor", "consent_not_in_force"), ("opt_out", "consent_revoked")])
def test_the_public_page_says_consent_ended_without_saying_why(stub_world, change, verdict):
    report = _verified_after(stub_world, change)
    assert report.verdict == "FAIL"
    facts = public_facts(report)
    assert facts["verdict"] == verdict
    text = json.dumps(facts, default=str).lower()
    for secret in ("jane", "doe", "minor", "guardian", "opted", "opt_out", "g-jane-1"):
        assert secret not in text, secret


@pytest.mark.parametrize("change", ["minor", "opt_out"])
def test_the_studio_verify_view_tells_another_creator_nothing_about_the_person(stub_world, change):
    from creator.ui.render import report_for, verify_verdict

    report = _verified_after(stub_world, change)
    seen = report_for(report.to_dict(), "copy.png", viewer="ui:mallory", operator=False)
    assert verify_verdict(seen).kind == "revoked"  # the verdict itself is right
    text = json.dumps(seen, default=str).lower()
    for secret in ("'jane'", "minor", "guardian", "opted out"):
        assert secret not in text, secret
