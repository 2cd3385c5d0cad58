"""verify remembers a *Trusted* C2PA readout until "the signing chain could expire" — the
installation's certificate found by the manifest's serial number and common name. Both are
public (every output's manifest shows them), so a certificate from another trusted anchor (a
partner CA in ``c2pa_trust_anchors``) can carry the same serial and name with a short life:
its files must stop reading Trusted when *that* certificate expires, as c2pa says of them
without the memory."""

from __future__ import annotations

import datetime as dt
import io
import time

import c2pa
import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

from creator import verify as verify_mod
from creator.disclosure import c2pa as c2pa_mod
from creator.disclosure import keys as keys_mod
from creator.verify import verify

_LIFE_S = 4


def _partner_ca():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Partner CA"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Partner")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _look_alike(ca_key, ca_cert, ours: x509.Certificate, not_after: dt.datetime):
    """A leaf of the partner CA with our signer's serial number and subject."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(ours.subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(ours.serial_number)
            .not_valid_before(dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def test_a_look_alike_certificate_that_expired_is_not_trusted_from_memory(stub_world, tmp_path):
    world = stub_world
    world.studio().generate(world.request(prompt="a harbour at dawn"))  # the installation's own signer
    ours = x509.load_pem_x509_certificates((world.settings.c2pa_dir / keys_mod._SIGNER_CHAIN).read_bytes())[0]
    ca_key, ca_cert = _partner_ca()
    anchors = tmp_path / "partner-ca.pem"
    anchors.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    settings = world.settings.model_copy(update={"c2pa_trust_anchors": anchors})

    expires = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=_LIFE_S)
    key, leaf = _look_alike(ca_key, ca_cert, ours, expires)
    pem = serialization.Encoding.PEM
    chain = leaf.public_bytes(pem) + ca_cert.public_bytes(pem)
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, key_pem, None))
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(3).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(buf, "PNG")
    signed = io.BytesIO()
    with c2pa.Builder({"claim_generator_info": [{"name": "partner", "version": "1"}], "title": "x.png",
                       "format": "image/png", "assertions": []}, context=c2pa_mod._builder_context()) as builder:
        builder.set_intent(c2pa.C2paBuilderIntent.CREATE, next(iter(c2pa_mod._DST_ENUM.values())))
        builder.sign(signer, "image/png", io.BytesIO(buf.getvalue()), signed)
    path = tmp_path / "partner.png"
    path.write_bytes(signed.getvalue())

    verify_mod._forget()
    first = verify(path, settings=settings, registry=world.registry)
    assert first.c2pa_state == "Trusted", first.reasons
    time.sleep(max(0.0, (expires - dt.datetime.now(dt.timezone.utc)).total_seconds()) + 1.5)
    after = verify(path, settings=settings, registry=world.registry)
    assert after.c2pa_state != "Trusted", "an expired certificate still reads Trusted (from verify's memory)"
    assert any("expired" in r for r in after.reasons), after.reasons
