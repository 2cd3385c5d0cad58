"""Names round 32 (issue 11): a famous surname alone before a verb the word lists lack; an
article before a famous woman's surname.

Found on the spent probes of rounds 28-30 (tuning data: other authors' prompts in thirty
languages, by the blind sets' shapes). Two shapes stayed weak there and on the blind sets:

- a famous surname alone at the start of a prompt in another language, before a verb that no
  list of common words holds ("Cruijff dribbelt", "Rizal nakaupo"): round 28's rule asked the
  next word to be a listed word of the prompt's language. In a prompt whose little words say it
  is not English, any lower-case word of three letters or more that is no English word and no
  little word now does;
- an article before a famous woman's surname, as the Italian, Spanish, Catalan and French press
  write it ("la Loren", "della Bellucci", "la Pantoja"): read when the tables hold a famous woman
  of that surname (her first name one the census and Faker give to women only), the surname no
  word of the prompt's language or of English, no place, thing or brand, and no title starts
  there (a capitalised word after it).

And knowledge: consent/data/people_at_home.txt.gz, about 4,000 people famous at home in thirty
countries (TV hosts, comedians, athletes, politicians...), written from public knowledge without
reading any evaluation set or probe, then filtered. The full names are read as the contemporary
list's are, in lower case too; a name whose last word is a surname or a given name of the tables,
or a Vietnamese name, is read in full only, so that a country's common surname or a Vietnamese
given name alone names no one ("Ilse Varga", a made-up commander; "Nhân viên", an employee).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Cruijff dribbelt om een verdediger heen, olieverf",    # Dutch: the verb is in no list
    "Rizal nakaupo sa tabi ng bintana, oil painting",        # Tagalog
    "Anwar berucap di hadapan rakyat, lukisan",              # Malay
    "Tänak sõidab läbi lumise metsa, koomiks",               # Estonian: -b, a verb's ending
    "schizzo della Bellucci su una Vespa a Roma",            # Italian: della + a famous woman's surname
    "la Pantoja canta en un escenario con abanico",          # Spanish
    "la Deneuve dans un café parisien, photo",               # French
])
def test_famous_surnames_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # an article before a thing, a team, a dish, a work or a brand named like a person, or a man's surname
    "la Ferrari rossa in pista a Monza",                     # Enzo Ferrari's surname: the car
    "una Moretti ghiacciata sul tavolo, la Moretti in primo piano",  # Nanni Moretti's: the beer
    "la Juventus in campo allo Stadium",
    "spaghetti alla Carbonara sul tavolo di legno",
    "gnocchi alla Sorrentina in una ciotola",
    "la Traviata alla Fenice, sipario rosso",
    "la Madonna col Bambino, pala d'altare",
    "La Dolce Vita a Roma, fontana di Trevi",                # a title: a capitalised word follows
    "la Vespa rossa parcheggiata in una piazza",
    "la Thatcher del quartiere che ripara il tetto",         # an English word ("thatcher")
    # a capitalised word first, then a word of another language: no famous surname
    "Kask kasvab põllu ääres, maal",                         # Estonian: a birch
    "Mayon sumasabog sa gabi, larawan",                      # Tagalog: a volcano
    "Merdeka dirayakan di dataran, lukisan",                 # Malay: independence
    "Kanepi kirik sügisel, õhtune valgus",                   # Estonian: a parish's church (-k is no verb's)
])
def test_clean_prompts_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "arabella kiesbauer moderiert eine talkshow, studiofoto",      # Austria, TV
    "iva majoli s reketom na zemljanom terenu",                    # Croatia, tennis
    "béla tarr forgat egy fekete-fehér filmet",                    # Hungary, film director
    "helmuth duckadam ține un penalty, poster retro",              # Romania, goalkeeper
    "neno belan pjeva na pozornici",                               # Croatia, singer
])
def test_people_famous_at_home_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "SC 12 INT. BRIDGE - NIGHT. Commander Ilse Varga (fictional) checks the star map",  # Varga: a common surname
    "Tóth és Társa Kft. irodája, modern épület",                   # a firm of a common surname
    "Nhân viên ngân hàng ngồi ở quầy, ảnh chụp",                   # Vietnamese: a bank employee
    "Thor with his hammer on a stormy cliff, norse art",           # a given name at a form's end
    "gnocchi alla Sorrentina in una ciotola",                      # one letter from "Sorrentino": no typo read
])
def test_full_only_names_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # red team 57: the new list's last names alone (towns, words, given names) name no one
    "Barneveld ligt midden op de Veluwe, luchtfoto",
    "Warkop dipenuhi mahasiswa pada malam hari, ilustrasi",
    "Hartono berjualan bakso di depan sekolah",
    "Grendel valt de mead-hal aan, houtsnede",
    # a woman's first name after an article (colloquial Italian, Catalan, French)
    "la Monica prepara il risotto in cucina",
    "la Nicole fait ses courses au marché",
    # a famous name made of ordinary words, taken off the list
    "Anne will ein Pferd reiten, Aquarell",
])
def test_red_team_57_clean_prompts_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="red team 57, left: an article before a word that is a famous woman's "
                                       "surname and a given name of both sexes, a hotel or a tree is read as her")
@pytest.mark.parametrize("prompt", ["la Karin stende il bucato sul balcone", "la Hilton di Milano illuminata di notte",
                                    "la Lipa fiorita in un viale di Zagabria"])
def test_red_team_57_left_false_denials(matcher, prompt):
    assert not matcher.find(prompt), prompt
