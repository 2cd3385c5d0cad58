"""Red team s65 A: a second round on what session 64 added (account grantees and approvals bound
to the asker, the real-photo check at a real person's enrollment, the label's negation check, a
persona's name against real people's, verify and audit verify after database edits).

Each test states the attack and asserts the safe behaviour: it fails until the product is fixed.
What held is listed in the round's report (grantee escapes through the form, the jobs and the
HTTP API; edits of revocations, opt-outs, usage, subject kind and output rows)."""

from __future__ import annotations

import io
import struct
import zlib

import gradio as gr
import pytest
from PIL import Image
from ui_support import (CREATOR, OPERATOR, as_operator, evidence_file, generate_form, issue,  # noqa: F401
                        handlers, jane_keys, ui_settings, users)

from consent.errors import RecordInvalid
from creator.auth import Role
from creator.errors import DisclosureError
from creator.ui import SubjectForm
from studio_world import astronaut


# --- 1. names: a persona under a real person's name with a title, a suffix or the other order ------


@pytest.mark.parametrize("name", ["Dr Sam Rivera", "Sam Rivera Jr", "Rivera, Sam"])
def test_a_persona_named_as_a_real_person_with_a_title_a_suffix_or_surname_first_takes_her_prompts(stub_world, name):
    """Attack: the real Sam Rivera is registered and opted out. An operator adds a fictional
    persona "Dr Sam Rivera" (or "Sam Rivera Jr", "Rivera, Sam"). ``_refuse_real_peoples_names``
    compares ``normalize_name`` keys exactly, so the name is taken. Without the persona the prompt
    "Dr Sam Rivera at the beach" (it holds her name letter for letter) and "Rivera, Sam at the
    beach" are read as sam-rivera and denied; with it they are read as the persona alone and
    ALLOWED, needing no one's consent: an image of an opted-out real person is made by naming her
    with her title, a suffix or her surname first. Expected: the persona is refused at
    registration, or the prompt still names the real person and is denied."""
    w = stub_world
    w.add_person("sam-rivera", "Sam Rivera")
    w.ops.set_opt_out("sam-rivera", True)
    try:
        w.ops.add_subject("persona-sam", name, kind="fictional_persona")
    except RecordInvalid:
        return  # refused at registration: safe
    decision = w.studio().check(w.request(prompt=f"{name} at the beach", purpose="virtual_influencer"))
    assert "sam-rivera" in decision.subjects and not decision.allowed, (
        f"persona {name!r} beside the opted-out real Sam Rivera: the prompt '{name} at the beach' was read as "
        f"{decision.subjects} and allowed={decision.allowed}")


# --- 2. the real-photo check: a generator's own declaration not read -----------------------------

_DST = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
_NS = 'xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
#: IPTC's digital source type as an element (how this studio writes it: refused today, the control)
_XMP_ELEMENT = (f'<x:xmpmeta {_NS}><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/'
                f'2008-02-29/"><Iptc4xmpExt:DigitalSourceType>{_DST}</Iptc4xmpExt:DigitalSourceType></rdf:Description>'
                '</rdf:RDF></x:xmpmeta>')
#: the same as an attribute (the Adobe XMP toolkit's compact form for a simple property)
_XMP_ATTRIBUTE = (f'<x:xmpmeta {_NS}><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/'
                  f'2008-02-29/" Iptc4xmpExt:DigitalSourceType="{_DST}"/></rdf:RDF></x:xmpmeta>')
#: the same element under another namespace prefix (XML gives the prefix no meaning)
_XMP_OTHER_PREFIX = _XMP_ELEMENT.replace("Iptc4xmpExt", "iptcExt")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png_with_xmp(img: Image.Image, xmp: str, *, compressed: bool = False) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    data = buf.getvalue()
    text = zlib.compress(xmp.encode()) if compressed else xmp.encode()
    body = b"XML:com.adobe.xmp\x00" + bytes([1 if compressed else 0, 0]) + b"\x00\x00" + text
    return data[:33] + _chunk(b"iTXt", body) + data[33:]  # right after IHDR, as XMP writers put it


def _encoded(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _refused_as_generated(w, photo) -> None:
    w.ops.add_subject("ann", "Ann Example")
    with pytest.raises(RecordInvalid, match="generated|output of this studio|watermark"):
        w.ops.enroll("ann", [photo])
    assert w.registry.template_photos("ann") == {}


@pytest.mark.parametrize("form", ["png_compressed_itxt", "png_attribute", "png_other_prefix", "jpeg_attribute"])
def test_a_generated_picture_whose_xmp_says_so_in_another_writers_form_is_refused_as_a_real_persons_photo(
        stub_world, tmp_path, form):
    """Attack: a picture another generator made (a face, not this studio's: no watermark, no output
    record) whose XMP declares IPTC's ``trainedAlgorithmicMedia`` is enrolled as a real person's
    photo. The same file with the field written as this studio writes it (an element with the
    ``Iptc4xmpExt`` prefix, in an uncompressed iTXt or an APP1 segment) is refused. Written as
    other writers do, it is not: a compressed iTXt (``real_photo_checker`` reads the metadata only
    when the raw bytes hold ``DigitalSourceType``, which deflate hides; ``read_xmp`` would have
    inflated it), the attribute form of the Adobe toolkit, or another namespace prefix
    (``parse_xmp`` matches one element form with one prefix). The photo is enrolled; the face of a
    model stands for the person under her grants. Expected: refused as generated."""
    img = astronaut()
    data, suffix = {
        "png_compressed_itxt": (lambda: _png_with_xmp(img, _XMP_ELEMENT, compressed=True), "png"),
        "png_attribute": (lambda: _png_with_xmp(img, _XMP_ATTRIBUTE), "png"),
        "png_other_prefix": (lambda: _png_with_xmp(img, _XMP_OTHER_PREFIX), "png"),
        "jpeg_attribute": (lambda: _encoded(img, "JPEG", quality=92, xmp=_XMP_ATTRIBUTE.encode()), "jpg"),
    }[form]
    path = tmp_path / f"ann.{suffix}"
    path.write_bytes(data())
    _refused_as_generated(stub_world, path)


def test_a_generated_webp_that_declares_itself_generated_is_refused_as_a_real_persons_photo(stub_world, tmp_path):
    """Attack: a generator's WebP (the format several image services hand out) whose XMP chunk
    declares ``trainedAlgorithmicMedia`` is enrolled as a real person's photo. Enrollment takes
    WebP; ``real_photo_checker`` hands the file's bytes to ``verify_bytes``, which answers "not a
    PNG or JPEG file" for a WebP without reading its XMP (or a C2PA manifest in it), and the
    pixel checks find nothing of this studio. The same XMP in a JPEG is refused. Expected: refused
    as generated."""
    path = tmp_path / "ann.webp"
    path.write_bytes(_encoded(astronaut(), "WEBP", quality=92, xmp=_XMP_ELEMENT.encode()))
    _refused_as_generated(stub_world, path)


# --- 3. the real-photo check: a studio output stretched or sheared -------------------------------


@pytest.mark.xfail(strict=True, reason="open: the real-photo check tries the eight turns and mirror images only; an output widened or sheared is not found (session 65 note)")
@pytest.mark.parametrize("edit", ["stretch", "shear"])
def test_a_stretched_or_sheared_studio_output_is_refused_as_a_real_persons_photo(stub_world, jane_output, tmp_path,
                                                                                 edit):
    """Attack: an operator enrolls a studio output (a consented 512² output of a face) as another
    real person's photo after one ordinary edit: widened by 30 % (an aspect-ratio change, as
    "fit to 4:3"), or sheared by 0.12 (a perspective fix). The check reads the watermark and
    looks for the output in eight turns and mirror images only; neither survives a non-uniform
    scale or a shear, and the face, still sharp, is enrolled (turns, crops, grey, colour, blur,
    palette and posterised copies are refused). Expected: refused as a copy of an output."""
    img = jane_output
    edited = (img.resize((int(img.width * 1.3), img.height), Image.Resampling.LANCZOS) if edit == "stretch" else
              img.transform(img.size, Image.Transform.AFFINE, (1, 0.12, -30, 0, 1, 0),
                            resample=Image.Resampling.BICUBIC))
    path = tmp_path / "ann.png"
    edited.save(path)
    _refused_as_generated(stub_world, path)


# --- 4. the label check ----------------------------------------------------------------------------


def _accepted(text: str, profile: str) -> bool:
    from creator.disclosure.label import check_label_text, label_lines

    try:
        check_label_text(text, profile)
        label_lines(text, real_person_depicted=False)
    except DisclosureError:
        return False
    return True


@pytest.mark.parametrize("blank", ["\u3164", "\u115f"])
def test_a_label_with_an_invisible_hangul_filler_between_its_words_is_refused(blank):
    """Attack: the label text "Not<U+3164>AI-generated" (a Hangul filler, a letter that draws as a
    blank; U+115F alike). ``label_lines`` accepts it (the filler is a printable letter, not a
    format character), the negation check reads "not" and "ai" as one word "notai" (anyascii maps
    the filler to nothing), and the label is drawn, with the system font, as "Not AI-generated":
    the visible disclosure says the opposite of what it must. Expected: refused (as contradicting
    the disclosure, or for a character that draws as nothing)."""
    text = f"Not{blank}AI-generated"
    assert not _accepted(text, "eu"), f"label {text!r} (drawn as 'Not AI-generated') was accepted"


def test_a_label_that_writes_not_with_a_digit_zero_is_refused():
    """Attack: the label text "N0T AI-generated" (a digit zero for the O; drawn in capitals it reads
    NOT). The check reads look-alike letters of other scripts as ASCII (Cyrillic о, Greek Ο) but
    not digits that stand for letters, so "n0t ai generated" is no negation it knows, and the label
    reads "NOT AI-generated" on every output. Expected: refused."""
    assert not _accepted("N0T AI-generated", "eu")


@pytest.mark.parametrize(("text", "profile"), [
    ("Wasn't AI-generated", "eu"),
    ("Ei tekoälyn luoma", "eu"),               # Finnish: "not made by AI" (the required "tekoälyn luoma")
    ("Non è generato dall'IA", "eu"),          # Italian: "is not generated by AI"
    ("No fue generado por IA", "california"),  # Spanish: "was not generated by AI"
    ("Não foi gerado por IA", "eu"),           # Portuguese: "was not generated by AI"
    ("Nie jest wygenerowane przez AI", "eu"),  # Polish: "is not generated by AI"
    ("不为AI生成", "china"),                   # "not AI-generated"
    ("Genuine photograph, AI-generated", "eu"),
])
def test_a_label_that_denies_the_disclosure_with_a_verb_between_the_words_is_refused(text, profile):
    """Attack: a label that denies the disclosure in the profile's own languages with the
    commonest sentence shape, a negated verb ("was not", "is not", Finnish "ei" before the
    required words), or claims a "genuine photograph". ``_NEGATIONS`` lists negations that touch
    "AI"/"generated" ("no generado", "non generato", "nie wygenerowane"), so one auxiliary verb in
    between ("no fue generado", "non è generato") passes, as does Finnish's plain "Ei tekoälyn
    luoma" (the list has "ei tekoaly", not its genitive). Expected: refused (a negation word within
    a few words before the required wording, rather than fixed phrases)."""
    assert not _accepted(text, profile), f"{profile} label {text!r} was accepted"


# --- 5. approvals and grantees: an account removed and added again ---------------------------------

MIA, MIA_PW = "mia", "mia-creator-pw1"
AGENCY = "Bright Agency"


def test_an_approval_asked_by_a_removed_account_is_not_spent_by_a_new_account_of_the_same_name(
        handlers, users, as_operator, jane_keys, evidence_file):  # noqa: F811
    """Attack: creator mia (may generate for Bright Agency) asks for Jane's approval of a request
    under the agency's approve-each-use grant, and Jane approves it (``requested_by ui:mia``). The
    account is removed (mia left) and an operator later adds a new account named "mia" for someone
    else at the agency. The new account sends the identical request and is allowed under the old
    account's approval: ``approved_digests`` / ``consume`` match ``requested_by`` to the actor's
    name (``ui:mia``), not to the account (``User.key``: name and creation time), though the
    studio holds elsewhere that a name added again is another account (its jobs, outputs,
    requests and decisions are not the old one's: ``User.made``, ``file_request(since=)``).
    Expected: an approval asked for before the account existed does not serve it."""
    from consent.approvals import Approvals

    users.add(MIA, Role.CREATOR, MIA_PW, [AGENCY])
    handlers.add_subject(SubjectForm(subject_id="jane-doe", display_name="Jane Doe", aliases="J. Doe", kind="person",
                                     subject_key=str(jane_keys.public_path)), request=as_operator)
    issue(handlers, as_operator, "jane-doe", jane_keys, evidence_file, grantee=AGENCY, approve_each_use=True)
    form = dict(grantee=AGENCY, subjects=["jane-doe"], prompt="Jane Doe at a summer picnic", seed=7)
    assert 'data-verdict="allowed"' not in handlers.check_consent(generate_form(**form), request=gr.Request(username=MIA))
    (asked,) = Approvals(handlers.registry).list(subject_id="jane-doe", status="pending")
    Approvals(handlers.registry).decide(asked.id, approve=True, by="jane-doe", subject_id="jane-doe")
    users.remove(MIA)
    users.add(MIA, Role.CREATOR, "another-mia-pw-22", [AGENCY])  # a new account, another person
    shown = handlers.check_consent(generate_form(**form), request=gr.Request(username=MIA))
    assert 'data-verdict="allowed"' not in shown, (
        f"the new account 'mia' was allowed by approval {asked.id}, which Jane gave to the request of the removed "
        "account of that name")


# --- 6. a grant's issue time rewritten in the database ---------------------------------------------


def test_a_grants_issue_time_rewritten_in_the_database_is_caught_by_audit_verify(stub_world):
    """Attack: someone with the SQLite file sets ``grants.issued_at`` of a new grant to 2001.
    Nothing holds the column to the grant's signed ``grant_issued`` entry: ``audit verify`` still
    reports the chain intact and the tables matching, ``grant list --json`` shows the false
    "issued_at", and the operators' grants table, which lists the newest grants first by that
    column (``list_grants(newest=)``), no longer shows the grant on its first screen. Every other
    grant column and revocation field edited here is caught. Expected: audit verify names the row."""
    import sqlite3

    from consent.registry import Registry

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    db = w.settings.resolved_database_url.split("///", 1)[1]
    w.registry.close()
    con = sqlite3.connect(db)
    con.execute("UPDATE grants SET issued_at='2001-01-01T00:00:00Z' WHERE id='g-jane-1'")
    con.commit()
    con.close()
    registry = Registry.from_settings(w.settings)
    try:
        report = registry.verify_audit()
    finally:
        registry.close()
    assert not report.ok, f"audit verify after grants.issued_at was rewritten: {report.message}"
