"""Signed assertions' ``version`` must be the whole number this studio writes (red team 2,
session 54, A5): ``2.0``, ``true`` and ``"1"`` compare equal to a supported version in Python but
are not what any release signs, so a reader refuses them as unsupported instead of taking them
for version 1 or 2."""

from __future__ import annotations

import pytest

from creator.disclosure.c2pa import TimeStampGap
from creator.disclosure.context import ConsentAssertion, GenerationSettings
from creator.errors import DisclosureError

GENERATION = {"version": 1, "seed": 7, "steps": 20, "width": 512, "height": 512, "model_sha256": None}
NO_STEPS = {**GENERATION, "version": 2, "steps": None}
CONSENT = {"version": 1, "decision_id": "d-1", "decided_at": "2026-12-06T12:00:00+00:00", "purpose": "film_reshoot",
           "operation": "text2img", "territories": ["US"], "likenesses": [], "fictional_personas": []}


def test_the_versions_signed_are_read():
    assert GenerationSettings.from_dict(GENERATION).steps == 20
    assert GenerationSettings.from_dict(NO_STEPS).steps is None
    assert ConsentAssertion.from_dict(CONSENT).decision_id == "d-1"
    gap = {"version": 1, "time_stamped": False, "tsa_url": "http://tsa.example", "reason": "unreachable"}
    assert TimeStampGap.from_assertion(gap) is not None


@pytest.mark.parametrize("version", [2.0, True, "2", None])
def test_a_generation_version_written_another_way_is_refused(version):
    with pytest.raises(DisclosureError, match="is not supported"):
        GenerationSettings.from_dict({**NO_STEPS, "version": version})


@pytest.mark.parametrize("version", [1.0, True, "1"])
def test_a_generation_version_1_written_another_way_is_refused(version):
    with pytest.raises(DisclosureError, match="is not supported"):
        GenerationSettings.from_dict({**GENERATION, "version": version})


@pytest.mark.parametrize("version", [1.0, True, "1"])
def test_a_consent_version_written_another_way_is_refused(version):
    with pytest.raises(DisclosureError, match="is not supported"):
        ConsentAssertion.from_dict({**CONSENT, "version": version})


@pytest.mark.parametrize("version", [1.0, True, "1"])
def test_a_time_stamp_gap_written_another_way_is_not_read(version):
    gap = {"version": version, "time_stamped": False, "tsa_url": "http://tsa.example", "reason": "unreachable"}
    assert TimeStampGap.from_assertion(gap) is None
