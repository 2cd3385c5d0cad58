"""Adversary 10: the decision checked again at record time, and a grant's project.

``consent.policy.still_holds`` re-checks a decision when its outputs are recorded. Tried here:
a duplicate who opted out (or is a minor) merged into the person while the model runs — the
merge makes the stricter flag win, and publication must stop (HELD). A grant is for one
project, compared as an exact string: near misses (case, spaces, a Cyrillic look-alike) must
not use the grant (HELD); the same text in another Unicode normal form (NFC vs NFD, as a macOS
file name or some keyboards give it) is the same project to a person, yet is refused
(FAIL-UNCLEAR, a false denial in the safe direction). And a grant's project is stripped of
surrounding spaces when it is issued while a request's is not: the very text the grant was
issued with ("Blue (2026) ", a trailing space from a form) is refused, with a message whose two
names look the same (FAIL-UNCLEAR, false denial).
"""

from __future__ import annotations

import unicodedata

import pytest

from consent.errors import ConsentDenied
from studio_world import PROJECT




@pytest.mark.parametrize("flag,denial", [("opt_out", "opted out"), ("minor", "is a minor")])
def test_a_duplicate_merged_in_while_generating_stops_publication(stub_world, flag, denial):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.add_person("jane-dup", "Jane D.", opt_out=(flag == "opt_out"))
    if flag == "minor":
        stub_world.ops.update_subject("jane-dup", minor=True)
    stub_world.generate_denied_while_running(lambda: stub_world.ops.merge_subjects("jane", "jane-dup"), denial)


@pytest.mark.parametrize("project", [
    PROJECT.lower(), PROJECT.upper(), PROJECT.replace(" ", "  "),
    PROJECT.replace("B", "\u0412"),  # Cyrillic capital Ve looks like Latin B
    PROJECT.replace(" ", "\u00a0"),  # no-break space
    PROJECT + "\u200b",  # zero-width space
])
def test_a_near_miss_project_uses_no_grant(stub_world, project):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    studio = stub_world.studio()
    with pytest.raises(ConsentDenied, match="project"):
        studio.generate(stub_world.request(subjects=("jane",), project=project))
    assert stub_world.output_files() == []


def test_no_project_uses_no_grant(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    with pytest.raises(ConsentDenied, match="names no project"):
        stub_world.studio().generate(stub_world.request(subjects=("jane",), project=None))


def test_the_same_project_in_another_normal_form_is_the_same_project(stub_world):
    name = "Café Noir"
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1", project=unicodedata.normalize("NFC", name))
    result = stub_world.studio().generate(
        stub_world.request(subjects=("jane",), project=unicodedata.normalize("NFD", name)))
    assert result.paths


@pytest.mark.parametrize("typed", [PROJECT + " ", " " + PROJECT])
def test_the_project_as_typed_for_the_grant_is_the_grants_project(stub_world, typed):
    stub_world.add_person("jane", "Jane Doe")
    assert stub_world.issue_grant("jane", "g-jane-1", project=typed).grant.project == PROJECT  # stripped at issue
    assert stub_world.studio().generate(stub_world.request(subjects=("jane",), project=typed)).paths
