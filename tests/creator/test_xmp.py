"""XMP/IPTC and China's AIGC fields: written before signing, readable by exiftool, signed."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from creator.disclosure.xmp import AigcLabel, XmpFields, build_xmp, encode_with_xmp, parse_xmp, read_xmp
from creator.errors import DisclosureError
from creator.verify import verify
from verify_support import problems

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def _fields(**overrides) -> XmpFields:
    f = dict(digital_source_type="trainedAlgorithmicMedia", ai_system="gan:tiny-dcgan", ai_system_version="1.1.1",
             creator_tool="Consent Studio", created_at=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
             document_id="xmp.did:u-1", aigc=AigcLabel(content_producer="Studio", produce_id="u-1"))
    f.update(overrides)
    return XmpFields(**f)


def _exif(exiftool: str, path) -> dict:
    r = subprocess.run([exiftool, "-j", "-XMP:all", str(path)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)[0]


def test_values_are_xml_escaped_and_round_trip():
    nasty = 'a<b>&"c\' </Iptc4xmpExt:AISystemUsed>'
    xmp = build_xmp(_fields(ai_system=nasty))
    ET.fromstring(xmp[xmp.index("<x:xmpmeta"):xmp.index("<?xpacket end")])  # well-formed
    assert parse_xmp(xmp)["ai_system"] == nasty


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_encoder_embeds_the_packet(fmt):
    data = encode_with_xmp(Image.new("RGB", (32, 32), "white"), fmt, build_xmp(_fields()))
    fields = parse_xmp(read_xmp(data))
    assert fields["digital_source_type"] == TRAINED
    assert fields["aigc"]["Label"] == "1" and fields["aigc"]["ProduceID"] == "u-1"


def test_naive_time_and_unknown_source_type_are_refused():
    with pytest.raises(DisclosureError, match="created_at must be timezone-aware"):
        _fields(created_at=dt.datetime(2026, 1, 2))
    with pytest.raises(DisclosureError, match="digital_source_type 'digitalCapture' is not supported"):
        _fields(digital_source_type="digitalCapture")


def test_aigc_label_value_is_checked():
    with pytest.raises(DisclosureError, match="AIGC Label must be '1'"):
        AigcLabel(content_producer="S", produce_id="p", label="0")


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_exiftool_reads_digital_source_type_ai_system_and_aigc(signed, exiftool, fmt):
    out, s = signed(fmt)
    tags = _exif(exiftool, out.path)
    assert tags["DigitalSourceType"] == TRAINED
    assert tags["AISystemUsed"] == "gan:tiny-dcgan"
    aigc = json.loads(tags["Aigc"])
    assert set(aigc) == {"Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator",
                         "PropagateID", "ReservedCode2"}
    assert aigc["Label"] == "1" and aigc["ContentProducer"] == s.provider


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_editing_xmp_after_signing_breaks_c2pa_validation(signed, exiftool, fmt):
    out, s = signed(fmt)
    assert problems(verify(out.path, settings=s, unsafe_no_registry=True)) == []
    subprocess.run([exiftool, "-q", "-overwrite_original", "-XMP-iptcExt:DigitalSourceType=http://cv.iptc.org/"
                    "newscodes/digitalsourcetype/digitalCapture", str(out.path)], check=True)
    assert _exif(exiftool, out.path)["DigitalSourceType"].endswith("digitalCapture")
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report)
    assert report.c2pa_state in ("Invalid", "NoManifest")
    assert "dataHash.mismatch" in report.summary or "no C2PA manifest" in report.summary


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_same_length_byte_edit_of_the_xmp_breaks_the_hard_binding(signed, tamper, fmt):
    out, s = signed(fmt)
    tamper.replace_once(out.path, b"<Iptc4xmpExt:AISystemUsed>gan:", b"<Iptc4xmpExt:AISystemUsed>GAN:")
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert not report.ok and "assertion.dataHash.mismatch" in report.failure_codes
