"""Attacks on the jobs' second round: the signed seed/settings assertion, and clients that
go away (HTTP API, CLI) hoping their job keeps a worker busy."""

from __future__ import annotations

import datetime as dt

import pytest

from creator.disclosure import ConsentAssertion, DisclosureContext, GenerationSettings, LikenessEntry
from creator.disclosure import context as _context
from creator.errors import DisclosureError
from creator.verify import verify

REF = "subj_0123456789abcdef"


def _consent(real: bool) -> ConsentAssertion:
    return ConsentAssertion(
        decision_id="dec-1", decided_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), purpose="film_reshoot",
        operation="likeness_generation", territories=("US",),
        likenesses=(LikenessEntry(REF, "person", "declared", "g-1", "5" * 64),) if real else ())


def test_settings_cannot_be_signed_into_an_output_under_a_persons_grant():
    with pytest.raises(DisclosureError, match="generation is set but consent.likenesses lists 1 real person"):
        DisclosureContext(digital_source_type="trainedAlgorithmicMedia", model_id="m", model_version="1", engine="gan",
                          real_person_depicted=True, consent=_consent(True),
                          generation=GenerationSettings(seed=1, steps=2, width=256, height=256))


@pytest.mark.parametrize("data, message", [
    ({"version": 1, "seed": 1, "steps": 2, "width": 256, "height": 256, "model_sha256": None,
      "prompt": "Jane Doe at the harbour"}, "unexpected field"),
    ({"version": 1, "seed": 1, "steps": 2, "width": 256, "height": 256, "model_sha256": "/srv/models/jane"},
     "model_sha256 must be 64 lowercase hex"),
    ({"version": 1, "seed": True, "steps": 2, "width": 256, "height": 256}, "seed must be a whole number"),
    ({"version": 2, "seed": 1, "steps": 2, "width": 256, "height": 256}, "version 2 is not supported"),
    ({"version": 1, "seed": 1, "width": 256, "height": 256}, "missing field 'steps'"),
    (["seed", 1], "must be an object"),
])
def test_a_settings_assertion_with_anything_else_is_refused(data, message):
    with pytest.raises(DisclosureError, match=message):
        GenerationSettings.from_dict(data)


def test_verify_fails_a_file_whose_signed_settings_carry_a_prompt(stub_world, monkeypatch):
    """Even a file signed with the studio's own key (a bug, or a patched worker) that put a
    prompt into the settings assertion is a FAIL, and the prompt is not echoed as settings."""
    real = GenerationSettings.to_dict

    def leaky(self):
        return {**real(self), "prompt": "a harbour at dawn"}

    monkeypatch.setattr(_context.GenerationSettings, "to_dict", leaky)
    (out,) = stub_world.studio().generate(stub_world.request(seed=3)).outputs
    monkeypatch.setattr(_context.GenerationSettings, "to_dict", real)
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.generation is None
    assert any("unexpected field(s) ['prompt']" in r for r in report.reasons), report.reasons
