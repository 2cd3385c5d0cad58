"""Red team s58b: an exception or alias one letter off a famous name *as transliterated* from
Cyrillic or Greek is recorded with no confirmation and exempts (licenses) that person whenever a
prompt writes the name in that script.

The matcher compares an exception's words with every reading of a prompt word (``_Index.word_set``:
``t.norm``, ``t.alt``, ``t.forms`` — for "Зеленский" the transliteration "zelenskii", for
"Ομπάμα" "ompama" and "obama", for "Свифт" "svift"), one typo away. The prompt check reads those
prompts as the famous person (rules ``name-translit`` / ``known-person``).
:func:`consent.names.famous_people_covered` only compares the name's words with the known people's
*Latin* name words: "Zelenskiii" is two edits from "zelenskyy"/"zelensky", so nobody is found,
``famous_person_in_name`` reads nobody either, and ``allow_name`` / ``update_subject`` ask for no
confirmation. Then "portrait of Зеленский" passes with no grant (or runs under the alias holder's
grant).

Fix: compare the name's words (one edit) with the known people's words in every reading the
prompt tokenizer gives a known name (transliterations of their native spellings:
``kb.people_native`` through ``_tokens``), or probe the matcher under the exception with each
known person's native/transliterated spellings of the candidates found one edit away from any of
those readings.
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed


CASES = [
    # (exception or alias as typed, prompt naming the famous person in another script)
    ("Zelenskiii", "portrait of Зеленский on stage"),  # Volodymyr Zelenskyy
    ("Teilorr Sviftt", "portrait of Тейлор Свифт on stage"),  # Taylor Swift
    ("Ompama", "portrait of Ομπάμα on stage"),  # Obama
    ("Teilor Soyift", "portrait of Τέιλορ Σουίφτ on stage"),  # Taylor Swift
]


@pytest.mark.parametrize("name,prompt", CASES)
def test_an_exception_near_a_transliterated_famous_name_needs_the_operators_word(stub_world, name, prompt):
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a brand name")


@pytest.mark.parametrize("name,prompt", CASES[:2])
def test_an_alias_near_a_transliterated_famous_name_needs_the_namesake_word(stub_world, name, prompt):
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)
