"""Red team, round 6: grey templates.

``subject add-grey`` gives a person their grey template from a photo they were enrolled from,
recognised by the photo's SHA-256 in their colour template's row. That column is no part of
what the signed log checks of a template (subject, model, embedding), so a database editor
could write the SHA-256 of someone else's photo there, and an operator adding grey templates
from the wrong photo (the mistake the check exists for) then signed a grey template of another
face into the person's record: a monochrome picture of that other face would pass as the
person. The photo's face must now also be the one the person's signed colour template holds.

Holds (pinned): a grey template only ever adds to its own person's colour templates, so a
monochrome face of someone nobody enrolled stays unknown (tests/security/test_grey_templates.py).
"""

from __future__ import annotations

import sqlite3

import pytest
from PIL import ImageEnhance

from consent.errors import RecordInvalid
from consent.likeness import GREY_MODEL_NAME, MODEL_NAME, enroll


@pytest.fixture(scope="module")
def people():
    from studio_world import astronaut, grace_hopper

    return {"eileen": ImageEnhance.Brightness(astronaut()).enhance(1.3), "grace": grace_hopper()}


def test_add_grey_refuses_another_persons_photo_even_when_the_row_names_its_digest(stub_world, people):
    w = stub_world
    mine = w.save(people["eileen"], "eileen-enrollment.png")
    theirs = w.save(people["grace"], "grace.png")
    w.add_person("eileen", "Eileen Collins")
    (t,) = enroll("eileen", [mine])
    w.registry.add_face_templates("eileen", [t])  # colour only, as enrolled before grey templates
    (g,) = enroll("grace", [theirs])
    with sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None) as db:
        db.execute("UPDATE face_templates SET photo_sha256=? WHERE subject_id='eileen' AND model=?",
                   (g.photo_sha256, MODEL_NAME))
    with pytest.raises(RecordInvalid):
        w.ops.add_grey_templates("eileen", [theirs])
    assert GREY_MODEL_NAME not in w.registry.template_photos("eileen")


def test_add_grey_still_takes_the_enrollment_photo(stub_world, people):
    w = stub_world
    mine = w.save(people["eileen"], "eileen-enrollment.png")
    w.add_person("eileen", "Eileen Collins")
    (t,) = enroll("eileen", [mine])
    w.registry.add_face_templates("eileen", [t])
    (row,) = w.ops.add_grey_templates("eileen", [mine])
    assert row.model == GREY_MODEL_NAME and row.photo_sha256 == t.photo_sha256
