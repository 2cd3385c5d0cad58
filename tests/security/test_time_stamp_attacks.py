"""Attacks on time-stamps: a time that verify must not believe.

Only a time-stamp that c2pa validated against a trust anchor counts. A holder of a signing
key who runs their own time-stamp authority (to make a file look signed while the
certificate was valid), or who writes a time into the manifest, gains nothing: once the
certificate has expired the file FAILs, and the report says why.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

import creator.disclosure._pipeline as pipeline
from creator.disclosure import c2pa as c2pa_module
from creator.disclosure.c2pa import TIME_STAMP_GAP_LABEL, ManifestReadout
from creator.settings import StudioSettings
from creator.verify import verify
from studio_world import astronaut
from tsa_server import issue, key_pem, make_ca, pem, tsa_server
from verify_support import problems


def _context():
    from creator.disclosure import ConsentAssertion, DisclosureContext

    consent = ConsentAssertion(decision_id="dec-attack", decided_at=dt.datetime.now(dt.timezone.utc),
                               purpose="art", operation="likeness_generation", territories=("US",))
    return DisclosureContext("trainedAlgorithmicMedia", "m", "1", "gan", False, consent)


def _short_chain(folder, seconds: float):
    now = dt.datetime.now(dt.timezone.utc)
    ca_key, ca = make_ca("Attack test signing CA")
    not_after = (now + dt.timedelta(seconds=seconds)).replace(microsecond=0)
    key, cert = issue(ca_key, ca, "Leaked signer", not_before=now - dt.timedelta(hours=1), not_after=not_after)
    (folder / "chain.pem").write_bytes(pem(cert) + pem(ca))
    (folder / "key.pem").write_bytes(key_pem(key))
    (folder / "root.pem").write_bytes(pem(ca))
    return folder / "chain.pem", folder / "key.pem", folder / "root.pem", not_after


def test_a_self_run_tsa_cannot_keep_an_expired_certificate_valid(tmp_path, monkeypatch):
    chain, key, root, not_after = _short_chain(tmp_path, 3)
    with tsa_server(tmp_path / "rogue-tsa", name="Rogue TSA") as rogue:
        s = StudioSettings(data_dir=tmp_path / "data", c2pa_cert_chain=chain, c2pa_private_key=key,
                           c2pa_trust_anchors=root, tsa_url=rogue.url)
        # the attacker's own copy of the pipeline, without the read-back that refuses untrusted time-stamps
        monkeypatch.setattr(pipeline, "_step_readback",
                            lambda data, fmt, ctx, keys: ManifestReadout(state="Trusted", manifest_label="forged"))
        out = pipeline.disclose(astronaut(256), _context(), settings=s, out_dir=s.outputs_dir)
        assert rogue.queries == 1
    monkeypatch.undo()
    fresh = verify(out.path, settings=s, unsafe_no_registry=True)
    assert problems(fresh) == [] and fresh.time_stamp["state"] == "untrusted"

    time.sleep(max(0.0, (not_after - dt.datetime.now(dt.timezone.utc)).total_seconds()) + 1.5)
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert report.c2pa_state == "Invalid" and "signingCredential.expired" in report.failure_codes
    (reason,) = problems(report)
    assert reason.startswith(f"the signing certificate Leaked signer expired on {not_after:%Y-%m-%d %H:%M} UTC; "
                             "the manifest's time-stamp (")
    assert ("by Rogue TSA) comes from a time-stamp authority that is not trusted here, so it cannot show the file "
            "was signed before then") in reason


@pytest.mark.parametrize("claim", [
    {"version": 1, "time_stamped": True, "time": "2020-01-01T00:00:00Z", "tsa_url": "http://tsa.example/"},
    {"time": "2020-01-01T00:00:00Z", "trusted": True},
])
def test_a_time_written_into_the_manifest_is_not_a_time_stamp(tmp_path, monkeypatch, claim):
    s = StudioSettings(data_dir=tmp_path / "data")
    real_build = c2pa_module.build_manifest

    def forged(*args, **kwargs):
        m = real_build(*args, **kwargs)
        m["assertions"].append({"label": TIME_STAMP_GAP_LABEL, "data": claim})
        return m

    monkeypatch.setattr(c2pa_module, "build_manifest", forged)
    out = pipeline.disclose(astronaut(256), _context(), settings=s, out_dir=s.outputs_dir)
    report = verify(out.path, settings=s, unsafe_no_registry=True)
    assert report.time_stamp["state"] == "none" and report.time_stamp["gap"] is None
    assert report.time_stamp["message"] == "manifest carries no trusted time-stamp"
