"""Red team s58b: ``famous_people_covered`` gives up on long names, so a long exception or alias
one letter off a famous name is recorded with no confirmation and exempts (licenses) that person.

Two shortcuts in :func:`consent.names.famous_people_covered`:

* ``len(toks) > 5`` returns [] at once. The matcher has no such limit: an exception or alias of six
  words, one of them a letter off a famous name ("Barackk Obamma the forty fourth president"),
  is matched, a typo a word, in a prompt that writes the famous name right and the rest of the
  words — the attacker writes the prompt too.
* a run of words is skipped when the product of its candidate sets exceeds 5000. That is not only
  "many short common words, nobody's name": a famous name made of short particles has it alone
  ("Hamad bin Isa Al Khalifa", the King of Bahrain: 115,200; "Pedro de la Rosa"; "Luis de la
  Fuente"), so the name one letter off ("Hamad Bin Isa Al Khalifaa") is never compared with it.

Fix: no word-count cut-off (or one as large as the longest name the index accepts), and no
product cap that drops candidates: e.g. first look up every known person whose words are all in
the run's candidate sets by walking ``kb.people`` keys of that length that start with a candidate
of the first word (an index by first word), rather than enumerating the product.
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed


CASES = [
    # (exception or alias as typed, prompt that names the famous person)
    ("Barackk Obamma the forty fourth president", "portrait of Barack Obama the forty fourth president"),
    ("Hamad Bin Isa Al Khalifaa", "portrait of Hamad bin Isa Al Khalifa on stage"),
    ("Pedroo de la Rosa", "portrait of Pedro de la Rosa on stage"),
    ("Luis de la Fuentee", "portrait of Luis de la Fuente on stage"),
]


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_long_near_famous_exception_needs_the_operators_word(stub_world, name, prompt):
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a street name")


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_long_near_famous_alias_needs_the_namesake_word(stub_world, name, prompt):
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)
