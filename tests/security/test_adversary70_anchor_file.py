"""Red team 70: a damaged or missing audit anchor file (``keys/audit-anchor.json``).

A truncated anchor (file-system damage, a bad restore) stopped every command and ``audit verify``
called the intact chain "broken at position 1", with no word on the way back; a missing anchor was
reported as "audit chain intact" with no mention that nothing outside the database vouched for the
log's length. Now the damaged file is named as the anchor's problem with the way back, and a
missing one is noted.
"""

from __future__ import annotations

from click.testing import CliRunner

from creator.cli import cli


def _verify(world):
    return CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), "audit", "verify"])


def test_a_damaged_anchor_is_named_as_such_with_the_way_back(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.registry.close()
    anchor = w.settings.resolved_keys_dir / "audit-anchor.json"
    anchor.write_text(anchor.read_text()[:40])  # cut short
    r = _verify(w)
    assert r.exit_code != 0
    assert "broken at position" not in r.output
    assert "The anchor file is damaged, not the log" in r.output and "--checkpoint" in r.output


def test_a_missing_anchor_is_noted(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.registry.close()
    (w.settings.resolved_keys_dir / "audit-anchor.json").unlink()
    r = _verify(w)
    assert r.exit_code == 0 and "audit chain intact" in r.output
    assert "there is no audit anchor" in r.output


def test_an_anchor_left_behind_the_log_is_noted_with_how_far_it_vouches(stub_world, monkeypatch):
    """A keys folder that could not be written (full, read-only) leaves the anchor behind the log:
    the change is committed (logged, not raised), and ``audit verify`` says how many of the newest
    entries nothing outside the database vouches for, instead of a plain "intact"."""
    import errno

    from consent.audit import AuditKeys

    w = stub_world
    w.add_person("jane", "Jane Doe")

    def _read_only(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(AuditKeys, "advance_anchor", _read_only)
    w.add_person("nora", "Nora North")
    w.add_person("omar", "Omar Oak")
    monkeypatch.undo()
    w.registry.close()
    r = _verify(w)
    assert r.exit_code == 0 and "audit chain intact" in r.output
    assert "vouches for entries 1-" in r.output and "are not vouched for outside the database" in r.output
    w.add_person("pia", "Pia Pine")  # the next write moves it over all of them
    w.registry.close()
    r = _verify(w)
    assert r.exit_code == 0 and "vouches for entries" not in r.output, r.output
