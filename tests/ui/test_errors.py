"""Every error path of the studio's handlers, as the person in front of the page reads it:
a title and one sentence — never a class name, a traceback or a regular expression — and
the server log gets one line for a user's mistake, a traceback only for an internal error."""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

import gradio as gr
import pytest
from ui_support import CREATOR, draft_form, generate_form, issue

from creator.talent.operator import DraftForm, draft_grant
from creator.ui import SubjectForm

_CLASS_NAME = re.compile(r"\b(\w+Error|RecordInvalid|SignatureInvalid|ConsentDenied|NotFound|LikenessError|ValidationError)\b")
_REGEX = re.compile(r"\^\[|\]\{|\{0,|\$'|\\d|\\w")


def _shown(call) -> gr.Error:
    with pytest.raises(gr.Error) as info:
        call()
    e = info.value
    text = f"{e.title}: {e.message}"
    assert not _CLASS_NAME.search(text), text
    assert not _REGEX.search(text), text
    assert "Traceback" not in text and "\n" not in e.message, text
    return e


def test_not_signed_in(handlers):
    e = _shown(lambda: handlers.verify_file(None, request=gr.Request()))
    assert (e.title, e.message) == ("Not allowed", "sign-in required: this studio serves signed-in users only")


def test_removed_user(handlers):
    e = _shown(lambda: handlers.verify_file(None, request=gr.Request(username="mallory")))
    assert e.message == "user 'mallory' is not in the users file (removed?); ask an operator"


def test_creator_asks_for_an_operator_action(handlers, as_creator):
    e = _shown(lambda: handlers.revoke_grant("g-1", "because", request=as_creator))
    assert e.title == "Not allowed"
    assert e.message == (f"revoking a grant requires the operator role; you are signed in as creator '{CREATOR}'. "
                         "Ask an operator to do this.")


def test_a_number_box_with_a_fraction(handlers, as_creator):
    e = _shown(lambda: handlers.check_consent(generate_form(count=1.5), request=as_creator))
    assert (e.title, e.message) == ("Check your input", "“Count” must be a whole number, got 1.5")


def test_an_out_of_range_size(handlers, as_creator):
    e = _shown(lambda: handlers.check_consent(generate_form(width=100), request=as_creator))
    assert e.message == "“Width” must be an integer in [256, 2048], got 100"


def test_a_corrupt_source_image(handlers, as_creator, tmp_path: Path):
    bad = tmp_path / "frame.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    e = _shown(lambda: handlers.check_consent(
        generate_form(engine="diffusion", mode="img2img", source={"background": str(bad), "layers": []}), request=as_creator))
    assert e.title == "Check your input" and e.message.startswith("“Source image” (72 bytes) cannot be read: a PNG image")


def test_a_subject_id_of_the_wrong_form(handlers, as_operator):
    e = _shown(lambda: handlers.add_subject(SubjectForm(subject_id="jane doe!", display_name="Jane"), request=as_operator))
    assert e.title == "Check your input"
    assert e.message == ("invalid subject: id: has the wrong form; expected 1 to 128 letters, digits, '.', '_', ':' or '-', "
                         "starting with a letter or digit (e.g. 'jane-doe') (found 'jane doe!')")


def test_a_grant_with_a_missing_field(handlers, as_operator, jane, evidence_file):
    e = _shown(lambda: draft_grant(handlers, draft_form(jane, evidence_file, purposes=[]), as_operator))
    assert e.message == "invalid grant: purposes: purposes is empty; expected at least one value (found list)"


def test_a_grant_without_evidence(handlers, as_operator, jane):
    e = _shown(lambda: draft_grant(handlers, DraftForm(subject_id=jane), as_operator))
    assert e.message == "“Evidence” file is required (signed release, consent video, ...); only its sha256 is kept"


def test_a_grant_signed_by_a_stranger(handlers, as_operator, jane, evidence_file, tmp_path):
    from consent.signing import generate_key_files

    stranger = generate_key_files(tmp_path / "other", "stranger")
    e = _shown(lambda: issue(handlers, as_operator, jane, stranger, evidence_file))
    assert e.title == "Signature problem"
    assert f"signature by {stranger.key_id} as 'self' is not from a registered key" in e.message
    assert "keys of subject 'jane-doe'" in e.message


def test_an_imported_grant_that_is_not_json(handlers, as_operator):
    from creator.talent.operator import import_grant

    e = _shown(lambda: import_grant(handlers, "{not json", None, as_operator))
    assert e.title == "Check your input" or e.message


def test_revoking_an_unknown_grant(handlers, as_operator):
    e = _shown(lambda: handlers.revoke_grant("g-000000000000", "talent withdrew", request=as_operator))
    assert (e.title, e.message) == ("Not found", "grant 'g-000000000000' is not registered")


def test_revoking_without_a_reason(handlers, as_operator):
    e = _shown(lambda: handlers.revoke_grant("g-000000000000", " ", request=as_operator))
    assert e.message == "“Reason” is required; say why the grant is withdrawn (it is kept in the audit log)"


def test_a_photo_without_a_face(handlers, as_operator, jane, tmp_path):
    from PIL import Image

    wall = tmp_path / "wall.png"
    Image.new("RGB", (300, 300), (200, 190, 180)).save(wall)
    e = _shown(lambda: handlers.enroll_photos(jane, [str(wall)], request=as_operator))
    assert e.title == "Face check refused the photo" and "wall.png: no face found" in e.message


def test_a_locked_database(users, as_operator, jane, ui_settings):
    from creator.ui import StudioApp

    impatient = StudioApp(ui_settings.model_copy(update={"db_busy_timeout_s": 0.2}), store=users)
    raw = sqlite3.connect(ui_settings.data_dir / "consent.db", isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        e = _shown(lambda: impatient.set_opt_out(jane, True, request=as_operator))
    finally:
        raw.execute("ROLLBACK")
        raw.close()
    assert (e.title, e.message) == ("Database busy", "database is locked (another writer held it for more than 0.2 s); "
                                                     "nothing was changed: try again")


def test_an_internal_error_says_so_without_details(handlers, as_creator, caplog):
    class Broken:
        registry = handlers.registry

        def check(self, request):
            raise RuntimeError("list index out of range in /srv/secret/path.py")

    handlers._studio = Broken()
    with caplog.at_level(logging.INFO, logger="consent_studio.ui"):
        e = _shown(lambda: handlers.check_consent(generate_form(), request=as_creator))
    assert (e.title, e.message) == ("Internal error", "the studio hit an internal error; the server log has the details")
    (record,) = caplog.records
    assert record.levelno == logging.ERROR and record.exc_info is not None  # the operator gets the traceback


def test_a_users_mistake_is_one_log_line(handlers, as_creator, caplog):
    with caplog.at_level(logging.INFO, logger="consent_studio.ui"):
        _shown(lambda: handlers.check_consent(generate_form(width=100), request=as_creator))
    (record,) = caplog.records
    assert record.levelno == logging.INFO and record.exc_info is None
    assert record.getMessage() == "check_consent: Check your input: `width` must be an integer in [256, 2048], got 100"
