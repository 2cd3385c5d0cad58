"""Adversary 11: one start with the wrong keys directory breaks the installation for good.

``Settings.audit_keys`` (``AuditKeys.load_or_create``) creates a new audit key wherever the keys
directory points, and ``Registry`` writes audit entries without first checking that its key is
the one that signed the database's log. An operator who starts the studio once with a mistyped
``CONSENT_STUDIO_KEYS_DIR`` (an empty folder) gets a fresh key there; every read then fails
closed ("the audit log carries no entry signed by this installation's audit key") — but the
failures themselves are audited (verify's integrity failure, a denial, a failed sign-in), so
entries signed with the *wrong* key are appended to the real log. After the typo is fixed, the
right key meets those entries: "audit entry N (failure) is not signed by this installation's
audit key: it was forged or re-hashed", for every read, for ever.

DATA LOSS / FAIL-UNCLEAR (wrong keys): a registry whose key did not sign its log should refuse
to start (or at least to write), saying that the keys directory does not belong to this
database — and never write into the log.
"""

from __future__ import annotations

import pytest

from consent.audit import AuditKeys
from consent.errors import ConsentError, RegistryError
from consent.registry import Registry
from creator.settings import StudioSettings
from creator.verify import verify


def test_a_start_with_a_mistyped_keys_directory_leaves_the_log_intact(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    made = stub_world.studio().generate(stub_world.request(subjects=("jane",))).paths[0]
    stub_world.registry.close()
    typo = StudioSettings(data_dir=stub_world.settings.data_dir,
                          keys_dir=stub_world.settings.data_dir.parent / "keys-typo")
    try:
        wrong = Registry.from_settings(typo)
    except ConsentError:
        wrong = None  # refused at start: the fail-closed way
    if wrong is not None:
        try:
            assert verify(made, settings=typo, registry=wrong).verdict != "OK"
        except ConsentError:
            pass
        finally:
            wrong.close()
    # the typo is fixed
    with Registry.from_settings(stub_world.settings) as right:
        assert right.verify_audit().ok, right.verify_audit().message
        assert [g.id for g in right.list_grants("jane")] == ["g-jane-1"]


def _head(registry) -> tuple[int, str]:
    from sqlalchemy import text

    with registry.engine.connect() as conn:
        return tuple(conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first())


def test_a_mistyped_keys_directory_is_refused_naming_the_setting_and_creates_no_key(stub_world):
    stub_world.studio()  # the installation has a signed log
    before = _head(stub_world.registry)
    typo = StudioSettings(data_dir=stub_world.settings.data_dir,
                          keys_dir=stub_world.settings.data_dir.parent / "keys-typo")
    with pytest.raises(RegistryError, match="CONSENT_STUDIO_KEYS_DIR") as e:
        Registry.from_settings(typo)
    assert "keys-typo" in str(e.value)
    assert not (typo.resolved_keys_dir / "audit.key.pem").exists()  # no stranger's key was made
    assert _head(stub_world.registry) == before  # nothing was written


def test_another_installations_keys_are_refused_before_anything_is_written(stub_world, tmp_path):
    stub_world.studio()
    before = _head(stub_world.registry)
    other = AuditKeys.load_or_create(tmp_path / "other-keys")  # an existing key, not this log's
    with pytest.raises(RegistryError, match="did not sign this database's audit log"):
        Registry(stub_world.settings.resolved_database_url, audit_keys=other)
    assert _head(stub_world.registry) == before


def test_a_new_database_still_creates_its_keys(tmp_path):
    s = StudioSettings(data_dir=tmp_path / "fresh")
    with Registry.from_settings(s) as reg:
        assert (s.resolved_keys_dir / "audit.key.pem").is_file()
        assert reg.verify_audit().ok
    with Registry.from_settings(s) as reg:  # and opens again with them
        assert reg.verify_audit().ok
