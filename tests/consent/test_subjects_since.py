"""Registry.subjects_since: after a change, only the changed people are read again (issue 17),
and the result is what a full read gives."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consent.operations import Operations
from consent.registry import Registry


def _view(subjects):
    return [(s.id, s.display_name, tuple(s.aliases), s.opt_out, s.minor) for s in subjects]


@pytest.fixture
def people(registry):
    ops = Operations(registry)
    for i in range(12):
        ops.add_subject(f"p{i:02d}", f"Person Number{i}", aliases=[f"PN{i}"])
    return registry, ops


def test_every_kind_of_change_gives_what_a_full_read_gives(people):
    registry, ops = people
    first, seq = registry.subjects_since(None, 0)
    assert _view(first) == _view(registry.list_subjects())
    ops.add_subject("new", "Nadia Newcomer")
    ops.update_subject("p01", aliases=["Numbers"])
    ops.set_opt_out("p02")
    ops.delete_subject("p03")
    ops.merge_subjects("p04", "p05")
    got, seq2 = registry.subjects_since({s.id: s for s in first}, seq)
    assert seq2 > seq
    assert _view(got) == _view(registry.list_subjects())


def test_only_the_changed_people_are_read_again(people, monkeypatch):
    registry, ops = people
    first, seq = registry.subjects_since(None, 0)
    ops.update_subject("p07", display_name="Person Renamed")
    ops.add_subject("new", "Nadia Newcomer")
    read = []
    original = Registry._subject_from_row

    def counting(self, r):
        read.append(r.id)
        return original(self, r)

    monkeypatch.setattr(Registry, "_subject_from_row", counting)
    got, _ = registry.subjects_since({s.id: s for s in first}, seq)
    assert sorted(read) == ["new", "p07"]
    assert next(s for s in got if s.id == "p07").display_name == "Person Renamed"


def test_a_row_edited_behind_the_log_is_not_picked_up_and_a_full_read_still_refuses_it(people):
    registry, ops = people
    first, seq = registry.subjects_since(None, 0)
    ops.add_subject("new", "Nadia Newcomer")  # a signed change elsewhere
    with registry.engine.begin() as conn:  # the database host renames p08, no audit entry
        conn.execute(text("UPDATE subjects SET display_name = 'Someone Else' WHERE id = 'p08'"))
    got, _ = registry.subjects_since({s.id: s for s in first}, seq)
    assert next(s for s in got if s.id == "p08").display_name == "Person Number8"  # the signed state
    with pytest.raises(Exception, match="integrity"):
        registry.list_subjects()


def test_too_many_entries_since_reads_everyone(people, monkeypatch):
    registry, ops = people
    first, seq = registry.subjects_since(None, 0)
    monkeypatch.setattr(Registry, "SUBJECTS_SINCE_MAX_ENTRIES", 1)
    ops.add_subject("a1", "Alma One")
    ops.add_subject("a2", "Alma Two")
    got, _ = registry.subjects_since({s.id: s for s in first}, seq)
    assert _view(got) == _view(registry.list_subjects())
