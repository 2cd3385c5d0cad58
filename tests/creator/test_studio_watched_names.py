"""An operator watches real people's names; the studio denies prompts naming them, nothing is
written, and the list is held to the signed audit log like every registry row."""

from __future__ import annotations

import sqlite3

import pytest

from consent.errors import ConsentDenied, NotFound, RecordInvalid, RegistryError
from consent.integrity import IntegrityFailure

PROMPT = "ilse vrontkamp walking her dog"  # a name on no shipped list, in lower case: allowed unwatched


def _generate(world):
    return world.studio().generate(world.request(purpose="art", prompt=PROMPT, project=None))


def test_watching_a_name_denies_it_at_once_and_unwatching_allows_it_again(stub_world):
    studio = stub_world.studio()
    assert studio.generate(stub_world.request(purpose="art", prompt=PROMPT, project=None)).outputs  # nobody's name yet
    before = len(stub_world.output_files())
    stub_world.ops.watch_names(["Ilse Vrontkamp"], "agency talent", "legal")
    with pytest.raises(ConsentDenied, match="ilse vrontkamp"):  # the same studio: its name state follows the registry
        studio.generate(stub_world.request(purpose="art", prompt=PROMPT, project=None))
    assert len(stub_world.output_files()) == before
    added = stub_world.audit("name_watch_added")[-1].payload
    assert (added["name"], added["reason"], added["added_by"]) == ("Ilse Vrontkamp", "agency talent", "legal")
    stub_world.ops.unwatch_name("ilse  vrontkamp", "left the agency", "legal")
    assert studio.generate(stub_world.request(purpose="art", prompt=PROMPT, project=None)).outputs
    removed = stub_world.audit("name_watch_removed")[-1].payload
    assert (removed["name"], removed["removed_by"]) == ("Ilse Vrontkamp", "legal")


def test_a_list_is_all_or_none(stub_world):
    stub_world.ops.watch_names(["Zorblat Quenn"], "talent", "legal")
    with pytest.raises(RegistryError, match="(?i)already watched: zorblat quenn"):
        stub_world.ops.watch_names(["Ilse Vrontkamp", "zorblat quenn"], "talent", "legal")
    with pytest.raises(RecordInvalid, match="given twice"):
        stub_world.ops.watch_names(["Ilse Vrontkamp", "ILSE VRONTKAMP"], "talent", "legal")
    assert [r.name for r in stub_world.registry.watched_names()] == ["Zorblat Quenn"]
    with pytest.raises(NotFound):
        stub_world.ops.unwatch_name("Ilse Vrontkamp", "typo", "legal")


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


@pytest.mark.parametrize("edit, match", [
    ("DELETE FROM name_watch", "watched name 'Ilse Vrontkamp' is missing from the database"),
    ("UPDATE name_watch SET key = 'ilse v', name = 'Ilse V'", "watched name 'Ilse V' is in the database but was never recorded"),
])
def test_a_database_edit_of_the_watch_list_fails_closed(stub_world, edit, match):
    """Deleting or renaming a watched name in the database file (to let that person through)
    stops every request with a registry integrity failure; nothing is generated."""
    from consent.registry import Registry

    stub_world.ops.watch_names(["Ilse Vrontkamp"], "talent", "legal")
    with _raw(stub_world) as raw:
        raw.execute(edit)
    before = len(stub_world.output_files())
    for reg in (stub_world.registry, Registry.from_settings(stub_world.settings)):
        studio = stub_world.studio()
        studio.registry = reg
        with pytest.raises(IntegrityFailure, match=match):
            studio.generate(stub_world.request(purpose="art", prompt=PROMPT, project=None))
    assert len(stub_world.output_files()) == before
    report = stub_world.registry.verify_audit()
    assert not report.ok and "name watch" in report.message


def test_a_row_inserted_into_the_watch_list_is_refused_too(stub_world):
    """A row the signed log never recorded is reported, not trusted (so nobody can make the list
    look longer, or hide an edit, without the audit key)."""
    with _raw(stub_world) as raw:
        raw.execute("INSERT INTO name_watch VALUES ('zorblat quenn', 'Zorblat Quenn', 'r', 'x', '2026-12-05T00:00:00Z')")
    with pytest.raises(IntegrityFailure, match="never recorded"):
        stub_world.registry.watched_names()


@pytest.mark.parametrize("word", ["Rose", "drake", "Paris"])
def test_a_one_word_name_that_is_an_ordinary_word_is_refused(stub_world, word):
    """Watching "Rose" would deny "a rose in a vase": the operator is told to watch the full name."""
    with pytest.raises(RecordInvalid, match="would be denied"):
        stub_world.ops.watch_names(["Ilse Vrontkamp", word], "talent", "legal")
    assert stub_world.registry.watched_names() == []  # all or none
    stub_world.ops.watch_names(["Vrontkamp"], "a stage name of one word is fine", "legal")


def test_the_signed_snapshot_keeps_the_watch_list_and_everything_else(stub_world):
    """The replayed state is written to signed snapshots and read back from them: the watch list
    (and every field before it) must come back the same."""
    from consent.integrity import IntegrityState

    stub_world.add_person("jane", "Jane Doe", aliases=("J. Doe",))
    stub_world.issue_grant("jane", "g-1")
    stub_world.ops.watch_names(["Ilse Vrontkamp"], "talent", "legal")
    reg = stub_world.registry
    with reg._writer.begin() as conn:
        st = IntegrityState.from_bytes(reg._integrity(conn).to_bytes())  # a copy: the live state is left alone
    # every kind of record in it, so that a field read into another's place shows
    st.models["m"] = {"kind": "gan", "sha256": "ab" * 32}
    st.drafts["d"] = {"subject_id": "jane", "status": "pending"}
    st.passkeys["k"] = {"subject_id": "jane", "role": "self"}
    st.approvals["a"] = {"grant_id": "g-1", "status": "pending"}
    back = IntegrityState.from_bytes(st.to_bytes())
    assert back.to_bytes() == st.to_bytes()
    assert (back.models, back.drafts, back.passkeys, back.approvals) == (st.models, st.drafts, st.passkeys, st.approvals)
    assert back.name_watch["ilse vrontkamp"]["reason"] == "talent" and back.grants.keys() == st.grants.keys()
