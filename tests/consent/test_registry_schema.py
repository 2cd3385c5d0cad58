"""The registry's storage lifecycle: opening and migrating, newer schemas, locking, crash safety, several processes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from consent.errors import RegistryError
from consent.registry import Registry, schema_head
from consent.settings import Settings


def test_from_settings_creates_data_dir_and_migrates(tmp_path):
    settings = Settings(data_dir=tmp_path / "new" / "data")
    reg = Registry.from_settings(settings)
    assert (tmp_path / "new" / "data" / "consent.db").exists()
    with sqlite3.connect(tmp_path / "new" / "data" / "consent.db") as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (schema_head(),)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    reg.close()


def test_newer_schema_is_refused(registry, db_url, audit_keys):
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(RegistryError, match="schema revision '9999' is newer than this code"):
        Registry(db_url, audit_keys=audit_keys)


def test_locked_database_gives_a_clear_error(with_jane, db_url, audit_keys):
    reg = Registry(db_url, audit_keys=audit_keys, busy_timeout_s=0.2)
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(RegistryError, match=r"^database is locked \(another writer held it for more than 0.2 s\); "
                                                r"nothing was changed: try again$"):
            reg.set_opt_out("jane")
        assert reg.get_subject("jane").opt_out is False  # readers still work under WAL
    finally:
        raw.execute("ROLLBACK")
        raw.close()
        reg.close()


_WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, timezone
    from cryptography.hazmat.primitives import serialization
    from consent.audit import AuditKeys
    from consent.registry import Registry
    from consent.records import ConsentGrant
    from consent.signing import add_signature
    key = serialization.load_pem_private_key(sys.stdin.buffer.read(), None)
    reg = Registry(sys.argv[1], audit_keys=AuditKeys.load_or_create(sys.argv[-1]))
    now = datetime.now(timezone.utc)
    i = 0
    while True:
        g = ConsentGrant(id=f"g-{i}", subject_id="jane", grantee="ACME Films", project="Blue",
            description="Reshoot of scene 12 at the harbour, daylight", purposes=["film_reshoot"],
            operations=["footage_edit"], media=["still_image"], territories=["US"], valid_from=now,
            valid_until=now + timedelta(days=1), evidence=[{"kind": "signed_release", "sha256": "ab" * 32}], signer_role="self")
        reg.issue_grant(add_signature(g, key, "self"))
        print(g.id, flush=True)
        i += 1
""")


def test_sigkill_mid_write_keeps_every_acknowledged_grant(with_jane, keys, db_url, keys_dir, audit_keys):
    from cryptography.hazmat.primitives import serialization

    pem = keys.subject.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, db_url, str(keys_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": os.getcwd()})
    proc.stdin.write(pem)
    proc.stdin.close()
    acked = []
    deadline = time.monotonic() + 60
    while len(acked) < 15 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acked.append(line.decode().strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    acked += [ln.decode().strip() for ln in proc.stdout.read().splitlines() if ln.strip()]
    assert len(acked) >= 15, proc.stderr.read().decode()[-2000:]
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reg = Registry(db_url, audit_keys=audit_keys)
    stored = {g.id for g in reg.list_grants("jane")}
    assert set(acked) <= stored
    assert reg.verify_audit().ok
    reg.close()


def test_concurrent_writers_in_two_processes(with_jane, db_url, keys_dir):
    code = textwrap.dedent("""
        import sys
        from consent.audit import AuditKeys
        from consent.registry import Registry
        reg = Registry(sys.argv[1], audit_keys=AuditKeys.load_or_create(sys.argv[-1]))
        for i in range(15):
            reg.add_name_exception(f"{sys.argv[2]} {i}", "style reference", "test")
    """)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url, tag, str(keys_dir)], env=env, stderr=subprocess.PIPE) for tag in ("a", "b")]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read().decode()[-2000:]
    assert len(with_jane.name_exceptions()) == 30
    assert with_jane.verify_audit().ok and with_jane.verify_audit().entries == 32  # the signed baseline, jane, 30 exceptions


def test_the_fast_schema_check_knows_the_newest_migration():
    """Start-up skips alembic when the database is at SCHEMA_HEAD: a new migration must move it too."""
    from consent.registry import SCHEMA_HEAD

    assert SCHEMA_HEAD == schema_head()


def test_a_database_one_migration_behind_is_still_upgraded(registry, db_url, audit_keys, caplog):
    """The fast path only skips the work at head; an older database is still migrated, and that is
    said and on record (a self-hosting admin's walkthrough, session 66: a read-only verify migrated
    without a word, and older code then refused the database)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    with registry.engine.begin() as conn:
        cfg = registry._alembic_config(conn)
        previous = ScriptDirectory.from_config(cfg).get_revision(schema_head()).down_revision
        command.downgrade(cfg, previous)
    registry.close()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (previous,)
    with caplog.at_level("WARNING", logger="consent_studio"):
        reg = Registry(db_url, audit_keys=audit_keys)
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (schema_head(),)
    assert f"upgrading the database schema from revision {previous} to {schema_head()}" in caplog.text
    (entry,) = reg.audit_entries(kind="schema_upgraded")
    assert (entry.payload["from"], entry.payload["to"]) == (previous, schema_head())
    assert reg.verify_audit().ok
    reg.close()


def test_models_registered_before_0011_keep_working_after_the_upgrade(registry, db_url, audit_keys):
    """0011 adds the config folder of a checkpoint. A row from before has none (NULL) and its signed
    entry names none: it reads as before, and the integrity check still agrees with the log."""
    from alembic import command

    from consent.registry import ModelRecord

    registry.register_model(ModelRecord("old-ckpt", "checkpoint", "/models/old.safetensors", "ab" * 32, "test", "",
                                        False, "2026-11-30T00:00:00Z"))
    with registry.engine.begin() as conn:
        command.downgrade(registry._alembic_config(conn), "0010")
    registry.close()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        assert "config" not in [c[1] for c in raw.execute("PRAGMA table_info(models)")]
    reg = Registry(db_url, audit_keys=audit_keys)  # upgraded to 0011 on open
    try:
        rec = reg.get_model("old-ckpt")
        assert (rec.kind, rec.path, rec.sha256, rec.config) == ("checkpoint", "/models/old.safetensors", "ab" * 32, None)
        assert reg.check_integrity() == []
        assert "config" not in reg.audit_entries(kind="model_registered")[0].payload
    finally:
        reg.close()
