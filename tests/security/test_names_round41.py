"""Names round 41 (issue 11).

- "close up of <famous one-word name>" is a picture of them, as "photo of" is ("close up of
  macron", "Close-Up Of Trump"), and a quality tag after the name ("Macron Award Winning
  Portrait") no longer hides it; so is "closeup of" ("extreme closeup of macron"), not "closeup"
  after a name ("Heinz closeup" is a product shot: red team 72).
- A lower-case epithet of "the" and an English word after a preposition of place is the thing
  ("the castle on the rock behind") unless another word of the prompt speaks of people
  ("fans near the rock at the premiere", "standing near the rock, bald muscular wrestler":
  adversary 19).
- A little word of the prompt's language right before an article is the word ("Ouro Preto
  durante o Carnaval"). A common word of the language after its article ("un domingo") or
  mid-sentence ("cielo gris") was read as the word too, until red team 72 got 427 prompts naming
  people through those two rules (tests/security/test_adversary72_names.py): withdrawn, so those
  clean prompts are denied again (strict xfails below).
- A capitalised famous surname right after a word that opens a clause is where the clause's
  subject stands, as first in the prompt is ("a cartoon where Musk is selling cars", "una
  vignetta dove Benigni salta", "em que Goucha cozinha", "en gammal gård där Lindgren sitter").
  Not before a little word or in a prompt about a street, a square or a shop ("une place où
  Gambetta est noire de monde": red team 72).
- Tagalog's personal article before a famous surname names a person ("si Wurtzbach ay
  nakasuot"); a given name or a surname of the tables alone after it is anyone ("si Maria ay
  nagluluto", "ang aso ni Bantay").
- A word for a role before a capitalised famous surname that is no given name is a title
  ("Trainer Tuchel", "premiér Fiala" in a prompt read as French); "chef Mario", "burmistrz
  Kowalski" are anyone and "le premier Ministre" no one.
- A famous one-word name's genitive in -s without an apostrophe is the person first in the
  prompt too ("Åkessons valaffisch", "Kygos konsert"), not in Lithuanian or Latvian, whose
  nominatives end in -s ("Tētis", dad).
- Hungarian's "with" doubles a name's last consonant ("Orbánnal", "Trumppal"): read as the
  famous name's -val/-vel.
"""

from __future__ import annotations

import pytest

from names_support import withdrawn

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


def _found(matcher, prompt):
    return [lk.text for lk in matcher.find_all(prompt).likenesses]


@pytest.mark.parametrize("prompt", [
    "close up of macron, award winning portrait",
    "Close Up Of Macron Award Winning Portrait",
    "Close Up Of Macron",
    "close-up of trump at a rally",
    "extreme closeup of macron",
    "Photo Of Trump Award Winning Photography",
    "the rock flexing his muscles at the gym",
    "fans near the rock at the premiere",
    "standing near the rock, bald muscular wrestler, raising one eyebrow",
    "durante canta en el escenario",
    "retrato de durante a sorrir",
    "un domingo cantando opera",
    "una foto di durante sul palco",
    "draw a cartoon where Musk is selling dodgy cars",
    "una vignetta dove Benigni salta sulle poltrone",
    "um programa da manhã em Lisboa em que Goucha cozinha com uma avó",
    "en gammal bondgård där Lindgren sitter och skriver",
    "une émission du dimanche où Drucker reçoit des chats",
    "ilustrasyon kung saan si Wurtzbach ay nakasuot ng korona",
    "Trainer Tuchel an der Seitenlinie",
    "premiér Fiala sedí v kavárně",
    "um laboratório antigo com einstein e um quadro negro",
    "un café à paris où voltaire et rousseau débattent",
    "una copertina di rivista con madonna vestita di pizzo",
    "una partita con messi che segna",
    "Åkessons valaffisch som medeltida tavla",
    "a Balaton partján egy szelfi Orbánnal",
    "egy vacsora Trumppal",
    "Kygos konsertscene på en fjelltopp",
])
def test_people_are_found(matcher, prompt):
    assert _found(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "close up of trump card on a green table",
    "close up of a musk ox",
    "the trump award winning card game",
    "A bike in Edinburgh, the castle on the rock behind, drizzle.",
    "Praça Tiradentes em Ouro Preto durante o Carnaval",
    "el concierto durante el verano en Madrid",
    withdrawn("Mercado en Buenos Aires un domingo, antigüedades", "a common word of the language after its article or mid-sentence", 72),
    withdrawn("aperitivo in Piazza Navona, testimoni eleganti, la luce del tramonto", "a common word of the language after its article or mid-sentence", 72),
    "si Maria ay nagluluto",
    "chef Mario preparing pasta",
    "burmistrz Kowalski w ratuszu",
    "ang aso ni Bantay sa bakuran",
    "Heinz closeup, ketchup bottle",
    "une place où Gambetta est noire de monde",
    "personal trainer Mike at the gym",
    "le premier Ministre à Matignon",
    "where Washington crosses the river, painting",
    withdrawn("una notte in stile La dolce vita, fontana barocca, donne in abiti da sera, bianco e nero", "a common word of the language after its article or mid-sentence", 72),
    withdrawn("la Gran Vía de Madrid cubierta de nieve, cielo gris, fotografía", "a common word of the language after its article or mid-sentence", 72),
    "una mesa de terraza con una lata de refresco",
    "kávé a szomszéddal",
    "beszélgetés Kováccsal",
    "Vecmāmiņa un Tētis ar Dinamo Rīga šallēm hokeja spēlē, popkorns rokās",
])
def test_things_and_words_pass(matcher, prompt):
    assert not _found(matcher, prompt)
