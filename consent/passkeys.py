"""Passkey (WebAuthn) signatures over grants, verified with py_webauthn.

A person signs a grant with a passkey on their own device: the WebAuthn challenge is the
sha256 of the grant's canonical JSON, so the authenticator's signature (over
``authenticator_data || sha256(client_data_json)``) covers exactly that grant. The stored
:class:`~consent.records.Signature` keeps everything needed to check it offline, for as long
as the grant exists: the credential's COSE public key, the signature and a
:class:`~consent.records.WebAuthnProof` (authenticator data, client data, credential id,
relying party id, origin).

A passkey's key id is ``passkey:`` + 16 hex digits of sha256(COSE public key), so it can sit in
a subject's ``key_ids`` (or a representative's ``key_id``) beside Ed25519 keys and the policy's
trust check treats both alike. Every failure raises :class:`~consent.errors.SignatureInvalid`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from consent.errors import SignatureInvalid
from consent.records import Signature, SignerRole, WebAuthnProof

__all__ = [
    "passkey_key_id",
    "b64url",
    "from_b64url",
    "grant_challenge",
    "verify_passkey_signature",
    "RegisteredPasskey",
    "verify_registration",
    "verify_assertion",
    "signature_from_assertion",
]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise SignatureInvalid(f"value {text[:16]!r}… is not base64url") from None


def passkey_key_id(cose_public_key: bytes) -> str:
    """Stable id of a passkey: ``passkey:`` + 16 hex of sha256(COSE public key)."""
    return "passkey:" + hashlib.sha256(cose_public_key).hexdigest()[:16]


def grant_challenge(payload: bytes) -> bytes:
    """The WebAuthn challenge for a grant: sha256 of its canonical JSON (32 bytes)."""
    return hashlib.sha256(payload).digest()


def _credential_json(credential_id: str, authenticator_data: str, client_data_json: str, signature: bytes,
                     user_handle: str | None = None) -> dict[str, Any]:
    resp: dict[str, Any] = {"authenticatorData": authenticator_data, "clientDataJSON": client_data_json,
                            "signature": b64url(signature)}
    if user_handle:
        resp["userHandle"] = user_handle
    return {"id": credential_id, "rawId": credential_id, "type": "public-key", "response": resp}


def _verify(credential: dict[str, Any], *, challenge: bytes, rp_id: str, origin: str, public_key: bytes,
            sign_count: int) -> int:
    from webauthn import verify_authentication_response
    from webauthn.helpers.exceptions import InvalidAuthenticationResponse

    try:
        v = verify_authentication_response(credential=credential, expected_challenge=challenge, expected_rp_id=rp_id,
                                           expected_origin=origin, credential_public_key=public_key,
                                           credential_current_sign_count=sign_count, require_user_verification=True)
    except InvalidAuthenticationResponse as e:
        if "sign count" in str(e).lower():  # (a talent walkthrough, session 66: the library's words, shown raw)
            raise SignatureInvalid("this passkey's use counter went backwards, as a copied passkey's does: it is "
                                   "refused for safety; tell the studio (passkey assertion does not verify: "
                                   f"{e})") from None
        raise SignatureInvalid(f"passkey assertion does not verify: {e}") from None
    except Exception as e:  # noqa: BLE001 - a malformed assertion (bad CBOR, bad JSON) is an invalid one
        raise SignatureInvalid(f"passkey assertion is malformed: {e}") from None
    return int(v.new_sign_count)


def verify_passkey_signature(payload: bytes, signature: Signature) -> None:
    """Check offline that a passkey ``signature`` covers ``payload`` (a grant's canonical JSON)."""
    w = signature.webauthn
    if w is None:
        raise SignatureInvalid(f"signature by {signature.key_id} has no webauthn data; expected a passkey assertion")
    key = base64.b64decode(signature.public_key)
    actual = passkey_key_id(key)
    if actual != signature.key_id:
        raise SignatureInvalid(f"signature claims key {signature.key_id} but carries key {actual}")
    try:
        client = json.loads(from_b64url(w.client_data_json))
    except ValueError:
        raise SignatureInvalid(f"signature by {signature.key_id}: client data is not JSON") from None
    if client.get("challenge") != b64url(grant_challenge(payload)):
        raise SignatureInvalid(f"signature by {signature.key_id} ({signature.role}) does not match the content; it was "
                               "altered after signing or signed for another grant")
    cred = _credential_json(w.credential_id, w.authenticator_data, w.client_data_json, base64.b64decode(signature.signature))
    _verify(cred, challenge=grant_challenge(payload), rp_id=w.rp_id, origin=w.origin, public_key=key, sign_count=0)


@dataclass(frozen=True)
class RegisteredPasskey:
    """A credential created by a registration ceremony (verified, not yet bound to anyone)."""

    credential_id: str  # base64url
    public_key: bytes  # COSE
    sign_count: int

    @property
    def key_id(self) -> str:
        return passkey_key_id(self.public_key)


def verify_registration(credential: dict[str, Any] | str, *, challenge: bytes, rp_id: str, origin: str) -> RegisteredPasskey:
    """Verify a ``navigator.credentials.create()`` response (attestation is not required)."""
    from webauthn import verify_registration_response

    try:
        v = verify_registration_response(credential=credential, expected_challenge=challenge, expected_rp_id=rp_id,
                                         expected_origin=origin, require_user_verification=True)
    except Exception as e:  # noqa: BLE001 - InvalidRegistrationResponse or a malformed body
        raise SignatureInvalid(f"passkey registration does not verify: {e}") from None
    return RegisteredPasskey(b64url(v.credential_id), bytes(v.credential_public_key), int(v.sign_count))


def _assertion_parts(credential: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(credential, str):
        try:
            credential = json.loads(credential)
        except ValueError:
            raise SignatureInvalid("passkey assertion is not JSON") from None
    if not isinstance(credential, dict) or not isinstance(credential.get("response"), dict):
        raise SignatureInvalid("passkey assertion has no response; expected the result of navigator.credentials.get()")
    return credential


def verify_assertion(credential: dict[str, Any] | str, *, challenge: bytes, rp_id: str, origin: str, public_key: bytes,
                     sign_count: int) -> int:
    """Verify a live ``navigator.credentials.get()`` response; returns the new sign count.

    ``sign_count`` is the count stored for this credential: a response whose count does not
    grow (when the authenticator keeps one) is a replay and is refused.
    """
    return _verify(_assertion_parts(credential), challenge=challenge, rp_id=rp_id, origin=origin,
                   public_key=public_key, sign_count=sign_count)


def signature_from_assertion(credential: dict[str, Any] | str, *, public_key: bytes, role: SignerRole | str, rp_id: str,
                             origin: str) -> Signature:
    """The grant :class:`Signature` a verified assertion becomes (what is stored and checked offline)."""
    c = _assertion_parts(credential)
    r = c["response"]
    try:
        proof = WebAuthnProof(credential_id=str(c.get("id") or ""), authenticator_data=str(r.get("authenticatorData") or ""),
                              client_data_json=str(r.get("clientDataJSON") or ""), rp_id=rp_id, origin=origin)
        return Signature(key_id=passkey_key_id(public_key), role=SignerRole(role),
                         public_key=base64.b64encode(public_key).decode("ascii"),
                         signature=base64.b64encode(from_b64url(str(r.get("signature") or ""))).decode("ascii"),
                         webauthn=proof)
    except ValueError as e:
        raise SignatureInvalid(f"passkey assertion is malformed: {e}") from None
