"""Ed25519 keys, key ids, key files and signatures over canonical JSON."""

from __future__ import annotations

import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from consent.errors import SignatureInvalid
from consent.records import SignedGrant
from consent.signing import (
    generate_key, generate_key_files, key_id, load_private_key, load_public_key, public_key_from_pem, public_key_pem,
    sign_grant, verify_signed_grant,
)


def test_key_id_is_stable_and_bound_to_the_key():
    k = generate_key()
    kid = key_id(k)
    assert kid.startswith("ed25519:") and len(kid) == len("ed25519:") + 16
    assert key_id(k.public_key()) == kid == key_id(public_key_from_pem(public_key_pem(k)))
    assert key_id(generate_key()) != kid


def test_key_files_round_trip_private_key_is_0600(tmp_path):
    kf = generate_key_files(tmp_path / "keys", "jane")
    assert stat.S_IMODE(kf.private_path.stat().st_mode) == 0o600
    assert key_id(load_private_key(kf.private_path)) == kf.key_id == key_id(load_public_key(kf.public_path))
    with pytest.raises(SignatureInvalid, match="already exists"):
        generate_key_files(tmp_path / "keys", "jane")


def test_wrong_password_is_a_clear_error(tmp_path):
    kf = generate_key_files(tmp_path, "enc", password=b"correct horse")
    assert key_id(load_private_key(kf.private_path, b"correct horse")) == kf.key_id
    with pytest.raises(SignatureInvalid, match="wrong password for key file"):
        load_private_key(kf.private_path, b"battery staple")
    with pytest.raises(SignatureInvalid, match="is encrypted; expected a password"):
        load_private_key(kf.private_path)


def test_malformed_key_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.key.pem"
    bad.write_text("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n")
    with pytest.raises(SignatureInvalid, match="is not a PEM private key"):
        load_private_key(bad)
    with pytest.raises(SignatureInvalid, match="cannot read key file"):
        load_private_key(tmp_path / "missing.pem")


def test_rsa_key_is_rejected(tmp_path):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p = tmp_path / "rsa.pem"
    p.write_bytes(rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with pytest.raises(SignatureInvalid, match="holds a .*RSA.*; expected an Ed25519 private key"):
        load_private_key(p)
    pub = tmp_path / "rsa.pub.pem"
    pub.write_bytes(rsa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(SignatureInvalid, match="expected an Ed25519 public key"):
        load_public_key(pub)


def test_private_key_file_given_as_public_key(tmp_path):
    kf = generate_key_files(tmp_path, "k")
    with pytest.raises(SignatureInvalid, match="holds a private key"):
        load_public_key(kf.private_path)


def test_several_signatures_verify(make_grant, sign, keys):
    verify_signed_grant(sign(make_grant(signer_role="guardian"), (keys.guardian, "guardian"), (keys.subject, "self")))


def test_tampered_content_fails_verification(make_grant, sign, keys):
    s = sign(make_grant(), (keys.subject, "self"))
    forged = SignedGrant(grant=make_grant(grantee="Someone Else"), signatures=s.signatures)
    with pytest.raises(SignatureInvalid, match="grant g-123: signature by ed25519:.* does not match the content"):
        verify_signed_grant(forged)


def test_signature_claiming_another_key_id_fails(make_grant, keys):
    g = make_grant()
    sig = sign_grant(g, keys.stranger, "self").model_copy(update={"key_id": key_id(keys.subject)})
    with pytest.raises(SignatureInvalid, match="claims key .* but carries key"):
        verify_signed_grant(SignedGrant(grant=g, signatures=(sig,)))


def test_a_key_file_holding_two_keys_is_refused_not_read_as_its_first(tmp_path):
    """A file of two concatenated public keys (an operator's slip, or a swap in the making) was
    read as its first key, silently: which one was meant is not the studio's to guess."""
    a, b = public_key_pem(generate_key()), public_key_pem(generate_key())
    path = tmp_path / "two.pub.pem"
    path.write_text(a + b)
    with pytest.raises(SignatureInvalid, match="holds 2 PEM blocks; expected exactly one"):
        load_public_key(path)
    with pytest.raises(SignatureInvalid, match="2 PEM blocks"):
        public_key_from_pem(a + "\n" + b)
    assert key_id(public_key_from_pem(a)) == key_id(load_public_key(_write(tmp_path / "one.pub.pem", a)))


def _write(path, text):
    path.write_text(text)
    return path
