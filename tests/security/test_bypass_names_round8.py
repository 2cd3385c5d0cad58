"""Round 8: families that held-out #5 showed weak, pinned with prompts written for this file.

Held-out #5 (scored blind after rounds 6 and 7) became a tuning set in round 8. Its misses were
names in their own scripts, other-language prompts, run-together and all-caps names, leetspeak
and handles, misspellings and artists named for a style; its false denials were production
briefs with made-up characters, titles of songs and films in quotes, compounds joined by a
hyphen, titles before an act and prompts in other Latin-script languages. Each rule below is
about how a language or a prompt marks a name (or a knowledge source), never a list of the
set's words; the prompts here are new (none is copied from a set). Both directions are pinned:
the person the rule now finds, and the clean prompt it stops denying, and for every relaxing
rule the famous names it must still deny.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


# --- denials added -------------------------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    # the contemporary list's own-script spellings, found as written (Chinese run, Korean word
    # before a particle, Arabic after the one-letter proclitic li-/bi-)
    "海报：习近平在会场讲话",
    "習近平 出席會議，新聞照片",  # the traditional spelling of the list's simplified one, by reading
    "손흥민이 공을 차는 장면",
    "كاريكاتير لمحمد صلاح في الملعب",
    "بمحمد صلاح",
    # a famous full name one word into a generic pair, in capitals
    "VINTAGE ART MICHAEL JORDAN DUNKING",
    # a famous one-word name written with digits; an @-handle of a famous one-word name
    "CR7 lifting a trophy",
    "(CR7:1.2), stadium",
    "@Ninja streaming at night",
    "mrbeast123 on a yacht, thumbnail",
    "@drake on stage",
    # an artist's famous last name before a manner, or a medium and a manner
    "Hiroshige style rain",
    "Hiroshige ink wash style mountain",
    "Hokusai woodcut style waves",
    # a Ukrainian instrumental ending on a famous surname
    "Портрет із Зеленським у Києві",
    # a famous one-word name with one typo
    "Beyonse at the Grammys",
    # other languages that capitalise only names: a given name and a surname after a little word
    "Larawan ni Maria Santos na nakangiti",
    "Ṣe àwòrán Tunde Bakare tí ń rẹ́rìn-ín",
])
def test_round8_denies_the_person(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # a made-up marker never clears a famous name, nor does a quoted title
    "Barack Obama (fictional) on a throne",
    "Taylor Swift (invented) singing",
    "Zendaya (fictional) on the red carpet",
    "Mbappe (fictional) scoring",
    "album cover 'Taylor Swift' with her face",
    "poster for the film 'Oppenheimer'",
    "album cover 'Jamal Khashoggi' portrait",
    # the marker must follow the name in its clause, in brackets
    "Commander Ilse Varga floats past, a fictional scene",
    # a title and a name still name a person; the act only clears a title alone
    "President Macron waving",
    "president vexalor smiling",
    "Prince Harry smiling",
    # a hyphen to a manner word is still the artist ("-style"), not a period
    "Obama-style speech",
    # CamelCase still splits into a name where its first part is a given name or a part is famous
    "TaylorSwift on stage",
    "the NarendraModi poster",
    # a real given name before "de" still starts a name
    "Leonardo da Vinci painting",
    # misspelt stars doing things, as before
    "Rihana in a red dress",
    "Obamma giving a speech",
    # a place doing what people do, not after an article
    "Lincoln giving a speech",
    # a word for people after an unknown name is no animal ("man" ends WordNet breeds too)
    "Vexalor man smiling",
    "Zendaya cat costume",
])
def test_round8_relaxations_keep_denying_real_people(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- false denials removed -----------------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    # another Latin-script language whose little words the tables lack (accented words)
    "Affiche rétro : la plage à marée haute, style années 50",
    "Kartpostal: gün batımında sıcak hava balonları",
    "Zimowy Zakopane nocą, Krupówki w śniegu, latarnie",
    # a title's act is no name
    "A king waving from a balcony, oil painting",
    # a bracket saying the name is made up
    "Lieutenant Maren Holt (fictional) on the bridge of a starship",
    "Mayor Tobias Quenby (invented character) cutting a ribbon",
    # a work's title in quotes
    "Cover for the song 'Peggy Sue': a jukebox glowing",
    "Lyric poster for the single 'Rosie Lee': neon rain",
    # compounds joined by a hyphen to a place or a period word
    "Humboldt-Universität courtyard in spring",
    "Edo-period woodblock print of a bridge",
    # an English preposition is no given name
    "a cat sleeping among cushions on a sofa",
    "Spinning among flowers, a dancer's dress",
    # a word or a place before "de"
    "Street map of Plaza de Mayo at noon",
    # CamelCase firms and products in running text
    "Queen Elizabeth Olympic Park with the ArcelorMittal Orbit",
    # a plural surname joined to a manner word
    "the Guardians-style front page",
    # a model's code after a name is no person's act
    "Race car in Williams Racing livery, F1 paddock",
    # a place after an article before a noun
    "Lipizzaner horses performing in a Vienna riding hall",
    # the animal after an unknown breed word does the act ("cat" ends WordNet breeds)
    "a Lykoi cat wearing a tiny crown",
])
def test_round8_passes_the_clean_prompt(matcher, prompt):
    assert not matcher.find(prompt), (prompt, matcher.find(prompt))


def test_own_script_forms_leave_ordinary_text_alone(matcher):
    # ordinary Chinese, Korean and Arabic sentences share characters with the list's names
    for prompt in ("一只熊猫在竹林里吃竹子", "고양이가 소파에서 잠을 잔다", "صورة لمدينة القاهرة في الليل"):
        assert not matcher.find(prompt), prompt
