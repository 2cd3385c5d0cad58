"""Grey templates (issue 10): a grey, dithered or single-channel photo of an enrolled,
consenting person is allowed; a monochrome face of anyone else gains nothing from them.

Each enrollment photo gets a second, grey template (model ``GREY_MODEL_NAME``), compared only
with monochrome faces. The person here is scikit-image's astronaut, enrolled from a brighter
copy of her photo (a different exposure, as a second photo would be); her photo posterised
to 4 grey levels is "ambiguous" against the colour template alone (about 0.62, denied on main)
and matches her grey template (about 0.68). Grace Hopper is the face nobody enrolled.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consent"))

from consent import likeness  # noqa: E402
from consent.errors import ConsentDenied, RecordInvalid  # noqa: E402
from consent.integrity import IntegrityFailure  # noqa: E402
from consent.likeness import GREY_MODEL_NAME, MATCH_THRESHOLD, MODEL_NAME, FaceIndex, enroll, find_faces, scan  # noqa: E402


def _bright(im: Image.Image) -> Image.Image:
    return ImageEnhance.Brightness(im).enhance(1.3)


def _grey(im: Image.Image) -> Image.Image:
    return ImageOps.grayscale(im).convert("RGB")


def _grey_posterised(im: Image.Image) -> Image.Image:
    return ImageOps.posterize(ImageOps.grayscale(im), 2).convert("RGB")


def _green(im: Image.Image) -> Image.Image:
    return Image.fromarray(np.asarray(im.convert("RGB"))[:, :, 1]).convert("RGB")


def _dithered(im: Image.Image) -> Image.Image:
    return im.convert("1").convert("RGB")


MONOCHROME = {"grey posterised to 4 levels": _grey_posterised, "grey": _grey, "green channel": _green,
              "1-bit dithered": _dithered}


@pytest.fixture(scope="module")
def people():
    from studio_world import astronaut, grace_hopper

    return {"eileen": astronaut(), "grace": grace_hopper()}


@pytest.fixture(scope="module")
def eileen_template(people):
    (t,) = enroll("eileen", [_bright(people["eileen"])])
    return t


def _index(templates: dict, grey: bool = True) -> FaceIndex:
    ids = list(templates)
    g = [(sid, t.grey_embedding) for sid, t in templates.items() if t.grey_embedding is not None]
    return FaceIndex.from_templates(ids, np.stack([t.embedding for t in templates.values()]),
                                    grey=([s for s, _ in g], np.stack([e for _, e in g])) if grey and g else None)


# ----------------------------------------------------------------------------- the scan
def test_enrollment_makes_a_grey_template_per_photo(eileen_template):
    g = eileen_template.grey()
    assert g is not None and g.model == GREY_MODEL_NAME and g.photo_sha256 == eileen_template.photo_sha256
    assert 0.9 < float(g.embedding @ eileen_template.embedding) < 0.999  # the same face, colour removed


def test_a_colour_face_is_not_monochrome_and_a_grey_one_is(people):
    (colour,) = find_faces(people["eileen"]).faces
    assert not colour.monochrome and colour.colour_spread >= likeness.MONOCHROME_SPREAD
    for name, how in MONOCHROME.items():
        (face,) = find_faces(how(people["eileen"])).faces
        assert face.monochrome, f"{name}: colour spread {face.colour_spread}"


def test_grey_posterised_photo_of_an_enrolled_person_needs_the_grey_template(people, eileen_template):
    probe = _grey_posterised(people["eileen"])
    (before,) = scan(probe, _index({"eileen": eileen_template}, grey=False))
    assert before.subject_id is None and before.extra["band"] == "ambiguous"  # what main does: denied
    (after,) = scan(probe, _index({"eileen": eileen_template}))
    assert after.subject_id == "eileen" and after.extra["template"] == "grey" and after.extra["monochrome"]
    assert after.similarity >= MATCH_THRESHOLD > before.similarity


@pytest.mark.parametrize("how", list(MONOCHROME))
def test_monochrome_copies_of_an_enrolled_person_match_her(people, eileen_template, how):
    (lk,) = scan(MONOCHROME[how](people["eileen"]), _index({"eileen": eileen_template}))
    assert lk.subject_id == "eileen", f"{how}: {lk.extra} similarity {lk.similarity}"


def test_a_colour_face_is_never_compared_with_grey_templates(people, eileen_template):
    # A grey index holding only the grace row would be the best match if it were searched; a
    # colour face must not see it (its subject has colour templates, so the row is kept).
    (g,) = enroll("grace", [people["grace"]])
    index = FaceIndex.from_templates(["eileen", "grace"], np.stack([eileen_template.embedding, g.embedding]),
                                     grey=(["grace"], g.grey_embedding[None]))
    (lk,) = scan(people["eileen"], index)
    assert lk.subject_id == "eileen" and "template" not in lk.extra and "monochrome" not in lk.extra


@pytest.mark.parametrize("how", list(MONOCHROME))
def test_a_monochrome_unknown_face_is_still_unknown(people, eileen_template, how):
    (lk,) = scan(MONOCHROME[how](people["grace"]), _index({"eileen": eileen_template}))
    assert lk.subject_id is None and lk.extra["band"] == "unknown", f"{how}: {lk.extra} similarity {lk.similarity}"


def test_a_grey_probe_of_one_person_does_not_match_another_persons_grey_template(people, eileen_template):
    (g,) = enroll("grace", [people["grace"]])
    both = _index({"eileen": eileen_template, "grace": g})
    for how in MONOCHROME.values():
        (lk,) = scan(how(people["grace"]), both)
        assert lk.subject_id == "grace" and lk.extra["band"] == "match"
        (lk,) = scan(how(people["eileen"]), both)
        assert lk.subject_id == "eileen"
    # grey against grey, the two people stay far apart
    assert float(g.grey_embedding @ eileen_template.grey_embedding) < likeness.UNKNOWN_THRESHOLD


def test_grey_templates_of_a_subject_without_colour_templates_are_ignored(people, eileen_template):
    """A grey template only adds to its own person's colour templates: a grey row naming someone
    the colour index does not hold is dropped, so it can never name a subject by itself."""
    (g,) = enroll("grace", [people["grace"]])
    index = FaceIndex.from_templates(["eileen"], eileen_template.embedding[None], grey=(["grace"], g.grey_embedding[None]))
    assert index.grey is None
    (lk,) = scan(_grey(people["grace"]), index)
    assert lk.subject_id is None


def test_a_grey_match_for_one_subject_and_a_colour_match_for_another_is_ambiguous():
    """Best of both, per subject: the runner-up subject is looked for over both template sets."""
    from consent.likeness import _Best, _best_of_both

    # colour: A best (0.70), runner-up 0.30; grey: B best (0.68), A's grey 0.66
    best, on_grey = _best_of_both(_Best("A", 0.70, 0.30), _Best("B", 0.68, 0.66))
    assert (best.subject_id, best.similarity, best.runner_up, on_grey) == ("A", 0.70, 0.68, False)
    best, on_grey = _best_of_both(_Best("A", 0.66, 0.50), _Best("B", 0.71, 0.20))
    assert (best.subject_id, best.similarity, best.runner_up, on_grey) == ("B", 0.71, 0.66, True)
    best, _ = _best_of_both(_Best("A", 0.60, 0.10), _Best("A", 0.70, 0.20))
    assert (best.subject_id, best.similarity, best.runner_up) == ("A", 0.70, 0.20)


# ----------------------------------------------------------------------------- through the studio
@pytest.fixture
def eileen(stub_world, people):
    stub_world.add_person("eileen", "Eileen Collins", photo=_bright(people["eileen"]))
    stub_world.issue_grant("eileen", "g-eileen-1")
    return stub_world


def _img2img(world, path: Path):
    return world.studio().generate(world.request(engine="diffusion", mode="img2img", source=path, prompt="same frame"))


def test_studio_stores_a_grey_template_beside_each_colour_one(eileen):
    have = eileen.registry.template_photos("eileen")
    assert have[MODEL_NAME] == have[GREY_MODEL_NAME] and len(have[MODEL_NAME]) == 1
    assert eileen.registry.template_counts() == {"eileen": 1}  # one enrolled photo
    kinds = [e.payload.get("model") for e in eileen.registry.audit_entries(limit=50) if e.kind == "face_template_enrolled"]
    assert sorted(kinds) == sorted([MODEL_NAME, GREY_MODEL_NAME])  # both in the signed log


def test_studio_allows_a_grey_posterised_photo_of_a_consenting_person(eileen, people):
    """Denied on main ("unknown likeness at source", similarity about 0.62)."""
    result = _img2img(eileen, eileen.save(_grey_posterised(people["eileen"]), "eileen-grey4.png"))
    assert result.decision.allowed and [g.grant_id for g in result.decision.grants_used] == ["g-eileen-1"]
    assert eileen.engine.calls == 1


@pytest.mark.parametrize("how", ["grey", "green channel", "1-bit dithered"])
def test_studio_allows_monochrome_photos_of_a_consenting_person(eileen, people, how):
    result = _img2img(eileen, eileen.save(MONOCHROME[how](people["eileen"]), "eileen-mono.png"))
    assert result.decision.allowed


@pytest.mark.parametrize("how", list(MONOCHROME))
def test_studio_denies_a_monochrome_unknown_face(eileen, people, how):
    with pytest.raises(ConsentDenied, match="unknown likeness at source"):
        _img2img(eileen, eileen.save(MONOCHROME[how](people["grace"]), "grace-mono.png"))
    assert eileen.engine.calls == 0 and eileen.output_files() == []


# ----------------------------------------------------------------------------- people enrolled before
def test_a_person_enrolled_before_grey_templates_keeps_todays_behaviour_until_the_operator_adds_them(stub_world, people):
    photo = _bright(people["eileen"])
    path = stub_world.save(photo, "eileen-enrollment.png")
    stub_world.add_person("eileen", "Eileen Collins")
    (t,) = enroll("eileen", [path])
    stub_world.registry.add_face_templates("eileen", [t])  # the colour template only, as before this change
    stub_world.issue_grant("eileen", "g-eileen-1")
    probe = stub_world.save(_grey_posterised(people["eileen"]), "eileen-grey4.png")
    with pytest.raises(ConsentDenied, match="ambiguous likeness at source"):
        _img2img(stub_world, probe)

    other = stub_world.save(people["eileen"], "not-the-enrollment-photo.png")
    with pytest.raises(RecordInvalid, match="not a photo 'eileen' was enrolled from"):
        stub_world.ops.add_grey_templates("eileen", [other])
    (row,) = stub_world.ops.add_grey_templates("eileen", [path])
    assert row.model == GREY_MODEL_NAME and row.photo_sha256 == t.photo_sha256
    assert stub_world.ops.add_grey_templates("eileen", [path]) == []  # once per photo
    assert _img2img(stub_world, probe).decision.allowed


# ----------------------------------------------------------------------------- tampering
def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _fresh(world):
    from consent.registry import Registry

    return Registry.from_settings(world.settings)


def _assert_fails_closed(world, source: Path):
    for reg in (world.registry, _fresh(world)):
        studio = world.studio()
        studio.registry = reg
        with pytest.raises(IntegrityFailure, match="face template"):
            studio.generate(world.request(engine="diffusion", mode="img2img", source=source, prompt="same frame",
                                          subjects=("bob",)))
    assert world.engine.calls == 0 and world.output_files() == []


@pytest.fixture
def two(eileen, people):
    """Eileen (enrolled) and Bob, who consents and has no face enrolled: the attacker wants a
    grey picture of Eileen to pass as Bob."""
    eileen.add_person("bob", "Bob Roe")
    eileen.issue_grant("bob", "g-bob-1")
    return eileen


def test_moving_a_grey_template_to_another_subject_fails_closed(two, people):
    with _raw(two) as raw:
        raw.execute("UPDATE face_templates SET subject_id = 'bob' WHERE model = ?", (GREY_MODEL_NAME,))
    _assert_fails_closed(two, two.save(_grey(people["eileen"]), "eileen-grey.png"))


def test_inserting_a_grey_template_behind_the_log_fails_closed(two, people):
    with _raw(two) as raw:
        raw.execute("INSERT INTO face_templates (subject_id, model, embedding, dim, photo_sha256, face_size, quality, created_at) "
                    "SELECT 'bob', model, embedding, dim, photo_sha256, face_size, quality, created_at FROM face_templates "
                    "WHERE model = ?", (GREY_MODEL_NAME,))
    _assert_fails_closed(two, two.save(_grey(people["eileen"]), "eileen-grey.png"))


def test_changing_a_grey_templates_embedding_fails_closed(two, people):
    (g,) = enroll("x", [people["grace"]])
    with _raw(two) as raw:
        raw.execute("UPDATE face_templates SET embedding = ? WHERE model = ?", (g.grey_embedding.tobytes(), GREY_MODEL_NAME))
    _assert_fails_closed(two, two.save(_grey(people["grace"]), "grace-grey.png"))


def test_deleting_a_grey_template_fails_closed(two, people):
    with _raw(two) as raw:
        raw.execute("DELETE FROM face_templates WHERE model = ?", (GREY_MODEL_NAME,))
    _assert_fails_closed(two, two.save(_grey(people["eileen"]), "eileen-grey.png"))


def test_the_cli_adds_grey_templates_for_a_person_enrolled_before(tmp_path, people):
    """``subject add-grey``: the operator's way to give people enrolled before this change their
    grey templates, from the photos they were enrolled from (enrollment keeps no photo)."""
    import json

    from click.testing import CliRunner

    from consent.registry import Registry
    from creator.cli import cli
    from creator.settings import StudioSettings

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], catch_exceptions=False)

    photo = tmp_path / "eileen.png"
    _bright(people["eileen"]).save(photo)
    other = tmp_path / "other.png"
    people["eileen"].save(other)
    assert run("subject", "add", "--id", "eileen", "--name", "Eileen Collins").exit_code == 0
    with Registry.from_settings(StudioSettings(data_dir=tmp_path / "data")) as reg:
        (t,) = enroll("eileen", [photo])
        reg.add_face_templates("eileen", [t])  # enrolled before grey templates: colour only
    r = run("subject", "add-grey", "eileen", str(other))
    assert r.exit_code != 0 and "not a photo 'eileen' was enrolled from" in r.output and "Traceback" not in r.output
    r = run("subject", "add-grey", "eileen", str(photo), "--json")
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.output)["templates"]
    assert row["model"] == GREY_MODEL_NAME and row["photo_sha256"] == t.photo_sha256
    with Registry.from_settings(StudioSettings(data_dir=tmp_path / "data")) as reg:
        assert reg.template_photos("eileen") == {MODEL_NAME: {t.photo_sha256}, GREY_MODEL_NAME: {t.photo_sha256}}
        index = FaceIndex.from_registry(reg)
    (lk,) = scan(_grey_posterised(people["eileen"]), index)
    assert lk.subject_id == "eileen"
