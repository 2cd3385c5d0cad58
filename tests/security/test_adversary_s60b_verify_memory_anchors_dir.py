"""Red team s60b: verify's memory of a *Trusted* C2PA readout, when the anchors folder holds a CA
that is not one of this installation's.

Commit 82aafad stops asking c2pa for the end of validity of the certificate that signed a file
when "every trust anchor is one of this installation's own local CAs"
(``creator.disclosure.keys.anchors_are_this_installations``), and remembers a Trusted readout
until the end of *our* certificate of that serial and name. The test it makes is only
``settings.c2pa_trust_anchors is None``; but the anchors are also every ``*.pem`` in
``<c2pa dir>/anchors/`` (``_trust_anchors_pem``), a folder named for what it does, where an
operator puts a partner's or a second studio's CA to verify their files (or a restore puts back
whatever was there). Such a CA can issue a certificate with this installation's serial and name
— both public in every output's manifest — and a life of seconds: its file is then remembered as
Trusted until our certificate ends (years), long after c2pa itself says it expired. This is the
attack of tests/security/test_adversary5_foreign_signer.py, with the partner CA in the anchors
folder instead of ``C2PA_TRUST_ANCHORS``.

Expected: a file whose own certificate has expired does not read Trusted from memory, whichever
way its issuer became an anchor (e.g. ask c2pa for the signer's end unless every anchor is a CA
this installation made, checked by key, not by the setting).
"""

from __future__ import annotations

import datetime as dt
import io
import time

import c2pa
import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from test_adversary5_foreign_signer import _look_alike, _partner_ca

from creator import verify as verify_mod
from creator.disclosure import c2pa as c2pa_mod
from creator.disclosure import keys as keys_mod
from creator.verify import verify

_LIFE_S = 4


def test_a_look_alike_from_a_ca_in_the_anchors_folder_is_not_trusted_from_memory_after_it_expired(stub_world, tmp_path):
    """Attack: a partner CA placed in ``<c2pa dir>/anchors/`` issues a 4-second certificate with our
    signer's serial and name and signs a picture with it; the studio verifies it (Trusted, it is
    valid now), then again after it expired. Expected: the second verify is not Trusted ("expired")."""
    world = stub_world
    world.studio().generate(world.request(prompt="a harbour at dawn"))  # the installation's own signer
    ours = x509.load_pem_x509_certificates((world.settings.c2pa_dir / keys_mod._SIGNER_CHAIN).read_bytes())[0]
    ca_key, ca_cert = _partner_ca()
    folder = world.settings.c2pa_dir / keys_mod._ANCHORS
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "partner-studio-ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    settings = world.settings
    assert settings.c2pa_trust_anchors is None

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
    verify_mod._forget()  # control: read afresh, c2pa itself says the certificate expired
    fresh = verify(path, settings=settings, registry=world.registry)
    assert fresh.c2pa_state != "Trusted" and any("expired" in r for r in fresh.reasons), fresh.reasons
    assert after.c2pa_state != "Trusted", ("a certificate that expired still reads Trusted from verify's memory "
                                           "(its issuer is an anchor from the anchors folder)")
