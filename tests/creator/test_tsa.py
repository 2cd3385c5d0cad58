"""RFC 3161 time-stamps: a real TSA on loopback (OpenSSL's responder), certificates that
expire during the test, and a TSA that cannot be reached.

What c2pa does (c2pa-rs 0.91 inside c2pa-python 0.38, measured here): with a time-stamp
whose authority chains to a trust anchor (``timeStamp.trusted``), the signing certificate's
validity is checked at the time-stamp's time, so an expired certificate still reads as
*Trusted*; without one it is checked now (``signingCredential.expired``). A time-stamp from
an authority that is not trusted (``timeStamp.untrusted``) does not count. c2pa refuses to
sign with a certificate that has already expired, and a TSA failure fails its signing, which
is why the studio retries without the TSA.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

import creator.disclosure.keys as keys_module
from creator.disclosure._pipeline import disclose
from creator.disclosure.c2pa import TIME_STAMP_GAP_LABEL, read_manifest
from creator.disclosure.keys import load_keyring
from creator.errors import DisclosureError
from creator.settings import StudioSettings
from creator.verify import verify
from tsa_server import issue, key_pem, make_ca, pem, tsa_server
from server_support import free_port
from verify_support import problems


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    with tsa_server(tmp_path_factory.mktemp("tsa")) as server:
        yield server


@pytest.fixture
def anchors_with(tmp_path):
    """A PEM file of extra trust anchors holding the given roots."""

    def make(*roots: bytes):
        path = tmp_path / f"anchors-{len(list(tmp_path.glob('anchors-*')))}.pem"
        path.write_bytes(b"".join(roots))
        return path

    return make


@pytest.fixture
def stamped_settings(make_settings, tsa, anchors_with):
    """Settings of a studio with the local test CA, time-stamping at the loopback TSA."""

    def make(name: str = "data", **over) -> StudioSettings:
        fields = dict(tsa_url=tsa.url, c2pa_trust_anchors=anchors_with(tsa.root_pem))
        fields.update(over)
        return make_settings(name, **fields)

    return make


def _gap(out, settings):
    m = read_manifest(out.data, out.mime_type, load_keyring(settings).reader_context())
    return m.assertions.get(TIME_STAMP_GAP_LABEL), m.time_stamp


# --- time-stamped signing ------------------------------------------------------------------


def test_output_signed_with_a_tsa_carries_a_trusted_time_stamp(stamped_settings, tsa, photo, make_context):
    s = stamped_settings()
    before = tsa.queries
    t0 = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    out = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert tsa.queries == before + 1
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report) == [] and report.c2pa_state == "Trusted", report.reasons
    ts = report.time_stamp
    assert ts["state"] == "trusted" and ts["tsa"] == tsa.name and ts["gap"] is None
    assert abs(dt.datetime.fromisoformat(ts["time"]) - t0) < dt.timedelta(seconds=30)
    assert ts["message"].startswith("time-stamped ") and "(trusted time-stamp authority)" in ts["message"]
    gap, _ = _gap(out, s)
    assert gap is None


def test_without_a_tsa_verify_says_there_is_no_trusted_time_stamp(signed):
    out, s = signed("png")
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report) == []
    assert report.time_stamp["state"] == "none"
    assert report.time_stamp["message"] == "manifest carries no trusted time-stamp"


def test_tsa_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CONSENT_STUDIO_TSA_URL", "http://tsa.example.test/rfc3161")
    assert StudioSettings(data_dir=tmp_path).tsa_url == "http://tsa.example.test/rfc3161"


@pytest.mark.parametrize("url", ["ftp://tsa.example.test/", "tsa.example.test", "http:///no-host", "http://a b/"])
def test_an_unusable_tsa_url_stops_disclosure(make_settings, photo, make_context, url):
    s = make_settings(tsa_url=url)
    with pytest.raises(DisclosureError, match="tsa_url .* is not usable: expected an http:// or https:// URL"):
        disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert not s.outputs_dir.exists()


def test_a_time_stamp_from_an_authority_that_is_not_trusted_stops_disclosure(make_settings, tsa, photo, make_context):
    # the operator configured the TSA but forgot its root: such time-stamps would not count later
    s = make_settings(tsa_url=tsa.url)
    with pytest.raises(DisclosureError, match=r"that time-stamp authority is not trusted here.*add the root "
                                              r"certificate of the TSA at http://127\.0\.0\.1:\d+/tsa to c2pa_trust_anchors"):
        disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert not s.outputs_dir.exists()


def test_an_hsm_callback_keyring_time_stamps_too(tsa, production_chain, photo, make_context, make_settings):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from creator.disclosure.keys import Keyring

    chain, key_path, anchors = production_chain
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    keyring = Keyring.from_callback(lambda data: key.sign(data, ec.ECDSA(hashes.SHA256())), chain.read_bytes(),
                                    trust_anchors_pem=anchors.read_text() + tsa.root_pem.decode(), tsa_url=tsa.url)
    s = make_settings()
    out = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir, keyring=keyring)
    m = read_manifest(out.data, out.mime_type, keyring.reader_context())
    assert m.trusted and m.time_stamp.state == "trusted" and m.time_stamp.tsa == tsa.name


# --- signing works offline: the gap is recorded and reported --------------------------------


def test_unreachable_tsa_signs_without_a_time_stamp_and_records_the_gap(make_settings, photo, make_context, caplog):
    url = f"http://127.0.0.1:{free_port()}/tsa"  # nothing listens there
    s = make_settings(tsa_url=url)
    with caplog.at_level("WARNING"):
        out = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert f"time-stamp authority {url} failed" in caplog.text and "signed without a time-stamp" in caplog.text
    gap, ts = _gap(out, s)
    assert gap["tsa_url"] == url and gap["reason"] == "unreachable" and gap["tried"] is True
    assert ts.state == "none"
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report) == [] and report.c2pa_state == "Trusted"
    assert report.time_stamp["message"] == f"not time-stamped: the TSA at {url} could not be reached when this was signed"


def test_a_failing_tsa_is_not_asked_again_for_a_while(stamped_settings, tsa, photo, make_context, monkeypatch):
    s = stamped_settings()
    tsa.mode = "http_500"
    try:
        before = tsa.queries
        first = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
        second = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
        assert tsa.queries == before + 1  # the second signature did not wait for the TSA
        assert _gap(first, s)[0]["reason"] == "http_error"
        gap2, _ = _gap(second, s)
        assert gap2["reason"] == "http_error" and gap2["tried"] is False
        msg = verify(second.path, settings=s, unsafe_no_registry=True).time_stamp["message"]
        assert msg == (f"not time-stamped: the TSA at {tsa.url} answered with an HTTP error when this was signed "
                       "(not asked again: it had failed moments before)")
        # once the back-off has passed, the TSA is asked again and time-stamps again
        tsa.mode = "ok"
        monkeypatch.setattr(keys_module, "TSA_RETRY_AFTER_S", 0.0)
        third = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
        assert tsa.queries == before + 2
        gap3, ts3 = _gap(third, s)
        assert gap3 is None and ts3.state == "trusted"
    finally:
        tsa.mode = "ok"


def test_a_tsa_reply_that_is_no_time_stamp_is_a_gap(stamped_settings, tsa, photo, make_context):
    s = stamped_settings()
    tsa.mode = "garbage"
    try:
        out = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    finally:
        tsa.mode = "ok"
    gap, ts = _gap(out, s)
    assert gap["reason"] == "bad_reply" and ts.state == "none"
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(report) == []
    assert report.time_stamp["message"] == f"not time-stamped: the TSA at {tsa.url} sent no usable time-stamp when this was signed"


def test_a_signing_failure_that_is_not_the_tsa_still_raises(stamped_settings, photo, make_context, monkeypatch):
    from creator.disclosure import c2pa as c2pa_module

    s = stamped_settings()

    def broken(*args, **kwargs):
        raise DisclosureError("C2PA signing failed: disk on fire")

    monkeypatch.setattr(c2pa_module, "sign", broken)
    with pytest.raises(DisclosureError, match="disk on fire"):
        disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert load_keyring(s).tsa_backoff() is None  # the TSA is not blamed


# --- expiry: a time-stamp keeps a file valid after its certificate expires ------------------


@pytest.fixture
def short_lived_chain(tmp_path, tsa):
    """A signing CA whose end-entity certificate expires a few seconds from now.

    Returns (chain, key, anchors, not_after); anchors hold the signing root and the TSA's root.
    """

    def make(seconds: float):
        now = dt.datetime.now(dt.timezone.utc)
        ca_key, ca = make_ca("Short-lived signing CA")
        not_after = (now + dt.timedelta(seconds=seconds)).replace(microsecond=0)
        key, cert = issue(ca_key, ca, "Short-lived signer", not_before=now - dt.timedelta(hours=1), not_after=not_after)
        chain, key_path, anchors = tmp_path / "short.chain.pem", tmp_path / "short.key.pem", tmp_path / "short.anchors.pem"
        chain.write_bytes(pem(cert) + pem(ca))
        key_path.write_bytes(key_pem(key))
        anchors.write_bytes(pem(ca) + tsa.root_pem)
        return chain, key_path, anchors, not_after

    return make


def test_time_stamped_output_stays_ok_after_its_certificate_expires_and_an_unstamped_one_fails(
        stub_world, short_lived_chain, tsa):
    world = stub_world
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    # warm up (first face-model load, first keyring) with the local CA, so the short window is spent signing
    world.studio().generate(world.request(prompt="a harbour at dawn", subjects=("jane",)))

    chain, key, anchors, not_after = short_lived_chain(4)
    common = dict(c2pa_cert_chain=chain, c2pa_private_key=key, c2pa_trust_anchors=anchors)
    stamped_s = world.settings.model_copy(update=common | {"tsa_url": tsa.url})
    plain_s = world.settings.model_copy(update=common)
    req = world.request(prompt="a harbour at dawn", subjects=("jane",))
    stamped = world.studio(settings=stamped_s).generate(req).outputs[0]
    plain = world.studio(settings=plain_s).generate(req).outputs[0]
    assert dt.datetime.now(dt.timezone.utc) < not_after, "signing took longer than the certificate's lifetime"

    before = {p: verify(p, settings=stamped_s, registry=world.registry) for p in (stamped.path, plain.path)}
    assert all(r.verdict == "OK" for r in before.values()), [r.reasons for r in before.values()]
    assert before[stamped.path].time_stamp["state"] == "trusted"
    assert before[plain.path].time_stamp["state"] == "none"

    time.sleep(max(0.0, (not_after - dt.datetime.now(dt.timezone.utc)).total_seconds()) + 1.5)
    assert dt.datetime.now(dt.timezone.utc) > not_after

    ok = verify(stamped.path, settings=stamped_s, registry=world.registry)
    assert ok.verdict == "OK" and ok.c2pa_state == "Trusted", ok.reasons
    assert ok.time_stamp["state"] == "trusted"

    expired = verify(plain.path, settings=plain_s, registry=world.registry)
    assert expired.verdict == "FAIL" and expired.c2pa_state == "Invalid"
    assert "signingCredential.expired" in expired.failure_codes
    assert expired.reasons == (
        f"the signing certificate Short-lived signer expired on {not_after:%Y-%m-%d %H:%M} UTC and the manifest "
        "carries no trusted time-stamp to show it was signed before then",)
