"""Adversary 14: ``consent-studio verify`` prints text from a hostile file to the operator's terminal.

An operator verifies a file someone sent in (a complaint, a takedown request). verify's
reasons quote the file's XMP: "XMP DigitalSourceType <value> differs from the manifest's …".
The value is whatever the file says, control characters included, and the CLI prints the
report's summary with ``click.echo`` — which strips ANSI sequences only when the output is not
a terminal. So a file whose XMP reads ``ESC[2K CR "OK: <its path>" ESC[8m`` shows the operator
one line, ``OK: /…/evidence.png``, on an interactive terminal: the FAIL line is erased and the
rest is hidden (the exit status stays 1). Other sequences set the window title or write the
clipboard (OSC 52) on terminals that allow it.

Here the file is a studio output whose XMP was edited (so its C2PA hard binding breaks and
verify FAILs, quoting the edited value). ``--json`` escapes control characters; the plain
output must not carry them either.
"""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from click.testing import CliRunner

from creator.cli import cli
from studio_world import StubEngine, noise

_XMP_KEY = b"XML:com.adobe.xmp"


def _with_xmp_value(png: bytes, value: str) -> bytes:
    """``png`` with its XMP DigitalSourceType replaced by ``value`` (chunk CRCs recomputed)."""
    out, pos = bytearray(png[:8]), 8
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"iTXt" and body.startswith(_XMP_KEY + b"\x00"):
            rest = body[len(_XMP_KEY) + 1:]
            compressed, rest = rest[0], rest[2:]
            lang, rest = rest.split(b"\x00", 1)
            tkey, text = rest.split(b"\x00", 1)
            xmp = (zlib.decompress(text) if compressed else text).decode("utf-8")
            edited = re.sub(r"(<Iptc4xmpExt:DigitalSourceType>)[^<]*", lambda m: m.group(1) + value, xmp)
            assert edited != xmp
            body = _XMP_KEY + b"\x00\x00\x00" + lang + b"\x00" + tkey + b"\x00" + edited.encode("utf-8")
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return bytes(out)


def test_verify_prints_no_control_characters_from_the_file(stub_world, tmp_path):
    world = stub_world
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    out = world.studio(StubEngine(images=[noise(256, seed=3)])).generate(
        world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    evidence = tmp_path / "evidence.png"
    evidence.write_bytes(_with_xmp_value(out.path.read_bytes(), f"\x1b[2K\rOK: {evidence}\x1b[8m"))
    world.registry.close()

    # color=True: what an interactive terminal receives (click strips ANSI only when it is not a tty)
    result = CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), "verify", str(evidence)],
                                catch_exceptions=False, color=True)
    assert result.exit_code == 1 and result.output.startswith("FAIL: "), result.output
    controls = sorted({hex(ord(ch)) for ch in result.output if ord(ch) < 0x20 and ch not in "\n\t" or ord(ch) == 0x7F})
    assert not controls, f"control characters from the file reach the terminal: {controls}: {result.output!r}"
