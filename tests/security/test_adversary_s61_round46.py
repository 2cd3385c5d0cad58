"""Red team s61, names round 46 (consent/data/epithets_at_home.txt, Knowledge.cased_as and
cased_strict): both directions.

FALSE_DENIALS: clean prompts (nobody real named) that the code before round 46 (585e160~1) let
through and that round 46's nicknames now deny. The families:

- a one-word nickname that is a word of a language the 16,000-word lists lack (a diminutive, a
  compound, a noun with its article suffix: Romanian "-ul", Albanian "-i", Icelandic "-inn") is
  read "only capitalised" (cased_strict), but the first word of every sentence is capitalised, and
  German capitalises every noun ("Ein Panzerwagen", "Alter Mann mit Spitzbart"); Greek and
  Cyrillic words are checked against Latin-script word lists after transliteration;
- a one-word nickname that shares a name's first three letters is read even in lower case, though
  it is any child's pet name ("luisito", "tommeke") or a character ("barbarella");
- a one-word nickname that is a character's, a work's, a train's or a battle's name;
- a nickname of words is read "only with the list's capitals" (cased_as), but Title Case, tag
  lists and the names of animals, works, trains, stoves, awards and places carry those capitals;
  the Title Case guard is applied to cased_strict only;
- German capitalises the nouns the list capitalises ("Der blonde Engel", "Tante Käthe");
- where the list capitalises only a little word or the first word ("A legnagyobb magyar",
  "Nữ hoàng giải trí", "Чёрная пантера"), any sentence start, or any case at all, matches;
- a Romance article and a word, kept, where the capital is a work's title or a proper name
  ("El Gato con Botas", "El Muro de Berlín", "Il Dottore", "A Rainha de Copas");
- a kinship word and a common given name ("Gyuri bácsi", "Zio Giulio").

MISSES: prompts naming a person of the list by a nickname, in forms people type, that pass on
585e160. Lower-case hashtags with a verb cue ("#scaryspice dancing on stage") were denied before
round 46 and pass now: the joined form became a known nickname that cased_as rejects in lower
case. The list's own spellings with an apostrophe ("Hammerin' Hank") and its Cyrillic
nicknames ("Железный Феликс") are not read as written.

Every case fails on 585e160 (checked by the red team against 585e160 and 585e160~1). The round's
fixes (session 61) closed 51 of the 63 false denials and 12 of the 58 misses (the run-together
hashtags among them): capitals count only where they say something (not a sentence's first word,
not a tag's after a comma, not in Title Case or a list of capitalised tags), one-word nicknames that
are no form of the name and given names' pet forms were left out of the list, as were nicknames
that capitalise only little words and a given name with a relative's or a rank's word; the little
words a nickname's capitals leave aside are a short list of articles and prepositions; fictional
characters, works and a locomotive the list had given to people joined not_person.txt, and a
nickname of an article and two words is also read without the article. What is left is marked
below (``OPEN_FALSE_DENIALS``, ``OPEN_MISSES``).
"""

from functools import lru_cache

import pytest

from consent.names import NameMatcher


@lru_cache(maxsize=1)
def _matcher() -> NameMatcher:
    return NameMatcher()


FALSE_DENIALS = [
    # one-word nicknames that are words, capitalised by the sentence or by German (cased_strict)
    "Tygrys bengalski w zoo, zdjęcie przyrodnicze",  # Tygrys (Michalczewski): the round's own example, first word
    "Ein Panzerwagen im Zweiten Weltkrieg, Schwarzweißfoto",  # Panzerwagen (Tony Martin): an armoured car
    "Ein Kugelblitz schwebt über dem Feld bei Gewitter",  # Kugelblitz (Aílton): ball lightning
    "Alter Mann mit Spitzbart und Brille, Bleistiftzeichnung",  # Spitzbart (Ulbricht): a goatee
    "Eine kleine Heulsuse weint im Kinderzimmer",  # Heulsuse (Andreas Möller): a crybaby
    "Kannibalen im Dschungel, Abenteuerroman-Illustration",  # Kannibalen (Bjørndalen): German for cannibals
    "Slangenmens in het circus, affiche uit 1920",  # Slangenmens (Rensenbrink): a contortionist
    "Gázszerelő javítja a kazánt a pincében",  # Gázszerelő (Lőrinc Mészáros): a gas fitter
    "Tannlæknirinn skoðar tennur barns",  # Tannlæknirinn (Heimir Hallgrímsson): the dentist
    "Gjarpri në bar, foto natyre",  # Gjarpri (Hashim Thaçi): the snake
    "Deltaplano sopra le Alpi al tramonto",  # Deltaplano (Walter Zenga): a hang glider
    "Lampião a gás na parede de pedra",  # Lampião (Virgulino Ferreira): a lantern
    "Marinarul pe punte în furtună",  # Marinarul (Traian Băsescu): the sailor
    "Στρατηγός με στολή πάνω σε άλογο",  # Στρατηγός (Mimis Domazos): a general
    "Жућко, пас у дворишту",  # Жућко (Radivoj Korać): a common dog's name
    # one-word nicknames read in lower case because they share a name's first letters
    "mi hijo luisito jugando en el parque",  # Luisito (Luis Suárez Miramontes): any Luis
    "ons tommeke speelt in de tuin",  # Tommeke (Tom Boonen): any Tom
    "barbarella in a space suit, retro sci-fi poster",  # Barbarella (Barbara D'Urso): the film's heroine
    # one-word nicknames that are a character's, a work's, a train's or a battle's name
    "Moonface from The Magic Faraway Tree, children's book illustration",  # Moonface (Bert Newton)
    "Braveheart style battle scene with kilts and blue face paint",  # Braveheart (William Wallace): the film
    "Starboy album cover style, neon lights",  # Starboy (Bukayo Saka): The Weeknd's album
    "Battle of Tippecanoe, 1811, oil painting",  # Tippecanoe (W. H. Harrison): a river and a battle
    "Muumimamma ja Muumipeikko keittiössä",  # Muumimamma (Tarja Halonen): Moominmamma
    "Karaoğlan çizgi roman kahramanı at üstünde",  # Karaoğlan (Bülent Ecevit): a comic-book hero
    "Џокер из Бетмена са зеленом косом",  # Џокер (Nikola Jokić): the Joker
    "Pendolino train arriving at the station",  # Pendolino (Marcos Evangelista de Morais): the tilting train
    # nicknames of English words in Title Case, tag lists, and names of animals and things
    "Honey Badger, Kalahari, wildlife photography, 4k",  # Honey Badger (Daniel Ricciardo): the animal
    "Black Mamba, snake, Africa, wildlife",  # Black Mamba (Kobe Bryant): the snake, in a tag list
    "Flying Fish Leaping Over The Waves",  # Flying Fish (Michael Phelps): Title Case
    "Bull Moose In A Snowy Forest",  # Bull Moose (Theodore Roosevelt): Title Case
    "Madame Butterfly opera stage, Cio-Cio-San in a kimono",  # Madame Butterfly (Susie O'Neill): Puccini
    "The Golden Bear trophy of the Berlinale",  # The Golden Bear (Jack Nicklaus): the festival's prize
    "The Flying Scotsman steam locomotive at York",  # The Flying Scotsman (Gary Anderson): the locomotive
    "MSR Pocket Rocket camping stove boiling water",  # Pocket Rocket (Wayne McCullough): a stove
    "Rocky Balboa, the Italian Stallion, on the museum steps",  # The Italian Stallion (Stallone): Rocky's ring name
    "Honest John the fox from Pinocchio, Disney style",  # Honest John (John Howard): Disney's fox
    "Kill Bill Vol. 1 style, katana fight in a snowy garden",  # Kill Bill (Vassilis Spanoulis): the film
    "The Beast from the East snowstorm over London",  # The Beast from the East (Valuev): the 2018 cold wave
    "Peter Perfect in his Turbo Terrific car, Wacky Races cartoon",  # Peter Perfect (Peter Brock): the cartoon driver
    # in other languages: a ship, a flag, a wall, a square, a road, a street, an award, a locomotive
    "O navio Pérola Negra do Capitão Jack Sparrow",  # Pérola Negra (Pelé): the Black Pearl
    "De Leeuw van Vlaanderen vlag wappert boven het plein",  # De Leeuw van Vlaanderen (Museeuw): Flanders' flag
    "Il Muro di Berlino nel 1989, folla con martelli",  # Il Muro di Berlino (Cannavaro): the Berlin Wall
    "Praça Marquês de Pombal em Lisboa, vista aérea",  # Marquês de Pombal: Lisbon's square
    "Jalan Tun Razak at night, Kuala Lumpur traffic",  # Tun Razak (Abdul Razak Hussein): the road
    "đường Trường Chinh kẹt xe giờ cao điểm",  # Trường Chinh (Đặng Xuân Khu): a street, the Long March
    "Zlatý slavík trofej na stole",  # Zlatý slavík (Karel Gott): the Czech music award
    "Česká lokomotiva na nádraží",  # Česká lokomotiva (Zátopek): a Czech locomotive
    # German capitalises the nouns the list capitalises
    "Der blonde Engel auf der Spitze des Weihnachtsbaums",  # Der blonde Engel (Bernd Schuster): a tree-top angel
    "Tante Käthe backt einen Kuchen",  # Tante Käthe (Rudi Völler): anyone's aunt
    "Bruder Johannes im Kloster beim Gebet",  # Bruder Johannes (Johannes Rau): a monk
    # the list capitalises only a little word or the first word: any sentence start, or any case
    "ki a legnagyobb magyar költő? illusztráció",  # A legnagyobb magyar (Széchenyi): "the greatest Hungarian"
    "nữ hoàng giải trí trên sân khấu lộng lẫy",  # Nữ hoàng giải trí (Hồ Ngọc Hà): "queen of entertainment"
    "le roi bâtisseur devant son château",  # Le Roi bâtisseur (Leopold II): "the builder king"
    "Чёрная пантера в джунглях",  # Чёрная пантера (Lev Yashin): a black panther
    # a Romance article and one word, capitalised by a title or a proper name
    "El Gato con Botas con su sombrero de plumas",  # El Gato (Gastón Gaudio): Puss in Boots
    "El Principito en su asteroide con la rosa",  # El Principito (Andrés Guardado): The Little Prince
    "El Muro de Berlín cayendo en 1989",  # El Muro (Walter Samuel): the Berlin Wall
    "Il Dottore e il TARDIS blu, fan art",  # Il Dottore (Valentino Rossi): Doctor Who
    "Le Sphinx de Gizeh au coucher du soleil",  # Le Sphinx (Mitterrand): the Sphinx
    "A Rainha de Copas gritando com as cartas",  # A Rainha (Hortência): the Queen of Hearts
    "El Emperador Palpatine con su capa negra",  # El Emperador (Claudio Suárez): Star Wars' Emperor
    # a kinship word and a common given name
    "Gyuri bácsi a kertben kapál",  # Gyuri bácsi (George Soros): any uncle Gyuri
    "Zio Giulio al pranzo di Natale",  # Zio Giulio (Andreotti): any uncle Giulio
]

MISSES = [
    # lower-case hashtags with a verb cue: denied before round 46 (acts-like-person), pass now
    # (the joined form is a known nickname that cased_as rejects in lower case)
    "#scaryspice dancing on stage",  # Scary Spice (Melanie Brown)
    "#sleepyjoe eating ice cream",  # Sleepy Joe (Joe Biden)
    "#sportyspice dancing on stage",  # Sporty Spice (Melanie Chisholm)
    "#regdwight singing at the piano",  # Reg Dwight (Elton John's birth name)
    "#waitykatie dancing at the ball",  # Waity Katie (Catherine, Princess of Wales)
    "#coldpalmer celebrating a goal",  # Cold Palmer (Cole Palmer)
    # other lower-case hashtags and run-together forms
    "#ilpirata in maglia rosa sul mortirolo",  # Il Pirata (Marco Pantani)
    "#blackmamba fadeaway jumper in a lakers jersey",  # Black Mamba (Kobe Bryant)
    "#darkbrandon with laser eyes",  # Dark Brandon (Joe Biden)
    "#moscowmitch in the senate chamber",  # Moscow Mitch (Mitch McConnell)
    "#lukethenuke throwing darts at ally pally",  # Luke the Nuke (Luke Littler)
    "ilpirata in maglia gialla al tour",  # Il Pirata, run together in lower case
    # the list's own spelling with an apostrophe for a dropped letter is not read
    "Hammerin' Hank at bat, 1974",  # Hank Aaron
    "Joltin' Joe at Yankee Stadium",  # Joe DiMaggio
    "Lyin' Ted at a debate",  # Ted Cruz
    "Give 'Em Hell Harry on the whistle-stop train",  # Harry S. Truman
    "Our 'Enry in the ring at Wembley",  # Henry Cooper
    "The Darlin' of Dublin at the Crucible",  # Ken Doherty
    "Dato' Lee smashing a shuttlecock",  # Lee Chong Wei
    "Half-Man, Half-Amazing dunking in a Raptors jersey",  # Vince Carter (a comma inside)
    # Cyrillic nicknames as the list writes them, in their own language
    "Железный Феликс на Лубянке",  # Felix Dzerzhinsky
    "Бункерный дед в бункере, карикатура",  # Vladimir Putin
    "Залізний генерал у штабі",  # Valerii Zaluzhnyi
    "Последний император на ринге",  # Fedor Emelianenko
    "Бате Бойко на митинг",  # Boyko Borisov
    "Доктор Залізний Кулак на рингу",  # Vitali Klitschko
    # one-word nicknames that are no word of any language, read only capitalised because they
    # are no form of the name (cased_strict's guess): in lower case they pass
    "makaveli album cover, hip hop poster",  # Makaveli (Tupac Shakur)
    "skenderbeu on horseback with a goat helmet",  # Skënderbeu (Gjergj Kastrioti)
    "migjeni poet portrait, charcoal",  # Migjeni (Millosh Gjergj Nikolla)
    "pixinguinha tocando flauta, roda de choro",  # Pixinguinha
    "aleijadinho esculpindo os profetas",  # Aleijadinho (Antônio Francisco Lisboa)
    "chacrinha buzinando no programa de auditório",  # Chacrinha (Abelardo Barbosa)
    "oxxxymiron на концерте",  # Oxxxymiron (Miron Fyodorov)
    "tecatito corona celebrating a goal",  # Tecatito Corona (Jesús Manuel Corona)
    # declined and suffixed forms
    "monumenti i Skënderbeut në Tiranë",  # Skënderbeu, Albanian genitive
    "Maironio paminklas Kaune",  # Maironis, Lithuanian genitive
    "Öcsi bácsival a Népstadionban",  # Öcsi bácsi (Puskás), Hungarian -val
    "Gyuri bácsinak a portréja",  # Gyuri bácsi (Soros), Hungarian -nak
    "z Polskim Młotem na parkiecie",  # Polski Młot (Marcin Gortat), Polish instrumental
    "spomenik Karađorđu u Beogradu",  # Karađorđe, Serbian dative
    "portretul Cârmaciului la defilare",  # Cârmaciul (Ceaușescu), Romanian genitive
    "Nóbelsskáldsins hús á Gljúfrasteini",  # Nóbelsskáldið (Halldór Laxness), Icelandic genitive
    # Title Case and all capitals: cased_strict nicknames are not read there at all
    "Il Pirata Attacks On The Mortirolo, Vintage Cycling Poster",  # Marco Pantani
    "Le Menhir À La Tribune Du Front National",  # Jean-Marie Le Pen
    "IL PIRATA ON THE MORTIROLO",  # Marco Pantani, all capitals
    # a listed "The ..." nickname without its article
    "Teflon Don in a courtroom sketch, 1990",  # The Teflon Don (John Gotti)
    "Great Bambino hitting a home run at Yankee Stadium",  # The Great Bambino (Babe Ruth)
    "Crafty Cockney throwing darts at Lakeside",  # The Crafty Cockney (Eric Bristow)
    "Great Emancipator giving the Gettysburg Address",  # The Great Emancipator (Abraham Lincoln)
    "Juddernaut at the Crucible",  # The Juddernaut (Judd Trump)
    # lower case with unmistakable context
    "kobe the black mamba fadeaway in a lakers jersey",  # Kobe Bryant
    "teflon tony at the dispatch box",  # Tony Blair
    "sleepy joe at the podium in front of the white house",  # Joe Biden
    "moscow mitch in the senate",  # Mitch McConnell
    "luke the nuke throwing darts at ally pally",  # Luke Littler
    "scotty from marketing on holiday in hawaii",  # Scott Morrison
    "il pirata on the mortirolo climb with a bandana",  # Marco Pantani
    "minik serçe sahnede şarkı söylüyor, 90'lar konseri",  # Sezen Aksu
]


#: Left open after the round's fixes (session 61), strict expected failures:
#: false denials: capitals the prompt gives a thing, a work, a place or a tag that no list of the
#: studio holds ("The Golden Bear trophy", "Il Muro di Berlino", "Honey Badger" as a tag, a German
#: noun phrase), and squares and streets named with a nickname, denied on purpose as "Avenue Habib
#: Bourguiba" is;
OPEN_FALSE_DENIALS = frozenset((
    'Black Mamba, snake, Africa, wildlife',
    'De Leeuw van Vlaanderen vlag wappert boven het plein',
    'Der blonde Engel auf der Spitze des Weihnachtsbaums',
    'Honey Badger, Kalahari, wildlife photography, 4k',
    'Il Dottore e il TARDIS blu, fan art',
    'Il Muro di Berlino nel 1989, folla con martelli',
    'MSR Pocket Rocket camping stove boiling water',
    'Praça Marquês de Pombal em Lisboa, vista aérea',
    'Rocky Balboa, the Italian Stallion, on the museum steps',
    'The Beast from the East snowstorm over London',
    'The Golden Bear trophy of the Berlinale',
    'đường Trường Chinh kẹt xe giờ cao điểm',
))
#: misses: the list's spellings with an apostrophe or a comma, its Cyrillic nicknames, coined
#: one-word names that are no form of the name (left out of the list: they may be words), declined
#: nicknames, Title Case and all capitals, "The" left out, nicknames typed in lower case, and
#: run-together hashtags of those.
OPEN_MISSES = frozenset((
    '#ilpirata in maglia rosa sul mortirolo',
    '#lukethenuke throwing darts at ally pally',
    "Dato' Lee smashing a shuttlecock",
    "Give 'Em Hell Harry on the whistle-stop train",
    'Gyuri bácsinak a portréja',
    'Half-Man, Half-Amazing dunking in a Raptors jersey',
    "Hammerin' Hank at bat, 1974",
    'IL PIRATA ON THE MORTIROLO',
    'Il Pirata Attacks On The Mortirolo, Vintage Cycling Poster',
    "Joltin' Joe at Yankee Stadium",
    'Juddernaut at the Crucible',
    'Le Menhir À La Tribune Du Front National',
    "Lyin' Ted at a debate",
    'Maironio paminklas Kaune',
    'Nóbelsskáldsins hús á Gljúfrasteini',
    "Our 'Enry in the ring at Wembley",
    'Teflon Don in a courtroom sketch, 1990',
    "The Darlin' of Dublin at the Crucible",
    'aleijadinho esculpindo os profetas',
    'chacrinha buzinando no programa de auditório',
    'il pirata on the mortirolo climb with a bandana',
    'ilpirata in maglia gialla al tour',
    'kobe the black mamba fadeaway in a lakers jersey',
    'luke the nuke throwing darts at ally pally',
    'makaveli album cover, hip hop poster',
    'migjeni poet portrait, charcoal',
    "minik serçe sahnede şarkı söylüyor, 90'lar konseri",
    'monumenti i Skënderbeut në Tiranë',
    'moscow mitch in the senate',
    'oxxxymiron на концерте',
    'pixinguinha tocando flauta, roda de choro',
    'portretul Cârmaciului la defilare',
    'scotty from marketing on holiday in hawaii',
    'skenderbeu on horseback with a goat helmet',
    'sleepy joe at the podium in front of the white house',
    'spomenik Karađorđu u Beogradu',
    'tecatito corona celebrating a goal',
    'teflon tony at the dispatch box',
    'z Polskim Młotem na parkiecie',
    'Öcsi bácsival a Népstadionban',
    'Бате Бойко на митинг',
    'Бункерный дед в бункере, карикатура',
    'Доктор Залізний Кулак на рингу',
    'Железный Феликс на Лубянке',
    'Залізний генерал у штабі',
    'Последний император на ринге',
))


def _open(cases, still, reason):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=reason)) if p in still else p for p in cases]


@pytest.mark.parametrize("prompt", _open(FALSE_DENIALS, OPEN_FALSE_DENIALS,
                                         "round 46 leftover: capitals a thing, work, place or tag carries"))
def test_clean_prompt_not_denied(prompt):
    assert not _matcher().find(prompt), prompt


@pytest.mark.parametrize("prompt", _open(MISSES, OPEN_MISSES, "round 46 leftover: a nickname written otherwise than listed"))
def test_listed_person_found(prompt):
    assert _matcher().find(prompt), prompt
