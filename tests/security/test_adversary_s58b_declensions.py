"""Red team s58b (low): Czech/Slovak case forms of famous names ("Obamovi", "Putinovi",
"Merkelová", "Rihannou") are recorded as exceptions with no confirmation; the prompt check then
passes "portrait of Obamovi" (Czech: "of/for Obama"), which a text encoder renders as Obama.

The matcher reads Polish case forms of famous names ("Obamy", "Obamą": ``_SLAVIC_ENDINGS`` /
``t.forms``), and so does ``famous_people_covered``/``famous_person_in_name`` ("Obamy" → Barack
Obama). The Czech/Slovak dative and instrumental (-ovi, -ou, -ová, -ové) are not among them:
without an exception the prompt is denied only as an unknown capitalised name after "portrait
of" (rule ``cue``); the exception "Obamovi" exempts exactly that, and ``allow_name`` sees no famous
person. The confirmation the fix asks for is bypassed by writing the name in Czech.

Fixed in names round 44 (session 59): the Czech and Slovak endings are read (``_INFLECTIONS``;
the strong ones, -ovi, -ovou, -ová..., in an English prompt too), and ``famous_person_in_name``
reads a declined name in the nominative (``_nominative_readings``). The fix asked for: add the Czech/Slovak endings (-ovi, -ou, -ová/-ové/-ovou for surnames, -e/-ě/-y) to the case
endings stripped for famous-name readings (so the prompt check reads "Obamovi" as Obama and
``famous_person_in_name`` with it).
"""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid

CASES = [("Obamovi", "Obamovi"), ("Putinovi", "Putinovi"), ("Angela Merkelová", "Angela Merkelová"),
         ("Rihannou", "Rihannou")]


def _allowed(w, prompt: str) -> bool:
    return w.studio().check(w.request(prompt=prompt)).allowed


@pytest.mark.parametrize("name,written", CASES)
def test_a_declined_famous_name_exception_needs_the_operators_word(stub_world, name, written):
    w = stub_world
    prompt = f"portrait of {written} on stage"
    assert not _allowed(w, prompt)
    try:
        w.ops.allow_name(name, "a cafe", "cli:olive")  # no famous_ok
    except RecordInvalid:
        return
    assert not _allowed(w, prompt), f"exception {name!r} (a famous name, declined) recorded unconfirmed; {prompt!r} passes"
