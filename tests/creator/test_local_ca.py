"""The local test CA's lifecycle: init, idempotence, corrupt files, rotation, secrecy of the keys."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from creator.cli import cli
from creator.cli._common import CliState
from creator.disclosure import disclose
from creator.disclosure.keys import (
    LOCAL_CA_COMMON_NAME,
    init_local_ca,
    load_keyring,
    rotate,
    show,
)
from creator.errors import DisclosureError
from creator.verify import verify


def _c2pa(settings, *args: str):
    """``consent-studio c2pa ARGS`` on these settings (the real root group, embedded)."""
    return CliRunner().invoke(cli, ["c2pa", *args], obj=CliState(settings=settings))


def _private_pems(settings) -> list[bytes]:
    return [p.read_bytes() for p in settings.c2pa_dir.glob("*.key.pem")]


def _key_body(pem: bytes) -> bytes:
    """The base64 body of a PEM key (what would leak), without the armour lines."""
    return b"".join(line for line in pem.splitlines() if not line.startswith(b"-----"))


# --- local test CA --------------------------------------------------------------------


def test_init_creates_private_files_and_a_plainly_named_local_ca(settings):
    info = init_local_ca(settings)
    d = settings.c2pa_dir
    assert stat.S_IMODE(d.stat().st_mode) == 0o700
    files = sorted(p.name for p in d.iterdir())
    assert files == ["local-test-ca.cert.pem", "local-test-ca.key.pem", "signer.chain.pem", "signer.key.pem"]
    for p in d.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    root = x509.load_pem_x509_certificate((d / "local-test-ca.cert.pem").read_bytes())
    assert root.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == LOCAL_CA_COMMON_NAME
    assert LOCAL_CA_COMMON_NAME in info.trust_anchor_subjects[0]
    assert info.source == "local-test-ca" and info.algorithm == "ES256"


def test_signing_certificate_has_the_profile_c2pa_requires(settings):
    init_local_ca(settings)
    leaf, root = x509.load_pem_x509_certificates((settings.c2pa_dir / "signer.chain.pem").read_bytes())
    ext = leaf.extensions
    assert ext.get_extension_for_class(x509.KeyUsage).value.digital_signature
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in ext.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ext.get_extension_for_class(x509.BasicConstraints).value.ca is False
    aki = ext.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    assert aki == root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.key_identifier
    assert leaf.issuer == root.subject and leaf.subject != leaf.issuer
    leaf.verify_directly_issued_by(root)


def test_init_is_idempotent(settings):
    first = init_local_ca(settings)
    second = init_local_ca(settings)
    assert first.signer_serial == second.signer_serial


def test_incomplete_key_directory_is_an_error_not_silently_replaced(settings):
    init_local_ca(settings)
    (settings.c2pa_dir / "signer.key.pem").unlink()
    with pytest.raises(DisclosureError, match=r"incomplete: signer\.key\.pem missing"):
        load_keyring(settings)


def test_corrupt_key_file_gives_a_clear_error_without_echoing_it(settings):
    init_local_ca(settings)
    key_file = settings.c2pa_dir / "signer.key.pem"
    secret_garbage = b"-----BEGIN PRIVATE KEY-----\nTOPSECRETNOTAKEY\n-----END PRIVATE KEY-----\n"
    key_file.write_bytes(secret_garbage)
    with pytest.raises(DisclosureError, match="not a readable PEM private key") as e:
        load_keyring(settings)
    assert "TOPSECRET" not in str(e.value)


def test_key_of_another_certificate_is_rejected(settings, make_settings):
    other = make_settings("other")
    init_local_ca(settings)
    init_local_ca(other)
    (settings.c2pa_dir / "signer.key.pem").write_bytes((other.c2pa_dir / "signer.key.pem").read_bytes())
    with pytest.raises(DisclosureError, match="does not match the first certificate"):
        load_keyring(settings)


# --- rotation ---------------------------------------------------------------------------


def test_rotate_keeps_old_files_trusted_and_retires_the_old_cert(signed):
    old, s = signed("png")
    before = show(s)
    after = rotate(s)
    assert after.signer_serial != before.signer_serial
    assert len(after.retired_certificates) == 1 and after.retired_certificates[0].exists()
    assert verify(old.path, settings=s).c2pa_state == "Trusted"


def test_rotate_with_new_ca_keeps_the_old_root_as_anchor(signed, photo, make_context):
    old, s = signed("png")
    rotate(s, new_ca=True)
    assert verify(old.path, settings=s).c2pa_state == "Trusted"
    new = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert verify(new.path, settings=s).c2pa_state == "Trusted"
    assert len(show(s).trust_anchor_subjects) == 2


def test_rotate_refuses_a_configured_production_chain(production_chain, make_settings):
    chain, key, anchors = production_chain
    s = make_settings("prod", c2pa_cert_chain=chain, c2pa_private_key=key, c2pa_trust_anchors=anchors)
    with pytest.raises(DisclosureError, match="only rotates the local test CA"):
        rotate(s)


# --- secrecy ----------------------------------------------------------------------------


def test_private_keys_never_appear_in_signed_files_or_cli_output(signed):
    out, s = signed("jpeg")
    signing_keys = _private_pems(s)  # the keys that signed `out` (rotate replaces one)
    texts = [_c2pa(s, cmd, "--json") for cmd in ("init", "show", "rotate")]
    texts += [_c2pa(s, "show")]
    for r in texts:
        assert r.exit_code == 0, r.output
    json.loads(texts[1].output)  # --json is valid JSON
    all_keys = signing_keys + _private_pems(s)
    assert len(all_keys) == 4
    for pem in all_keys:
        body = _key_body(pem)
        assert body[:40] not in out.data
        for r in texts:
            assert body[:40].decode() not in r.output
            assert "PRIVATE KEY" not in r.output


def test_show_json_names_files_and_certificate_not_key(settings):
    r = _c2pa(settings, "show", "--json")
    assert r.exit_code == 0, r.output
    info = json.loads(r.output)
    assert info["key_path"].endswith("signer.key.pem")
    assert info["signer_issuer"].startswith("O=Consent Studio LOCAL TEST,CN=Consent Studio LOCAL TEST CA")
