"""Red team 36b: ``Registry.logged_output`` (the signed log's own record of an output whose row
was deleted), attacked by the database host.

Red team 34's fix: verify of a copy whose output row was deleted finds the signed generation entry
through the mentions index and then a scan of the generation entries' text, and reports "registry
integrity failure … the registry's output record of it was removed". The scan trusts the rows it
reads: ``WHERE kind = 'generation' AND payload LIKE '%"<payload>"%'``, then an exact compare;
the entry is checked against the audit key only once it *matches*. An edited entry that no longer
matches is skipped silently, so the host who deletes the output row and edits that one entry
(its ``kind`` text, or the payload's letters' case, which SQLite's LIKE even still finds) gets
verify of a copy to say "invisible watermark … found, but no output of this studio carries it"
(the studio disowns its own output) with no word of tampering, while ``audit verify`` and verify
of the original file both report the edited entry.

Held (plain tests): LIKE wildcards in a looked-up value match nothing; an untouched log still
gives the integrity failure with the mentions index emptied.
"""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image
from studio_world import StubEngine, astronaut

from consent import audit_index
from consent.registry import Registry
from creator.verify import verify

PAYLOAD = "c0115e7a57b0"


@pytest.fixture
def made(stub_world, monkeypatch, tmp_path):
    w = stub_world
    w.pin_watermark(monkeypatch, 5, PAYLOAD)
    w.add_person("jane", "Jane Doe", photo=astronaut())
    w.issue_grant("jane", "g-jane-1")
    out = w.studio(StubEngine(images=[astronaut()])).generate(
        w.request(prompt="a portrait", subjects=("jane",), width=512, height=512)).paths[0]
    png = tmp_path / "copy.png"
    Image.open(out).convert("RGB").save(png)
    (entry,) = w.registry.audit_entries(kind="generation")
    return w, out, png, entry.seq


def _tamper(w, *sql: tuple) -> Registry:
    db = sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None)
    db.execute("DELETE FROM outputs")
    for q in sql:
        db.execute(*q)
    db.close()
    return Registry.from_settings(w.settings)


@pytest.mark.parametrize("edit", ["payload-case", "kind"])
def test_a_copy_reports_tampering_when_its_generation_entry_was_edited_too(made, edit):
    w, out, png, seq = made
    q = ("UPDATE audit_entries SET payload = replace(payload, ?, ?) WHERE seq = ?", (PAYLOAD, PAYLOAD.upper(), seq)) \
        if edit == "payload-case" else ("UPDATE audit_entries SET kind = 'generation ' WHERE seq = ?", (seq,))
    reg = _tamper(w, q, (f"DELETE FROM {audit_index.TABLE}",))
    try:
        assert not reg.verify_audit().ok  # premise: audit verify sees the edit
        original = " | ".join(verify(out, settings=w.settings, registry=reg).reasons)
        assert "registry integrity failure" in original  # premise: the original file's report says so
        said = " | ".join(verify(png, settings=w.settings, registry=reg).reasons)
    finally:
        reg.close()
    assert "no output of this studio carries it" not in said
    assert "registry integrity failure" in said


def test_held_the_row_deleted_and_the_index_emptied_still_reports_tampering(made):
    w, _out, png, _seq = made
    reg = _tamper(w, (f"DELETE FROM {audit_index.TABLE}",))
    try:
        said = " | ".join(verify(png, settings=w.settings, registry=reg).reasons)
    finally:
        reg.close()
    assert "registry integrity failure" in said and "no output of this studio carries it" not in said


@pytest.mark.parametrize("value", ["%", "_" * 12, "c0115e7a57b%", "c0115e7a57b_", "\\", '"'])
def test_held_like_wildcards_match_no_entry(made, value):
    w, _out, _png, _seq = made
    assert w.registry.logged_output(watermark_payload=value) is None
    assert w.registry.logged_output(watermark_payload=PAYLOAD) is not None
