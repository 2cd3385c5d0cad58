"""disclose(): the signed manifest's content, tamper evidence, and fail-closed steps."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

import creator.disclosure._pipeline as disclosure
from creator.disclosure._pipeline import disclose
from creator.disclosure.c2pa import CONSENT_LABEL, SB942_LABEL, TRAINING_MINING_LABEL, read_manifest
from creator.disclosure.keys import load_keyring
from creator.disclosure.watermark import Watermarker, new_payload
from creator.errors import DisclosureError
from creator.verify import verify
from verify_support import problems

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
COMPOSITE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"


def _manifest(out, settings):
    return read_manifest(out.data, out.mime_type, load_keyring(settings).reader_context())


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_signed_output_verifies_trusted_and_is_named_by_content(signed, fmt):
    out, s = signed(fmt)
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report) == [], report.reasons  # signature and metadata layers only (no registry here)
    assert report.c2pa_state == "Trusted" and report.verdict == "UNSAFE"
    assert out.path.name == f"{out.sha256}.{'png' if fmt == 'png' else 'jpg'}"
    assert out.path.read_bytes() == out.data
    assert Image.open(io.BytesIO(out.data)).format == fmt.upper()


def test_manifest_carries_consent_training_mining_and_sb942(signed):
    out, s = signed("png")
    m = _manifest(out, s)
    consent = m.assertions[CONSENT_LABEL]
    assert consent["version"] == 1 and consent["decision_id"] == "dec-0001"
    assert consent["purpose"] == "film_reshoot" and consent["territories"] == ["US", "EU"]
    (likeness,) = consent["likenesses"]
    assert set(likeness) == {"subject_ref", "kind", "source", "grant_id", "grant_sha256", "depicted"}
    assert likeness["subject_ref"] == "subj_0123456789abcdef" and likeness["grant_sha256"] == "5" * 64
    tm = m.assertions[TRAINING_MINING_LABEL]["entries"]
    assert {v["use"] for v in tm.values()} == {"notAllowed"} and len(tm) == 4
    sb = m.assertions[SB942_LABEL]
    assert sb["provider"] == s.provider and sb["system_name"] == "gan:tiny-dcgan"
    assert sb["system_version"] == "1.1.1" and sb["unique_id"] and sb["created_at"].endswith("Z")
    assert m.digital_source_type == TRAINED
    created = m.assertions["c2pa.actions.v2"]["actions"][0]
    assert created["action"] == "c2pa.created"
    assert created["softwareAgent"] == {"name": "tiny-dcgan", "version": "1.1.1"}


def test_no_thumbnail_is_embedded(signed):
    out, s = signed("png")
    m = _manifest(out, s)
    assert not any("thumbnail" in (label or "") for label in m.assertions)
    assert b"c2pa.thumbnail" not in out.data


def test_fictional_persona_is_listed_as_such_without_likenesses(signed):
    out, s = signed("png", real=False)
    consent = _manifest(out, s).assertions[CONSENT_LABEL]
    assert consent["likenesses"] == []
    assert consent["fictional_personas"][0]["kind"] == "fictional_persona"


def test_edit_has_parent_and_reference_ingredients_without_file_names(signed, tmp_path, photo):
    src = tmp_path / "jane_doe_take3.png"
    ref = tmp_path / "jane_doe_headshot.jpg"
    photo.save(src)
    photo.save(ref, quality=80)
    out, s = signed("jpeg", digital_source_type="compositeWithTrainedAlgorithmicMedia",
                    source_path=src, reference_paths=(ref,))
    m = _manifest(out, s)
    assert m.trusted and m.digital_source_type == COMPOSITE
    rels = sorted((i["relationship"], i["title"]) for i in m.ingredients)
    assert rels == [("inputTo", "reference 1"), ("parentOf", "source frame")]
    actions = [a["action"] for a in m.assertions["c2pa.actions.v2"]["actions"]]
    assert actions[:2] == ["c2pa.opened", "c2pa.edited"]
    assert b"jane_doe" not in out.data


def test_watermark_slot_records_the_soft_binding(signed, photo, make_context, make_settings):
    s = make_settings()
    payload = new_payload()
    wm = Watermarker(s.watermark_key())
    out = disclose(photo, make_context(watermark_payload=payload), settings=s, out_dir=s.outputs_dir, watermarker=wm)
    m = _manifest(out, s)
    assert m.soft_binding_payload == payload
    assert m.assertions["c2pa.soft-binding"]["alg"] == wm.name
    assert base64.b64decode(m.assertions["c2pa.soft-binding"]["blocks"][0]["value"]).hex() == payload
    assert wm.read(Image.open(out.path)).payload == payload
    created, watermarked = m.assertions["c2pa.actions.v2"]["actions"]
    assert created["action"] == "c2pa.created"
    assert watermarked["action"] == "c2pa.watermarked"
    assert watermarked["parameters"] == {"org.consent-studio.watermark": wm.name}
    assert watermarked["softwareAgent"]["name"] == "Consent Studio"


def test_without_a_watermark_there_is_no_watermarked_action(signed):
    out, s = signed("png")
    actions = [a["action"] for a in _manifest(out, s).assertions["c2pa.actions.v2"]["actions"]]
    assert actions == ["c2pa.created"]


# --- tamper evidence --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_flipped_pixel_data_fails_with_data_hash_mismatch(signed, tamper, fmt):
    out, s = signed(fmt)
    tamper.flip_byte(out.path, tamper.pixel_offset(out.path))
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report)
    assert report.c2pa_state == "Invalid"
    assert "assertion.dataHash.mismatch" in report.failure_codes
    assert "C2PA validation failed: " in report.summary and "dataHash.mismatch" in report.summary


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_edited_consent_assertion_fails_with_hashed_uri_mismatch(signed, tamper, fmt):
    out, s = signed(fmt)
    tamper.replace_once(out.path, b"film_reshoot", b"advertising!")
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert not report.ok and report.c2pa_state == "Invalid"
    assert "assertion.hashedURI.mismatch" in report.failure_codes


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_reencode_strips_manifest_and_fails(signed, fmt, tmp_path):
    out, s = signed(fmt)
    copy = tmp_path / f"copy.{fmt}"
    Image.open(out.path).save(copy)
    report = verify(copy, settings=s, unsafe_no_registry=True)
    assert not report.ok and report.c2pa_state == "NoManifest"
    assert problems(report)[0].startswith("no C2PA manifest")


def test_unknown_signer_is_valid_but_not_trusted(signed, make_settings):
    out, _ = signed("png")
    stranger = make_settings("stranger")
    report = verify(out.path, settings=stranger, unsafe_no_registry=True)
    assert not report.ok and report.c2pa_state == "Valid"
    assert "is not trusted" in report.summary


# --- fail closed ---------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["_step_label", "_step_watermark", "_step_encode", "_step_sign",
                                  "_step_readback", "_step_write"])
def test_any_failing_step_raises_and_writes_nothing(step, monkeypatch, photo, make_context, make_settings):
    s = make_settings()
    out_dir = s.outputs_dir
    out_dir.mkdir(parents=True)

    def boom(*args, **kwargs):
        raise RuntimeError(f"{step} exploded")

    monkeypatch.setattr(disclosure, step, boom)
    with pytest.raises(DisclosureError, match=f"disclosure step .* failed: RuntimeError: {step} exploded"):
        disclose(photo, make_context(), settings=s, out_dir=out_dir)
    assert list(out_dir.iterdir()) == []


def test_failure_inside_write_leaves_no_temp_file(monkeypatch, photo, make_context, make_settings):
    s = make_settings()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disclosure.os, "replace", broken_replace)
    with pytest.raises(DisclosureError, match="No space left on device"):
        disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert list(s.outputs_dir.iterdir()) == []


def test_watermark_payload_without_watermarker_is_refused(photo, make_context, make_settings):
    s = make_settings()
    with pytest.raises(DisclosureError, match="watermark_payload is set but no watermarker"):
        disclose(photo, make_context(watermark_payload="00112233aabb"), settings=s, out_dir=s.outputs_dir)


def test_watermarker_that_cannot_mark_stops_disclosure(make_context, make_settings):
    s = make_settings()
    tiny = Image.new("RGB", (128, 128), "gray")  # below the watermark's minimum side
    with pytest.raises(DisclosureError, match="too small to carry the invisible watermark"):
        disclose(tiny, make_context(watermark_payload=new_payload()), settings=s, out_dir=s.outputs_dir,
                 watermarker=Watermarker(s.watermark_key()))
    assert not s.outputs_dir.exists()


def test_unknown_output_format_is_refused(photo, make_context, make_settings):
    s = make_settings(output_format="webp")
    with pytest.raises(DisclosureError, match="output_format 'webp' is not supported"):
        disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)


def test_empty_label_text_setting_cannot_switch_the_label_off(photo, make_context, make_settings):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="does not contain the eu profile's required wording"):
        make_settings(label_text=" ")  # refused when the settings are read, before any output


def test_a_label_that_denies_being_ai_is_refused_with_a_clear_reason(make_settings):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="contradicts the disclosure; expected a label that says 'AI-generated'"):
        make_settings(label_text="AI-generated? Not AI, a real photo")


# --- the context validates itself ------------------------------------------------------------


def test_real_person_without_a_grant_cannot_be_disclosed(make_context, make_consent):
    with pytest.raises(DisclosureError, match="real_person_depicted is True but no consent.likenesses entry is depicted"):
        make_context(real=True, consent=make_consent(real=False))


def test_likeness_without_real_person_flag_is_inconsistent(make_context, make_consent):
    with pytest.raises(DisclosureError, match="real_person_depicted is False but consent.likenesses lists 1"):
        make_context(real=False, consent=make_consent(real=True))


def test_a_name_as_subject_ref_is_refused():
    from creator.disclosure import LikenessEntry

    with pytest.raises(DisclosureError, match="subject_ref must be the subject.s opaque ref .subj_"):
        LikenessEntry("Jane Doe", "person", "declared", "grant-1", "5" * 64)


def test_composite_needs_the_edited_source_frame(make_context):
    with pytest.raises(DisclosureError, match="source_path .* is required"):
        make_context(digital_source_type="compositeWithTrainedAlgorithmicMedia")
