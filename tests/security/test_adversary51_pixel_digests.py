"""Red team 51: the pixel-digest path of verify (a PNG copy known by the digest of an output's
exact pixels, recorded and signed with it) attacked by a hostile file, a database editor and the
migration. Three findings were fixed; the rest held and stay pinned:

- An animated PNG whose hidden default image is an output's exact pixels and whose animation frame
  is another picture: viewers show the frame, verify read the default image and vouched for it
  (the watermark path did too, before pixel digests). Now an APNG is refused as such.
- A pixel digest that is no digest ("zz", upper case) written into an output row made verify and
  ``verify_audit`` raise instead of reporting: every malformed output row (its digest, its grant
  ids) is now a registry integrity failure, reported, never a crash.
- Migration 0013's backfill parsed the signed entries unchecked: an entry edited into a JSON list,
  or listing a digest that is no digest, made the upgrade raise (the registry could not be opened,
  so ``audit verify`` could not name the edit). Now such entries write nothing.
"""

from __future__ import annotations

import io
import json
import struct
import time
import zlib

import numpy as np
import pytest
from alembic import command
from PIL import Image
from skimage import data as skdata

from consent.registry import Registry
from creator import verify as verify_mod
from creator.disclosure import fingerprint
from creator.disclosure.watermark import Watermarker
from creator.verify import verify
from studio_world import StubEngine
from studio_world import noise
from verify_support import raw_db


def made(world, picture=None, prompt="a lighthouse at dusk"):
    if "jane" not in getattr(world, "_rt51_people", set()):
        world.add_person("jane", "Jane Doe")
        world.issue_grant("jane", "g-jane-1")
        world._rt51_people = {"jane"}
    picture = picture if picture is not None else Image.fromarray(skdata.chelsea()).resize((512, 512))
    (out,) = world.studio(StubEngine(images=[picture])).generate(
        world.request(prompt=prompt, subjects=("jane",), width=512, height=512)).outputs
    verify_mod._forget()
    return out


def out_pixels(out):
    return verify_mod._decode_rgb(out.path.read_bytes()).copy()


def unrelated(side=512):
    return np.asarray(Image.fromarray(skdata.coffee()).resize((side, side)).convert("RGB"))


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def chunks(png: bytes):
    pos, res = 8, []
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos:pos + 4])
        res.append((png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]))
        pos += 12 + n
    return res


def png_of(pixels, **kw) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG", **kw)
    return buf.getvalue()


def with_chunk_after_ihdr(png: bytes, extra: bytes) -> bytes:
    return png[:33] + extra + png[33:]


def raised(*checks) -> list[str]:
    """Each (name, check) run in turn; what raised instead of answering (an assertion that failed
    included): a hostile row or entry must give a report, never an exception."""
    errors = []
    for name, check in checks:
        try:
            check()
        except Exception as e:  # noqa: BLE001
            errors.append(f"{name}: {type(e).__name__}: {e}")
    return errors


def vouched(report) -> bool:
    text = "; ".join(report.reasons)
    return report.recovered is not None or "this is a copy of output" in text


# ----------------------------------------------------------------  apng
# rt51 attack 1: an APNG whose default image (IDAT, not part of the animation) is an output's
# exact pixels, and whose only animation frame is another picture. APNG viewers (every browser)
# show the animation frame, never the hidden default image; verify decodes the default image,
# finds the output's pixel digest and says "this is a copy of output ...". Expected secure
# behaviour (asserted): not vouched. FAILS = BROKEN.

def test_apng_with_hidden_default_image_is_not_a_copy_of_the_output(stub_world, tmp_path, monkeypatch):
    out = made(stub_world)
    fake = Image.fromarray(unrelated())
    apng = tmp_path / "apng.png"
    Image.fromarray(out_pixels(out)).save(apng, save_all=True, append_images=[fake], default_image=True)
    with Image.open(apng) as im:  # what an APNG viewer shows: the animation frames only
        assert im.info.get("default_image") and im.n_frames == 2
        im.seek(1)
        assert im.convert("RGB").tobytes() == fake.tobytes()
    reads = []
    monkeypatch.setattr(Watermarker, "read_array", lambda *a, **k: reads.append(1) or (_ for _ in ()).throw(AssertionError))
    report = verify(apng, settings=stub_world.settings, registry=stub_world.registry)
    assert not reads  # the digest path answered
    assert not vouched(report), report.reasons


def test_apng_watermark_path_too(stub_world, tmp_path, monkeypatch):
    """The same file through the watermark path (as before pixel digests): pre-existing."""
    out = made(stub_world)
    apng = tmp_path / "apng.png"
    Image.fromarray(out_pixels(out)).save(apng, save_all=True, append_images=[Image.fromarray(unrelated())],
                                          default_image=True)
    monkeypatch.setattr(verify_mod, "_same_pixels", lambda settings, data, digest, pixels, *a: (None, pixels))
    report = verify(apng, settings=stub_world.settings, registry=stub_world.registry)
    assert not vouched(report), report.reasons


# ----------------------------------------------------------------  db malformed digest
# rt51 attack 2 (database editor): a pixels_sha256 that is not 64 lowercase hex digits (e.g.
# 'zz', or the right digest in upper case) in an output row. Every read of that row builds an
# OutputRecord, whose __post_init__ raises RecordInvalid, which verify and verify_audit do not
# catch: verify of the original and of any copy raises, and Registry.verify_audit() /
# check_integrity() raise instead of reporting. Asserted: a report, not an exception. FAILS = BROKEN.
# Control (pre-existing class): the same happens for a malformed sha256 or grant_ids column.

@pytest.mark.parametrize("bad", ["zz", "upper"])
def test_malformed_row_digest_gives_a_report_not_an_exception(stub_world, tmp_path, bad):
    out = made(stub_world)
    copy = tmp_path / "copy.png"
    Image.fromarray(out_pixels(out)).save(copy)
    pd = stub_world.registry.find_output(sha256=out.sha256).pixels_sha256
    with raw_db(stub_world) as db:
        db.execute("UPDATE outputs SET pixels_sha256 = ? WHERE sha256 = ?", (pd.upper() if bad == "upper" else bad, out.sha256))

    def refused(target):
        verify_mod._forget()
        r = verify(target, settings=stub_world.settings, registry=stub_world.registry)
        assert not r.ok and r.recovered is None

    def audit_fails():
        assert not stub_world.registry.verify_audit().ok

    errors = raised(("verify(original)", lambda: refused(out.path)), ("verify(copy)", lambda: refused(copy)),
                    ("verify_audit", audit_fails))
    assert not errors, errors


# ----------------------------------------------------------------  migration
# rt51 attack 4: migration 0013 down to 0012 and up again, with and without an editor's hand.

def _down(world, rev="0012"):
    with world.registry.engine.begin() as conn:
        command.downgrade(world.registry._alembic_config(conn), rev)
    world.registry.close()


def _up(world):
    world.registry = Registry.from_settings(world.settings)


def _tamper_entry(world, change):
    with raw_db(world) as db:
        seq, pj = db.execute("SELECT seq, payload FROM audit_entries WHERE kind='generation'").fetchone()
        db.execute("UPDATE audit_entries SET payload=? WHERE seq=?", (change(json.loads(pj)), seq))


def test_down_and_up_restores_every_digest_and_the_copy_is_known(stub_world, tmp_path):  # holds
    out = made(stub_world)
    pd = stub_world.registry.find_output(sha256=out.sha256).pixels_sha256
    copy = tmp_path / "copy.png"; Image.fromarray(out_pixels(out)).save(copy)
    _down(stub_world)
    with raw_db(stub_world) as db:
        assert "pixels_sha256" not in [c[1] for c in db.execute("PRAGMA table_info(outputs)")]
    _up(stub_world)
    assert stub_world.registry.find_output(sha256=out.sha256).pixels_sha256 == pd
    assert vouched(verify(copy, settings=stub_world.settings, registry=stub_world.registry))
    assert stub_world.registry.verify_audit().ok
    _down(stub_world); _up(stub_world)  # twice
    assert stub_world.registry.find_output(sha256=out.sha256).pixels_sha256 == pd


def test_an_entry_edited_at_0012_to_list_a_chosen_digest_does_not_vouch_after_the_upgrade(stub_world, tmp_path):  # holds
    out = made(stub_world)
    px = unrelated(); P = tmp_path / "p.png"; Image.fromarray(px).save(P)
    _down(stub_world)

    def change(p):
        p["outputs"][0]["pixels_sha256"] = fingerprint.pixels_digest(px)
        return json.dumps(p)
    _tamper_entry(stub_world, change)
    _up(stub_world)  # the backfill copies the edited entry's digest into the row
    r = verify(P, settings=stub_world.settings, registry=stub_world.registry)
    assert not vouched(r), r.reasons
    assert not stub_world.registry.verify_audit().ok


@pytest.mark.parametrize("payload", ['["pixels_sha256"]', '{"outputs": 5, "x": "pixels_sha256"}',
                                     '{"outputs": [{"pixels_sha256": "NOT-HEX", "sha256": "%s", "watermark_payload": "%s"}]}'])
def test_an_edited_entry_at_0012_gives_a_report_after_the_upgrade_not_an_exception(stub_world, tmp_path, payload):
    """BROKEN if it fails: the 0013 backfill parses entries without checking them (a list, a
    non-list 'outputs', a non-hex digest): the upgrade raises (the registry cannot be opened, so
    verify_audit cannot report the edit), or a non-hex digest lands in the row and every read of
    it raises RecordInvalid."""
    out = made(stub_world)
    rec = stub_world.registry.find_output(sha256=out.sha256)
    _down(stub_world)
    text = payload % (rec.sha256, rec.watermark_payload) if "%s" in payload else payload
    if "NOT-HEX" in text:  # keep the rest of the entry, change the digest only
        def change(p):
            p["outputs"][0]["pixels_sha256"] = "NOT-HEX"
            return json.dumps(p)
        _tamper_entry(stub_world, change)
    else:
        _tamper_entry(stub_world, lambda p: text)
    try:
        _up(stub_world)
    except Exception as e:  # noqa: BLE001
        stub_world.registry = type("Closed", (), {"close": lambda self: None})()
        pytest.fail(f"opening (upgrading) the registry raised {type(e).__name__}: {e}")

    def original_fails():
        assert not verify(out.path, settings=stub_world.settings, registry=stub_world.registry).ok

    def audit_fails():
        assert not stub_world.registry.verify_audit().ok

    errors = raised(("verify(original)", original_fails), ("verify_audit", audit_fails))
    assert not errors, errors


# ----------------------------------------------------------------  db editor held
# rt51 attack 2 (database editor, plain sqlite3, no keys) — attacks expected to hold (asserted).

def _cols(db):
    return [c[1] for c in db.execute("PRAGMA table_info(outputs)")][1:]  # all but id


def test_a_cloned_row_of_another_output_carrying_the_chosen_digest_does_not_vouch(stub_world, tmp_path):
    """Insert a new (newest id) row copied from output B's row but holding digest(P): the lookup
    returns it first; it must be refused (B's entry lists B's digest)."""
    a = made(stub_world)
    b = made(stub_world, picture=noise(512), prompt="a lighthouse at noon")
    px = unrelated(); P = tmp_path / "p.png"; Image.fromarray(px).save(P)
    with raw_db(stub_world) as db:
        cols = _cols(db)
        row = list(db.execute(f"SELECT {','.join(cols)} FROM outputs WHERE sha256=?", (b.sha256,)).fetchone())
        row[cols.index("pixels_sha256")] = fingerprint.pixels_digest(px)
        db.execute(f"INSERT INTO outputs ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", row)
    r = verify(P, settings=stub_world.settings, registry=stub_world.registry)
    assert not vouched(r), r.reasons
    assert "registry integrity failure" in "; ".join(r.reasons)
    assert not stub_world.registry.verify_audit().ok


def test_a_cloned_row_shadowing_the_real_digest_does_not_hide_the_copy(stub_world, tmp_path):
    """Newest row: B's row with A's digest. A's copy's lookup hits it; A's copy must still be
    traced (through the watermark) and the tampering reported."""
    a = made(stub_world)
    b = made(stub_world, picture=noise(512), prompt="a lighthouse at noon")
    copy = tmp_path / "copy.png"; Image.fromarray(out_pixels(a)).save(copy)
    pd_a = stub_world.registry.find_output(sha256=a.sha256).pixels_sha256
    with raw_db(stub_world) as db:
        cols = _cols(db)
        row = list(db.execute(f"SELECT {','.join(cols)} FROM outputs WHERE sha256=?", (b.sha256,)).fetchone())
        row[cols.index("pixels_sha256")] = pd_a
        db.execute(f"INSERT INTO outputs ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", row)
    r = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    text = "; ".join(r.reasons)
    assert "registry integrity failure" in text, text
    if r.recovered is not None:  # traced to A (by its mark), never to B
        assert a.sha256[:16] in text and f"copy of output {b.sha256[:16]}" not in text


def test_deleting_the_row_does_not_hide_the_copy(stub_world, tmp_path):
    a = made(stub_world)
    copy = tmp_path / "copy.png"; Image.fromarray(out_pixels(a)).save(copy)
    with raw_db(stub_world) as db:
        db.execute("DELETE FROM outputs WHERE sha256=?", (a.sha256,))
    r = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert r.recovered is None and "registry integrity failure" in "; ".join(r.reasons), r.reasons
    assert not stub_world.registry.verify_audit().ok


def test_dropping_the_index_and_padding_the_table_does_not_hang_or_change_the_answer(stub_world, tmp_path):
    a = made(stub_world)
    copy = tmp_path / "copy.png"; Image.fromarray(out_pixels(a)).save(copy)
    with raw_db(stub_world) as db:
        db.execute("DROP INDEX ix_outputs_pixels_sha256")
        cols = _cols(db)
        row = list(db.execute(f"SELECT {','.join(cols)} FROM outputs WHERE sha256=?", (a.sha256,)).fetchone())
        row[cols.index("pixels_sha256")] = "ab" * 32
        db.executemany(f"INSERT INTO outputs ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", [row] * 50000)
    t = time.perf_counter()
    r = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert time.perf_counter() - t < 10
    assert r.recovered is not None and r.recovered.ok, r.reasons  # the real row still answers


def test_revocation_after_a_first_look_is_seen_by_the_second(stub_world, tmp_path):
    a = made(stub_world)
    copy = tmp_path / "copy.png"; Image.fromarray(out_pixels(a)).save(copy)
    r = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert r.recovered is not None and r.recovered.ok
    stub_world.ops.revoke_grant("g-jane-1", "withdrawn", "legal@acme")
    r = verify(copy, settings=stub_world.settings, registry=stub_world.registry)  # memories kept
    assert r.recovered is not None and not r.recovered.ok and any("revoked" in x for x in r.recovered.reasons)


def test_original_replaced_or_altered_or_removed_is_not_vouched(stub_world, tmp_path):
    a = made(stub_world)
    b = made(stub_world, picture=noise(512), prompt="a lighthouse at noon")
    copy = tmp_path / "copy.png"; Image.fromarray(out_pixels(a)).save(copy)
    original = a.path.read_bytes()
    for what in ("replaced", "altered", "removed"):
        if what == "replaced":
            a.path.write_bytes(b.path.read_bytes())  # another valid signed output
        elif what == "altered":
            a.path.write_bytes(original[:-20] + bytes(8) + original[-12:])
        else:
            a.path.unlink()
        verify_mod._forget()
        r = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
        assert r.recovered is None and "this is a copy of output" not in "; ".join(r.reasons), (what, r.reasons)
        a.path.write_bytes(original)
