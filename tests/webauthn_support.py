"""A software WebAuthn authenticator for model-level tests (the browser test uses Chromium's
virtual authenticator instead). It makes real P-256 keys, real CBOR attestation objects
("none" attestation) and real ES256 assertions, exactly as a platform authenticator sends them.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from consent.passkeys import b64url, from_b64url

ORIGIN = "http://localhost:8000"
RP_ID = "localhost"


@dataclass
class SoftAuthenticator:
    rp_id: str = RP_ID
    origin: str = ORIGIN
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    credential_id: bytes = field(default_factory=lambda: os.urandom(16))
    sign_count: int = 0
    user_handle: bytes | None = None

    @property
    def cose_key(self) -> bytes:
        n = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: n.x.to_bytes(32, "big"), -3: n.y.to_bytes(32, "big")})

    def _client(self, kind: str, challenge: bytes, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": b64url(challenge), "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def create(self, options: dict[str, Any], origin: str | None = None) -> dict[str, Any]:
        """``navigator.credentials.create()`` for options as the server sends them (JSON)."""
        challenge = from_b64url(options["challenge"])
        self.user_handle = from_b64url(options["user"]["id"])
        rp = hashlib.sha256(options["rp"].get("id", self.rp_id).encode()).digest()
        att = (rp + bytes([0x45]) + struct.pack(">I", self.sign_count) + bytes(16)
               + struct.pack(">H", len(self.credential_id)) + self.credential_id + self.cose_key)
        obj = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": att})
        cid = b64url(self.credential_id)
        return {"id": cid, "rawId": cid, "type": "public-key",
                "response": {"clientDataJSON": b64url(self._client("webauthn.create", challenge, origin)),
                             "attestationObject": b64url(obj)}}

    def get(self, challenge_b64url: str, origin: str | None = None, rp_id: str | None = None) -> dict[str, Any]:
        """``navigator.credentials.get()``: an ES256 assertion over the given challenge."""
        self.sign_count += 1
        auth = hashlib.sha256((rp_id or self.rp_id).encode()).digest() + bytes([0x05]) + struct.pack(">I", self.sign_count)
        client = self._client("webauthn.get", from_b64url(challenge_b64url), origin)
        sig = self.key.sign(auth + hashlib.sha256(client).digest(), ec.ECDSA(hashes.SHA256()))
        cid = b64url(self.credential_id)
        resp = {"authenticatorData": b64url(auth), "clientDataJSON": b64url(client), "signature": b64url(sig)}
        if self.user_handle:
            resp["userHandle"] = b64url(self.user_handle)
        return {"id": cid, "rawId": cid, "type": "public-key", "response": resp}


def passkey_sign(drafts, token: str, auth: SoftAuthenticator, *, origin: str | None = None):
    """Sign a draft through its link as the talent page does: create a passkey on first signing
    (registration verified by the server), then an assertion over the grant's digest."""
    from consent.passkeys import grant_challenge, signature_from_assertion, verify_registration

    ctx = drafts.open(token)
    new = None
    if not ctx.passkeys:
        challenge = os.urandom(32)
        reg = auth.create({"challenge": b64url(challenge), "user": {"id": b64url(ctx.subject.ref.encode()), "name": ctx.signer_name,
                                                                      "displayName": ctx.signer_name},
                           "rp": {"id": auth.rp_id, "name": "Consent Studio"}}, origin)
        new = verify_registration(reg, challenge=challenge, rp_id=auth.rp_id, origin=origin or auth.origin)
        public_key = new.public_key
    else:
        public_key = next((p.public_key for p in ctx.passkeys if p.credential_id == b64url(auth.credential_id)),
                          ctx.passkeys[0].public_key)
    assertion = auth.get(b64url(grant_challenge(ctx.payload)), origin)
    sig = signature_from_assertion(assertion, public_key=public_key, role=ctx.role, rp_id=auth.rp_id,
                                   origin=origin or auth.origin)
    return drafts.sign(token, sig, new_passkey=new, rp_id=auth.rp_id)
