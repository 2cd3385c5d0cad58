"""The camera check's head-turn decision: turns are measured from the sequence's median, and a
failed turn tells the person what to do. Synthetic faces of nobody, turns simulated by a warp (tests/presence_support.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from presence_support import face, sequence

from consent import likeness
from consent.presence import Challenge, advice, check_presence

NOW = datetime.now(timezone.utc)


@pytest.fixture(scope="module")
def templates():
    t = likeness.enroll("jane", [face("subject")])[0]
    return ["jane"], np.asarray([t.embedding], dtype=np.float32)


def check(templates, order, poses, seed=0):
    ch = Challenge("c1", "d1", "self", tuple(order), NOW, NOW + timedelta(minutes=2))
    return check_presence(sequence(face("subject"), poses, seed), ch, subject_id="jane", templates=templates, now=NOW)


def test_a_first_frame_that_is_not_straight_still_passes(templates):
    # "straight" is the sequence's median, not the first frame: a person (or a camera) still
    # turned when the check starts is not failed for it
    r = check(templates, ("left", "right"), ["right", "centre", "left", "left", "centre", "right", "right", "centre"], 1)
    assert r.passed, r.reason


def test_a_missing_second_turn_tells_the_person_to_turn_further_that_way(templates):
    r = check(templates, ("left", "right"), ["centre", "left", "left", "centre", "centre", "centre"], 3)
    assert not r.passed and r.reason.startswith("the head turns seen were left, left;")
    assert advice(r) == "After turning to your left, turn further to your right."


def test_a_missing_first_turn_or_no_turn_says_what_to_do(templates):
    r = check(templates, ("right", "left"), ["centre", "left", "left", "centre", "centre"], 4)
    assert not r.passed and advice(r) == "Turn further to your right first, then to your left."
    r = check(templates, ("right", "left"), ["centre"] * 5, 5)
    assert not r.passed and "head turns seen were none" in r.reason
    assert advice(r) == "Look straight at the camera first, then turn your head clearly to your right, then to your left."


def test_a_passed_check_or_another_face_gives_no_turn_advice(templates):
    r = check(templates, ("left", "right"), ["centre", "left", "left", "right", "right", "centre"], 6)
    assert r.passed and advice(r) == ""
    ch = Challenge("c2", "d1", "self", ("left", "right"), NOW, NOW + timedelta(minutes=2))
    other = check_presence(sequence(face("stranger"), ["centre"] * 5, 7), ch, subject_id="jane", templates=templates, now=NOW)
    assert not other.passed and "does not match" in other.reason and advice(other) == ""
