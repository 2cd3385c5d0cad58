"""Merging a duplicate subject: faces, adapters and keys move to the subject kept, the duplicate's
names become aliases, the stricter flag wins, all in one audited transaction the integrity replay
agrees with; refused (with the reason) for grants, itself, a deleted subject. Handler, Operations
and CLI level, real registry and real faces (scikit-image's astronaut photo)."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr
import pytest
from click.testing import CliRunner
from PIL import Image
from ui_support import issue

from consent.errors import NotFound, RecordInvalid, RegistryError
from consent.likeness import MODEL_NAME
from consent.signing import generate_key_files
from creator.ui import SubjectForm
from creator.ui.forms import SubjectMergeForm


@pytest.fixture()
def photo(tmp_path: Path) -> Path:
    from skimage import data

    p = tmp_path / "astronaut.png"
    Image.fromarray(data.astronaut()).save(p)
    return p


@pytest.fixture()
def twin(handlers, as_operator, tmp_path) -> str:
    """A duplicate of jane-doe, added by mistake, with her own key and opt-out set."""
    keys = generate_key_files(tmp_path / "twin-keys", "twin")
    handlers.add_subject(SubjectForm(subject_id="jane-d", display_name="Jane D.", aliases="JD", kind="person",
                                     opt_out=True, subject_key=str(keys.public_path)), request=as_operator)
    return "jane-d"


def test_merging_moves_faces_and_keys_and_keeps_the_names_as_aliases(handlers, as_operator, jane, twin, photo) -> None:
    handlers.enroll_photos(twin, [str(photo)], True, request=as_operator)
    before = handlers.registry.get_subject(jane)
    twin_keys = handlers.registry.get_subject(twin).key_ids
    preview = handlers.merge_summary(jane, twin, request=as_operator)
    assert "moves 1 face template(s), 0 adapter(s) and 1 key(s)" in preview and "becomes opt-out" in preview
    status, rows = handlers.merge_subjects(SubjectMergeForm(keep=jane, remove=twin, confirm=True), request=as_operator)
    assert "merged into **jane-doe**" in status and [r[0] for r in rows] == [jane]
    after = handlers.registry.get_subject(jane)
    assert set(after.aliases) == {"J. Doe", "Jane D.", "JD"} and after.opt_out  # the stricter flag wins
    assert set(after.key_ids) == set(before.key_ids) | set(twin_keys)
    ids, _ = handlers.registry.face_templates(MODEL_NAME)
    assert ids == [jane]
    with pytest.raises(NotFound):
        handlers.registry.get_subject(twin)
    assert handlers.registry.check_integrity() == []  # the signed log replays to the merged state
    from consent.registry import Registry

    with Registry.from_settings(handlers.settings) as fresh:  # a new reader replays the log from the start
        assert fresh.check_integrity() == [] and fresh.face_templates(MODEL_NAME)[0] == [jane]
    rows = handlers.audit_entries(twin, "", 10, request=as_operator)
    assert any("subjects_merged" in " ".join(map(str, r)) for r in rows), rows


def test_the_merged_face_now_names_the_kept_subject(handlers, as_operator, as_creator, jane, twin, photo) -> None:
    from ui_support import generate_form

    handlers.enroll_photos(twin, [str(photo)], True, request=as_operator)
    handlers.merge_subjects(SubjectMergeForm(keep=jane, remove=twin, confirm=True), request=as_operator)
    # the alias "Jane D." in a prompt is the kept subject now (an operator reads who; a creator
    # reads the name as a made-up "Gwen N." there is read: "Gwen", so "Jane"; red team 30)
    md = handlers.check_consent(generate_form(prompt="a portrait of Jane D. at the beach"), request=as_operator)
    assert "jane-doe" in md and "jane-d'" not in md and 'data-verdict="denied"' in md
    md = handlers.check_consent(generate_form(prompt="a portrait of Jane D. at the beach"), request=as_creator)
    assert "jane-do" not in md and "jane-d'" not in md and "“Jane” in the prompt" in md and 'data-verdict="denied"' in md


def test_a_subject_with_grants_is_not_merged_and_the_preview_says_why(handlers, as_operator, jane, twin, jane_keys,
                                                                       evidence_file) -> None:
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    assert "cannot move" in handlers.merge_summary(twin, jane, request=as_operator)
    with pytest.raises(gr.Error, match="signed grants name their subject"):
        handlers.merge_subjects(SubjectMergeForm(keep=twin, remove=jane, confirm=True), request=as_operator)
    assert handlers.registry.get_subject(jane) and handlers.registry.get_subject(twin)


def test_merging_needs_confirmation_and_an_operator(handlers, as_operator, as_creator, jane, twin) -> None:
    with pytest.raises(gr.Error, match="The confirmation box is not ticked"):
        handlers.merge_subjects(SubjectMergeForm(keep=jane, remove=twin), request=as_operator)
    with pytest.raises(gr.Error, match="requires the operator role"):
        handlers.merge_subjects(SubjectMergeForm(keep=jane, remove=twin, confirm=True), request=as_creator)
    assert handlers.registry.get_subject(twin)


def test_operations_refuse_self_deleted_and_mixed_kinds(handlers, as_operator, jane, twin) -> None:
    ops = handlers.ops
    with pytest.raises(RecordInvalid, match="into itself"):
        ops.merge_subjects(jane, jane)
    handlers.delete_subject(twin, True, request=as_operator)
    with pytest.raises(NotFound, match="'jane-d' is not registered"):
        ops.merge_subjects(jane, twin)
    handlers.add_subject(SubjectForm(subject_id="nova", display_name="Nova", kind="fictional_persona"), request=as_operator)
    with pytest.raises(RegistryError, match="only subjects of the same kind merge"):
        ops.merge_subjects(jane, "nova")
    assert handlers.registry.check_integrity() == []


def test_the_cli_merges_after_confirmation(tmp_path) -> None:
    from creator.cli import cli

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], input=input, catch_exceptions=False)

    assert run("subject", "add", "--id", "ann", "--name", "Ann Lee").exit_code == 0
    assert run("subject", "add", "--id", "ann-2", "--name", "Annie Lee", "--alias", "A. Lee").exit_code == 0
    r = run("subject", "merge", "ann", "ann-2", input="n\n")
    assert r.exit_code == 1 and "Annie Lee" in r.output and "is then deleted" in r.output
    r = run("subject", "merge", "ann", "ann-2", "--yes", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["aliases_added"] == ["A. Lee", "Annie Lee"]
    shown = json.loads(run("subject", "show", "ann", "--json").output)
    assert set(shown["aliases"]) == {"Annie Lee", "A. Lee"}
    r = runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "subject", "merge", "ann", "ann", "--yes"])
    assert r.exit_code == 2 and "into itself" in r.output and "Traceback" not in r.output


# --- famous namesakes (leftover of red team 33: the option was in the Python API only) ---------
def test_the_subject_forms_take_the_famous_namesake_box_and_the_refusal_names_it(handlers, as_operator) -> None:
    from creator.ui.forms import SubjectEditForm

    with pytest.raises(gr.Error, match="also known by this famous name"):
        handlers.add_subject(SubjectForm(subject_id="jane", display_name="Jane Doe", aliases="Taylor Swift"),
                             request=as_operator)
    handlers.add_subject(SubjectForm(subject_id="jane", display_name="Jane Doe", aliases="Taylor Swift",
                                     famous_namesake=True), request=as_operator)
    assert "Taylor Swift" in handlers.registry.get_subject("jane").aliases
    with pytest.raises(gr.Error, match="also known by this famous name"):
        handlers.edit_subject(SubjectEditForm(subject_id="jane", aliases="Taylor Swift, Barack Obama"), request=as_operator)
    handlers.edit_subject(SubjectEditForm(subject_id="jane", aliases="Taylor Swift, Barack Obama", famous_namesake=True),
                          request=as_operator)
    assert "Barack Obama" in handlers.registry.get_subject("jane").aliases
    # never for a persona
    with pytest.raises(gr.Error, match="fictional persona cannot carry it"):
        handlers.add_subject(SubjectForm(subject_id="nova", display_name="Nova Vex", aliases="Barack Obama",
                                         kind="fictional_persona", famous_namesake=True), request=as_operator)


def test_merging_a_famous_duplicate_needs_the_box(handlers, as_operator) -> None:
    handlers.add_subject(SubjectForm(subject_id="jane", display_name="Jane Doe"), request=as_operator)
    handlers.add_subject(SubjectForm(subject_id="taylor", display_name="Taylor Swift"), request=as_operator)
    with pytest.raises(gr.Error, match="also known by this famous name"):
        handlers.merge_subjects(SubjectMergeForm(keep="jane", remove="taylor", confirm=True), request=as_operator)
    handlers.merge_subjects(SubjectMergeForm(keep="jane", remove="taylor", confirm=True, famous_namesake=True),
                            request=as_operator)
    assert "Taylor Swift" in handlers.registry.get_subject("jane").aliases
