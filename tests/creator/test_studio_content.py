"""A grant's content restriction holds even when the user declares no content flag: the
prompt screen raises the flag, and the denial names the grant and the restriction."""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied


@pytest.fixture
def jane(engine_world):
    engine_world.add_person("jane-doe", "Jane Doe")
    engine_world.issue_grant("jane-doe", "g-no-politics", content_restrictions=["no_politics"])
    return "jane-doe"


def test_undeclared_restricted_content_in_the_prompt_is_denied(engine_world, jane, gan_engine):
    studio = engine_world.studio(gan=lambda req: gan_engine)
    with pytest.raises(ConsentDenied) as exc:
        studio.generate(engine_world.request(subjects=(jane,), prompt="Jane Doe speaking at a campaign rally"))
    reasons = " ".join(exc.value.decision.reasons())
    assert "g-no-politics" in reasons and "politics" in reasons
    assert engine_world.output_files() == []


def test_same_grant_allows_an_unrestricted_prompt(engine_world, jane, gan_engine):
    studio = engine_world.studio(gan=lambda req: gan_engine)
    result = studio.generate(engine_world.request(subjects=(jane,), prompt="Jane Doe at the harbour at dawn"))
    assert len(result.outputs) == 1
