"""Names round 41 (issue 11).

- "close up of <famous one-word name>" is a picture of them, as "photo of" is ("close up of
  macron", "Close-Up Of Trump"), and a quality tag after the name ("Macron Award Winning
  Portrait") no longer hides it; "closeup" is a word that draws the person ("macron closeup").
- A lower-case epithet of "the" and an English word after a preposition of place is the thing
  ("the castle on the rock behind") unless another word of the prompt speaks of people
  ("fans near the rock at the premiere", "standing near the rock, bald muscular wrestler":
  adversary 19).
- A little word of the prompt's language before another or an article is the word ("Ouro Preto
  durante o Carnaval"), and a common word of the language right after its article ("un
  domingo", "la luce del tramonto"), not before what a person does ("un domingo cantando").
- A capitalised famous surname right after a word that opens a clause is where the clause's
  subject stands, as first in the prompt is ("a cartoon where Musk is selling cars", "una
  vignetta dove Benigni salta", "em que Goucha cozinha", "en gammal gård där Lindgren sitter").
- Tagalog's personal article before a surname names a person ("kumakanta si Velasquez"); a given
  name alone after it stays a given name ("si Maria ay nagluluto").
- A word for a role before a capitalised surname of the tables that is no given name is a title
  ("Trainer Streich", "premiér Fiala" in a prompt read as French); "chef Mario" is anyone and
  "le premier Ministre" no one.
- A famous one-word name's genitive in -s without an apostrophe is the person first in the
  prompt too ("Åkessons valaffisch", "Kygos konsert"), not in Lithuanian or Latvian, whose
  nominatives end in -s ("Tētis", dad).
- A common word of the prompt's language in lower case mid-sentence is the word ("bianco e nero",
  "cielo gris"), unless the web holds it for someone's fame, or it is in company ("com einstein",
  "voltaire et rousseau", adversary 58) or what a person does follows ("nero che suona").
"""

from __future__ import annotations

import pytest

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
    "macron closeup",
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
    "poster kung saan kumakanta si Velasquez",
    "ilustrasyon kung saan si Wurtzbach ay nakasuot ng korona",
    "Trainer Streich mit Schiebermütze auf dem Fahrrad durch Freiburg",
    "premiér Fiala sedí v kavárně",
    "statsminister Støre holder tale",
    "Roma in fiamme, nero che suona la lira",
    "um laboratório antigo com einstein e um quadro negro",
    "un café à paris où voltaire et rousseau débattent",
    "una copertina di rivista con madonna vestita di pizzo",
    "una partita con messi che segna",
    "Åkessons valaffisch som medeltida tavla",
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
    "Mercado en Buenos Aires un domingo, antigüedades",
    "aperitivo in Piazza Navona, testimoni eleganti, la luce del tramonto",
    "si Maria ay nagluluto",
    "chef Mario preparing pasta",
    "personal trainer Mike at the gym",
    "le premier Ministre à Matignon",
    "where Washington crosses the river, painting",
    "una notte in stile La dolce vita, fontana barocca, donne in abiti da sera, bianco e nero",
    "la Gran Vía de Madrid cubierta de nieve, cielo gris, fotografía",
    "una mesa de terraza con una lata de refresco",
    "Vecmāmiņa un Tētis ar Dinamo Rīga šallēm hokeja spēlē, popkorns rokās",
])
def test_things_and_words_pass(matcher, prompt):
    assert not _found(matcher, prompt)
