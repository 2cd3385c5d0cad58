"""Red team 66: a registered person's ``subjects`` row deleted for the moment of a studio's read.

The studio's name matcher reads the people the signed log names since its last read
(``Registry.subjects_since``) or everyone (a first read, or after many changes). A person whose
row was not in the table was taken for gone: only the rows present were held to the signed log.
A database editor who deleted a registered person's row while a studio read, then put it back,
dropped her from that studio's matcher until the next full read; "a portrait of Kestrel Vane"
was allowed, published, and verified OK, and ``check_integrity`` found nothing. A row the signed
log holds and the table lacks is now an integrity failure: the request fails closed.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.integrity import IntegrityFailure
from consent.signing import generate_key


def _hide_row_while(w, sid: str, read):
    """Delete ``sid``'s subjects row with the editor's own sqlite3 (foreign keys off), run ``read``,
    put the row back; what ``read`` raised or returned."""
    db = sqlite3.connect(str(w.registry.engine.url.database), isolation_level=None)
    db.row_factory = sqlite3.Row
    try:
        row = dict(db.execute("SELECT * FROM subjects WHERE id = ?", (sid,)).fetchone())
        db.execute("DELETE FROM subjects WHERE id = ?", (sid,))
        try:
            return read()
        finally:
            db.execute(f"INSERT INTO subjects ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                       tuple(row.values()))
    finally:
        db.close()


def _her_name_is_denied(w, studio) -> None:
    decision = studio.check(w.request(prompt="a portrait of Kestrel Vane"))
    assert not decision.allowed
    assert "subject 'kestrel' has no consent grant" in "; ".join(decision.reasons())


def test_a_row_hidden_during_an_incremental_read_fails_closed_and_she_stays_known(stub_world):
    w = stub_world
    w.add_person("ann", "Ann Example")
    studio = w.studio()
    studio.check(w.request(prompt="a lighthouse"))
    w.add_person("kestrel", "Kestrel Vane")                      # registered, no grant
    studio.check(w.request(prompt="a lighthouse"))
    w.ops.registry.add_public_key("kestrel", generate_key().public_key())   # an entry names her
    with pytest.raises(IntegrityFailure, match="subject 'kestrel' is in the signed audit log but not in the database"):
        _hide_row_while(w, "kestrel", lambda: studio.check(w.request(prompt="a lighthouse")))
    _her_name_is_denied(w, studio)
    assert w.output_files() == []


def test_a_row_hidden_during_a_first_read_fails_closed_and_she_stays_known(stub_world):
    w = stub_world
    w.add_person("kestrel", "Kestrel Vane")
    studio = w.studio()                                          # its first request reads everyone
    with pytest.raises(IntegrityFailure, match="subject 'kestrel' is in the signed audit log but not in the database"):
        _hide_row_while(w, "kestrel", lambda: studio.check(w.request(prompt="a lighthouse")))
    _her_name_is_denied(w, studio)
    with pytest.raises(IntegrityFailure):
        _hide_row_while(w, "kestrel", lambda: w.registry.list_subjects())
