"""Attacks on prompt-name detection: a registered person's name disguised so the matcher
misses it, or an operator exception stretched to cover a real person.

Fail closed means: every disguise below is still found as *that* subject (or, at worst, as
an unknown person), and the studio denies the request without running a model.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied
from consent.names import NameMatcher


class _S:
    def __init__(self, sid: str, name: str, aliases: tuple[str, ...] = ()):
        self.id, self.display_name, self.aliases = sid, name, aliases


SUBJECTS = [_S("taylor", "Taylor Swift", ("T-Swizzle",)), _S("jane", "Jane Doe")]


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher(SUBJECTS, ["Taylor"])  # an operator exception that is far too broad


def _subjects(matcher: NameMatcher, prompt: str) -> list[str | None]:
    return [lk.subject_id for lk in matcher.find(prompt)]


@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param("a portrait of T\u0430ylor Swift on stage", id="cyrillic-a-long-word"),
        pytest.param("J\u0430ne D\u043ee at the harbour", id="cyrillic-a-and-o-short-words"),
        pytest.param("\u0408\u0430n\u0435 Doe at the harbour", id="cyrillic-je-a-ie"),
        pytest.param("Tay\u200dlor Sw\u200bift singing", id="zero-width-joiner-and-space"),
        pytest.param("Ja\u200cne\u2060 Doe at the harbour", id="zero-width-non-joiner-word-joiner"),
        pytest.param("Ta\u0301ylor Swift singing", id="combining-accent-inside-word"),
        pytest.param("\uff34\uff41\uff59\uff4c\uff4f\uff52 \uff33\uff57\uff49\uff46\uff54 at a concert", id="full-width"),
        pytest.param("JANE DOE at the harbour", id="upper-case"),
        pytest.param("t-swizzle dancing", id="alias-lower-case"),
        pytest.param("T-SWIZZLE dancing", id="alias-upper-case"),
        pytest.param("Jane\u00adDoe at the harbour", id="soft-hyphen-run-together"),
    ],
)
def test_disguised_registered_name_is_found_as_that_subject(matcher, prompt):
    found = _subjects(matcher, prompt)
    assert found and set(found) <= {"taylor", "jane"}, f"{prompt!r} -> {found}"


@pytest.mark.parametrize(
    "prompt, subject",
    [
        pytest.param("Swift, Taylor at the beach", "taylor", id="reversed-with-comma"),
        pytest.param("Doe, Jane at the harbour", "jane", id="reversed-short"),
        pytest.param("Taylor in a red dress, playing a guitar like Swift", "taylor", id="split-across-prompt"),
        pytest.param("Jane on a boat; behind her the Doe family crest", "jane", id="split-with-other-words"),
    ],
)
def test_reordered_or_split_registered_name_is_found_as_that_subject(matcher, prompt, subject):
    assert subject in _subjects(matcher, prompt)


def test_initials_and_surname_are_at_least_an_unknown_person(matcher):
    # "T. Swift" cannot be pinned to one subject for sure; it must still deny.
    found = matcher.find("T. Swift smiling at the camera")
    assert found, "initials + surname slipped through"


@pytest.mark.parametrize("prompt", ["Taylor Swift waving", "taylor swift waving", "TAYLOR SWIFT waving"])
def test_broad_exception_never_exempts_the_registered_person(matcher, prompt):
    scan = matcher.find_all(prompt)
    assert [lk.subject_id for lk in scan.likenesses] == ["taylor"]
    assert scan.exempted == ()


def test_broad_exception_never_exempts_an_unknown_full_name(matcher):
    scan = matcher.find_all("Taylor Hanks waving at the crowd")
    assert [lk.subject_id for lk in scan.likenesses] == [None]
    assert [lk.text for lk in scan.likenesses] == ["Taylor Hanks"]


# ----------------------------------------------------------------------------- end to end
@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param("Tay\u200dlor Sw\u200bift singing on stage", id="zero-width"),
        pytest.param("a portrait of T\u0430ylor Sw\u0456ft", id="homoglyphs"),
        pytest.param("Taylor in a red dress, with Swift lettering", id="split"),
    ],
)
def test_studio_denies_disguised_name_before_any_model_runs(stub_world, prompt):
    stub_world.add_person("taylor", "Taylor Swift")
    stub_world.registry.add_name_exception("Taylor", "a first name alone is not a likeness", "legal desk")
    studio = stub_world.studio()
    with pytest.raises(ConsentDenied, match="subject 'taylor' has no consent grant"):
        studio.generate(stub_world.request(prompt=prompt))
    assert stub_world.engine.calls == 0
    assert stub_world.output_files() == []
    last = stub_world.last_audit()
    assert last.kind == "decision" and last.payload["decision"]["allowed"] is False
    assert "taylor" in last.payload["decision"]["subjects"]
