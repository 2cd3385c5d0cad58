"""Red team 53 (issue 11): names round 30 attacked both ways.

A helper read round 30's diff and wrote 220 prompts, each run on the code before and after the
round (docs/LIKENESS.md, "Red team 53"). It found 32 names the round let through and 51 clean
prompts it denied. All 32 and 48 of the 51 are fixed; the cases below pin a sample of each, and of
the 118 guards (prompts that behaved as expected, which later changes must keep).

- A capitalised Baltic place genitive ("Rīgas") was blocked from any name in prompts with ä, ö,
  ü or õ too, and endings read given names as places (Anna: Ann, Mantas: Manta, Frances: France):
  now only in prompts with a letter only Latvian or Lithuanian writes, only endings a genitive
  has, and not a given name or a surname of the tables unless written with such a letter.
- New one-word forms and epithets of the famous-people additions that are words, places or
  phrases ("breskvica", a little peach; "El Pingüino"; "Kanepi", an Estonian parish) were dropped
  from the data.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    # the place-genitive rule hid these (fixed)
    "Anna Bērziņa portrets pie loga, eļļas glezna",
    "Mantas Kalnietis žaidžia krepšinį Kaune",
    "Frances Liepiņa gleznā pie jūras",
    "Anna Jankauskienė virtuvėje kepa pyragą",
    "Kristina Rios Rīgā, ielu foto",
    "Anna Schmidt im Garten, schönes Wetter",
    "Anna Lindqvist på en bänk i Göteborg",
    "Anna Virtanen järven rannalla kesällä, sää on lämmin",
    "portrait of Anna Green at a café in Zürich",
    "Anna Wintour in Düsseldorf at a fashion show",
    "Angela Bassett in München, premiere photo",
    "Anna Mets vaatab merd õhtul",
    # guards: the round's intended readings
    "Angela Merkel Rīgā, runā pie mikrofona",
    "Romas Kazlauskas stovi prie ežero",
    "Sana Jankauskaitė sėdi kavinėje",
    "Bjarni Benediktsson í ræðustól",
    "gunnar gunnarsson við sjóinn",
    "Mohd Hafiz bin Abdullah berjalan di pasar",
    "Siti Nurhaliza binti Tarudin menyanyi di pentas",
    "slika Luke Modrića na stadionu",
    "portreti i Ismail Kadaresë në bibliotekë",
    "susitikimas su Nausėda Vilniuje",
    "jurgita jankauskienė ir jos vaikai parke",
    "Ahmad bin Razak",                                    # capitalised (missed by the round at first)
    "Nausėdos kalba Seime",                               # Lithuanian genitive of a name in -a
])
def test_names_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # the round's data denied these (fixed)
    "ski slopes of Rogla in winter, Pohorje mountains",
    "breskvica na stolu, mrtva priroda",
    "the Turkmenbashi port at sunset, cargo ships",
    "Kanepi kirik sügisel, õhtune valgus õues",
    "un chicote de cuero colgado en la pared del establo",
    "rytmus a melódia, abstraktný obraz hudby",
    "pečená pastrňák a mrkva na plechu",
    "El Pingüino de la Antártida camina sobre el hielo",
    "El Pajarito canta en la rama del árbol",
    "The Dominator robot from a 1980s cartoon, toy packaging",
    "Orzeł z Wisły, an eagle flying over the Vistula river",
    "az öcsi és a nővére a kertben játszanak",
    "бацька стоит у печи в деревенской избе",
    "sheva brachot at a Jewish wedding, seven blessings under the chuppah",
    "tanak kruh i sir na drvenoj dasci",
    "eala bhán ar an loch, swan painting in Irish",
    "prodi cavalieri in battaglia, affresco rinascimentale",
    "friz na pročelju stare crkve, kamen i reljef",
    "ceràmica de La Bisbal d'Empordà, plats pintats",
    "Kayah state landscape in Myanmar, hills and rivers",
    "a kaptaan of a fishing boat, oil painting",
    "Asiwaju statue in a Yoruba village square",
    # guards
    "Rīgas Doma laukums ziemā, sniegs un laternas",
    "Klaipėdos uostas saulėlydžio metu",
    "Reykjavíkur höfn í morgunsól, bátar við bryggju",
    "a lesson on Icelandic grammar: the suffix -sson means son",
    "the caisson of a bridge under construction",
    "mergaitė su raudona suknele pievoje",
    "put the empty bottles in the bin bin bag by the door",
    "Kalaja e Krujës në mjegull në mëngjes",
    "Schooling fish in a coral reef, underwater photo",
    "una loba con sus cachorros en el bosque",
])
def test_clean_prompts_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="red team 53, accepted: the name of a real singer, band or fighter that is "
                                       "also a myth's, a fantasy's or a game's (denied: a false denial is the lesser error)")
@pytest.mark.parametrize("prompt", [
    "Laufey, the mother of Loki, in Norse mythology, painted",
    "lordi of the forest, a fantasy troll king, fictional",
    "a fictional hero called Cro Cop in a pixel art game",
])
def test_accepted_false_denials(matcher, prompt):
    assert not matcher.find(prompt), prompt
