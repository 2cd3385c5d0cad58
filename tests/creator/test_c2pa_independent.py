"""An independent C2PA implementation (@trustnxt/c2pa-ts, pure TypeScript) validates our
files, and node:crypto checks the certificate chain up to our root separately.

Files are signed during the run: c2pa-ts checks certificate validity at verification time.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parents[1] / "js"


@pytest.fixture
def node() -> str:
    import shutil

    path = shutil.which("node")
    missing = None
    if path is None:
        missing = "node is not installed"
    elif not (JS_DIR / "node_modules" / "@trustnxt" / "c2pa-ts").is_dir():
        missing = f"{JS_DIR}/node_modules is missing (run `npm ci --ignore-scripts` in tests/js)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    return path


def _check(node: str, file: Path, root: Path) -> tuple[int, dict]:
    r = subprocess.run([node, "verify.mjs", str(file), str(root)], cwd=JS_DIR, capture_output=True,
                       text=True, timeout=60)
    assert r.stdout.strip(), r.stderr
    return r.returncode, json.loads(r.stdout)


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_c2pa_ts_validates_our_manifest_and_chain(node, signed, fmt):
    out, s = signed(fmt)
    rc, res = _check(node, out.path, s.c2pa_dir / "local-test-ca.cert.pem")
    assert res["valid"] is True, res["errors"]
    assert "claimSignature.validated" in res["codes"] and "assertion.dataHash.match" in res["codes"]
    assert "org.consent-studio.likeness-consent" in res["assertions"]
    assert "cawg.training-mining" in res["assertions"]
    assert res["chain_to_root"] is True and rc == 0


def test_c2pa_ts_reports_tampered_pixels(node, signed, tamper):
    out, s = signed("png")
    tamper.flip_byte(out.path, tamper.pixel_offset(out.path))
    rc, res = _check(node, out.path, s.c2pa_dir / "local-test-ca.cert.pem")
    assert rc == 1 and res["valid"] is False
    assert "assertion.dataHash.mismatch" in res["codes"]


def test_chain_check_rejects_a_foreign_root(node, signed, make_settings):
    from creator.disclosure.keys import init_local_ca

    out, _ = signed("png")
    other = make_settings("other")
    init_local_ca(other)
    rc, res = _check(node, out.path, other.c2pa_dir / "local-test-ca.cert.pem")
    assert res["valid"] is True  # the manifest itself is fine ...
    assert res["chain_to_root"] is False and rc == 1  # ... but it does not chain to that root
