"""Adversary 11: a grant dated before the year 1000 is issued, then can never be read back.

``consent.records.format_time`` writes the year with ``strftime("%Y")``, which does not pad it
to four digits: a ``valid_from`` of ``0999-06-01`` (a typo for 1999, typed into
``consent-studio grant issue --valid-from`` or the grant form) is signed and stored as
``"999-06-01T00:00:00Z"``, which the grant's own schema then refuses to parse.
``Operations.issue_grant`` accepts it; from then on every read of that person's grants fails
with "grant row 'g-typo' is corrupt": her other, valid grant can no longer be used (every
request that touches her fails), and ``Registry.check_integrity`` (``audit verify``) raises
instead of reporting.

The same for a revocation's effective time (``consent-studio grant revoke --at 0999-01-01``):
recorded, then every read of the registry's grants raises a bare ``ValueError`` ("Invalid
isoformat string"), which the UI shows as an internal error.

FAIL-UNCLEAR / lost use (bad input): the typo should be refused when the grant is issued (the
revocation recorded), with a sentence naming the field, and nothing else should change.
"""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid


def test_a_grant_dated_before_1000_is_refused_and_breaks_nothing(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    with pytest.raises(RecordInvalid, match="valid_from.*before 1900"):
        stub_world.issue_grant("jane", "g-typo", valid_from="0999-06-01T00:00:00Z")
    result = stub_world.studio().generate(stub_world.request(subjects=("jane",)))
    assert [g.grant_id for g in result.decision.grants_used] == ["g-jane-1"]
    assert stub_world.registry.check_integrity() == []


def test_a_revocation_dated_before_1000_is_refused_and_breaks_nothing(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.issue_grant("jane", "g-jane-2")
    with pytest.raises(RecordInvalid, match="`at` is 0999-01-01T00:00:00Z, before 1900"):
        stub_world.ops.revoke_grant("g-jane-1", "signed in error", "legal desk", at="0999-01-01T00:00:00Z")
    assert sorted(g.id for g in stub_world.registry.list_grants("jane")) == ["g-jane-1", "g-jane-2"]
    result = stub_world.studio().generate(stub_world.request(subjects=("jane",)))
    assert result.decision.allowed


def test_a_time_before_1000_is_written_with_four_digits():
    from datetime import datetime, timezone

    from consent.records import format_time

    assert format_time(datetime(999, 6, 1, tzinfo=timezone.utc)) == "0999-06-01T00:00:00Z"
