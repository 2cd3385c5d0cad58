"""Red team s59b (false denials): since names round 44 a Czech prompt that starts with (or
title-cases) an ordinary Czech word is denied when the word, less one of the new case endings, is
a famous surname or one-word name: "Celou noc prší nad městem" (all night it rains over the city:
"Celou" read as Cela), "Bílou tužkou na černém papíře" (with a white pencil), "Panenky na poličce"
(dolls on a shelf), "Ohněm a mečem" (the novel/film With Fire and Sword), "Tělem a duší",
"Pivem orosená sklenice", "Římského impéria mapa", "Častou chybou je...". Every one passed on the
code before the round (ccd6dd6).

``NameMatcher._inflected`` reads the round's endings (``("ou", "a")``, ``("y", "a")``, ``("em", "o")``,
``("eho", "y")``...) on a capitalised word whose stem + replacement is in ``kb.people_single`` or
``kb.famous_last``, in any prompt with a Czech/Slovak letter (``_cs_sk_text``). It asks whether the
stem is a word, not whether the WHOLE word is a common word of the prompt's language: "celou",
"bilou", "panenky", "ohnem", "telem", "pivem", "rimskeho", "castou" are all in the Czech common
words (consent/data/latin_words.txt.gz, ``@cs``). A capital at the start of a sentence is no name.

Expected: a capitalised word that is a common Czech/Slovak word form (the language's word list), at
the start of the prompt or of a sentence, is not read as a famous name in its case; these pass.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Celou noc prší nad městem",
    "Bílou tužkou na černém papíře",
    "Panenky na poličce v dětském pokoji",
    "Ohněm a mečem, filmový plakát",
    "Tělem a duší, plakát k filmu",
    "Pivem orosená sklenice na stole",
    "Římského impéria mapa na zdi",
    "Častou chybou je špatné světlo",
])
def test_a_czech_word_at_the_start_of_a_prompt_is_no_famous_name(matcher, prompt):
    assert not matcher.find(prompt), f"{prompt!r} denied: {prompt.split()[0]!r} read as a famous name in its case"
