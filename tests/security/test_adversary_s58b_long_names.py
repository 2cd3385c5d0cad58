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

from consent.errors import RecordInvalid

CASES = [
    # (exception or alias as typed, prompt that names the famous person)
    ("Barackk Obamma the forty fourth president", "portrait of Barack Obama the forty fourth president"),
    ("Hamad Bin Isa Al Khalifaa", "portrait of Hamad bin Isa Al Khalifa on stage"),
    ("Pedroo de la Rosa", "portrait of Pedro de la Rosa on stage"),
    ("Luis de la Fuentee", "portrait of Luis de la Fuente on stage"),
]


def _allowed(w, prompt: str, subjects=()) -> bool:
    return w.studio().check(w.request(prompt=prompt, subjects=subjects)).allowed


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_long_near_famous_exception_needs_the_operators_word(stub_world, name, prompt):
    w = stub_world
    assert not _allowed(w, prompt)  # a known real person, no grant
    # (before the fix the matcher itself exempted it; since session 58 it does not: the outcome below is what counts)
    try:
        w.ops.allow_name(name, "a street name", "cli:olive")  # no famous_ok
    except RecordInvalid:
        return
    assert not _allowed(w, prompt), f"exception {name!r} recorded unconfirmed; {prompt!r} now passes with no grant"


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_long_near_famous_alias_needs_the_namesake_word(stub_world, name, prompt):
    w = stub_world
    w.add_person("tess", "Tess Smith")
    w.issue_grant("tess", "g-tess")
    assert not _allowed(w, prompt, ("tess",))
    try:
        w.ops.update_subject("tess", aliases=[name])  # no famous_namesake
    except RecordInvalid:
        return
    assert not _allowed(w, prompt), f"alias {name!r} accepted unconfirmed; {prompt!r} now runs under Tess's grant"
