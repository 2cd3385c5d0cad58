"""Red team 34: an output row deleted behind the log, and a *copy* of that output verified.

Red team 33's fix makes verify of the exact output file say "registry integrity failure: the
signed audit log records this output … but the registry's output record of it was removed"
(``creator.verify._check_record`` → ``_logged_generation``, by the file's digest). But the file
people actually check is a copy: a re-encoded or screenshotted picture with no manifest, whose
credentials verify recovers through the invisible watermark (``find_output(watermark_payload=…)``).
After the database host deletes the output row (``DELETE FROM outputs``), verify of a plain PNG or
a JPEG copy says "invisible watermark c0115e7a57b0 found, but no output of this studio carries
it" — false: the signed generation entry lists that watermark payload for that output. The public
learns that the studio did not make a picture it made (and under whose grant), and nothing in the
report says the registry was tampered with; only ``audit verify``, run separately, says so.

A second way to the same misreport, for the exact file: red team 33's fix finds the signed entry
through the log's mentions index (``_logged_generation`` → ``audit_page(mentions=[sha256])``), a
derived table the same database host can edit. Deleting the output row *and* the one
``audit_mentions`` row naming its digest makes verify of the untouched output file say "signed with
this studio's key but not made here under a recorded decision … (signed outside the governed
recipe, or altered after signing)": the studio's own consented output is called ungoverned.

Asserted: verify of a copy of an output whose row was deleted reports a registry integrity failure
(as it does for the file itself), never "no output of this studio carries it".
"""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image
from studio_world import StubEngine, astronaut

from consent.registry import Registry
from creator.verify import verify


@pytest.fixture
def deleted(stub_world, monkeypatch, tmp_path):
    w = stub_world
    w.pin_watermark(monkeypatch, 5)
    w.add_person("jane", "Jane Doe", photo=astronaut())
    w.issue_grant("jane", "g-jane-1")
    out = w.studio(StubEngine(images=[astronaut()])).generate(
        w.request(prompt="a portrait", subjects=("jane",), width=512, height=512)).paths[0]
    png, jpg = tmp_path / "copy.png", tmp_path / "copy.jpg"
    Image.open(out).convert("RGB").save(png)
    Image.open(out).convert("RGB").save(jpg, quality=90)
    before = verify(png, settings=w.settings, registry=w.registry)
    assert before.recovered is not None and before.recovered.ok  # premise: the copy is recognised
    db = sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None)
    db.execute("DELETE FROM outputs")
    db.close()
    reg = Registry.from_settings(w.settings)
    yield w, reg, out, png, jpg
    reg.close()


def test_premise_the_file_itself_reports_the_deleted_row(deleted):
    w, reg, out, _, _ = deleted
    report = verify(out, settings=w.settings, registry=reg)
    assert any("registry integrity failure" in r for r in report.reasons)


@pytest.mark.parametrize("which", ["png", "jpg"])
def test_a_copy_of_an_output_whose_row_was_deleted_reports_registry_tampering(deleted, which):
    w, reg, _, png, jpg = deleted
    report = verify(png if which == "png" else jpg, settings=w.settings, registry=reg)
    said = " | ".join(report.reasons)
    assert "no output of this studio carries it" not in said
    assert "registry integrity failure" in said


def test_the_file_itself_reports_tampering_when_its_index_row_is_deleted_too(stub_world):
    from consent import audit_index

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    result = w.studio().generate(w.request(subjects=("jane",)))
    path, sha = result.paths[0], result.outputs[0].sha256
    db = sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None)
    db.execute("DELETE FROM outputs")
    db.execute(f"DELETE FROM {audit_index.TABLE} WHERE mention = ?", (sha,))
    db.close()
    reg = Registry.from_settings(w.settings)
    try:
        assert not reg.verify_audit().ok  # premise: audit verify sees the deleted row
        said = " | ".join(verify(path, settings=w.settings, registry=reg).reasons)
    finally:
        reg.close()
    assert "not made here under a recorded decision" not in said
    assert "registry integrity failure" in said
