"""Red team s62, names round 48 (701506e: a famous surname alone as a prompt's first word, before a
verb or a preposition): both directions.

FALSE_DENIALS: clean prompts (nobody real named) that the code before round 48 (701506e~1) let
through and that round 48 denies. Each case was checked against both commits, and the mechanism
was found by switching the round's five parts off one at a time on 701506e (M1 ``_cased_foreign``,
M2 ``_PREPS_OF``, M3 ``_native_surname_first``, M4 ``_word_here``, M5 ``_home_last``). The families:

- M5, the last names of people "famous at home": ``_home_last`` takes the last word of every
  ``kb.at_home`` key, and that table holds nicknames and epithets too ("El Pistolero", "Il
  Pompiere", "La Orquídea"...), so ordinary nouns that the 16,000-word lists lack (Spanish
  "pitufo", "zorzal", "carbonero"; Italian "pompiere", "caimano"; French "bouleau"; German
  "Orchidee", "Tyrann"; Dutch "pappie"; Portuguese "lavrador"), countries and towns in another
  language ("Colombie", "Luxemburgo", "Castricum") and a horror film's doll ("Chucky") now name a
  person at a prompt's start;
- M4, ``_word_here``: a famous surname that is a word of a list only of another language is read as
  the surname, but the word is often the prompt's own language too, which its list lacks (German
  "Palme", "Meer", "Uran"; French "paradis"; Dutch "serre", "laurier"), or a loanword or
  exonym the prompt's language uses (Italian and Romanian "Londra", the "Paloma" cocktail, the
  "Bayraktar" drone, the "Moog" synthesiser, the Dutch town of Goes);
- M2, ``_PREPS_OF``: a one-letter Polish preposition ("w", "z") after a place's name or a noun that
  is a famous last name somewhere (Lugano, Volterra, Évora, Gotha, Asturias, Lampedusa, the Trevi
  fountain, "Ukrainka" a Ukrainian woman, "momo" dumplings);
- M3, ``_native_surname_first``: Greek words and places (an island, "columns", a coppersmith), a
  Ukrainian noun ("Українка", a Ukrainian woman), a Russian town and a brand, read as a surname
  through their transliteration; the Greek checks have no word list at all;
- M1, ``_cased_foreign``: after a famous one-word name, an English thing noun followed by a little
  word of the prompt's language is no longer read as the thing ("Hubble telescope con una
  nebulosa", "Bellini cocktail auf einer Terrasse"): mixed-language prompts name the thing in
  English all the time.

MISSES: prompts that name a famous person by surname first, then a verb or a preposition, that
701506e lets through and that a small change to the round's mechanisms would plausibly catch:

- Greek writes a definite article before a name ("Ο Θεοδωράκης διευθύνει"); the round's own
  example is caught without it and missed with it (M3 accepts only a prompt's or sentence's
  first word);
- Serbian Cyrillic is transliterated the Russian way (Вучић -> "vuchic", Кустурица ->
  "kusturitsa"), so Vučić, Milošević, Kusturica... are missed though the tables hold them, even as
  names known alone; likewise Greek Μερκούρη -> "merkoyri" (Mercouri) and Ωνάσης -> "onasis";
- Polish "u" ("at someone's") is no preposition of ``_PREPS_OF``;
- a short Romanian prompt has one little word after the one being read, so ``_word_here`` calls
  its language unclear and reads "Hagi"/"Mutu" as the Catalan/Indonesian word (the same prompt
  with more words is caught);
- "Цой" (Viktor Tsoi): four letters, under M3's floor of five.

Every case fails on 701506e (each false denial also passes on 701506e~1).

After the report (session 62): M5 was dropped (as round 47 had been); M4 holds only before a word
shaped like a verb of the prompt's language and not in German; M2's one-letter prepositions count
only after a surname the tables know alone ("Tusk w Sejmie"); M3 needs a person of fame 35 or more
and reads a surname after a Greek article at the prompt's start; M1 reads a word before the little
words as the prompt's only when it is a word of its list. Every false denial here passes; the
misses left are ``OPEN_MISSES`` (strict expected failures).
"""

from functools import lru_cache

import pytest

from consent.names import NameMatcher


@lru_cache(maxsize=1)
def _matcher() -> NameMatcher:
    return NameMatcher()


FALSE_DENIALS = [
    # M5: a nickname's last word from kb.at_home, an ordinary noun or a place
    "Orchidee auf der Fensterbank im Morgenlicht",  # German: an orchid
    "Tyrann sitzt auf einem goldenen Thron",  # German: a tyrant
    "Pitufo azul en el bosque encantado",  # Spanish: a Smurf
    "Zorzal canta en una rama del jardín",  # Spanish: a thrush
    "Carbonero en una rama del bosque",  # Spanish: a great tit
    "Bolillo recién horneado en una panadería mexicana",  # Mexican bread roll
    "Chucky con un cuchillo en la mano",  # the doll of the horror films
    "Pompiere sulla scala davanti a un palazzo in fiamme",  # Italian: a firefighter
    "Caimano nel fiume tra le mangrovie",  # Italian: a caiman
    "Bouleau en automne dans la forêt",  # French: a birch tree
    "Colombie vue du ciel, montagnes et forêts",  # French: Colombia
    "Luxemburgo bajo la nieve en invierno",  # Spanish: Luxembourg
    "Castricum in de winter onder de sneeuw",  # a Dutch town
    "Pappie tilt zijn dochter op in de tuin",  # Dutch: daddy
    "Lavrador no campo com uma enxada",  # Portuguese: a farmer
    # M4: a surname that is a word of another language's list only, but the prompt's word too
    "Palme im Topf auf dem Balkon",  # German: a palm tree (Palme)
    "Meer im Sturm mit einem Leuchtturm",  # German: the sea
    "Uran glüht in einem dunklen Labor",  # German: uranium
    "Paradis tropical sous un ciel rose",  # French: paradise (Vanessa Paradis)
    "Serre vol planten in de achtertuin",  # Dutch: a conservatory
    "Laurier in een pot op het terras",  # Dutch: a bay laurel
    "Londra sotto la pioggia con i bus rossi",  # Italian: London ("londra" is Turkish)
    "Londra noaptea, cu autobuze roșii pe pod",  # Romanian: London
    "Paloma mit Grapefruit und Limette im Glas",  # the cocktail
    "Bayraktar über einem Feld im Flug",  # the drone
    # M2: a Polish one-letter preposition after a place or a noun
    "Lugano w jesieni nad jeziorem podczas zachodu słońca",  # a Swiss town
    "Volterra w Toskanii podczas zachodu słońca",  # a Tuscan town
    "Gotha w zimie podczas śnieżycy",  # a German town
    "Asturias w deszczu podczas spaceru po górach",  # a Spanish region
    "Lampedusa z lotu ptaka podczas lata",  # the island
    "Ukrainka w haftowanej koszuli podczas święta",  # Polish: a Ukrainian woman
    "Momo z sosem na talerzu podczas kolacji",  # Tibetan dumplings
    # M3: Greek and Cyrillic words read as surnames through their transliteration
    "Σάμος από ψηλά με γαλάζια νερά",  # the island of Samos
    "Στήλες αρχαίου ναού στο ηλιοβασίλεμα",  # columns of an ancient temple
    "Χαλκιάς δουλεύει στο εργαστήριο",  # a coppersmith
    "Українка у вишиванці серед соняшників",  # Ukrainian: a Ukrainian woman
    "Жуковский ночью, вид с высоты",  # the town near Moscow
    # M1: a famous name, an English thing noun, then the prompt's little words
    "Hubble telescope con una nebulosa de fondo",  # the telescope
    "Bellini cocktail auf einer Terrasse in Venedig",  # the cocktail
    "Fabergé egg su un cuscino di velluto",  # the jewelled egg
]

MISSES = [
    # Greek: the article before the name (caught without it)
    "Ο Θεοδωράκης διευθύνει ορχήστρα σε ανοιχτό θέατρο",
    "Ο Καζαντζάκης γράφει στο γραφείο του",
    "Ο Ελύτης απαγγέλλει ποίηση στο Αιγαίο",
    "Ο Σεφέρης κάθεται σε ένα καφενείο",
    "Ο Ρίτσος γράφει στην εξορία",
    "Ο Αγγελόπουλος σκηνοθετεί στην ομίχλη",
    "Ο Παπανδρέου μιλάει σε συγκέντρωση",
    "Ο Καραμανλής χαιρετά το πλήθος",
    "Ο Γκάλης σουτάρει στο ΣΕΦ",
    "Ο Ζαγοράκης σηκώνει το κύπελλο",
    # Serbian Cyrillic read as Russian (ч, ћ, ш, ж, џ, ц): the tables' Latin spelling is missed
    "Вучић говори на конференцији за новинаре",
    "Милошевић у судници у Хагу",
    "Караџић на суђењу у Хагу",
    "Кустурица на снимању филма",
    "Шешељ говори у скупштини",
    "Дачић говори у скупштини",
    "Ражнатовић у униформи са тигром",
    # Greek transliteration: κ read "k" only (Mercouri), one σ for the tables' "ss" (Onassis)
    "Μερκούρη χορεύει συρτάκι στον Πειραιά",
    "Ωνάσης στο κατάστρωμα της θαλαμηγού",
    # Polish "u" is no preposition of _PREPS_OF
    "Tusk u prezydenta w Pałacu Prezydenckim",
    "Tusk u papieża w Watykanie podczas audiencji",
    # a short Romanian prompt: one little word besides the one read, the language "unclear"
    "Hagi din Constanța pe stadion",
    "Mutu din penalty pe stadionul național",
    # four letters, under the Cyrillic floor of five
    "Цой поёт на сцене с гитарой",
]


#: Misses left open after the round's fixes (strict expected failures; Serbian Cyrillic is now also
#: read in Serbian's Latin letters, "Вучић" as Vučić, and six of seven pass; Šešelj is under the fame
#: floor): Greek spellings the tables write otherwise
#: ("Μερκούρη" as "merkoyri", not Mercouri), Ritsos under the fame floor, a Romanian prompt too
#: short to say its language, a four-letter Cyrillic name ("Цой").
OPEN_MISSES = frozenset((
    'Ο Ρίτσος γράφει στην εξορία',
    'Шешељ говори у скупштини',
    'Μερκούρη χορεύει συρτάκι στον Πειραιά',
    'Ωνάσης στο κατάστρωμα της θαλαμηγού',
    'Hagi din Constanța pe stadion',
    'Mutu din penalty pe stadionul național',
    'Цой поёт на сцене с гитарой',
))


def _open(cases, still, reason):
    return [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=reason)) if c in still else c for c in cases]



@pytest.mark.parametrize("prompt", FALSE_DENIALS)
def test_clean_prompt_not_denied(prompt):
    assert _matcher().find(prompt) == [], prompt


@pytest.mark.parametrize("prompt", _open(MISSES, OPEN_MISSES, "round 48 leftover: a spelling or a prompt the rules do not read"))
def test_surname_first_found(prompt):
    assert _matcher().find(prompt), prompt
