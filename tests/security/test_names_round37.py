"""Names round 37 (issue 11): a given name and a surname with particles, in any language.

Before this round "portrait of Sofia de Souza", "Retrato de Ana dos Santos no mercado", "Jan van
der Berg" and "Chiara della Valle che balla in piazza" all passed as no name: the particle ("de",
"van", "della") is also a little word of the prompt's language and was passed over as one (an
English prompt with "of" and "de" is read as Dutch, whose "of" means "or"); a chain of particles
("van der", "de la") took its second particle for the surname; a capitalised name ran on into a
lower-case word after a particle ("João Oliveira de uniforme escolar", in uniform) and was then
read as a thing's name; and a Dutch relative pronoun ("die") after a name was read as the English
noun. Every name here is an invented private person's: the gate denies any person's name it cannot
match to a grant, so a private person's is one to find.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt, name", [
    ("portrait of Sofia de Souza", "Sofia de Souza"),                         # English, read as Dutch ("of")
    ("portrait of Jan van der Berg", "Jan van der Berg"),                     # a chain of particles
    ("portrait of Maria de la Cruz", "Maria de la Cruz"),
    ("Lucia De La Cruz at the beach", "Lucia De La Cruz"),                    # particles capitalised
    ("Retrato de María de la Cruz en la playa", "María de la Cruz"),
    ("Juan de los Santos tocando la guitarra en la plaza", "Juan de los Santos"),
    ("Retrato de Ana dos Santos no mercado", "Ana dos Santos"),               # a place's name as a surname
    ("Beatriz do Carmo com um chapéu de palha", "Beatriz do Carmo"),
    ("Marie de Villiers au marché, aquarelle", "Marie de Villiers"),
    ("Chiara della Valle che balla in piazza", "Chiara della Valle"),
    ("Sara de Santis sorride, stile acquerello", "Sara de Santis"),
    ("tekening van Daan van der Meer op kantoor", "Daan van der Meer"),
    ("een schilderij van Bram van Leeuwen", "Bram van Leeuwen"),
    ("Thijs van den Berg die op natuurijs schaatst", "Thijs van den Berg"),    # Dutch "die" is no noun
    ("Porträt von Anna von Berg im Garten", "Anna von Berg"),
    ("Karl von der Heide beim Wandern, Aquarell", "Karl von der Heide"),
    ("Retrato de João Oliveira de uniforme escolar", "João Oliveira"),        # the name ends before "de uniforme"
])
def test_a_name_with_particles_is_denied(matcher, prompt, name):
    found = matcher.find(prompt)
    assert found, prompt
    assert any(lk.text == name for lk in found), [lk.text for lk in found]


@pytest.mark.parametrize("prompt", [
    "the cathedral of Santiago de Compostela at dawn",          # a given name that is a place's first word
    "street in Santiago de Chile at night",
    "Rio de Janeiro from Sugarloaf mountain",
    "la Virgen de Guadalupe pintada en un muro",                # a holy title, not a given name
    "Retrato de un perro en la playa",
    "Retrato de uma menina de uniforme escolar",
    "una calle de Santiago de Compostela bajo la lluvia",
    "foto de la Puerta del Sol de noche",
    "Santa Maria della Salute al tramonto",
    "de haven van Den Helder in de mist",
    "Williams Racing F1 car in blue livery, silverstone, overcast",  # "car" is French too: still a noun here
])
def test_places_and_phrases_with_particles_are_not_people(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "gegants i capgrossos a la Festa Major de Gràcia",          # an English word that is a rarer given name
    "Colônia de Pereira, 91 Mala da Cruz de Fogaça",            # a name more often a surname: a place here
])
def test_a_word_or_a_surname_first_is_no_given_name(matcher, prompt):
    assert not any(" de " in lk.text for lk in matcher.find(prompt)), [lk.text for lk in matcher.find(prompt)]
