"""A configured signing keyring: a production chain and key, or a signing callback for an HSM/KMS."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from creator.disclosure._pipeline import disclose
from creator.disclosure.keys import (
    Keyring,
    load_keyring,
    show,
)
from creator.errors import DisclosureError
from creator.verify import verify


# --- production chain / callback -------------------------------------------------------


def test_configured_chain_signs_trusted_and_creates_no_local_ca(production_chain, make_settings, photo, make_context):
    chain, key, anchors = production_chain
    s = make_settings("prod", c2pa_cert_chain=chain, c2pa_private_key=key, c2pa_trust_anchors=anchors)
    out = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert verify(out.path, settings=s, unsafe_no_registry=True).c2pa_state == "Trusted"
    assert show(s).source == "configured-chain"
    assert not (s.c2pa_dir / "signer.key.pem").exists()


def test_configured_chain_without_its_root_as_anchor_fails_closed(production_chain, make_settings, photo, make_context):
    chain, key, anchors = production_chain
    s = make_settings("prod", c2pa_cert_chain=chain, c2pa_private_key=key)
    # `c2pa show` says so before anything is signed (a self-hosting admin's walkthrough, session 66)
    assert show(s).anchored is False
    assert show(make_settings("prod2", c2pa_cert_chain=chain, c2pa_private_key=key, c2pa_trust_anchors=anchors)).anchored
    with pytest.raises(DisclosureError, match="C2PA state Valid .* not a trust anchor"):
        disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir)
    assert not s.outputs_dir.exists() or not any(s.outputs_dir.iterdir())


def test_a_studio_that_signed_with_its_production_chain_never_falls_back_to_the_test_ca(
        production_chain, make_settings, photo, make_context):
    """A self-hosting admin's walkthrough (session 66): the service lost its C2PA variables and the
    studio went on signing every output with the local TEST certificate, without a word."""
    chain, key, anchors = production_chain
    prod = make_settings("prod", c2pa_cert_chain=chain, c2pa_private_key=key, c2pa_trust_anchors=anchors)
    disclose(photo, make_context(), settings=prod, out_dir=prod.outputs_dir)
    made = sorted(prod.outputs_dir.iterdir())
    lost = make_settings("prod")  # the same installation, its three settings gone
    with pytest.raises(DisclosureError, match=r"signs with a configured production C2PA certificate \(.*\), but "
                                              r"CONSENT_STUDIO_C2PA_CERT_CHAIN .* not set now: nothing was signed"):
        disclose(photo, make_context(), settings=lost, out_dir=lost.outputs_dir)
    assert sorted(lost.outputs_dir.iterdir()) == made  # nothing new written
    assert not (lost.c2pa_dir / "signer.key.pem").exists()  # and no test CA made
    with pytest.raises(DisclosureError, match="Set them again, with c2pa_trust_anchors"):
        show(lost)  # `c2pa show` says the same
    assert show(prod).source == "configured-chain"  # set again: it signs as before


def test_chain_without_key_is_a_configuration_error(production_chain, make_settings):
    chain, _, _ = production_chain
    s = make_settings("prod", c2pa_cert_chain=chain)
    with pytest.raises(DisclosureError, match="c2pa_cert_chain is set but c2pa_private_key is not"):
        load_keyring(s)


def test_self_signed_certificate_is_rejected_up_front(production_chain, make_settings, tmp_path):
    _, key, _ = production_chain
    ca_only = tmp_path / "root-as-signer.pem"
    ca_only.write_bytes((tmp_path / "issuer" / "c2pa" / "local-test-ca.cert.pem").read_bytes())
    s = make_settings("prod", c2pa_cert_chain=ca_only, c2pa_private_key=key)
    with pytest.raises(DisclosureError, match="CA certificate .*self-signed"):
        load_keyring(s)


def test_signing_callback_for_an_hsm_signs_trusted(production_chain, make_settings, photo, make_context):
    chain, key_path, anchors = production_chain
    hsm_key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    calls = []

    def hsm_sign(data: bytes) -> bytes:
        calls.append(len(data))
        return hsm_key.sign(data, ec.ECDSA(hashes.SHA256()))

    keyring = Keyring.from_callback(hsm_sign, chain.read_bytes(), trust_anchors_pem=anchors.read_text())
    s = make_settings("hsm", c2pa_trust_anchors=anchors)
    out = disclose(photo, make_context(), settings=s, out_dir=s.outputs_dir, keyring=keyring)
    assert calls, "the callback was never asked to sign"
    assert verify(out.path, settings=s, unsafe_no_registry=True).c2pa_state == "Trusted"


