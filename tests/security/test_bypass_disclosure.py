"""Attacks on mandatory disclosure: pictures the watermark cannot hold, settings that
would blank the label or pick an unsigned format, and a broken signing key. Each must
raise DisclosureError from ``Studio.generate``, write nothing, and leave an audit entry."""

from __future__ import annotations

import pytest
from PIL import Image

from creator.errors import DisclosureError


def _fails_closed(stub_world, studio, match: str, stage: str = "disclose") -> None:
    with pytest.raises(DisclosureError, match=match):
        studio.generate(stub_world.request(prompt="a lighthouse at dusk"))
    assert stub_world.output_files() == []
    last = stub_world.last_audit()
    assert last.kind == "failure" and last.payload["stage"] == stage


@pytest.mark.parametrize("colour", [(0, 0, 0), (255, 255, 255), (128, 128, 128)])
def test_flat_output_still_carries_every_disclosure_layer(stub_world, make_engine, colour):
    # A flat picture leaves the watermark no texture to hide in; it must be marked anyway
    # (embed raises rather than returning an unmarked image) and verify must find it all.
    from creator.verify import verify

    studio = stub_world.studio(make_engine([Image.new("RGB", (256, 256), colour)]))
    (out,) = studio.generate(stub_world.request(prompt="a lighthouse at dusk")).outputs
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    assert report.watermark_read == out.watermark_payload == report.watermark_payload
    assert report.digital_source_type_xmp and report.c2pa_state == "Trusted"


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_blank_label_text_in_settings_is_refused(stub_world, text):
    settings = stub_world.settings.model_copy(update={"label_text": text})
    _fails_closed(stub_world, stub_world.studio(settings=settings), "label_text must be a non-empty text")


def test_unsigned_output_format_is_refused(stub_world):
    settings = stub_world.settings.model_copy(update={"output_format": "webp"})
    _fails_closed(stub_world, stub_world.studio(settings=settings), r"output_format 'webp' is not supported; expected one of \['png', 'jpeg'\]")


@pytest.mark.parametrize(
    "key_bytes, match",
    [
        pytest.param(b"", "not a readable PEM private key", id="empty"),
        pytest.param(b"-----BEGIN PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END PRIVATE KEY-----\n",
                     "not a readable PEM private key", id="garbage-pem"),
    ],
)
def test_corrupt_c2pa_private_key_fails_at_generate(stub_world, tmp_path, key_bytes, match):
    stub_world.studio().generate(stub_world.request(prompt="warm-up"))  # creates the local CA chain
    chain = next(stub_world.settings.c2pa_dir.rglob("*chain*.pem"))
    key = tmp_path / "broken.key"
    key.write_bytes(key_bytes)
    settings = stub_world.settings.model_copy(update={"c2pa_cert_chain": chain, "c2pa_private_key": key})
    before = {p for p in stub_world.output_files()}
    with pytest.raises(DisclosureError, match=match):
        stub_world.studio(settings=settings).generate(stub_world.request(prompt="a lighthouse at dusk"))
    assert {p for p in stub_world.output_files()} == before
    assert stub_world.last_audit().kind == "failure"


def test_private_key_that_does_not_match_the_certificate_fails_at_generate(stub_world, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    stub_world.studio().generate(stub_world.request(prompt="warm-up"))
    chain = next(stub_world.settings.c2pa_dir.rglob("*chain*.pem"))
    stranger = ec.generate_private_key(ec.SECP256R1())
    key = tmp_path / "stranger.key"
    key.write_bytes(stranger.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    settings = stub_world.settings.model_copy(update={"c2pa_cert_chain": chain, "c2pa_private_key": key})
    before = set(stub_world.output_files())
    with pytest.raises(DisclosureError):
        stub_world.studio(settings=settings).generate(stub_world.request(prompt="a lighthouse at dusk"))
    assert set(stub_world.output_files()) == before
    assert stub_world.last_audit().kind == "failure"
