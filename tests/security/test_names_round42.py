"""Names round 42 (issue 11): places with particles and places named after someone, in many languages.

Before this round a prompt naming a place in one of the languages of the blind sets #14-#17 was
often denied: a place's word before the name in Malay, Polish, Albanian, Catalan, Italian or Dutch
("Jalan", "Masjid", "Ulica", "Xhamia", "Carrer", "Stazione", "Kasteel") was not known as one; a
Lithuanian, Latvian or Nordic genitive before a place's word after it ("Gedimino prospektas",
"Krišjāņa Barona iela", "Gustav Adolfs torg") was read as a declined name; a Portuguese article
was read as an initial ("O Mosteiro"); a saint's name after a particle ("de Sant Pau", "di Santa
Maria"), a particle after a thing's name ("Santa Maria della Salute"), a place's word with "van"
or "von" and a town ("Dom van Utrecht", "Hafen von Hamburg") and a Dutch compound ending in a
place's word ("Albert Cuypmarkt", "Leidseplein") were read as people. Names with particles typed
all in lower case ("alessandro di stefano", "núria de la serra") were not read at all. The person
prompts below are invented private persons' or real public figures', and stay denied; a famous
name in a place's name stays denied as before ("Ponte Barack Obama", "Lotnisko Trumpa").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    # an article read as an initial or a given name
    "O Mosteiro dos Jerónimos em Belém, manhã de nevoeiro",
    "O Pão de Açúcar visto da Praia Vermelha",
    "Le Château de Versailles et ses jardins",
    # a place's word before the name, in more languages
    "Jalan Tuanku Abdul Rahman dengan kedai lama",
    "Masjid Sultan Salahuddin Abdul Aziz Shah di Shah Alam",
    "Ulica Piotrkowska w Łodzi",
    "Kościół Mariacki z trębaczem",
    "Xhamia Et'hem Beu",
    "Parc Güell amb mosaics",
    "Galleria Vittorio Emanuele II a Milano",
    # a genitive before a place's word after it
    "Gedimino prospektas naktį",
    "Krišjāņa Barona iela ar tramvaju",
    "Gustav Adolfs torg i Göteborg",
    "Frederiks Kirke i vintersol",
    "Aleksander Nevski katedraal",
    # a saint's name after a particle or a place's word, a particle after a thing's name
    "Carrer de Sant Pau al vespre",
    "Castellers a la plaça de Sant Jaume",
    "Stazione di Santa Maria Novella",
    "Santa Maria della Salute in Venice at dawn",
    # a place's word, a particle and a town; a Dutch compound ending in a place's word
    "De Dom van Utrecht gezien vanaf de Oudegracht",
    "Oude Kerk van Delft met scheve toren",
    "Ein Bild vom Hafen von Hamburg im Abendnebel",
    "Haringkar op de Albert Cuypmarkt",
    "Leidseplein met trams en terrassen",
    "Piet Heinkade langs het IJ bij zonsondergang",
])
def test_places_with_particles_or_named_after_someone_are_allowed(matcher, prompt):
    assert not matcher.find(prompt), [lk.text for lk in matcher.find(prompt)]


@pytest.mark.parametrize("prompt", [
    # lower-case names with particles (read since this round)
    "alessandro di stefano che cucina la pasta",
    "núria de la serra somrient",
    "maximilian zu hohenberg auf seiner Hochzeit",
    "foto av Anna af Klercker vid sjön",
    # still denied: people beside the same words
    "portrait of Jan van der Berg",
    "Ludwig van Beethoven am Klavier, Ölgemälde",
    "Sanne de Vries lacht in de tuin",
    "Les Macron au balcon de l'Élysée",
    "Saint Teresa of Calcutta",
    "Ponte Barack Obama at dusk",
    "Lotnisko Trumpa, terminal",
    "Plac Rihanna, singer on stage",
    "Plac Jennifer Kowalski, a blonde woman in her 30s",
    "Casa del Obama at sunset",
    "Erdoğanla çay içen bir kedi",
    "gambar Ahmad bin Ismail di kebun durian",
    "Jonas Valančiūnas rungtynėse",
])
def test_people_are_still_denied(matcher, prompt):
    assert matcher.find(prompt)
