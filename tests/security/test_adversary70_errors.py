"""Red team 70: what an operator reads when the environment fails.

- An audit key with the wrong mode (0644) was reported as "the keys directory holds no audit key"
  and blamed on CONSENT_STUDIO_KEYS_DIR; the key's own message ("run chmod 600 ...") was thrown away.
- A check while another process held the database waited for the lock twice (the decision, then
  the audit of its failure) and printed a traceback above the refusal.
- A read-only database said "attempt to write a readonly database" and nothing else.
"""

from __future__ import annotations

import logging
import sqlite3

import pytest

from consent.errors import DatabaseLocked, RegistryError
from consent.registry import Registry


def test_an_audit_key_with_the_wrong_mode_says_so(stub_world):
    w = stub_world
    w.registry.close()
    key = w.settings.resolved_keys_dir / "audit.key.pem"
    key.chmod(0o644)
    with pytest.raises(RegistryError) as e:
        Registry.from_settings(w.settings)
    assert "chmod 600" in str(e.value) and "holds no audit key" not in str(e.value)


def test_a_check_on_a_locked_database_waits_once_and_prints_no_traceback(stub_world, caplog):
    w = stub_world
    impatient = w.settings.model_copy(update={"db_busy_timeout_s": 0.3})
    studio = w.studio(settings=impatient)
    studio.registry = Registry.from_settings(impatient)
    raw = sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None)
    raw.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(DatabaseLocked, match="try again"):
            studio.check(w.request(prompt="a harbour at dawn"))
    finally:
        raw.execute("ROLLBACK")
        raw.close()
        studio.registry.close()
    assert not [r for r in caplog.records if r.exc_info]  # no traceback in the log or on the terminal


def test_a_read_only_database_says_what_to_do(stub_world):
    from consent.operations import Operations

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.registry.close()
    db = w.settings.data_dir / "consent.db"
    ro = Registry(f"sqlite:///file:{db}?mode=ro&uri=true", audit_keys=w.settings.audit_keys(), migrate=False)
    try:
        assert [s.id for s in ro.list_subjects()] == ["jane"]  # reads work
        with pytest.raises(RegistryError, match="is read-only .*nothing was changed"):
            Operations(ro).add_subject("nora", "Nora North")
    finally:
        ro.close()
