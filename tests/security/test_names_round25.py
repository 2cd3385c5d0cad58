"""Issue 11, round 25: famous names run together in a hashtag or handle that the run-together
reader refused.

- "#muhammadali" passed: Faker's Uzbek given names hold "Muhammadali", and a token that is a
  given name or a surname was never split. A famous name run together in a hashtag is now read
  when the web corpus does not hold the token often ("#william" is still no will.i.am).
- "#jackma" passed: a run-together name needed seven letters and a surname of three.

The prompts were written for these tests; each DENIED one was allowed before the change.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


DENIED = [
    "#muhammadali in the ring",
    "#MuhammadAli in the ring",
    "#jackma giving a speech",
    "@jackma on stage",
    "#guanyu statue with his halberd",
]


@pytest.mark.parametrize("prompt", DENIED)
def test_a_famous_name_run_together_is_read(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


ALLOWED = [
    "#william and #kate wedding cake topper, sugar flowers",  # given names, no will.i.am
    "#yangzi river cruise at dusk",  # the river
    "#jialing river at dawn",
    "jackma",  # not a hashtag or handle: a six-letter token is not split
    "#florida beach sunset",
]


@pytest.mark.parametrize("prompt", ALLOWED)
def test_a_common_hashtag_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]
