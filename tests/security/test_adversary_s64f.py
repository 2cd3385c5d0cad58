"""Red team s64 F: attacks on what changed in session 64 (a real person's photo that is a studio
output, names several subjects share and personas named like real people, the label's negation
check, the model register hub-id message). A grant's signatures now checked by verify and the
baseline signers' backfill held (see the report).

Each test states the attack and fails until the product is fixed."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageOps

from consent.errors import RecordInvalid


# --- 1. creator.personas.real_photo_checker: a studio output enrolled as a real person ------------
#
# ``jane_output`` (tests/security/conftest.py) is a consented 512² studio output of a real face,
# as RGB pixels (its manifest and XMP gone; its pixels carry the installation's watermark). Saved
# as PNG or JPEG, resized, cropped, turned a few degrees or made grey, the check refuses it (it
# reads the watermark and finds the output record). The tests below give the same pixels in a
# form the check does not read as enrollment does.


def _encoded(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _refused_and_nothing_stored(w, photo) -> None:
    w.ops.add_subject("ann", "Ann Example")
    with pytest.raises(RecordInvalid, match="output of this studio|watermark|generated"):
        w.ops.enroll("ann", [photo])
    assert w.registry.template_photos("ann") == {}


def test_a_studio_output_saved_as_webp_is_refused_as_a_real_persons_photo(stub_world, jane_output, tmp_path):
    """Enrollment takes PNG, JPEG and WebP (consent.imaging.FORMATS); the check reads the photo
    with ``creator.verify.verify_bytes``, which knows PNG and JPEG only and reports a WebP as
    "not a PNG or JPEG file" without reading its watermark or looking for the output it copies.
    ``_generated`` finds nothing in that report and the check passes: a studio output saved as
    a *lossless* WebP (every pixel the output's) is enrolled as a real person's photo."""
    path = tmp_path / "ann.webp"
    path.write_bytes(_encoded(jane_output, "WEBP", lossless=True))
    _refused_and_nothing_stored(stub_world, path)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_an_exif_turned_copy_of_a_studio_output_is_refused_as_a_real_persons_photo(stub_world, jane_output,
                                                                                    tmp_path, fmt):
    """The output's pixels stored turned a quarter (``Image.transpose(ROTATE_90)``) with EXIF
    Orientation 6, which every viewer — and enrollment (consent.imaging applies the tag) —
    shows upright, pixel for pixel the output. The check reads the pixels as stored
    (creator.verify decodes with no EXIF turn, as the watermark was written), finds neither the
    watermark nor the output in the turned picture, and the photo is enrolled."""
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / f"ann.{fmt.lower()}"
    path.write_bytes(_encoded(jane_output.transpose(Image.Transpose.ROTATE_90), fmt, exif=exif,
                              **({"quality": 95} if fmt == "JPEG" else {})))
    _refused_and_nothing_stored(stub_world, path)


@pytest.mark.parametrize("form", ["memoryview", "canonical_image", "pil_float"])
def test_a_studio_output_given_in_memory_in_another_form_is_refused(stub_world, jane_output, form):
    """Through the Python API enrollment takes what ``consent.imaging.load`` takes: a memoryview
    of a file's bytes, a ``CanonicalImage``, a PIL image of any mode (a 32-bit float "F" grey
    picture is scaled to RGB). The check handles bytes/bytearray and paths, and hands anything
    else to ``_png_of``: a memoryview is read as a 1-row strip of pixels (no mark in it), a
    CanonicalImage and an "F" image cannot be saved as PNG and ``_png_of`` returns None, which
    the check takes as "not a picture: enrollment's own checks say so" and passes. The picture
    is then enrolled: the check fails open on every form it does not decode itself."""
    from consent import imaging
    from studio_world import png_bytes

    photo = {"memoryview": lambda: memoryview(png_bytes(jane_output)),
             "canonical_image": lambda: imaging.from_pil(jane_output),
             "pil_float": lambda: jane_output.convert("L").convert("F")}[form]()
    _refused_and_nothing_stored(stub_world, photo)


def test_a_mirrored_copy_of_a_studio_output_is_refused_as_a_real_persons_photo(stub_world, jane_output, tmp_path):
    """A left-right mirror of the output (one click in any editor) is enrolled: the keyed
    watermark does not read in mirrored pixels and the copy search does not try a flip. For
    ``verify`` that only means "not vouched" (test_adversary36b_copy_faces), which is safe;
    the real-photo check reuses it as "not generated", which is not: the same face the model
    drew stands for the person."""
    path = tmp_path / "ann.png"
    ImageOps.mirror(jane_output).save(path)
    _refused_and_nothing_stored(stub_world, path)


# --- 2. names: a persona written one letter off a real person's name --------------------------


def test_a_persona_one_letter_from_a_real_persons_name_does_not_take_her_exact_name(stub_world):
    """The real Sam Rivera is registered and opts out; an operator then adds a persona "Sam
    Riviera" (one letter more; ``_refuse_real_peoples_names`` compares exact keys, so it is
    taken). A prompt naming "Sam Rivera" exactly — her name, letter for letter — is read as the
    persona alone and allowed with no one's consent: the typo-tolerant search
    (``_Names.match``) takes the lowest position among the keys the words can spell ("sam
    rivera", "sam riviera"), and the persona's id sorts first; ``NameMatcher._namesakes`` then
    adds only subjects registered under the *persona's* key. A name written exactly should name
    its exact owner (and every subject a near spelling of it could be)."""
    w = stub_world
    w.add_person("sam-rivera", "Sam Rivera")
    w.ops.set_opt_out("sam-rivera", True)
    w.ops.add_subject("persona-sam", "Sam Riviera", kind="fictional_persona")
    decision = w.studio().check(w.request(prompt="Sam Rivera at the beach", purpose="virtual_influencer"))
    assert "sam-rivera" in decision.subjects, f"'Sam Rivera' was read as {decision.subjects} only"
    assert not decision.allowed


@pytest.mark.parametrize("name", ["Sám Rivera", "Sam-Rivera", "Sam Rivera."])
def test_a_persona_cannot_take_a_real_persons_name_written_with_an_accent_or_a_mark(stub_world, name):
    """``_refuse_real_peoples_names`` compares names by ``_name_key`` (case and spaces only),
    while the prompt check reads "Sám Rivera", "Sam-Rivera" and "Sam Rivera." as the same name
    as "Sam Rivera" (it finds both subjects for each). So the refusal the commit promises ("a
    persona cannot be added … with a real person's registered name") is not given: the persona
    is added under her name, and the operator learns nothing until prompts are denied. (Lower
    severity: ``_namesakes`` still asks for her consent.)"""
    w = stub_world
    w.add_person("sam-rivera", "Sam Rivera")
    with pytest.raises(RecordInvalid, match="registered for real person 'sam-rivera'"):
        w.ops.add_subject("sam-persona", name, kind="fictional_persona")


# --- 3. the label's negation check: false refusals and remaining bypasses ----------------------


def _refused(text: str, profile: str) -> bool:
    from creator.errors import DisclosureError
    from creator.disclosure.label import check_label_text

    try:
        check_label_text(text, profile)
    except DisclosureError:
        return True
    return False


@pytest.mark.parametrize(("text", "profile"), [
    ("AI-generated, not a real photo", "eu"), ("AI-generated — not a real photograph", "california"),
    ("KI-generiert – kein echtes Foto", "eu"), ("AI-gegenereerd, geen echte foto", "eu"),
    ("Généré par IA — pas une vraie photo", "eu"), ("Generado por IA, no es una foto real", "eu"),
    ("Generato dall'IA, non è una foto reale", "eu"), ("AI生成，非真实照片", "china")])
def test_a_label_that_says_it_is_not_a_real_photo_is_accepted(text, profile):
    """"real photo" (and "echtes Foto", "vraie photo", "foto real", "真实照片", …) is in
    ``_NEGATIONS`` as a phrase anywhere in the label, so a label that *adds* to its disclosure
    "not a real photo" — the most natural addition there is, in every profile's languages — is
    refused as contradicting it. Studios writing their own labels cannot say it."""
    assert not _refused(text, profile), f"label_text {text!r} ({profile}) adds a true statement and was refused"


@pytest.mark.parametrize("text", ["AI-generated. No AI training permitted", "AI-generated · no AI training or TDM"])
def test_a_label_with_a_no_ai_training_notice_is_accepted(text):
    """"no ai" is matched wherever the two words meet, whatever follows: a label that discloses
    and adds a text-and-data-mining notice ("No AI training") is refused as saying it is not AI."""
    assert not _refused(text, "eu"), f"label_text {text!r} was refused"


@pytest.mark.parametrize("text", ["不是由AI生成", "非由AI生成", "并非由人工智能生成"])
def test_a_china_label_that_says_not_generated_by_ai_is_refused(text):
    """``_NEGATIONS_ZH`` holds "不是ai", "非ai", "并非人工智能" as contiguous strings; "由"
    ("by") between the negation and "AI" — "不是由AI生成", "was not generated by AI", the usual
    way to say it — is accepted, since it contains the required "AI生成"."""
    assert _refused(text, "china"), f"label_text {text!r} says it is not AI-generated and was accepted"


@pytest.mark.parametrize("text", ["Nicht von KI generiert", "Non généré par IA", "Never AI-generated"])
def test_an_eu_label_that_says_not_generated_by_ai_is_refused(text):
    """The EU list has "nicht generiert", "pas genere", "not ai": "Nicht von KI generiert" (German
    for "not generated by AI"), "Non généré par IA" (French) and "Never AI-generated" each hold
    a required wording ("KI generiert", "généré par IA", "AI-generated") and deny it, and pass."""
    assert _refused(text, "eu"), f"label_text {text!r} says it is not AI-generated and was accepted"


# --- 5. model register: a local path read as a hub id ------------------------------------------


def test_a_missing_model_under_an_existing_local_folder_is_not_called_a_hub_id(tmp_path, monkeypatch):
    """``_no_such_model_path`` calls any missing relative path of the form "a/b" a Hugging Face hub
    id. An operator whose models live in ./models and who mistypes one ("models/sd15" for
    "models/sd-15") is told the studio never downloads and to run ``hf download models/sd15`` —
    a repository that is not theirs — instead of "does not exist on this machine". A first
    part that is a folder here says the path is local."""
    from click.testing import CliRunner

    from creator.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "models" / "sd-15").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "model", "register", "sd", "models/sd15",
                                      "--kind", "diffusers", "--licence", "x"], catch_exceptions=False)
    assert result.exit_code != 0
    assert "hub id" not in result.output and "does not exist on this machine" in result.output, result.output
