"""Leftover of red team 33: merging subjects laundered famous names into aliases.

``Operations.add_subject`` / ``update_subject`` refuse a known famous person's name as a persona's
name or alias, and as a real person's alias unless the operator says ``famous_namesake``. A merge
makes the removed subject's display name and aliases aliases of the kept one: without the same
rule, registering "Taylor Swift" (her own display name: allowed) and merging her into "Jane Doe"
gave Jane's grant the singer's name, and a prompt naming the singer ran under Jane's grant.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError
from consent.records import Subject


def test_merging_a_famous_person_into_another_does_not_give_her_name_to_the_kept_grant(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    w.ops.add_subject("taylor", "Taylor Swift")  # her own famous display name: allowed
    assert "a name it would gain is a known famous person's" in w.ops.merge_preview("jane", "taylor")
    with pytest.raises(ConsentError, match=r"'Taylor Swift'.*famous_namesake"):
        w.ops.merge_subjects("jane", "taylor")
    # nothing moved: both subjects as they were, no merge in the log
    assert "Taylor Swift" not in w.registry.get_subject("jane").aliases
    assert w.registry.get_subject("taylor").display_name == "Taylor Swift"
    assert not w.registry.audit_entries(kind="subjects_merged")
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(prompt="portrait of Taylor Swift on stage"))
    assert w.output_files() == []


def test_a_famous_alias_of_the_removed_subject_is_refused_too(stub_world):
    w = stub_world
    w.ops.add_subject("jane", "Jane Doe")
    w.ops.add_subject("jane2", "Jane D.", aliases=["Barack Obama"], famous_namesake=True)
    with pytest.raises(ConsentError, match="'Barack Obama'"):
        w.ops.merge_subjects("jane", "jane2")
    assert w.registry.get_subject("jane").aliases == ()


def test_the_operator_may_merge_a_real_namesake_saying_so_and_the_log_records_it(stub_world):
    w = stub_world
    w.ops.add_subject("jane", "Jane Doe")
    w.ops.add_subject("taylor", "Taylor Swift")
    moved = w.ops.merge_subjects("jane", "taylor", famous_namesake=True)
    assert moved["aliases_added"] == ["Taylor Swift"]
    (entry,) = w.registry.audit_entries(kind="subjects_merged")
    assert entry.payload["famous_namesake"] is True and "Taylor Swift" in entry.payload["subject"]["aliases"]
    assert w.registry.verify_audit().ok


def test_a_persona_never_takes_a_famous_name_by_merge_even_with_the_operators_word(stub_world):
    w = stub_world
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    # a persona registered before names were checked (the registry itself takes any name)
    w.registry.add_subject(Subject.from_dict({"id": "old", "display_name": "Barack Obama", "kind": "fictional_persona"}))
    for namesake in (False, True):
        with pytest.raises(ConsentError, match="'Barack Obama'.*fictional persona cannot carry it"):
            w.ops.merge_subjects("nova", "old", famous_namesake=namesake)
    assert w.registry.get_subject("nova").aliases == ()


def test_merging_ordinary_duplicates_still_works(stub_world):
    w = stub_world
    w.ops.add_subject("jane", "Jane Doe")
    w.ops.add_subject("jane-dup", "Jane A. Doe", aliases=["JD"])
    assert "famous" not in w.ops.merge_preview("jane", "jane-dup")
    moved = w.ops.merge_subjects("jane", "jane-dup")
    assert sorted(moved["aliases_added"]) == ["JD", "Jane A. Doe"]
    (entry,) = w.registry.audit_entries(kind="subjects_merged")
    assert "famous_namesake" not in entry.payload


def test_aliases_given_out_of_order_are_logged_as_the_row_keeps_them(stub_world):
    """Found on the way: ``update_subject`` logged the aliases in the order given while the row keeps
    them sorted, so the integrity replay refused the subject on every read after the edit."""
    w = stub_world
    w.ops.add_subject("jane", "Jane Doe")
    w.ops.update_subject("jane", aliases=["JD", "Doe, Jane"])
    assert w.registry.get_subject("jane").aliases == ("Doe, Jane", "JD")
    assert w.registry.verify_audit().ok
    w.ops.update_subject("jane", aliases=["JD", "Doe, Jane"])  # the same names: no change, nothing logged
    assert len(w.registry.audit_entries(kind="subject_updated")) == 1
