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

from consent.errors import ConsentError
from consent.registry import Registry
from creator.settings import StudioSettings
from creator.verify import verify


@pytest.mark.xfail(strict=True, reason="adversary 11: a registry opened with another (new) audit key appends entries "
                   "signed by it to the real log, so the installation fails as 'forged' once the right keys are back")
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
