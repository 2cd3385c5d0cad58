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


def test_face_templates_since_reads_only_the_changed_peoples_templates(registry, monkeypatch):
    import numpy as np

    from consent.likeness import MODEL_NAME

    ops = Operations(registry)
    rng = np.random.default_rng(0)

    def enrol(sid):
        v = rng.standard_normal(128).astype(np.float32)
        registry.add_face_template(sid, v / np.linalg.norm(v), "ab" * 32, 120, 150.0, MODEL_NAME)

    for i in range(6):
        ops.add_subject(f"f{i}", f"Face Person{i}")
        enrol(f"f{i}")
        enrol(f"f{i}")
    ids, mat, tids, seq = registry.face_templates_since(MODEL_NAME, None, 0)
    assert len(ids) == 12
    ops.delete_subject("f1")            # its templates go
    ops.merge_subjects("f2", "f3")      # f3's templates move to f2
    ops.add_subject("f9", "Face Person9")
    enrol("f9")
    enrol("f4")                         # one more of someone already there
    got_ids, got_mat, got_tids, seq2 = registry.face_templates_since(MODEL_NAME, (ids, mat, tids), seq)
    want_ids, want_mat = registry.face_templates(MODEL_NAME)
    assert seq2 > seq
    by_tid = dict(zip(got_tids, zip(got_ids, got_mat)))
    assert len(by_tid) == len(want_ids) == 12  # 12 - 2 (f1) + 1 (f9) + 1 (f4)
    # same (subject, embedding) pairs as a full read
    assert sorted((sid, tuple(np.round(v, 6))) for sid, v in by_tid.values()) == \
        sorted((sid, tuple(np.round(v, 6))) for sid, v in zip(want_ids, want_mat))
    assert {sid for sid in got_ids} == {"f0", "f2", "f4", "f5", "f9"}


def test_a_template_edited_behind_the_log_of_a_changed_person_fails_closed(registry):
    import numpy as np

    from consent.likeness import MODEL_NAME

    ops = Operations(registry)
    for i in range(3):
        ops.add_subject(f"g{i}", f"Gee Person{i}")
        v = np.ones(128, np.float32) / np.sqrt(128) * (1 if i % 2 else -1)
        registry.add_face_template(f"g{i}", v, "ab" * 32, 120, 150.0, MODEL_NAME)
    ids, mat, tids, seq = registry.face_templates_since(MODEL_NAME, None, 0)
    ops.update_subject("g1", aliases=["Gee"])  # g1 changes (signed) ...
    with registry.engine.begin() as conn:    # ... and the database host swaps its template
        conn.execute(text("UPDATE face_templates SET subject_id = 'g1' WHERE subject_id = 'g2'"))
    with pytest.raises(Exception, match="face template"):
        registry.face_templates_since(MODEL_NAME, (ids, mat, tids), seq)
