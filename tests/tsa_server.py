"""A real RFC 3161 time-stamp authority on loopback, for tests: ``with tsa_server(tmp) as tsa: tsa.url``.

OpenSSL's own responder (``openssl ts -reply``) answers each time-stamp query; a small
``http.server`` handler on 127.0.0.1 (port 0: any free port) carries the queries to it, as
an RFC 3161 HTTP transport does (``application/timestamp-query`` in,
``application/timestamp-reply`` out). The TSA has its own root CA (``tsa.root_pem``) and an
end-entity certificate with the critical ``timeStamping`` extended key usage. It stamps
with the machine's clock.

``tsa.mode`` switches its behaviour for failure tests: ``"ok"``, ``"http_500"`` (answers
HTTP 500) or ``"garbage"`` (answers 200 with bytes that are no time-stamp reply).
``tsa.queries`` counts the queries it received.

Without the ``openssl`` tool the test is skipped, unless ``$CI`` is set: then it fails.
"""

from __future__ import annotations

import datetime as dt
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = ["TsaServer", "make_ca", "issue", "pem", "key_pem", "tsa_server"]


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Consent Studio TESTS")])


def make_ca(cn: str, *, days: int = 30) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed P-256 root CA valid from a day ago for ``days`` days."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue(ca_key, ca_cert: x509.Certificate, cn: str, *, not_before: dt.datetime, not_after: dt.datetime,
          time_stamping: bool = False) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """An end-entity P-256 certificate: a C2PA signer (EKU emailProtection) or, with
    ``time_stamping``, a TSA (EKU timeStamping, critical, as RFC 3161 requires)."""
    key = ec.generate_private_key(ec.SECP256R1())
    eku = ExtendedKeyUsageOID.TIME_STAMPING if time_stamping else ExtendedKeyUsageOID.EMAIL_PROTECTION
    cert = (
        x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([eku]), critical=time_stamping)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


@dataclass
class TsaServer:
    url: str
    #: PEM of the TSA's root CA (a trust anchor for time-stamps that should count)
    root_pem: bytes
    name: str
    mode: str = "ok"
    queries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def _openssl() -> str:
    path = shutil.which("openssl")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is not installed (CI must install it)")
        pytest.skip("openssl is not installed")
    return path


@contextmanager
def tsa_server(folder: Path, name: str = "Consent Studio TEST TSA") -> Iterator[TsaServer]:
    """Run a time-stamp authority on 127.0.0.1 until the block ends."""
    openssl = _openssl()
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    root_key, root = make_ca(f"{name} root")
    key, cert = issue(root_key, root, name, not_before=now - dt.timedelta(days=1),
                      not_after=now + dt.timedelta(days=30), time_stamping=True)
    (folder / "tsa.key.pem").write_bytes(key_pem(key))
    os.chmod(folder / "tsa.key.pem", 0o600)
    (folder / "tsa.cert.pem").write_bytes(pem(cert))
    (folder / "tsa-root.cert.pem").write_bytes(pem(root))
    (folder / "serial").write_text("01\n")
    config = folder / "tsa.cnf"
    config.write_text(
        "[ tsa ]\ndefault_tsa = tsa_config\n"
        "[ tsa_config ]\n"
        f"dir = {folder}\n"
        "serial = $dir/serial\n"
        "crypto_device = builtin\n"
        "signer_cert = $dir/tsa.cert.pem\n"
        "certs = $dir/tsa-root.cert.pem\n"
        "signer_key = $dir/tsa.key.pem\n"
        "signer_digest = sha256\n"
        "default_policy = 1.3.6.1.4.1.55555.1.1\n"
        "digests = sha256, sha384, sha512\n"
        "accuracy = secs:1\n"
        "ordering = yes\n"
        "tsa_name = yes\n"
        "ess_cert_id_chain = no\n"
        "ess_cert_id_alg = sha256\n"
    )
    state: TsaServer

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            query = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with state._lock:
                state.queries += 1
                mode = state.mode
                if mode == "ok":
                    (folder / "query.tsq").write_bytes(query)
                    r = subprocess.run([openssl, "ts", "-reply", "-config", str(config), "-section", "tsa_config",
                                        "-queryfile", str(folder / "query.tsq"), "-out", str(folder / "reply.tsr")],
                                       capture_output=True, text=True, timeout=30)
                    body = (folder / "reply.tsr").read_bytes() if r.returncode == 0 else b""
                    status = 200 if r.returncode == 0 else 500
                else:
                    status, body = (500, b"") if mode == "http_500" else (200, b"\x30\x03\x02\x01")
            self.send_response(status)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = TsaServer(url=f"http://127.0.0.1:{server.server_address[1]}/tsa", root_pem=pem(root), name=name)
    thread = threading.Thread(target=server.serve_forever, name="test-tsa", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
