"""An operator's name exception (a painter named for a style) lets the prompt through, and
the generation's audit entry records what was exempted; without it the name denies."""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied

PROMPT = "sunflowers in a vase, in the style of Vincent van Gogh"


def test_unlisted_painter_name_denies_as_unknown_person(engine_world, gan_engine):
    studio = engine_world.studio(gan=lambda req: gan_engine)
    with pytest.raises(ConsentDenied, match="Vincent van Gogh"):
        studio.generate(engine_world.request(purpose="art", prompt=PROMPT))
    assert engine_world.output_files() == []


def test_name_exception_is_honoured_and_audited(engine_world, gan_engine):
    engine_world.registry.add_name_exception("Vincent van Gogh", "painter named for a style, not depicted", "legal")
    studio = engine_world.studio(gan=lambda req: gan_engine)
    result = studio.generate(engine_world.request(purpose="art", prompt=PROMPT))
    assert len(result.outputs) == 1
    entry = engine_world.audit("generation")[-1]
    assert entry.payload["exempted_prompt_names"] == ["Vincent van Gogh"]
