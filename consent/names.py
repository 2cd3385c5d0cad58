"""Person names in prompts — registered subjects, and any other person name, offline.

:class:`NameMatcher` finds

1. **registered names and aliases** of subjects, robust to case, diacritics, extra spaces,
   punctuation, possessives ("Jane Doe's"), digit/letter swaps ("J0hn Sm1th"), names run
   together ("JaneDoe"), one typo in a word of five letters or more, invisible and control
   characters and combining marks inside words ("Tay\u200dlor"), look-alike letters from the
   Unicode TR39 confusables table ("Tаylor", "ɑ"), other scripts read through
   transliteration ("Дональд Трамп", "习近平" for a subject registered as "Xi Jinping"), and
   the words of a name reordered or apart. Lookups go through a process-wide index of
   names (see :class:`_Index`), so a scan does not grow with the number of subjects and a
   rebuild after a registry change indexes only new names;
2. **other person names** (``subject_id=None``, "unknown person", which the policy denies),
   from knowledge rather than hand lists (see :mod:`consent._name_knowledge`): real people
   named in WordNet, given names and surnames of about 80 countries (census and Faker
   tables), titles, initials, cues ("portrait of"), what a person does ("… giving a
   speech"), descriptions of one real person ("the 44th US president", "CEO of Tesla"),
   names spaced or dotted out, run together or hashtagged (word segmentation), in other
   case, written with digits ("M3ss1"), with one typo in a famous full name ("Tom Cruse"),
   with the case endings of languages that inflect names ("Chopina", "Messin", "Atatürk'ün",
   "Толстого"), artists named for a manner ("Klimt style", "in the style of Dalí"); and
   names in Chinese, Japanese, Korean, Arabic, Hebrew, Indic scripts, Thai,
   Georgian and Armenian (see :func:`_native_spans`). Text in a script the knowledge does
   not cover is denied (fail closed).

Places, landmarks, breeds, artworks and organisations from WordNet and GeoNames, and a
short list of brands and fictional characters (``consent/data/not_person.txt``), are not
people; nor is a name right before a word that names a dish, a breed, a product, a place or
a team ("Caesar salad", "King Charles spaniel", "Howard University"), by the WordNet class
of that word. Famous people come from WordNet and Pantheon 1.0 (possessive and plural too:
"Messi's goal", "the Obamas"); a Latin-script prompt in another language is told by its
stop words (``stopwordsiso``), whose words are then never names.

An operator-kept list of **exceptions** (names that are not likenesses, e.g. "Van Gogh"
named for a style) removes matching *unknown* mentions from the likenesses and reports
them in :attr:`NameScan.exempted` for the audit. An exception never hides a registered
subject, and exempts only a mention that lies wholly inside the exception's text.

The knowledge loads once per process, on first use (a few seconds, about 140 MB).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace as _replace
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import chain, compress, filterfalse, islice, product, repeat, takewhile
from operator import attrgetter
from typing import Any

import regex
from anyascii import anyascii

from consent._name_knowledge import TRANSLIT_CHARS, Knowledge, _read, _skeleton, fold, knowledge
from consent._native_sound import (_AR_PROCLITICS, _HE_PROCLITICS, SCRIPT_LANGS, _common_words, _fame,
                                   all_common, deep_common, sound_names)
from consent.errors import LikenessError
from consent.types import Likeness, LikenessSource

__all__ = ["NameMatcher", "NameScan", "NameException", "famous_people_covered", "famous_person_in_name", "normalize_name", "preload"]

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l"})
_TOKEN = regex.compile(r"(?:[\p{L}\p{N}]|[@$!|])(?:[\p{L}\p{N}\p{M}]|[@$!|])*(?:['’][\p{L}\p{M}]+)?")
_ASCII_TOKEN = re.compile(r"(?:[A-Za-z0-9]|[@$!|])+(?:['’][A-Za-z]+)?")
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord president senator governor mayor "
    "king queen prince princess pope saint st general colonel captain sergeant judge justice "
    "chancellor minister premier sheikh emperor empress rev reverend father sister brother "
    "uncle aunt aunty auntie coach officer detective agent gov sen rep prez".split()
)
#: (round 25) titles and honorifics of other languages, which write them in lower case before a
#: name ("le président Macron", "la reine Elizabeth", "der König Charles", "il re Carlo", "Herr
#: Scholz"): a title, as an English one is, before a capitalised name
_TITLES_ELSEWHERE = frozenset(
    "roi reine rey reina re regina konig konigin koning koningin drottning konge dronning kuningas "
    "kuningatar krol krolowa kral kralovna kralj kraljica rei rainha principe principessa princesa prinz "
    "prinzessin prins prinses prinsessa presidente prasident prasidentin prezident prezidentka prezydent "
    "presidentti kanzler kanzlerin chancelier chanceliere papst pape papiez paus papez sultan emir cheikh "
    "scheich jeque zar tsar czar imperatore imperador emperador kaiser kaiserin imperatrice imperatriz "
    "ministre ministro herr frau monsieur madame mademoiselle signor signora signore senor senora "
    "sr sra srta mevrouw meneer "
    # (round 27) Indonesian and Malay: president, sir, madam, brother ("Bu Susi", "Pak Harto")
    "presiden bapak ibu pak bu bung "
    # (round 27) emperor, marshal, prince and crown prince or princess in Czech, Polish and the
    # Nordic languages ("císař Karel", "marszałek Piłsudski", "kronprinsessan Victoria")
    "cisar cisarovna cesarz cesarzowa marszalek marsal marsalek knize ksiaze ksiezna kronprinsessan kronprinsen "
    "kronprins kronprinsessa kronprinsesse kronprinz kronprinzessin kroonprins kroonprinses "
    # (round 43) Mr, Mrs and Miss in the Baltic, Slavic, Nordic, Romance, Finnic languages, Tagalog and
    # Albanian ("pan Hájek", "paní Kašparová", "gospod Zorko", "härra Zaitsev", "fru Mortensen",
    # "domnul Nemeș", "o senhor Barros", "el senyor Ferrer", "Mang Jomar", "zoti Duka"): as "Herr"
    "pan pani ponas ponia gospod gospa gospodin gospodja gospodicna gospodjica harra proua preili domnul "
    "doamna domnisoara herra rouva neiti fru froken juf juffrouw senhor senhora dona don senyor senyora "
    "mang aling ginoong ginang gng zoti zonja".split())
#: (red team of session 57) round 43's Mr, Mrs and Miss (not Tagalog's, said before a given name: "Mang
#: Jomar"): written with a capital, as in a work's title or before God ("Fröken Julie", "Fru Marianne",
#: "Gospod Bog", "Pan Bóg"), they name a person only before a surname, not a given name alone
_TITLES_R43_SURNAME = frozenset(
    "pan pani ponas ponia gospod gospa gospodin gospodja gospodicna gospodjica harra proua preili domnul "
    "doamna domnisoara herra rouva neiti fru froken juf juffrouw senhor senhora dona don senyor senyora "
    "zoti zonja".split())
#: (round 41) words for a role that the press of other languages (and English) put before a
#: surname ("Trainer Tuchel", "el alcalde", "prof.", "chef"): a title only before a
#: capitalised famous surname that is no given name ("chef Mario" is anyone; red team 72: nor a
#: surname of the tables alone, "burmistrz Kowalski", "presidenta Snow", "Bürgermeister Quimby")
_ROLE_TITLES = frozenset(
    "primator starosta burmistrz burgermeister buergermeister burgemeester sindaco alcalde alcaldesa prefeito "
    "prefeita maire borgmester trener trainer entrenador allenatore treinador profesor profesora professore "
    "professeur professora doktor docteur dottore dottoressa doutor doutora senador senadora senatore diputado "
    "diputada deputado deputada poslanec posel hoca chef governatore gouverneur gobernador governador presidenta "
    "ministra premierminister statsminister paaministeri bundeskanzler bundeskanzlerin".split())
#: (round 43) words for a teacher, a doctor, a professor, a headmaster or a priest in the languages of
#: the blind sets, which address one person by surname ("mokytojas Naujokas", "skolotāja Skujiņa",
#: "lærer Jakobsen", "opettaja Martikainen", "la professoressa Faggiani", "Doktor Zorlu"): a title
#: before a capitalised surname of the tables that is no given name nor a word, in a prompt in another
#: language (not an office's word: "burmistrz Kowalski", "Bürgermeister Quimby" stay stock figures)
_ROLE_ADDRESS = frozenset(
    "mokytojas mokytoja daktaras daktare gydytojas gydytoja skolotajs skolotaja doktors doktore arsts arste "
    "profesor profesorica profesorka doktor doktorica doktorka ucitel ucitelka ucitelj uciteljica nauczyciel "
    "nauczycielka opettaja tohtori laerer laererinde larer lærer lærerinde larare lärare rektor rektorn "
    "professoressa professore maestra maestro mesues mesuesja mesuesi doktori ogretmen tanar tanarno dokter "
    "docent pastor farar ksiadz kaplan padre pastori opetaja opetajaa arst".split())
#: Titles of an office a famous person holds: before a famous surname they make it that person's
#: (``famous_person_in_name``: "President Trump", "President Macron"; not "Mr. Storm", "Dr. Richter").
_OFFICES = frozenset("president prez senator sen governor gov mayor king queen prince princess pope emperor empress "
                     "chancellor minister premier sheikh rep".split())
_CUES = (("portrait", "of"), ("photo", "of"), ("photograph", "of"), ("picture", "of"), ("painting", "of"),
         ("image", "of"), ("selfie", "with"), ("style", "of"), ("starring",), ("featuring",), ("by",),
         ("like",), ("dressed", "as"), ("face", "of"), ("statue", "of"), ("mural", "of"), ("poster", "of"),
         ("cartoon", "of"), ("caricature", "of"), ("drawing", "of"), ("sketch", "of"), ("headshot", "of"),
         ("meeting",), ("with",))
_CUE_LAST = frozenset(c[-1] for c in _CUES)
#: Words for a picture in other languages, before a name directly or through a preposition meaning
#: "of" ("retrato de", "ritratto di", "Porträt von", "gambar", "ảnh"): a cue like "portrait of".
_PICTURE_WORDS = frozenset(
    "retrato retratos ritratto ritratti portrait portraits porträt portret portrét portrett porträtt portre "
    "foto fotos fotografia fotografía fotografie fotografi photo photos imagen imágenes imagem immagine image "
    "bild bildnis pintura pittura peinture dipinto gemälde dibujo disegno dessin desenho zeichnung tekening "
    "caricatura karikatur estatua estátua statua escultura scultura skulptur ilustración ilustração "
    "illustrazione mural murale cartel afiche schilderij målning maleri malba obraz zdjęcie rysunek kuva "
    "gambar lukisan potret ảnh tranh hình resim fotoğraf".split())
#: (red team 47) words of _PICTURE_WORDS that are English words of another sense: after a famous
#: one-word name and a space, not what shows them ("Escobar cartel", a gang; "mascara", make-up)
_PICTURE_NOT_AFTER = frozenset("cartel mascara mascaras".split())
_TAG_OPEN = frozenset(",([{|\n")  # what starts a tag in a list of tags ("a, (b:1.2), [c]")
_TAG_CLOSE = frozenset(",)]}|:\n")
_BRACKETS_OPEN = frozenset("([{")
_BRACKETS_CLOSE = frozenset(")]}")
#: (round 11) how German names of places and buildings end ("...kirche", "...straße", "...allee")
_GERMAN_PLACE_ENDS = ("kirche", "platz", "strasse", "allee", "brucke", "turm", "hohe", "halle", "bahnhof",
                      "denkmal", "haus", "schule", "gymnasium", "damm", "markt", "garten", "museum", "institut",
                      "stadion", "universitat", "krankenhaus", "ufer", "tor", "ring", "weg", "kanal")
_GERMAN_MARKS = frozenset("und von vom ein eine einem einen einer mit nicht ist auf".split())
_OF_WORDS = frozenset("de di da do das dos du des del della dello von vom af av".split())
#: Words before "by" that make what follows an artist: "art by X", "painted by X".
_ART_BY = frozenset("art artwork arts painted painting paintings drawn drawing drawings illustrated illustration "
                    "illustrations sketched sketch sculpted sculpture photographed photography photo concept "
                    "inked rendered animated comic manga poster style".split())
#: Words after a name that say a person is meant: "Zendaya on the red carpet", "Messi scoring".
_PERSON_ACTS = frozenset(
    "smiling laughing singing dancing posing waving crying speaking giving performing wearing holding hugging "
    "kissing sitting standing walking running eating drinking rapping scoring dribbling dunking signing "
    "winking shouting yelling talking preaching praying sleeping reading writing painting playing cooking "
    "riding jogging swimming boxing fighting golfing skiing surfing skating kneeling saluting lifting celebrating "
    "smiles laughs sings dances poses waves speaks gives performs wears holds hugs kisses sits stands walks "
    "rally speech podium stage concert interview headshot selfie portrait premiere carpet conference "
    "gala oscars grammys award awards interviewing accepting signing autographs fans paparazzi younger older "
    "horseback "
    "shirtless barefoot topless hearing "  # (round 11: "Fela shirtless with a saxophone", "at a hearing")
    "his her he she him himself herself their".split())


def _third_person(ing: str) -> str:
    """The present tense's third person of a verb given in -ing ("signing" -> "signs",
    "rapping" -> "raps", "smiling" -> "smiles", "crying" -> "cries", "kissing" -> "kisses")."""
    s = ing[:-3]
    if len(s) >= 3 and s[-1] == s[-2] and s[-1] not in "aeiouylsz":
        s = s[:-1]  # a doubled consonant: "running", "rapping"
    elif (re.search(r"[^aeiouy][aeiou][bcdfgklmnprstvz]$", s) and not re.search(r"(en|er|on|om|et)$", s)) \
            or (re.search(r"([^aeiou]l|c|v|u)$", s) and not s.endswith("ll")):
        s += "e"  # a silent "e" dropped: "smiling", "dancing", "dribbling", "giving"
    if re.search(r"(s|x|z|ch|sh)$", s):
        return s + "es"
    if re.search(r"[^aeiou]y$", s):
        return s[:-1] + "ies"
    return s + "s"


def _past(ing: str) -> str:
    """The past tense of a regular verb given in -ing ("signing" -> "signed", "rapping" ->
    "rapped", "smiling" -> "smiled", "crying" -> "cried"); irregular ones are in _IRREGULAR_PAST."""
    s = ing[:-3]
    if len(s) >= 3 and s[-1] == s[-2] and s[-1] not in "aeiouylsz":
        return s + "ed"  # a doubled consonant: "rapping" -> "rapped"
    third = _third_person(ing)
    if third.endswith("ies"):
        return third[:-3] + "ied"
    stem = third[:-2] if third.endswith("es") and not third.endswith(("ies", "ees")) and third[:-2] == s else third[:-1]
    return stem + "d" if stem.endswith("e") else stem + "ed"


#: (round 16, red team 40) irregular pasts of the acts in -ing that _PERSON_FINITE derives from
_IRREGULAR_PAST = {"singing": "sang", "speaking": "spoke", "eating": "ate", "drinking": "drank", "running": "ran",
                   "writing": "wrote", "giving": "gave", "sitting": "sat", "standing": "stood", "wearing": "wore",
                   "riding": "rode", "swimming": "swam", "holding": "held", "reading": "read", "fighting": "fought",
                   "kneeling": "knelt", "having": "had", "shaking": "shook", "throwing": "threw", "winning": "won",
                   "taking": "took", "making": "made", "meeting": "met", "hearing": "heard", "sleeping": "slept",
                   "shooting": "shot"}
_IRREGULAR_THIRD = {"having": "has", "visiting": "visits"}


def _plural_verb(third: str) -> str:
    """The present tense's plural of a verb given in its third person ("signs" -> "sign",
    "preaches" -> "preach", "cries" -> "cry")."""
    if third.endswith("ies"):
        return third[:-3] + "y"
    if third.endswith(("ches", "shes", "sses", "xes", "zes")):
        return third[:-2]
    return third[:-1]
#: More acts of people, read only right after a name (not after a place's: "London having a parade").
_MORE_ACTS = frozenset("shaking having chatting arguing debating embracing".split())
#: (round 16, red team 40) acts read only as a finite verb right after a name ("Trump tweets from
#: the Oval Office", "Jobs presents the iPhone", "Putin met the press")
_FINITE_ONLY_ACTS = frozenset("tweeting presenting meeting throwing winning taking making addressing announcing "
                              "unveiling visiting greeting "
                              # (round 20) a sprinter's and a shooter's acts: "Bolt sprints down the
                              # track", "Curry shoots a three pointer"
                              "sprinting shooting".split())
#: (round 15, red team 39) what a person does, as a sentence says it of its subject: the present
#: tense's third person of the acts in -ing of _PERSON_ACTS ("Trump signs an order", "Drake raps
#: on stage"); read only right after a name, as the -ing forms are at a sentence's start; (round
#: 16, red team 40) also of _MORE_ACTS and _FINITE_ONLY_ACTS, and their past ("Trump signed",
#: "Putin spoke", "Cher sang")
_ING_ACTS = frozenset(w for w in _PERSON_ACTS | _MORE_ACTS | _FINITE_ONLY_ACTS if w.endswith("ing"))
_PERSON_FINITE = frozenset(_IRREGULAR_THIRD.get(w) or _third_person(w) for w in _ING_ACTS) \
    | frozenset(_IRREGULAR_PAST.get(w) or _past(w) for w in _ING_ACTS)
#: (round 16) the same acts' present plural, for two names that share one ("Trump and Vance sign")
_PERSON_PLURAL = frozenset(_plural_verb(_IRREGULAR_THIRD.get(w) or _third_person(w))
                           for w in _ING_ACTS if w != "having") | {"have"}
#: (round 20) acts of _PERSON_FINITE that no animal does: after an animal's word that is a famous
#: name, the person ("Hawk skates a half pipe", "Snipes signs a contract")
_HUMAN_ONLY_FINITE = frozenset(
    f(w) for w in "skating skiing surfing jogging dribbling dunking golfing rapping signing preaching praying "
                  "saluting tweeting presenting".split() for f in (_third_person, _past))
#: (round 20) a creature's ways of moving along a path ("Bolt sprints down the track", "Cruise runs
#: from an explosion"): a person's after a famous name whose word cannot move by itself
_CREATURE_MOTION = frozenset(
    (_IRREGULAR_PAST.get(w) or _past(w)) if tense else _third_person(w)
    for w in "running sprinting jogging walking skating skiing surfing".split() for tense in (0, 1))
#: (round 20) of these, those no animal does either: a person's after any famous name
_HUMAN_ONLY_MOTION = _CREATURE_MOTION & _HUMAN_ONLY_FINITE
#: (round 20) what a word names that moves, flows or stretches by itself ("Fox runs across the
#: field", "Rock rolls", "the track runs along the river", "Storm sweeps"): no person's motion
_SELF_MOVING = frozenset("animal object artifact substance phenomenon location body group".split())
#: (round 21) a performer's acts with no object ("Legend sings at the piano"): a person's after a
#: famous word-name whose word names nothing that sings, raps, preaches or prays by itself (not
#: "performs": "Model performs on the runway" is a kind of person, though WordNet's first sense
#: of "model" is an idea)
_PERFORMER_ACTS = frozenset(f(w) for w in "singing rapping preaching praying".split()
                            for f in (lambda w: _IRREGULAR_PAST.get(w) or _past(w), _third_person))
#: (round 21) WordNet classes of a word that cannot perform by itself: a story, an act, a quality, an
#: idea, a dish ("Legend", "Cruise"); not a creature, a thing, a place, weather, a kind of person
#: ("Lark sings", "Brook sings over the stones", "Wind sings", "Monk prays at the temple")
_NO_PERFORMER_CLASSES = frozenset((None, "communication", "act", "attribute", "cognition", "food", "possession",
                                   "quantity", "relation", "feeling", "shape"))
#: (round 21) prepositions after such an act that start where or how it is done ("sings at the
#: piano", "raps on stage"), not what it is about ("Legend sings of heroes")
_PERFORM_PREPS = frozenset("at on in with for to before into onto under beside behind near from "
                           "through during alongside inside outside".split())
#: (round 20) what states sign or break, not people: after a place's name, the state acts
_STATE_DEEDS = frozenset("treaty treaties accord accords pact pacts ceasefire truce armistice alliance".split())
#: (round 41) prepositions of place: a lower-case epithet of "the" and an English word after one
#: is the thing ("on the rock", "at the edge"), not the person ("the rock lifting weights")
_WHERE_PREPS = frozenset("on at over under near atop beneath above below across along off onto into "
                         "behind beyond beside inside outside upon".split())  # (red team 72: not "by", "from")
#: (round 41, red team 72) words for what people make, own or post: a prompt with one speaks of people
_WORKS_OF_PEOPLE = frozenset("song songs album albums track tweet tweets post posts signed signature autograph "
                             "owned owns caught interview concert tour video selfie quote speech billboard advert ad "
                             "commercial campaign endorsement".split())
#: (red team 74) what is worn, drawn on the skin or shown on a screen: a prompt with one, beside "the
#: rock" or "the boss", speaks of a person ("a bandana on the boss", "fast and furious movie still")
_WORN_OR_SHOWN = frozenset("jacket jackets bowtie bandana outfit outfits hat shirt tshirt dress suit "
                           "tattoo tattoos costume uniform jersey sunglasses glasses wig makeup movie "
                           "premiere trailer franchise episode wrestling wrestler".split())
#: (red team 75) the one person's films and shows, instead of any word no list holds
_ROCK_FRANCHISE = frozenset("jumanji wwe wwf smackdown moana hobbs baywatch rampage skyscraper furious ballers maui "
                            "teremana".split())
#: (red team 75) animals the noun classes file elsewhere: a body word beside them is the animal's
_ANIMALS_EXTRA = frozenset("seal seals cat cats lion lions dog dogs".split())
#: (red team 74) a person's body and look (not the words a landscape shares: "behind", "face", "foot")
_BODY_LOOK = frozenset("bald head biceps muscles muscular sweat sweaty sweating eyebrow eyebrows beard smile smiling "
                       "grin grinning shirtless abs chest arms tattooed skin hair hairline forehead jaw chin lips eyes "
                       "nose physique flexing".split())
#: (round 20) words that start the path of a motion ("down the track", "from an explosion")
_PATH_PREPS = frozenset("from across through down up along toward towards into past around over onto out "
                        "after".split())
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth".split())
_ROLES = frozenset(
    "president vicepresident premier chancellor ceo cfo cto coo founder cofounder chairman chairwoman chair owner "
    "king queen prince princess emperor empress pope monarch dictator leader governor mayor senator frontman "
    "frontwoman singer vocalist quarterback captain coach creator inventor husband wife son daughter widow "
    "minister secretary ruler sultan shah tsar czar pharaoh chief boss host anchor author writer director star "
    "manager designer composer drummer guitarist striker goalkeeper pitcher "
    "bishop archbishop patriarch".split())  # (round 17: "the bishop of Rome", "the archbishop of Canterbury")
_ROLE_PHRASES = (("chief", "executive", "officer"), ("chief", "executive"),  # (round 17: before "chief")
                 ("prime", "minister"), ("vice", "president"), ("first", "lady"), ("lead", "singer"),
                 ("head", "of", "state"), ("supreme", "leader"), ("secretary", "general"), ("co", "founder"))
_ROLE_FIRST = frozenset(p[0] for p in _ROLE_PHRASES)
#: Roles that one person holds at a time in a country or a body: after its name ("the US
#: president", "the FBI director") they describe one real person; "the Hollywood star" does not.
_SOLE_OFFICES = frozenset("president vicepresident premier chancellor ceo chairman chairwoman king queen emperor "
                          "empress pope monarch dictator leader governor mayor minister secretary ruler sultan shah "
                          "tsar czar pharaoh chief director prime vice head supreme pm prez".split())
#: (round 23) short forms of a state's offices, read only after a state ("the british pm", "the
#: British PM", "the russian prez"): alone "pm" is a time of day
_SHORT_OFFICES = frozenset("pm prez".split())
#: Verbs of a deed that a description of one person turns on ("the actor who played ...").
_DEED_VERBS = frozenset("cofounded won wins holds held led leads wrote writes played plays founded invented discovered painted "
                        "sang sings built ran runs broke scored starred directed created started composed designed "
                        "became flew climbed swam fought ruled married invented owns owned "
                        # irregular past tenses (regular ones are read by their -ed)
                        "bought took cut was made gave sold beat met saw went came found left kept lost brought "
                        "caught taught drew drove rode spoke stole threw wore shot hit quit set put fled grew knew "
                        "rose sent spent stood told won wrote".split())
#: Past participles that choose one person for a post, with a year after them: "the pope elected in
#: 2025" (not "the soldier photographed in 1944": any person may be photographed)
_SINGLED_OUT = frozenset("elected reelected appointed crowned inaugurated fired rehired ousted impeached canonized "
                         "canonised knighted drafted nominated sworn chosen hired ordained enthroned".split())
#: People who hold a title in a year: "the world champion of 2013"
_TITLE_HOLDERS = frozenset("champion champions winner laureate titleholder holder mvp".split())
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")
#: Adverbs between "who" and the deed ("who first ran", "who co-founded", "who single-handedly ...")
_DEED_ADVERBS = frozenset("co first once famously later single singlehandedly handedly also twice never "
                          "finally".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                          "sixty seventy eighty ninety hundred thousand million".split())
#: Words for a kind of person that myths and tales use for their stock figures ("the god of
#: thunder", "the wizard of Oz", "the lady of the lake"): no description of one real person
_STOCK_FIGURES = frozenset("god goddess spirit wizard witch devil saint lady lord mother father son daughter child "
                           "girl boy man woman ghost demon monster giant knight maiden hero heroine sorcerer sorceress "
                           "patron guardian keeper people".split())
_RECORD_WORDS = frozenset("record records title titles championship championships medal medals trophy prize award "
                          "awards oscar oscars grammy grammys olympics olympic world cup".split())
_SLAVIC_ENDINGS = ("ыми", "ами", "ом", "ым", "ой", "ою", "ей", "ем", "ого", "ому", "а", "у", "е", "ы", "и", "ю", "я")
#: Slavic case endings after which the nominative ends otherwise: an adjectival surname
#: ("Толстого" -> "Толстой"), a Ukrainian possessive ("Шевченків" -> "Шевченко")
_SLAVIC_NOMINATIVE = {"ого": ("ой", "ий", "ый"), "ому": ("ой", "ий", "ый"), "ым": ("ой", "ий", "ый"),
                      "им": ("ий",), "ой": ("ий", "ый"), "ів": ("о",), "ова": ("о",)}
#: Case endings that Finnish, Polish, Czech, Slovak and Hungarian put on a name (and what the
#: nominative ends in): "Messin", "Ronaldon" (fi genitive), "Sibeliuksen" (fi, -us), "Chopina",
#: "Masaryka" (pl, cs genitive), "Lewandowskim", "Lewandowskiego" (pl), "Bartóknak" (hu dative)
_INFLECTIONS = (("uksen", "us"), ("iego", "i"), ("ego", ""), ("owi", ""), ("ovi", ""), ("iem", ""), ("nak", ""),
                ("nek", ""), ("val", ""), ("vel", ""), ("rol", ""), ("hoz", ""), ("hez", ""), ("ban", ""),
                ("ben", ""), ("im", "i"), ("em", ""), ("ou", ""), ("in", ""), ("n", ""), ("a", ""), ("u", ""),
                # (round 11) a Czech or Slovak name whose "e" drops in its cases ("Havla", "Havlem": Havel),
                # a woman's surname in -ová in the instrumental ("Čaputovou"), an Icelandic patronymic in
                # the accusative or dative ("Tómasdóttur")
                ("la", "el"), ("lem", "el"), ("lovi", "el"), ("ovou", "ova"), ("dottur", "dottir"),
                # (round 27) the same of a name in -ek ("Zátopka", "Zátopkem": Zátopek), and Turkish
                # endings written without the apostrophe ("Erdoğanla", with Erdoğan; "Erdoğanı")
                ("ka", "ek"), ("kem", "ek"), ("kovi", "ek"), ("la", ""), ("le", ""), ("yla", ""), ("yle", ""),
                ("nun", ""), ("nin", ""), ("un", ""), ("i", ""))
#: (round 44) Czech and Slovak endings (folded), read beside :data:`_INFLECTIONS` on a word that is
#: no common word of any language of the word lists (red team s59b: "Latem", "Escova", "Turizem",
#: "Celou" were read as famous names): a name in -a in its cases ("Obamovi", "s Rihannou",
#: "Rihanny"), one in -o ("s Ronaldem", "DiCapriovi"), possessive adjectives ("Obamova manželka",
#: "Trumpův", "Putinovo"), a woman's surname in -ová in its cases ("Merkelová", "s Merkelovou",
#: "Merkelové", Slovak "Merkelovej"), an adjectival surname in -ý ("Zelenského", "se Zelenským"), a
#: name in -i in its genitive and dative ("Messiho gól", "Messimu"), Slovak's instrumental ("s
#: Trumpom"), and the possessives of a man's name in -a ("Kafkův stůl") and of names whose "e"
#: drops ("Havlův klobouk", "Zátopkův běh"). Not "-a" for "-o" ("Ronalda"): Italian and Spanish
#: adjectives end so ("alla Sorrentina")
_CS_SK_ENDINGS = (("ou", "a"), ("ovi", "a"), ("y", "a"), ("em", "o"), ("ovi", "o"),
                  ("ova", ""), ("ovo", ""), ("ovy", ""), ("ove", ""), ("ovu", ""), ("ovou", ""), ("ovej", ""),
                  ("uv", ""), ("ova", "a"), ("ovo", "a"), ("ovy", "a"), ("ovu", "a"), ("ovou", "a"),
                  ("eho", "y"), ("emu", "y"), ("ym", "y"), ("ho", ""), ("mu", ""), ("om", ""),
                  ("uv", "a"), ("luv", "el"), ("lova", "el"), ("lovo", "el"), ("lovy", "el"), ("lovu", "el"),
                  ("kuv", "ek"), ("kova", "ek"), ("kovo", "ek"), ("kovy", "ek"), ("kovu", "ek"),
                  # (session 60) Slovak's possessive of a man's name: "Trumpov kabát", "Obamov prejav"
                  ("ov", ""), ("ov", "a"))
#: (round 44) the case endings, new in round 44 or Czech's "-lem" of a name in -el ("s Pavlem"), after
#: which a given name that no one is famous by alone is the given name, not a famous surname
_CS_SK_CASES = frozenset((("ou", "a"), ("ovi", "a"), ("y", "a"), ("lem", "el"), ("ho", ""), ("mu", ""), ("om", "")))
#: (round 44) letters only Czech and Slovak write: a prompt holding one is in those languages
_CS_SK_LETTERS = frozenset("ěůřťďňľĺŕôĚŮŘŤĎŇĽĹŔÔ")
#: (round 44) the endings of :data:`_CS_SK_ENDINGS` that no English word takes on a name
_CS_SK_STRONG = frozenset(("ovi", "ovou", "ova", "ovo", "ovy", "ove", "ovu", "ovej", "eho", "emu"))
#: (round 44) the possessive adjectives' endings among them ("Masarykovo", "Trumpův")
_CS_SK_POSSESSIVE = frozenset(("ova", "ovo", "ovy", "ove", "ovu", "ovou", "ovej", "uv", "luv", "lova", "lovo", "lovy",
                               "lovu", "kuv", "kova", "kovo", "kovy", "kovu", "ov"))
#: (round 44) Czech and Slovak nouns (folded) for places and buildings named after a person with a
#: possessive adjective before them: "Masarykovo nádraží", "Smetanovo nábřeží", "Havlovo letiště"
_CS_SK_PLACE_NOUNS = frozenset("namesti namestie nadrazi nabrezi nabrezie ulice ulici ulica ulicu trida tride most mostu "
                               "mostom letiste letisko sady sad park parku divadlo divadle sin sini univerzita univerzite "
                               "univerzity okruh okruhu brod dum dom palac zamek zamok pohar cena ceny vila vily gymnazium "
                               "skola skole stadion stadionu sal muzeum kostel kaple hrob hrobka kolej koleje nemocnice "
                               "stanice vrch hora udoli jezero rybnik ostrov cesta".split())


#: (round 44) Czech and Slovak nouns (folded) for a picture of a person, a part of one or a likeness:
#: after a possessive they make it the person's, eponym or not ("Einsteinova tvář", "Trumpův portrét")
_CS_SK_PICTURE_NOUNS = frozenset("portret portretu portretem fotka fotku fotce fotkou foto fotografie fotografii socha "
                                 "sochu sochy busta bustu tvar tvare tvari oblicej obliceje usmev usmevu oci oko pohled "
                                 "vlasy ruce ruka postava postavu podobizna podobiznu karikatura karikaturu kresba "
                                 "kresbu obraz obrazu malba malbu hlava hlavu profil silueta telo tela selfie video "
                                 "pomnik pamatnik maska masku figurka figurku panenka vzhled".split())


def _cs_sk_text(text: str) -> bool:
    """``text`` holds a letter only Czech or Slovak writes (:data:`_CS_SK_LETTERS`)."""
    return not text.isascii() and any(c in _CS_SK_LETTERS for c in text)


#: (round 27) the Turkish endings, read only in a prompt with a letter only Turkish writes (ı, ğ, ş;
#: not "Kanäle", canals, in German)
_TR_ENDINGS = frozenset(("la", "le", "yla", "yle", "nun", "nin", "un", "i"))
_TR_LETTERS = frozenset("ıİğĞşŞ")
#: (round 30) Lithuanian and Latvian case endings of names in -is, -as, -s (folded: "ą", "į" lose
#: their marks): Landsbergio, Landsbergiui, Landsbergį; Mamontovo, Mamontovą, Mamontovui;
#: Porziņģa, Porziņģim; Paula, Paulam, Paulu; and of names in -a: Nausėdos, Nausėdai
_BALTIC_ENDINGS = (("os", "a"), ("ai", "a"), ("io", "is"), ("iui", "is"), ("iu", "is"), ("i", "is"), ("a", "is"), ("im", "is"),
                   ("o", "as"), ("ui", "as"), ("a", "as"), ("u", "as"), ("a", "s"), ("am", "s"), ("u", "s"))
#: (round 30) a place's genitive in Latvian (Rīga: Rīgas; Liepāja: Liepājas) and Lithuanian
#: (Vilnius: Vilniaus; Kaunas: Kauno; Klaipėda: Klaipėdos): the ending and what it replaces
_BALTIC_PLACE_CASES = (("as", "a"), ("aus", "us"), ("o", "as"), ("os", "a"), ("es", "e"))
#: (round 30) letters only Lithuanian and Latvian write
_BALTIC_LETTERS = frozenset("ėįųāēīķļņģĖĮŲĀĒĪĶĻŅĢ")
#: (round 30) Slovenian and Croatian case endings (Pogačarja, Pogačarju, Pogačarjem; Modrića,
#: Modriću) and possessive adjectives (Rogličevo kolo, Modrićev gol)
_SOUTH_SLAVIC_ENDINGS = (("ja", ""), ("ju", ""), ("jem", ""), ("a", ""), ("u", ""), ("om", ""), ("em", ""),
                         ("ev", ""), ("eva", ""), ("evo", ""), ("ov", ""), ("ova", ""), ("ovo", ""),
                         ("jev", ""), ("jeva", ""), ("jevo", ""))
#: (round 43) plural articles of Spanish, Portuguese, French and Catalan: a word in -s after one is a
#: plural noun, no genitive ("Las Fallas de Valencia", "As Festas de Lisboa")
_PLURAL_ARTICLES = frozenset("las los les els os as unas unos des".split())
#: (round 43) titles written after a name: Turkish ("Ahmet Bey", "Ayşe Hanım") and Hungarian
#: ("Kovács úr", "Szabó doktor", "Horváth tanár úr", "Kiss néni", "Nagy bácsi")
_TITLES_AFTER_TR = frozenset("bey beyefendi hanim hanimefendi".split())
_TITLES_AFTER_HU = frozenset("ur urnak urral urat asszony asszonynak neni bacsi doktor doktornak tanar tanarno "
                             "igazgato kisasszony".split())
#: (round 43) case endings of given names in the languages that decline them (folded), and the
#: nominative's ending they replace: Polish, Czech, Slovak, Slovenian and Croatian women's names
#: ("Róży", "Diany", "Zdenke", "Agnieszki", "Janou") and men's ("Mareka", "Jankowi", "Petrem"),
#: Lithuanian and Latvian ("Ievos", "Jono", "Bērendam", "Valentīnai"), Icelandic ("Kaju"),
#: Romanian ("Andreei"), Hungarian after a lengthened vowel ("Nikolettának"), Albanian ("Arbenit")
_GIVEN_CASES = (("y", "a"), ("i", "a"), ("e", "a"), ("u", "a"), ("ou", "a"), ("ej", "a"), ("iej", "a"), ("a", ""),
                ("owi", ""), ("ovi", ""), ("em", ""), ("om", ""), ("u", ""), ("iem", ""), ("os", "a"), ("es", "e"),
                ("o", "as"), ("io", "is"), ("io", "ys"), ("aus", "us"), ("am", "s"), ("am", "is"), ("im", "is"), ("ai", "a"),
                ("ei", "e"), ("ei", "a"), ("anak", "a"), ("enek", "e"), ("nak", ""), ("nek", ""), ("it", ""), ("es", "a"))
#: (round 43) how a declined surname typed in lower case ends (a surname-only ending, declined or not)
_LOW_DECLINED_ENDS = ("ienes", "aites", "ytes", "iene", "aite", "yte", "dottur", "dottir", "sson", "ssonar",
                      "ssyni", "avicius", "avicio", "aviciaus", "evicius", "evicio", "eviciaus", "auskas", "ausko")
#: ... and of surnames: women's ("Kubíčekovej", "Pokorné", "Pocienės", "Broddisdóttur", "Kowalskiej"),
#: men's ("Kowalskiego", "Nováka", "Avotiņam", "Petrausko", "Tafajit")
_SURNAME_CASES = (("ovej", "ova"), ("ove", "ova"), ("ovou", "ova"), ("ej", "a"), ("e", "a"), ("ou", "a"),
                  ("skiej", "ska"), ("ckiej", "cka"), ("skiego", "ski"), ("ckiego", "cki"), ("ego", "y"),
                  ("iego", "i"), ("a", ""), ("owi", ""), ("ovi", ""), ("em", ""), ("om", ""), ("u", ""),
                  ("ienes", "iene"), ("aites", "aite"), ("ytes", "yte"), ("o", "as"), ("io", "is"), ("aus", "us"),
                  ("am", "s"), ("im", "is"), ("ai", "a"), ("ei", "e"), ("dottur", "dottir"), ("it", ""), ("es", "a"),
                  ("t", ""), ("nak", ""), ("nek", ""))


@lru_cache(maxsize=256)
def _turkish_text(text: str) -> bool:
    """``text`` holds a letter only Turkish writes (:data:`_TR_LETTERS`); asked once per prompt and
    rule, so remembered (a string keeps its hash)."""
    return not text.isascii() and any(c in _TR_LETTERS for c in text)
#: (round 27) endings of three letters or more that no English word takes: before them a famous
#: last name that is also an English word, a rare one, is the person ("z Tuskiem", with Tusk; not
#: "z Rockiem", with rock music: red team 49)
#: (round 28) the endings :meth:`NameMatcher._name_form` undoes: :data:`_INFLECTIONS`, and Polish
#: genitives and adjectival cases of names in -a and -y ("Wałęsy", "Kowalskiego")
_NAME_FORM_ENDINGS = _INFLECTIONS + (("y", "a"), ("i", "a"), ("ego", "y"), ("ej", "a"))
_INFLECTIONS_FOREIGN = frozenset(e for e, _ in _INFLECTIONS if len(e) >= 3 and e not in ("ban", "ben", "val", "vel"))
_ENGLISH_CONTRACTIONS = frozenset("s t ll re ve d m".split())
_FAMILY_ARTICLES = frozenset("les los las die gli os".split())
_DESC_MODIFIERS = frozenset("current sitting former late reigning incumbent then".split())
_STOP = frozenset(
    "a an the and or of in on at to with by for from over under near into onto as is are was be its it this that "
    "these those some any no not very my your our his her their one two three".split())
#: Clothes say a person is meant when worn ("Zendaya in a blue gown"), not right after a
#: word that names a style or a maker ("Edwardian dress", "Chanel suit").
_CLOTHES = frozenset("gown dress suit tuxedo jersey shirt jacket coat costume outfit uniform sunglasses hat "
                     "helmet mask wig cloak robe kimono sari hoodie apron scarf cap beanie bikini swimsuit armor "
                     "armour sweater blazer vest turban veil "
                     # (round 11) garments of many countries ("in a white thobe", "in a gele")
                     "thobe kaftan caftan saree hijab hanbok qipao cheongsam dashiki agbada kurta sherwani "
                     "abaya keffiyeh beret lipstick "
                     "turtleneck".split())  # (round 17: "Apple Jobs in a black turtleneck")
#: Words in -ing that are things, not what someone is doing ("#nofilter morning coffee").
_ING_NOUNS = frozenset("morning evening ceiling building wedding painting clothing lighting setting string spring "
                       "sibling pudding stuffing frosting icing dumpling awning railing earring offspring "
                       "dressing".split())  # (round 11's "etching" withdrawn: "Obama etching", adversary 21)
#: After a name, these make it the name of a place or a building ("Marie Byrd Land",
#: "Lincoln Center", "Rockefeller Plaza"), not a mention of the person.
_PLACE_NOUNS = frozenset(
    "land island islands park street avenue boulevard road bridge tower station square hall center centre airport "
    "memorial museum library university college school hospital building palace cathedral chapel wall "
    "lake mountain mountains river falls bay beach valley canyon glacier harbour harbor plaza theater theatre hotel "
    "county township parkway highway expressway tunnel dam reservoir mausoleum tomb monument institute "
    "foundation clinic stadium arena field gardens gallery church abbey fort castle mall centre observatory "
    "academy seminary conservatory fountain fountains steps gate gates pier lighthouse temple shrine mosque "
    "synagogue pagoda basilica "
    # the same words in languages that put them after the name ("Karolinska Institutet", "Goethe-Institut")
    "institut institutet instituut instytut universitet universitat universiteit museet museo musee "
    "kirche kirke kyrka dom platz strasse gasse brucke bahnhof schloss burg "
    "prospekt ulitsa naberezhnaya ploshchad".split()) | frozenset(  # (round 11: "Leninsky Prospekt"; not the English
    # "prospect", which is a player: "Bronny James prospect dunking", adversary 21)
    # (round 42) streets, squares, churches, castles and bridges in the languages that put the word
    # after a name, often its genitive ("Gedimino prospektas", "Krišjāņa Barona iela", "Gustav
    # Adolfs torg", "Frederiks Kirke", "Aleksander Nevski katedraal", "Oude Kerk"); no word that
    # English has in another sense ("loss", "bro", "haven", "tilts": "Trump loss" is him)
    "prospektas prospekto prospektu prospekte gatve gatves gatveje aikste aikstes aiksteje pilis pilies "
    "tiltas baznycia katedra soboras rotuse "  # Lithuanian
    "iela laukums baznica nams pils katedrale "  # Latvian
    "tanav valjak kirik katedraal puiestee maantee "  # Estonian
    "torg torget gata gatan kyrka kyrkan slott slottet plads gade kirken kirkja "  # Swedish, Danish, Icelandic
    "kerk straat plein gracht kade markt brug toren kathedraal kasteel "  # Dutch
    "camii caddesi sokak sokagi meydani koprusu sarayi kulesi".split())  # Turkish
#: (round 11) words that, capitalised right before a name that is no famous person's, make it a
#: place's or a building's name, in English and in languages that put the word first ("Mount
#: Merapi", "Ponte Hercílio Luz", "Elevador Lacerda", "Autódromo Hermanos Rodríguez", "Rua Augusta")
_PLACE_BEFORE = frozenset(
    "mount mt lake cape fort port isla ilha monte lago cabo porto ponte pont via rua calle avenida avenue piazza "
    "praca largo elevador miradouro autodromo estadio estadi aeropuerto aeroporto parque jardim jardin teatro "
    "museu palacio palazzo palais igreja iglesia chiesa catedral castello castillo torre puerta porta prospekt "
    "ulitsa gunung pico cerro volcan villa casa quinta hacienda".split())
_PLACE_BEFORE_MORE = frozenset(
    # (round 42) the same words in more languages that put them first, capitalised in the place's
    # name: "Jalan Tuanku Abdul Rahman", "Masjid Sultan Omar Ali Saifuddien", "Ulica Piotrkowska",
    # "Kościół Mariacki", "Xhamia Et'hem Beu", "Carrer de Sant Pau", "Parc Güell", "Stazione di Santa
    # Maria Novella" (as before, never a famous person's name: "Avenue Victor Hugo" stays denied)
    "jalan jln lebuh lorong lebuhraya masjid surau istana menara jambatan taman dataran pasar kampung bandar "
    "universiti sekolah gereja "  # Malay, Indonesian
    "ulica ulice aleja plac kosciol kaplica katedra bazylika lotnisko dworzec zamek palac namesti kostel chram "
    "hrad trg cerkev "  # Polish, Czech, Slovenian
    "xhamia rruga sheshi kalaja kisha bulevardi "  # Albanian
    "carrer placa passeig parc basilica basilique cathedrale eglise chapelle abbaye chateau musee gare quai "
    "stazione chiesa duomo galleria cattedrale viale corso lungomare mercado mosteiro convento capela travessa "
    "praia bairro estacao estacion "  # Catalan, French, Italian, Spanish, Portuguese
    "kasteel slot kerk kathedraal "  # Dutch
    "kalye simbahan".split())  # Tagalog
#: (round 42) how Dutch names of streets, squares, quays, markets and churches end, run together
#: with the name of whom they are named after ("Albert Cuypmarkt", "Piet Heinkade", "Leidseplein")
_DUTCH_PLACE_ENDS = ("straat", "plein", "gracht", "kade", "markt", "laan", "brug", "kerk", "singel", "steeg",
                     "burgwal", "haven", "park", "toren", "kathedraal")
#: (round 43) dikes ("Kinderdijk", "Afsluitdijk"; not "-dam": Latvian datives end so, "Bērendam"), and
#: Finnish castles, streets, squares, parks, churches, bridges, stations and harbours run together with
#: their name, in their cases ("Olavinlinna", "Savonlinnassa", "Aleksanterinkatu"). (Red team of
#: session 57) Only a word of the name itself, and only where no other word of it is a name ("Matti
#: Virtanen Kauppatorilla", "Putin Kauppatorilla", "Pieter Groendijk", "Marco Vittori" are people)
_PLACE_ENDS_R43 = ("dijk",
                   *(f + c for f in ("linna", "katu", "tori", "puisto", "kirkko", "silta", "asema", "satama")
                     for c in ("", "n", "ssa", "lla", "sta", "an", "lle", "aan", "lta", "sa")))
#: (round 42) more words for a place before "van", "von", "de" and a town's name ("Hafen von
#: Hamburg", "Haven van Rotterdam", "Grote Markt van Brugge")
_PLACE_OF_WORDS = frozenset("hafen haven markt kathedrale munster altstadt rathaus stadhuis binnenstad "
                            "centrum oudegracht".split())
_PLACE_BEFORE_OLD = _PLACE_BEFORE
_PLACE_BEFORE = _PLACE_BEFORE | _PLACE_BEFORE_MORE
#: (round 42) a saint's word before a given name, capitalised: the saint, and mostly the church,
#: the street or the town named after them ("Carrer de Sant Pau", "Stazione di Santa Maria
#: Novella", "Sint-Janskathedraal"), not a person of today
_SAINT_WORDS = frozenset("san sant santa santo sao saint sainte sankt sint sta sto sveti sveta svaty svata "
                         "swiety swieta szent".split())
#: Keys of a generation setting that names the sampler ("sampler: Euler a", "sampler_name": "euler_a")
#: and the words sampler names are made of: after such a key, in its value, they name the
#: sampler, not the mathematician or the researcher ("Euler", "Heun", "Karras"); "DPM++ 2M Karras"
#: (a DPM sampler with the Karras schedule) says so without a key.
_SAMPLER_KEYS = frozenset("sampler samplers scheduler sampling".split())
_SAMPLER_WORDS = frozenset("euler heun karras dpm dpmpp lms ddim plms unipc lcm ancestral exponential sde gpu "
                           "2m 3m 2s sgm uniform simple normal beta turbo ddpm deis ipndm restart a name method "
                           "pp".split())
_DPM_WORDS = frozenset("dpm dpmpp 2m 3m 2s sde gpu pp".split())
#: (round 11) a move of a player's body that a thing's name qualifies: after a famous name and
#: that thing ("Pele bicycle kick", "Dhoni helicopter shot", "Jordan windmill dunk") the player
#: makes the move; the name names no thing
_BODY_DEEDS = frozenset("kick kicks shot shots dunk dunks pass tackle serve swing punch throw jump catch header "
                        "volley smash slam stroke celebration pose spin turn flip dive "
                        "flick flicks dribble dribbles "  # ("Neymar rainbow flick", adversary 21)
                        "jumper jumpers layup layups".split())  # ("Kobe fadeaway jumper", adversary 23)
#: (round 12) particles that a player's move puts after its verb, run together ("fadeaway", "stepback")
_MOVE_PARTICLES = ("away", "back", "over", "up", "out", "around", "off", "down")
#: Units named after a person ("20 degrees Celsius", "thermometers in Celsius and Fahrenheit"):
#: the unit after a number, a degree word, "in" or "and", or before "and" and another unit.
_UNITS = frozenset("celsius fahrenheit kelvin rankine reaumur".split())
#: Little words an epithet's capitals skip ("the Sultan of Swat", "King of Pop").
_CASED_SKIP = frozenset("the of and a an de la el le with in".split())  # (round 11: "with", "in": "Lady with the Lamp")
#: Words after an epithet in lower case that make it the person (see ``NameMatcher._epithet_used``).
_EPITHET_THEN = frozenset("at in with during on wearing giving".split())
#: Words before a place's name that make it the place ("a view of Jordan", "flights to Kobe")
_PLACE_LEAD = frozenset("of in to from near across over around visit visiting".split())
#: Words for a person already spoken of.
_PRONOUNS = frozenset("he she him her his hers himself herself".split())
#: (round 11, adversary 19) articles of Latin-script languages that may stand before a name
_ARTICLES_ANY = frozenset("el la los las le les l il lo gli der die das den dem het de o os a as".split())
#: (round 11, adversary 19) words for a role or a kind of person in other languages, before a name
_ROLE_WORDS_ANY = frozenset(
    "chanteuse chanteur chanteurs cantante cantora cantor sangerin sanger sangerskan sangaren saengerin "
    "psychiater psychiatre psiquiatra psichiatra maler malerin schilder schilderes peintre pintor pintora pittore "
    "pittrice artiste artista kunstler kunstlerin konstnaren marsal marszalek marechal mariscal maresciallo "
    "raja sultan rey reina roi reine re regina konig konigin kral kralovna prezident presidente president "
    "prasident premier ministro minister ministre kanzler kanzlerin actriz actor acteur actrice attore attrice "
    "schauspieler schauspielerin jugador jugadora futbolista calciatore joueur joueuse spieler spielerin "
    "escritor escritora ecrivain scrittore scrittrice schriftsteller dichter poeta poete filosofo philosophe "
    "philosoph cientifico scienziato wissenschaftler fotograf fotografin fotografo photographe "
    "senor senora signor signora herr frau monsieur madame don dona".split())
#: (round 11, adversary 19) words of _PERSON_ACTS that name a picture or an event, not an act
_DEPICT_ONLY = frozenset("portrait headshot selfie stage concert premiere carpet gala conference interview "
                         "podium rally speech award awards oscars grammys fans paparazzi".split())
#: (round 12) the words of _DEPICT_ONLY for where the famous are seen: not a picture of anyone
#: ("portrait", "headshot", "selfie") nor a crowd ("fans")
_FAMOUS_SEEN = _DEPICT_ONLY - {"portrait", "headshot", "selfie", "fans"}
#: (round 11, adversary 19) roles one person holds in a firm or a work, right after its name
_MAKER_ROLES = frozenset("founder cofounder chairman chairwoman ceo owner inventor".split())
#: (round 11, adversary 19) team words for gear and followers: after a famous full name, the person's
#: (round 16, red team 40) other words for who runs a firm, read as _MAKER_ROLES before "of" and
#: a firm's name in lower case ("the fictitious boss of twitter")
_CHIEF_WORDS = frozenset("boss chief president".split())
#: (round 17) roles that only a firm has (the last word of "chief executive (officer)" stands for
#: it): "of" and a bare noun after one name a firm ("the ceo of apple"), as "of a startup" names one
#: of many
_FIRM_ONLY_ROLES = frozenset("ceo cfo cto coo executive officer".split())
#: (round 17) roles read as _FIRM_ONLY_ROLES before "of" and a bare noun ("the chairman of apple"),
#: though other bodies have them too ("the chairman of the board" takes an article)
_BARE_FIRM_ROLES = _FIRM_ONLY_ROLES | frozenset("chairman chairwoman".split())
#: (round 17) who runs a firm or is its maker: "of" and a firm's name said to be one ("owner of
#: twitter inc") is that person
_FIRM_ROLES = _MAKER_ROLES | _CHIEF_WORDS | _FIRM_ONLY_ROLES
#: (round 17) roles after which "of a" or "of an" is one firm or thing of many ("the ceo of a
#: startup", "the owner of a small cafe"); not a president's, a founder's or an inventor's ("the
#: president of a tiny island nation", "the inventor of a famous machine": fail closed)
_OF_ONE_OF_MANY = _FIRM_ONLY_ROLES | frozenset("owner bishop archbishop patriarch".split())
#: (round 17) WordNet classes of what has a head of its own ("the head of Medusa", "the head of
#: romaine"): after "head of", no firm
_HEADED_KINDS = frozenset("person animal food plant".split())
#: (round 17) words after a firm's name that say it is one ("twitter inc", "apple corp")
_CORP_SUFFIXES = frozenset("inc incorporated corp corporation ltd llc plc gmbh ag co company".split())
#: (round 17) offices that one living person holds in the whole world: "the pope" is he, as "the
#: US president" is
_WORLD_SOLE_OFFICES = frozenset("pope pontiff".split())
#: (round 20) offices one person holds in a town or a state: after its name, that person
_TOWN_OFFICES = frozenset("mayor governor".split())
#: words for a state after "of a": "the president of a small country" is one of few, read as one
#: person (fail closed); and words that name the one meant ("the founder of a firm called Tesla")
_STATE_WORDS = frozenset("nation nations country countries state states kingdom republic island islands empire "
                         "emirate principality monarchy".split())
_NAMING_WORDS = frozenset("called named namely".split())
#: after "of a": words that make the body one of few, and its head one person ("the founder of a
#: big electric car company", "the lead singer of a famous rock band")
_FAME_WORDS = frozenset("famous well known legendary iconic celebrated renowned notorious infamous major leading "
                        "largest biggest big richest powerful superpower nuclear top global world worlds "
                        "trillion billion dollar".split())
#: roles of a head of state or government: "of a" kind of body, one person unless the body is an
#: everyday one (_EVERYDAY_BODIES)
_HEAD_ROLES = frozenset("president vicepresident premier chancellor king queen emperor empress pope monarch "
                        "dictator leader ruler sultan shah tsar czar pharaoh prince princess minister secretary "
                        "supreme".split())
_EVERYDAY_BODIES = frozenset("club clubs society association team league school college committee council board "
                             "band choir orchestra troupe group union guild charity scouts troop pack gang crew "
                             "family household class company firm startup business".split())
#: (round 21) widely known firms named by a word the dictionary holds (a fruit, a shell, a target,
#: a dell), which the word lists file as that word, not as a brand: after a firm's role in lower
#: case they are the firm ("the head of apple", "the founder of oracle", "the shell ceo", "the apple
#: boss"), and a launch is theirs ("Dell unveils a new laptop"). Not in the brand list
#: (``not_person.txt``), where Dell would stop naming Michael Dell anywhere ("Dell unveils his
#: foundation" stays denied: a person's pronoun) and "apple" would be a listed thing everywhere.
_WORD_FIRMS = frozenset("apple oracle shell target dell visa subway gap adobe virgin zoom slack stripe snap "
                         "amazon".split())
#: (round 21) rulers' titles, which a kind of ruler of old bears too: a bare office (no article)
#: after a nationality or a place is read without them ("Roman emperor", "Egyptian pharaoh")
_MONARCHS = frozenset("king queen emperor empress pope monarch dictator ruler sultan shah tsar czar pharaoh "
                      "prince princess".split())
#: (round 22) what a firm's founder, owner or boss did to it: "the man who founded apple"
_FIRM_DEEDS = frozenset("founded cofounded started created built runs ran owns owned bought leads led heads headed".split())
#: (round 22) nationalities of sovereign states, in lower case as people type them: before a
#: state's office ("the french president", "the north korean leader", "british king waving") they
#: name one real person, as the capitalised ones do. A list, not a suffix: lower case, "the music
#: director", "the comic king" and "the academic head" end as nationalities do.
_NATIONALITIES = frozenset("""afghan albanian algerian american andorran angolan argentine argentinian armenian
    australian austrian azerbaijani bahamian bahraini bangladeshi barbadian belarusian belgian belizean beninese
    bhutanese bolivian bosnian botswanan brazilian british bruneian bulgarian burkinabe burmese burundian cambodian
    cameroonian canadian chadian chilean chinese colombian congolese croatian cuban cypriot czech danish djiboutian
    dominican dutch ecuadorian egyptian emirati eritrean estonian ethiopian fijian filipino finnish french gabonese
    gambian georgian german ghanaian greek grenadian guatemalan guinean guyanese haitian honduran hungarian icelandic
    indian indonesian iranian iraqi irish israeli italian ivorian jamaican japanese jordanian kazakh kazakhstani
    kenyan kuwaiti kyrgyz laotian latvian lebanese liberian libyan lithuanian luxembourgish malagasy malawian
    malaysian maldivian malian maltese mauritanian mauritian mexican moldovan monegasque mongolian montenegrin
    moroccan mozambican namibian nepalese nepali nicaraguan nigerian nigerien norwegian omani pakistani palestinian
    panamanian paraguayan peruvian polish portuguese qatari romanian russian rwandan salvadoran samoan saudi
    senegalese serbian singaporean slovak slovakian slovenian somali spanish sudanese surinamese swazi swedish swiss
    syrian taiwanese tajik tanzanian thai togolese tongan trinidadian tunisian turkish turkmen ugandan ukrainian
    uruguayan uzbek venezuelan vietnamese yemeni zambian zimbabwean english scottish welsh""".split()) | frozenset(
    ("north korean", "south korean", "south african", "new zealand", "saudi arabian", "sri lankan", "costa rican",
     "puerto rican", "el salvadoran", "papua new guinean", "east timorese", "south sudanese", "vatican"))
#: (rounds 22-23) states where a throne stands today, one row each: the nationality in lower case,
#: the state's one-word name and its flag's two letters ("" where that form is not read). A throne
#: after one of them is one person today: "british king waving" with no article (not "roman
#: emperor", "egyptian pharaoh": a kind of ruler of old), "the heir to the British throne", "🇬🇧 king"
_THRONES = (
    ("british", "britain", "gb"), ("english", "england", ""), ("japanese", "japan", "jp"),
    ("thai", "thailand", "th"), ("saudi", "", "sa"), ("jordanian", "jordan", "jo"), ("moroccan", "morocco", "ma"),
    ("spanish", "spain", "es"), ("dutch", "netherlands", "nl"), ("swedish", "sweden", "se"),
    ("norwegian", "norway", "no"), ("danish", "denmark", "dk"), ("belgian", "belgium", "be"),
    ("bhutanese", "", "bt"), ("omani", "", "om"), ("bahraini", "", "bh"), ("kuwaiti", "", "kw"),
    ("qatari", "", "qa"), ("emirati", "", "ae"), ("malaysian", "", "my"), ("bruneian", "", "bn"),
    ("cambodian", "", "kh"), ("tongan", "", "to"), ("monegasque", "monaco", "mc"), ("luxembourgish", "", "lu"),
    ("swazi", "", "sz"), ("vatican", "", "va"), ("", "", "li"), ("", "", "ls"))
_REIGNING = frozenset(row[0] for row in _THRONES if row[0])
#: the states of _THRONES by their names ("the heir to the British throne")
_REIGNING_STATES = frozenset(row[1] for row in _THRONES if row[1])
#: flags of states where a throne stands today ("🇬🇧 king waving")
_REIGNING_FLAGS = frozenset(row[2] for row in _THRONES if row[2])
#: (round 22) a state's offices, which a lower-case nationality before them makes one person's
#: (not "the american ceo", "the german director": one of many in a scene)
_STATE_OFFICES = frozenset("president vicepresident premier chancellor king queen emperor empress monarch dictator "
                           "leader prime ruler sultan shah tsar czar pope supreme pm prez".split())
#: (round 23) initials of towns and states in lower case, before their mayor or governor ("nyc
#: mayor", "the la mayor", "the ny governor")
_TOWN_INITIALS = frozenset("nyc la sf dc ny nj".split())
#: (round 23) words after "the" that keep an office after them its one holder today ("the new french
#: president", "the incoming US president")
_NOW_WORDS = frozenset("new current present sitting incumbent incoming outgoing reigning".split())
#: (round 23) prepositions of where one is seen, after a bare office ("london mayor on a bike")
_SEEN_PREPS = frozenset("on at in with beside near outside inside during riding".split())
#: (round 23) a state's flag (two regional indicator letters) right before an office
_FLAG_BEFORE = re.compile(r"([\U0001F1E6-\U0001F1FF]{2})\s*$")
#: (round 23) acronyms that name one office's holder: "potus signing an order"
_ONE_HOLDER_ACRONYMS = frozenset("potus flotus vpotus".split())
#: (round 23) offices that one person holds, named by their own words, after "the": the body and
#: its office ("the house speaker", "the fed chair"), a cabinet's posts ("the defense secretary",
#: "the secretary of state"), "the chief justice"
_NAMED_OFFICES = tuple(tuple(p.split()) for p in (
    "house speaker", "speaker of the house", "senate majority leader", "senate minority leader",
    "house majority leader", "house minority leader", "fed chair", "fed chairman", "fed chairwoman", "fed chief",
    "chair of the fed", "chairman of the fed", "chief justice", "defense secretary", "defence secretary",
    "treasury secretary", "home secretary", "foreign secretary", "secretary of state", "secretary of defense",
    "secretary of the treasury", "attorney general", "chancellor of the exchequer", "foreign minister",
    "defence minister", "defense minister", "finance minister"))
#: the same by first word: what a token can start (a prompt's every "the" looks them up)
_NAMED_OFFICES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    w: tuple(ph for ph in _NAMED_OFFICES if ph[0] == w) for w in {ph[0] for ph in _NAMED_OFFICES}}
#: (round 23) a peer's styles: "the duke of sussex" is one person
_PEERS = frozenset("duke duchess earl countess marquess marchioness viscount viscountess".split())
#: (round 23) superlatives of opinion: "the world's best dad" is on a mug, no one person
_OPINION_SUPERLATIVES = frozenset("best greatest worst okayest nicest coolest cutest sweetest funniest happiest "
                                  "luckiest proudest loveliest kindest".split())
#: (round 23) a person named by a firm: "the tesla guy"
_FIRM_PEOPLE = frozenset("guy gal dude bloke".split())
#: (round 23) firms whose "guy" is a worker at the door, not one person ("the ups guy")
_DOOR_FIRMS = frozenset("ups fedex dhl usps uber lyft doordash grubhub instacart deliveroo postmates amazon "
                        "comcast".split())
#: (round 23) words for who is "behind" a firm ("the mastermind behind facebook")
_BEHIND_PEOPLE = frozenset("man woman guy gal person genius mastermind brains mind founder visionary".split())
#: (round 23) what a maker did to a firm or a product ("the guy who made facebook", "the man who
#: invented the iphone")
_MAKER_DEEDS = frozenset("made invented designed launched developed coded created founded cofounded built "
                         "started".split())
#: (round 23) a newspaper's words after a place ("the washington post", "the boston globe")
_PRESS_WORDS = frozenset("post times globe herald tribune journal gazette chronicle telegraph guardian mirror "
                         "sun news inquirer examiner independent observer".split())
#: (red team 43) pronouns for things, which no firm is named: "the woman who owns everything"
_PRONOUN_THINGS = frozenset("everything nothing something anything it them".split())
#: (red team 43) states' initials in lower case before their offices ("the us president", "the
#: u.s. president", "the uk prime minister"; "us" after "the" is no pronoun), and the United
#: Nations' and NATO's ("the un secretary general")
_STATE_INITIALS = frozenset("us usa uk gb uae prc dprk un nato".split())
#: (red team 43) first words of a state's offices of two words, read whole after a lower-case
#: nationality ("the american vice president", "the french first lady", "the un secretary general")
_LOWER_OFFICE_PHRASES = frozenset("vice first secretary".split())
#: (red team 43) titles a throne passes down: after a lower-case nationality, one person only where
#: such a throne stands today ("the british king"; not "the russian tsar", "the french king", "the
#: chinese emperor": kinds of rulers of old, as "the roman emperor" is)
_HEREDITARY = frozenset("king queen emperor empress monarch sultan shah tsar czar prince princess".split())
#: (round 21) words before a noun phrase that make it one of many ("a", "any former", "every")
_INDEFINITE = frozenset("a an any every each some no another one two three several many most all few "
                        "such other".split())
#: (round 21) everyday bodies, shops, local places, rooms, gatherings and things made on the spot:
#: "the <role> of the <one of these>" is the one in the scene ("the founder of the bakery", "the
#: chief of the village", "the creator of the sandcastle"), and "the first woman to arrive at the
#: party" is one guest, not a famous first (not "the inventor of the telephone", "the head of the
#: church", "the first man to walk on the moon": none of these words)
_SCENE_NOUNS = _EVERYDAY_BODIES | frozenset(
    "bakery cafe coffeeshop shop store restaurant diner bistro bar pub inn hotel motel farm ranch garden orchard "
    "vineyard brewery winery workshop studio gallery salon boutique market stall kiosk bookshop bookstore "
    "village town hamlet settlement camp tribe clan neighbourhood neighborhood street "
    "house home cottage cabin hut treehouse fort den sandcastle snowman raft "
    "sculpture statue mural drawing sketch collage quilt cake dish recipe meal feast "
    "party picnic barbecue wedding dinner lunch breakfast meeting room office kitchen classroom class table pool "
    "beach park playground bus train door gate queue line floor".split())
#: (round 21) what a word that is no English word names, when it is one of these, makes a scene's
#: clause name something ("the founder of the store in seattle", "... with paris")
_SCENE_NAMING_CLASSES = frozenset(("place", "landmark", "organisation", "fiction", "listed", "event"))
#: (round 21) words in a first's clause that make it a feat of record, not a scene's ("the first
#: man to walk on the moon", "the first woman to swim the channel")
_FEAT_WORDS = _RECORD_WORDS | _STATE_WORDS | _FAME_WORDS | frozenset(
    "moon space orbit summit pole everest planet earth ocean sea continent atlantic pacific channel mars "
    "history ever logo logos brand brands make makes made maker makers sells sold produces".split())
#: (round 21) what a guest does first at a scene ("the first woman to arrive at the party"); not a
#: first that joins, attends or integrates a body (a first of record: "the first black girl to attend
#: the school")
_SCENE_ACTS = frozenset("arrive leave enter exit sit stand dance eat drink order wake sleep jump dive laugh "
                        "cry notice open close come go walk run step get fall slip sing speak".split())
#: (round 20) words that make "the Holy Father" the Trinity's, not the pope
_TRINITY = frozenset("son spirit ghost trinity".split())
#: (round 17) words between "the" and such an office that leave it the one holder ("the new pope")
_SOLE_OFFICE_ADJECTIVES = frozenset(
    "new catholic roman holy real reigning current sitting supreme fictional fictitious imaginary invented".split())
_TEAM_GEAR = frozenset("fans supporters crest badge kit scarf mascot squad roster".split())
#: Who founded or runs a company, after its name: "Ikea founder", "the Samsung chairman" name one
#: person (the roles of _MAKER_ROLES but "owner", which after a brand is anyone: "a Ferrari owner")
_FOUNDERS = (_MAKER_ROLES - {"owner"}) | frozenset("founders co-founder heir heiress".split())
#: A time named after a ruler or a person, joined by a hyphen ("Meiji-era", "Tudor-period").
_PERIODS = frozenset("era period dynasty age reign".split())
#: English prepositions, conjunctions and determiners: never a given name ("among flowers").
_CLOSED_CLASS = frozenset(
    "about above across after against along amid amidst among amongst around as at before behind below beneath "
    "beside besides between beyond but by despite down during except for from in inside into near nor of off on "
    "onto or out outside over past per since than though through throughout till to toward towards under "
    "underneath unless unlike until unto upon versus via whereas while with within without the a an and".split())
#: Of these, a possessive name is still the place's ("Grant's Tomb", "Lenin's Mausoleum").
_EPONYM_PLACES = frozenset("memorial mausoleum tomb monument".split())
#: Words for the manner of an artist's work: a person's name right before one names the artist
#: ("Klimt style", "Ansel Adams style", "Rembrandt lighting", "Xu Beihong ink wash")
_MANNER = frozenset("style styled styles lighting light aesthetic aesthetics palette brushwork brushstrokes strokes "
                    "ink wash technique manner vibe vibes look tones shading linework composition "
                    "portraiture inspired influenced".split())
#: Furniture and buildings: one name, "style" and one of these is a design named after its maker
#: ("Eames style chair", "Chippendale style cabinet"), as a period's is ("Queen Anne style house")
_DESIGNED = frozenset("chair chairs sofa couch table desk cabinet commode dresser lamp bed furniture house home "
                      "villa cottage mansion building facade interior bungalow bookcase".split())
_ROMAN = re.compile(r"[ivxl]{1,5}")  # a regnal number: "Louis XIV style" is a period's
_FULL_NAME_RULES = frozenset(("given+surname", "first+capital", "capitalised", "known-person", "capitalised-unlisted"))
#: Words after a name that make it the name of a team ("Charlton Athletic", "Aston Villa FC").
#: (round 40) honours and contests named after someone, capitalised after the name: the thing
_HONOURS = frozenset("prize prizes award awards cup trophy medal medals fellowship fellowships scholarship "
                     "scholarships lecture lectures prijs preis premio prix".split())
_TEAM_WORDS = frozenset("fc afc cf sc ac united athletic rovers wanderers albion hotspur rangers county city town "
                        "fans supporters crest badge kit stadium mascot scarf squad roster".split())
#: Words before a ship's name ("HMS Victory", "USS Enterprise") and words that say a ship is meant.
#: Before a hyphen, the first word of a place's name in French ("Saint-Tropez", "Saint-Malo"); a
#: saint as a person is written with a space ("Saint Peter").
_LOCATIVE = frozenset("in at from near to across over around outside inside into through".split())
_ARTICLES_ELSEWHERE = frozenset("las los les el il der die das het".split())
#: Prefixes joined by a hyphen make a word, not a name ("Pre-Raphaelite", "Neo-Gothic")
_PREFIXES = frozenset("pre post neo anti proto non pro pseudo ultra mid semi sub trans".split())
#: Heads of an apposition that make the name a myth's or a tale's ("Pele the volcano goddess",
#: "Sun Wukong the Monkey King"): a god, a spirit, a monster, or a king of animals
_MYTH_HEADS = frozenset("god goddess deity spirit demon dragon monster giant titan fairy nymph".split())
#: (round 11) words before the name of a figure of faith or myth ("Archangel Michael", "goddess Hina")
#: (round 16, red team 40) words of a fairy tale: a title alone there is its stock figure
_FAIRY_TALE = frozenset("castle castles kingdom realm princess fairytale enchanted knight knights throne witch "
                        "wizard".split())
_MYTH_BEFORE = frozenset("archangel archangels angel goddess god deity".split())
#: (round 11) what an animal of a tale is made ("the Monkey King", "the brave hamster knight")
_ANIMAL_ROLES = frozenset("king queen knight prince princess warrior wizard detective pirate samurai".split())
_HYPHEN_PLACE = frozenset("saint sainte st ste san santa".split())
_SHIP_PREFIXES = frozenset("hms uss rms ss hmas hmcs hmnzs mv ms rv ins".split())
_SHIP_WORDS = frozenset("ship ships liner freighter steamer steamship battleship warship shipwreck wreck yacht "
                        "schooner "
                        "frigate galleon vessel cruiser submarine carrier tanker ferry tugboat sailing sail docked "
                        "dock harbor harbour voyage maiden hull deck aboard".split())
#: Things a name can be drawn as or on without naming a thing (a portrait, a doll, clothes):
#: after these the name is still the person's.
_DEPICT = frozenset(
    "portrait poster statue mural photo photograph picture painting drawing sketch sculpture figure figurine doll "
    "bust mask costume cosplay outfit dress gown suit tuxedo jersey shirt tshirt hat sunglasses glasses jacket coat "
    "uniform wig hairstyle haircut makeup tattoo selfie headshot wax caricature cartoon avatar lookalike "
    "impersonator hologram image likeness illustration render portrait painting collage bobblehead puppet "
    "fanart art artwork meme sticker emoji icon mugshot deepfake effigy waxwork".split())
def _with_plurals(words: frozenset[str]) -> frozenset[str]:
    """``words`` and the ways English may write their plurals ("mask", "masks", "maskes"; "effigy",
    "effigies")."""
    return words | frozenset(w2 for w in words for w2 in (w + "s", w[:-1] + "ies" if w.endswith("y") else w + "es"))


#: (round 39) one-word names of famous people that are also rare English words and that the news
#: uses for the person alone ("Trump", "Macron", "Musk"): read as the person where a person stands
#: (:meth:`NameMatcher._alone_famous`), not only among tags or acts that speak of fame, as the
#: other words of ``Knowledge.famous_word`` are. True: also in lower case ("trump in an orange
#: jumpsuit"); False: only capitalised (the word's own sense is a common subject: "musk" perfume,
#: an elephant's "tusk", a roof "truss", the prayer "salah"; round 39b).
#: Hand-kept, as the contemporary list is: heads of state and government and world-famous people
#: whose surname alone names them, and whose word the web holds fewer than 3 million times.
_ALONE_FAMOUS = {
    "trump": True, "macron": True, "gaga": True, "biles": True, "vance": True, "carney": True,
    "lula": True, "salah": False, "musk": False, "tusk": False, "truss": False,
}
#: (round 39) after such a name, first in its clause, what says a person stands there: where they
#: are, what they wear or do ("Musk on Mars", "trump in an orange jumpsuit", "macron and his wife")
_ALONE_AFTER = frozenset(
    "in on at with without wearing holding inside behind under near beside during as and is was gets has "
    "looks being getting outside into onto by next beneath among between dressed arrested handcuffed "
    "jailed impeached indicted elected sworn crowned naked nude shirtless smiling".split())

#: (round 39b, red team 66) words that speak of each _ALONE_FAMOUS word's own sense: with one of
#: them elsewhere in the prompt the word is that ("trump in hearts, four players", "Musk, amber
#: and vanilla notes", "Tusk on display in a museum", "salah at the mosque at dawn")
_ALONE_SENSE = {
    "trump": frozenset("trick tricks euchre whist bridge bid bidding suit bower declarer notrump spades hearts clubs diamonds deck".split()),
    "musk": frozenset("perfume perfumes scent fragrance cologne amber vanilla oud sandalwood note notes accord accords candle candles flacon parfum eau deer ox rose jasmine cedar tonka bergamot iris".split()),
    "tusk": frozenset("elephant elephants ivory mammoth walrus narwhal warthog boar trunk scrimshaw savanna museum".split()),
    "truss": frozenset("roof bridge steel beam beams rafter rafters purlin timber stage rig gusset warehouse girder hernia bamboo lights".split()),
    "gaga": frozenset("ball pit dodgeball camp baby kids octagon goo".split()),
    "salah": frozenset("mosque prayer ramadan kaaba eid muslim muslims hajj fajr imam qibla wudu iftar worshippers satu benar betul".split()),
    "carney": frozenset("carnival fair midway circus booth ferris ring toss".split()),
    "macron": frozenset("vowel vowels diacritic diacritics accent breve caron latin maori letter typography font".split()),
    "lula": frozenset("squid calamari grelhada frita camarao polvo seafood".split()),
    "biles": frozenset("bile liver gallstones gallbladder".split()),
    "vance": frozenset("hines oklahoma".split()),
}
#: (round 39b) more of what follows such a name where a person stands ("Trump after winning",
#: "Macron face close-up", "Trump rally") beside _ALONE_AFTER and _LIKENESS_NOUNS
_ALONE_AFTER_MORE = frozenset("after before while vs versus face head hair smile lookalike impression impersonator clone rally speech inauguration campaign".split())
#: (round 39b) prepositions of other languages after such a name, in a prompt in that language
#: ("Trump en la playa", "Macron à la plage", "Trump am Strand", "Lula na praia")
_ALONE_AFTER_FOREIGN = frozenset("en a au aux sur sous dans avec chez pendant am im auf mit bei beim vor neben unter na no nos nas em com sobre al alla con su sul sulla nel nella mentre mientras durante entre".split())
#: (round 39b) words after which a capitalised such name is a person in a lower-case prompt
#: ("selfie with Trump", "me and Macron on a yacht")
_ALONE_JOIN = frozenset("with and meets meeting featuring like hugging".split())
#: (round 40, red team 71) WordNet classes of a noun that makes a plural after it a thing
_THING_BEFORE_PLURAL = frozenset("artifact substance plant food object location".split())
#: (round 40) words after a family's name: "the gates family", "the sellers couple"
_FAMILY_NOUNS = frozenset("family families couple clan household kids children brothers sisters twins wedding "
                          "marriage dynasty".split())
#: (round 40) adjectives before a person, which WordNet also holds as nouns ("the young", "a giant")
_PERSON_ADJECTIVES = frozenset("young old little tiny baby teen teenage angry sad happy evil giant chibi elderly "
                               "shirtless naked nude drunk smiling crying sexy hot cute".split())
#: (session 54) how only a person looks, between a picture's cue and a famous name that is also a word:
#: "close up of a smiling macron" ("a young bush" is a plant: no age or size here)
_FACE_ADJECTIVES = frozenset("smiling laughing grinning crying frowning winking screaming shouting sobbing weeping "
                             "beaming smirking scowling sneering pouting yawning shirtless naked nude drunk bearded "
                             "sweaty blushing".split())
#: (round 40) plural articles before a family's name in French, Spanish, Portuguese and German
_FAMILY_ARTICLES = frozenset("les los las os die".split())

#: (round 25) the words of _DEPICT that show a person's likeness (not a garment, a sticker or an
#: icon), and their plurals: right after a famous one-word name, the person ("Trump mask",
#: "Macron caricature", "Trump mugshot"; "Trump hat" is a hat)
_LIKENESS_NOUNS = _with_plurals(
    _DEPICT - frozenset("outfit dress gown suit tuxedo jersey shirt tshirt hat sunglasses glasses jacket "
                        "coat uniform wig hairstyle haircut makeup tattoo sticker emoji icon art".split()))
#: (red team 47) masks, dolls, puppets, caricatures, statues, busts, posters and figures in other
#: languages (German, French, Italian, Spanish, Portuguese, Dutch), folded, with plurals: after a
#: famous one-word name as _LIKENESS_NOUNS are ("Trump Maske", "Macron masque", "Trump Puppe"), and
#: before a famous one (not any capitalised word, as after _PICTURE_WORDS: "masque de Venise",
#: "figurines de Noël") as "portrait de" is ("masque de Macron", "statue de Trump"); not Dutch
#: "pop", an English word
_LIKENESS_ELSEWHERE = frozenset(
    "maske masken masque masques maschera maschere mascara mascaras careta caretas puppe puppen poupee poupees "
    "marionnette marionnettes bambola bambole burattino burattini marioneta marionetas muneca munecas boneca "
    "bonecas fantoche fantoches masker maskers wachsfigur wachsfiguren caricature caricatures karikaturen "
    "statue statues statuen statuette estatuas tableau tableaux affiche affiches afiches buste bustes busten "
    "busto busti bustos figurine figurines figur figuren sculpture sculptures skulpturen sculture esculturas "
    "portrats bilder croquis gravure effigie".split())
#: (red team 47) _DEPICT's words and their plurals: after a famous person's name, "Obama statues"
#: and "Putin masks" draw the person as "Obama statue" does
_DEPICT_FORMS = _with_plurals(_DEPICT)
#: Tags that speak of a famous person: a one-word name that is also a word ("swift", "drake",
#: "macron") is a person when it is a tag of its own beside one of these ("swift, stage").
_FAME_TAGS = frozenset(
    "stage podium stadium arena concert concerts microphone mic rally speech speaking press conference interview "
    "carpet premiere award awards grammy grammys oscar oscars gala paparazzi autograph fans pitch jersey trophy "
    "parliament summit election campaign debate president presidential politician senator minister chancellor "
    "singer singing rapper rapping popstar celebrity footballer soccer athlete actor actress musician performer "
    "performing idol tour album spotlight selfie portrait headshot photoshoot lectern".split())
#: Kinds of people that are also someone's one-word name: a tag of its own, they name the kind.
_KINDS_OF_PEOPLE = frozenset("usher ninja hitman shaman sinner undertaker tramp faker boss legend king queen "
                             "prince princess idol".split())
#: WordNet classes of a noun after a name that make the name a thing's ("Caesar salad",
#: "John Deere tractor", "King Charles spaniel").
_APPOSED_CLASSES = frozenset("artifact animal object".split())
_THING_CLASSES = frozenset("artifact food animal plant substance object".split())
#: WordNet classes of a noun after a possessive name that say a person is meant ("Messi's goal",
#: "Federer's backhand", "Zelensky's speech").
#: After a famous person's possessive name, nouns of these classes are a thing named after
#: them ("Rubik's cube", "Halley's comet"), not theirs.
_EPONYM_CLASSES = frozenset("artifact shape object substance food plant state cognition location".split())
_PERSONAL_CLASSES = frozenset("act body communication event feeling attribute cognition motive".split())
_ROLE_OF_ANY = frozenset("inventor founder cofounder creator author discoverer composer".split())
_PEOPLE_NOUNS = frozenset("man woman person people player athlete singer actor actress musician footballer "
                          "billionaire boxer rapper leader politician guy gal".split())
_NAMED_PLACE_RULES = frozenset(("given+surname", "first+capital", "capitalised", "capitalised-unlisted", "title",
                                "known-person", "acts-like-person", "cue", "initials", "regnal"))
#: (round 27) given names that monarchs and popes bear with a number, in the languages the check
#: reads, folded ("karel", "ludwig", "henryk", "jindrich"): with a Roman number of two or more
#: ("Karel IV.") they name one person
_REGNAL_NAMES = frozenset(
    "karel karl charles carlos carlo carol ludwig louis luis luigi ludvik ludwik lodewijk henryk henri heinrich "
    "henry enrique enrico jindrich henrique friedrich frederick fryderyk federico frederik wilhelm william willem "
    "guillaume guglielmo johann john juan joao giovanni jean jan pius benedykt benedict benedetto benoit gregory "
    "gregor gregorio grzegorz leo leon lev pedro peter pierre piotr pyotr pietro petr ivan nicholas nikolai nikolaus "
    "nicolas mikolaj alexander aleksander alexandre alessandro alejandro felipe philip philippe filip filippo "
    "fernando ferdinand ferdinando francis francois franz francisco francesco franciszek gustav gustaf gustavo "
    "christian kristian haakon harald olav carl sigismund zygmunt wladyslaw kazimierz stanislaw boleslaw mieszko "
    "vaclav wenceslas ottokar otto rudolf maximilian leopold joseph josef jose giuseppe ramesses ramses amenhotep "
    "thutmose ptolemy elizabeth elisabeth isabel isabella mary catherine katarzyna juliana margrethe edward "
    "edouard eduard george georg jerzy richard ryszard stephen stefan istvan bela alfonso afonso manuel sancho jaime "
    "jaume umberto vittorio abdullah hussein constantine konstantin basil justinian michael michal andrew "
    "andrzej boris simeon paul pawel pavel paolo urban clement innocent boniface sixtus adrian julius alexios "
    "magnus erik eric knud valdemar oscar oskar malcolm robert james david".split())
_REGNAL_NUMBER = re.compile(r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI|XVII|XVIII|XIX|XX|XXI|XXII|XXIII)\.?")
#: After a possessive name, these say a person is meant ("Rihanna's face").
_NO_ACTOR_CLASSES = frozenset((None, "person", "animal", "plant", "food", "artifact", "object"))
_BODY = frozenset("head face hair beard moustache mustache eyes arms hands legs shoulders chest fist".split())
_PERSON_PARTS = frozenset("face smile eyes hair haircut lips nose hands voice body skin beard freckles tattoo tattoos "
                          "portrait selfie wedding outfit dress wardrobe look likeness".split())
#: Prepositions, articles and conjunctions of Russian, Ukrainian and Greek (in their script).
#: (round 24) the endings of surnames in the cased alphabets whose languages capitalise names and
#: not nouns (case folded, Greek without accents), with the case endings a name takes in a sentence:
#: Russian, Ukrainian, Central Asian and Caucasian surnames in Cyrillic ("Хусанов", "Нурымбетова",
#: "Тихановская", "Усика"), Serbian ("Јокић"), Greek ("Τεντόγλου", "Παπαδόπουλος") and Armenian
#: ("Մխիթարյան"); longest first
_SURNAME_ENDS: dict[str, tuple[str, ...]] = {
    "cyrl": tuple(sorted(
        {b + e for b in ("ов", "ев", "ёв", "ин", "ын") for e in ("", "а", "у", "ым", "ом", "е", "ой", "ых")}
        | {b + e for b in ("ск", "цк") for e in ("ий", "ая", "ого", "ому", "им", "ом", "ой", "ую")}
        | {"енко", "чук", "юк", "вич", "вича", "вичу", "вичем", "ић", "ића", "ићу", "ян", "яна", "яну", "яном",
           "янц", "дзе", "швили", "уулу", "кызы", "ұлы", "қызы", "зода", "заде"},
        key=len, reverse=True)),
    "grek": tuple(sorted({"πουλοσ", "πουλου", "πουλο", "ακησ", "ακη", "ιδησ", "ιδη", "ιδου", "ιαδησ", "ογλου"},
                         key=len, reverse=True)),
    "armn": tuple(sorted({"յան", "յանը", "յանի", "յանին", "յանից", "յանով", "յանն", "յանց", "եան", "ունի", "ունց"},
                         key=len, reverse=True)),
}
#: (round 24) Russian abbreviations of a place's kind, in lower case before its name: town,
#: settlement, village, hamlet, highway, river, island, station ("п. Таганрог", "ст. Киржач",
#: "г. Москва"); no initials, which are capitals ("В. Путин"), and no saint ("ст." is a station)
_CYR_PLACE_ABBR = frozenset(("г", "п", "с", "д", "к", "х", "ш", "р", "о", "м", "ст", "пгт", "ул", "пер", "пр", "наб",
                             "бул", "алл", "пл", "обл"))
#: (round 24) endings of surnames written in Latin letters that no word of the languages the
#: check reads has (folded): "khusanov", "nurymbetova", "patapoutian", "kvaratskhelia" aside
#: (round 30) Icelandic patronymics' endings (folded): -dóttir, -sson and their cases
_PATRONYMIC_ENDS = ("dottir", "dottur", "sson", "ssonar", "ssyni")
#: (round 30) endings only surnames have in any language, added in round 30 (a surname by its ending
#: needs no given name of the tables before it): Lithuanian -aitė, -ytė (unmarried), -ienė
#: (married), -avičius, -evičius, -auskas; the Icelandic patronymics
_SURNAME_ONLY_ENDS = ("aite", "yte", "iene", "avicius", "evicius", "auskas", *_PATRONYMIC_ENDS)
_LATIN_SURNAME_ENDS = tuple(sorted(("ov", "ova", "ev", "eva", "yev", "yeva", "enko", "yan", "ian", "yants", "dze",
                                    "shvili", "ovic", "ovich", "evic", "evich", "escu", "oglu", "opoulos",
                                    "opoulou", "akis", "idis", "uulu", "bekov", "bekova",
                                    # (red team 45) Kazakh -uly, -kyzy/-qyzy (son of, daughter of)
                                    "uly", "kyzy", "qyzy",
                                    # (round 43) Polish -czyk, -czak, -wicz, -owski/-owska, -ewski/-ewska
                                    "czyk", "czak", "wicz", "owski", "owska", "ewski", "ewska",
                                    *_SURNAME_ONLY_ENDS), key=len, reverse=True))
_SUFFIX_WORDS: list[frozenset[str]] = []
#: (round 28) common words of the Latin-script languages, by the code of their little words
#: (``Knowledge.lang_stop``): data/latin_words.txt.gz, read once, on the first prompt in such a language
_LATIN_WORDS: dict[str, frozenset[str]] = {}
_LATIN_WORDS_LOCK = threading.Lock()


def _latin_word_lists() -> dict[str, frozenset[str]]:
    """(round 28) data/latin_words.txt.gz by language code, read on first use (0.13 s, 21 MB)."""
    if not _LATIN_WORDS:
        with _LATIN_WORDS_LOCK:
            if not _LATIN_WORDS:
                got: dict[str, list[str]] = {}
                cur: list[str] = []
                for w in _read("latin_words.txt.gz"):
                    if w.startswith("@"):
                        cur = got.setdefault(w[1:], [])
                    else:
                        cur.append(w)
                _LATIN_WORDS.update({code: frozenset(ws) for code, ws in got.items()})
    return _LATIN_WORDS


#: (round 41) words that open a clause whose subject follows them ("a cartoon where Musk is selling
#: cars", "una vignetta dove Benigni salta", "en gammal gård där Lindgren sitter"): English ones, then
#: those of the little-word lists' languages (read only in a prompt in another language), then
#: relatives read only after their preposition ("in cui", "em que", "na které", "kung saan", "di mana")
_CLAUSE_OPENERS_EN = frozenset("where whereas while when wherein whereby".split())  # (red team 74: when ...)
_CLAUSE_OPENERS = _CLAUSE_OPENERS_EN | frozenset(
    "dove mentre donde mientras onde enquanto ou pendant wo wahrend dar medan waar terwijl hvor mens der unde "
    "gdzie kde ahol jossa missa kjer kuriame kurioje kuriuose kur kura ku on opou "
    # (red team 74) "when" in the languages of the word lists
    "quando quand lorsque cuando kiedy nar wenn".split())
_CLAUSE_PAIRS = frozenset(tuple(p.split()) for p in (
    "in cui", "em que", "en que", "na ktere", "na kterem", "v kterem", "na ktorom", "v ktorom", "w ktorym",
    "na ktorym", "kung saan", "di mana", "thar sem", "u kojoj", "u kojem", "v kateri", "v katerem", "na kateri",
    # (red team 74) "in which" and "while" in more words
    "in which", "nella quale", "nel quale", "dans lequel", "dans laquelle", "el que", "la que", "no qual",
    "na qual", "in dem", "in der", "pendant que", "sem que"))
#: (red team 75) prepositions of a tribute or an address ("un hommage à cher la", "un omaggio a durante il")
_TO_PREPS = frozenset("a à al ao an am til till to para pra per pour für fur för aan voor do ad dla".split())
#: (round 48) prepositions of place, company and time, by language, that may follow a famous surname
#: at a prompt's start as a verb does ("Tusk w Sejmie", "Loren in abito da sera", "Tesla u laboratoriju"):
#: one that every listed language the prompt's little words may be in has (folded as tokens are)
_PREPS_OF: dict[str, frozenset[str]] = {lang: frozenset(fold(w) for w in words.split()) for lang, words in {
    "fr": "à au aux en sur sous dans avec devant derrière chez pendant lors près entre contre sans vers parmi",
    "es": "en con sobre bajo ante tras durante desde frente junto sin entre hacia",
    "ca": "a al als amb en sobre sota davant darrere durant sense entre",
    "gl": "en con sobre baixo diante durante dende sen entre",
    "it": "a al alla in con su sul sulla sotto sopra davanti dietro durante tra fra nel nella accanto senza dentro",
    "pt": "em no na nos nas num numa com sobre sob diante durante entre junto ao à",
    "de": "in im auf am an mit bei beim vor hinter unter über neben während zwischen ohne zum zur",
    "nl": "in op met bij voor achter onder boven naast tijdens zonder tussen aan",
    "sv": "i på med vid under över bakom framför utan bland",
    "da": "i på med ved under over bag foran uden blandt",
    "no": "i på med ved under over bak foran uten blant",
    "is": "í á með við undir yfir fyrir án",
    "pl": "w we na z ze u pod nad przed za przy obok podczas bez między po",
    "cs": "v ve na s se pod nad před za při během bez mezi po vedle",
    "sk": "v vo na s so pod nad pred za pri počas bez medzi po vedľa",
    "sl": "v na s z pod nad pred za pri med brez ob",
    "hr": "u na s sa pod nad pred ispred iza pri za tijekom tokom bez među kod uz",
    "ro": "în la cu pe sub lângă după fără între printre",
    "lt": "su prie ant po be per tarp",
    "lv": "ar pie uz zem bez pēc starp",
    "id": "di dengan bersama dalam pada saat",
}.items()}
#: (round 48) languages close enough that a word of one is read as a word of the other
_NEAR_LANGS = {"id": frozenset({"ms"}), "ms": frozenset({"id"}), "da": frozenset({"no", "sv"}),
               "no": frozenset({"da", "sv"}), "sv": frozenset({"da", "no"}), "cs": frozenset({"sk"}),
               "sk": frozenset({"cs"}), "es": frozenset({"ca", "gl", "pt"}), "ca": frozenset({"es"}),
               "pt": frozenset({"es", "gl"}), "gl": frozenset({"es", "pt"}), "hr": frozenset({"sl"}),
               "sl": frozenset({"hr"})}
#: (red team 75) "and" in the languages of the word lists ("a" Czech/Slovak and "in" Slovene are added by language)
_COORD = frozenset("e y i und en och og ja dan și ir at et és".split())
#: words for people (friends, family, colleagues, fans) in the languages of the word lists: after
#: "X e", "X y", "X et", the person's company, not a thing ("dove Benigni e amici ballano")
_PEOPLE_WORDS_ANY = frozenset(
    "amici amiche amico amica amigos amigas amigo amiga amis amies ami amie freunde freundinnen freund freundin "
    "vrienden vriendinnen vriend vanner venner vaenner przyjaciele przyjaciolmi kamaradi pratele prieteni arkadaslari "
    "arkadaslar teman kawan moglie marito esposa esposo mujer marido femme mari frau mann vrouw man hustru "
    "fru zona maz manzel famiglia familia famille familie rodzina rodina figli figlie hijos hijas filhos filhas "
    "enfants kinder kinderen barn dzieci deti bambini ninos criancas colleghi colegas collegues kollegen collegas "
    "kolleger tifosi aficionados torcedores fans supporters ospiti invitados invites gaste gasten gaster goscie "
    "fidanzata fidanzato novia novio namorada namorado copine copain".split())
#: (round 41, red team 72) "with" in the languages of the word lists: a word in company is a person
_BEFORE_COMPANY = frozenset("with con com avec mit met med ile kasama dengan bersama".split())
#: (round 41) Tagalog's personal articles: before a person's name, and only a person's
_TL_PERSONAL = frozenset("si ni kay sina nina kina".split())
#: (round 41, red team 72) streets, squares, crossings and shops in the languages of the word lists
_STREET_WORDS_ANY = frozenset(
    "via viale piazza corso incrocio rue place avenue boulevard carrefour calle plaza avenida paseo cruce rua praca "
    "largo strasse platz gasse allee weg straat plein laan gatan torget gata vej plads gate ulica ulice namesti "
    "negozio tienda magasin boutique loja geschaft winkel butik sklep obchod".split())


#: (red team 74) what a clause opener after them is about when a name follows: the street, square,
#: crossing or shop named after someone ("une place où Gambetta", "a street where Lincoln meets Elm")
_STREET_NAMED = _STREET_WORDS_ANY | frozenset("street square road lane crossing corner shop store plac ter namesti "
                                               "metro station stazione gare estacion estacao incrocio".split())


#: (red team 74) languages that write a name's genitive with -s and no apostrophe ("Åkessons", "Merkels")
_GENITIVE_S_LANGS = frozenset("de nl sv da no af".split())


def _baltic_prompt(kb: Knowledge, foreign: frozenset[str], text: str) -> bool:
    """(round 41) A prompt in Lithuanian or Latvian (their little words, or their letters), whose
    nominatives end in -s ("Tėtis", dad; "Rūta"'s genitive "Rūtos"): no genitive -s there."""
    stops = kb.lang_stop or {}
    return foreign is stops.get("lt") or foreign is stops.get("lv") or any(c in _BALTIC_LETTERS for c in text)


def _clause_opened(toks: Sequence[_Tok], i: int, text: str, foreign: bool = True) -> bool:
    """(round 41) ``toks[i]`` comes right after a word that opens a clause (:data:`_CLAUSE_OPENERS`;
    only the English ones unless ``foreign``), or a relative after its preposition
    (:data:`_CLAUSE_PAIRS`), lower case, one space between: where the clause's subject stands."""
    if i < 1:
        return False
    prev = toks[i - 1]
    if prev.cap or prev.upper or not _spaces(_gap(text, prev, toks[i])):
        return False
    if prev.norm in (_CLAUSE_OPENERS if foreign else _CLAUSE_OPENERS_EN):
        return True
    return i >= 2 and (toks[i - 2].norm, prev.norm) in _CLAUSE_PAIRS and not toks[i - 2].cap \
        and _spaces(_gap(text, toks[i - 2], prev)) and (foreign or toks[i - 2].norm == "in")


def _spaces(gap: str) -> bool:
    """(red team 74) One space or more, and nothing else (a double space hides nothing)."""
    return bool(gap) and not gap.strip(" ")


def _latin_words(kb: Knowledge, foreign: frozenset[str]) -> frozenset[str]:
    """(round 28) The common words of the language whose little words ``foreign`` is (what
    :func:`_language` returned): words of wordfreq's commonest that simplemma's dictionary of that
    language lists ("blanco", "rynek", "główny"; not "macron", "babiš", "kopernik", which news text
    makes common too). Empty for English, an unknown language and :data:`_OTHER_LATIN`."""
    if not foreign or foreign is _OTHER_LATIN:
        return frozenset()
    code = next((c for c, stop in (kb.lang_stop or {}).items() if stop is foreign), None)
    return _latin_word_lists().get(code, frozenset()) if code else frozenset()


#: (round 48, red team s62) how famous (:func:`consent._native_sound._fame`) a person must be for the
#: last name alone, in Cyrillic or Greek, to name them at a prompt's start: Bubka 42, Tymoshenko 38,
#: Theodorakis 40 (not Zhukovsky 33, the town; Lesya Ukrainka 31; "Stiles" 33, "Chalkias" 29)
_NATIVE_SURNAME_FAME = 35
#: (session 63) the floor for a famous last name alone at an English prompt's start
#: (``NameMatcher._english_surname_first``): above the contemporary list's 40 (its people of
#: family-name-first countries end in a given name, "Hirai Momo", "Yamada Ryosuke"), so Pantheon's
_ENGLISH_SURNAME_FAME = 41
#: (session 63) English prepositions of where one is seen, after a famous last name that starts a
#: prompt ("Pamuk at a café", "Nurmi on the track")
#: (session 64) -ing words that are no action of a person's ("morning", "evening", "building",
#: "ceiling", "painting", "king"): a place or thing before them is seen, not acting
_NOT_ACTING_ING = frozenset("morning evening building ceiling painting drawing king ring sing thing spring string wing "
                            "sibling darling pudding shilling sterling viking lining awning icing dumpling clothing "
                            "lighting setting landing bedding wedding offering opening ending beginning "
                            "during nothing something anything everything".split())


#: (session 64) what a person does and a place does not, in -ing (after a famous last name that
#: is also a place: ``_english_surname_first``)
_HUMAN_ING = frozenset("holding sitting leading giving flashing collecting writing reading smiling waving speaking "
                       "talking playing singing dancing walking running riding eating drinking wearing posing looking "
                       "signing shaking pointing laughing crying kneeling praying fighting commanding addressing "
                       "delivering receiving studying teaching inventing discovering experimenting observing "
                       "saluting marching kissing hugging smoking lecturing preaching conducting composing sketching "
                       "sculpting examining measuring planting inspecting greeting shouting whispering frowning "
                       "thinking dreaming sleeping resting swimming climbing sailing rowing".split())


def _acting_ing(word: str) -> bool:
    """(session 64) Whether ``word`` reads as an action in -ing ("sitting", "holding", "leading")."""
    return len(word) >= 6 and word.endswith("ing") and word not in _NOT_ACTING_ING


_EN_SEEN_PREPS = frozenset("at in on inside outside near beside behind during under among aboard atop beneath "
                           "onstage backstage amid amidst over across with".split())
#: (session 63) after such a preposition, what says when or in what weather a place is seen
#: ("Lugano in autumn", "Lugano at night", "Bergamo under snow"), and the words read past before it
_EN_WHEN = frozenset("night nighttime dawn dusk sunset sunrise twilight daybreak nightfall midnight noon midday morning "
                     "evening afternoon autumn fall winter spring summer springtime wintertime summertime snow rain "
                     "fog mist haze snowfall rainfall bloom blossom moonlight sunlight daylight starlight storm "
                     "thunderstorm christmas easter carnival night-time golden hour orbit".split())
_EN_WHEN_SKIP = frozenset("the a an early late deep high mid full heavy light first last this one".split())
_LAST_FAME: dict[int, dict[str, int]] = {}


def _last_fame(kb: Knowledge) -> dict[str, int]:
    """(round 48) A last name of the tables -> the fame of the most famous person of that name."""
    got = _LAST_FAME.get(id(kb))
    if got is None:
        got = {}
        for k, f in _fame(kb).items():
            if f > got.get(k[-1], -1):
                got[k[-1]] = f
        _LAST_FAME[id(kb)] = got
    return got


_FIRST_WORDS: dict[int, frozenset[str]] = {}
_AFTER_PARTICLE: dict[int, frozenset[str]] = {}
#: (session 63) particles before a last name that is often a place's name ("Thérèse de Lisieux",
#: "Pico della Mirandola", "Joseph von Fraunhofer"): not "al" (Al Pacino), "ben", "bin", "ibn", nor Spanish
#: "y", which joins two surnames ("Ramón y Cajal")
_PLACE_PARTICLES = frozenset("de da di della del dei degli von van of du des le la zu dos das do der den ter ten".split())


def _particle_only_lasts(kb: Knowledge) -> frozenset[str]:
    """(session 63, red team s63c) Last names the tables hold only after a particle (every name that
    ends in them has one before): the person is named with it ("de Gaulle", "van Persie"), and the
    word alone is often a place ("Lisieux on market day", "Mirandola", "Fraunhofer in Munich")."""
    got = _AFTER_PARTICLE.get(id(kb))
    if got is None:
        every: dict[str, bool] = {}
        for k in kb.people:
            if len(k) >= 2:
                every[k[-1]] = every.get(k[-1], True) and k[-2] in _PLACE_PARTICLES
        got = _AFTER_PARTICLE[id(kb)] = frozenset(w for w, only in every.items() if only)
    return got


def _first_words_of_people(kb: Knowledge) -> frozenset[str]:
    """(session 63) The first words of the tables' names of two words or more: given names, and
    family names of countries that write them first."""
    got = _FIRST_WORDS.get(id(kb))
    if got is None:
        got = _FIRST_WORDS[id(kb)] = frozenset(k[0] for k in kb.people if len(k) >= 2)
    return got


def _any_latin_word(w: str) -> bool:
    """(round 28) ``w`` is a common word of one of the languages of :func:`_latin_words`."""
    return any(w in ws for ws in _latin_word_lists().values())


#: (round 30) languages of the little-word lists with no list of common words, and a letter each
#: writes often that few others do
_UNLISTED_MARKS = (("sq", "ë"), ("et", "õ"))
#: (round 32) how a verb of the third person (present or past) ends, in languages whose verbs the
#: word lists often lack (folded: "sõidab" -> "soidab"): Dutch, German and Afrikaans -t, -te, -de;
#: the Nordic languages' -r, -te, -de; Estonian -b; Finnish a long vowel or -i; Romanian -ează, -ește
_VERB_ENDS = {"nl": ("t", "te", "de"), "de": ("t", "te"), "af": ("t",), "da": ("r", "te", "de"),
              "no": ("r", "te", "de"), "sv": ("r", "te", "de"), "et": ("b",),
              "fi": ("aa", "ee", "ii", "oo", "uu", "yy", "i"), "ro": ("eaza", "este")}
#: ... and how it starts in Tagalog (nag-, naka-, -um- ...) and Malay and Indonesian (ber-, me-, di-, ter-)
_MALAY_VERB = re.compile(r"(?:ber|be|me|di|ter)[a-z]{3,}")
_VERB_STARTS = {"tl": re.compile(r"(?:nag|mag|naka|maka|nang|mang|pina|na|ma)[a-z]{3,}|[a-z](?:um|in)[a-z]{3,}"),
                "ms": _MALAY_VERB, "id": _MALAY_VERB}

#: ... where the prompt's little words say no one language (its accented words say it is none of
#: English): the shapes of any of them but Finnish's (a word in -i is too often a noun elsewhere)
_VERB_ANY = frozenset(("nl", "de", "af", "da", "no", "sv", "et", "ro", "tl", "ms"))


def _verb_shaped(w: str, langs: "set[str]") -> bool:
    """(round 32) ``w`` (folded) has the shape of a verb of the third person in one of ``langs``
    (:data:`_VERB_ENDS`, :data:`_VERB_STARTS`): "dribbelt", "soidab", "nakaupo", "bersalaman";
    not "kirik" (a church, Estonian), "kenarda"."""
    return any(w.endswith(_VERB_ENDS.get(lang, ())) for lang in langs) \
        or any(lang in _VERB_STARTS and _VERB_STARTS[lang].fullmatch(w) for lang in langs)


#: (round 32) feminine articles, alone or joined to a preposition, of the languages whose press
#: puts one before a famous woman's surname ("la Loren", "della Bellucci", "na Rosalía"), and
#: those languages (:meth:`NameMatcher._article_surname`)
_FEMININE_ARTICLES = frozenset(("la", "della", "alla", "dalla", "nella", "sulla", "colla", "pella", "na"))
_ARTICLE_SURNAME_LANGS = frozenset(("it", "es", "ca", "fr"))


def _prompt_langs(kb: Knowledge, toks: Sequence[_Tok], skip: Sequence[_Tok],
                  words: frozenset[str]) -> tuple[set[str], int]:
    """(round 29) The languages a prompt may be in, the words ``skip`` aside (those being read):
    those most of its little words are of (ties kept: Danish, Norwegian and Swedish share many),
    and that of ``words`` (:func:`_prompt_words`); and how many little words the first have."""
    langs_of = kb.stop_langs or {}
    hits: dict[str, int] = {}
    for w in toks:
        if not any(w is x for x in skip):
            for lang in langs_of.get(w.norm, ()):
                hits[lang] = hits.get(lang, 0) + 1
    most = max(hits.values(), default=0)
    langs = {lang for lang, n in hits.items() if n == most}
    langs.update(lang for lang, ws in _latin_word_lists().items() if ws is words)
    return langs, most


def _word_of(w: str, langs: set[str]) -> bool:
    """(round 29) ``w`` is a common word (:func:`_latin_words`) of one of ``langs``."""
    lists = _latin_word_lists()
    return any(w in lists[lang] for lang in langs if lang in lists)


def _prompt_words(kb: Knowledge, toks: Sequence[_Tok], foreign: frozenset[str]) -> frozenset[str]:
    """(round 28) The common words (:func:`_latin_words`) of the language a prompt is in: that of
    its little words (``foreign``, :func:`_language`) where there is a list for it; else the
    language most of its words of three letters or more are words of, at least two of them. In a
    prompt whose little words said no language ("Rynek Główny w Krakowie zimą": Polish's little
    words here are of one letter), also half of them, and more than are English words. Else empty."""
    words = _latin_words(kb, foreign)
    if words:
        return words
    words = [t.norm for t in toks if t.script == "latin" and len(t.norm) >= 3 and t.norm.isalpha()
             and t.norm not in _STOP]
    if len(words) < 2:
        return frozenset()
    best, hits = frozenset(), 0
    for ws in _latin_word_lists().values():
        h = sum(1 for w in words if w in ws)
        if h > hits:
            best, hits = ws, h
    if hits < 2:
        return frozenset()
    if foreign:  # another language, which its little words did not name or has no list ("br")
        return best
    return best if 2 * hits >= len(words) and hits > sum(1 for w in words if kb.is_word(w)) else frozenset()


#: (red team 45) Chinese syllables written in pinyin without tones (initials and finals; a few
#: pairs no syllable has are let through): words of them end in -ian/-yan ("shenxian",
#: immortal; "chuntian", spring), as Armenian surnames do
_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z",
                    "c", "s", "y", "w", "")
_PINYIN_FINALS = frozenset("a o e i u v ai ei ao ou an en ang eng ong er ia ie iao iu ian in iang ing iong ua uo "
                           "uai ui uan un uang ue ve".split())
_PINYIN_SYLLABLES = frozenset(i + f for i in _PINYIN_INITIALS for f in _PINYIN_FINALS if i + f not in ("", "r"))


def _pinyin_word(s: str) -> bool:
    """(red team 45) ``s`` (folded) reads wholly as pinyin syllables and one of them is only
    Chinese: an x-, q- or zh- syllable, or one in -ng, -uo, -ui, -iu or -ao ("shenxian",
    "xianxia", "guofeng"); not an Armenian surname made of syllables pinyin also has
    ("patapoutian", "minasian", "harutunian")."""
    n = len(s)
    best: list[bool | None] = [None] * (n + 1)  # reachable, and with a Chinese-only syllable
    best[0] = False
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            syl = s[i:j]
            if syl in _PINYIN_SYLLABLES:
                mark = bool(best[i]) or syl[:1] in "xq" or syl.startswith("zh") or syl.endswith(
                    ("ng", "uo", "ui", "iu", "ao"))
                if best[j] is None or (mark and not best[j]):
                    best[j] = mark
    return bool(best[n])


def _suffix_words() -> frozenset[str]:
    """(round 24) Common words of 27 languages written in Latin letters (wordfreq) that end as
    surnames do (:data:`_LATIN_SURNAME_ENDS`), folded; read once, on first use (5,400 words)."""
    if not _SUFFIX_WORDS:
        _SUFFIX_WORDS.append(frozenset(_read("latin_suffix_words.txt.gz")))
    return _SUFFIX_WORDS[0]


#: Cyrillic adjective endings: a capitalised adjective at a sentence's start is no given name
#: ("Красивый Ростов", "Старый Оскол")
_CYR_ADJ_ENDS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым", "им",
                 "ую", "юю")
#: the languages whose common words (data/native_common.txt.gz) each cased alphabet writes
_CASED_LANGS = {"cyrl": ("ru", "uk", "bg", "mk"), "grek": ("el",)}


def _cased_alphabet(w: str) -> str | None:
    """"cyrl", "grek" or "armn" when the folded word ``w`` is written wholly in that alphabet."""
    if not w:
        return None
    for name, lo, hi in (("cyrl", "\u0400", "\u04ff"), ("grek", "\u0370", "\u03ff"), ("armn", "\u0530", "\u058f")):
        if all(lo <= c <= hi for c in w if c.isalpha()) and w[0].isalpha():
            return name
    return None


def _surname_end(w: str, abc: str) -> str | None:
    """The surname's ending (``_SURNAME_ENDS``) that the folded word ``w`` of the alphabet ``abc``
    ends in, after a stem of three letters or more; Greek read without accents."""
    if abc == "grek":
        w = _plain_greek(w)
    return next((e for e in _SURNAME_ENDS.get(abc, ()) if w.endswith(e) and len(w) - len(e) >= 3), None)


#: (red team 44) the surnames' endings that no common noun of those languages takes (unlike "-ов",
#: "-ин", a genitive plural's, or "-ский", an adjective's)
_SURE_SURNAME_ENDS = frozenset(("енко", "вич", "вича", "вичу", "вичем", "ић", "ића", "ићу", "дзе", "швили", "чук",
                                "уулу", "кызы", "ұлы", "қызы", "зода", "заде", "πουλοσ", "πουλου", "ιδησ", "ιδου",
                                "ογλου"))
#: (red team 44) endings of Armenian adjectives, which a name does not take ("ամառային", summer's;
#: "հայկական", Armenian)
_ARMN_ADJ_ENDS = ("ային", "ական", "ավոր")


def _case_forms(native: str, abc: str) -> list[str]:
    """(round 24) A folded word of a cased alphabet and, in Cyrillic, its stems before each Slavic
    case ending it may carry (three letters or more left): "ержана" -> "ержана", "ержан", ..."""
    forms = [native]
    if abc == "cyrl":
        forms += [native[:-len(e)] for e in _SLAVIC_ENDINGS if native.endswith(e) and len(native) - len(e) >= 3]
    return forms


def _plain_greek(w: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c)).replace("ς", "σ")


_NATIVE_STOP = frozenset(
    "на в во с со и у к о об от до по за из под над при для без не а но или это как что "
    "та те ти та і й з із від для під над без або "
    "στη στην στο στον στα το τα η ο οι και με σε από για του της των ένα μια ένας στις στους "
    "एक और का की के को में से है पर यह वह था थी हुए हुआ "  # Hindi
    "في على من إلى عن مع و هو هي هذا هذه "  # Arabic
    "על של עם את זה זו הוא היא".split())  # Hebrew
_WRITING_BEFORE = frozenset("says say saying reads reading birthday spelled spelling lettering text caption "
                            "inscribed engraved monogram monogrammed".split())
_WRITING_AFTER = frozenset("written printed engraved embroidered spelled painted stitched lettering".split())
#: First names at least this common in the US census name nobody in particular when alone.
_GENERIC_FIRST_RANK = 1000
#: (round 12) the commonest US surnames by census rank ("smith", "johnson", "williams"): a family named by one
_COMMONEST_SURNAMES = 10
_KIN = frozenset("grandpa grandma granny grandad granddad nana nanna papa mama mom mum dad daddy mommy mummy uncle "
                 "aunt auntie aunty cousin sis bro baby little".split())
_ARTICLES = frozenset("the a an this that these those my your his her our their its".split())
#: (round 30) "son of", "daughter of" in Malay and Arabic names, in lower case
_PATRONYMIC_WORDS = frozenset(("bin", "binti", "bte", "binte", "ibni"))
_PARTICLES = frozenset("van von de der den la le da di del du bin al".split())
#: (round 37) the words a surname's particle chain may go on with after its first particle: "van
#: der Berg", "de la Cruz", "de los Santos", "van den Bosch"; and first particles of Portuguese,
#: Italian, French and Dutch surnames that are also little words elsewhere ("dos Santos", "das
#: Dores", "do Carmo", "della Valle", "des Roches", "ter Horst"), taken only as
#: :meth:`NameMatcher._particle_end` takes them: after a given name, before a surname written as
#: the name is
_CHAIN_PARTICLES = frozenset("der den de la las los le del des het".split())
_MORE_PARTICLES = frozenset("dos das do della delle degli dei des ten ter dela delos dal dalla zur "
                            "zu af".split())  # (round 42) "Maximilian zu Hohenberg", "Anna af Klercker"
#: every particle a name may hold (built once: the checks below run per token of a prompt)
_ANY_PARTICLE = _PARTICLES | _MORE_PARTICLES
#: (round 37) a holy figure's title before a particle and a place: "Virgen de Guadalupe", "Nossa
#: Senhora da Conceição", "Vergine delle Rocce", "Cristo de la Concordia"
_HOLY_TITLES = frozenset("virgen virgem vergine vierge nuestra nossa notre cristo christ senhora senora "
                         "madonna santa santo san sao saint sainte sankt sint sta sto jesus nino menino".split())
#: (red team 62) given names that are words of Spanish, Portuguese, Italian or French too, often the
#: first word of a place's, a devotion's, a title's or a product's name ("Rosa de los Vientos", "Flor
#: de Lis", "Joie de Vivre", "Esperanza de Triana", "Alba de Tormes"): after one, only a surname of
#: the tables that is no common word of a language and no place makes a name
_WORD_NAMES = frozenset(
    "rosa rose flor fleur joie gioia estrella stella estela paloma luz alma gloria aurora perla margarita "
    "jasmin jazmin azahar esperanza rocio pastora marina oliva alba lourdes trinidad consuelo dolores soledad "
    "amparo pilar mercedes rosario remedios asuncion concepcion angeles cielo mar sol paz luna victoria "
    "gracia fe caridad milagros socorro nieves candelaria belen reyes cruz fatima aurore brisa celeste "
    "primavera violeta iris azucena".split())
#: (red team 62) the kinds of thing whose name's first word, when a given name too, starts a place's
#: name before a particle ("Santiago de Compostela", "Helena de ...")
_PLACE_KINDS = frozenset(("place", "other", "landmark", "organisation"))
#: (red team 62) a time after a particle: a title, "Roma di Notte", "Siena di Notte", "Paris de Nuit"
_TIMES_OF_DAY = frozenset("notte sera mattina noche tarde manana madrugada nuit soir matin nacht abend morgen "
                          "nacht avond ochtend noite manha".split())
#: (red team 62) a point of the compass after a particle names a region: "Carolina del Nord",
#: "América do Sul", "Asia del Este", "Géorgie du Sud"
_COMPASS = frozenset("nord sud sur sul norte este est ouest oeste ovest west ost noord zuid oost norra sodra "
                     "nordeste sudeste noroeste sudoeste levante poniente oriente occidente".split())
_GAP_OK = set(" \t.-_*~·•/+=\u00a0\u3000・")
_QUOTES = "\"'“”‘’«»„`"
#: Numbers with a unit or an ordinal ending are not letters written as digits: "44th", "35mm", "1920s", "8k"
_SHOT_CODE = re.compile(r"\d{1,3}[A-Za-z]")
#: Common locale codes ("fr-FR"): read as no name (round 11; listed since adversary 21's "ne-YO").
_LOCALES = frozenset(
    "en-us en-gb en-au en-ca en-in fr-fr fr-ca fr-be de-de de-at de-ch es-es es-mx es-ar pt-br pt-pt it-it "
    "nl-nl nl-be sv-se da-dk nb-no fi-fi pl-pl cs-cz ru-ru uk-ua tr-tr el-gr he-il ar-sa hi-in ja-jp ko-kr "
    "zh-cn zh-tw zh-hk th-th vi-vn id-id ms-my".split())
_MEASURE = re.compile(r"\d+[a-z]{1,3}")
_LATINISH_MAX = 0x530  # Latin, IPA, Greek and Cyrillic code points: read through transliteration
_ID = attrgetter("id")
_DISPLAY_FAST = attrgetter("display_name")
_ALIASES_FAST = attrgetter("aliases")


def _DISPLAY(s: Any) -> Any:
    return getattr(s, "display_name", None)


def _ALIASES(s: Any) -> Any:
    return getattr(s, "aliases", None)


def preload() -> None:
    """Load the name knowledge now (about a second) instead of on the first scan, and the
    indexes round 8 derives from it (own-script spellings, famous one-word names by typo)."""
    kb = knowledge()
    _known_native(kb, "")
    _known_han_reading(kb, "")
    _famous_single_typo(kb, "preload")
    _breed_heads(kb)
    _people_pairs(kb)  # (red team 36) famous first names, for the middle-name reading
    _latin_word_lists()  # (round 28) the common words of 24 languages (about 0.13 s, 21 MB)


#: Characters that _visible drops or reads otherwise (controls, format characters, marks).
_HIDDEN = regex.compile(r"[\p{Cc}\p{Cf}\p{M}]").search


#: Letters written with bars and slashes in leetspeak; replaced by the letter and as many
#: zero-width spaces as the glyph had extra characters, so positions in the prompt still line up
_BAR_LETTER = {"|_|": "u", "|\\/|": "m", "|-|": "h", "|\\|": "n", "|<": "k"}
_BAR_LETTERS = re.compile("|".join(re.escape(k) for k in sorted(_BAR_LETTER, key=len, reverse=True)))


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


#: (red team 63) HTML character references, decoded as a browser and CLIP's text clean-up do
#: ("&#79;bama", "&#x54;aylor Swift", "Mess&iacute;")
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: (red team 63) prompt syntax of Stable Diffusion front ends that wraps words and reaches the text
#: encoder without its marks: a weight "(Swift:1.2)", "[Watson::0.9]", an edit "[Obama:Trump:0.5]",
#: emphasis "((Trump))", "{Taylor}", a Midjourney weight "Donald::Trump", "Obama::2"
_WEIGHT = re.compile(r"::\s*-?(?:\d+(?:\.\d*)?|\.\d+)?|:\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*(?=[)\]>])")
_HTML_TAG = re.compile(r"</?(?:b|i|u|s|em|strong|span|font|mark|small|big|sup|sub|code|del|ins)(?:\s[^<>]{0,80})?>",
                       re.IGNORECASE)
_NAI_WEIGHT = re.compile(r"(-?\d+(?:\.\d+)?::)([^:\n]{1,200}?)::")
_SPACES = frozenset("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
#: (red team 64) famous people known by their initials, read as the person in styled letters
_STYLED_ACRONYMS = frozenset("aoc jfk mlk rbg fdr lbj jlo kobe".split())
#: (red team 63) small capital letters, which no normal form maps: "ʀᴇᴅ ʙᴀʀɴ", "ᴏʙᴀᴍᴀ"
_SMALL_CAPS = dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz"))


#: ISO 3166-1 alpha-2 codes: pairs of regional indicator letters that are a flag
_FLAG_CODES = frozenset(
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET EU FI FJ FK FM FO "
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM "
    "JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE "
    "RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT "
    "TV TW TZ UA UG UM UN US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW".split())


def _not_flags(run: str) -> bool:
    """(red team 64) A run of regional indicator letters that is no row of flags: an odd length, or
    a pair that is no country's ("🇴🇧🇦🇲🇦"; not "🇲🇺🇬🇦🇧🇪", three flags)."""
    letters = "".join(chr(ord(c) - 0x1F1E6 + 65) for c in run)
    return len(letters) % 2 == 1 or any(letters[k:k + 2] not in _FLAG_CODES for k in range(0, len(letters), 2))


def _letter_of(c: str) -> str | None:
    """(red team 63) The Latin letter or digit a styled character stands for, or None: mathematical
    alphanumerics ("𝐎𝐛𝐚𝐦𝐚"), circled, parenthesized and squared letters ("Ⓞⓑⓐⓜⓐ", "⒪⒝⒜⒨⒜",
    "🄾🄱🄰🄼🄰", "🅾🅱🅰🅼🅰", "🅞🅑🅐🅜🅐"), regional indicators ("🇴🇧🇦🇲🇦"), modifier and small capital
    letters ("ᵒᵇᵃᵐᵃ", "ᴏʙᴀᴍᴀ"). Full-width letters are read where they are (not here)."""
    o = ord(c)
    if o < 0x2000 and c not in _SMALL_CAPS and unicodedata.category(c) != "Lm":
        return None
    if 0x1F130 <= o <= 0x1F149:
        return chr(ord("A") + o - 0x1F130)
    if 0x1F150 <= o <= 0x1F169:
        return chr(ord("A") + o - 0x1F150)
    if 0x1F170 <= o <= 0x1F189:
        return chr(ord("A") + o - 0x1F170)
    if 0x1F1E6 <= o <= 0x1F1FF:
        return None  # (read in runs by _visible: a pair is a flag)
    if 0x249C <= o <= 0x24B5:
        return chr(ord("a") + o - 0x249C)
    if c in _SMALL_CAPS:
        return _SMALL_CAPS[c]
    if 0xFF00 <= o <= 0xFFEF:
        return None
    k = unicodedata.normalize("NFKC", c)
    return k if len(k) == 1 and k.isascii() and k.isalnum() else None


def _prompt_syntax(text: str) -> str:
    """(red team 63) ``text`` with the marks of front ends' prompt syntax (weights, edits,
    emphasis brackets, Midjourney's "::") turned into spaces, one for one, so that a name split by
    them reads as one: "Taylor (Swift:1.2)", "Emma [Watson::0.9]", "(Emma:1.2)(Watson:1.2)",
    "photo of ((Trump))", "Donald::Trump". Parentheses without a weight stay (an aside: "Anna (5)")
    unless doubled; the bars of a choice stay ("{Obama|a man}")."""
    if not any(c in text for c in "()[]{}:"):
        return text
    chars = list(text)
    for m in _NAI_WEIGHT.finditer(text):
        # NovelAI's "1.5::Taylor::" weighs the words between: the marks go, the words stay in place
        for a, b in ((m.start(), m.start(2)), (m.end(2), m.end())):
            for k in range(a, b):
                chars[k] = " "
    text = "".join(chars)
    for m in _WEIGHT.finditer(text):
        before = text[:m.start()].rstrip()
        if not before or not (before[-1].isalpha() or before[-1] in ")]>\"'"):
            continue  # a ratio or a time, no weight: "(16:9)", "[0:05]"
        for k in range(m.start(), m.end()):
            chars[k] = " "
        if m.group().startswith("::") and not (m.end() < len(text) and text[m.end()] == "]"):
            chars[m.start()] = ","  # Midjourney's "A::1 B::1" weighs two prompts apart: no pair across
    out = "".join(chars)
    # a weighted group's brackets, emphasis brackets doubled, and every square and curly bracket
    chars = list(out)
    stack: list[int] = []
    for k, c in enumerate(out):
        if c == "(":
            stack.append(k)
        elif c == ")" and stack:
            a = stack.pop()
            inner = text[a + 1:k]
            if (_WEIGHT.search(inner + ")") and any(ch.isalpha() for ch in inner)) or (a > 0 and out[a - 1] == "(") or (k + 1 < len(out) and out[k + 1] == ")") \
                    or (a + 1 < len(out) and out[a + 1] == "(") or (k > 0 and out[k - 1] == ")"):
                chars[a] = chars[k] = " "
        elif c in "{}":
            chars[k] = " "
    for m in re.finditer(r"\[\[|\]\]|\[[^\[\]\n]{0,200}[:|][^\[\]\n]{0,200}\]", text):
        # square brackets of prompt syntax (an edit, a weight, a choice, doubled), not an aside
        # ("MACRON [40s]", "Ariana [fictional]")
        for k in range(m.start(), m.end()):
            if out[k] in "[]":
                chars[k] = " "
    # a bar inside curly or square brackets separates choices ("{Paris|London|Tokyo}", "[Obama|Trump]"):
    # read as a comma, so that no two choices make one name
    for m in re.finditer(r"[\[{][^\[\]{}\n]{0,300}[\]}]", text):
        for k in range(m.start(), m.end()):
            if text[k] == "|":
                chars[k] = ","
    # an edit's colons inside square brackets: "[Obama:Trump:0.5]" draws Obama, then Trump: two
    # prompts, read as a list ("Obama, Trump")
    for m in re.finditer(r"\[[^\[\]\n]{0,200}\]", text):
        for k in range(m.start(), m.end()):
            if text[k] == ":" and chars[k] == ":":
                chars[k] = ","
    return "".join(chars)


def _visible(text: str) -> tuple[str, list[int]]:
    """``text`` as a reader sees it, and where each of its characters came from.

    Control characters (DEL, backspace, ...) and invisible format characters (zero-width
    space/joiners, word joiner, soft hyphen, bidi controls) are dropped, so "Tay\u200dlor"
    reads as one word; tabs and line breaks read as spaces. Combining marks are dropped after
    Latin, Greek and Cyrillic letters ("Ta\u0301ylor"), and kept after other scripts, whose
    vowel signs are part of the word. ``origin[i]`` is the index in ``text`` of visible
    character ``i``; ``origin[-1]`` is ``len(text)``.
    """
    if "|" in text:  # letters drawn with bars ("7r|_|mp", "|\/|essi"): the letter, then invisible padding
        text = _BAR_LETTERS.sub(lambda m: _BAR_LETTER[m.group()] + "\u200b" * (len(m.group()) - 1), text)
    back: list[int] | None = None
    if "&" in text and _CHAR_REF.search(text):
        # (red team 63) a character reference is the character it names, placed where it starts
        import html

        pieces: list[str] = []
        back = []
        pos = 0
        for m in _CHAR_REF.finditer(text):
            pieces.append(text[pos:m.start()])
            back.extend(range(pos, m.start()))
            got = html.unescape(m.group())
            pieces.append(got)
            back.extend([m.start()] * len(got))
            pos = m.end()
        pieces.append(text[pos:])
        back.extend(range(pos, len(text)))
        text = "".join(pieces)
    if any("\U0001F1E6" <= c <= "\U0001F1FF" for c in text):
        # (red team 63) regional indicator letters spelling a word ("🇴🇧🇦🇲🇦"), not flags (pairs:
        # "🇬🇧 king waving"): a run of five or more, or of an odd length
        text = re.sub("[\U0001F1E6-\U0001F1FF]{3,}", lambda m: "".join(chr(ord(c) - 0x1F1E6 + 65) for c in m.group())
                      if _not_flags(m.group()) else m.group(), text)
    tags: set[int] = set()
    if "</" in text or "<b" in text or "<i" in text or "<s" in text:
        # (red team 63) inline HTML tags inside a word are no part of it: "<b>O</b><b>b</b>ama"
        for m in _HTML_TAG.finditer(text):
            tags.update(range(m.start(), m.end()))
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        if i in tags:
            continue
        if c in _SPACES:
            c = " "
        elif ord(c) >= 0x1D00:
            c = _letter_of(c) or c
        cat = unicodedata.category(c)
        if cat == "Cc":
            if c in "\t\n\r\x0b\x0c":
                chars.append(" ")
                origin.append(i)
            continue
        if cat == "Cf":
            continue
        if cat[0] == "M" and (not chars or ord(chars[-1]) < _LATINISH_MAX):
            continue
        chars.append(c)
        origin.append(i)
    origin.append(len(text))
    if back is not None:
        back.append(back[-1] + 1 if back else 0)
        n_raw = len(back) - 1
        origin = [back[o] if o < n_raw else back[-1] for o in origin]
    return "".join(chars), origin


def _unconfuse(raw: str, kb: Knowledge) -> str | None:
    """Look-alike letters of ``raw`` read as Latin ones, or None when the token is all another script."""
    if raw.isascii():
        return raw
    has_latin = any(c.isascii() and c.isalpha() for c in raw)
    out = []
    changed = False
    for c in raw:
        if c.isascii() or not c.isalpha():
            out.append(c)
            continue
        base = _strip_accents(unicodedata.normalize("NFKC", c))
        if base.isascii() and base:
            out.append(base)
            continue
        m = kb.confusables.get(c)
        if m is not None:
            out.append(m)
            changed = True
        elif ord(c) < 0x250 or has_latin:  # a Latin letter without a look-alike (ß, ø): keep for transliteration
            out.append(c)
        else:
            return None  # a letter of another script that looks like no Latin letter
    return "".join(out) if (changed or has_latin) else None


def _norm_token(tok: str) -> str:
    if tok.isascii() and tok.isalpha():
        return tok.lower()
    t = unicodedata.normalize("NFKC", tok)
    if not t.isascii():
        t = _strip_accents(t)
        if not t.isascii():
            t = anyascii(t)
    t = t.casefold()
    t = re.sub(r"['’]s$", "", t)  # possessive
    t = t.replace("'", "").replace("’", "")
    if re.search(r"[a-z]", t) and re.search(r"[0-9@$!|]", t) and not _MEASURE.fullmatch(t):
        t = t.translate(_LEET)
    return "".join(c for c in t if c.isalnum())


_PICTURE_WORDS = frozenset(map(_norm_token, _PICTURE_WORDS))  # as the prompt's words are read ("porträt": "portrat")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Normal form of a name: accents stripped, case folded, digits read as letters, one space."""
    if text.isascii() and text.isprintable():
        return " ".join(t for t in (_norm_token(m.group()) for m in _ASCII_TOKEN.finditer(text)) if t)
    visible = text if not _HIDDEN(text) else _visible(text)[0]  # most names hide nothing
    out = []
    for m in _TOKEN.finditer(visible):
        t = _norm_raw(m.group())
        if t:
            out.append(t)
    return " ".join(out)


#: A name's sound key needs this many consonants in all before two names of different scripts
#: are called one: "Анна Ли" (n, l) would also be "Ian Lowe".
_SOUND_KEY_MIN = 4


def name_sound_key(text: str) -> tuple[tuple[str, ...], bool] | None:
    """How a name sounds whatever its script, for telling an operator that two names are one
    person's ("Сэм Ривера", "Σαμ Ριβέρα", "سام ريفيرا", "Rivera Sam" and "Sam Rivera"): each word's
    consonant skeleton read through transliteration (b, f, p and v one sound: scripts without
    one of them write it with another), in sorted order (name order differs between countries),
    and whether the name is written in another script than Latin (two Latin spellings are
    compared letter by letter, not by sound: "Sem Rover" is not "Sam Rivera"). None when the
    name has too few consonants to tell (``_SOUND_KEY_MIN``)."""
    text = unicodedata.normalize("NFKC", text)
    other = any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in text)
    words = []
    for m in _TOKEN.finditer(text):
        w = anyascii(m.group()).lower() if not m.group().isascii() else m.group().lower()
        k = _skeleton(re.sub(r"m(?=[tdkgcjsz])", "n", w)).replace("p", "b")
        if k:
            words.append(k)
    if sum(map(len, words)) < _SOUND_KEY_MIN:
        return None
    return tuple(sorted(words)), other


@lru_cache(maxsize=262144)
def _norm_raw(raw: str) -> str:
    """One word of a name in normal form (cached: names share their words)."""
    if not raw.isascii():
        raw = _unconfuse(raw, knowledge()) or raw
    return _norm_token(raw)


def _script(raw: str) -> str:
    """"latin", "latinish" (Greek, Cyrillic: read through transliteration) or "other"."""
    other = latinish = False
    for c in raw:
        if not c.isalpha():
            continue
        o = ord(c)
        if o < 0x250 or 0x1E00 <= o < 0x1F00 or 0xFF00 <= o < 0xFF60:
            continue
        if o < _LATINISH_MAX or 0x1F00 <= o < 0x2000:
            latinish = True
        else:
            other = True
    return "other" if other else "latinish" if latinish else "latin"


@dataclass(frozen=True)
class _Tok:
    norm: str
    alt: str  # the "1 → l" reading, equal to norm when there is none
    start: int
    end: int
    cap: bool  # first letter upper case, rest not all upper (Title case)
    possessive: bool  # ends in 's ("Year's")
    initial: bool  # one letter followed by "." or upper case single letter
    sentence_start: bool
    vstart: int = 0  # start and end in the visible text (gaps between words are measured there)
    vend: int = 0
    placeholder: bool = False  # an adapter token such as "<sks>": matched against registered names only
    script: str = "latin"
    native: str = ""  # case-folded original spelling when not Latin ("владимир")
    forms: tuple[str, ...] = ()  # other readings: look-alikes as Latin, transliteration
    joined: bool = False  # a piece of a run-together word or of spelled-out letters
    upper: bool = False  # all upper case
    spelled: bool = False  # a word joined from letters spaced or dotted out ("K y l i e")


#: (round 25) French, Italian and Catalan little words elided before a word that starts with a
#: vowel, written in lower case ("une photo d'Emmanuel Macron", "le sourire d'Obama", "ritratto
#: dell'Obama"): the word after the apostrophe is read alone. A capital before the apostrophe is
#: part of a name and kept ("D'Angelo", "O'Brien", "N'Golo Kanté", "L'Oréal").
_ELISION = regex.compile(r"(?:d|l|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|dell|all|nell|sull|dall|coll|un)['’](?=\p{L}\p{L})")


#: (red team 56) a space or separator written as a URL escape ("taylor%20swift"), and the "@" of an
#: e-mail address ("taylor.swift@example.com"): read as spaces. The same length, so every span read
#: stays where it is in the prompt.
_URL_SEPARATOR = re.compile(r"%(?:20|09|0[aAdD]|2[bBcCeE]|5[fF])")
_EMAIL_AT = re.compile(r"(?<=[^\W_])@(?=[^\W_][\w-]*(?:\.[\w-]+)*\.[A-Za-z]{2,}\b)")


def _url_spaces(prompt: str) -> str:
    if "%" in prompt:
        prompt = _URL_SEPARATOR.sub("   ", prompt)
    if "@" in prompt:
        prompt = _EMAIL_AT.sub(" ", prompt)
    return prompt


def _tokens(prompt: str) -> tuple[list[_Tok], str, list[int]]:
    """Tokens of the visible text (see :func:`_visible`), with spans in ``prompt``."""
    text, origin = _visible(prompt)
    kb = None if prompt.isascii() else knowledge()
    out: list[_Tok] = []
    n_upper = sum(map(str.isupper, text))
    shouting = n_upper > 8 and n_upper > 4 * sum(map(str.islower, text))  # "PHOTO OF A MARTIN GUITAR"
    serbian: bool | None = None  # (round 48) a letter only Serbian or Macedonian Cyrillic writes
    for m in _split_glued(_split_pipes(_split_scripts(_TOKEN.finditer(text)))):
        raw = m.group()
        el = _ELISION.match(raw)
        if el:  # (round 25) "d'Emmanuel" is "Emmanuel" after "de": the elided little word is dropped
            m = _Part(text, m.start() + el.end(), m.end())
            raw = m.group()
        if raw[0] == "@" and len(raw) > 2 and raw[1].isalpha():  # a handle: "@natalieportman"
            m = _Part(text, m.start() + 1, m.end())
            raw = m.group()
        script = "latin"
        native = ""
        forms: tuple[str, ...] = ()
        tail = raw[len(raw.rstrip("!$1@")):]
        bang = len(tail) if ("!" in tail or "$" in tail or "@" in tail) else 0
        leet_end = ""
        if bang and sum(c.isalpha() for c in raw[:-bang]) >= 2:
            # (red team 62) exclamation marks after a word end the sentence: "Happy birthday Barack
            # Obama!!!", "Go Messi!!", "Obama!!1" are Obama and Messi, not "obamaiii"; so do dollar
            # signs ("Obama$$$"); the marks read as letters ("Mess!") stay a form of the word
            leet_end = _norm_token(raw)
            m = _Part(text, m.start(), m.end() - bang)
            raw = m.group()
        lead = len(raw) - len(raw.lstrip("!$|"))
        if lead and sum(c.isalpha() for c in raw[lead:]) >= 2:
            # (red team 63) marks before a word: "$Elon Musk", "!Shakira!"; read as letters where
            # that makes a name or a word ("$hakira" is Shakira)
            if not _leet_known(raw):
                leet_end = leet_end or _norm_token(raw)
                m = _Part(text, m.start() + lead, m.end())
                raw = m.group()
        if not raw.isascii():
            kb = kb or knowledge()
            script = _script(raw)
            skeleton = _unconfuse(raw, kb)
            translit = _norm_token(raw)
            if skeleton is not None and script != "latin" and any(c.isascii() and c.isalpha() for c in raw):
                script = "latin"  # mixed-script word: look-alikes hide a Latin word
            if skeleton is not None and skeleton != raw:
                sk = _norm_token(skeleton)
                forms = tuple(f for f in (sk, translit) if f)
                norm = sk if script == "latin" else translit
            else:
                norm = translit
            if script == "latin" and kb.famous_marked:
                # (round 30b) a famous last name written with its marks, whose folded form is a word
                # or a place ("Dalí", "Pärt"), keeps its marks as its key: the person, not the word
                marked = "".join(c for c in unicodedata.normalize("NFC", re.sub(r"['’][sS]$", "", raw)).casefold()
                                 if c.isalpha())
                if marked in kb.famous_marked:
                    norm = marked
                if "đ" in raw or "Đ" in raw:
                    # (session 63) Serbian, Croatian and Bosnian "đ" is "dj" in the Latin spelling the
                    # tables and the world's press use ("Đoković" is Djokovic; the plain fold gives
                    # "dokovic"); Vietnamese "đ" folds to "d" as before, so only a famous name is added
                    dj = _norm_token(raw.replace("đ", "dj").replace("Đ", "Dj"))
                    if dj and dj != norm and dj not in forms and (dj in kb.people_single or dj in kb.famous_last):
                        forms = (*forms, dj)
            if script != "latin":
                native = unicodedata.normalize("NFC", raw).casefold()
                greek = _greek_forms(raw, kb) if script == "latinish" else ()
                if greek:  # (round 26) "Μπραντ" is also read "brad"
                    forms = (*forms, *(g for g in greek if g != norm and g not in forms))
                if script == "latinish" and serbian is None:
                    serbian = any(c in _SERBIAN_ONLY for c in text.casefold())
                if script == "latinish" and serbian:
                    # (round 48, red team s62) in a prompt with a letter only Serbian or Macedonian
                    # Cyrillic writes, a word is also read in Serbian's Latin letters, when that is a
                    # famous name: "Вучић" is Vučić ("vucic"), not only "vuchich"
                    sr = _norm_token(raw.casefold().translate(_SERBIAN_LATIN))
                    if sr and sr != norm and sr not in forms and (sr in kb.people_single or sr in kb.famous_last):
                        forms = (*forms, sr)
        else:
            norm = _norm_token(raw)
        if not norm:
            continue
        if leet_end and leet_end != norm and leet_end not in forms:
            forms = (*forms, leet_end)
        if "oe" in norm and len(norm) >= 6:
            # (round 27) Indonesian names in the Dutch-era spelling, oe for u ("Soekarno", "Soeharto"):
            # also read as written now, when that is a famous one-word or last name
            kb = kb or knowledge()
            now = norm.replace("oe", "u")
            if (now in kb.people_single or now in kb.famous_last) and now not in forms:
                forms = (*forms, now)
        alt = norm
        if ("1" in raw or "|" in raw) and re.search(r"[A-Za-z]", raw):
            alt = _norm_token(raw.replace("1", "l").replace("|", "l"))
        letters = [c for c in raw if c.isalpha()]
        upper = len(letters) > 1 and all(c.isupper() for c in letters)
        cap = bool(letters) and letters[0].isupper() and not upper
        end = m.end()
        dotted = end < len(text) and text[end] == "."
        initial = len(letters) == 1 and len(raw) == 1 and (dotted or (raw.isupper() and not shouting
                                                                      and raw not in ("A", "I")))
        b = m.start() - 1
        while b >= 0 and text[b].isspace():
            b -= 1
        sentence_start = b < 0 or text[b] in ".!?:;\n\"(“"
        possessive = bool(re.search(r"['’][sS]$", raw))
        placeholder = m.start() > 0 and text[m.start() - 1] == "<" and end < len(text) and text[end] == ">"
        out.append(_Tok(norm, alt, origin[m.start()], origin[end - 1] + 1, cap or (initial and raw.isupper()),
                        possessive, initial, sentence_start, m.start(), end, placeholder, script, native,
                        forms, False, upper))
    return out, text, origin


class _Part:
    """A piece of a regex match (the same ``group``/``start``/``end`` interface)."""

    __slots__ = ("_s", "_a", "_b")

    def __init__(self, s: str, a: int, b: int):
        self._s, self._a, self._b = s, a, b

    def group(self) -> str:
        return self._s[self._a:self._b]

    @property
    def string(self) -> str:  # (as a match's: the text it is a piece of)
        return self._s

    def start(self) -> int:
        return self._a

    def end(self) -> int:
        return self._b


@lru_cache(maxsize=4096)
def _cyrillic_or_greek(c: str) -> bool:
    name = unicodedata.name(c, "")
    return name.startswith("CYRILLIC") or name.startswith("GREEK")


def _split_scripts(matches: Iterable[Any]) -> Iterable[Any]:
    """Words that run a Latin word into another script ("Trump特朗普") as two words, so that
    each is read by its own rules (look-alike letters inside a Latin word are not split)."""
    for m in matches:
        raw = m.group()
        if raw.isascii():
            yield m
            continue
        camel = [i for i in range(1, len(raw)) if raw[i].isupper() and raw[i - 1].islower()
                 and _cyrillic_or_greek(raw[i]) and _cyrillic_or_greek(raw[i - 1])]
        if camel:
            # (round 9, adversary 10) CamelCase in Cyrillic or Greek parts the words as it does in
            # Latin letters: "ВладимирПутин" is read "Владимир Путин"
            base, a = m.start(), 0
            for i in camel:
                yield _Part(m.string, base + a, base + i)
                a = i
            yield _Part(m.string, base + a, base + len(raw))
            continue
        kinds = [(_char_script(c) is not None) if c.isalpha() else None for c in raw]
        # (round 26: also full-width Latin letters, "ＪＰタワー", JP Tower, read as "ＪＰ" and "タワー")
        if not (True in kinds and any(k is False and (c.isascii() or "\uff21" <= c <= "\uff5a")
                                      for k, c in zip(kinds, raw))):
            yield m
            continue
        base, a = m.start(), 0
        for i in range(1, len(raw)):
            if kinds[i] is not None and kinds[i - 1] is not None and kinds[i] != kinds[i - 1]:
                yield _Part(m.string, base + a, base + i)
                a = i
        yield _Part(m.string, base + a, base + len(raw))


def _table_name(kb: Knowledge, w: str) -> bool:
    """A name the tables hold: a given name, a surname, a famous one-word or last name."""
    return w in kb.given or w in kb.surname or w in kb.people_single or w in kb.famous_last


def _known_word(w: str) -> bool:
    """A word or a name the tables hold (:func:`_table_name`)."""
    kb = knowledge()
    return bool(w) and (_table_name(kb, w) or kb.is_word(w))


#: (red team 63) leetspeak marks glued to the next word, after a space or none ("Emma!Watson",
#: "Taylor $Swift"); not a sentence's end ("Anna! Smith")
_LEET_GAP = re.compile(r" ?[!$@|]{1,3}")
#: (red team 63) a leetspeak mark or digits joining two words of three letters or more
_GLUED = regex.compile(r"(\p{L}{3,})([!$@|0-9]+)(\p{L}{3,})")


def _leet_known(raw: str) -> bool:
    """(red team 64) ``raw`` read as leetspeak in any of its readings (1 and | as i or as l) is a word
    or a name of the tables: "Kar1sson", "Musso1ini", "Put|n", "Mess|" are one word, not two."""
    return any(_known_word(_norm_token(r)) for r in {raw, raw.replace("1", "l").replace("|", "l"),
                                                     raw.replace("|", "i"), raw.replace("1", "i").replace("|", "i")})


def _split_glued(matches: Iterable[Any]) -> Iterable[Any]:
    """(red team 63) Two words joined by leetspeak marks or digits ("Elon$Musk", "Donald1Trump",
    "Keanu@Reeves") as two words, when the whole read as leetspeak is no word or name of the tables
    and one of the two is ("Kar1sson" and "Sw1ft" are read as before)."""
    for m in matches:
        raw = m.group()
        g = _GLUED.fullmatch(raw) if any(c in raw for c in "!$@|0123456789") else None
        if g is None or _leet_known(raw) or not (
                _known_word(_norm_token(g.group(1))) or _known_word(_norm_token(g.group(3)))):
            yield m
            continue
        yield _Part(m.string, m.start(), m.start() + g.end(1))
        yield _Part(m.string, m.start() + g.start(3), m.end())


def _split_pipes(matches: Iterable[Any]) -> Iterable[Any]:
    """(red team 62 leftover) A vertical bar between two words of two letters or more is a
    separator, as prompts for Stable Diffusion write tags ("masterpiece|Messi|stadium",
    "obama|photo"), not the leetspeak l it is inside a word ("E|on", "Ade|e")."""
    for m in matches:
        raw = m.group()
        if "|" not in raw:
            yield m
            continue
        pieces = raw.split("|")
        if not any(sum(c.isalpha() for c in p) >= 2 for p in pieces) or _leet_known(raw):
            # (a leetspeak l that makes a word or a name: "E|on", "Ade|e"; red team 63: otherwise a
            # bar beside a piece of any length is a separator, "{Obama|a man}", "Obama|2024", "|Obama|")
            yield m
            continue
        base, a = m.start(), 0
        for p in pieces:
            if p:
                yield _Part(m.string, base + a, base + a + len(p))
            a += len(p) + 1


_OTHER_LATIN = frozenset({"\0"})  # a prompt in a Latin-script language none of whose little words it has


def _language(toks: Sequence[_Tok], kb: Knowledge, text: str = "") -> frozenset[str]:
    """The little words of the language a prompt is written in when it is not English
    ("Un perro corriendo en la playa": Spanish), or an empty set.

    A language is taken when at least two of the prompt's words are its stop words and they
    outnumber the English function words, or when one is and the prompt has no English
    function word among three words or more. A word written with accents ("à", "gün") is no
    English word, even when it folds to one ("à" is no "a"). A prompt with no such little word
    but two lower-case words or more written with letters English does not use ("marée haute",
    "sıcak hava balonları"), that are no names of the tables, is in another language too
    (:data:`_OTHER_LATIN`: its little words are not known, so none is passed over)."""
    table, langs_of = kb.lang_stop or {}, kb.stop_langs or {}
    accented = set() if text.isascii() else {
        i for i, t in enumerate(toks) if t.script == "latin" and not text[t.vstart:t.vend].isascii()}
    words = [t.norm for i, t in enumerate(toks) if t.script == "latin" and t.norm.isalpha()
             and not (i in accented and t.norm in _STOP)]
    if not words or not table:
        return frozenset()
    foreign_words = sum(1 for i in accented if not toks[i].cap and not toks[i].upper and toks[i].norm.isalpha()
                        and len(toks[i].norm) >= 3 and toks[i].norm not in kb.given and toks[i].norm not in kb.surname
                        and toks[i].norm not in kb.people_single and toks[i].norm not in kb.famous_last)
    hits: dict[str, int] = {}
    named = {t.norm for t in toks if (t.cap or t.upper) and t.norm in kb.given}
    for w in words:
        # a word English shares ("in", "no") says nothing for the other language, nor does a
        # capitalised given name ("Tom" is a Tagalog little word too)
        if w not in _STOP and w not in named:
            for lang in langs_of.get(w, ()):
                hits[lang] = hits.get(lang, 0) + 1
    if not hits:
        return _OTHER_LATIN if foreign_words >= 2 else frozenset()
    shared = [w for w in words if w in _STOP]

    def english(lang: str) -> int:  # English function words that are not also the language's ("no")
        return sum(1 for w in shared if w not in table[lang])

    # the language with the most of its words over English ones; ties: the first in the table (round
    # 40 measured breaking ties by the capitalised given names that are a language's little words,
    # "Una Vespa ... in un vicolo di Roma" read as Italian, not Breton: on the blind sets it cost as
    # many people found as false denials it saved, so it was not kept)
    best = max((lang for lang in table if lang in hits), key=lambda lang: hits[lang] - english(lang))
    best_hits, english_n = hits[best], english(best)
    if (best_hits >= 2 and best_hits > english_n) or (best_hits == 1 and english_n == 0 and len(words) >= 3):
        # a stop word or two inside an English prompt ("free soloing el capitan") make no
        # prompt in another language: its other words are not mostly English words
        # (in a prompt written all in lower case, where capitals cannot mark the names)
        rest = [w for w in words if len(w) >= 3 and w not in _STOP and w not in table[best]]
        if best_hits == 1 and not any(t.cap or t.upper for t in toks) and len(rest) >= 3 \
                and 2 * sum(1 for w in rest if kb.is_word(w)) > len(rest):
            return frozenset()
        if best_hits == 1 and not accented and any(w in table[best] and w not in _STOP and w not in named and (
                w in kb.people_single or w in kb.famous_last) for w in words):
            # (round 9) the one little word is a famous person's one-word name and the prompt's
            # other words are mostly English words or places: no evidence of the language
            # ("putin, horseback, shirtless": "puțin" is Romanian)
            others = [w for w in rest if w not in table[best]]
            if others and 2 * sum(1 for w in others if kb.is_word(w) or (w,) in kb.things) >= len(others):
                return frozenset()
        return table[best]
    return _OTHER_LATIN if foreign_words >= 2 else frozenset()


def _little(t: _Tok) -> bool:
    """A stop word of the prompt's language read as one: in lower case, at the start of a
    sentence or of three letters or less ("Un perro"; not "Joko Widodo", though "joko" is a
    Finnish little word)."""
    return not t.cap or t.sentence_start or len(t.norm) <= 3


@lru_cache(maxsize=4096)
def _is_symbol(c: str) -> bool:
    """An emoji, a symbol or a joiner of words, not punctuation that parts a list ("," ";" "&")."""
    return c not in ",;:!?&()[]{}\"'" and unicodedata.category(c) in ("So", "Sk", "Sm", "Pc", "Pd", "Po", "Mn", "Cf")


def _gap(text: str, a: _Tok, b: _Tok) -> str:
    return text[a.vend:b.vstart]


def _expand(toks: list[_Tok], text: str, kb: Knowledge, foreign: bool = False) -> list[_Tok]:
    """Split words run together ("TaylorSwift", "#keanureeves") and join letters spelled
    out ("T a y l o r", "B.A.R.A.C.K") into words, by word segmentation. In a prompt in
    another language (``foreign``) only handles, hashtags and CamelCase are split: its
    words are not English ones ("matahari", the sun in Indonesian, is no "Mata Hari")."""
    toks = _mend_broken(toks, text, kb)
    out: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        # letters spaced or dotted out: a run of three or more one-letter tokens; wider or
        # other gaps between them part words ("K y l i e   M i n o g u e", "E-L-O-N M-U-S-K")
        if len(t.norm) == 1 and t.norm.isalpha() and t.script == "latin":
            j = i + 1
            gaps: list[str] = []
            while j < n and len(toks[j].norm) == 1 and toks[j].norm.isalpha():
                g = _gap(text, toks[j - 1], toks[j])
                if not set(g) <= _GAP_OK or len(g) > 8:
                    break
                gaps.append(g)
                j += 1
            if j - i >= 3:
                narrow = min(gaps, key=len)
                groups: list[list[int]] = [[i]]
                for k, g in enumerate(gaps):
                    if len(g) > len(narrow) or (" " in g and " " not in narrow):
                        groups.append([])
                    groups[-1].append(i + 1 + k)
                pieces: list[_Tok] = []
                for grp in groups:
                    letters = "".join(toks[k].norm for k in grp)
                    parts = _segment(letters) if len(groups) == 1 else ()
                    if len(parts) >= 2:
                        k = grp[0]
                        for p in parts:
                            pieces.append(_piece(toks[k], toks[k + len(p) - 1], p, toks[k].cap, spelled=True))
                            k += len(p)
                    elif len(grp) >= 2:
                        pieces.append(_piece(toks[grp[0]], toks[grp[-1]], letters, toks[grp[0]].cap, spelled=True))
                    else:
                        pieces.append(toks[grp[0]])
                out.extend(pieces)
                i = j
                continue
            out.append(t)
            i += 1
            continue
        parts = _split_joined(t, kb, text, foreign)
        if parts:
            if True:
                # pieces share the token's span in proportion to their letters when it is plain
                raw_len = t.end - t.start
                total = sum(len(p) for p in parts)
                pos = t.start
                for k, p in enumerate(parts):
                    end = t.end if k == len(parts) - 1 else (pos + len(p) if raw_len == total else t.end)
                    start = pos if raw_len == total else t.start
                    piece = _piece(t, t, p, t.cap if k == 0 else True)
                    out.append(_Tok(piece.norm, piece.alt, start, end, piece.cap, False, False,
                                    t.sentence_start and k == 0, t.vstart, t.vend, False, "latin", "", (), True, t.upper))
                    pos = end
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def _mend_broken(toks: list[_Tok], text: str, kb: Knowledge) -> list[_Tok]:
    """(red team 63) A famous name broken by a mark inside it, read whole: "Ob-ama", "Me*ssi",
    "Ob·ama", "Ob()ama", "Ob🔥ama", "Zen-daya", "Brad Pi-tt", "Tay🔥lor Sw🔥ift", a hyphen at a line's
    end ("Ob-\nama"). Two pieces of letters joined by up to four marks (no space but a line break
    after a hyphen) are joined when together they make a famous one-word name or a famous person's
    first or last name, and neither piece is one alone."""
    if len(toks) < 2:
        return toks
    by_first, by_last = _people_pairs(kb)

    def famous(x: str) -> bool:  # a famous one-word or last name, or a famous person's first or last name
        return x in kb.people_single or x in kb.famous_last or x in by_first or x in by_last

    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if i + 1 < len(toks) and t.script == "latin" and toks[i + 1].script == "latin":
            u = toks[i + 1]
            gap = text[t.vend:u.vstart]
            plain = gap.rstrip()
            w = t.norm + u.norm
            spaced = gap in (" ", "\n") and (w in kb.people_single or w in kb.famous_last) and not kb.is_word(w) \
                and len(w) >= 5 and not any(kb.is_word(x) or x in _STOP or (len(x) >= 4 and _table_name(kb, x))
                                            for x in (t.norm, u.norm))
            if gap and len(gap) <= 4 and not any(c.isalnum() for c in gap) \
                    and (spaced or not any(c.isspace() for c in gap)
                         or (plain.endswith("-") and not any(c.isspace() for c in plain))) \
                    and t.norm.isalpha() and u.norm.isalpha() and len(w) >= 4 and not u.cap \
                    and not (kb.is_word(t.norm) and len(t.norm) >= 3 and u.norm in _STOP) \
                    and famous(w) and not any(famous(x) for x in (t.norm, u.norm) if len(x) >= 3) \
                    and not any(k in kb.people for k in ((t.norm, u.norm),
                                                         *(((toks[i - 1].norm, t.norm, u.norm),) if i else ()),
                                                         *(((t.norm, u.norm, toks[i + 2].norm),) if i + 2 < len(toks) else ()))):
                out.append(_Tok(w, w, t.start, u.end, t.cap, u.possessive, False, t.sentence_start, t.vstart, u.vend,
                                False, "latin", "", (), False, t.upper and u.upper))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _piece(a: _Tok, b: _Tok, word: str, cap: bool, placeholder: bool = False, spelled: bool = False) -> _Tok:
    return _Tok(word, word, a.start, b.end, cap, False, False, a.sentence_start, a.vstart, b.vend, placeholder,
                "latin", "", (), True, False, spelled)


@lru_cache(maxsize=65536)
def _segment(s: str) -> tuple[str, ...]:
    """``s`` read as two or three words that make a name ("taylorswift" -> taylor swift,
    "barackhusseinobama"), or () when no such reading exists. The first word must be a
    given name, surname, title or known person; the others names or words; every part a
    word of the web corpus; the reading with the most frequent parts wins."""
    if len(s) > 40 or len(s) < 4:
        return ()
    import math

    kb = knowledge()
    uni = kb.unigram

    if uni.get(s, 0) >= 1e6:
        return ()  # a word in its own right ("children", "sistine")

    def namey(w: str, first: bool) -> bool:
        if len(w) < 3 and w not in ("al", "jo", "ed"):
            return False
        if uni.get(w, 0) < 20_000:
            return False
        if first:
            return w in kb.given or w in kb.surname or w in kb.people_single or w in _TITLES
        return (w in kb.people_single or not kb.is_word(w)
                or (w in kb.surname and (not kb.is_word(w) or kb.census_last_rank.get(w, 10**6) < 5000))
                or (kb.is_word(w) and uni[w] < 5e6))

    best: tuple[float, tuple[str, ...]] = (-1.0, ())
    n = len(s)
    for k in range(2, n - 1):
        a = s[:k]
        if not namey(a, True):
            continue
        b = s[k:]
        if namey(b, False):
            score = math.log(uni[a]) + math.log(uni[b])
            if score > best[0]:
                best = (score, (a, b))
        for k2 in range(k + 2, n - 1):
            b, c = s[k:k2], s[k2:]
            if namey(b, False) and namey(c, False) and (c in kb.surname or c in kb.people_single):
                score = (math.log(uni[a]) + math.log(uni[b]) + math.log(uni[c])) * 2 / 3
                if score > best[0]:
                    best = (score, (a, b, c))
    return best[1]


def _split_joined(t: _Tok, kb: Knowledge, text: str, foreign: bool = False) -> list[str] | None:
    """The words of a token written run together, or None when it is one word (a handle's
    number dropped: "@zendaya2024" is read "zendaya"); see :func:`_split_words`."""
    parts = _split_words(t, kb, text, foreign)
    if parts is None and t.script == "latin":
        raw = text[t.vstart:t.vend]
        marked = (t.vstart > 0 and text[t.vstart - 1] in "#@<") or raw[:1] == "@"
        m = _HANDLE_DIGITS.fullmatch(raw) if marked else None
        if m:
            return [m.group(1).casefold()]
        if marked and raw.lstrip("@").isalpha() and raw.lstrip("@").islower():
            return _handle_name(kb, raw.lstrip("@"))
    return parts


def _handle_name(kb: Knowledge, s: str) -> list[str] | None:
    """(round 24) A lower-case hashtag or handle of someone no word list knows, read as a given
    name and a surname: a prefix of three letters or more that is no word, and a rest of four or
    more with a surname's ending (:data:`_LATIN_SURNAME_ENDS`) that is no word, brand or thing, is
    rare on the web and cannot be read as English words ("#abdukodirkhusanov",
    "@ardempatapoutian"). Not a hashtag that is a word or a brand, reads as English words, or
    starts with an English word of four letters or more ("#typhoonhaiyan"). (A given name of the
    tables and any rare rest, "#estherduflo", was tried and dropped: a given name is the start of
    too many words, "#mrwhiskers" read "mrwh iskers", "#elizabethbay" "elizabet hbay".)"""
    n = len(s)
    if n < 8 or n > 30 or kb.is_word(s) or s in kb.brands or (s,) in kb.things or kb.unigram.get(s, 0) >= 1e5 \
            or _english_words(kb, s) or any(kb.is_word(s[:k]) for k in range(4, n - 3)):
        return None
    # (red team 45) a place, a thing or a brand of six letters or more at its end, no surname, that
    # ends so is what the hashtag names ("#igersrostov", "#ilovesaratov": Rostov, Saratov; not
    # "anova" in "#aidanurmanova")
    if any(((s[k:],) in kb.things or s[k:] in kb.brands) and s[k:].endswith(_LATIN_SURNAME_ENDS)
           and s[k:] not in kb.surname and s[k:] not in kb.famous_last and s[k:] not in kb.people_single
           for k in range(1, n - 5)):
        return None
    if s.endswith(("ian", "yan")) and _pinyin_word(s):
        return None  # (red team 45) Chinese words in pinyin: "#guofengshenxian"
    little = False
    for k in range(3, n - 4):
        a, b = s[:k], s[k:]
        # (red team 45) a prefix that the pair rule refuses (a little word of a language: "ker",
        # "har") is no given name; a longer one is, when the tables hold it as one
        # ("#keremakturkoglu": kerem akturkoglu; not "#harharmahadev")
        given = a in kb.given or a in kb.recent_given
        if (a in kb.stop_langs or a in kb.brands or (a,) in kb.things) and not given:
            little = True
            continue
        if little and not given:
            continue
        if b.endswith(_LATIN_SURNAME_ENDS) and not kb.is_word(a) and a not in _STOP and not kb.is_word(b) \
                and b not in kb.brands and (b,) not in kb.things and kb.unigram.get(b, 0) < 30_000 \
                and b not in _suffix_words() and not _english_words(kb, b):
            return [a, b]
    return None


_LITTLE_PIECES = frozenset(("a", "i", "o", "s", "an", "at", "in", "of", "on", "to", "my", "by", "the", "and"))


def _english_words(kb: Knowledge, s: str) -> bool:
    """``s`` reads whole as English words of three letters or more and little pieces ("lunar new
    year", "s world", "in wonderland")."""
    ok = [False] * (len(s) + 1)
    ok[0] = True
    for i in range(len(s)):
        if not ok[i]:
            continue
        for j in range(i + 1, min(len(s), i + 16) + 1):
            w = s[i:j]
            if (len(w) >= 3 and kb.is_word(w)) or w in _LITTLE_PIECES:
                ok[j] = True
    return ok[len(s)]


def _joined_person(w: str, kb: Knowledge) -> bool:
    """(red team of session 57) ``w`` is a known person's name of two words run together
    ("matahari"), though a word of some language's list (round 43's check must not hide it)."""
    parts = _name_split(w)
    return bool(parts) and tuple(parts) in kb.people


def _split_words(t: _Tok, kb: Knowledge, text: str, foreign: bool = False) -> list[str] | None:
    """The words of a token written run together, or None when it is one word.

    First a given name and a surname ("natalieportman", "barackobama"); other readings
    (three words, or parts that are only words of the web corpus) only for a handle, hashtag
    or placeholder ("#", "@", "<" before it) or a word in CamelCase ("TaylorSwift"). A word
    in Title case ("Neuschwanstein") is split only into a common first name and surname."""
    w = t.norm
    raw = text[t.vstart:t.vend]
    if t.script == "latin" and len(raw) >= 5:
        parts = _camel_person(raw, kb)
        if parts:
            return parts
    marked = (t.vstart > 0 and text[t.vstart - 1] in "#@<") or raw[:1] == "@"
    if marked and t.script == "latin":
        m = _HANDLE_DIGITS.fullmatch(raw)
        if m:  # a handle's number is no part of the name: "@taylorswift13", "#kohli18"
            w, raw = m.group(1).casefold(), m.group(1)
    # (round 25) a famous name of two words run together in a hashtag or handle is read even when
    # it is short ("#jackma") or is itself in a table of names ("#muhammadali": Faker's Uzbek
    # given names hold "Muhammadali"), not when the web corpus holds it often (a word or common
    # given names, "#william" is no will.i.am)
    joined = marked and w in kb.people_joined and kb.unigram.get(w, 0) < 1e5 and _name_split(w, True) is not None
    if t.script != "latin" or len(w) < (6 if joined else 7) or not w.isalpha() or t.initial:
        return None
    if len(w) >= 9 and not kb.is_word(w) and (w,) not in kb.things:
        # (red team 63) a famous name run together with more words, in a hashtag or a file's name:
        # "#taylorswiftfan", "#ilovetaylorswift", "emmawatsonportrait", "Barackobama"
        got = _joined_famous(w, kb, 7 if marked else 9)
        if got:
            return got
    if kb.is_word(w) or (w in kb.given and not joined) or (w in kb.surname and not joined) or (w,) in kb.things \
            or (w,) in kb.people:
        return None
    camel = any(c.isupper() for c in raw[1:]) and any(c.islower() for c in raw)
    title = raw[:1].isupper() and not any(c.isupper() for c in raw[1:])
    if (foreign or kb.unigram.get(w, 0) >= 2e5 or (_any_latin_word(w) and not _joined_person(w, kb))) \
            and not (marked or camel):
        return None  # a word of its own ("barista") or of another language ((round 43) "talvella", "francesinha")
    parts = _name_split(w) or (_name_split(w, True) if joined else None)
    if parts and not (marked or camel) and kb.unigram.get(w, 0) >= 1e5 and tuple(parts) not in kb.people:
        return None  # (round 9) a word the web corpus holds often, and no known person's name ("kitsune")
    if parts and title and not (kb.census_first_rank.get(parts[0], 10**6) < 2000
                                and (kb.census_last_rank.get(parts[1], 10**6) < 20000 or parts[1] in kb.people_single)):
        return None
    if parts:
        return list(parts)
    if not (marked or camel):
        return None
    if camel and raw.isalpha():
        # CamelCase says where the words part ("#NarendraModi", "#GretaThunberg"): the parts are
        # then read as any two or three capitalised words are (not re-cut: "greta thun berg")
        words = [p.casefold() for p in _CAMEL_PART.findall(raw)]
        if not marked and not (words and (words[0] in kb.given or tuple(words) in kb.people
                                          or any(p in kb.people_single for p in words))):
            return None  # a firm or a product in running text ("ArcelorMittal", "PlayStation"), round 8
        if 2 <= len(words) <= 3 and "".join(words) == w and all(len(p) >= 3 for p in words):
            return words
    parts = _segment(w)
    if len(parts) >= 2:
        return list(parts)
    if camel and raw.isalpha():
        # CamelCase says where the words part ("#NarendraModi"); the parts are then read as
        # any two or three capitalised words are
        words = [p.casefold() for p in _CAMEL_PART.findall(raw)]
        if 2 <= len(words) <= 3 and "".join(words) == w and all(len(p) >= 3 for p in words):
            return words
    return None


#: (red team 63) the pieces of a word in CamelCase, capitals run together and digits apart:
#: "TaylorSwiftV3" -> Taylor Swift V 3, "EmmaWatsonSDXL", "PhotoOfElonMusk", "ObamaHD", "2024Obama"
_CAMEL_PIECE = regex.compile(r"\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\d+")


def _camel_person(raw: str, kb: Knowledge) -> list[str] | None:
    """(red team 63) A word run together in CamelCase or with digits, as LoRA, embedding and model
    files are named, that holds a famous person's name among its pieces: the letters' pieces in
    order ("<lora:TaylorSwiftV3:1>" -> taylor swift v, "PhotoOfElonMusk" -> photo of elon musk,
    "ObamaHD", "MyRihanna", "TaylorSwift1989", "2024Obama"), read then as separate words. A known
    person's full name of two or three pieces, or a famous one-word name of four letters or more
    that is no English word; None otherwise (a firm's or a product's name: "PlayStation5")."""
    raw = re.sub(r"['’][sS]$", "", raw)
    if not (any(c.isupper() for c in raw[1:]) or any(c.isdigit() for c in raw)):
        return None  # (no CamelCase and no digits: "Dalí's", "Steller's")
    ver = _VERSION_END.search(raw)
    if ver and ver.start() > 0:
        raw = raw[:ver.start()]  # a version written in lower case after the name: "TaylorSwiftv2"
    pieces = _CAMEL_PIECE.findall(raw)
    if len(pieces) < 2 - bool(ver) or "".join(pieces) != raw.replace("'", "").replace("’", ""):
        return None
    words = [p.casefold() for p in pieces if not p.isdigit()]
    if len(words) < 1 or (len(words) == 1 and len(pieces) == len(words) and not ver):
        return None
    model = all(p.isdigit() or p.casefold() in _MODEL_TAGS for p in pieces[1:]) or bool(ver)

    def tags_only(rest: list[str]) -> bool:  # a model's tags and little words ("XL", "My", "Photo Of")
        return all(x in _MODEL_TAGS or x in _CAMEL_LITTLE for x in rest)

    hit = False
    for a in range(len(words)):
        w = words[a]
        if len(w) >= 4 and (w,) not in kb.things and w not in kb.brands \
                and (w in kb.people_single or (w in kb.famous_last and w not in kb.given)
                     or (a == 0 and model and w in kb.famous_word)) \
                and (not kb.is_word(w) or (a == 0 and model)) \
                and (len(words) > 1 or any(p.isdigit() for p in pieces) or ver) \
                and tags_only(words[:a] + words[a + 1:]):
            hit = True
            break
        for b in (a + 2, a + 3):
            if b <= len(words) and tuple(words[a:b]) in kb.people and not (
                    all(kb.is_word(x) for x in words[a:b]) and not tags_only(words[:a] + words[b:])):
                # (red team 64: a name of words is the person only when the rest is a model's tag:
                # "TigerWoodsXL"; not "IceCubeTray", "MeatLoafDinner")
                hit = True
                break
        if hit:
            break
    return [fold(w) or w for w in words] if hit else None


#: (red team 63) a model file's version or kind after a name ("DrakeXL", "DrakeV2", "SwiftHD"): a
#: famous one-word name that is also a word is the person there
_MODEL_TAGS = frozenset("xl sdxl sd hd uhd lora pony flux v vv lyco loha lokr ti embed embedding model ckpt "
                        "real realistic style final beta alpha".split())
#: (red team 63) words before or after a famous one-word name in a file's or a tag's name
#: ("MyRihanna", "RealObama", "ObamaPortrait"); a firm's name is not read ("ArcelorMittal")
_CAMEL_LITTLE = frozenset("my the mr mrs ms miss real i photo of portrait pic young old little baby sexy hot cute love "
                          "best queen king lady sir dr saint st fan art face edit".split())
_VERSION_END = regex.compile(r"(?<=\p{L})[vV]\d+(?:\.\d+)?$")
_HANDLE_DIGITS = re.compile(r"@?([A-Za-z]{5,})\d{1,4}")


def _joined_famous(w: str, kb: Knowledge, least: int) -> list[str] | None:
    """(red team 63) ``w`` begins or ends with a famous person's name of two or three words run
    together (:attr:`Knowledge.people_joined`) of ``least`` letters or more, the rest of three letters
    or more: the name's words and the rest ("taylorswiftfan" -> taylor swift fan). The longest such
    name wins; None when there is none."""
    by_first, by_last = _people_pairs(kb)
    if _table_name(kb, w) or w in by_first or w in by_last:
        return None  # a name of the tables in its own right ("Rabindranath")
    if w in kb.people_joined:
        # a famous name run together whole: read as before in a hashtag; in running text only when
        # it starts with a given name that is no word ("Barackobama"; not "Villalobos", Villa-Lobos)
        parts = _name_split(w, True)
        if parts and least < 9:
            return None
        if parts and not kb.is_word(parts[0]) and (parts[0] in kb.given or parts[0] in by_first):
            return list(parts)
        return None
    best: list[str] | None = None
    size = 0
    for k in range(least, len(w) - 2):
        for name, rest, first in ((w[:k], w[k:], True), (w[len(w) - k:], w[:len(w) - k], False)):
            if len(name) > size and name in kb.people_joined and len(rest) >= 3 and (least < 9 or (
                    _english_words(kb, rest) and not kb.is_word(name) and (name,) not in kb.things)):
                # (red team 64: in a long word outside a hashtag, the rest is English words, "portrait";
                # the name no word or place, "floridakeys" is no Flo Rida; no title's or words' name,
                # "princessdiaries", "thegreatestgift". A hashtag is read as before: fail closed)
                parts = _name_split(name, True)
                if parts and (least < 9 or (parts[0] not in _TITLES and (parts[0] in kb.given or parts[0] in by_first or not all(
                        kb.is_word(p) or p in _STOP for p in parts)))):
                    best = [*parts, rest] if first else [rest, *parts]
                    size = len(name)
    return best


#: An acronym in capitals with a year run on ("AOC2024", "MLK1963")
_ACRONYM_YEAR = re.compile(r"([A-Za-z]{2,5})((?:19|20)\d\d)")
_CAMEL_PART = re.compile(r"[A-Z][a-z]+")


@lru_cache(maxsize=65536)
def _name_split(w: str, known_only: bool = False) -> tuple[str, str] | None:
    """``w`` read as a known person's name, or as a given name and a surname (or a known
    person's one-word name) of three letters or more that the web corpus holds 100,000
    times or more each; the most frequent such reading, or None. ``known_only``: only a known
    person's name, whose surname may have two letters ("jackma")."""
    import math

    kb = knowledge()
    best: tuple[float, tuple[str, str]] | None = None
    uni = kb.unigram
    for k in range(3, len(w) - (1 if known_only else 2)):
        a, b = w[:k], w[k:]
        known = (a, b) in kb.people
        if known_only and not known:
            continue
        common = (a in kb.given and uni.get(a, 0) >= 1e5
                  and (b in kb.people_single or (b in kb.surname and uni.get(b, 0) >= 1e5)))
        if (known or common) and not kb.is_word(a + b):
            score = math.log(uni.get(a, 1.0) + 1) + math.log(uni.get(b, 1.0) + 1)
            if best is None or score > best[0]:
                best = (score, (a, b))
    return best[1] if best else None


@dataclass(frozen=True)
class NameException:
    """An operator's statement that ``name`` is not a likeness (e.g. a style reference)."""

    name: str
    reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not normalize_name(self.name):
            raise LikenessError(f"NameException.name: {self.name!r}, expected a name with letters")


@dataclass(frozen=True)
class NameScan:
    """Result of :meth:`NameMatcher.find_all`.

    ``likenesses``: registered subjects and unknown persons (the policy decides on these);
    ``exempted``: mentions an operator exception covers, reported for the audit only.
    """

    likenesses: tuple[Likeness, ...]
    exempted: tuple[Likeness, ...]


class _Watched:
    """The owner of one watched name in a matcher's index (unique per name)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


#: Longest watched name accepted (characters, words): a person's name, not a text.
WATCHED_NAME_MAX_CHARS = 120
WATCHED_NAME_MAX_WORDS = 8


def watched_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be watched, or None. The matcher reads a watched name run together and
    its words apart, so a name whose words, joined, are an ordinary word of English or of the 24
    languages the check knows, a place's or a thing's name, or a given name alone ("Rose", "Ro Se",
    "Sonne", "Paris", "Anna"), or that is itself a place's or thing's name ("New York", "Golden
    Gate"), would deny every prompt that uses those words so ("a rose in a vase"); and a name is not
    a text (at most :data:`WATCHED_NAME_MAX_CHARS` characters and :data:`WATCHED_NAME_MAX_WORDS`
    words)."""
    text = " ".join(str(name).split())
    if len(text) > WATCHED_NAME_MAX_CHARS or len(text.split()) > WATCHED_NAME_MAX_WORDS:
        return (f"is longer than a name ({WATCHED_NAME_MAX_CHARS} characters and {WATCHED_NAME_MAX_WORDS} words "
                "at most)")
    kb = knowledge()
    words = tuple(w for w in (fold(x) for x in re.split(r"[\s\-_.,'’]+", text)) if w)
    if not words:
        return "holds no letters"
    joined = "".join(words)
    if words in kb.things:
        return ("is also the name of a place or a thing in the studio's lists: every prompt that means the place or "
                "thing would be denied too; watch a longer form of the person's name")
    if kb.is_word(joined) or (joined,) in kb.things or joined in kb.given \
            or any(joined in ws for ws in _latin_word_lists().values()):
        return ("is, read as one word, an ordinary word, a place's or a thing's name or a given name alone "
                f"({joined!r}): prompts using it so would be denied; watch the person's full name")
    return None


def _watched_name(w: Any) -> str:
    """A watched name as text: a string, or an object with ``.name``; one that holds no letter
    cannot be found in a prompt and is refused (an operator's typo, not a name)."""
    name = w if isinstance(w, str) else getattr(w, "name", None)
    if not isinstance(name, str) or not any(c.isalpha() for c in name):
        raise LikenessError(f"watched name {w!r}: expected a person's name (text with letters)")
    return " ".join(name.split())


def _as_exception(obj: Any) -> NameException:
    if isinstance(obj, NameException):
        return obj
    if isinstance(obj, str):
        return NameException(obj)
    if isinstance(obj, dict):
        return NameException(obj.get("name", ""), obj.get("reason", "") or "")
    if isinstance(obj, (tuple, list)) and obj:
        return NameException(obj[0], obj[1] if len(obj) > 1 else "")
    if hasattr(obj, "name"):
        return NameException(obj.name, getattr(obj, "reason", "") or "")
    raise LikenessError(f"name exception: {obj!r}, expected a string, a (name, reason) pair or an object with .name")


_PLAIN_NAME = re.compile(r"[A-Za-z]+(?:[ .,\-]+[A-Za-z]+)*[ .]*")
_PLAIN_SPLIT = re.compile(r"[ .,\-]+")
_HAS_DIGIT = re.compile(r"\d").search
#: A code of capital letters and digits ("KB824", "A380"): a player's initials and number, a model
_CODE = re.compile(r"[A-Z]+[0-9]+[A-Z0-9]*")


def _name_info(name: str) -> tuple[tuple[str, ...], str, str, str]:
    """(words, key, run together, initials spelled out) of a registered name or alias."""
    if _PLAIN_NAME.fullmatch(name):
        words = tuple(w for w in _PLAIN_SPLIT.split(name.lower()) if w)
    else:
        words = tuple(normalize_name(name).split())
    key = " ".join(words)
    # run together ("JaneDoe"); not with an initial: "B. Cook" run together is "bcook", and
    # one typo from it is the word "book"
    joined = "".join(words) if len(words) > 1 and min(map(len, words)) >= 2 else ""
    spelled = ""  # initials spelled out: "J.D. Star"
    upper = {raw.lower() for raw in name.split() if len(raw) <= 3 and raw.isupper()}
    if len(words) > 1 and min(map(len, words)) <= 3 and upper:
        # only the parts written in capitals ("JD" of "JD Star"), not "Day" of "H. Day"
        spelled = " ".join(c for t in words for c in (t if len(t) <= 3 and t in upper else (t,)))
        if spelled == key:
            spelled = ""
    return words, key, joined, spelled


class _Index:
    """Names indexed by how they may be written, so that a scan does not grow with their number.

    ``by_key``: a name's words joined by one space (also run together, and with initials
    spelled out) -> the names written so; ``vocab``: every word of them; ``typo``: every
    word of five letters or more (not of names written with digits), and it with one letter
    deleted -> the word (``typo_more`` holds the keys that several words share; no list is
    made for the others, which keeps the first build cheap); ``pairs``: names of three words
    or more by their first two words of two letters or more (the scattered-word search). A scan turns each prompt word into the few indexed
    words it can be and looks up the names those spell, longest first.

    Subjects' names go into one index shared by every matcher of the process, which only
    grows: a matcher keeps the position of each of *its* names and ignores the rest, so a
    rebuild after a registry change indexes only the names not seen before.
    """

    MAX_NAMES = 1_000_000

    def __init__(self) -> None:
        self.by_key: dict[str, list[str]] = {}
        self.words: dict[str, tuple[str, ...]] = {}
        self.vocab: set[str] = set()
        self.lengths: set[int] = set()
        self.typo: dict[str, str] = {}
        self.typo_more: dict[str, list[str]] = {}
        self.pairs: dict[str, list[str]] = {}
        self.lengths_desc: list[int] = []
        #: each name's longest key (characters): a matcher's search by substring need not try
        #: longer ones than its own names' (:attr:`_Names.max_key_len`)
        self.key_len: dict[str, int] = {}
        self.lock = threading.Lock()

    def add(self, names: Iterable[str]) -> None:
        new = list(filterfalse(self.words.__contains__, names))
        if not new:
            return
        with self.lock:
            by_key, vocab, typo = self.by_key, self.vocab, self.typo
            fresh: set[str] = set()
            exact_only: set[str] = set()
            for n in dict.fromkeys(new):
                if n in self.words:
                    continue
                words, key, joined, spelled = info = _name_info(n)
                self.words[n] = words
                if not words:
                    continue
                self.key_len[n] = max((len(k) for k in info[1:] if k), default=0)
                for k in info[1:]:
                    if k:
                        lst = by_key.get(k)
                        if lst is None:
                            by_key[k] = [n]
                        else:
                            lst.append(n)
                parts = spelled.split() if spelled else ()
                self.lengths.update((len(words), len(parts) or 1))
                for w in (*words, joined, *parts):
                    if w and w not in vocab:
                        fresh.add(w)
                if _HAS_DIGIT(n):
                    exact_only.update(words)
                if len(words) > 2:
                    long = [x for x in words if len(x) >= 2]
                    if len(long) >= 2:
                        self.pairs.setdefault(f"{long[0]} {long[1]}", []).append(n)
            vocab |= fresh
            more = self.typo_more
            setdefault = typo.setdefault
            for w in fresh - exact_only:
                if len(w) >= 5:
                    for k in {w, *[w[:p] + w[p + 1:] for p in range(len(w))]}:
                        v = setdefault(k, w)
                        if v != w:
                            lst = more.get(k)
                            if lst is None:
                                more[k] = [v, w]
                            else:
                                lst.append(w)
        self.lengths_desc = sorted(self.lengths, reverse=True)

    def word_set(self, t: _Tok, typo_ok: Callable[[_Tok], bool]) -> frozenset[str]:
        """The indexed words ``t`` can be: one of its readings, or one edit away from one
        (for words of five letters or more, when ``typo_ok(t)``). The words "a" and "i" are
        not read as the initials of "A. Ford" unless written as initials ("A.", "A")."""
        vocab = self.vocab
        readings = {t.norm, t.alt, *t.forms}
        if t.norm in ("a", "i") and not t.initial:
            readings = {f for f in readings if len(f) > 1}
        out = {f for f in readings if f in vocab}
        if t.norm in _STOP or not typo_ok(t):
            return frozenset(out)
        typo, more = self.typo, self.typo_more
        for f in readings:
            if len(f) < 4:
                continue
            for key in (f, *[f[:p] + f[p + 1:] for p in range(len(f))]):
                w = typo.get(key)
                if w is None:
                    continue
                for w in more.get(key, (w,)):
                    if w not in out and _within_one_edit(f, w):
                        out.add(w)
        return frozenset(out)


_SUBJECT_INDEX = _Index()
_SUBJECT_INDEX_LOCK = threading.Lock()


def _subject_index() -> _Index:
    global _SUBJECT_INDEX
    with _SUBJECT_INDEX_LOCK:
        if len(_SUBJECT_INDEX.words) > _Index.MAX_NAMES:
            _SUBJECT_INDEX = _Index()  # matchers built on the old one keep it
        return _SUBJECT_INDEX


class _Names:
    """One matcher's names (registered names and aliases, or operator exceptions) over an
    index: each name's first position and the owner (subject id or exception) per position."""

    def __init__(self, index: _Index, names: list[str], owners: list[Any]):
        index.add(names)
        self.index = index
        self.names = names
        self.owners = owners
        #: the longest key of these names (the index is shared and holds others' names too)
        self.max_key_len = max(map(index.key_len.get, names, repeat(0)), default=0)
        n = len(names)
        self.first: dict[str, int] = dict(zip(reversed(names), range(n - 1, -1, -1)))

    def __bool__(self) -> bool:
        return bool(self.names)

    def positions(self, name: str) -> list[int]:
        """Every position of ``name`` (several subjects may share a name)."""
        f = self.first.get(name)
        if f is None:
            return []
        names = self.names
        return list(compress(range(f, len(names)), map(name.__eq__, islice(names, f, None))))

    def first_of(self, key: str) -> int | None:
        """First position of a name written as ``key``."""
        best = None
        first = self.first
        for nm in self.index.by_key.get(key, ()):
            p = first.get(nm)
            if p is not None and (best is None or p < best):
                best = p
        return best

    def with_key(self, key: str) -> list[int]:
        """Every position of every name written as ``key``, in order."""
        return sorted(p for nm in self.index.by_key.get(key, ()) if nm in self.first for p in self.positions(nm))

    def word_sets(self, toks: Sequence[_Tok], typo_ok: Callable[[_Tok], bool]) -> Callable[[int], frozenset[str]]:
        memo: dict[int, frozenset[str]] = {}
        index = self.index

        def words(i: int) -> frozenset[str]:
            s = memo.get(i)
            if s is None:
                s = memo[i] = index.word_set(toks[i], typo_ok)
            return s

        return words

    def match(self, toks: Sequence[_Tok], i: int,
              words: Callable[[int], frozenset[str]]) -> tuple[int, int, str] | None:
        """(length, first position, key) of the longest name at ``toks[i]``, or None."""
        first = words(i)
        if not first:
            return None
        n = len(toks)
        for length in self.index.lengths_desc:
            if i + length > n:
                continue
            sets = [first]
            for k in range(1, length):
                s = words(i + k)
                if not s:
                    break
                sets.append(s)
            else:
                # a name written as it is registered wins over one the words spell with a typo,
                # whatever their order (red team s64 F: a persona "Sam Riviera" registered first
                # took the prompt "Sam Rivera" from the real, opted-out Sam Rivera)
                best: tuple[tuple[bool, int], str] | None = None
                for combo in product(*sets):
                    key = " ".join(combo)
                    p = self.first_of(key)
                    if p is None:
                        continue
                    rank = (not all(c == toks[i + m].norm for m, c in enumerate(combo)), p)
                    if best is None or rank < best[0]:
                        best = (rank, key)
                if best is not None:
                    return length, best[0][1], best[1]
        return None

    def with_pair(self, a: str, b: str) -> list[str]:
        """Names whose first two words of two letters or more are ``a`` and ``b``."""
        key = f"{a} {b}"
        words = self.index.words
        out = [nm for nm in self.index.by_key.get(key, ()) if len(words[nm]) == 2 and nm in self.first]
        out += [nm for nm in self.index.pairs.get(key, ()) if nm in self.first]
        return out


#: (round 18, red team 41) adverbs that may stand between a name and its verb besides those in
#: -ly ("Obama also paints", "Putin often drinks", "Trump very happily signs")
_ADVERBS = frozenset("also often still always never sometimes usually just then now again even very quite "
                     "really so too soon once later rarely seldom ever already finally suddenly proudly "
                     "calmly".split())
#: (round 18) prepositions after which "its" may be the subject's ("swims with its ducklings")
_ITS_PREPS = frozenset("with behind beside after near among alongside toward towards to across through around "
                       "along under over into in on at by past beneath beyond".split())


#: (round 18, red team 41) acts of _PERSON_FINITE that an animal does too: only after these may
#: "its" say the subject is one ("Drake swims with its ducklings"; not "Swift signs its contract")
_ANIMAL_ACTS = frozenset("swims swam eats ate drinks drank sleeps slept runs ran walks walked sits sat stands "
                         "stood plays played fights fought".split())


def _its_of_subject(clause: Sequence[str]) -> bool:
    """(round 18, red team 41) An "its" in the words after a verb (``clause``) that refers back
    to the verb's subject: right after the verb ("licks its paws"), after a preposition right
    after it ("swims with its ducklings") or after one place phrase of the verb's ("swims across
    the pond with its ducklings"); not one after the verb's object or inside a phrase about
    another noun ("signs an order with its golden pen", "a bistro famous for its croissants",
    "the park and its trees")."""
    if not clause:
        return False
    if clause[0] == "its":
        return True
    if clause[0] not in _ITS_PREPS or len(clause) < 2:
        return False
    if clause[1] == "its":
        return True
    if clause[1] not in ("the", "a", "an"):
        return False
    for p in (3, 4):
        if p + 1 < len(clause) and clause[p] in _ITS_PREPS and clause[p + 1] == "its" \
                and not any(w in _ITS_PREPS or w in ("and", "or", "of", "for") for w in clause[2:p]):
            return True
    return False


#: (round 18, red team 41) acts of _PERSON_FINITE that a firm does too ("Ford unveils a new truck")
_FIRM_ACTS = frozenset("unveils unveiled announces announced".split())
_LISTED_FIRSTS: dict[int, frozenset[str]] = {}


def _listed_firsts(kb: Knowledge) -> frozenset[str]:
    """(round 18) First words of the listed things' and characters' names of two words or more
    (``not_person.txt``: "Paddington Bear", "Scooby Doo")."""
    got = _LISTED_FIRSTS.get(id(kb))
    if got is None:
        got = _LISTED_FIRSTS[id(kb)] = frozenset(k[0] for k, v in kb.things.items() if v == "listed" and len(k) >= 2)
    return got


_LITTLE: dict[int, frozenset[str]] = {}
#: (red team s61) the little words between a nickname of an article and a word and a title's next
#: capitalised word ("El Gato con Botas", "Il Dottore e il TARDIS", "A Rainha de Copas")
_LITTLE_AFTER = frozenset("de del della dei degli delle di da do dos das du des d con com e y i et en "
                          "and of with il el la le lo o a".split())
#: the last prompt :func:`_title_case` read, and what it found, as one tuple (red team s61: read
#: once a prompt, not once a candidate: a 4,000-character prompt of articles took 276 ms)
_TITLE_MEMO: list = [None]


def _title_case(kb: Knowledge, toks: Sequence[_Tok], text: str) -> bool:
    """(round 46) The prompt is written in Title Case or as a list of capitalised tags, where
    capitals say nothing: more than half of its little words (English function words and the stop
    words of the Latin-script languages, one-letter ones too), its first word aside, are capitalised
    ("Il Pirata Nero Sulla Nave", "Tygrys W Ringu"), or it is three tags or more separated by
    commas, more than half of them capitalised ("Honey Badger, Kalahari, Wildlife"); not when names
    and places alone are ("Il Pirata sull'Alpe d'Huez con Cipollini")."""
    memo = _TITLE_MEMO[0]
    if memo is not None and memo[0] is toks:
        return memo[1]
    little = _LITTLE.get(id(kb))
    if little is None:
        from consent._name_knowledge import _FUNCTION_WORDS

        little = _LITTLE[id(kb)] = frozenset(_FUNCTION_WORDS).union(*(kb.lang_stop or {}).values())
    words = [t for k, t in enumerate(toks) if k > 0 and t.script == "latin" and t.norm in little]
    titled = bool(words) and sum(1 for t in words if t.cap or t.upper) * 2 > len(words)
    if not titled:
        tags = [seg.strip() for seg in text.split(",") if seg.strip()]
        titled = len(tags) >= 3 and sum(1 for seg in tags if seg[0].isupper()) * 2 > len(tags)
    _TITLE_MEMO[0] = (toks, titled)
    return titled


def _title_cased(toks: Sequence[_Tok], k: int) -> bool:
    """(round 18, red team 41) The capitalised verb at ``toks[k]`` is followed by a capitalised
    article, its object's: the sentence is in title case ("Bush Signs A Bill In The Oval
    Office", "Drake Raps A Verse"), where capitals say nothing of a name (not "Uber Eats
    Delivery Bag", nor a verb with no object, "Drake Swims In The Pond")."""
    if k + 1 >= len(toks):
        return False
    u = toks[k + 1]
    return u.cap and not u.upper and u.norm in ("a", "an", "the")


def _person_object(clause: Sequence[str]) -> bool:
    """(round 18, red team 41) The verb's object, right after it, is a person: "fights a man",
    "hugs two fans" (what a person does to another, not an animal's word's: "Snipes fights a man")."""
    k = 0
    while k < len(clause) and k < 3 and (clause[k] in _ARTICLES or clause[k] in _NUMBER_WORDS or clause[k].isdigit()):
        k += 1
    w = clause[k] if k < len(clause) else ""
    return k > 0 and bool(w) and (w in _PEOPLE_NOUNS or (w.endswith("s") and w[:-1] in _PEOPLE_NOUNS)
                                  or w in ("men", "women", "people", "fans", "crowd", "children", "kids"))


class NameMatcher:
    """Finds person names in prompts.

    ``subjects``: objects with ``.id``, ``.display_name`` and ``.aliases`` (registry
    subjects); ``exceptions``: operator exceptions (strings, ``(name, reason)`` pairs,
    :class:`NameException` or objects with ``.name`` / ``.reason``); ``watched``: names of real
    people an operator listed (strings or objects with ``.name``), found as robustly as
    registered names and reported as unknown people (``subject_id`` None), never exempted. Building a matcher is
    cheap once the process has seen the names (the shared knowledge and name index load
    once per process), so rebuild it when the registry changes.
    """

    def __init__(self, subjects: Iterable[Any] = (), exceptions: Iterable[Any] = (), watched: Iterable[Any] = ()):
        self._kb: Knowledge | None = None
        #: a registered name or exception matched tolerantly covers nobody famous it was not written
        #: as (:meth:`_another_famous`); off only in :func:`famous_people_covered`'s probe
        self._guard_famous = True
        self._guard_budget = threading.local()
        subjects = subjects if isinstance(subjects, (list, tuple)) else list(subjects)
        try:
            ids = list(map(_ID, subjects))
        except AttributeError:
            ids = []
        try:  # C-level attribute reads; objects without the attribute take the slow path
            displays = list(map(_DISPLAY_FAST, subjects))
        except AttributeError:
            displays = list(map(_DISPLAY, subjects))
        try:
            aliases = list(map(_ALIASES_FAST, subjects))
        except AttributeError:
            aliases = list(map(_ALIASES, subjects))
        if len(ids) != len(subjects) or not all(map(isinstance, ids, repeat(str))) or "" in ids:
            for s in subjects:
                sid = getattr(s, "id", None)
                if not isinstance(sid, str) or not sid:
                    raise LikenessError(f"NameMatcher: subject {s!r} has no id, expected a non-empty string .id")
            raise LikenessError("NameMatcher: subjects must have .id, .display_name and .aliases")
        if all(map(isinstance, aliases, repeat(list))) or all(map(isinstance, aliases, repeat(tuple))):
            alias_lists = aliases
        else:
            alias_lists = [a if isinstance(a, (list, tuple)) else list(a) if a else () for a in aliases]
        names = displays + list(chain.from_iterable(alias_lists))
        sids = ids + list(chain.from_iterable(map(repeat, ids, map(len, alias_lists))))
        if not all(map(isinstance, names, repeat(str))) or "" in names:  # skip missing or empty names
            keep = [k for k, n in enumerate(names) if isinstance(n, str) and n]
            names, sids = [names[k] for k in keep], [sids[k] for k in keep]
        self._reg = _Names(_subject_index(), names, sids)
        self._exceptions = [_as_exception(e) for e in exceptions]
        self._exc = _Names(_Index(), [e.name for e in self._exceptions], self._exceptions)
        # (watched names) real people an operator listed: read as registered names are (case,
        # spacing, typos, run together, apart, spelled out, in other scripts), but as nobody here
        # (``subject_id`` None: a real person without consent). Each name its own owner, so that
        # the searches that skip an owner already found skip only that name.
        wnames = [_watched_name(w) for w in watched]
        self._watch = _Names(_subject_index(), wnames, [_Watched(n) for n in wnames])

    @property
    def kb(self) -> Knowledge:
        if self._kb is None:
            self._kb = knowledge()
        return self._kb

    # ------------------------------------------------------------------ public

    def find(self, prompt: str) -> list[Likeness]:
        """Every registered or unknown person name in ``prompt`` (exempted ones left out)."""
        return list(self.find_all(prompt).likenesses)

    def find_all(self, prompt: str, _syntax: bool = True) -> NameScan:
        """Likenesses and exempted mentions in ``prompt``, each in order of position.

        (Red team 63) A prompt written in a front end's syntax (weights, edits, emphasis) is read
        twice, with the syntax's marks dropped and as written, and every name either reading finds
        counts: "Taylor (Swift:1.2)" is read as "Taylor Swift", and nothing found in the prompt as
        written before is lost."""
        if not isinstance(prompt, str):
            raise LikenessError(f"prompt: {type(prompt).__name__}, expected str")
        if not prompt.strip():
            return NameScan((), ())  # nothing to read (a GAN request): no need to load the knowledge
        plain = _prompt_syntax(prompt) if _syntax else prompt
        if plain != prompt:
            first = self.find_all(prompt, False)
            second = self.find_all(plain, False)
            spans = [lk.span for lk in first.likenesses]
            likenesses = list(first.likenesses) + [_replace(lk, text=prompt[lk.span[0]:lk.span[1]])
                                                   for lk in second.likenesses if not _overlaps(lk.span, spans)]
            ex_spans = [lk.span for lk in first.exempted] + [lk.span for lk in likenesses]
            exempted = list(first.exempted) + [lk for lk in second.exempted if not _overlaps(lk.span, ex_spans)]
            key = lambda lk: lk.span  # noqa: E731
            return NameScan(tuple(sorted(likenesses, key=key)), tuple(sorted(exempted, key=key)))
        kb = self.kb
        self._guard_budget.left = _GUARD_READS_PER_PROMPT
        raw_toks, text, origin = _tokens(_url_spaces(prompt))
        foreign = _language(raw_toks, kb, text)
        toks = _expand(raw_toks, text, kb, bool(foreign))
        registered = self._registered(prompt, raw_toks)
        expanded = toks != raw_toks  # words run together or spelled out were split or joined
        if expanded:
            registered += [lk for lk in self._registered(prompt, toks) if not _overlaps(lk.span, [r.span for r in registered])]
        registered += self._scattered(prompt, raw_toks, registered)
        registered += self._spelled(prompt, raw_toks, registered)
        registered += self._registered_native(prompt, raw_toks, text, origin, registered)
        registered += self._namesakes(registered)
        if self._guard_famous:
            registered = [self._not_another_famous(lk) for lk in registered]
        if self._watch:
            registered += self._watched(prompt, raw_toks, toks, text, origin, expanded, registered)
        taken = [(lk.span[0], lk.span[1]) for lk in registered]
        words_of_registered = [w for lk in registered for w in lk.extra.get("word_spans", ())]
        candidates = self._unknown(prompt, toks, text, origin, foreign)
        candidates += self._styled_famous(prompt, raw_toks, candidates)
        for lk in registered:
            # what the unknown-name rule reads at a registered name's place ("Dr Jane Roe", "Jane
            # Roe Jr"): a creator is shown that, so that a name reads the same whether or not it
            # is someone's here (red team 30; consent.policy folds the two)
            seen_as = next((u for u in candidates if u.span is not None and _overlaps(u.span, [lk.span])), None)
            if seen_as is not None:
                lk.extra["as_unknown"] = [seen_as.span[0], seen_as.span[1], seen_as.text]
        unknown = [u for u in candidates if not _overlaps(u.span, taken)
                   and not any(a <= u.span[0] and u.span[1] <= b for a, b in words_of_registered)]
        exc_spans = self._exception_spans(raw_toks) + (self._exception_spans(toks) if expanded else [])
        likenesses: list[Likeness] = list(registered)
        exempted: list[Likeness] = []
        for u in unknown:
            cover = next((e for e in exc_spans if e[0] <= u.span[0] and u.span[1] <= e[1]), None)
            if cover is not None and self._guard_famous and self._another_famous(prompt[cover[0]:cover[1]], cover[2].name):
                # (session 58) an exception matched with a typo, run together or read another way
                # exempts nobody famous it was not written as ("Rhianna" does not exempt Rihanna)
                exc_spans = [e for e in exc_spans if e is not cover]
                cover = None
            if cover is None:
                likenesses.append(u)
        seen: set[tuple[int, int]] = set()
        for start, end, exc in exc_spans:
            if _overlaps((start, end), taken) or (start, end) in seen:
                continue  # an exception never hides a registered subject
            seen.add((start, end))
            exempted.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=None, text=prompt[start:end],
                                     span=(start, end), confidence=1.0,
                                     extra={"exempt": True, "exception": exc.name, "reason": exc.reason}))
        key = lambda lk: lk.span  # noqa: E731
        return NameScan(tuple(sorted(likenesses, key=key)), tuple(sorted(exempted, key=key)))

    # ------------------------------------------------------------------ registered

    def _another_famous(self, written: str, name: str) -> bool:
        """Whether the prompt's ``written`` text, matched to the registered name or exception
        ``name`` by the tolerant matching (a typo in a word, words run together or apart, another
        script), reads as, or is a typo from, a known real person other than the one ``name``
        itself is read as (red teams of session 58: "Rhianna" as an exception exempted Rihanna,
        "John Terry" registered licensed John Kerry, "Ob Ama" Obama, "Zelenskiii" Зеленский).
        The same name written the same way is never another person. At most
        ``_GUARD_READS_PER_PROMPT`` texts of one prompt are read; past them, any text not
        written as its name is taken for another person (fail closed)."""
        if _as_written(written) == _as_written(name):
            return False
        reads = getattr(self._guard_budget, "left", None)
        if reads is not None:
            if reads <= 0:
                return True
            self._guard_budget.left = reads - 1
        them = _people_read(self.kb, written, True)
        if not them:
            return False
        own = set(_people_read(self.kb, name, False))
        if tuple(t.norm for t in _tokens(name)[0] if t.norm) in self.kb.people:
            own.add(_canon_person(self.kb, name))  # a known person's name, registered as written
        return bool(them - own)

    def _not_another_famous(self, lk: Likeness) -> Likeness:
        """``lk`` (a registered name found in a prompt) as is, or, where the text found reads as
        another known real person (:meth:`_another_famous`), that person: no subject's grant
        covers them. A registered name's words found apart (``scattered``) are its exact words."""
        if lk.subject_id is None or lk.extra.get("scattered") or lk.extra.get("watched"):
            return lk
        if not self._another_famous(lk.text, str(lk.extra.get("matched_name", ""))):
            return lk
        return _replace(lk, subject_id=None, confidence=_RULE_CONFIDENCE["known-person"],
                        extra={"rule": "known-person", "unknown_person": True,
                               "near_registered": lk.extra.get("matched_name")})

    def _styled_famous(self, prompt: str, toks: list[_Tok], found: list[Likeness]) -> list[Likeness]:
        """(red team 64) A famous name written in styled letters (mathematical, small capitals,
        superscripts, circled...: "𝐭𝐫𝐮𝐦𝐩 𝐚𝐭 𝐚 𝐫𝐚𝐥𝐥𝐲", "ᴍᴀᴄʀᴏɴ portrait") is the person in any case
        and any context: such letters were refused whole as an unreadable script before they were
        read, and a famous word written so is a name meant to pass."""
        if prompt.isascii():
            return []
        styled = [i for i, c in enumerate(prompt) if (ord(c) >= 0x1D00 or c in _SMALL_CAPS) and _letter_of(c)]
        if not styled:
            return []
        kb = self.kb
        by_first = _people_pairs(kb)[0]
        taken = [lk.span for lk in found]
        out = []
        for t in toks:
            if t.script != "latin" or len(t.norm) < 3 or not any(t.start <= i < t.end for i in styled) \
                    or _overlaps((t.start, t.end), taken):
                continue
            if t.norm in kb.people_single or t.norm in kb.famous_last or t.norm in kb.famous_word \
                    or (t.norm in by_first and len(t.norm) >= 4) or t.norm in _STYLED_ACRONYMS:
                out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=None, text=prompt[t.start:t.end],
                                    span=(t.start, t.end), confidence=_RULE_CONFIDENCE["known-person"],
                                    extra={"rule": "styled-famous", "unknown_person": True}))
        return out

    def _typo_ok(self, t: _Tok) -> bool:
        """A word may be read as a typo of a registered name unless it is itself an English
        word, place or other known thing ("book" is not a typo of "Cook")."""
        kb = self.kb
        return not (kb.is_word(t.norm) or (t.norm,) in kb.things)

    def _namesakes(self, found: list[Likeness]) -> list[Likeness]:
        """Every other subject registered under a name found (a display name or alias written the
        same way): the name is each of theirs, and each needs their consent. The searches stop at
        a name's first owner; a persona registered as "Sam Rivera" took the prompt from the real
        Sam Rivera, opted out, and needed no one's consent (a fresh user's walkthrough, session 64)."""
        reg = self._reg
        if not reg or not found:
            return []
        have = {lk.subject_id for lk in found}
        out: list[Likeness] = []
        for lk in found:
            name = lk.extra.get("matched_name")
            if not isinstance(name, str) or name not in reg.first:
                continue
            key = _name_info(name)[1]
            for k in (reg.with_key(key) if key else reg.positions(name)):
                sid = reg.owners[k]
                if sid in have:
                    continue
                have.add(sid)
                out.append(_replace(lk, subject_id=sid, extra={**lk.extra, "matched_name": reg.names[k],
                                                               "namesake_of": lk.subject_id}))
        return out

    def _registered(self, prompt: str, toks: list[_Tok], reg: _Names | None = None) -> list[Likeness]:
        out: list[Likeness] = []
        reg = self._reg if reg is None else reg
        if not reg:
            return out
        words_at = reg.word_sets(toks, self._typo_ok)
        i = 0
        while i < len(toks):
            hit = reg.match(toks, i, words_at)
            if hit is None:
                i += 1
                continue
            length, k, key = hit
            words = key.split()
            sid, name = reg.owners[k], reg.names[k]
            start, end = toks[i].start, toks[i + length - 1].end
            exact = all(toks[i + m].norm == w for m, w in enumerate(words))
            out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=sid, text=prompt[start:end],
                                span=(start, end), confidence=1.0 if exact else 0.9,
                                extra={"matched_name": name, "exact": exact}))
            i += length
        return out

    def _scattered(self, prompt: str, toks: list[_Tok], found: list[Likeness],
                   reg: _Names | None = None) -> list[Likeness]:
        """Registered names whose words are all in the prompt, apart or reordered.

        "Swift, Taylor" or "Taylor in a red dress … Swift" still names the subject to a text
        encoder. Words must match exactly (no typo tolerance) and only words of two or more
        letters count; a name needs two such words. The likeness spans its first word only,
        so it hides no other mention from the unknown-person rules. Candidates come from
        the pairs of prompt words that are words of some registered name, so the search
        does not grow with the number of subjects.
        """
        reg = self._reg if reg is None else reg
        if not reg:
            return []
        have = {lk.subject_id for lk in found}
        spans = [lk.span for lk in found]
        vocab = reg.index.vocab
        where: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            if spans and _overlaps((t.start, t.end), spans):
                continue
            for f in {t.norm, t.alt, *t.forms}:
                if len(f) >= 2 and f in vocab:
                    where.setdefault(f, []).append(i)
        if not where:
            return []
        present = list(where)
        cands: set[int] = set()
        for a in present:
            for b in present:
                if a != b or len(where[a]) > 1:
                    for nm in reg.with_pair(a, b):
                        cands.update(reg.positions(nm))
        out: list[Likeness] = []
        for k in sorted(cands):
            sid, name = reg.owners[k], reg.names[k]
            if sid in have:
                continue
            words = tuple(x for x in reg.index.words[name] if len(x) >= 2)
            if len(words) < 2:
                continue
            picked: list[int] = []
            for w in words:
                i = next((i for i in where.get(w, ()) if i not in picked), None)
                if i is None:
                    break
                picked.append(i)
            else:
                first = toks[min(picked)]
                have.add(sid)
                out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=sid,
                                    text=prompt[first.start:first.end], span=(first.start, first.end),
                                    confidence=0.7, extra={"matched_name": name, "exact": False, "scattered": True,
                                                           "words": [prompt[toks[i].start:toks[i].end]
                                                                     for i in sorted(picked)],
                                                           "word_spans": [(toks[i].start, toks[i].end)
                                                                          for i in sorted(picked)]}))
        return out

    def _spelled(self, prompt: str, toks: list[_Tok], found: list[Likeness],
                 reg: _Names | None = None) -> list[Likeness]:
        """Registered names spelled out letter by letter: "J a n e D o e", "J-a-n-e Doe".

        Each run of two or more one-letter tokens is joined, together with the word just
        before and after it, and searched for a registered name run together ("janedoe",
        four letters or more). The likeness spans the tokens that spell it.
        """
        reg = self._reg if reg is None else reg
        if not reg:
            return []
        have = {lk.subject_id for lk in found}
        out: list[Likeness] = []
        i = 0
        while i < len(toks):
            if len(toks[i].norm) != 1:
                i += 1
                continue
            j = i
            while j < len(toks) and len(toks[j].norm) == 1:
                j += 1
            if j - i >= 2:
                lo, hi = max(i - 1, 0), min(j, len(toks) - 1)
                joined = "".join(t.norm for t in toks[lo:hi + 1])
                # (red team 56) no key of this matcher's names is longer than their longest: a prompt
                # of a thousand single letters made every substring (cubic time, 12 s for 4,000 characters)
                top = reg.max_key_len
                subs = {joined[a:b] for a in range(len(joined)) for b in range(a + 4, min(len(joined), a + top) + 1)}
                for c in sorted(subs, key=lambda s: (-len(s), s)):
                    for k in reg.with_key(c):
                        sid, name = reg.owners[k], reg.names[k]
                        if sid in have:
                            continue
                        a, b = lo, hi  # trim to the smallest window that still spells the name
                        while a < b and c in "".join(t.norm for t in toks[a + 1:b + 1]):
                            a += 1
                        while b > a and c in "".join(t.norm for t in toks[a:b]):
                            b -= 1
                        start, end = toks[a].start, toks[b].end
                        have.add(sid)
                        out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=sid, text=prompt[start:end],
                                            span=(start, end), confidence=0.8,
                                            extra={"matched_name": name, "exact": False, "spelled": True}))
            i = j
        return out

    def _registered_native(self, prompt: str, toks: list[_Tok], text: str, origin: list[int],
                           found: list[Likeness], reg: _Names | None = None) -> list[Likeness]:
        """Registered names inside words of scripts written without spaces ("习近平在集会上",
        "김정은은"): every stretch of two to eight characters, read through transliteration,
        against the registered names (so "习近平" also finds a subject registered as "Xi Jinping")."""
        reg = self._reg if reg is None else reg
        if not reg:
            return []
        out: list[Likeness] = []
        spans = [lk.span for lk in found]
        k0 = 0
        while k0 < len(toks):
            if toks[k0].script != "other":
                k0 += 1
                continue
            k1 = k0
            while k1 < len(toks) and toks[k1].script == "other":
                k1 += 1
            v0 = toks[k0].vstart
            word, where, ends = _compact(text[v0:toks[k1 - 1].vend])
            k0 = k1
            if len(word) < 2:
                continue
            roman = [_fold_char(c) for c in word]
            p = 0
            while p < len(word):
                hit = None
                for q in range(min(len(word), p + 8), p + 1, -1):
                    if not (word[p].isalpha() and word[q - 1].isalpha()):
                        continue
                    key = "".join(roman[p:q])
                    if len(key) >= 4:
                        k = reg.first_of(key)
                        if k is not None:
                            hit = (q, k)
                            break
                if hit is None:
                    p += 1
                    continue
                q, k = hit
                start, end = origin[v0 + where[p]], origin[v0 + ends[q - 1] - 1] + 1
                if not _overlaps((start, end), spans):
                    out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=reg.owners[k],
                                        text=prompt[start:end], span=(start, end), confidence=0.9,
                                        extra={"matched_name": reg.names[k], "exact": False, "substring": True}))
                    spans.append((start, end))
                p = q
        return out

    def _watched(self, prompt: str, raw_toks: list[_Tok], toks: list[_Tok], text: str, origin: list[int],
                 expanded: bool, registered: list[Likeness]) -> list[Likeness]:
        """Watched names (operator-listed real people) read as registered names are; a registered
        subject's own mention wins where the two overlap (a consenting person of that name)."""
        w = self._watch
        found = self._registered(prompt, raw_toks, w)
        if expanded:
            found += [lk for lk in self._registered(prompt, toks, w) if not _overlaps(lk.span, [r.span for r in found])]
        found += self._scattered(prompt, raw_toks, found, w)
        found += self._spelled(prompt, raw_toks, found, w)
        found += self._registered_native(prompt, raw_toks, text, origin, found, w)

        def same(a: Likeness, b: Likeness) -> bool:  # the names in the form registered names are compared in
            return normalize_name(str(a.extra.get("matched_name", ""))) == normalize_name(str(b.extra.get("matched_name", "")))

        # (red team 56) only a registered subject's mention of the *same* name wins (a consenting
        # person of that name); one that merely shares a word or a place with a watched mention
        # ("Ilse Marrow" read apart in "ilse vrontkamp walking with marrow") hides nothing
        return [_replace(lk, subject_id=None, extra={**lk.extra, "watched": True})
                for lk in found if not any(_overlaps(lk.span, [r.span]) and same(lk, r) for r in registered)]

    def _exception_spans(self, toks: list[_Tok]) -> list[tuple[int, int, NameException]]:
        out = []
        exc = self._exc
        if not exc:
            return out
        words_at = exc.word_sets(toks, self._typo_ok)
        for i in range(len(toks)):
            for length in exc.index.lengths_desc:
                if i + length > len(toks):
                    continue
                sets = [words_at(i + k) for k in range(length)]
                if not all(sets):
                    continue
                for k in sorted({x for combo in product(*sets) for x in exc.with_key(" ".join(combo))}):
                    out.append((toks[i].start, toks[i + length - 1].end, exc.owners[k]))
        return out

    # ------------------------------------------------------------------ unknown persons

    def _next(self, toks: list[_Tok], i: int, text: str) -> int | None:
        """Index of the word that can continue a name after ``toks[i]``: next to it, or after
        spaces, dots, dashes and the like, or after a quoted nickname ('Dwayne "The Rock" Johnson')."""
        j = i + 1
        if j >= len(toks):
            return None
        gap = text[toks[i].vend:toks[j].vstart]
        if set(gap) <= _GAP_OK:
            return j
        if len(gap) <= 8 and all(c in _GAP_OK or _is_symbol(c) for c in gap):
            return j  # an emoji or a symbol between the parts: "Keanu 🔥 Reeves", "Lady✨Gaga"
        if _LEET_GAP.fullmatch(gap) or (gap.isdigit() and len(gap) == 1 and toks[i].cap and toks[j].cap and (
                gap == "1" or (toks[i].norm, toks[j].norm) in self.kb.people)):
            return j  # (red team 63) glued by leetspeak marks or a digit: "Emma!Watson", "Donald1Trump"
        if any(q in gap for q in _QUOTES) and all(c in _QUOTES or c.isspace() for c in gap):
            for k in range(j, min(j + 4, len(toks))):
                g2 = text[toks[k].vend:toks[k + 1].vstart] if k + 1 < len(toks) else text[toks[k].vend:]
                if any(q in g2 for q in _QUOTES) and all(c in _QUOTES or c.isspace() or c in ",.;:!?" for c in g2):
                    # one quoted word and no capitalised word after it: the quoted surname
                    # ('Nicki «Minaj» in a pink wig'); else a quoted nickname before the surname
                    if k == j and (k + 1 >= len(toks) or not (toks[k + 1].cap or toks[k + 1].upper)
                                   or not all(c in _QUOTES or c.isspace() for c in g2)):
                        return j
                    return k + 1 if k + 1 < len(toks) and all(c in _QUOTES or c.isspace() for c in g2) else None
                if g2 and not set(g2) <= _GAP_OK:
                    break
        return None

    def _unknown(self, prompt: str, toks: list[_Tok], text: str, origin: list[int],
                 foreign: frozenset[str] = frozenset()) -> list[Likeness]:
        kb = self.kb
        n = len(toks)
        # (full-width Latin letters count as Latin: "Ｍｅｓｓｉ celebrating" mixes case too)
        letters = [c for c in text if c.isalpha() and (c.isascii() or "\uff21" <= c <= "\uff5a")]
        upper = sum(c.isupper() for c in letters)
        cased = bool(letters) and 0 < upper < 0.6 * len(letters)  # capitals say something only in mixed case
        ph = [t.placeholder for t in toks]
        # an adapter token ("<sks>") is matched against registered names only, unless it is a
        # famous person's one-word name ("<<Obama>>": brackets are no disguise)
        blocked = [p and not (i > 0 and ph[i - 1]) and not (i + 1 < n and ph[i + 1])
                   and toks[i].norm not in kb.people_single and toks[i].norm not in kb.famous_last
                   for i, p in enumerate(ph)]
        thing1 = [(t.norm,) in kb.things for t in toks]
        if any(c in _BALTIC_LETTERS for c in text):
            # (round 30) a place's genitive in Latvian or Lithuanian, capitalised, in a prompt with a
            # letter only they write: "Rīgas Doma laukums", "Vilniaus senamiestis" (Rīga, Vilnius);
            # not a given name or a surname of the tables unless written with such a letter ("Mantas":
            # Manta; "Dalia": Dali; red team 53)
            for i, t in enumerate(toks):
                own = any(c in _BALTIC_LETTERS for c in text[t.vstart:t.vend])  # "Rīgas", not "Rigas"
                if (t.cap or t.upper) and not thing1[i] and t.norm not in kb.famous_last \
                        and t.norm not in kb.people_single and (own or not (self._given(t) or self._surname(t))) and any(
                            t.norm.endswith(end) and kb.things.get((t.norm[:len(t.norm) - len(end)] + base,)) == "place"
                            for end, base in _BALTIC_PLACE_CASES):
                    thing1[i] = blocked[i] = True
        for i, t in enumerate(toks):  # "HMS Victory", "USS Enterprise": a ship's name
            if t.norm in _SHIP_PREFIXES and t.upper and i + 1 < n and (toks[i + 1].cap or toks[i + 1].upper) \
                    and not self._famous_full(toks, i + 1, text):  # "HMS Barack Obama" is still him
                k = i + 1
                while k < n and k - i <= 3 and (toks[k].cap or toks[k].upper or toks[k].norm.isdigit()):
                    blocked[k] = True
                    k += 1
        for i, t in enumerate(toks):
            if t.norm in _SAMPLER_KEYS and i + 1 < n and (
                    any(c in _gap(text, t, toks[i + 1]) for c in ":=\"")
                    or (toks[i + 1].norm == "name" and i + 2 < n and any(c in _gap(text, toks[i + 1], toks[i + 2]) for c in ":=\""))):
                # "sampler: Euler a", "sampler_name": "euler_a": a setting's value names the sampler
                # (not "sampler Method Man", "dj sampling Method Man vocals": adversary 19)
                k = i + 1
                while k < n and toks[k].norm in _SAMPLER_WORDS and not any(c in _gap(text, toks[k - 1], toks[k])
                                                                             for c in ",;\n}]"):
                    blocked[k] = True
                    k += 1
            elif t.norm in ("a", "p") and i >= 1 and i + 1 < n and toks[i + 1].norm == "m" \
                    and toks[i - 1].norm.isdigit() and _gap(text, t, toks[i + 1]) == ".":
                blocked[i] = blocked[i + 1] = True  # a time of day: "3 A.M.", "10:30 p.m."
            elif t.norm == "euler" and i + 1 < n and toks[i + 1].norm == "a" \
                    and _gap(text, t, toks[i + 1]) in (" ", "_") and (
                        i + 2 >= n or any(c in _gap(text, toks[i + 1], toks[i + 2]) for c in ",;|\n)]}")):
                blocked[i] = blocked[i + 1] = True  # "Euler a, 20 steps": the sampler (round 11)
            elif i + 1 < n and len(t.norm) == 2 and len(toks[i + 1].norm) == 2 and _gap(text, t, toks[i + 1]) in ("-", "_") \
                    and text[t.vstart:t.vend].islower() and text[toks[i + 1].vstart:toks[i + 1].vend].isupper() \
                    and f"{t.norm}-{toks[i + 1].norm}" in _LOCALES:
                # a locale's code: "fr-FR", "pt_BR" (round 11); only a listed one ("ne-YO", "jo-JO"
                # are singers: adversary 21)
                blocked[i] = blocked[i + 1] = True
            elif t.norm == "karras" and i >= 1 and toks[i - 1].norm in _DPM_WORDS:
                blocked[i] = True  # "DPM++ 2M Karras", "dpmpp_2m_karras": the schedule
            elif t.norm in _UNITS and not self._famous_full(toks, i, text) and (  # (round 11, adversary 19:
                    # "in Kelvin Kiptum kit" is the runner)
                    (i >= 1 and (toks[i - 1].norm.isdigit() or toks[i - 1].norm in ("degree", "degrees", "in")))
                    or (i + 2 < n and toks[i + 1].norm in ("and", "or") and toks[i + 2].norm in _UNITS)
                    or (i >= 2 and toks[i - 1].norm in ("and", "or") and toks[i - 2].norm in _UNITS)):
                blocked[i] = True  # "20 degrees Celsius", "in Celsius and Fahrenheit": the unit
        ships = any(t.norm in _SHIP_WORDS for t in toks)
        marks = (bool(_HAS_DIGIT(text)), "@" in text)
        spans: list[tuple[int, int, str]] = []
        native: list[tuple[int, int, str]] = []  # (start, end) in the prompt
        famous_first = _people_pairs(kb)[0]  # first name -> last names of known people of two words
        i = 0
        while i < n:
            t = toks[i]
            if blocked[i]:
                i += 1
                continue
            if t.script == "other":  # other scripts: see _native_spans
                j = i
                while j < n and toks[j].script == "other":
                    j += 1
                v0 = toks[i].vstart
                for x, y, rule in _native_spans(kb, text[v0:toks[j - 1].vend]):
                    native.append((origin[v0 + x], origin[v0 + y - 1] + 1, rule))
                for k in range(i, j - 1):  # (round 24) Armenian, cased: "Հենրիխ Մխիթարյան"
                    if not text[toks[k].vend:toks[k + 1].vstart].strip() and not blocked[k + 1] \
                            and self._cased_surname_pair(toks[k], toks[k + 1]):
                        native.append((origin[toks[k].vstart], origin[toks[k + 1].vend - 1] + 1, "name-native"))
                i = j
                continue
            if i >= 1 and toks[i - 1].norm in _NAMED and not self._famous_full(toks, i, text):
                # a name given in the prompt to someone it makes up: "a woman named Sarah Johnson"
                k = i + 1
                while k < n and k - i < 3 and (toks[k].cap or toks[k].upper) and toks[k].norm not in _STOP:
                    k += 1
                blocked[i:k] = [True] * (k - i)
                i = k
                continue
            desc = self._description(toks, i, text, thing1)
            if desc:  # before a known phrase: "the President of the United States" is one person
                spans.append((i, desc, "description"))
                i = desc
                continue
            hit = self._phrase(toks, i, text)
            if hit is not None and hit[0] == 1 and (self._own_word(t, foreign, toks, i, text)
                                                    or _ordinary_cyr(kb, t)) \
                    and not t.upper and not self._after_cue(toks, i, foreign):
                # a word of the prompt's language ("un mango maduro"), not the person's name; (round 9)
                # not after a word for a picture ("retrato de kant", "portrait de cher")
                hit = None
            if hit is None and t.norm in famous_first:
                # (red team 36) a famous first name and surname with one or two middle names or
                # initials between: "Emma Louise Stone", "Lily Anne Collins", "taylor alison swift"
                j = self._middle_named(toks, i, text)
                if j is not None and not self._names_thing(toks, i, j, text, "known-person", ships, self._cased_foreign(t, foreign)) \
                        and not self._saint_or_place_of(toks, i, j, text, blocked):  # (round 42) "di Santa Maria"
                    spans.append((i, j, "known-person"))
                    i = j
                    continue
            if hit is not None:
                length, person = hit
                j = i + length
                # (round 48) the words after a capitalised name read in the prompt's language: "Griezmann
                # tire un coup franc" is no "Griezmann tire" (a tyre)
                if person and self._names_thing(toks, i, j, text, "known-person", ships, self._cased_foreign(t, foreign)):
                    person = False  # "Rockefeller Center", "Obama library", "Shirley Temple drink"
                if person and self._saint_or_place_of(toks, i, j, text, blocked):
                    person = False  # (round 42) "Stazione di Santa Maria Novella", "Markt van Den Bosch"
                if person and length == 2 and t.norm == "the" and i > 0 and toks[i - 1].norm in _WHERE_PREPS \
                        and not any(u.cap or u.upper or u.possessive for u in toks[i:j]) and _gap(text, toks[i - 1], t) == " " \
                        and (kb.noun_class or {}).get(toks[j - 1].norm) in ("object", "location", "artifact", "substance") \
                        and not self._speaks_of_people(toks, i, j):
                    person = False  # (round 41) a place: "the castle on the rock", "a pool at the edge"
                if person and length == 1 and self._inflected_word_here(toks, i, text):
                    hit = None  # (round 40) "iron gates at dawn", "the old masters": the word
                    i += 1
                    continue
                if not person:
                    # (adversary 19) a listed thing's words that run into a famous full name are the
                    # person's: "hey jude bellingham", "Sweet Caroline Kennedy", "Sailor Moon Jae-in"
                    k = next((k for k in range(i + 1, j) if self._famous_full(toks, k, text, past=j)), None)
                    if k is not None:
                        blocked[i:k] = [True] * (k - i)
                        i = k
                        continue
                    # (red team 59) one of its words a famous person's first name, the capitalised
                    # word right after it that person's surname: "Hans Brinker Zimmer", "Egon Olsen
                    # Krenz", "Jim Knopf Morrison" (a character's name written into a real one)
                    if j < n and (toks[j].cap or toks[j].upper) and _gap(text, toks[j - 1], toks[j]) == " " \
                            and any((toks[x].norm, toks[j].norm) in kb.people for x in range(i, j)):
                        spans.append((i, j + 1, "known-person"))
                        i = j + 1
                        continue
                    end = self._thing_as_person(toks, i, j, cased)
                    if end:
                        spans.append((i, end, "known-person"))  # "Lady Madonna performing", "Ikea founder"
                        i = end
                        continue
                if person:
                    spans.append((i, i + length, "known-person"))
                else:
                    blocked[i:i + length] = [True] * length
                i += length
                continue
            rule, j = self._person_at(toks, i, text, cased, blocked, thing1, foreign, marks)
            st_toks, st_text = toks, text  # the sentence read past an aside after the name (round 20)
            if rule is None and i + 2 < n and (t.norm in kb.famous_word or t.norm in kb.people_single or (
                    (t.cap or t.upper) and t.script == "latin" and (
                        (t.norm in kb.famous_last and not self._given(t))
                        or ((t.norm,) in kb.people and (t.norm in _TITLES or t.norm in _ROLES))))):
                # (round 9, adversary 10) a marker saying the prompt made the name up, in brackets
                # right after a famous one-word name, hides nothing: the name is read as if the
                # aside were not there ("Kobe (invented) dunking" is "Kobe dunking"); (round 20) so
                # for a famous last name, capitalised, that is no given name ("LEGEND (40s) plays the
                # piano at the Grammys" as "LEGEND plays ..."; not "ISLA (40s)", a given name), and
                # a title or a role that the knowledge holds as one person's whole name ("PRINCE (50s)
                # plays the guitar" as "PRINCE plays the guitar")
                k = self._made_up_aside(toks, i, text) or self._person_aside(toks, i, text)
                bare = text
                if not k:
                    # (round 18, red team 41) any other aside too ("Trump (in a red tie) signs",
                    # "Macron (2017) eats"), read with its words and brackets blanked out
                    k = self._other_aside(toks, i, text)
                    if k:
                        bare = text[:t.vend] + " " * (toks[k].vstart - t.vend) + text[toks[k].vstart:]
                if k:
                    sub = toks[:i + 1] + toks[k:]
                    rule, j = self._person_at(sub, i, bare, cased, blocked[:i + 1] + blocked[k:],
                                              thing1[:i + 1] + thing1[k:], foreign, marks)
                    j = i + 1 if rule else i
                    st_toks, st_text = sub, bare
            if rule is None and i + 1 < n and (t.cap or t.upper) and t.script == "latin" and not thing1[i] \
                    and (t.norm in kb.famous_word or t.norm in kb.people_single
                         or (t.norm in kb.famous_last and not self._given(t))) \
                    and not self._role_or_common_surname(t) and self._age_aside(toks, i, text):
                # (round 15, red team 39) a famous one-word name or last name, capitalised, with an
                # age in brackets right after it, as a screenplay brings a character in ("MACRON
                # (40s) smiles.", "ADELE (30s) sings."): the character is that person (a last name
                # that is also a given name is a stranger's first name there: "ISLA (40s) herds sheep";
                # round 16, red team 40: nor a role or a common surname, as a screenplay names
                # characters too, "USHER (20s)", "UNDERTAKER (60s)", "HARRIS (40s)")
                rule, j = "acts-like-person", i + 1
            # (red team 47) German's genitive before a capitalised likeness noun: "Trumps Maske",
            # "Macrons Karikatur" read as "Trump Maske"
            bt = t if not (i + 1 < n and t.cap and len(t.norm) >= 5 and t.norm.endswith("s") and toks[i + 1].cap
                           and (toks[i + 1].norm in _PICTURE_WORDS or toks[i + 1].norm in _LIKENESS_ELSEWHERE)
                           and not self._famous_single(t.norm)) \
                else _replace(t, norm=t.norm[:-1])
            if rule is None and i + 1 < n and (t.cap or t.upper) and t.script == "latin" and not thing1[i] \
                    and self._famous_not_word(bt) and bt.norm not in kb.brands and not self._role_or_common_surname(bt) \
                    and (toks[i + 1].norm in _LIKENESS_NOUNS or (
                        (toks[i + 1].norm in _PICTURE_WORDS or toks[i + 1].norm in _LIKENESS_ELSEWHERE)
                        and (toks[i + 1].norm not in _PICTURE_NOT_AFTER or _gap(text, t, toks[i + 1]) == "-"))) \
                    and _gap(text, t, toks[i + 1]) in (" ", "-"):
                # (round 25) a famous one-word name, capitalised, right before what shows a person's
                # likeness: "Trump mask", "Macron caricature", "Swift bobblehead", "Trump-Karikatur"
                # (as "Trump portrait" was read); not a common English word or a brand ("Rock statue",
                # "Hazard mask", "Apple poster", "Swift sketch of a bird"); (red team 47) a word for a
                # picture, a mask or a doll of another language after a space too ("Trump Maske",
                # "Macron masque", "Trump caricatura", "Trump Puppe"; not _PICTURE_NOT_AFTER's, after a
                # space: "Escobar cartel")
                rule, j = "acts-like-person", i + 1
            if rule is None and i + 2 < n and (t.cap or t.upper) and t.script == "latin" and t.sentence_start \
                    and self._famous_single(t.norm):
                # (round 16, red team 40) a famous one-word name, though a common word ("Bush", "Jobs"),
                # starting a sentence before a person's finite verb and its object: "Bush signs a bill",
                # "Jobs presents the iPhone" (not "Bush grows by the fence", "Hazard signs on the road")
                # (round 20: read past an aside after the name, as above: "LEGEND (40s) plays the piano")
                sn, stx = len(st_toks), st_text
                k = self._finite_act(st_toks, i, stx)
                if not k and i + 3 < sn and st_toks[i + 1].norm == "and" \
                        and (st_toks[i + 2].cap or st_toks[i + 2].upper) \
                        and (st_toks[i + 3].norm in _PERSON_PLURAL or st_toks[i + 3].norm in _PERSON_FINITE) \
                        and not st_toks[i + 3].cap and _gap(stx, st_toks[i + 2], st_toks[i + 3]) == " ":
                    k = i + 3  # (and two names sharing the verb: "Trump and Vance sign an order")
                if k and (t.norm in kb.brands or t.norm in _WORD_FIRMS) and st_toks[k].norm in _FIRM_ACTS \
                        and not any(u.norm in _PRONOUNS for u in st_toks[k + 1:k + 8]):
                    k = 0  # (round 18, red team 41) a listed brand's launch: "Ford unveils a new pickup truck"
                    # (not "Ford unveils his new film": a person's pronoun)
                if k and k + 1 < sn and (self._object_after(st_toks, k + 1) or self._moves_along(st_toks, i, k, stx)) \
                        and _gap(stx, st_toks[k], st_toks[k + 1]) == " ":
                    rule, j = "acts-like-person", i + 1
                elif k and self._performs(st_toks, i, k, stx):
                    rule, j = "acts-like-person", i + 1
            if rule is None and i + 1 < n and t.cap and not t.upper and t.script == "latin" \
                    and (i == 0 or t.sentence_start or (_clause_opened(toks, i, text, bool(foreign))
                                                        and self._clause_subject(toks, i, text))) \
                    and not thing1[i] and not blocked[i] and self._surname_first(toks, i, text, foreign):
                rule, j = "famous-surname", i + 1
            if rule is None and i + 1 < n and not foreign and not blocked[i] \
                    and self._english_surname_first(toks, i, text):  # (it reads a one-word thing or place itself)
                rule, j = "famous-surname", i + 1
            if rule is None and i >= 1 and not thing1[i] and not blocked[i] and self._article_surname(toks, i, text, foreign):
                rule, j = "famous-surname", i + 1
            if rule is None and i >= 1 and not thing1[i] and not blocked[i] and self._tagalog_personal(toks, i, text, foreign):
                rule, j = "famous-surname", i + 1
            if rule in _FULL_NAME_RULES and rule != "known-person" and j - i >= 2 and t.norm in _ARTICLES_ANY \
                    and len(t.norm) >= 2 and not kb.is_word(t.norm) and (t.cap or t.upper) \
                    and toks[i + 1].norm not in kb.famous_last and toks[i + 1].norm not in kb.people_single \
                    and ((not self._given(toks[i + 1]) and not self._surname(toks[i + 1])) or (
                        kb.things.get((toks[i + 1].norm,)) == "place" and toks[i + 1].norm not in kb.famous_last)):
                # (round 42) an article of a language that English does not write, read as a given name
                # or a particle before a capitalised noun or a place: "Le Château de Versailles", "Le
                # Mont-Saint-Michel" (not before a surname of the tables, "De Vries lacht", nor a famous
                # one: "Les Macron au balcon")
                i += 1
                continue
            if rule and rule != "description" and self._saint_or_place_of(toks, i, j, text, blocked):
                blocked[i:j] = [True] * (j - i)
                i = j
                continue
            if rule == "acts-like-person" and j == i + 1 and (t.cap or t.upper) and not self._famous_single(t.norm) \
                    and t.norm in _listed_firsts(kb) and not self._given(t) and not self._surname(t) \
                    and not (i + 1 < n and self._famous_full(toks, i + 1, text)):
                # (round 18, red team 41) the first word of a listed character's or thing's name, no
                # person's name: "Paddington eats a marmalade sandwich" ("Paddington Bear")
                blocked[i] = True
                i += 1
                continue
            if (rule in _FULL_NAME_RULES or rule in ("title", "initials")) and j - i >= 2 \
                    and any(self._famous_full(toks, k, text) for k in range(i + 1, j)):
                i += 1  # a famous full name starts inside: "POSTER ART MICHAEL JORDAN" is no "Art Michael",
                continue  # "the queen Eddie Murphy waving" no "queen Eddie" (adversary 10)
            if rule in ("inflected", "misspelled") and j < n and _gap(text, toks[j - 1], toks[j]) == " " \
                    and toks[j].norm in _PLACE_NOUNS and not kb.is_word(toks[j].norm):
                # (round 42) a name's case, or a genitive read as a near name, before a place's word of
                # a language that puts it after the name: "Gedimino prospektas", "Frederiks Kirke"
                # (only a place's word: "Erdoğanla çay" is him, with tea)
                blocked[i:j] = [True] * (j - i)
                i = j
                continue
            if rule and rule in _NAMED_PLACE_RULES and self._names_thing(toks, i, j, text, rule, ships, foreign):
                # a place, building, dish, breed or product named after someone: "Marie Byrd Land",
                # "Carnegie Hall", "Caesar salad", "King Charles spaniel", "John Deere tractor"
                k = self._third_name(toks, i, j, text, rule, blocked, cased)
                if k and not self._names_thing(toks, i, k, text, rule, ships, foreign):
                    # (red team 36 leftover) the word taken for the thing's is the name's surname:
                    # "Mila Rose Hart on stage", "Aria Louise Stone at a gala" (not "Mila Rose Hart Plaza")
                    spans.append((i, k, rule))
                    i = k
                    continue
                blocked[i:j] = [True] * (j - i)
                i = j
                continue
            if rule and rule not in ("description", "known-person") and i > 0 and toks[i - 1].norm in _MYTH_BEFORE \
                    and _gap(text, toks[i - 1], t) == " " and not any(
                        self._famous_single(u.norm) for u in toks[i:j]) and not any(self._famous_full(toks, k, text) for k in range(i, j)):
                blocked[i:j] = [True] * (j - i)  # (round 11) "Archangel Michael", "the goddess Hina"
                i = j
                continue
            if rule and rule not in ("description", "known-person", "inflected") and self._place_word_before(toks, i, j, text):
                # (round 42) the place's name runs on through the capitalised words after it and the
                # particles between them ("Masjid Sultan Salahuddin Abdul Aziz Shah di Shah Alam"),
                # up to a famous full name
                while j < n and _gap(text, toks[j - 1], toks[j]) == " " and not self._famous_full(toks, j, text) and (
                        (toks[j].cap and toks[j].script == "latin")
                        or (toks[j].norm in _PARTICLES and not toks[j].cap and j + 1 < n and toks[j + 1].cap
                            and _gap(text, toks[j], toks[j + 1]) == " " and not self._famous_full(toks, j + 1, text))):
                    j += 1
                blocked[i:j] = [True] * (j - i)  # "Mount Merapi", "Ponte Hercílio Luz", "Elevador Lacerda"
                i = j
                continue
            if rule and rule not in ("description", "known-person") and self._myth_apposition(toks, j) and not (
                    rule == "title" and self._famous_word_in(toks, i, j, text)):
                # (round 11: a title and a name no famous person bears, "Sir Reginald the brave hamster
                # knight"; "King Charles the dragon" is still him)
                blocked[i:j] = [True] * (j - i)  # "Sun Wukong the Monkey King"
                i = j
                continue
            if rule in _FICTION_MARKABLE and self._quoted_title(toks, i, j, text, rule):
                blocked[i:j] = [True] * (j - i)  # a work's title in quotes: "a cover of 'Eleanor Rigby'"
                i = j
                continue
            if rule in _FICTION_MARKABLE and self._fiction_marked(toks, i, j, text):
                blocked[i:j] = [True] * (j - i)  # "Commander Ilse Varga (fictional)": made up, as "named" says
                i = j
                continue
            if rule:
                spans.append((i, j, rule))
                i = j
            elif t.spelled and len(t.norm) >= 4 and not kb.is_word(t.norm) and not thing1[i] \
                    and kb.unigram.get(t.norm, 0) < 1e6:
                # letters spelled out into no English word: a disguise, most likely of a name
                j = i + 1
                while j < n and toks[j].spelled and not kb.is_word(toks[j].norm):
                    j += 1
                spans.append((i, j, "spelled-out"))
                i = j
            else:
                i += 1
        spans += self._scattered_famous(toks, spans, blocked, cased, famous_first)
        spans += self._latin_before_cjk_title(toks, spans, blocked, text)
        if _VI_ONLY.search(text):
            spans = _vietnamese(toks, text, spans)
        if _turkish_text(text):
            spans = _turkish(kb, toks, text, spans)
        if (not text.isascii() or foreign) and not _turkish_text(text):
            spans = self._dictionary_words(toks, spans, foreign)
        out = []
        found = [(toks[i].start, toks[j - 1].end, rule) for i, j, rule in spans]
        for start, end, rule in native:  # overlapping readings of one name: keep the longest
            if not any(a <= start and end <= b and (a, b) != (start, end) for a, b, _r in native):
                if not any(a == start and b == end for a, b, _r in found):
                    found.append((start, end, rule))
        for start, end, rule in sorted(found):
            extra = {"rule": rule, "unknown_person": True}
            if rule == "description":
                extra["description"] = True
            if rule == "unreadable-script":
                extra["why"] = "text in a script the name check cannot read; a person name in it cannot be ruled out"
            out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=None, text=prompt[start:end],
                                span=(start, end), confidence=_RULE_CONFIDENCE[rule], extra=extra))
        return out

    def _lower_pair_elsewhere(self, toks: list[_Tok], i: int, nxt: _Tok, foreign: frozenset[str]) -> bool:
        """(round 28) In lower case in a prompt in another language, ``toks[i]`` is a given name and
        ``nxt`` a surname of the tables that is no common word or little word of any language of
        :func:`_latin_words` nor of English, and the given name no word of the prompt's language
        (:func:`_prompt_words`), nor a little word, nor an English word: a person's name as typed on
        a phone ("magdalena andersson simmar", "lucie dvořáková tančí"). A given name that is a word
        of the prompt's language pairs only with a surname rare in English too ("chiara ferragni")."""
        kb = self.kb
        t = toks[i]
        if t.cap or t.upper or nxt.cap or nxt.upper or t.script != "latin" or nxt.script != "latin" \
                or len(t.norm) < 3 or len(nxt.norm) < 3 or not t.norm.isalpha() or not nxt.norm.isalpha() \
                or t.norm in foreign or nxt.norm in foreign or t.norm in kb.first_word \
                or not self._given(t) or not (self._surname(nxt) or nxt.norm in kb.famous_last
                                              or self._surname_by_ending(nxt)) \
                or t.norm in _STOP or t.norm in _TITLES or self._word(nxt):
            return False
        words = _prompt_words(kb, toks, foreign)
        langs_of = kb.stop_langs or {}
        if not words:
            # (round 43) a prompt whose language no list tells ("vanja žibert na planini s kozami",
            # "sergei michelson saunas pärast jooksu"): a given name and a surname of the tables that
            # are no word of any list nor a little word of any language are a person's name
            langs = _prompt_langs(kb, toks, (t, nxt), words)[0]
            return ((self._surname(nxt) or self._surname_by_ending(nxt)) and nxt.norm not in langs_of
                    and t.norm not in langs_of
                    and not _word_of(nxt.norm, langs) and not _word_of(t.norm, langs) and not self._word(t)
                    and len(t.norm) >= 4 and len(nxt.norm) >= 4
                    # (red team of session 57) not a Vietnamese place typed without its marks ("vinh ha
                    # long o quang ninh")
                    and f"{t.norm} {nxt.norm}" not in _VI_PLACES_FOLDED)
        if nxt.norm in langs_of:
            return False
        if nxt.norm in words or _word_of(nxt.norm, _prompt_langs(kb, toks, (t, nxt), words)[0]):
            # (round 43) a surname that is also a word of the language ("nádia oliveira", olive tree;
            # "alex preda", prey) after a given name that is none, nor a little word, nor English
            langs = _prompt_langs(kb, toks, (t, nxt), words)[0]
            # (not a word that is a given name too: "zorica rudi nad brdima", dawn reddens; red team 52)
            return (self._surname(nxt) and not self._given(nxt) and t.norm not in words and not _word_of(t.norm, langs)
                    and t.norm not in langs_of and not self._word(t) and len(nxt.norm) >= 4)
        # (round 29) the languages the prompt may be in: a Swedish prompt whose little words Danish
        # has too ("en stilla morgon" is no Danish given name and surname)
        langs, most = _prompt_langs(kb, toks, (t, nxt), words)
        if _word_of(nxt.norm, langs) or (t.norm in words and _any_latin_word(nxt.norm)):
            # (red team 52) a given name that is a word of the language ("zora", dawn) pairs only
            # with a surname no list holds: "zora puca nad morem" (dawn breaks over the sea)
            return False
        if t.norm in langs_of and (langs.intersection(langs_of[t.norm]) or most < 2):
            # a little word of the prompt's languages ("bir aslan"), or of any language where too
            # few little words say which the prompt's is; not "ana" in "ana horvat u vrtu s mačkom"
            return False
        if self._word(t) and kb.census_first_rank.get(t.norm, 10**6) >= 1000:
            return False
        return t.norm not in words or kb.unigram.get(nxt.norm, 0) < 1e5

    def _patronymic_at(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> int:
        """(round 30) A Malay or Arabic name with its patronymic, in any case: one to three names,
        "bin", "binti", "bte" or "ibni", and the father's name ("ahmad faizal bin razak", "Nur
        Aisyah binti Hassan"). Each name is a given name, a surname or a famous last name of the
        tables, or a word no list knows, and at least one is of the tables; none is a word (English,
        a little word of the prompt's language, a brand) unless the tables hold it as a given name.
        "bin" after a word is the word's ("a recycling bin"). Returns the reading's end, else 0."""
        kb = self.kb

        def namish(u: _Tok) -> bool:
            return self._namish_elsewhere(u, foreign)

        def listed(u: _Tok) -> bool:
            return self._given(u) or self._surname(u) or u.norm in kb.famous_last

        n = len(toks)
        if not self._name_shape_words(toks)[0]:
            return 0  # (most prompts stop here: no "bin" or "binti" in them)
        if toks[i].upper or not namish(toks[i]) or (i > 0 and _gap(text, toks[i - 1], toks[i]) == " "
                                                       and namish(toks[i - 1]) and toks[i - 1].cap == toks[i].cap):
            return 0
        k = i + 1
        while k < n and k <= i + 2 and toks[k].norm not in _PATRONYMIC_WORDS and namish(toks[k]) \
                and _gap(text, toks[k - 1], toks[k]) == " ":
            k += 1
        if k + 1 >= n or toks[k].norm not in _PATRONYMIC_WORDS or _gap(text, toks[k - 1], toks[k]) != " " \
                or _gap(text, toks[k], toks[k + 1]) != " " or not namish(toks[k + 1]) or toks[k].cap:
            return 0
        names = [*toks[i:k], toks[k + 1]]
        if len({u.cap for u in names}) > 1 or not any(listed(u) for u in names):
            return 0  # the names in one case: "Ahmad bin Razak", "ahmad bin razak"
        return k + 2

    def _name_shape_words(self, toks: list[_Tok]) -> tuple[bool, bool]:
        """(round 30) Whether a prompt's tokens hold a patronymic word ("bin") and a word that ends
        as only surnames do, asked once per prompt (the last answer is kept with its token list)."""
        got = getattr(self, "_shape_words_last", None)
        if got is not None and got[0] is toks:
            return got[1], got[2]
        pat = any(u.norm in _PATRONYMIC_WORDS for u in toks)
        end = any(u.norm.endswith(_SURNAME_ONLY_ENDS) for u in toks)
        self._shape_words_last = (toks, pat, end)
        return pat, end

    def _namish_elsewhere(self, u: _Tok, foreign: frozenset[str]) -> bool:
        """(round 30) ``u`` may be a name in a prompt in another language: three Latin letters or
        more, no little word, brand or common word of a language (:func:`_latin_words`), and no
        English word unless the tables hold it as a given name (a little word of some language only
        then, and of four letters or more: "ahmad" is one of Hausa's)."""
        kb = self.kb
        return u.script == "latin" and u.norm.isalpha() and len(u.norm) >= 3 and u.norm not in _STOP \
            and u.norm not in foreign and u.norm not in kb.brands and u.norm not in _PATRONYMIC_WORDS \
            and (not self._word(u) or self._given(u)) and not _any_latin_word(u.norm) \
            and (u.norm not in (kb.stop_langs or {}) or (len(u.norm) >= 4 and self._given(u)))

    def _plural_after_article(self, toks: list[_Tok], i: int, foreign: frozenset[str]) -> bool:
        """(round 43) ``toks[i]`` ends in -s after a plural article of :data:`_PLURAL_ARTICLES` and is a
        common word of the prompt's language: a plural noun, no genitive nor a misspelled famous name
        ("Las Fallas", "As Festas"). (Red team of session 57) Not any word in -s there: "los Obamas",
        "las Kardashians", "des Obamas" are the family; nor in an English prompt ("me as Herodotos")."""
        t = toks[i]
        if not (t.norm.endswith("s") and i > 0 and toks[i - 1].norm in _PLURAL_ARTICLES and foreign):
            return False
        return t.norm in _prompt_words(self.kb, toks, foreign)

    def _title_after(self, toks: list[_Tok], i: int, j: int, text: str, foreign: frozenset[str]) -> bool:
        """(round 43) ``toks[j]`` (after the name at ``toks[i]``) is a title that Turkish or Hungarian
        put after a name (:data:`_TITLES_AFTER`; Hungarian's only in a Hungarian prompt, and "úr"
        after "tanár", "doktor", "igazgató" too)."""
        u = toks[j]
        if u.norm in _TITLES_AFTER_TR:
            return True
        if u.norm not in _TITLES_AFTER_HU or u.upper:
            return False
        if u.norm != "doktor" and any(c in "áéóőúű" for c in text[u.vstart:u.vend].lower()):
            return True  # written with its accents: "úr", "néni", "bácsi", "tanár", "igazgató"
        return _prompt_words(self.kb, toks, foreign) is _latin_word_lists().get("hu")

    def _declined_pair_at(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> int:
        """(round 43) A declined given name and surname, both capitalised, in a prompt in another
        language: ``toks[i]`` no given name as written but one under a case ending of
        :data:`_GIVEN_CASES` ("Ievos" of Ieva, "Róży" of Róża, "Diany" of Diana), ``toks[i + 1]`` a
        surname of the tables as written or under an ending of :data:`_SURNAME_CASES`, or one by its
        ending ("Pocienės" of Pocienė, "Kubíčekovej" of Kubíčeková); neither a word of any list,
        English or the prompt's language, nor a brand or a place. Returns the reading's end, else 0."""
        n = len(toks)
        t = toks[i]
        if not foreign or i + 1 >= n or t.upper or t.script != "latin" or len(t.norm) < 4 \
                or not t.norm.isalpha() or self._given(t):
            return 0
        u = toks[i + 1]
        if u.cap != t.cap or u.upper or u.script != "latin" or len(u.norm) < 4 or not u.norm.isalpha() \
                or _gap(text, t, u) != " " or u.sentence_start:
            return 0
        low = not t.cap  # (in lower case the surname must end as only surnames do: "rūtos kazlauskienės")
        if low and not u.norm.endswith(_LOW_DECLINED_ENDS):
            return 0  # (most words of a prompt stop here)
        kb = self.kb
        for x in (t, u):
            if self._word(x) or x.norm in kb.brands or (x.norm,) in kb.things or x.norm in foreign \
                    or x.norm in (kb.stop_langs or {}) or (x is u and _any_latin_word(x.norm)):
                return 0  # (a given name's cases are in the word lists: "Ievos", "Róży")
        w, v = t.norm, u.norm
        given = any(w.endswith(e) and len(w) - len(e) >= 3 and (w[:len(w) - len(e)] + r) in kb.given
                    for e, r in _GIVEN_CASES)
        if not given:
            return 0
        if (self._surname(u) and not low) or self._surname_by_ending(u):
            return i + 2
        for e, r in _SURNAME_CASES:
            if v.endswith(e) and len(v) - len(e) >= 3:
                st = v[:len(v) - len(e)] + r
                if (st in kb.surname and not low) or self._surname_by_ending(_replace(u, norm=st)):
                    return i + 2
        return 0

    def _ending_surname_at(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> int:
        """(round 30) One or two names (:meth:`_namish_elsewhere`) and a surname by its ending
        (:meth:`_surname_by_ending`), in one case, spaced: "Katrínu Jakobsdóttur", "laufey lín
        jónsdóttir", "ieva jankauskaitė". Returns the reading's end, else 0."""
        n = len(toks)
        t = toks[i]
        if not self._name_shape_words(toks)[1] or not any(u.norm.endswith(_SURNAME_ONLY_ENDS) for u in toks[i + 1:i + 3]):
            return 0  # (most prompts stop here: no word of theirs ends so)
        if t.upper or not self._namish_elsewhere(t, foreign) or self._surname_by_ending(t):
            return 0
        if i > 0 and _gap(text, toks[i - 1], t) == " " and self._namish_elsewhere(toks[i - 1], foreign) \
                and toks[i - 1].cap == t.cap and not self._surname_by_ending(toks[i - 1]):
            return 0  # (read from the first name)
        for k in (i + 1, i + 2):
            if k >= n or _gap(text, toks[k - 1], toks[k]) != " " or toks[k].cap != t.cap or toks[k].upper:
                return 0
            if self._surname_by_ending(toks[k]) and toks[k].norm.endswith(_SURNAME_ONLY_ENDS):
                return k + 1
            if not self._namish_elsewhere(toks[k], foreign):
                return 0
        return 0

    def _surname_by_ending(self, t: _Tok) -> bool:
        """(round 30) ``t`` ends as only surnames do (:data:`_LATIN_SURNAME_ENDS`: Lithuanian
        -aitė, -ienė, -avičius; Icelandic -dóttir, -sson), after three letters or more, and is no
        common word of a language that ends so (``data/latin_suffix_words.txt.gz``), of the
        languages of :func:`_latin_words` or of English, nor a brand: "jankauskaitė",
        "helgadóttir", "mikutavičius" (not "mergaitė", a girl; not "lesson")."""
        w = t.norm
        end = next((e for e in _LATIN_SURNAME_ENDS if w.endswith(e) and len(w) - len(e) >= 3), None)
        if end is None or (end in ("ian", "yan") and _pinyin_word(w)):
            return False  # (red team 45) not Chinese words in pinyin: "shenxian" (immortals)
        return w.isalpha() and not self._word(t) and w not in self.kb.brands \
            and w not in _suffix_words() and not _any_latin_word(w) and self.kb.unigram.get(w, 0) < 1e7

    def _surname_then_given(self, toks: list[_Tok], i: int, nxt: _Tok, foreign: frozenset[str]) -> bool:
        """(round 29) In a Hungarian prompt (:func:`_prompt_words`), both in lower case or both
        capitalised, ``toks[i]`` is a surname of the tables and ``nxt`` a given name that is no
        Hungarian word: a name in Hungarian order, family name first ("kovács anna főz a
        konyhában", "Kovács Anna a konyhában", "hajdú péter egy stúdióban"). The surname may be a
        word (kovács, a smith; szabó, a tailor): Hungarian surnames often are. (Round 43) Both
        capitalised, the given name may be a word of the Hungarian list too ("fénykép: Balogh Erika"), not
        when the surname is one as well (red team of session 57: "Vörös Rózsa cukrászda", a shop)."""
        kb = self.kb
        t = toks[i]
        if (t.cap or t.upper) != (nxt.cap or nxt.upper) or t.script != "latin" or nxt.script != "latin" \
                or len(t.norm) < 3 or len(nxt.norm) < 3 or not t.norm.isalpha() or not nxt.norm.isalpha() \
                or not (self._surname(t) or t.norm in kb.famous_last) or not self._given(nxt):
            return False
        langs_of = kb.stop_langs or {}
        words = _prompt_words(kb, toks, foreign)
        if not words or words is not _latin_word_lists().get("hu") or nxt.norm in kb.brands \
                or (nxt.norm in words and not (t.cap and nxt.cap and t.norm not in words)) \
                or t.norm in langs_of or nxt.norm in langs_of or t.norm in _STOP or nxt.norm in _STOP:
            return False
        return not (self._word(nxt) and kb.census_first_rank.get(nxt.norm, 10**6) >= 1000)

    def _surname_first(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> bool:
        """(round 28) ``toks[i]``, capitalised at a prompt's or a sentence's start in another language
        (:func:`_prompt_words`), is a famous person's last name that is no common word of the
        languages of :func:`_latin_words` nor a common English word, and the next word, after a
        space, is a lower-case word of that language: the person, as the press there names them
        ("Macron en train de faire du surf", "Kopernik patrzy w gwiazdy", "Chirac mange une pomme").
        A word of those languages is not read ("Blanco sobre negro", "Costa do Sauípe"), nor a common
        first name ("Maria"), a role, a brand or a common surname, nor a family name alone in
        Vietnamese ("Phạm và Trần", a firm). A dish or a thing named after a famous person is read
        as the person here ("Carpaccio di manzo", "Pavlova aux fruits rouges": red team 50)."""
        kb = self.kb
        t, u = toks[i], toks[i + 1]
        if len(t.norm) < 4 or not t.norm.isalpha() or not u.norm.isalpha() \
                or u.cap or u.upper or u.script != "latin" or _gap(text, t, u) != " " or _VI_ONLY.search(text):
            return False
        if t.norm not in kb.famous_last and not (t.norm.endswith(_PATRONYMIC_ENDS) and self._surname_by_ending(t)):
            # (round 30) or an Icelandic patronymic: "Jakobsdóttir heldur ræðu á Alþingi" (round 48 read the
            # last names of people famous at home too, and dropped it after red team s62: "Carbonero en
            # una rama" (a bird; Sara Carbonero), "Colombie vue du ciel", "El Pitufo"'s nickname)
            return False
        words = _prompt_words(kb, toks, foreign)
        if not words and not foreign:
            return False
        # (round 29) the languages the prompt may be in, by its little words too: "Mikkelsen i en
        # mørk habit" (Danish, Norwegian or Swedish), whose words are too few to say which list
        every, most = _prompt_langs(kb, toks, (t, u), words)
        langs = {lang for lang in every if lang in _latin_word_lists()}
        # (round 30) a language with little words and no list of common words (Albanian, Estonian),
        # said by one of its little words and a letter it writes often, twice ("ë", "õ"; folded away
        # from the little words, which other languages then share: "në"): the next word is then any
        # lower-case word that is no English word ("Kadare shkruan në makinë në Gjirokastër")
        unlisted = any(lang in every and text.count(mark) + text.count(mark.upper()) >= 2
                       for lang, mark in _UNLISTED_MARKS) and not self._word(u) and u.norm not in _STOP
        # (round 32) a prompt whose little words say another language: the next word may also be a
        # lower-case word of four letters or more, no English word or little word, shaped like a verb
        # of the third person in that language (:func:`_verb_shaped`; in any of :data:`_VERB_ANY`
        # where the little words name none): "Tänak sõidab rallit", "Rizal nakaupo sa mesa",
        # "Cruijff dribbelt langs een verdediger", verbs the word lists lack
        unknown_verb = bool(foreign) and len(u.norm) >= 4 and not self._word(u) and not kb.is_word(u.norm) \
            and u.norm not in _STOP and u.norm not in kb.stop_langs and _verb_shaped(u.norm, every or _VERB_ANY)
        # (red team 74) capitalised mid-sentence right after a clause opener, in a language that does
        # not capitalise its nouns, a famous surname that is also a word is the name ("una vignetta dove
        # Benigni è sul palco", "rysunek gdzie Tusk w kapeluszu tańczy"); at a sentence's start, and in
        # German, the word ("Blanco sobre negro")
        opened = i > 0 and not t.sentence_start and "de" not in every
        # (red team 75) the word vetoes are lifted after an opener only for someone the tables know by
        # that one word (trump, putin, merkel, tusk), not for "Apple", "Natale", "Norte", "Martini"
        known_alone = t.norm in kb.people_single or t.norm in kb.famous_word or t.norm in _ALONE_FAMOUS
        lifted = opened and known_alone
        # (red team 75) "X e Y": coordinated with a brand, a known thing, a capitalised word no table
        # holds as a person's name, or a lower-case common word that is no word for people: a thing
        if opened and not known_alone and (u.norm in _COORD or (u.norm == "a" and every & {"cs", "sk"})
                                           or (u.norm == "in" and "sl" in every)) \
                and i + 2 < len(toks) and _gap(text, u, toks[i + 2]) == " ":
            v = toks[i + 2]
            if v.cap or v.upper:
                if v.norm in kb.brands or (v.norm,) in kb.things or not (
                        v.norm in kb.famous_last or v.norm in kb.people_single or self._given(v) or self._surname(v)):
                    return False
            elif v.norm.isalpha() and v.norm not in _STOP and v.norm not in kb.stop_langs \
                    and v.norm not in _KINDS_OF_PEOPLE and v.norm not in _PEOPLE_WORDS_ANY \
                    and not (kb.is_word(v.norm) and self._head_class(v.norm) == "person") \
                    and (v.norm in words or _word_of(v.norm, langs) or kb.is_word(v.norm)):
                return False
        if not (langs or unlisted or unknown_verb) or (_any_latin_word(t.norm) and not lifted and self._word_here(t, u, langs, every, most)) \
                or t.norm in kb.brands or t.norm in _STOP or t.norm in foreign \
                or self._role_or_common_surname(t) or kb.census_first_rank.get(t.norm, 10**6) < 2000 \
                or t.norm in kb.first_word or (self._word(t) and kb.unigram.get(t.norm, 0) >= 2e6 and not lifted):
            return False
        # (round 48) a preposition of every language the little words may name: "Tusk w Sejmie",
        # "Mikkelsen i mørkt jakkesæt" (Danish, Norwegian or Swedish)
        listed = [lang for lang in every if lang in _PREPS_OF]
        # (red team s62) one of one letter ("w", "z", "u", "i") only after a surname the tables know
        # alone: "Lugano w jesieni", "Lampedusa z lotu ptaka", "Momo z sosem" are places and dishes
        prep = bool(listed) and all(u.norm in _PREPS_OF[lang] for lang in listed) and (len(u.norm) > 1 or known_alone)
        return unlisted or unknown_verb or u.norm in foreign or u.norm in words or _word_of(u.norm, langs) \
            or (opened and len(u.norm) == 1) or prep  # (red team 74) "dove Macron è", "gdzie Tusk w kapeluszu"

    def _english_surname_first(self, toks: list[_Tok], i: int, text: str) -> bool:
        """(session 63) ``toks[i]``, capitalised at an English prompt's or sentence's start, is the
        last name of someone famous (:data:`_ENGLISH_SURNAME_FAME`) and is no English word, given
        name, role, common surname, brand, place or thing; the next word, after a space, is a
        preposition of where one is seen (:data:`_EN_SEEN_PREPS`): the person, as English press
        captions name them ("Saramago at his desk in Lanzarote", "Isinbayeva at the stadium",
        "Kekkonen on skis"). A one-word name the tables know alone was read so already ("Einstein
        at the blackboard"); this reads the last names of Pantheon's people, which counted only
        before what people do ("Pamuk writes"), with "his" or as a possessive."""
        t, u = toks[i], toks[i + 1]
        # (session 64) also in a prompt written all in lower case ("newton sitting under an apple
        # tree"), and before an action in -ing ("Churchill flashing the V sign", "Darwin collecting")
        lower = not t.cap and not any(x.cap or x.upper for x in toks)
        acting = _acting_ing(u.norm) and self.kb.is_word(u.norm) and _gap(text, t, u) == " "
        if not (i == 0 or t.sentence_start) or not (t.cap or lower) or t.upper or t.script != "latin" or len(t.norm) < 4 \
                or not t.norm.isalpha() or u.cap or u.upper or (u.norm not in _EN_SEEN_PREPS and not acting) \
                or _gap(text, t, u) not in (" ", ", "):
            return False
        if u.norm == "with" and i + 2 < len(toks) and toks[i + 2].norm in ("its", "it"):
            return False  # a thing's own: "Lugano with its lakefront"
        kb = self.kb
        fame = _last_fame(kb).get(t.norm, 0)
        place = t.norm not in kb.famous_last
        if place:
            # (session 64) a famous last name that is also a place ("Churchill", "Copernicus", a town
            # and a crater): the person only before what a person does and a place does not
            # ("Churchill flashing the V sign", "copernicus holding a model"), not "Churchill in winter"
            if not (fame >= _ENGLISH_SURNAME_FAME and u.norm in _HUMAN_ING and kb.things.get((t.norm,)) == "place"):
                return False
        elif fame < _ENGLISH_SURNAME_FAME:
            return False
        k = i + 2
        while k < len(toks) and toks[k].norm in _EN_WHEN_SKIP:
            k += 1
        if k < len(toks) and toks[k].norm in _EN_WHEN:
            return False  # when or how a place is seen: "Lugano in autumn", "Lugano at night" (a town the lists lack)
        # not a surname many people bear ("Singh", "Novak", "Wang": a stranger, or a character), nor a
        # common word of another language ("Afro", "Norte", "Tarifa")
        return not (self._word(t) or self._given(t) or self._surname(t) or self._role_or_common_surname(t)
                    or t.norm in _first_words_of_people(kb) or t.norm in _particle_only_lasts(kb)
                    or t.norm in kb.brands or (kb.things.get((t.norm,)) is not None and not place) or t.norm in kb.first_word
                    or kb.census_first_rank.get(t.norm, 10**6) < 2000 or _any_latin_word(t.norm))

    @staticmethod
    def _cased_foreign(t: _Tok, foreign: frozenset[str]) -> frozenset[str]:
        """(round 48) The prompt's little words (``foreign``) for reading what follows a capitalised
        name as words of the prompt's language (:meth:`_names_thing`); none for a name in lower case,
        which that reading would make a person in word salad ("rund es lange für fragen": "für" is no
        fur, and "lange" no Lange)."""
        return foreign if (t.cap or t.upper) else frozenset()

    def _word_here(self, t: _Tok, u: _Tok, langs: set[str], every: set[str], most: int) -> bool:
        """(round 48) ``t``, a common word of some language of the word lists, is read as that word
        at a prompt's start (``_surname_first``) when it is a word of the prompt's language or of
        one close to it (:data:`_NEAR_LANGS`), an English word, or the prompt's language is not
        clear (fewer than two of its words say it). A word only of another language is the
        surname: "Marín grita de alegría" (Spanish; "marin" is French), "Mutu șutează din afara
        careului" (Romanian; "mutu" is Indonesian) — not "Lasagna nel forno" (English too),
        "Tanjung dengan mercusuar" (Malay's word in Indonesian), "Szabó és társa Kft." (its
        language unclear: Hungarian's "és" is read as Catalan's "es"). (Red team s62: the lists
        lack words of the prompt's own language, "Palme im Topf", "Paradis tropical", "Londra sotto
        la pioggia", so only before a word shaped like a verb of the prompt's language (``u``,
        :func:`_verb_shaped`), and not in German, which capitalises its nouns: "Uran glüht".)"""
        if most < 2 or self.kb.is_word(t.norm) or "de" in every or not _verb_shaped(u.norm, every):
            return True
        near = set(langs) | set(every)
        for lang in tuple(near):
            near |= _NEAR_LANGS.get(lang, frozenset())
        return _word_of(t.norm, near)

    def _native_surname_first(self, toks: list[_Tok], i: int, nxt: _Tok | None) -> bool:
        """(round 48) ``toks[i]``, Cyrillic or Greek, capitalised at a prompt's or a sentence's
        start before a lower-case word of its script, is a famous person's last name of the tables:
        the person, as ``_surname_first`` reads the Latin-script press ("Бубка розбігається з
        жердиною", "Тимошенко з косою на трибуні", "Θεοδωράκης διευθύνει ορχήστρα"). Not an
        ordinary Russian or Ukrainian word (:func:`_cyr_words`: "Калина у забора", a guelder rose),
        a given name, a place, a brand, nor a word of four letters or fewer."""
        t = toks[i]
        # (red team s62) also after a Greek article that starts the prompt: "Ο Θεοδωράκης διευθύνει"
        after_article = i == 1 and toks[0].native in ("ο", "η") \
            and (toks[0].sentence_start or toks[0].cap)
        if nxt is None or not (i == 0 or t.sentence_start or after_article) or not t.cap or t.upper or len(t.norm) < 5 \
                or nxt.script != "latinish" or nxt.cap or nxt.upper or not nxt.norm.isalpha() or not t.native:
            return False
        kb = self.kb
        low = t.native  # (NFC and case-folded by _tokens)
        if low in _cyr_words() or low in _NATIVE_STOP or low in kb.native_stop or self._given(t) \
                or low in kb.native_places:
            return False
        forms = _tok_variants(t)
        fame = _last_fame(kb)
        # (red team s62) of someone famous enough (:data:`_NATIVE_SURNAME_FAME`): Greek has no list of
        # its common words here, and the tables' last names hold "Σάμος" (an island), "Στήλες"
        # (columns), "Χαλκιάς" (a coppersmith), "Жуковский" (a town), "Українка" (a Ukrainian woman)
        return any(f in kb.famous_last and fame.get(f, 0) >= _NATIVE_SURNAME_FAME for f in forms) and not any(
            f in kb.brands or kb.things.get((f,)) is not None or f in kb.given for f in forms)

    def _clause_subject(self, toks: list[_Tok], i: int, text: str) -> bool:
        """(round 41, red team 72) After a word that opens a clause, ``toks[i]`` is read as its
        subject unless the clause opened is about a street, a square, a station or a shop: one of
        their words stands before the opener in its clause ("une place où Gambetta est noire de
        monde", "une station de métro où Jaurès est bondée", "un negozio dove Ferrero vende"). (Red team
        74: not a little word after the name, which German and Dutch clauses nearly always have,
        "ein Cartoon wo Schröder auf der Bühne tanzt", nor a place word elsewhere in the prompt,
        "una vignetta dove Benigni salta davanti al museo".)"""
        k = i - 1 if toks[i - 1].norm in _CLAUSE_OPENERS else i - 2  # the opener, or a relative's preposition
        for m in range(k - 1, -1, -1):  # (red team 75) back to the clause's start, not three words
            if any(c in _gap(text, toks[m], toks[m + 1]) for c in ",;.:!?()[]{}|\n"):
                break
            if toks[m].norm in _STREET_NAMED:
                return False
        return True

    def _tagalog_personal(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> bool:
        """(round 41) In a prompt in Tagalog, the personal article ("si", "ni", "kay", plural "sina",
        "nina", "kina") right before a capitalised famous surname that is no given name: a person, as
        Tagalog marks every person's name ("kung saan si Wurtzbach ay nakasuot ng korona"); a given
        name alone stays a given name ("si Maria ay nagluluto"), and a surname of the tables alone
        is anyone's, a dog's too ("ang aso ni Bantay": red team 72)."""
        kb = self.kb
        t, prev = toks[i], toks[i - 1]
        if prev.norm not in _TL_PERSONAL or prev.cap or _gap(text, prev, t) != " " or not t.cap or t.upper \
                or t.script != "latin" or len(t.norm) < 3 or not t.norm.isalpha():
            return False
        # (red team 74) Tagalog among the prompt's possible languages, not only the one its little words
        # tell: a prompt in Taglish ("si Wurtzbach ay nakangiti, cinematic lighting, 8k") is Tagalog too
        if not foreign or (foreign is not (kb.lang_stop or {}).get("tl")
                           and "tl" not in _prompt_langs(kb, toks, (t,), _prompt_words(kb, toks, foreign))[0]):
            return False
        if i + 1 < len(toks) and (toks[i + 1].cap or toks[i + 1].upper) and _gap(text, t, toks[i + 1]) == " ":
            return False  # a given name and a surname: the name rules read the pair
        # (red team 74) a famous surname that is also an English word is the person after the article,
        # which only names people ("si Trump ay nagluluto ng adobo", "si Bolt ay tumatakbo")
        return (t.norm in kb.famous_last or t.norm in kb.people_single or t.norm in _ALONE_FAMOUS) \
            and not self._given(t) and (t.norm,) not in kb.things and t.norm not in kb.brands

    def _article_surname(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> bool:
        """(round 32) In a prompt in Italian, Spanish, Catalan or French, a feminine article (or an
        article joined to a preposition: "della", "alla", "nella") right before a capitalised word
        that is the surname of a famous woman of the tables (her first name one the census and
        Faker give to women only, :attr:`Knowledge.female_first`) names her, as the press there
        does: "la Pellegrini che nuota", "poster della Bellucci", "la Pantoja en un escenario".
        Not a word of the prompt's languages, an English word, a place, a thing or a brand ("la
        Scala", "la Rinascente"), nor the start of a title, a capitalised word after it ("La Dolce
        Vita"); nor a man's surname ("la Ferrari", "la Moretti": the car, the beer), nor a woman's
        first name, which colloquial Italian, Catalan and French put an article before too ("la
        Monica prepara il risotto", "na Mònica"; red team 57)."""
        kb = self.kb
        t, prev = toks[i], toks[i - 1]
        if prev.norm not in _FEMININE_ARTICLES or _gap(text, prev, t) != " " or not t.cap or t.upper \
                or t.script != "latin" or len(t.norm) < 4 or not t.norm.isalpha() or (prev.cap and not prev.sentence_start):
            return False
        if i + 1 < len(toks) and (toks[i + 1].cap or toks[i + 1].upper) and _gap(text, t, toks[i + 1]).strip() == "":
            return False
        if not foreign:
            return False
        langs = _prompt_langs(kb, toks, (t,), _prompt_words(kb, toks, foreign))[0]
        if not langs & _ARTICLE_SURNAME_LANGS or _word_of(t.norm, langs) or kb.is_word(t.norm) or t.norm in kb.female_first \
                or (t.norm,) in kb.things or t.norm in kb.brands or t.norm in _STOP or self._role_or_common_surname(t):
            return False
        return any(f in kb.female_first for f in _people_pairs(kb)[1].get(t.norm, ()))

    def _dictionary_words(self, toks: list[_Tok], spans: list[tuple[int, int, str]],
                          foreign: frozenset[str]) -> list[tuple[int, int, str]]:
        """(round 28) In a prompt in another language written in Latin letters, a capitalised-word
        rule's reading made wholly of that language's common words (:func:`_prompt_words`) is no
        name when none of them is a name of the tables, as written or declined (:meth:`_name_form`):
        "Rynek Główny" (the main square), "Morskie Oko" (a lake). "Rosa Blanco", "Jan Kowalski" and
        "Lecha Wałęsy" are read as before, and so is a famous person's full name."""
        kb = self.kb
        if not any(rule in _CAPITALISED_RULES and j - i >= 2 for i, j, rule in spans):
            return spans
        words = _prompt_words(kb, toks, foreign)
        if not words or words is _latin_word_lists().get("tr"):
            # (red team 50) not Turkish: its given names and surnames are words ("Yağmur Bulut", rain
            # and cloud; "Ümit Kartal"), and round 27's test of Turkish suffixes (:func:`_turkish`) reads it
            return spans
        kept = []
        for i, j, rule in spans:
            if rule in _CAPITALISED_RULES and j - i >= 2 and all(
                    toks[k].script == "latin" and toks[k].norm in words and not self._name_form(toks[k])
                    for k in range(i, j)) and tuple(toks[k].norm for k in range(i, j)) not in kb.people:
                continue
            kept.append((i, j, rule))
        return kept

    def _name_form(self, t: _Tok) -> bool:
        """(round 28) ``t`` is a given name, a surname or a famous name of the tables, or one of them
        declined (:data:`_INFLECTIONS`, and Polish's genitive in -y/-i of a name in -a: "Lecha
        Wałęsy")."""
        kb = self.kb
        if self._given(t) or self._surname(t):
            return True
        w = t.norm

        def named(x: str) -> bool:
            return x in kb.given or x in kb.surname or x in kb.famous_last or x in kb.people_single \
                or x in kb.famous_word

        if named(w):
            return True
        return any(w.endswith(end) and len(w) - len(end) >= 3 and named(w[:len(w) - len(end)] + base)
                   for end, base in _NAME_FORM_ENDINGS)

    def _latin_before_cjk_title(self, toks: list[_Tok], spans: list[tuple[int, int, str]], blocked: list[bool],
                                text: str) -> list[tuple[int, int, str]]:
        """(red team 48) A famous surname or one-word name in Latin letters, half or full width,
        right before a title of Chinese, Japanese or Korean ("Trump大統領", "ＴＲＵＭＰ大統領",
        "Musk氏", "Trump 대통령"): read alone, a word that is also an English word ("trump",
        "musk") is a name only beside English words that say a person."""
        kb = self.kb
        got: list[tuple[int, int, str]] = []
        for i in range(len(toks) - 1):
            t, u = toks[i], toks[i + 1]
            if blocked[i] or t.script != "latin" or u.script != "other" or not (t.cap or t.upper) \
                    or len(t.norm) < 3 or text[t.vend:u.vstart].strip() or u.vstart - t.vend > 1 \
                    or any(a <= i < b for a, b, _r in spans) \
                    or not (t.norm in kb.famous_last or t.norm in kb.people_single):
                continue
            if text.startswith(_CJK_PERSON_TITLES, u.vstart):
                got.append((i, i + 1, "name-title"))
        return got

    def _scattered_famous(self, toks: list[_Tok], spans: list[tuple[int, int, str]], blocked: list[bool],
                          cased: bool, famous_first: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str]]:
        """(round 15, red team 39) A famous person's first name and last name, both capitalised,
        apart in one prompt ("Donald tweets in Trump Tower"): the first name, read as the
        person's (a text encoder joins the two as the registered-name check does, see
        :meth:`_scattered`). Only a last name of :attr:`Knowledge.famous_last` (uncommon, a
        famous person's) counts, and one not next to the first name (a pair there is read above)."""
        kb = self.kb
        taken = {k for a, b, _r in spans for k in range(a, b)}
        where: dict[str, list[int]] = {}
        for k, u in enumerate(toks):
            if u.script == "latin" and len(u.norm) >= 4 and u.norm in kb.famous_last \
                    and ((((u.cap and cased) or u.upper) and not u.possessive and not self._surname_names_thing(toks, k))
                         or kb.census_last_rank.get(u.norm, 10**6) >= 5000):
                # (round 16, red team 40) a rare one, no common surname, also in lower case or
                # possessive: "Donald golfs by trump tower", "Donald golfs outside Trump's tower"
                if u.norm not in kb.surname and k + 1 < len(toks) and toks[k + 1].norm in _PLACE_NOUNS \
                        and (toks[k + 1].cap or toks[k + 1].upper):
                    continue  # (round 17) a byname that is no surname, in a place's name: "Magdalene
                    # College", "Keble College" (not "Trump Tower": a surname, read as above)
                where.setdefault(u.norm, []).append(k)
        if not where:
            return []
        out = []
        for i, t in enumerate(toks):
            if i in taken or blocked[i] or not ((t.cap and cased) or t.upper) or t.script != "latin" \
                    or t.norm in _TITLES or t.norm in _ROLES or not self._given(t):
                continue  # (a title is no first name: "the Shah Mosque ... Naqsh-e Jahan Square")
            lasts = famous_first.get(t.norm)
            if lasts and any(k != i + 1 and k != i and k not in taken for w in lasts for k in where.get(w, ())):
                out.append((i, i + 1, "scattered-famous"))
        return out

    def _role_or_common_surname(self, t: _Tok) -> bool:
        """(round 16, red team 40) ``t`` is a word for a kind of person or a role ("usher",
        "undertaker", "shaman") or one of the 100 commonest US surnames ("harris"), as a
        screenplay names characters; a famous name that is a rarer surname or another word
        is still the person ("DRAKE", "SWIFT", "TRUMP"). (Round 17) Also one of the 1,000 commonest
        US surnames that the contemporary list holds only as the last word of a famous person's
        full name ("KANE": Harry Kane, "STOKES": Ben Stokes), an ordinary surname a character
        bears; a stage name stays the person ("DRAKE", "ADELE"), and so does a rarer surname that
        points to one person ("MACRON", "SWIFT", "MIYAZAKI")."""
        rank = self.kb.census_last_rank.get(t.norm, 10**6)
        return t.norm in _KINDS_OF_PEOPLE or t.norm in _ROLES or rank < 100 \
            or (rank < 1000 and t.norm in self.kb.surname_only)

    def _surname_names_thing(self, toks: list[_Tok], k: int) -> bool:
        """(round 16, red team 40) The last name at ``toks[k]``, a common one (of the 5,000 commonest
        US surnames), names a brand, a place or a thing, not the person: after an article ("a
        Dyson", "a Holiday Inn", "the Major") or before a common noun ("Hilton hotel", "Dell
        laptop"). A famous person's rare last name is still theirs ("Trump Tower"), and one before a
        work or a picture ("a Ridley film still")."""
        kb = self.kb
        if kb.census_last_rank.get(toks[k].norm, 10**6) >= 5000 or (
                k + 1 < len(toks) and (toks[k + 1].norm in _DEPICT or toks[k + 1].norm in _WORK_WORDS)):
            return False  # (a work or a picture of the person: "a Ridley film still", "a Gosling poster")
        if self._head_class(toks[k].norm) is None and not (k > 0 and toks[k - 1].norm in ("a", "an")) \
                and self._first_name_acts(toks, k):
            return False  # (round 18, red team 41) "Paris poses by the pool at the Hilton", "Amber poses
            # at the Heard mansion": the first name does what people do; "a Dyson" is still one made
        if k > 0 and toks[k - 1].norm in _ARTICLES:
            return True
        if k + 1 < len(toks):
            u = toks[k + 1]
            if (u.cap or u.upper) and not u.possessive and (u.norm in _PLACE_NOUNS or self._head_class(u.norm) in ("location", "object")) \
                    and u.norm.isalpha():
                return True  # (round 18, red team 41) a place's name: "Swift Creek", "Hilton Lake"
            return not (u.cap or u.upper) and u.norm.isalpha() and self._head_class(u.norm) not in (None, "person") \
                and u.norm not in _PERSON_ACTS and u.norm not in _PERSON_FINITE and u.norm not in _STOP
        return False

    def _first_name_acts(self, toks: list[_Tok], k: int) -> bool:
        """(round 18, red team 41) A capitalised first name that a famous person bears with the last
        name at ``toks[k]`` stands elsewhere in the prompt and does what people do right after it
        ("Paris poses ... the Hilton")."""
        firsts = _people_pairs(self.kb)[1].get(toks[k].norm, ())
        for x, u in enumerate(toks[:-1]):
            if x != k and (u.cap or u.upper) and u.norm in firsts and not u.possessive:
                w = toks[x + 1].norm
                if (w in _PERSON_FINITE or w in _MORE_ACTS or w in _PERSON_ACTS) and w not in _ING_NOUNS \
                        and not toks[x + 1].cap:
                    return True
        return False

    def _own_word(self, t: _Tok, foreign: frozenset[str], toks: Sequence[_Tok] = (), i: int = -1,
                  text: str = "") -> bool:
        """``t``, in lower case in a prompt in another language (``foreign``: that language's
        little words), is a word of that language that is also a famous one-word name: one the
        web corpus holds often ("maduro", "messi") or, since round 10, one of the language's
        little words ("durante" in Portuguese) or of its common words (Faker's lorem list of the
        language: "luce" and "nero" in Italian, "petit" in French; not another language's:
        "cher cantando" in Spanish is Cher)."""
        if not foreign or t.cap or t.upper:
            return False
        if toks and self._subject_slot(toks, i, text):
            return False  # (round 11, adversary 19) where a sentence's subject stands: "putin riding a horse"
        # (round 10 also took the language's little and common words, and adversary 19 found 20
        # famous names among them: "cher chante" in French, "kant liest", "monet maalaa", "durante
        # canta"; withdrawn.) A word the web corpus holds often is a word only where some language's
        # little words hold it too ("nas", "sia"); the corpus holds the famous for their fame
        # ("putin hablando en el kremlin", "merkel spricht im bundestag", "obama saludando": adversary 19)
        little = t.norm in (self.kb.stop_langs or {}) and t.norm in foreign
        if little and toks and 0 < i < len(toks) - 1 and toks[i + 1].norm in _ARTICLES_ANY and not toks[i + 1].cap \
                and not toks[i + 1].upper and _gap(text, t, toks[i + 1]) == " " and t.norm not in self.kb.famous_webword \
                and toks[i - 1].norm not in _BEFORE_COMPANY and toks[i - 1].norm not in _OF_WORDS \
                and toks[i - 1].norm not in _TO_PREPS:  # (red team 75) only a tribute's "to" reads it as the name
            # (round 41) a little word of the language right before an article: "Ouro Preto durante o
            # Carnaval"; (red team 72) not before a conjunction or a preposition ("avec cher et les
            # danseurs", "cesta tito do Bělehradu"), nor after "with" or "of" ("la faccia di durante"),
            # (red team 74) nor after any little word ("un hommage à cher la reine du disco", "un
            # omaggio a durante il comico", "en hyllest til verdi den italienske komponisten")
            return True
        # (round 41 also read a common word of the language after its article or mid-sentence as the
        # word, "un domingo", "cielo gris"; red team 72 got 427 prompts naming people through those two
        # rules, "un concerto di madonna allo stadio", "la robe de cher aux oscars", "per la meloni in
        # piazza": withdrawn)
        return (t.norm in self.kb.famous_webword and little) \
            or t.norm in self.kb.first_word  # (round 27) "bir aslan ormanda", "kota saat malam"

    def _subject_slot(self, toks: Sequence[_Tok], i: int, text: str) -> bool:
        """(round 11, adversary 19) ``toks[i]`` stands where a person's name does in any language:
        first in the prompt (after an article at most: "cher chante sur scène", "el chapo
        escapando"), right after a word for a role or a kind of person ("la chanteuse cher", "der
        psychiater jung", "maršal tito", "raja abdullah"), or before or after an English word for
        what people do ("shirtless putin", "putin riding")."""
        kb = self.kb
        k = i - 1
        while k >= 0 and toks[k].norm in _ARTICLES_ANY and not any(
                c in _gap(text, toks[k], toks[k + 1]) for c in ",;.:!?\n"):
            k -= 1
        if k < 0 and not any(c in text[:toks[0].vstart] for c in ",;.:!?()[]{}|\n"):
            return True  # (first in the prompt only: "..., luce calda" is the light)
        if k < 0:
            return False
        prev = toks[k]
        elided = prev.norm[1:] if len(prev.norm) > 3 and prev.norm[0] in "ld" and "'" in text[prev.vstart:prev.vend] else ""
        if prev.norm in _ROLE_WORDS_ANY or prev.norm in _ROLES or elided in _ROLE_WORDS_ANY or (
                kb.is_word(prev.norm) and self._head_class(prev.norm) == "person"
                and prev.norm.endswith(("er", "or", "ist", "ian", "ess", "ant", "ent", "e", "a"))):
            return True
        if prev.norm in _PERSON_ACTS and prev.norm not in _DEPICT_ONLY:
            return True
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return nxt is not None and ((nxt.norm in _PERSON_ACTS and nxt.norm not in _DEPICT_ONLY) or nxt.norm in _MORE_ACTS)

    def _cased_as_written(self, toks: list[_Tok], idx: list[int], caps: tuple[int, ...], strict: bool,
                          text: str) -> bool:
        """(round 46, red team s61) A nickname of data/epithets_at_home.txt at ``toks[idx]`` is written
        as its list writes it: every word the list capitalises (little words aside, ``caps``) is
        capitalised, and one of them where a capital says something: not a sentence's first word
        and not a tag's after a comma ("Nữ hoàng giải trí" at a sentence's start, "Honey Badger,
        Kalahari"), in a prompt not written in Title Case or as a list of capitalised tags
        (:func:`_title_case`). ``strict`` (an article and one word, "El Buitre"): nor right before a
        capitalised word, or a little word and one, a title's ("El Gato con Botas", "El Emperador
        Palpatine")."""
        at = [idx[p] for p in caps if p < len(idx)]
        if not all(toks[x].cap or toks[x].upper for x in at):
            return False
        if at and not any(x > 0 and not toks[x].sentence_start and not _gap(text, toks[x - 1], toks[x]).rstrip().endswith(",")
                          for x in at):
            return False
        if _title_case(self.kb, toks, text):
            return False
        if strict:
            k = idx[-1] + 1
            if k < len(toks) and (toks[k].cap or toks[k].upper):
                return False
            if k + 1 < len(toks) and toks[k].norm in _LITTLE_AFTER and (toks[k + 1].cap or toks[k + 1].upper):
                return False
        return True

    def _epithet_used(self, toks: list[_Tok], k: int) -> bool:
        """An epithet of English words in lower case is the person when what follows it is what
        people do or where they are ("the iron lady giving a speech", "the king of pop moonwalking",
        "the iron lady at the dispatch box"; adversary 19), not a noun it qualifies ("a little
        master bedroom", "an iron lady statue")."""
        if k >= len(toks):
            return False
        w = toks[k].norm
        return w in _PERSON_ACTS or w in _EPITHET_THEN or (
            w.endswith("ing") and w not in _ING_NOUNS and self.kb.is_word(w))

    def _thing_as_person(self, toks: list[_Tok], i: int, j: int, cased: bool) -> int:
        """Where a listed thing at ``toks[i:j]`` is a person all the same (adversary 19), the end
        of the person's span, else 0: a one-word name of a company followed by the word for who
        founded or runs it ("Ikea founder portrait", "the Samsung chairman"); a brand followed by a
        famous surname, capitalised, that is no word or is followed by what people do ("Hasselblad
        Armstrong", "Nikon Bolt sprinting"; not "Kodak Gold 200"); a thing holding a famous
        one-word name followed by what people do ("Lady Madonna performing"; not "a Shirley
        Temple mocktail")."""
        n = len(toks)
        if j >= n:
            return 0
        nxt = toks[j]

        def acts(k: int) -> bool:
            w = toks[k].norm if k < n else ""
            return w in _PERSON_ACTS or (w.endswith("ing") and w not in _ING_NOUNS and self.kb.is_word(w))

        if j - i == 1 and nxt.norm in _FOUNDERS:
            return j + 1
        if j - i == 1 and ((nxt.cap and cased) or nxt.upper) and (nxt.norm in self.kb.famous_last or (
                nxt.norm in _people_last(self.kb) and len(nxt.norm) >= 5 and not self._word(nxt)
                and not (j + 1 < n and (self._head_class(toks[j + 1].norm) in _THING_CLASSES
                                        or toks[j + 1].norm.isdigit())))) \
                and (not self._word(nxt) or acts(j + 1)):
            return j + 1
        kb = self.kb
        famous = any(toks[x].norm in kb.people_single for x in range(i, j)) \
            or any((toks[x].norm, toks[x + 1].norm) in kb.people for x in range(i, j - 1))
        if not famous or self._animal(toks[j - 1].norm) or self._animal(toks[j].norm):
            return 0  # an animal named after someone: "Schrödinger's cat sitting", "a King Charles spaniel"
        w = toks[j].norm
        if w in _PERSON_ACTS and (w.endswith("ing") or w.endswith("s")):
            return j  # what people do, right after: "Lady Madonna performing" (not "Carnegie Hall stage")
        # a person spoken of elsewhere in the prompt: "Shirley Temple drinks with the curly-haired
        # child star", "Einstein ring light portrait of the physicist", "Einstein cross-legged ...
        # sticking out his tongue" (not "a Shirley Temple mocktail on a diner counter")
        rest = toks[:i] + toks[j:]
        return j if any(t.norm in _PRONOUNS for t in rest) else 0

    def _quoted_title(self, toks: list[_Tok], i: int, j: int, text: str, rule: str) -> bool:
        """The name at ``toks[i:j]`` lies inside quotation marks that hold a work's title: a word
        for a song, a film, a book, a show or a cover comes within three words before the opening
        mark or right after the closing one ("cover for 'Matilda'", "Playlist cover 'Hey Jude'",
        "the song 'Eleanor Rigby'"). Not a famous person's name, nor a word of one ("the film
        'Elvis'", "an album cover 'Taylor Swift'")."""
        if rule == "known-person" or any(self._famous_single(t.norm) for t in toks[i:j]) \
                or self._famous_full(toks, i, text):
            return False  # a famous name in quotes is still that person ("the film 'Elvis'")
        a, b = toks[i].vstart, toks[j - 1].vend
        left = a - 1
        while left >= 0 and text[left] not in _QUOTES and text[left] not in ",.;:!?()[]\n" and a - left < 60:
            left -= 1
        right = b
        while right < len(text) and text[right] not in _QUOTES and text[right] not in ",.;:!?()[]\n" \
                and right - b < 60:
            right += 1
        if left < 0 or right >= len(text) or text[left] not in _QUOTES or text[right] not in _QUOTES:
            return False
        if left > 0 and text[left - 1].isalnum():  # an apostrophe inside a word, not a quotation mark
            return False
        before = [t for t in toks[max(0, i - 6):i] if t.vend <= left][-3:]
        after = next((t for t in toks[j:] if t.vstart > right), None)
        return any(t.norm in _WORK_WORDS for t in before) or (after is not None and after.norm in _WORK_WORDS)

    def _fiction_marked(self, toks: list[_Tok], i: int, j: int, text: str) -> bool:
        """The name at ``toks[i:j]`` is followed, in its clause and within four words, by a
        bracket saying the prompt made it up ("Queen Maelis of Vorn (fictional)", "Ilse Varga
        (invented)"), and no word of it is a famous person's name (a famous name stays denied:
        "Barack Obama (fictional)")."""
        kb = self.kb
        if any(t.norm not in _TITLES and (t.norm in kb.people_single or t.norm in kb.famous_last
                                          or t.norm in kb.famous_word or (t.norm,) in kb.people)
               for t in toks[i:j]) or self._famous_full(toks, i, text):
            return False
        # (round 11) a word for a character made up for the prompt right before the name, in its
        # clause ("original character: Mira Vance", "my D&D character Thorin Oakbrew", "the shop
        # NPC, Old Man Hiro"), or "a fictional ..." or "fictional" right after it ("Professor
        # Pumpernickel, a fictional inventor mouse", "Mama Nkechi's fictional food truck")
        for k in range(i - 1, max(-1, i - 4), -1):
            if toks[k].norm in _CHARACTER_WORDS and not any(c in text[toks[k].vend:toks[k + 1].vstart] for c in ".;!?()[]\n"):
                return True
            if toks[k].norm not in _ARTICLES and toks[k].norm not in _FICTION_WORDS:
                break
        end = toks[j - 1].vend
        for k in range(j, min(j + 5, len(toks))):
            gap = text[end:toks[k].vstart]
            if "(" in gap or "[" in gap:
                return toks[k].norm in _FICTION_WORDS
            if toks[k].norm in ("fictional", "fictitious", "imaginary") and (
                    k == j or all(toks[m].norm in _ARTICLES for m in range(j, k))) and not any(c in gap for c in ".;!?)]\n"):
                return True
            if any(c in gap for c in ",.;:!?)]\n"):
                if "," in gap and not any(c in gap for c in ".;:!?)]\n"):
                    end = toks[k].vend  # ("X, a fictional ...")
                    if toks[k].norm in _ARTICLES:
                        continue
                return False
            end = toks[k].vend
        return False

    @staticmethod
    def _made_up_aside(toks: list[_Tok], i: int, text: str) -> int:
        """The index of the word after a bracketed aside of words that say the name is made up,
        right after ``toks[i]`` ("Kobe (invented) dunking": 3), or 0."""
        if "(" not in _gap(text, toks[i], toks[i + 1]) and "[" not in _gap(text, toks[i], toks[i + 1]):
            return 0
        k = i + 1
        while k < len(toks) and k - i <= 3 and toks[k].norm in _FICTION_WORDS:
            k += 1
            if k < len(toks) and any(c in _gap(text, toks[k - 1], toks[k]) for c in ")]"):
                return k
        return 0

    def _person_aside(self, toks: list[_Tok], i: int, text: str) -> int:
        """(round 16, red team 40) The index of the word after a bracketed aside of up to four words
        that names a kind of person, right after ``toks[i]`` ("Drake (the rapper) raps": 4), or 0."""
        if "(" not in _gap(text, toks[i], toks[i + 1]) and "[" not in _gap(text, toks[i], toks[i + 1]):
            return 0
        nc = self.kb.noun_class or {}
        for k in range(i + 1, min(i + 5, len(toks))):
            if k > i + 1 and any(c in _gap(text, toks[k - 1], toks[k]) for c in "([,;.!?"):
                return 0
            if any(c in _gap(text, toks[k], toks[k + 1]) for c in ")]") if k + 1 < len(toks) else False:
                return k + 1 if any(nc.get(u.norm) == "person" and u.norm not in _STOP
                                    for u in toks[i + 1:k + 1]) else 0
        return 0

    def _object_after(self, toks: list[_Tok], k: int) -> bool:
        """(round 16) ``toks[k]``, after a verb, starts its object: an article ("Bush signs a
        bill"); (round 18, red team 41) also a number, or a noun in lower case with no article
        ("Bush signs legislation", "Jobs presents iPhones"), or a preposition before people, a number
        or an article at most between ("Curry dribbles past two defenders"); not a preposition
        before a place or a thing ("Hazard signs on the road")."""
        u = toks[k]
        if u.norm in _ARTICLES or u.norm in _NUMBER_WORDS or u.norm.isdigit():
            return True
        if u.cap or u.upper or not u.norm.isalpha():
            return False
        if u.norm in _ITS_PREPS or u.norm in _STOP:
            m = k + 1
            while m < len(toks) and m - k <= 2 and (toks[m].norm in _ARTICLES or toks[m].norm in _NUMBER_WORDS
                                                    or toks[m].norm.isdigit()):
                m += 1
            return m < len(toks) and (toks[m].norm in _PEOPLE_NOUNS or self._head_class(toks[m].norm) == "person")
        return self._head_class(u.norm) is not None

    def _other_aside(self, toks: list[_Tok], i: int, text: str) -> int:
        """(round 18, red team 41) The index of the word after any other bracketed aside of up to twelve
        words right after ``toks[i]`` ("Trump (in a red tie) signs": 6, "Macron (2017) eats": 3), or
        0: the name is read as if the aside were not there. Not an aside that says what the word
        names, a thing or an animal ("Swift (bird) flying", "Jaguar (the car) parked"). A
        screenplay's age is read past too: it never makes a name safer than the same sentence
        without it ("HARRIS (60s) signs a bill" as "Harris signs a bill")."""
        if "(" not in _gap(text, toks[i], toks[i + 1]) and "[" not in _gap(text, toks[i], toks[i + 1]):
            return 0
        for k in range(i + 1, min(i + 13, len(toks) - 1)):
            if k > i + 1 and any(c in _gap(text, toks[k - 1], toks[k]) for c in "([;.!?\n"):
                return 0
            if any(c in _gap(text, toks[k], toks[k + 1]) for c in ")]"):
                words = [u.norm for u in toks[i + 1:k + 1] if u.norm not in _ARTICLES]
                if words and all(w.isalpha() and w not in _ITS_PREPS for w in words) \
                        and self._head_class(words[-1]) in _THING_CLASSES:
                    return 0  # what the word names: "Swift (bird)", "Jaguar (the car)"
                return k + 1
        return 0

    @staticmethod
    def _age_aside(toks: list[_Tok], i: int, text: str) -> bool:
        """(round 15) Right after ``toks[i]`` comes an age in brackets, as a screenplay gives a
        character's: "(40s)", "(17)", "(mid-30s)", "(late 60s, tired)"; (round 16, red team 40)
        also in square brackets or commas, in words, or with "years old" ("[40s]", ", 40s,",
        "(forties)", "(late seventies)", "(40ish)", "(46 years old)"); not a year or a decade
        ("(1920s)", "(2024)")."""
        if i + 1 >= len(toks):
            return False
        before = _gap(text, toks[i], toks[i + 1]).strip()
        if before not in ("(", "[", ","):
            return False  # (round 16, red team 40: also "[40s]", ", 40s,")
        k = i + 1
        if toks[k].norm in _AGE_WORDS and k + 1 < len(toks) and _gap(text, toks[k], toks[k + 1]) in (" ", "-"):
            k += 1
        if not (_AGE.fullmatch(toks[k].norm) or toks[k].norm in _AGE_DECADES):
            return False  # (round 16: also "(forties)", "(late seventies)", "(40ish)")
        if k + 2 < len(toks) and toks[k + 1].norm in ("years", "year", "yrs", "yo") \
                and _gap(text, toks[k], toks[k + 1]).strip() in ("", "-"):
            k += 1 + (toks[k + 2].norm == "old")  # "(46 years old)"
        after = _gap(text, toks[k], toks[k + 1]) if k + 1 < len(toks) else text[toks[k].end:]
        return after.lstrip()[:1] in ((")", "]", ",") if before != "," else (",",))

    @staticmethod
    def _acts_follow(toks: list[_Tok], j: int, text: str) -> bool:
        """(round 15) Within four words from ``toks[j]``, in its clause, comes what people do
        or where the famous are seen ("on stage presenting", "signs a bill"); (round 17) or clothes
        worn ("in a black turtleneck")."""
        for k in range(j, min(j + 4, len(toks))):
            u = toks[k]
            if k > j and any(c in _gap(text, toks[k - 1], u) for c in ",;.!?()[]|\n"):
                break
            if (u.norm in _PERSON_ACTS or u.norm in _MORE_ACTS or (k == j and u.norm in _PERSON_FINITE)) \
                    and u.norm not in _ING_NOUNS:
                return True
            if k >= j + 2 and u.norm in _CLOTHES and toks[j].norm in ("in", "wearing"):
                return True  # (round 17) dressed: "Apple Jobs in a black turtleneck"
        return False

    def _title_elsewhere_names(self, toks: list[_Tok], j: int, text: str, title: "_Tok | None" = None) -> bool:
        """(round 25, after red team 47) After a title of another language (:data:`_TITLES_ELSEWHERE`)
        ``toks[j]`` is a name only when the tables know it as one (a given name, a surname, a
        famous one-word or last name: "le président Macron", "der König Charles", "Herr Scholz") or
        a capitalised given name or surname of the tables, no English word, follows it:
        those languages' common nouns are capitalised there too ("le prince Charmant", "koning
        Leeuw", "Herr Ober", "Monsieur Propre"), and the package has no lexicon of them."""
        kb = self.kb
        u = toks[j]
        if title is not None and title.cap and title.norm in _TITLES_R43_SURNAME and self._given(u) \
                and not self._surname(u) and u.norm not in kb.people_single and u.norm not in kb.famous_last:
            # (red team of session 57) "Fröken Julie", "Gospod Bog": a given name alone after a
            # capitalised title of round 43 is a work's title or God; a surname may follow it
            return j + 1 < len(toks) and (toks[j + 1].cap or toks[j + 1].upper) and not self._word(toks[j + 1]) \
                and _gap(text, u, toks[j + 1]) == " " and self._surname(toks[j + 1])
        if self._given(u) or self._surname(u) or u.norm in kb.people_single or u.norm in kb.famous_last \
                or u.norm in kb.famous_word or (u.cap and self._surname_by_ending(u)):
            return True  # (round 43: or a surname by its ending, "ponia Gaižauskienė", "paní Kašparová")
        return j + 1 < len(toks) and (toks[j + 1].cap or toks[j + 1].upper) and not self._word(toks[j + 1]) \
            and _gap(text, u, toks[j + 1]) == " " and (self._given(toks[j + 1]) or self._surname(toks[j + 1]))

    def _famous_single(self, w: str) -> bool:
        """``w`` (a token's ``norm``) is a famous person's one-word name or last name."""
        kb = self.kb
        return w in kb.famous_word or w in kb.people_single or w in kb.famous_last

    def _famous_not_word(self, t: _Tok) -> bool:
        """``t`` is a famous person's one-word or last name that is no common English word
        ("Obama", "Putin", "Macron", "Trump"; not "Uber", "Drake", "Bush", "Swift")."""
        return self._famous_single(t.norm) and (not self.kb.is_word(t.norm) or self.kb.unigram.get(t.norm, 0) < 3e6)

    def _finite_act(self, toks: list[_Tok], i: int, text: str) -> int:
        """(round 16, red team 40) The index of a person's finite verb of _PERSON_FINITE right after
        the name at ``toks[i]``, one or two adverbs in -ly between ("Trump eats a burger", "Putin
        spoke at a podium", "Drake slowly raps"), or 0. Not when the subject is no person: a title
        alone in a fairy tale ("Prince rides a white horse to the castle": the stock figure), an animal's word with no person's
        cue after ("Sturgeon swims up the river"), a subject said to be "its" ("Drake swims ... with
        its ducklings"), or a common noun before a plural noun that no object follows ("Hazard signs
        on the road")."""
        n = len(toks)
        t = toks[i]
        if t.possessive or (t.norm in _TITLES and any(u.norm in _FAIRY_TALE or u.norm in _MYTH_HEADS for u in toks)):
            return 0
        k = i + 1
        while k < n and k - i <= 3 and not toks[k - 1].possessive and (
                _gap(text, toks[k - 1], toks[k]) == " " if k > i + 1
                else set(_gap(text, t, toks[k])) <= set(" \"'\u201c\u201d\u2018\u2019*_")):
            u = toks[k]
            if u.norm in _PERSON_FINITE and (not u.cap or self._famous_not_word(t) or _title_cased(toks, k)) \
                    and (t.upper or not u.upper):
                break  # (not a title's word: "Uber Eats"; but a famous name that is no word acts in
                # title case too: "Obama Paints A Landscape", "Putin Drinks Tea"; round 18, red team 41:
                # so does a word-name where the little word after the verb is capitalised too, a
                # whole sentence in title case: "Drake Raps A Verse", "Bush Signs A Bill")
            if not ((u.norm.endswith("ly") and len(u.norm) > 4 and self.kb.is_word(u.norm)) or u.norm in _ADVERBS) \
                    or u.cap or u.upper:
                return 0  # (round 18, red team 41: any adverb, "Obama also paints", "Trump very happily signs")
            k += 1
        else:
            return 0
        clause = []
        for m in range(k + 1, min(k + 8, n)):
            if any(c in _gap(text, toks[m - 1], toks[m]) for c in ",;.!?()[]|\n"):
                break
            clause.append(toks[m].norm)
        # (round 20: a country's name that signs a treaty is its state, "Jordan signs a peace treaty
        # with Israel", not Michael Jordan; "Trump signs a treaty" is still him)
        if (_its_of_subject(clause) and toks[k].norm in _ANIMAL_ACTS and not self._famous_not_word(t)) \
                or (clause[:1] in (["of"], ["by"]) and not toks[k].norm.endswith("s")) \
                or (self.kb.things.get((t.norm,)) == "place" and any(w in _STATE_DEEDS for w in clause)):
            return 0  # (a participle: "Kanagawa made of blue glass")
        person_cue = any(w in _PERSON_ACTS or w in _CLOTHES for w in clause if w not in _ING_NOUNS) \
            or _person_object(clause) or self._moves_along(toks, i, k, text)
        if self._animal(t.norm) and not person_cue and toks[k].norm not in _HUMAN_ONLY_FINITE:
            # (round 20: not before what no animal does, "Hawk skates a half pipe")
            return 0
        obj = bool(clause) and clause[0] in _ARTICLES
        if not obj and self.kb.is_word(t.norm) and self.kb.unigram.get(t.norm, 0) >= 5e6 \
                and (self.kb.noun_class or {}).get(t.norm) not in (None, "person") \
                and k == i + 1 and self._head_class(toks[k].norm) is not None and not person_cue \
                and not (toks[k].norm in _PERFORMER_ACTS and self._performs(toks, i, k, text)):
            return 0  # (round 22: not a performer's act read as a plural noun, "Legend raps in a club")
        return k

    def _moves_along(self, toks: list[_Tok], i: int, k: int, text: str) -> bool:
        """(round 20) The verb at ``toks[k]``, after the name at ``toks[i]``, is a creature's way of
        moving (:data:`_CREATURE_MOTION`) along a path that a preposition starts ("Bolt sprints
        down the track", "Cruise runs away from an explosion"), and the name's word cannot move
        by itself (a cruise, a curry, a bush), or the verb is a gait of creatures and the word names
        none ("Bolt sprints": a bolt of lightning runs, it does not sprint), or the verb is one no
        animal does ("Hawk skates down a ramp"). Not a thing that moves, flows or stretches ("Fox runs
        across the field", "Rock slides down"), nor a path to a place or a time, a route's or a
        schedule's ("Cruise runs from Miami to Nassau", "Cruise runs from the harbour", "runs
        through May")."""
        n = len(toks)
        v = toks[k].norm
        if v not in _CREATURE_MOTION or k + 2 >= n or _gap(text, toks[k], toks[k + 1]) != " ":
            return False
        m = k + 1
        if toks[m].norm == "away" and m + 2 < n and toks[m + 1].norm in _PATH_PREPS:
            m += 1
        if toks[m].norm not in _PATH_PREPS or toks[m].cap or toks[m].upper:
            return False
        if v in _HUMAN_ONLY_MOTION:
            return True
        c = self._head_class(toks[i].norm)
        if v in ("sprints", "sprinted"):
            return c != "animal"  # a gait of creatures only: no bolt, storm or rock sprints
        if c in _SELF_MOVING:
            return False
        head = None
        for q in range(m + 1, min(m + 5, n)):
            u = toks[q]
            if q > m + 1 and any(c in _gap(text, toks[q - 1], u) for c in ",;.!?()[]|\n"):
                break
            if u.norm in _PATH_PREPS or u.norm in _LOCATIVE or u.norm in ("and", "or", "with", "to", "of"):
                break
            if u.cap or u.upper or not u.norm.isalpha():
                return False  # a place's name or a date: a route, a schedule
            if u.norm not in _ARTICLES:
                head = u.norm
        return head is not None and self._head_class(head) not in ("location", "time", "object")

    def _performs(self, toks: list[_Tok], i: int, k: int, text: str) -> bool:
        """(round 21) The verb at ``toks[k]``, after the famous word-name at ``toks[i]``, is a
        performer's act with no object (:data:`_PERFORMER_ACTS`), where or how it is done after it or
        the clause's end ("Legend sings at the piano", "Cruise sings at a karaoke bar"), and the
        name's word names nothing that sings by itself (:data:`_NO_PERFORMER_CLASSES`: not "Lark
        sings at dawn", "Brook sings over the stones", "Monk prays at the temple"); not what the
        song is about ("Legend sings of heroes")."""
        if toks[k].norm not in _PERFORMER_ACTS or self._head_class(toks[i].norm) not in _NO_PERFORMER_CLASSES \
                or toks[i].norm in _PEOPLE_NOUNS:
            return False
        if k + 1 >= len(toks):
            return True
        gap = _gap(text, toks[k], toks[k + 1])
        if gap != " ":
            return bool(set(gap) & set(",;.!?()[]|\n"))
        q = toks[k + 1]  # (in capitals as the verb is: "LEGEND SINGS AT THE PIANO")
        return q.norm in _PERFORM_PREPS and ((not q.cap and not q.upper) or (q.upper and toks[k].upper))

    def _place_word_before(self, toks: list[_Tok], i: int, j: int, text: str) -> bool:
        """(round 11) The name at ``toks[i:j]`` follows, or starts with, a capitalised word for a
        mountain, a lake, a street, a bridge or a building in a language that puts that word
        first (:data:`_PLACE_BEFORE`: "Mount Merapi", "Ponte Hercílio Luz", "Elevador Lacerda",
        "Miradouro da Graça"): the place's name. Not a famous person's name ("Via Giuseppe
        Garibaldi", "Ponte Obama" stay denied), nor before what people do or a picture's word
        within four words ("Mount Kovac smiling")."""
        t = toks[i]
        if (t.cap or t.upper) and t.norm in _PLACE_BEFORE and j - i >= 2:
            a = i + 1
        elif i > 0 and (toks[i - 1].cap or toks[i - 1].upper) and toks[i - 1].norm in _PLACE_BEFORE \
                and _gap(text, toks[i - 1], t) == " ":
            a = i
        elif i > 1 and toks[i - 1].norm in _OF_WORDS and (toks[i - 2].cap or toks[i - 2].upper) \
                and toks[i - 2].norm in _PLACE_BEFORE:
            a = i  # "Elevador de Santa Justa"
        else:
            return False
        kb = self.kb
        before = toks[a - 1] if a > i else toks[i - 1] if toks[i - 1].norm in _PLACE_BEFORE else toks[i - 2]
        if before.norm in _PLACE_BEFORE_MORE and before.norm not in _PLACE_BEFORE_OLD:
            # (round 42) after the words of more languages, a name is the person's only as a famous
            # full name or a famous one-word name that is no given name: rulers, saints and founders
            # that mosques and streets are named after bear common given names ("Masjid Sultan Omar
            # Ali Saifuddien", "Jalan Tuanku Abdul Rahman"; "Jalan Obama" stays denied)
            if any(self._famous_full(toks, k, text) for k in range(a, j)) or (
                    # (a famous word in a name of two words is still the person's: "Plac Rihanna", "Plac
                    # Jennifer Kowalski, a blonde woman")
                    self._famous_word_in(toks, a, j, text) if j - a < 3 else any(
                        t.norm not in _TITLES and t.norm not in _TITLES_ELSEWHERE and not self._given(t)
                        and (t.norm in kb.people_single or t.norm in kb.famous_word) for t in toks[a:j])):
                return False
        elif self._famous_word_in(toks, a, j, text):
            return False
        if any(self._inflected(toks, k, text, frozenset(("\0",))) or any(
                u.norm.endswith(end) and len(u.norm) - len(end) >= 5 and u.norm not in _SAINT_WORDS
                and not self._given(u) and not kb.is_word(u.norm)
                and (u.norm[:-len(end)] + rep in kb.famous_last or u.norm[:-len(end)] + rep in kb.people_single)
                for end, rep in (*_INFLECTIONS, *_BALTIC_ENDINGS, *_SOUTH_SLAVIC_ENDINGS) if end)
               for k, u in enumerate(toks[a:j], start=a)):
            return False  # (round 42) a famous name's case is the person's: "Lotnisko Trumpa", "Plac Putina"
        k = j
        if k < len(toks) and "," in _gap(text, toks[k - 1], toks[k]):
            while k < len(toks) and k - j < 4 and not self._person_noun(toks[k]) \
                    and not any(c in _gap(text, toks[k - 1], toks[k]) for c in ";.!?()[]|\n") \
                    and (k == j or _gap(text, toks[k - 1], toks[k]) == " "):
                k += 1
            if k < len(toks) and self._person_noun(toks[k]):
                return False  # (round 42) the name then who they are: "Plac Jennifer Kowalski, a blonde woman"
        for k in range(j, min(j + 4, len(toks))):
            u = toks[k]
            if any(c in _gap(text, toks[k - 1], u) for c in ",;.!?()[]|\n"):
                break  # (in its clause: "Mount Merapi smoking behind, oil painting")
            if (u.norm in _PERSON_ACTS or u.norm in _MORE_ACTS or u.norm in _DEPICT or u.norm in _PERSON_PARTS) \
                    and u.norm not in _ING_NOUNS:
                return False
        return True

    def _saint_or_place_of(self, toks: list[_Tok], i: int, j: int, text: str, blocked: list[bool]) -> bool:
        """(round 42) The name at ``toks[i:j]`` is a place's, not a person's:

        - a saint's, capitalised, after a particle or a place's word: "Carrer de Sant Pau",
          "Stazione di Santa Maria Novella", "Plaça Sant Jaume" (a famous full name after it is
          still the person, and a saint's name alone is the saint: "Saint Teresa of Calcutta");
        - a particle right after a thing's or a place's name that was no person's, and what
          follows it: "Santa Maria della Salute";
        - a place's word, capitalised, then a particle (and an article), then no given name: "Dom
          van Utrecht", "Hafen von Hamburg", "Markt van Den Bosch", "Oude Kerk van Delft";
        - a Dutch compound ending in a place's word, in the name or right after it: "Albert
          Cuypmarkt", "Leidseplein", "Piet Heinkade" (not a famous full name)."""
        n = len(toks)
        t = toks[i]
        k = i
        while k < j and toks[k].norm in _ANY_PARTICLE and not toks[k].cap:
            k += 1
        s = k if k < j and toks[k].norm in _SAINT_WORDS else i - 1 if i > 0 and toks[i - 1].norm in _SAINT_WORDS else -1
        if s >= 0 and (toks[s].cap or toks[s].upper) and s > 0 and (
                toks[s - 1].norm in _ANY_PARTICLE or toks[s - 1].norm in _PLACE_BEFORE) \
                and (s >= i or _gap(text, toks[s], t) in (" ", "-")) \
                and not any(self._famous_full(toks, m, text) for m in range(s + 1, j)):
            return True  # (only after a particle or a place's word: "Saint Teresa of Calcutta" is her)
        if t.norm in _ANY_PARTICLE and not t.cap and i > 0 and blocked[i - 1] \
                and (toks[i - 1].cap or toks[i - 1].upper) and _gap(text, toks[i - 1], t) == " " \
                and not any(self._famous_full(toks, m, text) for m in range(i + 1, j)):
            return True
        for m in range(max(i - 3, 0), j - 1):
            u = toks[m]
            if not (u.cap or u.upper) or (u.norm not in _PLACE_NOUNS and u.norm not in _PLACE_BEFORE
                                          and u.norm not in _PLACE_OF_WORDS) \
                    or toks[m + 1].norm not in _PARTICLES or toks[m + 1].cap:
                continue
            a = m + 2
            if a < n and toks[a].norm in _CHAIN_PARTICLES and a + 1 < n:
                a += 1  # "van Den Bosch", "von der Elbe"
            if a < n and a >= i and a < j + 1 and (toks[a].cap or toks[a].upper) and not self._given(toks[a]) \
                    and not self._famous_full(toks, a, text) and (m >= i or a >= i) and (
                        self.kb.things.get((toks[a].norm,)) == "place" or not self._famous_word_in(toks, a, j, text)):
                # (a famous one-word name there only as a town's too: "Hafen von Hamburg"; "Casa del
                # Obama" is him)
                return True
        kb = self.kb
        ends = _DUTCH_PLACE_ENDS
        # (red team of session 57) a famous one-word name is the person too ("Putin Leidseplein")
        famous = (j - i >= 2 and self._famous_full(toks, i, text)) or any(
            (x.norm in kb.people_single or x.norm in kb.famous_last) and not self._given(x)
            and not any(x.norm.endswith(e) and len(x.norm) >= len(e) + 3 for e in ends) for x in toks[i:j])
        last = [toks[m] for m in range(i, j)]
        if j < n and _gap(text, toks[j - 1], toks[j]) == " " and toks[j].cap:
            last.append(toks[j])
        if not famous and any(
                u.cap and u.script == "latin" and any(u.norm.endswith(e) and len(u.norm) >= len(e) + 3 for e in _DUTCH_PLACE_ENDS)
                and not self._surname(u) and not self._given(u) for u in last):
            return True
        # (round 43; red team of session 57) a dike's or a Finnish place's compound: a word of the
        # name itself (the word after it says where the person is: "Putin Kauppatorilla"), its first
        # or after such words only ("Olavinlinna Savonlinnassa"; "Kenta Shiratori" is a person), and
        # only where no other word of the name is a given name, a surname or a famous name ("Matti
        # Virtanen Kauppatorilla", "Merkel Kinderdijk", "Pieter Groendijk", "Marco Vittori")

        def place_word(u: _Tok) -> bool:
            return u.cap and u.script == "latin" and any(u.norm.endswith(e) and len(u.norm) >= len(e) + 3
                                                         for e in _PLACE_ENDS_R43) \
                and not self._surname(u) and not self._given(u)

        for m in range(i, j):
            u = toks[m]
            if not place_word(u):
                break
            if not any(
                        self._given(x) or self._surname(x) or x.norm in kb.people_single or x.norm in kb.famous_last
                        or x.norm in kb.famous_word or x.norm in _TITLES or x.norm in _TITLES_ELSEWHERE
                        or x.norm in _ROLE_TITLES or x.norm in _ROLE_ADDRESS
                        for x in toks[i:j] if x is not u):
                return True
        return False

    def _famous_word_in(self, toks: list[_Tok], i: int, j: int, text: str) -> bool:
        """A word of ``toks[i:j]`` other than a title is a famous person's name, or a famous
        full name starts there."""
        kb = self.kb
        return any(t.norm not in _TITLES and (t.norm in kb.people_single or t.norm in kb.famous_last
                                              or t.norm in kb.famous_word or (t.norm,) in kb.people)
                   for t in toks[i:j]) or any(self._famous_full(toks, k, text) for k in range(i, j))

    def _famous_full(self, toks: list[_Tok], i: int, text: str, past: int = 0) -> bool:
        """A famous person's full name starts at ``toks[i]`` (and ends after ``toks[past - 1]``)."""
        hit = self._phrase(toks, i, text)
        return hit is not None and hit[1] and hit[0] >= 2 and i + hit[0] > past

    def _head_class(self, w: str) -> str | None:
        """WordNet class of the first sense of noun ``w`` (also plural: "apples", "dogs")."""
        nc = self.kb.noun_class or {}
        c = nc.get(w)
        if c is None and len(w) > 3 and w.endswith("s"):
            c = nc.get(w[:-1]) or (nc.get(w[:-2]) if w.endswith("es") else None)
            if c is None and w.endswith("ies"):
                c = nc.get(w[:-3] + "y")
        return c

    def _animal(self, w: str) -> bool:
        """``w`` names an animal: its first WordNet sense is one, or it ends three WordNet breeds
        or more ("cat": "Persian cat", "Siamese cat"..., whose first sense in the table is not)."""
        c = self._head_class(w)
        if c in ("animal", "person"):
            return c == "animal"  # ("man" ends breeds too: "Java man")
        heads = _breed_heads(self.kb)
        w1 = w[:-1] if w.endswith("s") and w not in heads else w
        return w1 in heads and w1 not in _PEOPLE_NOUNS and w1 not in _KINDS_OF_PEOPLE and w1 not in _ROLES

    def _thing_phrase_at(self, toks: list[_Tok], j: int, text: str) -> bool:
        """(round 36) A known thing's name of two words or more (a place, a club, a listed thing of
        data/not_person.txt) starts at ``toks[j]``, capitalised: "Bondi Beach", "FC Barcelona"."""
        hit = self._phrase(toks, j, text)
        return hit is not None and hit[0] >= 2 and not hit[1]

    def _names_thing(self, toks: list[_Tok], i: int, j: int, text: str, rule: str, ships: bool,
                     foreign: frozenset[str] = frozenset()) -> bool:
        """The name at ``toks[i:j]`` names a thing, not the person: it comes right before a place
        or building word ("Carnegie Hall", "Grant's Tomb"), a team word ("Aston Villa crest"),
        a dish, breed or product ("Caesar salad", "King Charles spaniel", "Ted Baker bag",
        "Queen Anne style"), a number ("Queen Mary 2"), right after a dish word ("Eggs
        Benedict"), or is a ship's ("the Mary Rose shipwreck", "the battleship Bismarck"). Not
        before a word that draws or dresses the person ("Taylor Swift poster", "... gown"); a
        famous person's full name only before a place or team word; a possessive only before a
        memorial, a tomb or a dish ("Tom Hanks's house" is him)."""
        n = len(toks)
        prev = toks[i - 1] if i > 0 else None
        if j - i >= 2 and _gap(text, toks[j - 2], toks[j - 1]) == "-" and toks[j - 1].cap \
                and toks[j - 1].norm.endswith(_GERMAN_PLACE_ENDS) and not self._famous_word_in(toks, i, j, text):
            return True  # (round 11) the name ends in a place's word: "Josefs-Höhe", "Lindenhof-Straße"
        if ships and prev is not None and (prev.norm == "the" or prev.norm in _SHIP_WORDS) and rule != "known-person":
            return True
        if j - i == 2 and rule != "known-person" and self._honour_at(toks, j - 1, text) \
                and set(_gap(text, toks[i], toks[j - 1])) <= {" "} and not self._famous_word_in(toks, i, j - 1, text):
            return True  # (round 40) a name and an honour read as a given name and a surname: "Ryder Cup"
        if prev is not None and j == i + 1 and self._head_class(prev.norm) == "food" \
                and set(_gap(text, prev, toks[i])) <= {" "} and not prev.possessive \
                and not (rule == "acts-like-person" and self._acts_follow(toks, j, text)):
            return True  # "Eggs Benedict", "Beef Wellington", "Oysters Rockefeller" (round 15: not
            # before what people do, "Apple Cook on stage presenting": a firm's chief)
        if j >= n:
            return False
        nxt = toks[j]
        gap = _gap(text, toks[j - 1], nxt)
        # (round 11) a famous name of two words or more joins a compound only when every part is
        # joined by a hyphen, as German writes names in compounds ("Max-Planck-Institut",
        # "Karl-Marx-Allee"); written with a space it is the person and a word ("Barack Obama-Straße",
        # adversary 17's "Barack Obama-Allee")
        joined = all(_gap(text, toks[k], toks[k + 1]) == "-" for k in range(i, j - 1))
        famous = rule == "known-person" or self._famous_word_in(toks, i, j, text)
        if gap == "-" and not toks[j - 1].possessive and (nxt.norm in _PLACE_NOUNS or nxt.norm in _PERIODS) \
                and (joined or not famous or j - i < 2):
            return True  # a compound: "Goethe-Institut", "Max-Planck-Institut", "Meiji-era", "Edo-period"
        if gap == "-" and j - i == 1 and nxt.cap and j + 1 < n and _gap(text, nxt, toks[j + 1]) == " " \
                and toks[j + 1].norm in _PLACE_NOUNS and not toks[j].possessive:
            return True  # (round 27) a place named after two people: "Soekarno-Hatta Airport"
        # (round 11 read a compound whose last part ends in a place's word as the place; withdrawn after
        # adversary 21: "Putin-Dictator", "Obama-Senator", "Taylor-Swift-Earring", "Merkel-Kindergarten",
        # "Barack-Obama-Allee" passed)
        if not set(gap) <= {" ", "."}:
            return False
        if gap == " " and not toks[j - 1].possessive and self._finite_act(toks, j - 1, text):
            return False  # (round 16, red team 40) a person's finite verb is their act, though it be
            # a noun too: "Obama paints a landscape", "Trump eats a burger", "Putin spoke at a podium"
        if nxt.norm.isdigit() and len(nxt.norm) <= 2 and rule != "known-person":
            return True  # a model or a ship, numbered: "Queen Mary 2", "Air Jordan 1"
        if toks[j - 1].possessive:
            # "Grant's Tomb", "General Tso's chicken", "Jack Daniel's bottle"; not "Tom Hanks's house"
            return nxt.norm in _EPONYM_PLACES or self._head_class(nxt.norm) in ("food", "plant")
        if rule == "known-person" and j - i >= 2 and nxt.norm.endswith("s") and not nxt.cap and not nxt.upper \
                and j + 1 < n and toks[j + 1].norm in _AFTER_A_VERB:
            return False  # (round 9) a verb, not a place: "Joe Biden steps off Marine One"
        if rule == "known-person" and j - i >= 2 and (nxt.cap or nxt.upper) and j + 1 < n \
                and set(_gap(text, nxt, toks[j + 1])) <= {" "} and self._thing_phrase_at(toks, j, text):
            return False  # (round 36, red team 60) a famous full name before a known place's, club's or
            # thing's own name is the person there, as tags run them together: "Hugh Jackman Bondi Beach",
            # "Pep Guardiola FC Barcelona" (not one place named after the person)
        if rule != "known-person" and self._honour_at(toks, j, text) and not self._famous_word_in(toks, i, j, text):
            return True  # (round 40) an honour or a contest named after someone who is no famous person
            # of the tables: "Grammy Awards", "Ryder Cup" (red team 71: after a famous name it is the
            # person, "Putin Award Winning Photography", "Merkel Prize", "Musk Award night")
        if nxt.norm in _PLACE_NOUNS or (nxt.norm in _TEAM_WORDS and not (
                rule == "known-person" and j - i >= 2 and nxt.norm in _TEAM_GEAR)):
            return True  # (round 11, adversary 19: a famous full name before "kit" or "scarf" is the
            # person in it, "Kelvin Kiptum kit crossing the finish line"; a team's name is no full name)
        # A famous person's full name right before a town's name and a place's word is the person at
        # that place: "Lionel Messi Miami Stadium", "Taylor Swift London Stadium" (adversary 21); only
        # a word between the town and the place's word makes it one name ("Ronald Reagan Washington
        # National Airport", below)
        famous_then_town = rule == "known-person" and j - i >= 2 and self.kb.things.get((nxt.norm,)) == "place"
        if nxt.cap and j + 1 < n and toks[j + 1].norm in _PLACE_NOUNS and not nxt.possessive \
                and set(_gap(text, nxt, toks[j + 1])) <= {" "} and not famous_then_town:
            return True  # the name goes on into a place's: "Tate Modern gallery", "Carnegie Mellon University"
        if nxt.cap and self.kb.things.get((nxt.norm,)) in ("place", "organisation") and j + 2 < n:
            # (round 11) on through a town's name and a word into a place's, all capitalised:
            # "Ronald Reagan Washington National Airport"; not before what people do
            for k in ((j + 2,) if famous_then_town else (j + 1, j + 2)):
                u = toks[k]
                if not (u.cap or u.upper) or not set(_gap(text, toks[k - 1], u)) <= {" "}:
                    break
                if u.norm in _PLACE_NOUNS:
                    return not any(v.norm in _PERSON_ACTS or v.norm in _DEPICT for v in toks[k + 1:k + 5])
        if rule == "known-person" and (nxt.cap or nxt.upper) and not nxt.possessive and j - i == 1 \
                and (nxt.norm in self.kb.people_single or nxt.norm in self.kb.famous_last):
            return False  # (red team 63) a second famous person's name, no noun: "Obama Trump", as
            # "[Obama:Trump:0.5]" reads once its marks are dropped
        heads = []
        for at, t in enumerate(toks[j:j + 2], start=j):
            if not t.norm.isalpha() or t.norm in _STOP or (heads and not set(_gap(text, toks[j], t)) <= {" "}) \
                    or (len(t.norm) <= 2 and not t.upper and not _HAS_DIGIT(text[t.vstart:t.vend])) \
                    or (not t.cap and not t.upper and t.norm in (self.kb.stop_langs or {})
                        and (not self.kb.is_word(t.norm) or self._little_run(toks, at, text, foreign))) \
                    or (not t.cap and not t.upper and at + 1 < len(toks) and toks[at + 1].norm in foreign
                        and self._little_run(toks, at, text, foreign) and t.norm in _latin_words(self.kb, foreign)):
                # (a little word, "na" in Tagalog, is no noun; a model's code, "F1", may be; red team 47:
                # nor a little word of another language that is no English word, "mit", "avec", read
                # as a noun of the tables, "König Charles mit Krone" as "King Charles spaniel"; round 37:
                # nor one of the prompt's own language that English writes too, Dutch "die" in "Thijs
                # van den Berg die op natuurijs schaatst", "die schaatst"; nor a verb of the prompt's
                # language that English has as a noun, before a little word of it, red team 62: "Juan
                # de la Cruz lava los platos", "Anna von Berg malt ein Bild"; red team s62: a word of that
                # language, not English's before its little words, "Hubble telescope con una nebulosa")
                break
            heads.append(t.norm)
            if t.possessive:
                break
        # (after a famous person's name, a garment of _CLOTHES draws them in it as _DEPICT's words do:
        # "Beyonce kaftan" as "Beyonce dress", "Kardashian lipstick" as "... makeup", adversary 21;
        # brands stop earlier, and a team's name is no person's: "Montreal Canadiens vintage sweater")
        if not heads or any(h in _DEPICT or (famous and h in _DEPICT_FORMS) or (rule == "known-person" and h in _CLOTHES)
                            for h in heads) \
                or heads[0] in _PERSON_ACTS \
                or (heads[0].endswith("ing") and heads[0] not in _ING_NOUNS):
            return False
        design = j - i == 1 and heads[0] in ("style", "styled") and j + 1 < n and toks[j + 1].norm in _DESIGNED
        # (a medium between the name and the manner: "Hokusai woodcut style", round 8)
        manner = heads[0] in _MANNER or (len(heads) > 1 and heads[1] in _MANNER and heads[0] not in _DESIGNED)
        if manner and not design and not _ROMAN.fullmatch(toks[j - 1].norm) and (rule == "known-person" or (
                j - i >= 2 and rule in _FULL_NAME_RULES and toks[i].norm not in _TITLES
                and (self._given(toks[i]) or not self._word(toks[i])))):
            return False  # an artist named for a manner: "Klimt style", "Wes Anderson style", "Rembrandt lighting"
        if heads[0] in ("style", "styled", "era", "period", "revival", "architecture", "furniture"):
            return True  # a period or a style named after a ruler or a place: "Queen Anne style"
        if rule == "known-person" and j - i >= 2:
            return False  # a famous person's full name: only a place or a team is named after them
        # a known person's one name or a title and a name ("Caesar", "King Charles") make a thing
        # only with a less common noun ("Caesar salad", "King Charles spaniel"), not with "dog"
        # or "car" ("Obama dog" still draws him)
        known = rule in ("known-person", "title") or toks[i].norm in _TITLES
        codes = {t.norm for t in toks[j:j + 2] if _HAS_DIGIT(text[t.vstart:t.vend])}  # a model: "F1", "RS6"
        for h in heads[:2]:
            c = self._head_class(h)
            if rule == "known-person" and j - i == 1 and c in _THING_CLASSES and c not in ("food", "plant") \
                    and self._after_cue(toks, i):
                return False  # (round 11, adversary 19) "a portrait of Obama comet"; "a photo of Caesar salad"
            if c in _THING_CLASSES and not (known and self.kb.unigram.get(h, 0) >= 2e7):
                if known and h == heads[0] and len(heads) > 1 and heads[1] in _BODY_DEEDS:
                    return False  # (round 11) a player's move named after a thing: "Pele bicycle kick",
                    # "Dhoni helicopter shot", "Cruyff turn"
                return True
            if c is not None or not (self.kb.is_word(h) or h in codes):
                break  # only the words right after the name, up to the first noun (not past a
                # word of another language: "Neymar dançando samba" is no "Neymar samba")
        return False

    def _phrase(self, toks: list[_Tok], i: int, text: str) -> tuple[int, bool] | None:
        """Longest known phrase at ``i`` (two words or more, or one known person's name):
        (length, is a person)."""
        kb = self.kb
        t = toks[i]
        best: tuple[int, bool] | None = None
        for f in {t.norm, *t.forms}:
            longest = kb.phrase_first.get(f)
            if not longest:
                continue
            words = [f]
            idx = [i]
            k = i
            for _ in range(longest):
                key = tuple(words)
                if len(key) >= 2 or key[0] in kb.people_single:
                    person = key in kb.people and (len(key) >= 2 or key[0] in kb.people_single)
                    if not person and len(key) >= 2 and len(key[-1]) >= 4 and key[-1].endswith("s") \
                            and (toks[k].cap or toks[k].upper) and not toks[k].possessive \
                            and key not in kb.things and key[:-1] + (key[-1][:-1],) in kb.people:
                        # (round 11) a full name in the genitive without an apostrophe, as the Nordic
                        # languages and German write it: "Jonas Gahr Støres portrett", "Olof Palmes"
                        person = True
                    if person and key in kb.cased_people and not all(
                            toks[x].cap or toks[x].upper for x in idx if toks[x].norm not in _CASED_SKIP) \
                            and not self._epithet_used(toks, idx[-1] + 1):
                        person = False  # an epithet of English words, not capitalised: "a little master bedroom"
                    if person and kb.cased_as and key in kb.cased_as and not any(toks[x].joined for x in idx) \
                            and not self._cased_as_written(toks, idx, kb.cased_as[key], key in kb.cased_strict, text):
                        # (round 46) a nickname of words, not written as the list does ("il divin codino"),
                        # or capitalised only where capitals say nothing (a sentence's first word, a tag
                        # list, Title Case: "Il Pirata Sulla Nave"); a run-together hashtag is read as
                        # hashtags are ("#scaryspice dancing": red team s61)
                        person = False
                    if person and key in kb.home_cased and (
                            not all(toks[x].cap or toks[x].upper for x in idx if toks[x].norm not in _CASED_SKIP)
                            or any(toks[x].possessive for x in idx[:-1])):
                        # (round 45, red team s60c) a name of the second tier made with a word, not
                        # written as a name: "Cansu dere kenarında", "Rachel keen to learn", "Susie's dent"
                        person = False
                    if key not in kb.things and len(key) >= 2 and len(key[-1]) > 3 and key[-1].endswith("s") \
                            and not person and key[:-1] + (key[-1][:-1],) in kb.things:
                        key = key[:-1] + (key[-1][:-1],)  # a thing's name in the plural: "two Gordon Setters"
                    thing = key in kb.things and len(key) >= 2 and not (
                        kb.things[key] == "generic" and (person or key[-1] in _ROLES or key[-1] in _TITLES)) \
                        and not (person and kb.things[key] in ("place", "landmark")
                                 and key[0] not in _HYPHEN_PLACE and key[0] != "van")
                    # (round 10) a famous person's full name that a town or a landmark also bears is the
                    # person ("Emiliano Zapata on a horse", "Benito Juarez", "Jose Rizal", "Mae West");
                    # a longer name wins as before ("Emiliano Zapata airport", "Prince Edward Island")
                    if (person or thing) and (best is None or len(key) > best[0]):
                        best = (len(key), person and not thing)
                nxt = self._next(toks, k, text)
                if nxt is None or nxt != k + 1:
                    break
                k = nxt
                words.append(toks[k].norm)
                idx.append(k)
        return best

    def _middle_named(self, toks: list[_Tok], i: int, text: str) -> int | None:
        """End of a known person's two-word name written with one or two middle names or
        initials between its words ("Emma Louise Stone", "Barack H. Obama"), starting at
        ``toks[i]``: the middle words given names or surnames (or capital initials), all the words
        capitalised or all in lower case; or (red team 37) capitalised middle words that are listed
        names or no common English words, the famous pair's words in either case ("Emma Zephyrine Stone", "Emma Louise stone",
        "emma Louise stone"); None if there is none."""
        t = toks[i]
        if t.script != "latin":
            return None
        lasts = _people_pairs(self.kb)[0].get(t.norm)
        if not lasts or t.norm in _STOP or t.norm in _TITLES:
            return None
        kb = self.kb
        big = t.cap or t.upper
        capped_middle = False
        k = i
        for m in range(1, 4):
            nxt = self._next(toks, k, text)
            if nxt is None:
                return None
            k = nxt
            u = toks[k]
            if u.script != "latin":
                return None
            same = (u.cap or u.upper) == big or (u.initial and big)
            if m >= 2 and u.norm in lasts and (t.norm, u.norm) not in kb.things \
                    and (same or capped_middle) \
                    and not ((t.norm, u.norm) in kb.cased_people and not (big and (u.cap or u.upper))):
                return k + 1
            if m == 3 or u.possessive or u.norm in _STOP or u.norm in _TITLES:
                return None
            if (u.cap or u.upper) and u.norm.isalpha() and len(u.norm) >= 2 and (
                    self._given(u) or self._surname(u) or self._namey(u)):
                # a capitalised middle name, listed or no common English word ("Zephyrine"; not
                # "Grace Cathedral Kelly green"), the pair's words in either case
                capped_middle = True
                continue
            if same and ((u.initial and big) or self._given(u) or self._surname(u)):
                capped_middle = False  # a lower-case middle name: the pair's case as the first word's
                continue
            return None
        return None

    def _thing_heads(self) -> frozenset[str]:
        """(round 44) The first words of the known things of two words or more ("eiffel" of "eiffel
        tower", "doppler" of "doppler effect"): a name that starts one has an eponym. Built once."""
        heads = self.__dict__.get("_thing_heads_set")
        if heads is None:
            heads = frozenset(k[0] for k in self.kb.things if len(k) >= 2)
            self.__dict__["_thing_heads_set"] = heads
        return heads

    def _given(self, t: _Tok) -> bool:
        kb = self.kb
        if t.norm in _CLOSED_CLASS and not t.cap and not t.upper:
            return False  # a preposition in lower case: "a mannequin among flowers"
        return (t.norm in kb.given or t.alt in kb.given or any(f in kb.given for f in t.forms)
                or (bool(t.native) and t.native in kb.given_native))

    def _surname(self, t: _Tok) -> bool:
        kb = self.kb
        return (t.norm in kb.surname or t.alt in kb.surname or any(f in kb.surname for f in t.forms)
                or (bool(t.native) and t.native in kb.surname_native))

    def _known_forms(self, forms: Sequence[str]) -> bool:
        """(round 24) One of a word's forms (:func:`_case_forms`) is a given name or a surname of
        its script's tables, or, read through transliteration, a famous person's one-word or last
        name."""
        kb = self.kb
        ordinary = _cyr_words()
        return any(f in kb.given_native or f in kb.surname_native for f in forms) or any(
            v in kb.people_single or v in kb.famous_last for f in forms if f not in ordinary
            for v in _translit_variants(fold(f)))  # (round 26: not "хлеб", bread, as "hleb")

    def _ordinary_pair(self, toks: list[_Tok], t: _Tok, nxt: _Tok) -> bool:
        """(round 24) Two Cyrillic or Greek words that are no given name and surname, though the Latin
        tables, read through transliteration, hold a reading of most words ("salon", "volk") and
        consonants of a given name and a surname meet most pairs: both in lower case, or in a prompt
        that capitalises every word, or the first at a sentence's start and the second in lower
        case; neither (nor its stem before a case ending) a given name or a surname of that script's
        tables, nor the pair a famous person's by sound ("дональд трамп", "владимира путина"); and
        one of them a common word of a language of their alphabet (Russian, Ukrainian, Bulgarian,
        Macedonian, Greek: the 20,000 commonest of data/native_common.txt.gz), a verb's
        infinitive, or the first a Cyrillic adjective. "бетонный изучить" (concrete, to study),
        "φίλος πάντως" (friend, anyway); not "Майкл Джордан", capitalised inside a sentence."""
        abc = _cased_alphabet(t.native)
        if abc is None or abc not in _CASED_LANGS or _cased_alphabet(nxt.native) != abc:
            return False
        if t.cap and nxt.cap and not t.upper and not nxt.upper:
            same = [x for x in toks if x.native and _cased_alphabet(x.native) == abc and x.native.isalpha()]
            if len(same) < 3 or sum(x.cap or x.upper for x in same) < 0.6 * len(same):
                return False  # capitalised inside a prompt that does not capitalise every word
        kb = self.kb
        stems: list[list[str]] = []
        for w in (t, nxt):
            forms = _case_forms(w.native, abc)
            if self._known_forms(forms):
                return False
            stems.append([fold(f) for f in forms] + [g for f in forms for g in _greek_forms(f, kb)])
        if any((_skeleton(a), _skeleton(b)) in kb.people_skel for a in stems[0] for b in stems[1]):
            return False
        if t.forms and nxt.forms and _greek_readings(t.native):
            # (round 26) a famous person's first name read in Greek letters, and the sound of their
            # last name: "Μπομπ Ντίλαν" (Bob Dylan), though "μπομπ" is a common Greek word
            by_first = _people_pairs(kb)[0]
            lasts = {_skeleton(b) for b in (nxt.norm, *nxt.forms)}
            if any(len(_skeleton(last)) >= 2 and _skeleton(last) in lasts
                   for a in (t.norm, *t.forms) for last in by_first.get(a, ())):
                return False
        common = _common_words()
        langs = _CASED_LANGS[abc]
        # (red team 44) a given name of the tables before a word with a surname's ending that is no
        # common word is a name, though the given name is a common word too, or a Cyrillic
        # adjective's ending closes it: names are among a language's 20,000 commonest words
        # ("ирена јовић", "ангел сабуров", "мая јовић"); and a word whose ending only a surname has
        # is one though the news made it common ("ангел савченко"; not "-ов", a genitive plural's
        # ending too), after a word with a given name's consonants ("небојша јовић": nebojsha)
        end = _surname_end(nxt.native, abc)
        if end and ((self._given(t) and (end in _SURE_SURNAME_ENDS or not any(
                nxt.native in common.get(lang, {}) for lang in langs)))
                    or (end in _SURE_SURNAME_ENDS and _skeleton(t.norm) in kb.skeletons()[0])):
            return False
        if abc == "cyrl" and (t.native.endswith(_CYR_ADJ_ENDS) or any(
                w.endswith(("ть", "ться", "чь", "ти", "тися")) for w in (t.native, nxt.native))):
            return True
        return any(t.native in common.get(lang, {}) or nxt.native in common.get(lang, {}) for lang in langs)

    def _cased_surname_pair(self, t: _Tok, nxt: _Tok | None) -> bool:
        """(round 24) Two capitalised words of Cyrillic, Greek or Armenian, the second with a
        surname's ending, the first no common word, adjective, little word or place of the
        language, and neither a city: a given name and a surname that no table lists
        ("Абдукодир Хусанов", "Портрет Ержана Нурымбетова", "Μίλτος Τεντόγλου" aside, "Հենրիխ
        Մխիթարյան"). Those languages capitalise names, not nouns; not "Река Иртыш" (river
        Irtysh), "Красивый Ростов", "Магазин Цветов" (a flower shop)."""
        if nxt is None or not (t.cap and nxt.cap) or t.upper or nxt.upper or not t.native or not nxt.native:
            return False
        abc = _cased_alphabet(t.native)
        if abc is None or _cased_alphabet(nxt.native) != abc:
            return False
        first = _plain_greek(t.native) if abc == "grek" else t.native
        end = _surname_end(nxt.native, abc)
        if end is None or len(first) < 3:
            return False
        kb = self.kb
        for w in (t.native, nxt.native):
            if w in _NATIVE_STOP or w in kb.native_stop or w in kb.native_places or w in kb.cjk_places:
                return False
        for w in (t, nxt):
            if any(kb.things.get((f,)) == "place" for f in (w.norm, *w.forms)):
                return False
        if self._given(t):
            return True  # (the other rules' pair, should they not have read it)
        if (abc == "cyrl" and first.endswith(_CYR_ADJ_ENDS)) or (abc == "armn" and first.endswith(_ARMN_ADJ_ENDS)):
            return False  # (red team 44) an Armenian adjective: "Ամառային Երեկոյան" (a summer evening)
        if end in _SURE_SURNAME_ENDS:
            return True  # an ending only surnames have: a surname, whatever the word before ("Μίλτος Τεντόγλου")
        common = _common_words()
        langs = _CASED_LANGS.get(abc, ())
        # (red team 44) the common words keep a Greek word's accents ("ψητό", roast)
        if any(w in common.get(lang, {}) for w in {first, t.native} for lang in langs):
            return False
        # (red team 44) a second word that is itself a common word, no name of the tables and no
        # famous person's, is that word: "Ψητό Κοτόπουλο" (roast chicken); but a surname's "-ов",
        # "-ева" is no common word's sign, for the news made many such surnames common words
        # ("Кирилов"): there the word is a common word or the genitive plural of one ("-ов" for
        # "-ы", "-и") whose stem is no given name ("Натюрморт Фруктов", a still life of fruit;
        # "Россыпь Бриллиантов"; not "Кирилов" nor "Иванов", a father's name); the endings that
        # only a surname has are never common words
        stem = nxt.native[:-2]
        if abc == "cyrl" and end.startswith(("ов", "ев", "ёв")):
            word = nxt.native.endswith(("ов", "ев", "ёв")) and any(
                f in common.get(lang, {}) for f in (nxt.native, stem, stem + "ы", stem + "и") for lang in langs) \
                and stem not in kb.given_native and fold(stem) not in kb.given
        else:
            word = end not in _SURE_SURNAME_ENDS and any(nxt.native in common.get(lang, {}) for lang in langs)
        if word:
            if not self._known_forms(_case_forms(nxt.native, abc)):
                return False
        return True

    def _latin_surname_pair(self, t: _Tok, nxt: _Tok, thing: bool) -> bool:
        """(round 24) Two lower-case Latin words, neither an English word, a brand, a thing or a
        place of the tables, nor a little word of a language, the second (folded) with an ending
        that only surnames have (:data:`_LATIN_SURNAME_ENDS`: Slavic and Central Asian -ov/-eva,
        Armenian -yan/-ian, Georgian -dze/-shvili, Balkan -ović, Romanian -escu, Turkish -oğlu,
        Greek -opoulos), after a stem of three letters or more: a given name and a surname that
        no table lists. Not Polish or Czech adjectives (-ski, -ová are left out), nor a common word of
        a language written in Latin letters that ends so (``data/latin_suffix_words.txt.gz``)."""
        if thing or len(t.norm) < 3 or not t.norm.isalpha() or not nxt.norm.isalpha():
            return False
        end = next((e for e in _LATIN_SURNAME_ENDS if nxt.norm.endswith(e) and len(nxt.norm) - len(e) >= 3), None)
        if end is None:
            return False
        kb = self.kb
        for w in (t, nxt):
            # (a given name of the tables cut from a hashtag may be a little word of a language:
            # "#keremakturkoglu", kerem; red team 45)
            little = w.norm in kb.stop_langs and not (w is t and w.joined and (
                w.norm in kb.given or w.norm in kb.recent_given))
            if self._word(w) or w.norm in kb.brands or w.norm in _STOP or little \
                    or (w.norm,) in kb.things or kb.unigram.get(w.norm, 0) >= 1e7:
                return False
        # (red team 45) Chinese words in pinyin: "xianxia shenxian", "wuxia shenxian" (immortals)
        if end in ("ian", "yan") and _pinyin_word(t.norm + nxt.norm):
            return False
        # an ordinary word of a language that ends so ("pokusov", Slovak; "zrakoplova", Croatian),
        # unless the tables hold it as a surname ("ivanov")
        return not (nxt.norm in _suffix_words() and nxt.norm not in kb.surname and nxt.norm not in kb.famous_last)

    def _namey(self, t: _Tok) -> bool:
        """Can be read as a name: not an English word, or a surname, or a rare word ("Gaga", "Musk")."""
        return (not self._word(t) or self.kb.census_last_rank.get(t.norm, 10**6) < 5000
                or self.kb.unigram.get(t.norm, 0) < 5e6) and t.norm not in _STOP

    def _word(self, t: _Tok) -> bool:
        return t.norm in _STOP or t.norm in _TITLES or self.kb.is_word(t.norm)

    def _initialism(self, w: str) -> bool:
        """``w`` (folded) is a famous person's initialism of three letters or more that WordNet or
        Pantheon gives as one of their names ("jfk", "lbj", "fdr", "dmx"), and no word, given
        name, surname, place, thing or brand (read by the acronym-and-year rule: "JFK1963")."""
        kb = self.kb
        return (len(w) >= 3 and (w,) in kb.people and not kb.is_word(w) and w not in kb.given
                and w not in kb.surname and (w,) not in kb.things and w not in kb.brands)

    def _person_at(self, toks: list[_Tok], i: int, text: str, cased: bool, blocked: list[bool],
                   thing1: list[bool], foreign: frozenset[str] = frozenset(),
                   marks: tuple[bool, bool] = (True, True)) -> tuple[str | None, int]:
        kb = self.kb
        t = toks[i]
        if not t.norm.isalpha() and not t.norm.isalnum():
            return None, i
        if t.norm in kb.famous_word and not t.cap and not t.upper and t.script == "latin" and not foreign \
                and not thing1[i] and self._low_famous_act(toks, i, text):
            return "acts-like-person", i + 1
        if i > 0 and _gap(text, toks[i - 1], t) == "-" and not t.cap and not t.upper and not toks[i - 1].cap \
                and not toks[i - 1].upper and t.norm not in kb.people_single and t.norm not in kb.famous_last:
            return None, i  # (round 11) the second part of a lower-case compound: "aso-oke", "tie-dye"
        if _SHOT_CODE.fullmatch(text[t.vstart:t.vend]):
            return None, i  # (round 11) a shot's or a scene's number: "12A Shiba Inu running", "3B wide"
            # (its reading of a model's code, "A380", "T800", is withdrawn: names written in digits,
            # "P313 bicycle kick", "K083 dunking", "MJ1991 dunking", passed: adversary 21)
        desc = self._description(toks, i, text, thing1)
        if desc:
            return "description", desc
        if t.cap and t.norm in _REGNAL_NAMES and i + 1 < len(toks) and not blocked[i + 1] \
                and _gap(text, t, toks[i + 1]) == " " and _REGNAL_NUMBER.fullmatch(text[toks[i + 1].vstart:toks[i + 1].vend]):
            # (round 27) a monarch's or a pope's name and number in any language: "Karel IV.",
            # "Ludwig XIV.", "Henryk IV", "Juan Carlos I" aside (a period after, "Louis XV style",
            # is read as before: a thing named after the person)
            return "regnal", i + 2
        k = self._patronymic_at(toks, i, text, foreign)
        if k:
            return "patronymic", k  # (round 30) "ahmad faizal bin razak", "Nur Aisyah binti Hassan"
        k = self._ending_surname_at(toks, i, text, foreign)
        if k:
            return "given+surname", k  # (round 30) "Katrínu Jakobsdóttur", "ieva jankauskaitė"
        k = self._declined_pair_at(toks, i, text, foreign)
        if k:
            return "given+surname", k  # (round 43) "Ievos Pocienės", "Róży Jędraszek", "Diany Kubíčekovej"
        jq = self._next(toks, i, text) if t.cap and i + 1 < len(toks) and any(
            q in text[t.vend:toks[i + 1].vstart] for q in _QUOTES) else None
        if jq is not None and jq > i + 1 and not blocked[jq] and t.cap and toks[jq].cap and not t.upper \
                and not toks[jq].upper and t.script == "latin" and toks[jq].script == "latin" \
                and len(toks[jq].norm) >= 3 and toks[jq].norm.isalpha() and (self._given(t) or self._surname(t)) \
                and not thing1[jq] and not self._word(toks[jq]) and toks[jq].norm not in kb.brands \
                and not thing1[i] and (t.norm,) not in kb.things and t.norm not in kb.brands:
            # (red team of session 57: not after a brand, 'Ferrari "Testarossa" Pininfarina')
            # (round 43) a quoted nickname between a given name (or a surname, Hungarian's order first,
            # though a little word of the language: "Nagy", big) and a capitalised word no list holds:
            # 'Marc "Quimet" Puigdevall', 'Nagy "Főnök" Bence'
            return "given+surname", jq + 1
        if t.norm in foreign and _little(t) and not (
                len(t.norm) >= 4 and t.norm in kb.people_single and self._subject_slot(toks, i, text)) and not (
                # (red team 47) a title of _TITLES_ELSEWHERE that some language's little words hold
                # ("re", Latin's and Czech's too), before a capitalised word: "il re Carlo"; (round 40)
                # capitalised too, first in the prompt ("Pak Harto tersenyum di istana")
                (t.norm in _TITLES_ELSEWHERE or t.norm in _OFFICES or t.norm in _ROLE_TITLES)
                and (not t.cap or i == 0 or t.sentence_start) and not t.upper
                and not (i + 1 < len(toks) and t.norm not in _TITLES_ELSEWHERE and (
                    toks[i + 1].norm in _TITLES or toks[i + 1].norm in _TITLES_ELSEWHERE))  # "le premier Ministre"
                and i + 1 < len(toks) and toks[i + 1].cap and _gap(text, t, toks[i + 1]) == " "):
            # (round 11, adversary 19: not a famous one-word name where a sentence's subject stands,
            # "najib berucap", "jimi hraje na kytaru")
            return None, i  # a little word of the prompt's language ("un", "na", "bir")
        j = self._next(toks, i, text)
        nxt = toks[j] if j is not None and not blocked[j] else None
        k = self._particle_end(toks, i, j, cased) if nxt is not None and set(_gap(text, t, nxt)) <= {" "} else 0
        if not k and nxt is not None:
            k = self._lower_particle_end(toks, i, text, foreign)
        if k and not any(blocked[i:k]) and (self._surname(toks[k - 1]) or kb.things.get((t.norm,)) not in _PLACE_KINDS):
            # (round 37) a given name and a surname with particles, in any language: "portrait of
            # Sofia de Souza" (a prompt read as Dutch: "of"), "Retrato de Ana dos Santos", "Jan van
            # der Berg"; a place's name first is read so only before a surname that is no place
            # ("Santiago de Compostela", "Santiago de Chile" are not; "Ana dos Santos" is; a given
            # name the tables hold as a work's or a character's, "Peter", "Oscar", is a given name)
            return "given+surname", k
        if nxt is not None and (not nxt.norm.isalpha() or (nxt.norm in foreign and _little(nxt))):
            nxt = None
        if nxt is not None and (nxt.norm in _PLACE_NOUNS or nxt.norm in _TEAM_WORDS) and not t.possessive \
                and (nxt.cap or not cased):
            nxt = None  # "Howard University", "Charlton Athletic": the name of a place or a team
        if nxt is not None and t.cap and not t.upper and t.script == "latin" and len(t.norm) >= 3 \
                and not thing1[i] and (self._surname(t) or self._given(t)) \
                and (not self._word(t) or (self._surname(t) and nxt.norm not in _TITLES_AFTER_TR)) \
                and _gap(text, t, nxt) == " " and self._title_after(toks, i, j, text, foreign):
            # (round 43) a name before a title its language puts after it: "Horváth tanár úr",
            # "Mészáros doktor", "Kovács néni", "Şerafeddin Bey", "Ayşe Hanım"
            return "title", j + 1
        if nxt is not None and self._surname_then_given(toks, i, nxt, foreign):
            return "surname+given", j + 1  # (round 29) Hungarian order: "kovács anna", "Kovács Anna"
        if foreign and nxt is not None and not ((t.cap or t.norm in _TITLES or t.norm in _TITLES_ELSEWHERE
                                                 or t.norm in _ROLE_TITLES or t.norm in _ROLE_ADDRESS)
                                                and nxt.cap) and not (  # (red team 74)
                kb.census_first_rank.get(t.norm, 10**6) < 1000 and t.norm not in foreign and nxt.norm not in foreign and (
                    kb.census_last_rank.get(nxt.norm, 10**6) < 10_000 or nxt.norm in kb.famous_last)) \
                and not self._lower_pair_elsewhere(toks, i, nxt, foreign):
            nxt = None  # lower-case words of another language pair only when both are common names
        if t.cap and t.norm in _ARTICLES_ELSEWHERE and nxt is not None and not self._given(t):
            return None, i  # an article of another language starts a title or a place ("Las Meninas", "Il Duomo")
        if nxt is not None and _gap(text, t, nxt) == "-" and (
                t.norm in _HYPHEN_PLACE or t.norm in _PREFIXES
                or (not t.cap and not nxt.cap and kb.is_word(t.norm + nxt.norm))):
            return None, i  # a French place ("Saint-Tropez", "Sainte-Maxime"), a compound word ("sci-fi")
        if foreign and t.cap and not t.possessive and t.norm.endswith("s") and not thing1[i] and not self._word(t) \
                and not self._plural_after_article(toks, i, foreign) \
                and not self._given(t) and (t.norm[:-1] in kb.famous_last or t.norm[:-1] in kb.people_single) and (
                    (cased and len(t.norm) >= 6 and not self._surname(t))
                    # (round 41) also first in the prompt or a sentence, a surname of the tables too, when
                    # the stem names someone famous alone ("Åkessons valaffisch", "Kygos konsert"); not in
                    # Lithuanian or Latvian, whose nominatives end in -s ("Tėtis", dad)
                    # (red team 74) and only in a language whose genitive that is ("Cenas navideñas", "Latas de
                    # refresco": Spanish plurals), of someone no brand names ("Opels nya elbil", "Zaras skyltfönster")
                    or ((cased or i == 0 or t.sentence_start) and t.norm[:-1] in kb.people_single and len(t.norm) >= 5
                        and not _baltic_prompt(kb, foreign, text) and t.norm[:-1] not in kb.brands
                        and (_prompt_langs(kb, toks, (t,), _prompt_words(kb, toks, foreign))[0] & _GENITIVE_S_LANGS
                             # (red team 75) elsewhere when the -s form is no word of any list ("Elons", "Kygos",
                             # "Depps"; not "Cenas", "Latas", "Bébés")
                             or not (_any_latin_word(t.norm) or kb.is_word(t.norm) or self._word(t))))):
            return "possessive", i + 1  # a genitive without an apostrophe: "Merkels Raute", "Obamas Rede"
        if not foreign and t.cap and not t.upper and not t.possessive and (i == 0 or t.sentence_start) \
                and len(t.norm) >= 5 and t.norm.endswith("s") and not thing1[i] and t.norm[:-1] in kb.people_single \
                and t.norm[:-1] not in kb.brands and not self._given(t) and not _baltic_prompt(kb, foreign, text) \
                and not (_any_latin_word(t.norm) or kb.is_word(t.norm) or self._word(t)) \
                and i + 1 < len(toks) and _gap(text, t, toks[i + 1]) == " " and toks[i + 1].script == "latin" \
                and toks[i + 1].norm.isalpha() and not toks[i + 1].cap and not kb.is_word(toks[i + 1].norm) \
                and toks[i + 1].norm not in _STOP:
            # (session 54) a prompt too short for its language to be told, first word the genitive of a
            # famous one-word name in -s that is no word, before a word that is no English one:
            # "Putins ansikte i närbild", "Obamas ansikt på en plakat"
            return "possessive", i + 1
        if t.cap and not t.upper and not t.possessive and t.norm.endswith("s") and (i == 0 or t.sentence_start) \
                and not thing1[i] and len(t.norm) >= 5 and i + 1 < len(toks) and _gap(text, t, toks[i + 1]) == " " \
                and (t.norm[:-1] in kb.people_single or t.norm[:-1] in _ALONE_FAMOUS) and not self._given(t) \
                and t.norm[:-1] not in kb.brands and (t.norm[:-1],) not in kb.things \
                and toks[i + 1].script == "latin" and toks[i + 1].norm.isalpha() \
                and (not kb.is_word(toks[i + 1].norm) or (toks[i + 1].cap and kb.unigram.get(toks[i + 1].norm, 0) < 1e6)) \
                and toks[i + 1].norm not in _PLACE_NOUNS \
                and toks[i + 1].norm not in _STOP and not _baltic_prompt(kb, foreign, text) \
                and _prompt_langs(kb, toks, (t,), _prompt_words(kb, toks, foreign))[0] & _GENITIVE_S_LANGS:
            # (red team 74) first in the prompt, the genitive of a famous one-word name that is an English
            # word too, or in a prompt whose language the little words do not tell, before a word of a
            # language that writes that genitive: "Trumps Wahlplakat als mittelalterliches Gemälde",
            # "Obamas Rede in Berlin", "Macrons Gesicht in Nahaufnahme"
            return "possessive", i + 1
        fam = self._plural_family(toks, i, cased)
        if fam:
            return "family", i + 1  # "the Obamas", "the Kardashians"
        fam = self._family_at(toks, i, text)
        if fam:
            return "family", fam
        if t.possessive and not thing1[i] and t.norm not in kb.brands and ((t.cap and cased) or t.upper) \
                and len(t.norm) >= 3 and (t.norm in kb.famous_last or t.norm in kb.people_single or (
                    not self._word(t) and not self._given(t)
                    and kb.census_last_rank.get(t.norm, 10**6) > 3000)) \
                and (self._personal_after(toks, i + 1, text) or (
                    (t.norm in kb.people_single or (t.norm in kb.famous_last and not self._word(t)))
                    and not self._names_thing(toks, i, i + 1, text, "possessive", False)
                    and self._head_class(toks[i + 1].norm) not in _EPONYM_CLASSES)):
            return "possessive", i + 1  # "Messi's left foot", "Federer's backhand", "Zelensky's speech"
        # 1. title + name: "Dr Smith", "President Obama", "queen elizabeth", "lady gaga"
        # (a common English word after a title in lower case is no name: "a princess castle")
        # (a place's name after a title is the place, unless it is a known person's last name
        # written with a capital: "President Churchill", round 9, adversary 10)
        if (t.norm in _TITLES or (t.norm in _TITLES_ELSEWHERE and nxt is not None and (nxt.cap or nxt.upper)
                                  and self._title_elsewhere_names(toks, j, text, t))
                or (t.norm in _ROLE_ADDRESS and (foreign or not kb.is_word(t.norm)) and nxt is not None and nxt.cap and not nxt.upper
                    and not t.upper and not self._given(nxt) and not self._word(nxt) and len(nxt.norm) >= 3
                    and not (i > 0 and toks[i - 1].norm in _STREET_NAMED)
                    and (self._surname(nxt) or self._surname_by_ending(nxt)) and _gap(text, t, nxt).strip(" .") == "")
                or (t.norm in _ROLE_TITLES and nxt is not None and nxt.cap and not nxt.upper and not self._given(nxt)
                    and not (i > 0 and toks[i - 1].norm in _STREET_NAMED)  # (red team 74) "Calle Alcalde Sainz"
                    and nxt.norm not in _TITLES and nxt.norm not in _TITLES_ELSEWHERE
                    and (nxt.norm in kb.famous_last or nxt.norm in kb.people_single)
                    and not self._word(nxt) and _gap(text, t, nxt).strip(" .") == "")) \
                and nxt is not None and not nxt.initial and not (
                t.native in _CYR_PLACE_ABBR and not t.cap and not t.upper) and not (
                thing1[j] and not ((nxt.cap or nxt.upper) and nxt.norm in _people_last(kb))) and not (
                t.norm in _KIN and self._given(nxt) and not (j + 1 < len(toks) and self._surname(toks[j + 1])
                                                             and not self._word(toks[j + 1]))):
            common_word = self._word(nxt) and not (nxt.cap and cased) and kb.unigram.get(nxt.norm, 0) >= 3e6
            # a title's act is no name: "a queen waving", "the Monkey King leaping" (round 8)
            act_word = not (nxt.cap and cased) and not self._given(nxt) and not self._surname(nxt) and (
                nxt.norm in _PERSON_ACTS or nxt.norm in _MORE_ACTS
                or (nxt.norm.endswith("ing") and len(nxt.norm) > 4 and kb.is_word(nxt.norm)))
            if self._namey(nxt) and len(nxt.norm) > 2 and not common_word and not act_word:
                k = j + 1
                if k < len(toks) and toks[k].cap and cased and not self._word(toks[k]) and not blocked[k]:
                    k += 1
                return "title", self._extend_surname(toks, k)
        # 2. initials + surname: "B. Obama", "J. K. Rowling", "b. obama" (not an article: "Η Ακρόπολη")
        if t.initial and not (
                # (round 42) an article of the prompt's language, one letter and no full stop, before a
                # word that is no given name nor a famous name: "O Mosteiro dos Jerónimos", "O Pão de
                # Açúcar", "A Torre de Belém" (not "O. Silva", "J Smith")
                bool(foreign) and t.norm in _ARTICLES_ANY and i + 1 < len(toks)
                and not _gap(text, t, toks[i + 1]).startswith(".") and not self._given(toks[i + 1])
                and toks[i + 1].norm not in kb.famous_last and toks[i + 1].norm not in kb.people_single) \
                and not (t.native and (t.native in _NATIVE_STOP or t.native in kb.native_stop) and not (
                # (round 24) a capital with a full stop is an initial, also where the letter is a
                # little word ("А. Ахматова", "С. Петров"; not "А Москва спит")
                (t.upper or t.cap) and i + 1 < len(toks) and _gap(text, t, toks[i + 1]).startswith("."))) and not (
                t.native in _CYR_PLACE_ABBR and not t.cap and not t.upper):  # (round 24) "п. Таганрог"
            k = i
            while k < len(toks) and toks[k].initial and k - i < 3:
                k += 1
            if k < len(toks) and k > i and not toks[k].initial and not blocked[k] and toks[k].script != "other":
                # (round 26: not a word of a script read by its own rules, "S座", block S, where
                # anyascii's "zuo" is a surname of the tables)
                s = toks[k]
                if (s.cap and self._namey(s)) or (self._surname(s) and not self._word(s)):
                    return "initials", self._extend_surname(toks, k + 1)
        # 3a. a famous last name standing as an emphasised tag of its own, in a prompt written as
        # a list of tags ("((messi))", "(messi:1.2)", "[messi]"): the weight is put on what is
        # drawn (a plain tag may be a place of the same name: "..., silverstone, overcast")
        if t.norm in kb.famous_last and not self._word(t) and not thing1[i] and len(t.norm) >= 4 \
                and t.script == "latin" and t.norm not in kb.brands and self._whole_tag(toks, i, text):
            return "tag", i + 1
        # 3j. (round 39) a famous person's one-word name that names them alone in the news and is a
        # rare English word ("trump", "macron", "Musk"), where a person stands: the whole prompt,
        # what a picture shows ("a photo of trump"), first in a clause before where they are or
        # what they do ("trump in an orange jumpsuit", "Musk on Mars"); not before a noun it
        # qualifies ("trump card", "musk ox", "macron accent") nor after an article ("a trump card")
        if t.norm in _ALONE_FAMOUS and t.script == "latin" and not thing1[i] and t.norm not in foreign \
                and self._alone_famous(toks, i, text, foreign):
            return "known-person", i + 1
        # 3e. a one-word name of a person famous lately that is also an English word, a common
        # name or a place's ("swift", "drake", "macron"), as a tag of its own among tags that
        # speak of a famous person ("swift, stage", "macron, podium"; not "a swift bird")
        if t.norm in kb.famous_word and t.script == "latin" and not thing1[i] and not foreign \
                and self._fame_tag(toks, i, text):
            return "tag", i + 1
        # 3i. a famous one-word name that is also a word, a common name or a place's, capitalised
        # and followed by where the famous are seen ("Clinton at a rally", "Lula at the summit",
        # adversary 21): a town or a surname does not go to a rally or a premiere
        if t.norm in kb.famous_word and (t.cap or t.upper) and cased and t.script == "latin" \
                and kb.things.get((t.norm,), "place") == "place" and not foreign and i + 2 < len(toks) and toks[i + 1].norm in ("at", "during") \
                and set(_gap(text, t, toks[i + 1])) <= {" "} \
                and any(u.norm in _FAMOUS_SEEN
                        and not (k + 1 < len(toks) and toks[k + 1].norm in _PLACE_NOUNS)
                        for k, u in enumerate(toks[i + 2:i + 5], start=i + 2)) \
                and not (i > 0 and (toks[i - 1].norm in _PLACE_LEAD or "," in _gap(text, toks[i - 1], t))):
            return "known-person", i + 1  # (not the place: "a view of Jordan at the conference
            # center", "Petra, Jordan at the gala dinner")
        # 3f. a famous person's one-word form written with digits ("CR7", "2Pac"), or an @-handle
        # of a famous one-word name, also one that is a word ("@Ninja", "@Drake": an account)
        # (``marks``: whether the prompt has a digit and an "@" at all, so that most prompts skip this)
        raw = text[t.vstart:t.vend] if marks[0] or marks[1] else ""
        digits = marks[0] and not raw.isalpha() and bool(_HAS_DIGIT(raw))
        if t.script == "latin" and raw:
            if digits and raw.isalnum() and (raw.lower() in kb.people_single or raw.lower() in kb.famous_word):
                return "known-person", i + 1  # (read as it is written: "CR7" is no "crt", a thing)
            m = _ACRONYM_YEAR.fullmatch(raw) if digits else None
            if m and m.group(1).isupper() and m.group(1).lower() not in kb.brands \
                    and (m.group(1).lower() in kb.people_single or m.group(1).lower() in kb.famous_word
                         or self._initialism(m.group(1).lower())):
                return "known-person", i + 1  # a famous acronym and a year: "AOC2024", "MLK1963" (adversary 21)
            m = _HANDLE_DIGITS.fullmatch(raw) if digits else None
            if m and m.group(1).casefold() in kb.people_single and not kb.is_word(m.group(1).casefold()):
                return "known-person", i + 1  # a famous one-word name and a handle's number: "mrbeast6000"
            if marks[1] and not thing1[i] and (raw.startswith("@") or (t.vstart > 0 and text[t.vstart - 1] == "@")) and len(t.norm) >= 3 \
                    and (t.norm in kb.people_single or t.norm in kb.famous_word or t.norm in kb.famous_last):
                return "tag", i + 1
        # 3h. (round 11, adversary 19) a famous one-word name that is an English word, in lower case
        # first in a prompt in another language, before a word that is no English one: the
        # person, as its subject ("drake rappe sur scène", "lula discursa em brasília")
        # (round 12: also capitalised, when it names no place, thing or brand and the web holds it
        # less than 10 million times: "Lula discursa em Brasília", adversary 21; not "Lisa pinta um
        # quadro", a common first name)
        if foreign and t.norm in kb.famous_word and len(t.norm) >= 4 \
                and (not t.cap or (t.norm not in kb.brands and kb.unigram.get(t.norm, 0) < 1e7)) \
                and t.norm not in foreign \
                and i == 0 and i + 1 < len(toks) and toks[i + 1].norm.isalpha() and not self._word(toks[i + 1]) \
                and toks[i + 1].norm not in foreign and not thing1[i] and self._subject_slot(toks, i, text):
            return "known-person", i + 1
        # 3. a known person named by one word: "Obama", "Einstein" (one who became famous lately
        # under a word of another language, "messi", "maduro", not in lower case in a prompt in
        # that language: "tavoli messi in fila")
        if t.norm in kb.people_single and not thing1[i] and t.norm not in kb.brands and not (
                self._own_word(t, foreign, toks, i, text) and not self._after_cue(toks, i, foreign)) \
                and not _ordinary_cyr(kb, t) and not self._inflected_word_here(toks, i, text):
            return "known-person", i + 1
        # 3b. a famous name with a case ending of a language that inflects names ("Chopina",
        # "Messin", "Sibeliuksen", "Lewandowskim") or with a suffix after an apostrophe, as
        # Turkish writes them on proper nouns ("Atatürk'ün")
        if t.script == "latin" and (t.cap or t.upper or (
                # (round 27) in lower case too in a prompt with a letter only Turkish writes, whose
                # people type names so ("tarkanın öpücük attığı bir poster", "erdoğanla çay")
                t.norm not in kb.first_word and _turkish_text(text)
                and not _tr_common(kb, toks, text, i))) \
                and not thing1[i] and self._inflected(toks, i, text, foreign):
            return "inflected", i + 1
        # 3c. a famous name written with digits or bars for letters, or with invisible characters
        # inside ("M3ss1", "Ad3l3", "7r|_|mp"): a disguise, even of a name that is also a word
        if (t.norm in kb.famous_last or t.norm in kb.people_single or (t.norm,) in kb.people or (
                t.alt != t.norm and (t.alt in kb.famous_last or t.alt in kb.people_single))) \
                and t.script == "latin" and (not t.joined or t.spelled) and len(t.norm) >= 4 and t.norm.isalpha() \
                and not thing1[i]:
            raw = text[t.vstart:t.vend]
            # characters dropped or drawn with bars, or letters spelled out ("d.r.a.k.e")
            hidden = t.spelled or t.end - t.start != t.vend - t.vstart
            if (hidden or (_HAS_DIGIT(raw) and not _MEASURE.fullmatch(raw.lower()))) \
                    and any((w in kb.people_single or w in kb.famous_last or (w,) in kb.people)
                            and (not kb.is_word(w) or kb.unigram.get(w, 0) < 1e7) for w in {t.norm, t.alt}):
                return "leet", i + 1  # (not a common word: "k.i.n.g", "p.e.a.c.e" sign)
        # 3d. a famous person's full name with one typo in one of its words ("Ariana Grandee",
        # "Tom Cruse"): the other word must be exact
        if nxt is not None and t.script == "latin" and nxt.script == "latin" and len(t.norm) >= 2 \
                and ((t.cap and nxt.cap) or (t.upper and nxt.upper) or not cased) \
                and _famous_typo(kb, t.norm, nxt.norm):
            return "misspelled", j + 1
        # 3g. a famous one-word name with one typo, capitalised in a prompt that mixes case and no
        # word, name or place of the tables ("Beyonse in a crown", "Rihana singing"), rule
        # `misspelled` (round 8)
        if t.script == "latin" and ((t.cap and cased) or t.upper) and len(t.norm) >= 6 and t.norm.isalpha() \
                and not thing1[i] and not self._word(t) and not self._given(t) and not self._surname(t) \
                and t.norm not in kb.people_single and t.norm not in kb.famous_last and t.norm not in kb.brands \
                and kb.unigram.get(t.norm, 0) < 1e5 and not (
                    i + 1 < len(toks) and (toks[i + 1].norm in _ING_NOUNS or toks[i + 1].norm in _MANNER)) \
                and not self._plural_after_article(toks, i, foreign) \
                and _famous_single_typo(kb, t.norm):  # (not an art form's name: "Pichwai painting"; (round 43)
            # nor a plural noun after its article: "Las Fallas de Valencia")
            return "misspelled", i + 1
        # 4. other scripts read through transliteration: "дональд трамп", "Барак Обама"
        if t.script == "latinish":
            # a famous surname with a Slavic case ending: "Портрет Путина" (of Putin), "с Путиным"
            city_case = False
            if (t.cap or t.upper) and t.native and "\u0400" <= t.native[0] <= "\u04ff":
                for end in (*_SLAVIC_ENDINGS, "ів", "ова", "им"):  # ("им": Ukrainian instrumental, round 8)
                    stem = t.native[:-len(end)]
                    if t.native.endswith(end) and len(stem) >= 4:
                        for st in (stem, *(stem + r for r in _SLAVIC_NOMINATIVE.get(end, ()))):
                            forms = _translit_variants(fold(st))
                            if any(f in kb.people_single or f in kb.famous_last for f in forms):
                                return "name-translit", i + 1
                            if not self._given(t) and any(kb.things.get((f,)) == "place" for f in forms) \
                                    and len(stem) >= 4:
                                city_case = True
                if city_case:
                    return None, i  # a city in a case ("на улице Львова": on Lviv street)
            # a Greek name in the genitive ("του Νίκου Καζαντζάκη": of Nikos Kazantzakis)
            if (t.cap or t.upper) and t.native and "\u0370" <= t.native[0] <= "\u03ff" and len(t.native) >= 5:
                w = unicodedata.normalize("NFC", t.native)
                for st in ((w + "ς") if w[-1] in "ηαάή" else "", (w[:-2] + "ος") if w.endswith("ου") else ""):
                    if st and (fold(st) in kb.people_single or fold(st) in kb.famous_last):
                        return "name-translit", i + 1
            # a capitalised one-word name of a known person, also before a little word
            # ("Зеленский на трибуне": Zelensky at the rostrum)
            if (t.cap or t.upper) and len(t.norm) >= 4 and t.native not in _NATIVE_STOP \
                    and t.native not in kb.native_stop and any(f in kb.people_single for f in _tok_variants(t)) \
                    and not _ordinary_cyr(kb, t):  # (round 48: "Лето на даче", summer, at a prompt's start)
                return "name-translit", i + 1
            if self._native_surname_first(toks, i, nxt):
                return "name-translit", i + 1
            if self._cased_surname_pair(t, nxt):
                return "name-translit", j + 1
            # not the little words of those languages ("на корте", "στη σκηνή": on the court, on stage)
            if t.native in _NATIVE_STOP or t.native in kb.native_stop or (
                    nxt is not None and (nxt.native in _NATIVE_STOP or nxt.native in kb.native_stop)):
                return None, i
            if nxt is not None and t.cap != nxt.cap and not nxt.upper and not any(
                    f in kb.people_single for f in _tok_variants(nxt)):
                return None, i  # "Кошка спит": a capitalised word and a lower-case one are no name pair
            # capitalised, a given name or a surname is enough ("Мария Шарапова"); in lower case
            # both are needed ("дональд трамп"; not "зимний лес утром": winter forest in the morning)
            if nxt is not None and nxt.script == "latinish" and not self._ordinary_pair(toks, t, nxt) and (
                    (self._given(t) and (self._surname(nxt) or self._given(nxt)
                                         or any(f in kb.people_single for f in _tok_variants(nxt))))
                    or (t.cap and nxt.cap and (self._given(t) or self._surname(nxt) or any(
                        (_skeleton(a), _skeleton(b)) in kb.people_skel
                        for a in _tok_variants(t) for b in _tok_variants(nxt))))):
                return "name-translit", j + 1  # (round 24: "Майкл Джордан", a famous person's sound)
            if nxt is not None and nxt.script == "latinish" and len(t.norm) >= 4 and len(nxt.norm) >= 4:
                # an English name written by sound: "Τέιλορ Σουίφτ" (teilor souift) -> Taylor Swift
                given_sk, sur_sk, _known = kb.skeletons()
                if any(len(k1) >= 3 and len(k2) >= 3 and k1 in given_sk and k2 in sur_sk
                       for k1 in {_skeleton(f) for f in (t.norm, *t.forms)}
                       for k2 in {_skeleton(f) for f in (nxt.norm, *nxt.forms)}) \
                        and not self._ordinary_pair(toks, t, nxt):
                    return "name-translit", j + 1
            if (nxt is None and t.native in kb.given_native and (t.cap or t.upper)) \
                    or (any(f in kb.people_single for f in _tok_variants(t)) and not _ordinary_cyr(kb, t)):
                return "name-translit", i + 1  # a given name of that script alone, capitalised
        named = i >= 1 and toks[i - 1].norm in _NAMED
        if self._written(toks, i) and t.norm not in kb.people_single and not (
                nxt is not None and (self._surname(nxt) or nxt.norm in kb.famous_last)):
            return None, i  # a first name written on a thing: "a cup with Emily written on it"
        if i >= 1 and toks[i - 1].norm in _KIN and not (nxt is not None and (nxt.cap or not cased)
                                                         and self._surname(nxt) and not self._word(nxt)):
            return None, i  # a family member by first name: "Grandpa Joe", "Aunt Sally", "Uncle Bob"
        if (t.possessive and not named and not thing1[i] and t.norm not in kb.brands and len(t.norm) >= 3
                and ((t.cap and cased) or t.upper) and not self._word(t) and i + 1 < len(toks)
                and toks[i + 1].norm in _PERSON_PARTS):
            return "acts-like-person", i + 1  # "Rihanna's face", "Zendaya's smile"
        if t.norm in kb.brands and not t.possessive and not named and nxt is not None:
            # (adversary 19) a brand's name before the word for who founded or runs it ("Ikea
            # founder portrait", "the Samsung chairman"), or before a famous surname, capitalised,
            # that is no word or is followed by what people do ("Leica Capa", "Hasselblad
            # Armstrong", "Nikon Bolt sprinting"; not "Kodak Gold 200", "Kodak Portra")
            after = toks[j + 1].norm if j + 1 < len(toks) else ""
            if nxt.norm in _FOUNDERS or (nxt.norm in _CHIEF_WORDS and not nxt.cap and not nxt.upper):
                return "description", j + 1  # (round 19, red team 41: also "the Tesla boss")
            if ((nxt.cap and cased) or nxt.upper) and (nxt.norm in kb.famous_last or (
                    nxt.norm in _people_last(kb) and len(nxt.norm) >= 5 and not self._word(nxt)
                    and not (after and (self._head_class(after) in _THING_CLASSES or after.isdigit())))) and (
                    not self._word(nxt) or after in _PERSON_ACTS
                    or (after.endswith("ing") and after not in _ING_NOUNS and kb.is_word(after))):
                return "capitalised", j + 1
        if t.possessive and not named and thing1[i] and t.norm in kb.famous_word and ((t.cap and cased) or t.upper) \
                and not (i > 0 and toks[i - 1].norm in _ARTICLES) and self._player_move(toks, i + 1, text):
            return "possessive", i + 1  # (round 13, adversary 23) "Kobe's fadeaway shot", as rule 9c
        if t.possessive or named or t.norm in kb.brands:
            return None, i
        word_t = self._word(t)
        if nxt is not None and t.script != "latinish":  # other alphabets: rule 4 above
            # (round 29) a two-letter little word of several languages is no given name where case
            # says nothing (in lower case, or in a prompt with every word capitalised) before a word
            # that is no surname: "na trhu", "Slovan Vyhral Derby Na Tehelnom Poli" (Slovak "on";
            # "Na" is a Korean given name); "al roker" is read as before
            given_t = self._given(t) and not (len(t.norm) <= 2 and (not (t.cap or t.upper) or not cased)
                                              and len((kb.stop_langs or {}).get(t.norm, ())) >= 3
                                              and _gap(text, t, nxt) != "-"  # ("nasser al-khelaifi")
                                              and not self._surname(nxt) and nxt.norm not in kb.famous_last)
            word_n = self._word(nxt)
            sur_n = self._surname(nxt)
            ok_n = len(nxt.norm) >= 2 and nxt.norm not in _STOP and not nxt.initial and not (
                nxt.sentence_start and len(t.norm) >= 3 and "." in _gap(text, t, nxt))  # (round 11) across
            # a sentence's end no pair: "a neon Verona. Photoreal please", "Todos os Santos. Luz natural"
            if nxt.norm in _PARTICLES and self._extend_surname(toks, j) > j and (
                    self._given(t) or (t.cap and not word_t and not thing1[i])):
                # (not a word or a place before "de": "Plaza de Armas", "Cartagena de Indias")
                return "given+surname", self._extend_surname(toks, j)
            strong_n = kb.census_last_rank.get(nxt.norm, 10**6) < 1000
            # a place name first ("Georgia peaches") unless it is one of the commonest first names ("Paul")
            # a city and a plural noun is a team ("Charlotte Hornets", "Orlando Magic" aside)
            team = (thing1[i] and len(nxt.norm) > 4 and nxt.norm.endswith("s") and not sur_n
                    and kb.is_word(nxt.norm) and kb.is_word(nxt.norm[:-1])) or (
                nxt.cap and not sur_n and nxt.norm not in kb.famous_last and self._plural_noun(nxt))
            # (a name and a capitalised plural noun: a team or a corps, "Chelsea Pensioners")
            place_pair = ((thing1[i] and word_n and not strong_n and kb.census_first_rank.get(t.norm, 10**6) >= 200)
                          or (thing1[j] and not sur_n) or team)
            # 5. given name + surname, any case: "al pacino", "keanu reeves", "elon musk", "grace kelly"
            # in a prompt that mixes case, a capitalised name and a lower-case English word are
            # no pair ("Tyler, Texas rose garden", "Ben and Jerry ice cream")
            lower_word_after = cased and t.cap and not nxt.cap and not nxt.upper and (
                word_n or not (sur_n or nxt.norm in kb.famous_last) or kb.unigram.get(nxt.norm, 0) >= 5e7)
            if given_t and ok_n and not place_pair and not lower_word_after:
                if not word_t and (not word_n or sur_n or kb.unigram.get(nxt.norm, 0) < 3e6):
                    return "given+surname", self._extend_surname(toks, self._maybe_third(toks, j + 1, text))
                if word_t and t.norm in kb.census_first_rank and sur_n and not word_n:
                    return "given+surname", self._extend_surname(toks, self._maybe_third(toks, j + 1, text))
            # (round 24) a lower-case pair of words no dictionary, table or map holds, the second
            # ending as only surnames do: "abdukodir khusanov", "ardem patapoutian"
            if not given_t and ok_n and not place_pair and not t.cap and not t.upper \
                    and (not nxt.cap or nxt.joined) and not nxt.upper and t.script == "latin" and nxt.script == "latin" \
                    and self._latin_surname_pair(t, nxt, thing1[i] or thing1[j]):
                return "given+surname", j + 1
            # a famous surname before a given name, as Hungarian (and East Asian) names are
            # written: "Petőfi Sándor", "Bartók Béla"
            if t.norm in kb.famous_last and not word_t and (nxt.cap or nxt.upper) and given_t is False \
                    and self._given(nxt) and not word_n and ok_n and not thing1[j]:
                return "given+surname", j + 1
            # a common first name and a city's name, doing what people do: "Naomi Osaka serving"
            if (((t.cap and nxt.cap and cased) or (t.upper and nxt.upper)) and thing1[j]
                    and kb.census_first_rank.get(t.norm, 10**6) < 1000
                    and j + 1 < len(toks) and toks[j + 1].norm.endswith("ing") and toks[j + 1].norm not in _ING_NOUNS
                    and kb.is_word(toks[j + 1].norm)):
                return "given+surname", j + 1
            # (round 24) a Czech or Slovak woman's surname, capitalised after a capitalised word, in
            # a language that capitalises names only: "Fotka Barbory Krejčíkové na kurtu" (-ová,
            # and its cases -ové, -ovou); not a place or a thing ("Nová Ves" has no such ending)
            if cased and t.cap and nxt.cap and ok_n and not place_pair and t.script == "latin" \
                    and not thing1[i] and not thing1[j] and len(t.norm) >= 3 and not self._word(t) \
                    and text[nxt.vstart:nxt.vend].lower().endswith(("ová", "ové", "ovou")) and len(nxt.norm) >= 6:
                return "capitalised", j + 1
            # 6. capitalised pairs (only where the prompt mixes case)
            if cased and t.cap and nxt.cap and ok_n and not place_pair:
                if given_t and not nxt.sentence_start and (not word_n or not word_t):
                    return "first+capital", self._extend_surname(toks, self._maybe_third(toks, j + 1, text))
                # "Tom Cruise", "Will Smith": a US given name and a US surname, both also words
                if (kb.census_first_rank.get(t.norm, 10**6) < 1500 and kb.census_last_rank.get(nxt.norm, 10**6) < 10_000
                        and (kb.census_last_rank.get(nxt.norm, 10**6) < 200 or kb.unigram.get(nxt.norm, 0) < 3e7)):
                    return "first+capital", self._extend_surname(toks, j + 1)
                # "Usain Bolt": an unknown word and a common surname (not in a prompt in another
                # language, whose capitalised nouns are no names: "Ein Glas Wein")
                if not word_t and not thing1[i] and kb.census_last_rank.get(nxt.norm, 10**6) < 5000 and not foreign:
                    return "capitalised", self._extend_surname(toks, j + 1)
                if not word_t and not word_n and not thing1[i] and not thing1[j] and (
                        not foreign or (sur_n and not (foreign & _GERMAN_MARKS) and not nxt.sentence_start
                                        and len(t.norm) >= 3 and t.norm not in kb.stop_langs)):
                    # (in a language that capitalises names only, an unknown word and a surname:
                    # "Ṣe àwòrán Fela Kuti"; not in German, whose nouns are capitalised too)
                    if given_t or sur_n or self._surname(t) or self._given(nxt):
                        return "capitalised", self._extend_surname(toks, self._maybe_third(toks, j + 1, text))
                    if not nxt.sentence_start and len(t.norm) > 1 and len(nxt.norm) > 1:
                        return "capitalised-unlisted", self._extend_surname(toks, j + 1)
        # a famous last name that is no word right before a manner, or a medium and a manner
        # ("Hiroshige style", "Hiroshige woodblock style"): the artist (round 8)
        if t.norm in kb.famous_last and not word_t and not thing1[i] and t.norm not in kb.brands \
                and (t.cap or t.upper or not cased):
            for k in range(i + 1, min(i + 4, len(toks))):
                if toks[k].norm in _MANNER:
                    return "artist-style", i + 1
                if not toks[k].norm.isalpha() or (toks[k].cap and not toks[k].joined) or toks[k].norm in _STOP:
                    break
        # an artist named for a manner, also when the name is a place's too ("in the style of
        # Dalí", "in the manner of Turner"): a famous person's last name
        if i >= 2 and toks[i - 1].norm == "of" and toks[i - 2].norm in ("style", "styles", "manner") \
                and (t.cap or t.upper) and t.norm in _people_last(kb):
            return "cue", i + 1
        # 7. a name after a cue: "portrait of Obama", "in the style of Van Gogh", "a statue of
        # Drake" (a capitalised word that is also a rarer English word counts in mixed case)
        # (a name is a noun: "like Starry Night" names no one)
        rare_cap = t.cap and cased and not t.sentence_start and word_t and t.norm not in _STOP \
            and self._head_class(t.norm) is not None \
            and not (i > 0 and toks[i - 1].norm in _ARTICLES) \
            and t.norm not in _TITLES and kb.unigram.get(t.norm, 0) < 5e6
        # (in a prompt written all in lower case, a famous last name that is no English word is
        # written as users write names there: "portrait of messi", "messi scoring a goal")
        low_famous = not cased and not word_t and not t.upper and t.norm in kb.famous_last
        # an artist after "art by", "painted by" or ", by" (a tag of its own), in any case: a word
        # that is no English word, place or brand, and rare, or before a surname ("art by
        # artgerm", "by takashi murakami"; not "painted by hand", "art by moonlight")
        art_by = i >= 2 and toks[i - 1].norm == "by" and not word_t and not thing1[i] and t.norm not in kb.brands \
            and t.norm not in kb.stop_langs and len(t.norm) >= 3 and t.norm.isalpha() \
            and (toks[i - 2].norm in _ART_BY or bool(set(_gap(text, toks[i - 2], toks[i - 1])) & set(",;|()[]{}"))) \
            and (kb.unigram.get(t.norm, 0) < 1e6 or (nxt is not None and self._surname(nxt) and not self._word(nxt)))
        if self._after_cue(toks, i, foreign) and (not word_t or rare_cap) and not thing1[i] and len(t.norm) > 1 and (
                (t.cap and cased) or (t.upper and not word_t) or self._given(t) or self._surname(t) or low_famous
                or art_by):
            k = i + 1
            if nxt is not None and ((nxt.cap and cased) or self._surname(nxt)) and not self._word(nxt):
                k = j + 1
            return "cue", self._extend_surname(toks, k)
        # 8. one unknown name doing what people do: "Zendaya on the red carpet", "Messi scoring",
        # "Oprah interviewing a guest" (a word in -ing right after a name that is no word);
        # not a capitalised word after an article ("Sonic the Hedgehog running")
        after_article = i > 0 and toks[i - 1].norm in _ARTICLES
        # a name right after a lower-case noun for a thing or an animal is that thing's name, in
        # apposition ("Thor's hammer Mjölnir", "the sword Excalibur", "the horse Bucephalus")
        if i > 0 and not toks[i - 1].cap and not toks[i - 1].upper and toks[i - 1].norm not in _DEPICT \
                and _gap(text, toks[i - 1], t) == " " and self._head_class(toks[i - 1].norm) in _APPOSED_CLASSES \
                and t.norm not in kb.people_single and (t.norm,) not in kb.people and t.norm not in kb.famous_last \
                and not self._given(t) and not self._surname(t):
            return None, i
        # a common first name alone is nobody in particular ("a little girl, Emma, reading"),
        # unless a famous person is known by it alone ("Oprah", "Rihanna")
        generic = (kb.census_first_rank.get(t.norm, 10**6) < _GENERIC_FIRST_RANK and t.norm not in kb.people_single
                   and (t.norm,) not in kb.people and not (nxt is not None and (nxt.cap or nxt.upper)))
        # (round 12) unless a famous person is known by it alone too, the web holds it less than 10
        # million times (as the rare-word reading below), and it starts the prompt, capitalised,
        # before where the famous are seen ("Lula giving a speech", adversary 21; not "Emma giving a
        # speech", "Dave giving a speech at a wedding")
        if generic and t.norm in kb.famous_word and kb.unigram.get(t.norm, 0) < 1e7 and t.cap and cased \
                and t.sentence_start and i == 0 \
                and any(u.norm in _FAMOUS_SEEN for u in toks[i + 1:i + 5]):
            generic = False
        # an English word counts only when it is capitalised where a sentence does not begin
        # and names a thing, not a kind of person or a quality ("Surfer riding a wave",
        # "Impressionist painting", "a Viennese riding hall" name nobody), unless a famous one-word
        # name ("Prince")
        # (nor after another capitalised word: the end of a title, "Sailor Moon", "Swan Lake")
        in_title = i > 0 and toks[i - 1].cap and _gap(text, toks[i - 1], t) == " " and (
            not toks[i - 1].sentence_start or self._word(toks[i - 1]))
        # (round 15, red team 39) unless it is a famous person's last name after a one-word name that
        # starts the prompt and is no given name, title or known thing's: a firm's and its chief's
        # ("Apple Cook on stage presenting"), read as the name alone, before what people do
        # (round 16, red team 40: also after the firm's possessive, "Apple's Cook on stage presenting")
        chief = in_title and i == 1 and toks[0].sentence_start \
            and not self._given(toks[0]) and toks[0].norm not in _TITLES and t.norm in _people_last(kb) \
            and t.norm not in _PLACE_NOUNS and t.norm not in _TEAM_WORDS
        # (round 17) a chief's last name there counts however common a word it is ("Apple Jobs on
        # stage"); what people do must still follow (below)
        word_ok = (not in_title or chief) and ((t.norm,) in kb.people or (chief and t.norm in kb.famous_last) or (
            kb.unigram.get(t.norm, 0) < 5e6 and (
                t.norm in kb.famous_last or (
                    not t.sentence_start and (kb.noun_class or {}).get(t.norm) not in (None, "person")))))
        # a rare word that names no kind of person, thing made, thing to eat, animal or plant,
        # starting the prompt and doing what people do right after ("Macron giving a speech")
        # (or a famous one-word name the web holds as a word less than 10 million times: "Ado performing
        # on stage", a miss of held-out #4)
        if not word_ok and not in_title and t.sentence_start and t.cap \
                and (kb.unigram.get(t.norm, 0) < 5e5 or (t.norm in kb.famous_word and kb.unigram.get(t.norm, 0) < 1e7)) \
                and (kb.noun_class or {}).get(t.norm) not in _NO_ACTOR_CLASSES \
                and i + 1 < len(toks) and ((toks[i + 1].norm in _PERSON_ACTS and toks[i + 1].norm.endswith("ing")
                                            and toks[i + 1].norm not in _ING_NOUNS)
                                           or self._finite_act(toks, i, text)):  # (round 15) "Drake raps"
            word_ok = True
        # a word that no source knows, in a prompt written all in lower case, counts as a name only
        # before what people do ("mbappe smiling") or cast as a person ("hasbulla as a boss")
        low_unknown = not cased and not word_t and not t.upper and kb.unigram.get(t.norm, 0) < 1e5 \
            and len(t.norm) >= 4 and not foreign and t.norm not in kb.stop_langs and not after_article
        if (not thing1[i] and len(t.norm) >= 3 and t.norm.isalpha() and not (word_t and after_article) and not generic
                and (not word_t or ((t.cap or t.upper) and cased and t.norm not in _STOP and word_ok))
                and ((t.cap and cased) or (t.upper and (cased or not word_t)) or self._given(t) or self._surname(t)
                     or t.joined or low_famous or low_unknown)):
            # (stop 27, after adversary 16's note: a word in capitals in a prompt that mixes case counts
            # as a capitalised one does: "TRUMP laughs", "MACRON waving" as "Trump laughs")
            if (not word_t and t.norm not in kb.brands and i + 1 < len(toks) and toks[i + 1].norm.endswith("ing")
                    and kb.is_word(toks[i + 1].norm) and len(toks[i + 1].norm) > 4
                    and toks[i + 1].norm not in _ING_NOUNS
                    and (not low_unknown or low_famous or toks[i + 1].norm in _PERSON_ACTS
                         or toks[i + 1].norm in _MORE_ACTS)):
                return "acts-like-person", i + 1
            weak = low_unknown and not low_famous and not self._given(t) and not self._surname(t)
            # cast as a kind of person: "hasbulla as a tiny boss", "Jisoo as a warrior queen" (a
            # noun whose first WordNet sense is a person, within five words after "as")
            if i + 2 < len(toks) and toks[i + 1].norm == "as" and not word_t and t.norm not in kb.brands \
                    and not after_article:  # (not "a shiba as a tiny samurai": a name takes no article)
                for k in range(i + 2, min(i + 7, len(toks))):
                    if (kb.noun_class or {}).get(toks[k].norm) == "person" and not toks[k].cap:
                        return "acts-like-person", i + 1
                    if not (toks[k].norm in _ARTICLES or kb.is_word(toks[k].norm)) or _gap(text, toks[k - 1], toks[k]).strip():
                        break
            # (after "with" or "in" the clothes or the body may come later: "Zidane with a shaved head")
            reach = 7 if i + 1 < len(toks) and toks[i + 1].norm in ("with", "in", "wearing") else 5
            for k in range(i + 1, i + 1 if weak else min(i + reach, len(toks))):
                if ((toks[k].norm in _PERSON_ACTS or toks[k].norm in _MORE_ACTS)
                        and (k == i + 1 or toks[k].norm not in _ING_NOUNS)
                        and not self._noun_use(toks, k, text)) \
                        or (k == i + 1 and self._finite_act(toks, i, text)) \
                        or ((toks[k].norm in _CLOTHES or (reach == 7 and toks[k].norm in _BODY)) and k >= i + 2):
                    return "acts-like-person", i + 1
                if not (toks[k].norm in _STOP or self.kb.is_word(toks[k].norm) or thing1[k]):
                    # a second name joined by "and" shares the act: "Trump and Kim shaking hands"
                    if (toks[k - 1].norm == "and" or "&" in _gap(text, toks[k - 1], toks[k])) and not blocked[k] and (
                            (toks[k].cap and cased) or toks[k].upper or self._given(toks[k])
                            or self._surname(toks[k]) or toks[k].norm in kb.famous_last):
                        continue
                    break
                if k == i + 1 and not toks[k].cap and not toks[k].upper and toks[k].norm not in _PERSON_ACTS \
                        and (self._animal(toks[k].norm) or (_gap(text, t, toks[k]) == " " and toks[k].norm.isalpha()
                                                            and self._animal(t.norm + toks[k].norm))):
                    break  # the animal does it: "a Sphynx cat wearing a sweater"; (round 15) also
                    # one whose name is written in two ("Sting ray swimming": a stingray)
                if self._plural_noun(toks[k]) and (toks[k].cap or self._head_class(toks[k].norm) != "person"):
                    # the act is that noun's: "Lipizzaner stallions performing", "Kaizer Chiefs fans
                    # with" (not people named after the name: "Mbappe teammates celebrating")
                    break
        # 9a. (round 11) a famous person's last name that a place also bears, capitalised, "with
        # his" after it: "Dalí with his upturned moustache", "Lincoln with his stovepipe hat"
        if (thing1[i] and (t.cap or t.upper) and cased and not in_title and not after_article
                and not (i > 0 and toks[i - 1].norm in _LOCATIVE) and i + 2 < len(toks)
                and toks[i + 1].norm == "with" and toks[i + 2].norm == "his" and t.norm in _people_last(kb)
                and set(_gap(text, t, toks[i + 1])) <= {" "}):
            return "acts-like-person", i + 1
        # 9. a place's name doing what only people do, right after it: "Lincoln giving a speech"
        # (round 12) or after a code of letters and digits, when the place's name is a famous
        # person's one-word name: "Kobe KB824 dunking" (a player's initials and numbers, adversary 21)
        a = i + 1
        if t.norm in kb.famous_word and a + 1 < len(toks) and _gap(text, t, toks[a]) == " " \
                and _gap(text, toks[a], toks[a + 1]) == " " and _CODE.fullmatch(text[toks[a].vstart:toks[a].vend]):
            a += 1
        if (thing1[i] and kb.things.get((t.norm,)) not in ("fiction", "breed", "plant", "food") and (t.cap or t.upper)
                and cased
                and not in_title and not (i > 0 and toks[i - 1].norm in _LOCATIVE)
                and not after_article  # "in a Vienna riding hall": a place's name before a noun (round 8)
                and a < len(toks)
                and toks[a].norm in _PERSON_ACTS and toks[a].norm not in _ING_NOUNS
                and toks[a].norm.endswith("ing") and len(t.norm) >= 3):
            return "acts-like-person", i + 1
        # 9c. (round 12) a famous one-word name that a town also bears, capitalised, before a word no
        # dictionary knows but made of a verb and its particle run together ("fadeaway",
        # "stepback"), and a move of a player's body: the player's move ("Kobe fadeaway shot",
        # adversary 21; not the town's view or dish: "Kobe skyline shot", "Kobe wagyu shot",
        # "Kobe nightscape shot", "Hamilton broadway shot")
        # (round 13, adversary 23) also possessive ("Kobe's fadeaway shot") and with the move
        # hyphenated ("Kobe fade-away shot")
        if (thing1[i] and t.norm in kb.famous_word and (t.cap or t.upper) and cased and not in_title
                and not after_article and not (i > 0 and toks[i - 1].norm in _LOCATIVE)
                and self._player_move(toks, i + 1, text)):
            return "acts-like-person", i + 1
        return None, i

    def _player_move(self, toks: list[_Tok], m: int, text: str) -> bool:
        """(round 12, 13) ``toks[m:]`` start with a verb and its particle, run together or joined
        by a hyphen, that no dictionary knows as one word ("fadeaway", "fade-away", "stepback"),
        then a move of a player's body (:data:`_BODY_DEEDS`: "shot", "jumper")."""
        kb = self.kb
        n = len(toks)
        if m + 1 >= n or _gap(text, toks[m - 1], toks[m]) != " ":
            return False
        u = toks[m]
        if not u.norm.isalpha() or u.cap or u.upper:
            return False
        w, e = u.norm, m
        if _gap(text, u, toks[m + 1]) == "-" and toks[m + 1].norm in _MOVE_PARTICLES and not toks[m + 1].cap \
                and not toks[m + 1].upper and u.norm in kb.vocab:
            e = m + 1
            w += toks[e].norm
        if kb.is_word(w) or not any(w.endswith(p) and len(w) - len(p) >= 3 and w[:-len(p)] in kb.vocab
                                    for p in _MOVE_PARTICLES):
            return False
        return e + 1 < n and toks[e + 1].norm in _BODY_DEEDS and _gap(text, toks[e], toks[e + 1]) == " "

    def _inflected(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> bool:
        """``toks[i]`` is a famous one-word name or last name with an apostrophe suffix, or
        with a case ending in a prompt not in English (its little words are another language's,
        or most of its words are no English words): the word itself is no English word, name or
        known thing, and rare."""
        kb = self.kb
        t = toks[i]
        w = t.norm
        if len(w) < 5 or t.possessive:
            return False
        raw = text[t.vstart:t.vend]
        quoted = "'" in raw or "’" in raw
        # (round 41) Hungarian's "with" after a consonant doubles it: "Orbánnal", "Trumppal" (-val, -vel)
        doubled = len(w) >= 7 and w[-2:] in ("al", "el") and w[-3] == w[-4] and w[-3] not in "aeiouy"
        doubled = doubled and (w[:-3] in kb.famous_last or w[:-3] in kb.people_single
                               or (w[:-3] in kb.famous_word and (t.cap or t.upper)))
        if not quoted and not doubled \
                and not any(w.endswith(end) and (w[:-len(end)] + rep in kb.famous_last
                                                       or w[:-len(end)] + rep in kb.people_single)
                                  for end, rep in (*_INFLECTIONS, *_BALTIC_ENDINGS, *_SOUTH_SLAVIC_ENDINGS,
                                                   *_CS_SK_ENDINGS)):
            return False  # no famous name under any ending: most words stop here
        endings = list(_INFLECTIONS) if _turkish_text(text) else [
            (e, r) for e, r in _INFLECTIONS if e not in _TR_ENDINGS or r]
        # (round 30) the cases of Lithuanian and Latvian names, and of Slovenian and Croatian ones
        # with their possessive adjectives, in a prompt in those languages only (their little words):
        # "plakatas apie Vytautą Landsbergį", "Kristapa Porziņģa portrets", "s Tadejem Pogačarjem"
        langs = _prompt_langs(kb, toks, (t,), _prompt_words(kb, toks, foreign))[0]
        if langs & {"lt", "lv"} or any(c in _BALTIC_LETTERS for c in text):
            endings += _BALTIC_ENDINGS
        if langs & {"sl", "hr"}:
            endings += _SOUTH_SLAVIC_ENDINGS
        if not w.isalpha() or self._word(t) or self._given(t) or self._surname(t) \
                or w in kb.famous_last or kb.unigram.get(w, 0) >= 2e5:
            return False

        def famous(st: str, end: str = "") -> bool:
            if not t.cap and not t.upper and st in kb.first_word:
                return False  # (round 27) "aslanın yelesi", the lion's mane
            return len(st) >= 4 and st not in kb.brands and (
                st in kb.people_single or (st in kb.famous_last and (st,) not in kb.things and (
                    not kb.is_word(st) or (end in _INFLECTIONS_FOREIGN and kb.unigram.get(st, 0) < 2e6)))
                # (round 44) a surname the news names the person by, capitalised with a case
                # ending of two letters or more: "s Trumpem", "Trumpův", "s Muskem"
                or (st in _ALONE_FAMOUS and (t.cap or t.upper) and len(end) >= 2))

        for q in "'’":
            if q in raw:
                stem, _, suffix = raw.partition(q)
                return suffix.isalpha() and suffix.islower() and len(suffix) <= 5 \
                    and suffix not in _ENGLISH_CONTRACTIONS and famous(_norm_token(stem))
        # (round 44) Czech's "-em" of a name in -o reads it so only when the word without the ending
        # is no given name ("s Petrem", with Petr, is no Petro; "Ronaldem" no Ronaldo), and a
        # given name that no one is famous by alone in its case, after a little word or first, is
        # the given name ("s Pavlem a Petrem", with Pavel; "s Petrem Pavlem" and "s prezidentem
        # Pavlem" are the president)
        alone = i == 0 or (not toks[i - 1].cap and not toks[i - 1].upper and len(toks[i - 1].norm) <= 3)

        def read(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
            return [(end, rep) for end, rep in pairs if w.endswith(end) and (len(end) >= 2 or len(w) >= 6)
                    and not (rep == "o" and w[:-len(end)] in kb.given) and famous(w[:-len(end)] + rep, end)
                    and not (alone and (end, rep) in _CS_SK_CASES and w[:-len(end)] + rep in kb.given
                             and w[:-len(end)] + rep not in kb.people_single)]

        hits = read(endings)
        # (round 44) the Czech and Slovak endings, on a word that is no common word of a language of
        # the word lists ("Celou noc", "Latem na plaży", "Escova de dentes" are words)
        cs_hits = [] if _any_latin_word(w) else read(_CS_SK_ENDINGS)
        if any(end == "ov" for end, _rep in cs_hits):
            # (session 60) Slovak's "-ov" is a possessive only right before the noun it qualifies
            # ("Obamov prejav"): not before a comma, the end or a little word ("Žižkov, televizní
            # věž", "Žižkov ve večerním světle": a district named after Jan Žižka)
            after = toks[i + 1] if i + 1 < len(toks) else None
            noun = after is not None and not text[t.vend:after.vstart].strip() and after.norm.isalpha() \
                and after.norm not in (kb.stop_langs or {})
            if not noun:
                cs_hits = [(end, rep) for end, rep in cs_hits if end != "ov"]
        if not hits and not cs_hits and not (doubled and (famous(w[:-3], "val") or w[:-3] in kb.famous_word)):
            return False
        cs = _cs_sk_text(text) or bool(langs & {"cs", "sk"})
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if not hits and cs_hits and nxt is not None and (cs or (nxt.norm.isalpha() and not kb.is_word(nxt.norm))):
            # (the next word in Czech or Slovak, or no English word: not "Obamova most charming smile")
            # a possessive, or a genitive that stands for one ("Komenského náměstí", "Fibonacciho posloupnost")
            possessive = all(end in _CS_SK_POSSESSIVE or end in ("eho", "ho") for end, _rep in cs_hits)
            if possessive and nxt.norm in _CS_SK_PLACE_NOUNS:
                # a place named after a person: "Masarykovo nádraží", "Komenského náměstí"
                return False
            if possessive and not nxt.cap and not nxt.upper and nxt.norm not in _CS_SK_PICTURE_NOUNS \
                    and any(w[:-len(end)] + rep in self._thing_heads() for end, rep in cs_hits):
                # an eponym whose English name is a known thing: "Eiffelova věž", "Dopplerův efekt",
                # "Parkinsonova choroba" (not "Einsteinova tvář", a picture of him)
                return False
        if foreign or cs:
            return True
        # (round 44) in a prompt in English, an ending no English word takes, on a famous name that is
        # no English word: "portrait of Obamovi", "a Merkelovou interview" (red team s58b wrote
        # exceptions so)
        if not kb.is_word(w) and (w,) not in kb.things and w not in kb.brands and (t.cap or t.upper) and any(
                end in _CS_SK_STRONG and not kb.is_word(w[:-len(end)] + rep)
                and (w[:-len(end)] + rep in kb.people_single or w[:-len(end)] + rep in kb.famous_last)
                for end, rep in (*hits, *cs_hits)):
            return True
        words = [x.norm for x in toks if x.script == "latin" and x.norm.isalpha() and len(x.norm) >= 3 and x is not t]
        return len(words) >= 2 and 2 * sum(map(kb.is_word, words)) < len(words)

    @staticmethod
    def _whole_tag(toks: list[_Tok], i: int, text: str) -> bool:
        """``toks[i]`` is an emphasised tag of its own: in brackets or before a weight's colon
        ("((x))", "(x:1.2)", "[x]", "{x}", "x:1.2"), and between tag boundaries (commas, brackets,
        a line break, the ends of the prompt); or the whole prompt."""
        t = toks[i]
        if len(toks) == 1:
            return True
        before = text[toks[i - 1].vend:t.vstart] if i > 0 else text[:t.vstart] + ","
        after = text[t.vend:toks[i + 1].vstart] if i + 1 < len(toks) else text[t.vend:] + ","
        emphasis = bool(set(before) & _BRACKETS_OPEN) or bool(set(after) & _BRACKETS_CLOSE) or ":" in after
        return emphasis and bool(set(before) & _TAG_OPEN) and bool(set(after) & _TAG_CLOSE)

    def _honour_at(self, toks: list[_Tok], k: int, text: str) -> bool:
        """(round 40) ``toks[k]`` is a capitalised honour or contest word (:data:`_HONOURS`), not the
        start of a picture's boast ("Award Winning", "Award-winning": red team 71)."""
        if k >= len(toks) or toks[k].norm not in _HONOURS or not (toks[k].cap or toks[k].upper):
            return False
        return not (k + 1 < len(toks) and toks[k + 1].norm in ("winning", "winner", "winners", "worthy"))

    def _speaks_of_people(self, toks: list[_Tok], i: int, j: int) -> bool:
        """(round 41) A word of the prompt outside ``toks[i:j]`` speaks of a famous person or of
        people (a fame tag, a role, a kind of person, what people do, a word for a person):
        "fans near the rock at the premiere", "standing near the rock, bald muscular wrestler"
        (adversary 19)."""
        animal = any((self.kb.noun_class or {}).get(u.norm) == "animal" or u.norm in _ANIMALS_EXTRA for u in toks)
        for k, u in enumerate(toks):
            if i <= k < j:
                continue
            w = u.norm
            if w in _FAME_TAGS or w in _ROLES or w in _KINDS_OF_PEOPLE or w in _PERSON_ACTS or w in _PERSON_FINITE \
                    or w in _WORKS_OF_PEOPLE or w in _WORN_OR_SHOWN \
                    or (self.kb.is_word(w) and self._head_class(w) == "person"):
                return True
            # (red team 74) a body or a look ("bald head", "sweat dripping off the rock", "huge
            # biceps"), or a word no list holds ("jumanji", "wwe"): a person's picture, or not a
            # plain scene
            if (w in _BODY_LOOK and not animal) or w in _ROCK_FRANCHISE:  # (red team 75)
                return True
        return False

    def _inflected_word_here(self, toks: list[_Tok], i: int, text: str) -> bool:
        """(round 40) ``toks[i]``, a famous one-word name that is also an inflected English word
        ("gates", "marks", "sessions", "groves", "raffles"), in lower case right after a noun of its
        own clause that makes it a thing ("wrought iron gates", "recording sessions", "apple
        groves"): the word. Not after an article or an adjective ("the gates family", "dinner with
        the gates", "young gates at a computer": adversary 21 found those when round 11 read every
        lower-case plural as the word), nor a word for a person, nor before a word for a family or
        a couple, nor first in its clause ("gates giving a speech"), nor capitalised ("Gates at Davos")."""
        t = toks[i]
        kb = self.kb
        if i == 0 or t.cap or t.upper or t.possessive or t.script != "latin" or t.norm in kb.vocab \
                or not (t.norm.endswith("s") and t.norm[:-1] in kb.vocab):
            return False  # (red team 71: a plural of an English noun only, not "jagger", "kissinger")
        prev = toks[i - 1]
        if any(c in _gap(text, prev, t) for c in ",;.:!?()[]{}|\n#@<>\"'") or prev.cap or prev.upper:
            return False
        p = prev.norm
        if i + 1 < len(toks) and (toks[i + 1].norm in _FAMILY_NOUNS or toks[i + 1].norm in _PERSON_ACTS
                                  or toks[i + 1].norm in _PERSON_FINITE):
            return False  # (red team 71) what a person does after it: "software gates smiling"
        cls = (kb.noun_class or {}).get(p)
        # (red team 71) only after a noun for a material, a made thing, a plant or a place ("iron",
        # "brand", "apple"): "rock jagger", "fashion marks", "poker sellers" are the people
        return p.isalpha() and p in kb.vocab and cls in _THING_BEFORE_PLURAL and p not in _ARTICLES \
            and p not in _INDEFINITE and p not in _PERSON_ADJECTIVES and p not in _STOP

    def _alone_famous(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str] = frozenset()) -> bool:
        """(round 39) ``toks[i]``, a word of :data:`_ALONE_FAMOUS`, stands where a person does: it is
        the whole prompt; or what a picture shows ("a photo of trump", "portrait of Macron"); or,
        capitalised (in any case for the words marked so), first in its clause ("...; Musk on
        Mars", "trump, prison") — and in the last two, nothing follows it in its clause but where
        a person is or what they do (:data:`_ALONE_AFTER`, an act in -ing, a finite act, an
        adverb): "trump card", "musk ox", "Tusk shell", "macron accent" are the word. (Round 39b,
        red team 66) Never when another word of the prompt speaks of the word's own sense
        (:data:`_ALONE_SENSE`: "trump in hearts", "Musk, amber and vanilla notes"); a one-word
        prompt of the words marked False only capitalised; a preposition of the prompt's language
        after it ("Trump en la playa") and, capitalised in a lower-case prompt, after "with" or
        "and" ("selfie with Trump") say a person too."""
        t, n = toks[i], len(toks)
        strong = _ALONE_FAMOUS[t.norm] or t.cap or t.upper
        # (round 39b) the word's own sense is spoken of elsewhere in the prompt: the word
        sense = _ALONE_SENSE.get(t.norm, ())
        if any(u.norm in sense or (u.norm.endswith("s") and u.norm[:-1] in sense) for k, u in enumerate(toks) if k != i):
            return False
        if n == 1:
            return strong
        if t.possessive and strong and not (i > 0 and toks[i - 1].norm in _ARTICLES):
            return True  # (round 39c) what is theirs: "a crowd at trump's rally", "macron's wife"
        if i + 1 < n and set(_gap(text, t, toks[i + 1])) <= {" "}:
            u = toks[i + 1].norm
            abroad = bool(foreign) and ((u in foreign and u in _ALONE_AFTER_FOREIGN)  # "en", "am", "na"
                                        or text[toks[i + 1].vstart:toks[i + 1].vend].lower() == "\u00e0"
                                        or (len(u) > 6 and u.endswith(("ando", "endo", "iendo", "indo", "ant"))))
            award = u == "award" and i + 2 < n and toks[i + 2].norm == "winning"  # (round 41) a quality tag
            if not (u in _ALONE_AFTER or u in _PERSON_FINITE or u in _ADVERBS or abroad or award
                    or u in _ALONE_AFTER_MORE or u in _LIKENESS_NOUNS
                    or (u in _PERSON_ACTS and u.endswith("ing") and u not in _ING_NOUNS)
                    or (u.endswith("ing") and len(u) > 5 and u not in _ING_NOUNS and self.kb.is_word(u)
                        and (self.kb.noun_class or {}).get(u) in (None, "act"))):
                return False
        look = i
        if i >= 3 and toks[i - 1].norm in _FACE_ADJECTIVES:
            # (session 54) how a face looks, between the picture's words and the name: "close up of a
            # smiling macron", "a photo of the grinning, shirtless trump": read from the article
            k = i - 1
            while k > 1 and toks[k].norm in _FACE_ADJECTIVES | {"and"}:
                k -= 1
            if toks[k].norm in ("a", "an", "the") and not any(
                    c in _gap(text, toks[x], toks[x + 1]) for x in range(k, i) for c in ";.:!?()[]{}|\n"):
                look = k
        if look != i and self._shown_of(toks, look, text):
            return strong
        if self._shown_of(toks, i, text):
            return strong
        if not strong:
            return False
        if i == 0 or ((t.cap or t.upper or _ALONE_FAMOUS[t.norm]) and _clause_opened(toks, i, text, bool(foreign))):
            return True  # (round 41: or first in a clause a relative word opens, "a cartoon where Musk is ...")
        if any(c in _gap(text, toks[i - 1], t) for c in ",;.:!?()[]{}|\n"):
            return True
        # (round 39b) capitalised mid-clause in a lower-case prompt after a word that joins people
        # ("selfie with Trump", "me and Macron on a yacht")
        if _ALONE_FAMOUS[t.norm] and t.cap and toks[i - 1].norm in _ALONE_JOIN \
                and sum(1 for u in toks if u.norm.isalpha() and not (u.cap or u.upper)) * 2 > n:
            return True
        # (round 40) a plural article of the prompt's language before it: the family ("Les Macron au
        # balcon", "los Trump en la Casa Blanca", "die Trumps")
        return t.cap and toks[i - 1].norm in _FAMILY_ARTICLES and toks[i - 1].norm in foreign \
            and _gap(text, toks[i - 1], t) == " "

    @staticmethod
    def _shown_of(toks: list[_Tok], i: int, text: str) -> bool:
        """``toks[i]`` is what a picture shows: "a photo of X", "close up of X", "close up on X",
        "closeup shot of X" (rounds 39b, 41, red team 74)."""
        t = toks[i]
        if i >= 2 and toks[i - 1].norm == "of" and _gap(text, toks[i - 1], t) == " " \
                and _gap(text, toks[i - 2], toks[i - 1]) == " " \
                and (toks[i - 2].norm in _LIKENESS_NOUNS or toks[i - 2].norm in _PICTURE_WORDS
                     or toks[i - 2].norm in ("closeup", "closeups")):
            # (round 39b: "a photo of tusk", "a sketch of truss" are the things; round 41: "closeup of",
            # not "closeup" after a name, which a product shot of a brand is, "Heinz closeup": red team 72)
            return True
        if i >= 3 and toks[i - 1].norm == "of" and toks[i - 2].norm == "up" and toks[i - 3].norm == "close" \
                and _gap(text, toks[i - 1], t) == " " and _gap(text, toks[i - 2], toks[i - 1]) == " " \
                and _gap(text, toks[i - 3], toks[i - 2]) in (" ", "-"):
            return True  # (round 41) a shot's word in two: "close up of macron", "Close-Up Of Macron"
        if i >= 2 and toks[i - 1].norm in ("of", "on") and not any(
                c in _gap(text, toks[k], toks[k + 1]) for k in range(max(0, i - 4), i) for c in ",;.:!?()[]{}|\n"):
            # (red team 74) "close up on macron", "close ups of macron", "closeup shot of trump",
            # "close up shot of macron", "extreme close-up on vance"
            ws = [u.norm for u in toks[max(0, i - 4):i - 1]]
            if ws and ws[-1] in ("shot", "shots", "view"):
                ws = ws[:-1]
            if ws[-1:] in (["closeup"], ["closeups"]) or ws[-2:] in (["close", "up"], ["close", "ups"]):
                return True
        return False

    def _low_famous_act(self, toks: list[_Tok], i: int, text: str) -> bool:
        """(round 12) ``toks[i]``, a famous one-word form that is also a word, in lower case, stands
        where the subject does (first in the prompt, or after a lower-case prefix joined by a hyphen
        that is: "super-drake") and does what people do right after it ("rapping"), in a prompt
        with a word that speaks of a famous person (:data:`_FAME_TAGS`) and none that names an
        animal or a plant: "drake rapping on stage", "super-drake rapping on stage" (adversary 21);
        not "a drake swimming in the pond", "drake swimming, ducks, stage lights". The word is not
        one of the commonest nor a kind of person, as for :meth:`_fame_tag`."""
        kb = self.kb
        t = toks[i]
        if kb.unigram.get(t.norm, 0) >= 1e7 or t.norm in _ROLES or t.norm in _KINDS_OF_PEOPLE:
            return False
        if i + 1 >= len(toks) or _gap(text, t, toks[i + 1]) != " ":
            return False
        act = toks[i + 1].norm
        if act not in _PERSON_ACTS or not act.endswith("ing") or act in _ING_NOUNS:
            return False
        start = 0 if i == 0 else 1 if (i == 1 and _gap(text, toks[0], t) == "-" and toks[0].norm.isalpha()
                                       and not toks[0].cap and not toks[0].upper) else -1
        if start < 0 or any(not c.isspace() for c in text[:toks[0].vstart]):
            return False
        return self._fame_and_no_creature(toks, i)

    def _fame_and_no_creature(self, toks: list[_Tok], i: int) -> bool:
        """Another word than ``toks[i]`` speaks of a famous person (:data:`_FAME_TAGS`) and none
        names an animal or a plant (:meth:`_names_creature`)."""
        return not self._names_creature(toks, i) and any(u.norm in _FAME_TAGS for k, u in enumerate(toks) if k != i)

    def _names_creature(self, toks: list[_Tok], i: int) -> bool:
        """A word other than ``toks[i]`` names an animal or a plant by its commonest WordNet
        sense, in the plural too ("ducks", "swifts at dusk")."""
        nc = self.kb.noun_class or {}
        for k, u in enumerate(toks):
            if k == i:
                continue
            w = u.norm
            if (nc.get(w) or (nc.get(w[:-1]) if w.endswith("s") else None)) in ("animal", "plant"):
                return True
        return False

    def _fame_tag(self, toks: list[_Tok], i: int, text: str) -> bool:
        """``toks[i]`` is a tag of its own in a list of tags (between commas, brackets, line
        breaks or the prompt's ends), another tag speaks of a famous person (:data:`_FAME_TAGS`)
        and none names an animal or a plant ("duck, drake, pond"); the word is not one of the
        commonest (a name that is also "bush" or "ford" needs more than that) nor a kind of person
        ("usher", "ninja")."""
        kb = self.kb
        t = toks[i]
        if len(toks) < 2 or kb.unigram.get(t.norm, 0) >= 1e7 or t.norm in _ROLES or t.norm in _KINDS_OF_PEOPLE:
            return False
        before = text[toks[i - 1].vend:t.vstart] if i > 0 else ","
        after = text[t.vend:toks[i + 1].vstart] if i + 1 < len(toks) else ","
        if not (set(before) & _TAG_OPEN and set(after) & _TAG_CLOSE):
            return False
        return self._fame_and_no_creature(toks, i)

    @staticmethod
    def _noun_use(toks: list[_Tok], k: int, text: str) -> bool:
        """``toks[k]`` is a word in -ing used as a noun: followed by "of", by a comma or by the
        end of the prompt ("Madhubani painting of fish", "..., Pichwai painting"), not by what
        the act is done to ("Rihanna painting a canvas")."""
        t = toks[k]
        if t.norm not in _ING_NOUNS:
            return False
        if k + 1 >= len(toks):
            return True
        return toks[k + 1].norm == "of" or bool(set(_gap(text, t, toks[k + 1])) & set(",;:!?()[]|"))

    def _plural_noun(self, t: _Tok) -> bool:
        """A lower-case or capitalised English noun in the plural ("stallions", "fans", "Chiefs")
        that is neither a name nor a word in -ing: the subject of the act after it."""
        w = t.norm
        if len(w) < 4 or not w.endswith("s") or w.endswith("ss") or t.possessive or w in _STOP:
            return False
        kb = self.kb
        nc = kb.noun_class or {}
        stems = (w[:-1], w[:-2] if w.endswith("es") else "", w[:-3] + "y" if w.endswith("ies") else "")
        return any(st and st in nc and st not in kb.people_single for st in stems) and w not in kb.famous_last \
            and (w,) not in kb.people

    @staticmethod
    def _written(toks: list[_Tok], i: int) -> bool:
        """``toks[i]`` is text on a thing: "Happy Birthday Emma", "a mug that says Sophie",
        "Emily written on it", "a name tag reading Alex"."""
        before = {toks[k].norm for k in range(max(0, i - 2), i)}
        after = toks[i + 1].norm if i + 1 < len(toks) else ""
        return bool(before & _WRITING_BEFORE) or after in _WRITING_AFTER

    def _family_at(self, toks: list[_Tok], i: int, text: str) -> int | None:
        """(round 12) End of a family named by its surname after "the", in any case, where the
        famous are seen: the plural of a famous one-word form that is also a word ("the trumps") or
        of one of the commonest US surnames ("the smiths"), or such a surname before "sisters" or
        "brothers" ("the williams sisters"), then "at" (and "the") and a word for where the famous
        are seen (:data:`_DEPICT_ONLY`: "at the oscars") or, for a famous form or sisters and
        brothers, a place's name that is no English word ("at wimbledon", "at mar-a-lago"; not "the
        johnsons at disneyland", adversary 23); none of the prompt's words names an animal or a plant
        (adversary 21; not "the swifts at dusk", "the smiths at the forge", "the singers at the
        gala": a kind of person is no surname)."""
        kb = self.kb
        t = toks[i]
        n = len(toks)
        if i == 0 or toks[i - 1].norm != "the" or t.possessive or not t.norm.isalpha() or len(t.norm) < 5 \
                or t.script != "latin" or (t.norm,) in kb.things:
            return None

        def famous_form(w: str) -> bool:
            return w in kb.famous_word and kb.unigram.get(w, 0) < 1e7 and w not in _KINDS_OF_PEOPLE and w not in _ROLES

        def famous_last(w: str) -> bool:
            # (round 13) an uncommon famous surname that is no word ("the hadid sisters")
            return w in kb.famous_last and not kb.is_word(w)

        def family_name(w: str) -> bool:
            return famous_form(w) or famous_last(w) or kb.census_last_rank.get(w, 10**6) < _COMMONEST_SURNAMES

        def famous_any(w: str) -> bool:
            # (round 13) any famous one-word form, also one the web holds often ("clinton", "bush"),
            # for a family at a landmark of several words ("the clintons at the white house")
            return w in kb.famous_word and w not in _KINDS_OF_PEOPLE and w not in _ROLES

        k = i + 1
        base = t.norm
        if k < n and toks[k].norm in ("sisters", "brothers") and family_name(t.norm):
            k += 1
            at_a_place = True
        elif k < n and toks[k].norm == "family" and (famous_form(t.norm) or famous_last(t.norm)
                                                     or famous_any(t.norm)):
            # (round 13, adversary 23) "the Trump family at mar-a-lago": a famous form's family
            # (not a common surname's: "the Johnson family at Disneyland")
            k += 1
            at_a_place = famous_form(t.norm) or famous_last(t.norm)
        elif t.norm.endswith("s") and (family_name(t.norm[:-1]) or famous_any(t.norm[:-1])):
            # any family of a common surname goes to famous places ("the johnsons at disneyland",
            # adversary 23); where the famous are seen ("at the oscars") it is the famous one
            base = t.norm[:-1]
            at_a_place = famous_form(base) or famous_last(base)
        else:
            return None
        if k >= n or toks[k].norm not in ("at", "in"):
            return None
        v = k + 1
        if v < n and toks[v].norm == "the":
            v += 1
        if v >= n:
            return None
        # where the famous are seen, within three words of the clause ("at the met gala", round 13)
        venue = False
        for u in range(v, min(v + 3, n)):
            if u > v and _gap(text, toks[u - 1], toks[u]) != " ":
                break
            if toks[u].norm in _FAMOUS_SEEN:
                venue = family_name(base)
                break
        if not venue and (famous_any(base) or at_a_place):
            # (round 13) a landmark or a place of several words that the knowledge names ("the
            # white house", "buckingham palace"; adversary 23)
            for e in range(min(n, v + 4), v + 1, -1):
                if all(_gap(text, toks[u - 1], toks[u]) in (" ", "-") for u in range(v + 1, e)) \
                        and kb.things.get(tuple(u.norm for u in toks[v:e])) in ("landmark", "place"):
                    venue = True
                    break
        if not venue and at_a_place and toks[v].norm.isalpha():
            w, e = toks[v].norm, v
            while e + 1 < n and _gap(text, toks[e], toks[e + 1]) == "-" and toks[e + 1].norm.isalpha():
                e += 1
                w += toks[e].norm
            venue = v == k + 1 and len(w) >= 5 and not kb.is_word(w) and w not in kb.stop_langs \
                and (e > v or not self._given(toks[v])) and kb.things.get((w,), "place") == "place"
        if not venue or self._names_creature(toks, i):
            return None
        return k

    def _plural_family(self, toks: list[_Tok], i: int, cased: bool) -> bool:
        """ "the Obamas", "the Kardashians": a famous surname in the plural after "the"."""
        t = toks[i]
        kb = self.kb
        if i > 0 and toks[i - 1].norm in _FAMILY_ARTICLES and (t.cap or t.upper) and not t.possessive \
                and len(t.norm) >= 4 and (t.norm,) not in kb.things \
                and (t.norm in kb.people_single or (t.norm in kb.famous_last and not kb.is_word(t.norm))):
            return True  # a family in languages whose surnames take no plural: "les Obama", "los Messi"
        if i == 0 or toks[i - 1].norm != "the" or not (t.cap or t.upper or not cased) or len(t.norm) < 5 \
                or not t.norm.endswith("s") or t.possessive or (i + 1 < len(toks) and toks[i + 1].start == t.end + 1
                                                                and toks[i + 1].norm in _MANNER):
            return False  # (joined to a manner, the name qualifies it: "the Reuters-style look", round 8)
        kb = self.kb
        if (kb.is_word(t.norm) and not (t.cap and cased)) or (t.norm,) in kb.things:
            return False
        stems = {t.norm[:-1]} | ({t.norm[:-2]} if t.norm.endswith("es") else set())
        return any((st in kb.famous_last and (t.cap or t.upper or not kb.is_word(st))) or st in kb.people_single
                   for st in stems)

    def _personal_after(self, toks: list[_Tok], k: int, text: str) -> bool:
        """After a possessive name, the first noun says a person is meant: an act, a part of
        the body, a speech, an event, a feeling ("Messi's goal", "Trump's rally"); not a thing,
        a dish, a plant ("Rubik's cube", "Hershey's chocolate")."""
        for t in toks[k:k + 3]:
            if t.norm in _STOP:
                return False
            if t.norm in _PERSON_PARTS or t.norm in _DEPICT or t.norm in _PERSON_ACTS:
                return True
            c = self._head_class(t.norm)
            if c in _PERSONAL_CLASSES or c == "group":
                return True
            if c == "person" and t.cap:
                return False  # someone else, in a title: "Whistler's Mother"
        return False

    def _worn_thing_alone(self, toks: list[_Tok], k: int) -> bool:
        """(round 17) ``toks[k]`` is a garment or a thing made (WordNet's artifact), and a place
        phrase follows it, no one wearing it: "the pope's hat on a chair" (not "the pope's
        portrait", "the pope's hat and smile")."""
        if k + 1 >= len(toks) or toks[k].norm in _PERSON_PARTS:
            return False
        w = toks[k].norm
        thing = w in _CLOTHES or (self._head_class(w) == "artifact" and w not in _DEPICT)
        return thing and toks[k + 1].norm in ("on", "in", "at", "under", "beside", "by", "near")

    def _description(self, toks: list[_Tok], i: int, text: str, thing1: list[bool]) -> int | None:
        """End of a description of one real person at ``i``: "the 44th US president",
        "CEO of Tesla", "the current pope", "prime minister of Japan"."""
        t = toks[i]
        n = len(toks)

        def role_at(k: int, short: bool = False) -> int | None:
            if short and k < n and toks[k].norm in _SHORT_OFFICES and not toks[k].possessive:
                return k + 1  # (round 23) "the british pm", "the russian prez", after a state only
            if k >= n or (toks[k].norm not in _ROLES and toks[k].norm not in _ROLE_FIRST):
                return None
            for ph in _ROLE_PHRASES:
                if all(k + m < n and toks[k + m].norm == w for m, w in enumerate(ph)):
                    return k + len(ph)
            return k + 1 if toks[k].norm in _ROLES else None

        def of_proper(k: int) -> int | None:
            """After a role: 'of [the] Proper Name' -> end."""
            if k < n and toks[k].norm == "of":
                m = k + 1
                if m < n and toks[m].norm == "the":
                    m += 1
                if m < n:
                    p = toks[m]
                    if m == k + 2 and not toks[k + 1].cap and self._in_scene(toks, m, text):
                        return None  # (round 21) "the founder of the bakery": the one in the scene
                    if m == k + 1 and p.norm in ("a", "an") and not (p.cap or p.upper) \
                            and self._of_a_one_of_many(toks, k):
                        return None  # "of a ..." kind of thing: one of many (the article is no artwork "A")
                    if toks[k - 1].norm in ("son", "daughter", "wife", "husband", "widow") and self._word(p):
                        return None  # a kin of a name, not of a word: "The Son of Man" is a painting
                    if k + 1 < n and m == k + 2 and toks[k - 1].norm in _ROLE_OF_ANY and p.norm.isalpha() \
                            and p.norm not in _STOP:
                        return m + 1  # "the inventor of the telephone"
                    if thing1[m] or p.norm in self.kb.brands or ((p.cap or p.upper) and (not self._word(p) or (
                            m > 0 and toks[m - 1].norm == "of"))) or (
                            not self.kb.is_word(p.norm) and p.norm not in _STOP and len(p.norm) > 2):
                        e = m + 1
                        while e < n and (toks[e].cap or thing1[e]) and toks[e].norm not in _STOP and e - m < 3:
                            e += 1
                        return e
                    if m == k + 1 and toks[k - 1].norm in _FIRM_ROLES and m + 1 < n and p.norm.isalpha() \
                            and p.norm not in _STOP and toks[m + 1].norm in _CORP_SUFFIXES \
                            and _gap(text, p, toks[m + 1]).strip() in ("", ","):
                        return m + 2  # (round 17) a firm said to be one: "owner of twitter inc"
                    if m == k + 1 and toks[k - 1].norm in _BARE_FIRM_ROLES and p.norm.isalpha() \
                            and len(p.norm) >= 2 and p.norm not in _STOP and not self._plural_noun(p) \
                            and not (p.norm.endswith("s") and self.kb.is_word(p.norm[:-1])) \
                            and (m + 1 >= n or toks[m + 1].norm in _STOP or not self.kb.is_word(toks[m + 1].norm)
                                 or toks[m + 1].norm.endswith("ing")
                                 or bool(set(_gap(text, p, toks[m + 1])) - {" "})):
                        # (round 17) a role only a firm has, "of" and a bare noun, no article: the
                        # noun is the firm's name ("the ceo of apple presenting a phone", "the chief
                        # executive of tesla"); one of many takes an article ("the ceo of a startup")
                        return m + 1
                    phr = self._phrase(toks, m, text)
                    if phr is not None:
                        return m + phr[0]
                    if m == k + 1 and (toks[k - 1].norm in _MAKER_ROLES or toks[k - 1].norm in _CHIEF_WORDS) \
                            and p.norm.isalpha() and len(p.norm) >= 3 \
                            and p.norm not in _STOP and (self.kb.unigram.get(p.norm, 0) < 1e6 or p.norm in _WORD_FIRMS) \
                            and not self._plural_noun(p) and (m + 1 >= n or toks[m + 1].norm in _STOP
                                                              or bool(set(_gap(text, p, toks[m + 1])) - {" "})):
                        # (round 15, red team 39) a firm's name in lower case, a word the web holds
                        # rarely as one (its corpus predates the firm: "twitter", "tiktok"), after
                        # the role of the one who runs it: "a fictitious owner of twitter" is still
                        # that person (a fiction word makes no description of a real one safe);
                        # (round 16, red team 40) also its boss or chief ("the fictitious boss of twitter")
                        return m + 1
            return None

        if t.norm == "the" and i + 3 < n:
            deed = self._deed(toks, i, text)
            if deed is not None:
                return deed
        if t.norm == "the" and i + 3 < n:
            # "the first man to walk on the moon", "the first woman in space", "the only
            # player to ...": one person singled out by a first
            k = i + 2
            if toks[i + 1].norm in ("first", "only") and not toks[k].norm in _STOP \
                    and not self._person_noun(toks[k]) and k + 2 < n and self._person_noun(toks[k + 1]):
                k += 1  # an adjective: "the first Black woman to ..."
            if toks[i + 1].norm in ("first", "only") and k + 3 < n and self._person_noun(toks[k]) \
                    and toks[k + 1].norm == "ever" and toks[k + 2].norm == "to" \
                    and toks[k + 3].norm.isalpha() and toks[k + 3].norm not in _STOP:
                return k + 4  # (round 10) "the first woman ever to win a Nobel Prize"
            if toks[i + 1].norm in ("first", "only") and k + 2 < n and self._person_noun(toks[k]) \
                    and not toks[k].norm.endswith("s") and toks[k + 1].norm in ("to", "in", "on"):
                m = k + 2
                if toks[k + 1].norm != "to" and m + 1 < n and toks[m].norm == "the":
                    m += 1  # "the first woman on the moon"
                w = toks[m]
                if toks[k + 1].norm == "to" and w.norm.isalpha() and w.norm not in _STOP \
                        and (k > i + 2 or w.norm not in _SCENE_ACTS or not self._first_in_scene(toks, m, text)):
                    return m + 1  # "the first man to walk on the moon"
                if toks[k + 1].norm != "to" and w.norm.isalpha() and w.norm not in _STOP and (
                        w.cap or w.upper or self._head_class(w.norm) not in (None, "group", "time", "person")):
                    return m + 1  # "the first woman in space"; not "the first customer in line"
            # "the architect of the Sagrada Família", "the painter of The Starry Night": a maker
            # (a lower-case word for a kind of person) of one named thing
            h, o = toks[i + 1], i + 1
            if (h.cap or h.upper) and self.kb.is_word(h.norm) and re.search(r"(an|ese|ish|ch|ic|i)$", h.norm) \
                    and i + 3 < n:
                h, o = toks[i + 2], i + 2  # (round 10) a nationality first: "the Dutch painter of ..."
            if not h.cap and not h.upper and self._person_noun(h) and h.norm not in _STOCK_FIGURES \
                    and not h.norm.endswith("s") and o + 1 < n and toks[o + 1].norm == "of":
                m = o + 2
                if m < n and toks[m].norm == "the" and not toks[m].cap:
                    m += 1
                if m < n and (toks[m].cap or toks[m].upper) and not toks[m].sentence_start:
                    e = m + 1
                    while e < n and (toks[e].cap or toks[e].upper or toks[e].norm in ("of", "the")) and e - m < 4 \
                            and _gap(text, toks[e - 1], toks[e]) == " ":
                        e += 1
                    return e

        def office_after(s0: int, bare: bool = False) -> int | None:
            """After "the" (or, ``bare``, with no article), a country's, a town's or a body's name
            starting at ``toks[s0]`` and an office one person holds there: the description's end."""
            def ends(k_: int, r: int, reigning: bool = False) -> int | None:
                if bare and (toks[k_].norm not in _SOLE_OFFICES or (toks[k_].norm in _MONARCHS and not reigning)):
                    return None  # (round 21) bare, only a post held today ("Roman emperor" is a kind)
                return of_proper(r) or r
            a = toks[s0]
            # "the German chancellor", "the British prime minister": a nationality and a role
            # (and a country's or a body's name used so: "the US president", "the UK prime minister",
            # "the FBI director": one real person, as "the president of the US" is)
            if (a.cap or a.upper) and ((self.kb.is_word(a.norm) and re.search(r"(an|ese|ish|ch|ic|i)$", a.norm))
                                       or (self.kb.things.get((a.norm,)) in ("place", "organisation")
                                           and toks[s0 + 1].norm in _SOLE_OFFICES)):
                k_ = s0 + 1
                r = role_at(k_, short=True)
                if r is not None:
                    return ends(k_, r)
            # (round 19, red team 41) a name of two or three capitalised words, or a seat of power
            # that stands for its government, before such an office: "the United States president",
            # "the New Zealand prime minister", "the North Korean leader", "the Kremlin chief"
            for width in (3, 2, 1):
                k = s0 + width
                run = toks[s0:k]
                if k >= n or toks[k].norm not in _SOLE_OFFICES \
                        or not all((u.cap or u.upper) and u.norm.isalpha() for u in run) \
                        or any(_gap(text, run[x - 1], run[x]) != " " for x in range(1, width)):
                    continue
                kind = self.kb.things.get(tuple(u.norm for u in run))
                nationality = width > 1 and self.kb.is_word(run[-1].norm) \
                    and re.search(r"(an|ese|ish|ch|ic|i)$", run[-1].norm) is not None
                # (round 20) a town's or a state's office, after any name the knowledge holds as a
                # thing or that is no English word: "the New York mayor" (New York is filed as a
                # listed name), "the Chicago mayor", "the New Jersey governor" (not "the Deputy
                # Mayor", "the Lord Mayor": words, a title)
                town = toks[k].norm in _TOWN_OFFICES and (
                    kind is not None or not any(self.kb.is_word(u.norm) for u in run)) \
                    and not any(u.norm in _TITLES or u.norm in _ROLES or u.norm in _DESC_MODIFIERS for u in run)
                if kind in ("place", "organisation", "landmark") or nationality or town:
                    r = role_at(k, short=True)
                    if r is not None:
                        return ends(k, r)
            # (round 22) the same in lower case, as people type: a nationality of a state before the
            # state's office ("the french president", "the north korean leader"; with no article a
            # monarch only where one reigns: "british king waving"), or a name of a town or state the
            # knowledge holds, no English word or of two words or more, before its mayor or governor
            # ("new york mayor gives a speech", "the chicago mayor"; not "the city mayor", "the
            # school governor")
            for width in (3, 2, 1):
                k = s0 + width
                run = toks[s0:k]
                if k >= n or (toks[k].norm not in _SOLE_OFFICES and toks[k].norm not in _LOWER_OFFICE_PHRASES) \
                        or any(u.cap or u.upper or not u.norm.isalpha() or u.norm in _STOP for u in run):
                    continue
                gaps = [_gap(text, run[x - 1], run[x]) for x in range(1, width)]
                words = tuple(u.norm for u in run)
                joined = " ".join(words)
                # (red team 43) a state's initials in lower case, plain or dotted ("the us president",
                # "the u.s. president", "the uk prime minister"), as "the US president" is read;
                # a nationality of two words with a hyphen ("the north-korean leader")
                initials = "".join(words) if all(g == "." for g in gaps) and all(len(w) == 1 for w in words) \
                    else joined if width == 1 else None
                nat = joined in _NATIONALITIES and all(g in (" ", "-") for g in gaps)
                if not nat and initials not in _STATE_INITIALS and any(g != " " for g in gaps):
                    continue
                r = role_at(k, short=True)
                if r is None or (toks[k].norm in _LOWER_OFFICE_PHRASES and r != k + 2):
                    continue  # (red team 43) "vice president", "first lady", "secretary general" whole
                office = toks[k].norm in _STATE_OFFICES or r == k + 2
                nationality = (nat or initials in _STATE_INITIALS) and office
                # (round 23) or a town's or a state's initials: "nyc mayor", "the la mayor" ("la" after
                # "the" only: "la mayor" is Spanish)
                initial_town = joined in _TOWN_INITIALS and (not bare or joined != "la")
                town = toks[k].norm in _TOWN_OFFICES and (self.kb.things.get(words) is not None or initial_town) \
                    and (width > 1 or not self.kb.is_word(words[0]) or initial_town) \
                    and not any(u.norm in _TITLES or u.norm in _ROLES or u.norm in _DESC_MODIFIERS for u in run)
                reigning = nat and joined in _REIGNING or initials in ("uk", "gb")
                if nationality and toks[k].norm in _HEREDITARY and not reigning:
                    continue  # (red team 43) "the russian tsar", "the french king": no such throne today
                if (nationality or town) and not self._office_of_other(toks, r, text):
                    return ends(k, r, reigning=reigning)
            k, letters = s0, ""
            while k < n and len(toks[k].norm) == 1 and toks[k].cap and toks[k].norm.isalpha() \
                    and (k == s0 or _gap(text, toks[k - 1], toks[k]) == "."):
                letters, k = letters + toks[k].norm, k + 1
            if len(letters) >= 2 and k < n and self.kb.things.get((letters,)) in ("place", "organisation") \
                    and toks[k].norm in _SOLE_OFFICES:
                r = role_at(k)  # the same, with the initials dotted: "the U.S. president"
                if r is not None:
                    return ends(k, r)
            return None

        if t.norm == "the" and i + 2 < n:
            r = office_after(i + 1)
            if r is not None:
                return r
            if toks[i + 1].norm in _NOW_WORDS and not toks[i + 1].possessive and i + 3 < n:
                r = office_after(i + 2)  # (round 23) "the new french president", "the incoming US president"
                if r is not None:
                    return r
        if t.norm in ("today", "todays") and (t.possessive or t.norm == "todays") and i + 2 < n:
            r = office_after(i + 1)  # (round 23) "today's french president": as "the" is
            if r is not None:
                return r
        flag = _FLAG_BEFORE.search(text, 0, t.vstart) if t.norm in _STATE_OFFICES else None
        if flag is not None and (i == 0 or toks[i - 1].vend <= flag.start()) and not (
                i > 0 and (toks[i - 1].norm in _INDEFINITE or toks[i - 1].possessive)):
            # (round 23) a state's flag before its office stands for its nationality ("🇫🇷 president
            # waving", "the 🇺🇸 president"); a throne only where one stands today ("🇬🇧 king")
            code = "".join(chr(ord(c) - 0x1F1E6 + ord("a")) for c in flag.group(1))
            r = role_at(i, short=True)
            if r is not None and (t.norm not in _HEREDITARY or code in _REIGNING_FLAGS) \
                    and not self._office_of_other(toks, r, text):
                return of_proper(r) or r
        named = self._named_office(toks, i, text) if t.norm == "the" or t.norm in _ONE_HOLDER_ACRONYMS else None
        if named is not None:
            return named
        by_firm = self._by_firm(toks, i, text) if t.norm == "the" else None
        if by_firm is not None:
            return by_firm
        # (round 21) the same with no article, as a headline writes it ("New York mayor gives a
        # speech", "US president waves", "portrait of German chancellor"): one person, when what
        # people do follows or a picture's cue comes before; not after "a", "any", "every" and
        # the like, one of many ("a young New York mayor giving a speech"), nor a ruler's title,
        # which a kind of ruler of old has too ("Roman emperor in a toga", "Egyptian pharaoh
        # sitting on a throne")
        if (t.cap or t.upper or (t.norm.isalpha() and (
                (i + 1 < n and toks[i + 1].norm in _SOLE_OFFICES) or (i + 2 < n and toks[i + 2].norm in _SOLE_OFFICES)
                or (i + 3 < n and toks[i + 3].norm in _SOLE_OFFICES)))) \
                and i + 1 < n and not t.possessive and t.norm not in _STOP \
                and not self._indefinite_before(toks, i, text):
            r = office_after(i, bare=True)
            if r is not None and (self._acts_follow(toks, r, text) or self._after_cue(toks, i) or (
                    # (round 23) or where the one is seen: "london mayor on a bike", "US president at a
                    # rally" (not a noun: "new york mayor race poster"; a ruler's title stays out)
                    r < n and toks[r].norm in _SEEN_PREPS and not toks[r].cap and not toks[r].upper
                    and _gap(text, toks[r - 1], toks[r]) == " ")):
                return r
        w0 = i + 1 if t.norm == "the" else i
        if w0 + 2 < n and toks[w0].possessive and (
                (toks[w0].norm in ("world", "worlds", "earth", "planet", "globe") and w0 > i)
                or ((toks[w0].cap or toks[w0].upper) and self.kb.things.get((toks[w0].norm,)) == "place")):
            # (round 23) "the world's richest man", "the world's fastest woman", "America's richest man":
            # one person, as "the richest man in the world" is; not an opinion ("the world's best dad"),
            # nor before a noun ("the world's strongest man competition")
            k = w0 + 1
            if toks[k].norm == "most" and k + 2 < n:
                k += 1
            after = toks[k + 2] if k + 2 < n else None
            if (toks[k].norm.endswith("est") or k > w0 + 1) and toks[k].norm not in _OPINION_SUPERLATIVES \
                    and (toks[k + 1].norm in _PEOPLE_NOUNS or toks[k + 1].norm in ("guy", "gal", "person")) \
                    and not toks[k + 1].possessive and not (
                        after is not None and not after.cap and after.norm.isalpha() and after.norm not in _STOP
                        and after.norm not in _DEPICT and after.norm not in _PERSON_PARTS
                        and not re.search(r"(ing|ed)$", after.norm) and _gap(text, toks[k + 1], after) == " "
                        and (self.kb.noun_class or {}).get(after.norm) is not None):
                return k + 2
        if t.norm == "the" and i + 2 < n:
            # "the richest man in the world", "the most famous singer alive"
            k = i + 1
            if toks[k].norm == "most" and k + 1 < n:
                k += 1
            sup = toks[k].norm.endswith("est") or k > i + 1
            if sup and k + 1 < n and (toks[k + 1].norm in _PEOPLE_NOUNS or toks[k + 1].norm in _ROLES or (
                    self._person_noun(toks[k + 1]) and toks[k + 1].norm not in _STOCK_FIGURES
                    and re.search(r"(er|or|ist|ian|man|woman|ess|ant|ent)$", toks[k + 1].norm))):
                m = k + 2
                if m + 1 < n and toks[m].norm in ("in", "of", "on") and (toks[m + 1].cap or thing1[m + 1]):
                    return m + 2  # "the oldest monarch in Europe"
                rest = [x.norm for x in toks[m:m + 3]]
                for tail in (["alive"], ["ever"], ["on", "earth"], ["in", "history"], ["in", "the", "world"],
                             ["on", "the", "planet"], ["in", "recorded", "history"], ["in", "human", "history"],
                             ["of", "all", "time"], ["in", "the", "history"]):
                    if rest[:len(tail)] == tail:
                        return m + len(tail)
        ordinal = t.norm in _ORDINALS or bool(re.fullmatch(r"\d+(st|nd|rd|th)", t.norm))
        if ordinal or t.norm in _DESC_MODIFIERS:
            for k in range(i + 1, min(i + 4, n)):
                r = role_at(k)
                if r is not None:
                    return of_proper(r) or r
                if toks[k].norm in _STOP - {"us"} and toks[k].norm != "us":
                    break
            return None
        # (round 11, adversary 19) a maker's or an owner's role right after a capitalised name of a
        # firm or a work: one real person ("Harrods owner in his office"); not after an animal's or
        # a breed's name ("Labrador owner")
        if (t.cap or t.upper) and i + 1 < n and toks[i + 1].norm in _MAKER_ROLES and t.norm not in _STOP \
                and t.norm.isalpha() and not toks[i + 1].cap and not self._animal(t.norm) \
                and self.kb.things.get((t.norm,)) != "breed" and _gap(text, t, toks[i + 1]) in (" ", "-") \
                and not (i > 0 and toks[i - 1].norm in ("a", "an", "any", "every", "some")):
            return i + 2  # (not one of many: "a Labrador owner walking in a park")
        if not (t.cap or t.upper) and i + 1 < n and t.norm.isalpha() and len(t.norm) >= 3 and t.norm not in _STOP \
                and (toks[i + 1].norm in _FOUNDERS or toks[i + 1].norm == "owner"
                     or (t.norm in _WORD_FIRMS and toks[i + 1].norm in _CHIEF_WORDS)) and not toks[i + 1].cap \
                and _gap(text, t, toks[i + 1]) in (" ", "-") and not self._plural_noun(t) \
                and not (i > 0 and toks[i - 1].norm in ("a", "an", "any", "every", "some")):
            # (round 17) the same with the firm's name in lower case, a brand, a place or a body the
            # knowledge holds, or a word no dictionary holds or the web holds under a million times:
            # "the microsoft founder", "the netflix ceo", "the twitter owner" (not "the startup
            # founder", "the bakery owner", "the dog owner"; an owner not after a brand: "the
            # tesla owner" owns a car)
            kind = self.kb.things.get((t.norm,))
            # (round 21: or a firm named by a word, "the apple founder", "the oracle boss"; not its
            # owner, who owns the thing: "the apple owner")
            known = t.norm in self.kb.brands or kind in ("place", "organisation", "listed") or t.norm in _WORD_FIRMS
            rare = kind != "fiction" and (self.kb.noun_class or {}).get(t.norm) not in _HEADED_KINDS \
                and (not self.kb.is_word(t.norm) or self.kb.unigram.get(t.norm, 0) < 1e6)
            owner = toks[i + 1].norm == "owner"
            if (not owner and (known or rare)) or (owner and rare and not known):
                return i + 2
        if t.norm == "his" and i + 1 < n and toks[i + 1].norm == "holiness" \
                and (toks[i + 1].cap or toks[i + 1].upper) and _gap(text, t, toks[i + 1]) == " ":
            # (round 20) the style of one living man, the pope's or the Dalai Lama's: "His Holiness
            # blessing the crowd" (not "holiness" in lower case, a quality)
            return i + 2
        # (round 20) "Head" capitalised after "the", as a post's title is written ("the Head of
        # Google"), only before a firm, a place or a body the knowledge holds, or a capitalised name
        # that is no word ("the Head of Microsoft"; not "the Head of Marketing", "the Head of Christ")
        titled = t.cap and not t.upper and i > 0 and toks[i - 1].norm == "the"
        if t.norm == "head" and i + 2 < n and toks[i + 1].norm == "of" and (not t.cap or titled) \
                and not (i > 0 and toks[i - 1].norm in ("a", "an")):
            # (round 17) the head of a firm or a place named bare, no article: one person ("the head
            # of amazon", "the fictitious head of twitter", "head of microsoft"); not a thing's head
            # or a post of many ("the head of the table", "head of lettuce", "head of security")
            m = i + 2
            p = toks[m]
            if p.norm == "the" and not p.cap and m + 1 < n:
                q = toks[m + 1]
                if (q.cap or q.upper) and q.norm.isalpha() and not q.sentence_start and (
                        q.upper or not self.kb.is_word(q.norm)
                        or self.kb.things.get((q.norm,)) in ("place", "organisation", "listed")):
                    return m + 2  # a body named: "the head of the FBI", "the head of the Vatican"
            suffix = m + 1 < n and toks[m + 1].norm in _CORP_SUFFIXES
            if p.norm.isalpha() and p.norm not in _STOP and len(p.norm) >= 3 and not self._plural_noun(p):
                kind = self.kb.things.get((p.norm,))
                if titled:
                    if p.norm in self.kb.brands or kind in ("place", "organisation", "listed") or suffix or (
                            (p.cap or p.upper) and p.norm in _WORD_FIRMS) or (  # (round 21) "the Head of Shell"
                            (p.cap or p.upper) and not self.kb.is_word(p.norm) and kind != "fiction"
                            and (self.kb.noun_class or {}).get(p.norm) not in ("person", "animal")):
                        return m + 2 if suffix else m + 1
                elif p.norm in self.kb.brands or kind in ("place", "organisation", "listed") or suffix or (
                        # (round 21) a firm named by a word, with no noun after it: "the head of apple",
                        # "the head of target" (not "the head of oracle bone script", "of apple pie")
                        p.norm in _WORD_FIRMS and not p.possessive and (
                            m + 1 >= n or toks[m + 1].norm in _STOP or not self.kb.is_word(toks[m + 1].norm)
                            or toks[m + 1].norm.endswith("ing") or bool(set(_gap(text, p, toks[m + 1])) - {" "}))) or (
                        # (not a creature's or a plant's head: "the head of Medusa", "the head of romaine")
                        # (a capitalised one names a firm though a fruit's: "the head of Apple")
                        kind != "fiction" and (((p.cap or p.upper) and not p.sentence_start
                                                and (self.kb.noun_class or {}).get(p.norm) not in ("person", "animal"))
                                               or ((self.kb.noun_class or {}).get(p.norm) not in _HEADED_KINDS
                                                   and (not self.kb.is_word(p.norm)
                                                        or self.kb.unigram.get(p.norm, 0) < 1e6)))):
                    return m + 2 if suffix else m + 1
        if t.norm == "the" and i + 1 < n:
            k = i + 1
            if toks[k].norm in _SOLE_OFFICE_ADJECTIVES and not toks[k].possessive and k + 1 < n:
                k += 1  # "the new pope"
            if toks[k].norm == "father" and toks[k - 1].norm == "holy" and k - 1 > i \
                    and _gap(text, toks[k - 1], toks[k]) == " " and not any(u.norm in _TRINITY for u in toks):
                # (round 20) the pope's style: "the holy father blessing the crowd" (not the
                # Trinity's Father: "the Holy Father, the Son and the Holy Spirit")
                o = toks[k]
                if not o.possessive or (self._personal_after(toks, k + 1, text)
                                        and not self._worn_thing_alone(toks, k + 1)):
                    return k + 1
            o = toks[k]
            if o.norm in _WORLD_SOLE_OFFICES and (not o.possessive or (
                    self._personal_after(toks, k + 1, text) and not self._worn_thing_alone(toks, k + 1))):
                # (round 17) "the pope blessing the crowd": the one living holder of the office, as
                # "the current pope" is; his things are no person ("the pope's hat on a chair"), his
                # face is ("the pope's face"); "a pope", "popes" are one of many
                return k + 1
        r = role_at(i)
        if r is not None:
            return of_proper(r)
        return None

    def _named_office(self, toks: list[_Tok], i: int, text: str) -> int | None:
        """(round 23) End of an office one person holds, named by its own words rather than a state's
        name and a role, at ``toks[i]``: the acronyms of one holder ("potus", "flotus"); after "the"
        (a state before it or not) an office of :data:`_NAMED_OFFICES` ("the house speaker", "the fed
        chair", "the us defense secretary", "the chief justice", "the secretary of state"); the heir
        to a throne that stands ("the heir to the british throne"); a peer's style of a place the
        knowledge holds ("the duke of sussex"). Not before a noun that makes a compound ("the house
        speaker system", "the speaker of the house party")."""
        n = len(toks)
        t = toks[i]
        if t.norm in _ONE_HOLDER_ACRONYMS and not t.possessive:
            return i + 1
        if t.norm != "the" or i + 2 >= n or toks[i + 1].cap and toks[i + 1].sentence_start:
            return None
        k = i + 1
        if toks[k].norm in _NOW_WORDS:
            k += 1
        # a state before the office: "the us defense secretary", "the british foreign secretary"
        if k + 1 < n and (toks[k].norm in _NATIONALITIES or toks[k].norm in _STATE_INITIALS
                          or ((toks[k].cap or toks[k].upper) and self.kb.things.get((toks[k].norm,)) == "place")):
            if any(tuple(u.norm for u in toks[k + 1:k + 1 + len(ph)]) == ph
                   for ph in _NAMED_OFFICES_BY_FIRST.get(toks[k + 1].norm, ())):
                k += 1
        for ph in _NAMED_OFFICES_BY_FIRST.get(toks[k].norm, ()):
            run = toks[k:k + len(ph)]
            if len(run) == len(ph) and tuple(u.norm for u in run) == ph \
                    and all(_gap(text, run[x - 1], run[x]) == " " for x in range(1, len(run))) \
                    and not run[-1].possessive and not self._office_of_other(toks, k + len(ph), text):
                return k + len(ph)
        # "the heir to the british throne" (a throne that stands; "the heir to the throne" alone is a
        # tale's too)
        if tuple(u.norm for u in toks[k:k + 3]) == ("heir", "to", "the") and k + 4 < n \
                and toks[k + 4].norm in ("throne", "crown") \
                and (toks[k + 3].norm in _REIGNING or (toks[k + 3].cap and toks[k + 3].norm in _REIGNING_STATES)):
            return k + 5
        # "the duke of sussex", "the duchess of cambridge": one holder of a peerage at a time
        if toks[k].norm in _PEERS and k + 2 < n and toks[k + 1].norm == "of":
            p = toks[k + 2]
            if p.norm.isalpha() and p.norm not in _STOP and not self.kb.is_word(p.norm) \
                    and self.kb.things.get((p.norm,)) in ("place", "organisation", "landmark") \
                    and not self._office_of_other(toks, k + 3, text):
                return k + 3
        return None

    def _firm_at(self, toks: list[_Tok], k: int, text: str, strict: bool = False) -> bool:
        """(round 23) ``toks[k]`` names a firm or a product, in any case, and nothing after it makes
        it a thing's name ("facebook", "Facebook", "tesla", "the iphone"; not "apple trees", "the
        wheel", "origami", "pancakes"): a brand or a body the knowledge holds, a word firm capitalised
        (or in lower case unless ``strict``), or a word no dictionary holds that the web holds rarely
        (``strict``: under a million times; else also any word the web holds rarely)."""
        n = len(toks)
        if k >= n:
            return False
        f = toks[k]
        if not f.norm.isalpha() or len(f.norm) < 3 or f.norm in _STOP or f.norm in _CLOSED_CLASS \
                or f.norm in _PRONOUNS or f.norm in ("you", "them", "yourself") or f.possessive \
                or self._plural_noun(f) or (f.cap and f.sentence_start):
            return False
        if k + 1 < n and not (toks[k + 1].norm in _STOP or toks[k + 1].norm.endswith("ing")
                              or bool(set(_gap(text, f, toks[k + 1])) - {" "})):
            return False  # a thing's name: "apple trees", "the lego castle"
        nc = self.kb.noun_class or {}
        kind = self.kb.things.get((f.norm,))
        if f.norm in _WORD_FIRMS:
            return not strict or f.cap or f.upper
        if f.norm in self.kb.brands or kind in ("organisation", "listed"):
            return True
        if kind == "fiction" or nc.get(f.norm) in _HEADED_KINDS or nc.get(f.norm) in ("act", "artifact") \
                or f.norm in _PRONOUN_THINGS or f.norm.endswith("s") or self._given(f):
            return False
        stem = f.norm[:-3] if f.norm.endswith("ing") else ""
        if stem and (self.kb.is_word(f.norm) or self.kb.is_word(stem) or self.kb.is_word(stem + "e")):
            return False  # a pastime: "crocheting"
        rare = self.kb.unigram.get(f.norm, 0) < 1e6
        return (not self.kb.is_word(f.norm) and rare) if strict else (not self.kb.is_word(f.norm) or rare)

    def _by_firm(self, toks: list[_Tok], i: int, text: str) -> int | None:
        """(round 23) End of a description of one person by a firm or a product, at "the": "the
        tesla guy" (a firm, then guy, gal, dude or bloke; not a worker at the door, "the ups guy", nor
        a word, "the pizza guy", "the cable guy", "the crypto guy"); "the man behind facebook" (a
        person's word, "behind", the firm bare; not "the man behind the counter", "behind bars");
        "the guy who made facebook", "the man who invented the iphone" (a maker's deed, "the" and a
        product no dictionary holds); "the man who owns the washington post" (an owner's deed, "the",
        a place and a newspaper's or a team's word)."""
        n = len(toks)
        if toks[i].norm != "the" or i + 2 >= n:
            return None
        a, b = toks[i + 1], toks[i + 2]
        if b.norm in _FIRM_PEOPLE and not b.cap and a.norm not in _DOOR_FIRMS and _gap(text, a, b) in (" ", "-"):
            # the firm (read as if it ended the prompt), then the person's word, then no noun
            if self._firm_at(toks[:i + 2], i + 1, text, strict=True) and not b.possessive \
                    and not self._office_of_other(toks, i + 3, text):
                return i + 3
        if i + 4 < n and (b.norm in _BEHIND_PEOPLE or self._person_noun(b)) and toks[i + 3].norm == "behind" \
                and not b.cap and not a.cap and self._firm_at(toks, i + 4, text, strict=True):
            return i + 5  # an adjective first: "the young man behind facebook"
        if (a.norm in _BEHIND_PEOPLE or self._person_noun(a)) and b.norm == "behind" and not a.cap \
                and self._firm_at(toks, i + 3, text, strict=True):
            return i + 4
        # after "who" and a maker's or an owner's deed: "the" and a product, or a place's paper or team
        h = i + 1
        while h < min(i + 4, n) and toks[h].norm != "who":
            h += 1
        if h + 2 >= n or toks[h].norm != "who" or not (self._person_noun(toks[h - 1]) or toks[h - 1].norm in _ROLES):
            return None
        v = h + 1
        while v + 1 < n and v < h + 3 and toks[v].norm in _DEED_ADVERBS:
            v += 1
        if v + 1 >= n:
            return None
        verb, f = toks[v].norm, toks[v + 1]
        if verb in _MAKER_DEEDS and f.norm != "the" and not (f.cap or f.upper) \
                and self._firm_at(toks, v + 1, text, strict=True):
            return v + 2  # "the guy who made facebook"
        if f.norm != "the" or v + 2 >= n:
            return None
        if verb in _MAKER_DEEDS and self._firm_at(toks, v + 2, text, strict=True) \
                and toks[v + 2].norm not in _WORD_FIRMS:
            return v + 3  # "the man who invented the iphone" (not "the wheel", "the apple pie")
        if verb in _FIRM_DEEDS:
            for w in (1, 2, 3):
                run = toks[v + 2:v + 2 + w]
                if v + 2 + w >= n or len(run) < w or any(not u.norm.isalpha() or u.norm in _STOP for u in run):
                    break
                place = self.kb.things.get(tuple(u.norm for u in run)) in ("place", "organisation") \
                    and (w > 1 or not self.kb.is_word(run[0].norm))
                press = toks[v + 2 + w]
                if place and (press.norm in _PRESS_WORDS or press.norm in _TEAM_WORDS
                              or (self._plural_noun(press) and (self.kb.noun_class or {}).get(
                                  press.norm[:-1]) in ("animal", "person"))) \
                        and not self._office_of_other(toks, v + 3 + w, text):
                    return v + 3 + w  # "the man who owns the washington post", "... the dallas cowboys"
        return None

    def _office_of_other(self, toks: list[_Tok], r: int, text: str) -> bool:
        """(red team 43) The office read in lower case, ending at ``toks[r]``, is no state's holder:
        a noun right after it makes a compound ("the british queen bee", "the norwegian king crab",
        "the indian premier league", "the swiss leader board", "the british queen size bed"), or
        "of" names what it leads ("the italian leader of the expedition", "the irish president of
        the student union"; not "... of the republic", a state's word). A picture's word, a part of
        a person, a time or an act after the office ("the french president portrait", "... face",
        "... today", "... waving") keeps the reading."""
        n = len(toks)
        if r >= n:
            return False
        w = toks[r]
        if w.norm == "of":
            return not any(u.norm in _STATE_WORDS or u.norm in ("people", "government") or u.cap or u.upper
                           for u in toks[r + 1:r + 4])
        if w.cap or w.upper or not w.norm.isalpha() or w.norm in _STOP or _gap(text, toks[r - 1], w) != " " \
                or w.norm in _DEPICT or w.norm in _PERSON_PARTS or w.possessive \
                or re.search(r"(ing|ed|s)$", w.norm):
            return False
        c = self._head_class(w.norm)
        if c is None:
            return not self.kb.is_word(w.norm)  # "premier cru"
        return c in ("animal", "food", "plant", "artifact", "group", "attribute", "object", "substance", "shape")

    def _in_scene(self, toks: list[_Tok], m: int, text: str) -> bool:
        """(round 21) ``toks[m]``, after "the", is a word of :data:`_SCENE_NOUNS` in lower case that ends
        its noun phrase (the prompt or its clause ends, or a preposition or an act follows), and the
        clause after it names nothing (no capitalised word, no number, no "called" or "that"): the
        one in the scene ("the founder of the bakery", "the chief of the village, smiling"), not a
        riddle ("the founder of the company that makes the iPhone", "the founder of the company in
        Cupertino" or "in cupertino": a place, landmark or organisation the knowledge holds, in any
        case, "the founder of the bakery chain")."""
        n = len(toks)
        p = toks[m]
        if p.cap or p.upper or p.possessive or p.norm not in _SCENE_NOUNS:
            return False
        if m + 1 < n and _gap(text, p, toks[m + 1]) == " ":
            q = toks[m + 1]
            if not (q.norm in _STOP or q.norm.endswith("ing") or q.norm in _PERSON_FINITE) \
                    or q.norm in ("of", "that", "this", "these", "those", "which", "who", "whose"):
                return False  # a longer name: "the bakery chain", "the house of commons"
        for k in range(m + 1, min(m + 12, n)):
            u = toks[k]
            if any(c in _gap(text, toks[k - 1], u) for c in ";.!?()[]|\n"):
                break
            if (u.cap and not u.sentence_start) or u.upper or not u.norm.isalpha() \
                    or u.norm in _NAMING_WORDS or u.norm in ("that", "which", "who", "whose", "behind") \
                    or u.norm in _FEAT_WORDS or (u.norm not in self.kb.vocab and u.norm not in _STOP and (
                        u.norm in self.kb.people_single or self.kb.things.get((u.norm,)) in _SCENE_NAMING_CLASSES)):
                return False  # a name in lower case names too: "the founder of the store in seattle"
        return True

    def _first_in_scene(self, toks: list[_Tok], m: int, text: str) -> bool:
        """(round 21) After "the first woman to", the verb at ``toks[m]`` (one of :data:`_SCENE_ACTS`,
        checked by the caller, with no adjective before the person's word) and what follows in its
        clause, up to six words, reach a word of :data:`_SCENE_NOUNS` after "the" or a possessive
        that ends its noun phrase, with nothing that names or makes a feat of record
        (:data:`_FEAT_WORDS`, a capitalised word, a number): one guest of a scene ("the first woman to
        arrive at the party", "the first guest to leave the room"), not a famous first ("the first
        man to walk on the moon", "the first woman to win the Nobel Prize", "the first man to reach
        the summit")."""
        n = len(toks)
        for k in range(m + 1, min(m + 7, n)):
            u = toks[k]
            if any(c in _gap(text, toks[k - 1], u) for c in ",;.!?()[]|\n"):
                return False
            if u.norm in _SCENE_NOUNS and toks[k - 1].norm in ("the", "her", "his", "their", "our", "my") \
                    and self._in_scene(toks, k, text):
                return all(x.norm in _STOP or x.norm in _PRONOUNS or (x.norm.isalpha() and not x.cap and not x.upper
                                                                    and x.norm not in _FEAT_WORDS)
                           for x in toks[m + 1:k])
        return False

    @staticmethod
    def _indefinite_before(toks: list[_Tok], i: int, text: str) -> bool:
        """(round 21) Before ``toks[i]``, after at most two adjectives in lower case, comes an article
        or a word that makes the noun phrase one of many or someone's ("a New York mayor", "any
        former US president", "her German chancellor costume"; "the" too, read by the rules after
        "the"), or a capitalised word whose name it continues; not past a punctuation mark
        ("Breaking: New York mayor gives a speech")."""
        k = i - 1
        while k >= 0 and i - k <= 3:
            u = toks[k]
            if set(_gap(text, u, toks[k + 1])) - {" "}:
                return False
            if u.norm in _INDEFINITE or u.norm in _ARTICLES or u.possessive:
                return True
            if (u.cap or u.upper) and k == i - 1 and not u.sentence_start:
                return True
            if u.cap or u.upper or not u.norm.isalpha() or u.norm in _STOP:
                return False
            k -= 1
        return False

    def _of_a_one_of_many(self, toks: list[_Tok], k: int) -> bool:
        """After a role, "of a" (``toks[k]`` is "of", an article in lower case after it) names one of
        many, not one real person: (round 17) a firm's role ("the ceo of a startup"); (round 15) a
        role said to be made up ("a fictitious owner of a small cafe", "a fictional prime minister of
        an invented country"); or any role of a kind of thing ("the captain of a fishing boat", "the
        founder of a bakery", "the mayor of a small town"). These stay one person: a state's ("the
        prime minister of a tiny island nation"), a head's of anything but an everyday body ("the
        leader of a nuclear-armed hermit kingdom"; not "the president of a local chess club"), a
        famous one's ("the lead singer of a famous irish rock band"), a capitalised name in the noun
        ("the captain of a Real Madrid side") and a body named after it ("the founder of a firm
        called Tesla")."""
        role, m = toks[k - 1].norm, k + 1
        if role in _OF_ONE_OF_MANY or any(u.norm in _FICTION_WORDS for u in toks[max(0, k - 4):k]):
            return True
        np_ = list(takewhile(lambda u: u.norm not in _STOP, toks[m + 1:m + 6]))
        return bool(np_) and not any(u.cap or u.upper or u.norm in _STATE_WORDS or u.norm in _FAME_WORDS for u in np_) \
            and not any(u.norm in _NAMING_WORDS for u in toks[m + 1:m + 7]) \
            and (role not in _HEAD_ROLES or np_[-1].norm in _EVERYDAY_BODIES)

    def _deed(self, toks: list[_Tok], i: int, text: str) -> int | None:
        """End of a description of one person by what they did, at "the" (``toks[i]``): a
        word for a kind of person, "who", a verb in the past tense (or "holds"), and something
        that makes it one person: a nationality before the noun or, in the clause, a name, a
        number or a record ("the actor who played Iron Man", "the Dutch driver who won four F1
        titles", "the sprinter who holds the 100m world record"); not a tale's stock figure
        ("the boy who cried wolf", "the old fisherman who lived by the sea")."""
        n = len(toks)
        nc = self.kb.noun_class or {}
        person_head = None  # the last word for a kind of person before a phrase ("the physicist in a wheelchair who")

        def is_person(w: str) -> bool:
            return nc.get(w) == "person" or w in _PEOPLE_NOUNS or w in _ROLES

        def clause_from(v: int) -> list[_Tok]:
            clause: list[_Tok] = []
            for c in toks[v:v + 10]:  # up to the end of the clause
                if clause and set(_gap(text, clause[-1], c)) & set(",;.!?()"):
                    break
                clause.append(c)
            return clause

        for h in range(i + 1, min(i + 9, n - 1)):
            w = toks[h].norm
            if is_person(w) and w not in _STOP:
                person_head = h
                # a year singles one out: "the pope elected in 2025", "the ceo fired ... in 2023",
                # "the chess world champion of 2013-2023"
                nx = toks[h + 1].norm
                if h + 2 < n and nx in ("of", "since") and _YEAR.fullmatch(toks[h + 2].norm) \
                        and (w in _ROLES or w in _TITLE_HOLDERS):
                    return h + 3
                if nx in _SINGLED_OUT and any(_YEAR.fullmatch(c.norm) for c in clause_from(h + 2)):
                    return h + 2
            if h + 1 < n and toks[h + 1].norm == "who":
                break
            if (w in ("in", "with", "from", "on") or w in _ARTICLES) and person_head is not None:
                continue  # a phrase about the person before "who"
            if person_head is not None and h - person_head <= 3 and w.isalpha() and w not in _STOP:
                continue
            if w in _STOP or not w.isalpha() or h >= i + 5:
                return None
        else:
            return None
        if h + 2 >= n:
            return None
        if True:
            if not is_person(toks[h].norm) and person_head is not None:
                h_noun = person_head
            else:
                h_noun = h
            head = toks[h_noun].norm
            if not (nc.get(head) == "person" or head in _PEOPLE_NOUNS or head in _ROLES):
                return None
            v = h + 2
            while v + 1 < n and v < h + 4 and toks[v].norm in _DEED_ADVERBS:
                v += 1  # "who first ran", "who co-founded"
            verb = toks[v].norm
            if not (verb in _DEED_VERBS or (verb.endswith("ed") and self.kb.is_word(verb))):
                return None
            if verb in _FIRM_DEEDS and v + 1 < n and not (toks[v + 1].cap or toks[v + 1].upper) \
                    and self._firm_at(toks, v + 1, text):
                # (round 22) a firm named in lower case right after what its founder or owner did,
                # and nothing after it that would make it a thing's name ("the man who founded
                # apple", "the man who bought twitter", "the woman who runs spacex"; not "the man
                # who runs a bakery", "the farmer who grew apple trees"; red team 43: not "the woman
                # who created origami", "the boy who built lego", "the girl who started crocheting")
                return v + 2
            national = any((m.cap or m.upper) and self.kb.is_word(m.norm)
                           and re.search(r"(an|ese|ish|ch|ic|i)$", m.norm) for m in toks[i + 1:h_noun])
            clause = clause_from(v + 1)
            specific = any(((c.cap or c.upper) and not c.sentence_start) or any(ch.isdigit() for ch in c.norm)
                           or c.norm in _RECORD_WORDS or c.norm in _NUMBER_WORDS for c in clause)
            return v + 1 if national or specific else None
        return None

    def _myth_apposition(self, toks: list[_Tok], j: int) -> bool:
        """The name before ``toks[j]`` is set beside "the" and a god, a spirit, a monster or a
        king of animals: a myth's or a tale's figure ("Pele the volcano goddess", "Sun Wukong
        the Monkey King"; not "Alexander the Great")."""
        n = len(toks)
        if j >= n or toks[j].norm != "the":
            return False
        for k in range(j + 1, min(j + 4, n)):
            w = toks[k].norm
            if w in _MYTH_HEADS:
                return True
            if w in _ANIMAL_ROLES and k > j + 1 and self._head_class(toks[k - 1].norm) == "animal":
                return True  # "the Monkey King", "the brave hamster knight"
            if not toks[k].cap and not toks[k].upper and self._head_class(w) == "animal" and w not in _PEOPLE_NOUNS \
                    and (k + 1 >= n or toks[k + 1].norm in _ANIMAL_ROLES
                         or self._head_class(toks[k + 1].norm) in (None, "act")
                         and not (toks[k + 1].norm.endswith("er") and self.kb.is_word(toks[k + 1].norm))):
                # (round 11) a pet's or a tale's animal: "Roach the horse", "Babe the pig"; not "the
                # horse whisperer", "the dog trainer" (a person's trade)
                return True
            if w in _STOP:
                return False
        return False

    def _person_noun(self, t: _Tok) -> bool:
        """A word for a kind of person ("man", "architect", "sprinter"; WordNet's class)."""
        return t.norm in _PEOPLE_NOUNS or t.norm in ("human", "humans") \
            or (self.kb.noun_class or {}).get(t.norm) == "person"

    def _extend_surname(self, toks: list[_Tok], j: int) -> int:
        """Take a surname's particle chain: "van Gogh", "de la Cruz", "van der Berg" (round 37: a
        chain of particles before the surname's word, not the second particle as the surname). After
        a capitalised name the surname's word is capitalised too: "João Oliveira de uniforme escolar"
        (in uniform) ends at "Oliveira"."""
        while j < len(toks) and toks[j].norm in _PARTICLES:
            k = j + 1
            while k < len(toks) and k - j < 3 and toks[k].norm in _CHAIN_PARTICLES and k + 1 < len(toks) \
                    and not toks[k].sentence_start:
                k += 1
            if k >= len(toks):
                break
            u = toks[k]
            if j > 0 and (toks[j - 1].cap or toks[j - 1].upper) and not (u.cap or u.upper):
                break  # a lower-case word after a capitalised name is no part of it
            if u.cap or not self._word(u):
                j = k + 1
            else:
                break
        return j

    @staticmethod
    def _little_run(toks: list[_Tok], k: int, text: str, foreign: frozenset[str]) -> bool:
        """(round 37) A clause of the prompt's language (``foreign``, its little words) goes on at
        ``toks[k]``: the next word is a little word of it and no English one ("die op natuurijs",
        "lava los platos", "malt ein Bild"), or ``toks[k]`` is one and the next a lower-case word
        that is no English little word ("die schaatst"); not a noun before an English little word
        ("F1 car in blue", where "car" is French too)."""
        if k + 1 >= len(toks) or _HAS_DIGIT(text[toks[k].vstart:toks[k].vend]) or not foreign:
            return False
        u = toks[k + 1]
        if _gap(text, toks[k], u) != " " or _HAS_DIGIT(text[u.vstart:u.vend]):
            return False  # (a clause goes on in words: not past a comma, not to a model's code, "F1")
        return (u.norm in foreign and u.norm not in _STOP) or (
            toks[k].norm in foreign and not u.cap and not u.upper and u.norm.isalpha() and u.norm not in _STOP)

    def _particle_end(self, toks: list[_Tok], i: int, j: int, cased: bool) -> int:
        """(round 37) End of a surname with particles that starts at ``toks[j]``, after the given
        name at ``toks[i]`` ("Sofia de Souza", "Ana dos Santos", "Jan van der Berg", "Chiara della
        Valle"), or 0. The given name and the surname's word are written alike: both capitalised in a
        prompt that mixes case (a particle is a little word of the prompt's language too, "de",
        "van", "von", and is passed over as one otherwise). The surname's word is no place's or
        team's word and no little word; a prompt in lower case is not read here."""
        t = toks[i]
        if j >= len(toks) or toks[j].norm not in _ANY_PARTICLE \
                or not ((t.cap and cased) or t.upper) or t.script != "latin" or not self._given(t) or t.possessive \
                or t.norm in _TITLES or t.norm in _TITLES_ELSEWHERE or t.norm in _HOLY_TITLES \
                or (i > 0 and (toks[i - 1].norm in _HOLY_TITLES or (toks[i - 1].norm == "s" and toks[i - 1].initial))) \
                or (self._word(t) and self.kb.census_first_rank.get(t.norm, 10**6) >= 1000) \
                or self.kb.census_last_rank.get(t.norm, 10**6) < self.kb.census_first_rank.get(t.norm, -1):
            return 0  # (no English word that is a rarer given name, "Major", "Royal"; no name more
            # often a surname than a given name, "Cruz de Fogaça", "Santos do Campo": a place)
        k = j + 1
        capped = toks[j].cap or toks[j].upper
        while k < len(toks) and k - j < 3 and toks[k].norm in _CHAIN_PARTICLES and (toks[k].cap or toks[k].upper) == capped:
            k += 1
        if k >= len(toks):
            return 0
        u = toks[k]
        if not ((u.cap and cased) or (u.upper and t.upper)) or u.script != "latin" or not u.norm.isalpha() \
                or len(u.norm) < 2 or (len(u.norm) == 2 and not self._surname(u)) or u.norm in _STOP \
                or u.norm in _PLACE_NOUNS or u.norm in _TEAM_WORDS or u.norm in _COMPASS \
                or u.norm in _TITLES or u.sentence_start or (capped and not self._surname(u)):
            return 0  # (a capitalised particle only before a known surname: "Lucia De La Cruz")
        kb = self.kb
        if (t.norm in _WORD_NAMES or u.norm in _TIMES_OF_DAY or (kb.is_word(t.norm) or kb.things.get((t.norm,)) == "place")
                and kb.census_first_rank.get(t.norm, 10**6) >= 500) and not (
                self._surname(u) and (u.norm,) not in kb.things and not _any_latin_word(u.norm)
                and not kb.is_word(u.norm)):
            return 0  # (red team 62) "Flor de Lis", "Marina di Pisa", "Roma di Notte", "Sofia di Notte";
            # an English word or a place that is a rarer given name ("Marina", "Lily", "Roma"), not a
            # common one ("Maria", "Ana", "Anna" are words too)
        return k + 1

    _LOWER_NOT_FIRST = frozenset("al bin le la du".split())  # little words first: "iluminada al fondo"

    def _lower_particle_end(self, toks: list[_Tok], i: int, text: str, foreign: frozenset[str]) -> int:
        """(round 42) End of a name with particles typed in lower case, or 0: a given name (and
        maybe a second one), particles, and a surname ("pieter van den broek", "luís filipe da
        cunha", "alessandro di stefano", "mary van der merwe", "núria de la serra"). The given names
        are of the tables and no word of the prompt's language nor of English (not "rosa de los
        vientos", "flor de sal"), nor places ("santiago de compostela"); the surname is no little
        word, no place's word and no place unless a surname of the tables ("santiago de chile")."""
        kb = self.kb
        n = len(toks)

        def given(u: _Tok) -> bool:
            return (not u.cap and not u.upper and u.script == "latin" and u.norm.isalpha() and len(u.norm) >= 3
                    and self._given(u) and u.norm not in foreign and u.norm not in _STOP and u.norm not in _TITLES
                    and u.norm not in _TITLES_ELSEWHERE and u.norm not in _ANY_PARTICLE
                    and kb.things.get((u.norm,)) not in _PLACE_KINDS and not u.possessive
                    and not (self._word(u) and kb.census_first_rank.get(u.norm, 10**6) >= 1000))
        t = toks[i]
        if not given(t) or not foreign and kb.is_word(t.norm) \
                or (_any_latin_word(t.norm) and kb.census_first_rank.get(t.norm, 10**6) >= 350):
            return 0  # (a given name that is a word of a language only when a common one: "ana", not "luz")
        words = _prompt_words(kb, toks, foreign)
        if t.norm in words:
            return 0
        j = i + 1
        if j < n and _gap(text, t, toks[j]) == " " and given(toks[j]) and toks[j].norm not in words:
            j += 1  # a second given name: "luís filipe", "ana isabel"
        if j >= n or _gap(text, toks[j - 1], toks[j]) != " " or toks[j].cap or toks[j].upper \
                or toks[j].norm not in _ANY_PARTICLE or toks[j].norm in self._LOWER_NOT_FIRST:
            return 0
        k = j + 1
        while k < n and k - j < 3 and toks[k].norm in _CHAIN_PARTICLES and not toks[k].cap and _gap(text, toks[k - 1], toks[k]) == " ":
            k += 1
        if k >= n or _gap(text, toks[k - 1], toks[k]) != " ":
            return 0
        u = toks[k]
        if u.cap or u.upper or u.script != "latin" or not u.norm.isalpha() or len(u.norm) < 3 or u.norm in _STOP \
                or u.norm in foreign or u.norm in _PLACE_NOUNS or u.norm in _PLACE_BEFORE or u.norm in _TEAM_WORDS \
                or u.norm in _TITLES or u.norm in _COMPASS or u.norm in _TIMES_OF_DAY or u.possessive \
                or (kb.things.get((u.norm,)) in _PLACE_KINDS and not self._surname(u)) \
                or not (self._surname(u) or self._given(u) or not (kb.is_word(u.norm) or u.norm in words)):
            return 0
        if (kb.is_word(u.norm) or u.norm in words or _any_latin_word(u.norm)) and not (
                self._surname(u) and (u.norm in kb.census_last_rank or u.norm not in words or k - j >= 2)):
            # ((round 43) after two particles a surname of the tables, though a word: "pieter van den
            # broek", "mary van der merwe")
            return 0  # a word is a surname here only as a census's one ("da cunha", "del río"; not "al fondo")
        return k + 1

    def _third_name(self, toks: list[_Tok], i: int, j: int, text: str, rule: str, blocked: list[bool],
                    cased: bool) -> int | None:
        """(red team 36 leftover) End of a three-word name ``toks[i:j + 1]`` when the two-word name
        ``toks[i:j]`` was taken for a thing's before ``toks[j]``: a given name, then a given name
        or a surname, then a surname that is also a word for a thing ("Mila Rose Hart", "Aria
        Louise Stone", "Nora Jean Fox"), the three written alike (capitalised in a prompt that
        mixes case, or all in lower case), joined by spaces; a surname that is also a word only
        when one of the 5,000 commonest US surnames ("Hart", "Stone", "Fox"; not "the Tyler Rose
        Garden", held-out #3); not a place's or a team's word ("Hart Plaza") or a possessive."""
        if rule not in _FULL_NAME_RULES or rule == "known-person" or j - i != 2 or j >= len(toks) or blocked[j]:
            return None
        a, b, c = toks[i], toks[i + 1], toks[j]
        if any(u.script != "latin" or u.possessive or u.initial or u.norm in _STOP or u.norm in _TITLES
               for u in (a, b)) or c.script != "latin" or not c.norm.isalpha() or len(c.norm) < 3:
            return None
        if cased:
            if not (a.cap and b.cap and c.cap) or c.sentence_start:
                return None
        elif a.cap or b.cap or c.cap or a.upper or b.upper or c.upper:
            return None
        if not (self._given(a) and (self._given(b) or self._surname(b)) and self._surname(c)) \
                or (self._word(c) and self.kb.census_last_rank.get(c.norm, 10**6) >= 5000) \
                or c.norm in _PLACE_NOUNS or c.norm in _TEAM_WORDS or c.norm in _PERIODS \
                or not all(_gap(text, toks[k], toks[k + 1]) == " " for k in (i, i + 1)):
            return None
        return self._extend_surname(toks, j + 1)

    def _maybe_third(self, toks: list[_Tok], j: int, text: str = "") -> int:
        if j < len(toks) and (toks[j].cap or toks[j].joined) and not self._word(toks[j]) and self._surname(toks[j]) \
                and not (text and j > 0 and any(c in ",;:|" for c in _gap(text, toks[j - 1], toks[j]))) \
                and not (j >= 2 and toks[j].norm == toks[j - 2].norm):  # (nor a name said twice)
            return j + 1  # (red team 63: not past a comma, "Lena Berg, Lena Berg")
        return j

    def _after_cue(self, toks: list[_Tok], i: int, foreign: frozenset[str] = frozenset()) -> bool:
        if i >= 1 and (toks[i - 1].norm in _PICTURE_WORDS or toks[i - 1].alt in _PICTURE_WORDS or (
                i >= 2 and toks[i - 1].norm in _OF_WORDS and toks[i - 2].norm in _PICTURE_WORDS)):
            # a picture in another language: "ritratto di Meloni", "gambar Prabowo"; German writes
            # every noun capitalised ("ein Bild von Hunden"), so there only a known name counts
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            return not (foreign & _GERMAN_MARKS) or (
                self._given(t) or self._surname(t) or t.norm in self.kb.famous_last or t.norm in self.kb.people_single
                or (nxt is not None and nxt.cap and self._surname(nxt)))
        if i >= 1 and self._famous_single(toks[i].norm) and (toks[i - 1].norm in _LIKENESS_ELSEWHERE or (
                i >= 2 and toks[i - 1].norm in _OF_WORDS and toks[i - 2].norm in _LIKENESS_ELSEWHERE)):
            return True  # (red team 47) "masque de Macron", "statue de Trump", "Maske von Trump"
        if i < 1 or toks[i - 1].norm not in _CUE_LAST:
            return False
        for cue in _CUES:
            k = len(cue)
            if i >= k and all(toks[i - k + m].norm == w for m, w in enumerate(cue)):
                return True
        return False


#: Words that open a bracket saying a name is made up ("(fictional)", "(invented)") and the
#: rules whose names such a bracket clears (not a famous name, a description or a disguise).
#: Words for a work whose title a prompt quotes ("a cover of 'Eleanor Rigby'", "the film 'Matilda'").
_WORK_WORDS = frozenset("song songs single album track playlist cover film movie book novel poem musical series "
                        "show episode title lyric lyrics soundtrack opera ballet play story tale ep lp record "
                        "singalong karaoke".split())
#: (round 15) a screenplay's age of a character, in brackets after the name: "(40s)", "(mid-30s)"
_AGE = re.compile(r"[1-9]?[0-9](s|ish)?")
_AGE_DECADES = frozenset("teens twenties thirties forties fifties sixties seventies eighties nineties".split())
_AGE_WORDS = frozenset("early mid late age aged about around".split())
_FICTION_WORDS = frozenset("fictional fictitious invented imaginary made madeup fantasy original".split())
#: (round 11) words for a character the prompt makes up, right before its name ("my OC Lyra Vale")
_CHARACTER_WORDS = frozenset("character characters oc npc npcs mascot".split())  # (not "persona": a
# star's stage alter ego, "the persona Sasha Fierce performing", adversary 21)
#: words that give a name to someone the prompt makes up: "a woman named Sarah Johnson" (round 9
#: added the same words in seven other languages; withdrawn after adversaries 16 and 17: a famous
#: person's name after them passed)
_NAMED = frozenset(("named", "called", "nicknamed"))
#: (round 9) words that follow a verb, not a place's name: "steps off", "parks the car"
_AFTER_A_VERB = frozenset(("off", "out", "into", "onto", "up", "down", "through", "across", "over", "inside",
                           "outside", "toward", "towards", "from", "away", "back", "a", "an", "the", "his", "her",
                           "their", "its"))
_FICTION_MARKABLE = frozenset(("given+surname", "first+capital", "capitalised", "capitalised-unlisted", "title",
                               "acts-like-person", "initials", "regnal"))
_RULE_CONFIDENCE = {"tag": 0.6, "possessive": 0.6, "family": 0.6, "inflected": 0.6, "leet": 0.6, "misspelled": 0.7,
                    "spelled-out": 0.5, "transliterated-name": 0.7, "name-native": 0.6, "katakana-name": 0.7,
                    "name-title": 0.7,
                    "title": 0.9, "initials": 0.8, "regnal": 0.9, "famous-surname": 0.7, "given+surname": 0.8, "surname+given": 0.8, "patronymic": 0.8, "first+capital": 0.7, "capitalised": 0.7,
                    "capitalised-unlisted": 0.5, "cue": 0.6, "known-person": 0.95, "name-translit": 0.7,
                    "acts-like-person": 0.5, "scattered-famous": 0.5, "description": 0.6, "unreadable-script": 0.3, "artist-style": 0.7}


_PEOPLE_LAST: dict[int, frozenset[str]] = {}
_PEOPLE_PAIRS: dict[int, tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}


def _people_pairs(kb: Knowledge) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Known people of two words: first name -> last names, last name -> first names."""
    pairs = _PEOPLE_PAIRS.get(id(kb))
    if pairs is None:
        by_first: dict[str, list[str]] = {}
        by_last: dict[str, list[str]] = {}
        nicknames = kb.cased_as or {}
        for k in kb.people:
            # (round 46) not a nickname of data/epithets_at_home.txt: a typo of "The Modfather" is
            # no "The Godfather", and a nickname is not a first name and a last name to reorder
            if len(k) == 2 and len(k[0]) >= 2 and len(k[1]) >= 2 and k not in nicknames:
                by_first.setdefault(k[0], []).append(k[1])
                by_last.setdefault(k[1], []).append(k[0])
        pairs = _PEOPLE_PAIRS[id(kb)] = ({a: tuple(b) for a, b in by_first.items()},
                                         {a: tuple(b) for a, b in by_last.items()})
    return pairs


def _doubled(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter of a double written once or a letter written twice
    ("pit"/"pitt", "elonn"/"elon")."""
    if abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return any(long[k] == long[k + 1] and long[:k] + long[k + 1:] == short for k in range(len(long) - 1))


def _near_word(kb: Knowledge, w: str, x: str) -> bool:
    """``w`` is the word ``x`` of a known person's name with one typo: an edit of one letter or two
    swapped in words of five letters or more, or (red team 37) a double letter written once or a
    letter doubled in shorter words of three letters or more ("Brad Pit", "Elonn Musk") where the
    word written is no given name or census surname of its own ("John Glen", "Gary More", "Chris
    Pen" are ordinary names) nor a Roman numeral ("John XXII" is another pope)."""
    return w != x and ((len(w) >= 5 and len(x) >= 5 and _within_one_edit(w, x))
                       or (min(len(w), len(x)) >= 3 and w.isalpha() and _doubled(w, x)
                           and w not in kb.given and w not in kb.census_last_rank
                           and not _ROMAN.fullmatch(w) and not _ROMAN.fullmatch(x)))


def _clipped_first(kb: Knowledge, w: str, x: str) -> bool:
    """``w`` is the start of the first name ``x`` clipped as a nickname ("Tay" for Taylor; red team
    37): three letters or more and no given name or English word of its own ("Jen", "Max" are)."""
    return (len(w) >= 3 and len(x) > len(w) and x.startswith(w) and w.isalpha() and w not in kb.given
            and not kb.is_word(w))


def _famous_typo(kb: Knowledge, first: str, last: str) -> bool:
    """``first last`` is a known person's two-word name with one typo (:func:`_near_word`) in one
    word, or the first name clipped (:func:`_clipped_first`), the other word exact."""
    pairs = _people_pairs(kb)
    if (first, last) in kb.people:
        return False  # exact: the other rules read it
    return any(_near_word(kb, last, x) for x in pairs[0].get(first, ())) or any(
        _near_word(kb, first, x) or _clipped_first(kb, first, x) for x in pairs[1].get(last, ()))


_SINGLE_DELETES: dict[int, dict[str, tuple[str, ...]]] = {}


def _famous_single_typo(kb: Knowledge, w: str) -> bool:
    """``w`` (six letters or more) is a famous person's one-word name of six letters or more with
    one typo (a letter changed, added or dropped, or two swapped): "Beyonse", "Rihana"."""
    idx = _SINGLE_DELETES.get(id(kb))
    if idx is None:
        d: dict[str, list[str]] = {}
        for x in kb.people_single:
            if len(x) >= 6 and x.isalpha() and (x,) not in kb.at_home:  # (round 32) not the new list's
                for k in {x[:m] + x[m + 1:] for m in range(len(x))} | {x}:
                    d.setdefault(k, []).append(x)
        idx = _SINGLE_DELETES[id(kb)] = {k: tuple(v) for k, v in d.items()}
    cands = set(idx.get(w, ()))
    for m in range(len(w)):
        cands.update(idx.get(w[:m] + w[m + 1:], ()))
    return any(x != w and _within_one_edit(w, x) for x in cands)


def _people_last(kb: Knowledge) -> frozenset[str]:
    """Last words of known people's names of two words or more ("dali", "turner"), places and
    words included (built on first use, once per knowledge)."""
    got = _PEOPLE_LAST.get(id(kb))
    if got is None:
        got = _PEOPLE_LAST[id(kb)] = frozenset(k[-1] for k in kb.people if len(k) >= 2 and len(k[-1]) >= 3) \
            | kb.people_single
    return got


#: (round 48) letters only Serbian and Macedonian Cyrillic write, and Serbian's Latin letters (Gaj's
#: alphabet; folded as tokens are)
_SERBIAN_ONLY = frozenset("ђјљњћџѓќѕ")
_SERBIAN_LATIN = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
                                "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
                                "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
                                "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š", "ѓ": "gj", "ќ": "kj",
                                "ѕ": "dz"})


def _translit_variants(w: str) -> set[str]:
    """Other Latin spellings of a transliterated Cyrillic or Greek name ("tolstoi" ->
    "tolstoy", "gorbachev" -> "gorbachov")."""
    out = {w, re.sub(r"(?:ii|iy|yi|i)$", "y", w), re.sub(r"(?:iy|yi)$", "i", w), w.replace("kh", "h"),
           w.replace("ks", "x"), w.replace("yo", "e"), w.replace("dzh", "j"),  # ("dzhordan": Jordan)
           w.replace("sh", "ch")}  # (round 26: "blanshett", Blanchett; the skeleton reads ch as k)
    return {f for f in out if f}


#: (round 26) how Greek writes the sounds of foreign names that its alphabet has no letter for:
#: b, d, g as μπ, ντ, γκ (at a word's start; inside it also mb, nd, ng), j as τζ, ch as τσ, w as
#: ου or γου before a vowel, h as χ or nothing. Each entry: the Greek letters -> the readings at a
#: word's start, and inside it (the first reading is the likeliest)
_GREEK_SOUNDS = (("γκ", ("g",), ("ng", "g")), ("γγ", ("g",), ("ng",)), ("μπ", ("b",), ("b", "mp", "mb")),
                 ("ντζ", ("nj",), ("nj",)), ("ντ", ("d",), ("nt", "d", "nd")), ("τζ", ("j",), ("j", "tz")),
                 ("τσ", ("ch", "ts"), ("ts", "ch")), ("γου", ("w", "gu"), ("gu",)),
                 ("ου", ("w", "u"), ("u", "ou", "w")), ("γι", ("gi", "y"), ("gi", "y")),
                 ("χ", ("h", "ch"), ("ch", "h")), ("αι", ("e",), ("e", "ai")), ("ει", ("ei",), ("ei", "i")),
                 ("οι", ("oi",), ("oi", "i")), ("β", ("v",), ("v",)), ("η", ("i",), ("i",)), ("υ", ("y",), ("y", "i")),
                 ("ω", ("o",), ("o",)), ("θ", ("th",), ("th",)), ("φ", ("f",), ("f",)), ("ψ", ("ps",), ("ps",)),
                 ("ξ", ("x",), ("x",)), ("ς", ("s",), ("s",)))
_GREEK_MAX_READINGS = 8
_GREEK_FOREIGN_START = re.compile("(?:μπ|ντ|γκ|τζ|τσ|γου[αεηιοω]|ου[αεηιοω]|χ)")
_GREEK_FOREIGN = re.compile("μπ|ντ|γκ|τζ|τσ|.ου|^γι[αοω]")
#: a word among this many of Greek's commonest is read only as anyascii reads it
_GREEK_COMMON = 20_000


@lru_cache(maxsize=8192)
def _greek_readings(word: str) -> tuple[str, ...]:
    """(round 26) Latin readings of a Greek word as the sound of a foreign name: "Μπραντ" (Brad)
    "brad", "Τζάκσον" (Jackson) "jakson", "Γουίλις" (Willis) "wilis"; anyascii reads them "mprant",
    "tzakson", "gouilis". At most :data:`_GREEK_MAX_READINGS`, the likeliest first; () for a word
    with no Greek letter, or that writes none of those sounds."""
    w = unicodedata.normalize("NFC", word).casefold()
    if not any("\u0370" <= c <= "\u03ff" for c in w):
        return ()
    bare = _strip_accents(w)
    if not (_GREEK_FOREIGN_START.match(bare) or _GREEK_FOREIGN.search(bare)):
        return ()
    # a stressed vowel before ι or υ, or a diaeresis, says two vowels, no digraph: "Μπάιντεν"
    # (Biden) is b-a-i, not b-e; the English i of such names (/ai/) is also read "i"
    w = re.sub("([άέόή])([ιυ])", r"\1|\2", w)
    w = _strip_accents(w.replace("ϊ", "|ι").replace("ΐ", "|ι").replace("ϋ", "|υ").replace("ΰ", "|υ"))
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(w):
        if w[i] == "|":
            if i >= 1 and w[i - 1] == "α" and w.startswith("ι", i + 1):
                parts[-1] = ("a", "")  # "άι" read "ai" or, as English writes it, "i"
            i += 1
            continue
        for greek, first, inside in _GREEK_SOUNDS:
            if w.startswith(greek, i):
                parts.append(first if i == 0 else inside)
                i += len(greek)
                break
        else:
            parts.append((anyascii(w[i]).lower(),))
            i += 1
    out: list[str] = []
    for combo in product(*parts):
        r = "".join(combo)
        r = "".join(c for c in r if c.isalnum())
        if r and r not in out:
            out.append(r)
            if len(out) >= _GREEK_MAX_READINGS:
                break
    return tuple(out)


def _greek_forms(raw: str, kb: Knowledge) -> tuple[str, ...]:
    """(round 26) The readings of a Greek word by the sound of a foreign name (:func:`_greek_readings`)
    that the name check uses. A common Greek word (:data:`_GREEK_COMMON`) is read so only as a
    famous last name or a common English given name when the sound is inside it ("Ομπάμα", Obama,
    common in Greek news, "obama"; not "Πάντα", always, "pada"), and not as a one-word name when it
    starts with it ("Μπραντ", Brad, "brad"; not "Τζάμι", a window pane, "jami": the poet Jami)."""
    got = _greek_readings(raw)
    if not got or _common_words().get("el", {}).get(unicodedata.normalize("NFC", raw).casefold(),
                                                    _GREEK_COMMON) >= _GREEK_COMMON:
        return got
    if _GREEK_FOREIGN_START.match(_strip_accents(raw.casefold())):
        # a loanword or a foreign name (Greek news write "Μπραντ", "Μπιλ" often): not a one-word name
        return tuple(g for g in got if g not in kb.people_single or g in kb.famous_last)
    return tuple(g for g in got if g in kb.famous_last or kb.census_first_rank.get(g, 10**6) < 1000)


def _tok_variants(t: _Tok) -> set[str]:
    """:func:`_translit_variants` of every reading of ``t`` (a Greek word's sound readings too)."""
    if not t.forms:
        return _translit_variants(t.norm)
    return {v for f in (t.norm, *t.forms) for v in _translit_variants(f)}


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _overlaps(span: tuple[int, int] | None, others: Sequence[tuple[int, int]]) -> bool:
    if span is None:
        return False
    return any(span[0] < b and a < span[1] for a, b in others)


# ---------------------------------------------------------------------------------- other scripts
_SCRIPT_RANGES = (  # (first, last, script); scripts not listed are not read (fail closed)
    (0x0530, 0x058F, "armn"), (0x0590, 0x05FF, "hebr"), (0x0600, 0x06FF, "arab"), (0x0750, 0x077F, "arab"),
    (0x08A0, 0x08FF, "arab"), (0x0900, 0x097F, "deva"), (0x0980, 0x09FF, "beng"), (0x0A80, 0x0AFF, "gujr"),
    (0x0B00, 0x0B7F, "orya"), (0x0B80, 0x0BFF, "taml"), (0x0D80, 0x0DFF, "sinh"), (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "geor"), (0x1100, 0x11FF, "hang"),
    # (round 26) the ideographic iteration marks and the masu and zero signs, read with the Chinese
    # characters they follow ("人々", people; "時々", sometimes): they were no script, so unreadable
    (0x3005, 0x3007, "han"), (0x303B, 0x303C, "han"),
    (0x3040, 0x309F, "hira"), (0x30A0, 0x30FF, "kata"),
    (0x3130, 0x318F, "hang"), (0x31F0, 0x31FF, "kata"), (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hang"), (0xF900, 0xFAFF, "han"), (0xFB1D, 0xFB4F, "hebr"), (0xFB50, 0xFDFF, "arab"),
    (0xFE70, 0xFEFF, "arab"), (0xFF66, 0xFF9F, "kata"), (0x20000, 0x3134F, "han"),
)
_SCRIPT_STARTS = [r[0] for r in _SCRIPT_RANGES]
#: Scripts whose words are separated by spaces and whose given names and surnames the
#: knowledge holds in their own script (Faker's locale tables).
_SPACED = frozenset("armn hebr arab deva beng gujr orya taml sinh thai geor".split())
_ZH_TITLES = ("总统", "主席", "总理", "首相", "国王", "女王", "皇帝", "王子", "公主", "教皇", "先生", "女士", "小姐",
              "总書記", "总书记", "議員", "议员", "市长", "部长", "将军", "教授", "博士", "同志", "大帝", "夫人", "陛下")
_JA_TITLES = ("さん", "様", "氏", "先生", "大統領", "首相", "選手", "監督", "博士", "教授", "夫人", "王子", "王女",
              "女王", "陛下", "殿下", "議員", "社長", "総理", "容疑者", "ちゃん", "くん", "君")
_KO_TITLES = ("대통령", "총리", "대표", "장관", "의장", "총재", "사장", "시장", "지사", "선수", "감독", "씨", "님", "교수", "박사", "회장", "의원", "여왕", "왕자", "공주", "국왕",
              "위원장", "총서기", "주석")
_KO_PARTICLES = ("에게서", "에게", "께서", "으로", "에서", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과",
                 "도", "로", "랑")
#: After a run of transliteration characters, these say the run is a place or a thing.
_ZH_PLACE_END = frozenset("州市省县区镇村山河湖海江岛港城国洲湾峰岭谷林池庙寺宫殿塔园馆店厂站桥路街门楼院队号牌车酒")
#: Last characters of the names of Japanese shops, firms and halls ("中村屋", "吉野家", "森永製菓")
_JA_SHOP_END = frozenset("屋家堂社館駅亭荘所局庁菓製会商工業店舗")
_JA_PARTICLES = frozenset("のがはをにともへ")
_MIDDOT = "・·•＝=･"
_PATRONYMIC = frozenset(("بن", "ابن", "بنت", "בן", "בת", "বিন"))  # "son/daughter of" inside Arabic and Hebrew names


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    return fold(c)


def _char_script(c: str) -> str | None:
    o = ord(c)
    k = bisect_right(_SCRIPT_STARTS, o) - 1
    if k >= 0 and o <= _SCRIPT_RANGES[k][1]:
        return _SCRIPT_RANGES[k][2]
    return None


def _runs(s: str) -> list[tuple[int, int, str | None]]:
    """Maximal runs of one script in ``s`` (combining marks join the run before them)."""
    out: list[tuple[int, int, str | None]] = []
    for i, c in enumerate(s):
        sc = _char_script(c) if c.isalpha() or unicodedata.category(c)[0] == "M" else "-"
        if sc is not None and unicodedata.category(c)[0] == "M" and out:
            out[-1] = (out[-1][0], i + 1, out[-1][2])
            continue
        if c == "ー" and out and out[-1][2] in ("kata", "hira") and out[-1][1] == i:  # prolonged sound mark
            out[-1] = (out[-1][0], i + 1, out[-1][2])
            continue
        if out and out[-1][2] == sc and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1, sc)
        else:
            out.append((i, i + 1, sc))
    return [r for r in out if r[2] != "-"]


def _native_spans(kb: Knowledge, s: str) -> list[tuple[int, int, str]]:
    """Person names in text of other scripts: (start, end, rule) in ``s``.

    - Chinese: a run of three or more characters used to write foreign names by sound
      ("特朗普", "奥巴马", "马斯克") unless a word, a place or a place word after it says
      otherwise; a run of two before a title ("拜登总统"); a surname and a given name
      ("王秀英", "李伟") that are not an ordinary word ("黄色", yellow).
    - Japanese: katakana words joined by a middle dot ("ドナルド・トランプ"); katakana or a
      kanji name before an honorific or a title ("トランプ大統領", "山田さん"); a surname and a
      given name ("山田太郎").
    - Korean: a surname and a given name ("김민준"), a word before a title ("트럼프 대통령").
    - Spaced scripts (Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, Georgian, ...): a
      given name followed by a surname or another given name, in their own script.
    - Any other script: the whole text, as an unknown likeness (it cannot be read: fail closed).
    """
    c, idx, ends = _compact(s)
    out = [(idx[x], ends[y - 1], rule) for x, y, rule in _native_spans_compact(kb, c)]
    if len(c) != len(s) and any(sc == "hang" for _a, _b, sc in _runs(s)):
        # (round 26) the gap after a one-syllable Korean word was taken out for a surname
        # ("김 정은"); a foreign first name of one syllable is read by sound with its gap
        # ("톰 크루즈", Tom Cruise; "윌 스미스", Will Smith)
        out += [sp for sp in _drop_named_places(kb, s, _sound_names(kb, s, _runs(s))) if sp not in out]
        # (red team 48) a title of one syllable with its gap and another word after it ("한혜진 씨
        # 사진"): the title was run into the next word ("씨사진") and lost. Read so a surname and
        # two syllables, not a word of ko_words ("오렌지 씨", an orange's seeds): "씨" is a seed too
        # ("수박 씨")
        for m in _KO_NAME_SPACED_TITLE.finditer(s):
            a, b = m.span(1)
            w = m.group(1)
            if w[0] in kb.ko_surname and w not in _ko_words() and w not in kb.cjk_places \
                    and not any(x < b and a < y for x, y, _r in out):
                out.append((a, b, "name-title"))
    return out


_KO_NAME_SPACED_TITLE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{3})[ \u3000]+[씨님][ \u3000]+(?=[\uac00-\ud7a3])")


_COMPACT_GAPS = frozenset(" \t.-_*~/+=\u00a0\u3000")


def _compact(s: str) -> tuple[str, list[int], list[int]]:
    """``s`` with the gaps between Chinese characters, and after a one-syllable Korean
    surname, taken out ("特 朗 普", "王 秀英", "김 정은"), and half-width katakana read as full
    width ("ﾄﾞﾅﾙﾄﾞ"); and for each character of the result, where it starts and ends in ``s``."""
    chars: list[str] = []
    idx: list[int] = []
    ends: list[int] = []
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if ch in _COMPACT_GAPS and chars:
            j = i
            while j < n and s[j] in _COMPACT_GAPS:
                j += 1
            if j < n and j - i <= 3:
                left, right = _char_script(chars[-1]), _char_script(s[j])
                one_syllable = left == "hang" and (len(chars) < 2 or _char_script(chars[-2]) != "hang")
                if (left == right == "han") or (left == right == "hang" and one_syllable):
                    i = j
                    continue
        if "\uff61" <= ch <= "\uff9f":  # half-width katakana, its dot and its sound marks
            ch = unicodedata.normalize("NFKC", ch)
            if ch in ("\u3099", "\u309a") and chars:
                composed = unicodedata.normalize("NFC", chars[-1] + ch)
                if len(composed) == 1:
                    chars[-1] = composed
                    ends[-1] = i + 1
                    i += 1
                    continue
        chars.append(ch)
        idx.append(i)
        ends.append(i + 1)
        i += 1
    return "".join(chars), idx, ends


def _native_spans_compact(kb: Knowledge, s: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    runs = _runs(s)
    unread = [r for r in runs if r[2] is None and not s[r[0]:r[1]].isascii()]
    k = 0
    while k < len(unread):  # one likeness per stretch of unreadable words
        a, b = unread[k][0], unread[k][1]
        while k + 1 < len(unread) and not any(ch.isalpha() for ch in s[b:unread[k + 1][0]]):
            k += 1
            b = unread[k][1]
        out.append((a, b, "unreadable-script"))
        k += 1
    kana = any(sc in ("kata", "hira") for _a, _b, sc in runs)
    for k, (a, b, sc) in enumerate(runs):
        if sc == "han":
            out += _zh_names(kb, s, a, b)
            # in a Japanese prompt (kana in it), a run of three or four kanji standing alone that
            # is a surname of two characters or more and one or two more ("大谷翔平 ホームラン")
            if 3 <= b - a <= 4 and kana and s[a:b] not in kb.zh_words and s[a:b] not in kb.cjk_places \
                    and s[b - 1] not in _ZH_PLACE_END and s[b - 1] not in _JA_SHOP_END \
                    and not any(c in _JA_SHOP_END for c in s[a + 2:b]) and (a == 0 or not s[a - 1].isalnum()) \
                    and (b == len(s) or not s[b].isalnum() or _char_script(s[b]) == "kata"):
                for n in (3, 2):
                    if b - a - n in (1, 2) and s[a:a + n] in kb.ja_surname and s[a + n:b] not in kb.zh_words:
                        out.append((a, b, "name-native"))
                        break
            # a foreign name in Chinese: parts joined by a middle dot, written mostly with the
            # characters of names by sound ("比尔·盖茨" Bill Gates, "唐纳德·特朗普" Donald Trump)
            if k + 1 < len(runs) and runs[k + 1][2] == "han" and s[b:runs[k + 1][0]] in tuple(_MIDDOT):
                a2, b2 = runs[k + 1][0], runs[k + 1][1]
                x = b
                while x > max(a, b - 4) and s[x - 1] in TRANSLIT_CHARS:
                    x -= 1
                y = a2
                while y < min(b2, a2 + 4) and s[y] in TRANSLIT_CHARS:
                    y += 1
                if x < b and y > a2:
                    out.append((x, y, "transliterated-name"))
        elif sc == "kata":
            out += _katakana_names(kb, s, a, b)
        elif sc == "hang":
            out += _ko_names(kb, s, a, b)
    out += _spaced_names(kb, s, runs)
    if kb.people_native:
        out += _known_native(kb, s)
    out += _sound_names(kb, s, runs)
    return _drop_named_places(kb, s, out)


#: (red team 48) titles of Chinese, Japanese and Korean that follow a person's name only (not a
#: firm's head, "Apple社長")
_CJK_PERSON_TITLES = ("大統領", "大总统", "总统", "總統", "首相", "総理", "总理", "總理", "主席", "氏", "さん", "様", "選手", "选手",
                      "監督", "女士", "小姐", "先生", "대통령", "총리", "씨", "님", "선수", "감독")


def _drop_named_places(kb: Knowledge, s: str, out: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(red team 46) Names read in another script that are, with a word standing right before or
    after them, the name of a place or a building (:func:`_named_place`): "ملعب محمد بن زايد",
    "सरदार पटेल स्टेडियम", "周恩来纪念馆"; also when a name read by another rule takes the place word
    in ("রহমান সেতু", "مطار محمد"). Names overlapping a dropped name of the native list go with it
    ("নেতাজি সুভাষ" with "সুভাষ চন্দ্র বসু বিমানবন্দর"); a name that only overlaps a pair read by
    sound stays ("सचिन तेंदुलकर" in "सचिन तेंदुलकर वानखेड़े स्टेडियम में")."""
    if not out:
        return out
    low, pos = _native_text(s)
    spans = sorted(set(out))
    dropped: set[int] = set()
    listed: set[int] = set()  # dropped spans that are a name of the native list
    for k, (a, b, rule) in enumerate(spans):
        fa, fb = bisect_left(pos, a), bisect_left(pos, b)
        if fa >= len(low):
            continue
        if rule == "name-native" or low[fa:fb] in _native_index(kb).get(low[fa], ()):
            listed.add(k)
        sc = _char_script(low[fa])
        gaps = [x for x in range(fa, fb) if low[x] == " "]
        if any(_named_place(low, st, en, sc) for st in (fa, *(x + 1 for x in gaps))
               for en in (fb, *gaps) if st < en):
            dropped.add(k)
    grew = bool(dropped)
    while grew:
        grew = False
        for k, (a, b, _rule) in enumerate(spans):
            if k not in dropped and any(spans[d][0] < b and a < spans[d][1] and d in listed for d in dropped):
                dropped.add(k)
                grew = True
    gone = {spans[k] for k in dropped}
    return [sp for sp in out if sp not in gone]


def _sound_names(kb: Knowledge, s: str, runs: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str]]:
    """(issue 11) A famous person's full name written by sound in another script ("عمرو دياب",
    "גל גדות", "도널드 트럼프"): see :mod:`consent._native_sound`."""

    def stop(w: str) -> bool:
        return w in _NATIVE_STOP or w in kb.native_stop

    def place(w: str) -> bool:
        return w in kb.native_places or w in kb.cjk_places

    return sound_names(kb, s, runs, _indic_latin, stop, place)


_NATIVE_INDEX: dict[int, dict[str, tuple[str, ...]]] = {}
#: (round 25) listed two-character Chinese names that are also ordinary words, read only standing
#: alone: 白鹿 (Bai Lu; a white deer), 大谷 (Ohtani; a big valley), 丁宁 (Ding Ning; to exhort),
#: 成龙 (Jackie Chan; to become a dragon), 川普 (Trump; Sichuan Mandarin), 马龙 (Ma Long; the horses
#: and dragons of 车水马龙), 霉霉 (Taylor Swift's nickname; mouldy), 胡歌 (Hu Ge; to sing at random)
_ZH_WORD_NAMES = frozenset(("白鹿", "大谷", "丁宁", "成龙", "川普", "马龙", "霉霉", "胡歌"))


@lru_cache(maxsize=None)
def _word_list(name: str) -> frozenset[str]:
    """A word list of ``consent/data`` (one word a line; :func:`_read` drops comments), read once."""
    return frozenset(_read(name))


def _zh_lexicon() -> frozenset[str]:
    """Every word of two to four characters of jieba's dictionary seen 10 times or more (round 25)."""
    return _word_list("zh_lexicon.txt.gz")



def _zh_name_inside(low: str, i: int, e: int, f: str) -> bool:
    """(round 25) A listed two-character Chinese name ``f`` at ``low[i:e]`` inside a run of Chinese
    ("王菲唱歌", "梅西高高举起大力神杯", "鲁迅 水墨画" read as one run) is the person when it is no
    ordinary word (:data:`_ZH_WORD_NAMES`) and no word of jieba's dictionary overlaps it
    (``data/zh_lexicon.txt.gz``: "变成龙" holds 成龙 inside 变成, "新郎平时" 郎平 inside 新郎)."""
    if f in _ZH_WORD_NAMES:
        return False
    lex = _zh_lexicon()
    for a in range(max(0, i - 3), e):
        for b in range(max(a + 2, i + 1), min(len(low), a + 4) + 1):
            if (a, b) != (i, e) and b > i and low[a:b] in lex:
                return False
    return True
_BREED_HEADS: dict[int, frozenset[str]] = {}


def _breed_heads(kb: Knowledge) -> frozenset[str]:
    """Last words of three WordNet breeds or more ("cat", "terrier", "spaniel")."""
    heads = _BREED_HEADS.get(id(kb))
    if heads is None:
        count: dict[str, int] = {}
        for k, cls in kb.things.items():
            if cls == "breed" and len(k) >= 2:
                count[k[-1]] = count.get(k[-1], 0) + 1
        heads = _BREED_HEADS[id(kb)] = frozenset(h for h, c in count.items() if c >= 3 and h.isalpha())
    return heads
#: (red team 46) letters written for one another, folded alike in the list's forms and in the
#: prompt: Arabic alef with hamza or madda, alef maksura, Persian and Urdu yeh, kaf, heh and
#: teh marbuta ("اسامه", "ميسى", "عمر الشریف"); Hebrew geresh and gershayim as typed
#: ("סמוטריץ׳", "הרמב״ם"); Devanagari chandrabindu as anusvara ("गाँधी", "गांधी").
_NATIVE_FOLD = {**dict.fromkeys("أإآٱ", "ا"), **dict.fromkeys("ىیېےۓ", "ي"), "ک": "ك",
                **dict.fromkeys("ةۀہەھۃ", "ه"), **dict.fromkeys("׳’‘`´", "'"), **dict.fromkeys("״“”", '"'),
                "ँ": "ं"}
#: Marks left out when reading the list's forms and the prompt: Arabic harakat and tatweel,
#: Hebrew niqqud and cantillation, the nukta of Devanagari and Bengali ("ख़ान", "खान"), and
#: zero-width joiners (the Persian half-space of "خامنه‌ای").
_NATIVE_DROP = frozenset([*map(chr, range(0x064B, 0x0660)), "\u0670", "\u0640", *map(chr, range(0x0591, 0x05BE)),
                          "\u05BF", "\u05C1", "\u05C2", "\u05C4", "\u05C5", "\u05C7", "\u093C", "\u09BC",
                          "\u200C", "\u200D"])
_DEVA_NASALS = frozenset("ङञणनम")
#: (red team 46) words of honour written joined to a famous Korean's name ("이순신장군", General Yi)
_KO_HONOURED = ("장군", "열사", "선생", "여사")
#: (red team 46) Bengali case endings written joined to a name ("শেখ হাসিনার", Sheikh Hasina's)
_BN_ENDINGS = frozenset("র ের এর কে ও ই রই রও েরও কেও দের যের যে তে".split())
#: Tamil case endings after a name's last consonant takes a vowel ("ரஜினிகாந்தின்",
#: Rajinikanth's) or after a glide ("தோனியின்", "இளையராஜாவின்")
_TA_ENDINGS = ("ின்", "ை", "ுக்கு", "ுடன்", "ிடம்", "ும்", "ால்", "ில்", "ோடு", "ுடைய", "ிற்கு", "ின", "ைப்", "ைக்")


def _native_fold(s: str) -> tuple[str, list[int]]:
    """``s`` with the letter variants of :data:`_NATIVE_FOLD` read alike and the marks of
    :data:`_NATIVE_DROP` left out, a Devanagari nasal with virama before a consonant read as
    anusvara ("गान्धी" as "गांधी"); and where each character of the result is in ``s``."""
    out: list[str] = []
    pos: list[int] = []
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c in _NATIVE_DROP:
            i += 1
            continue
        if c in _DEVA_NASALS and i + 2 < n and s[i + 1] == "\u094D" and "\u0915" <= s[i + 2] <= "\u0939":
            out.append("ं")
            pos.append(i)
            i += 2
            continue
        out.append(_NATIVE_FOLD.get(c, c))
        pos.append(i)
        i += 1
    return "".join(out), pos


def _native_text(s: str) -> tuple[str, list[int]]:
    """``s`` as the native list's forms are read (NFC, case folded, :func:`_native_fold`; a case
    fold that changes lengths is not taken, the text is read as it is), and where each character
    of the result is in ``s``, with ``len(s)`` after the last."""
    low = unicodedata.normalize("NFC", s).casefold()
    if len(low) != len(s):
        low = s
    low, pos = _native_fold(low)
    pos.append(len(s))
    return low, pos


#: (red team 46) Words that make a famous name the name of a place or a building, as
#: :data:`_PLACE_NOUNS` do in English ("Jawaharlal Nehru University", "Zhou Enlai Memorial
#: Hall"): before the name in Arabic, Persian, Hebrew and Thai ("مطار ياسر عرفات", "רחוב בן יהודה"),
#: after it in Urdu, Devanagari, Bengali, Tamil, Korean, Chinese and Japanese ("सरदार पटेल स्टेडियम",
#: "孙中山纪念堂"). Statues, pictures and prizes are not among them: a statue shows the person, and
#: English reads "Naguib Mahfouz Prize" as the person too.
_PLACE_BEFORE_NATIVE = {sc: frozenset(_native_fold(w)[0] for w in ws.split()) for sc, ws in {
    "arab": """مطار شارع ملعب استاد ستاد جامعة مسجد جامع جسر ميدان ساحة محطة مكتبة متحف مستشفى مدرسة قصر ضريح
        مسرح مدينة حديقة برج قاعة معهد مترو كلية بحيرة سد نفق مجمع منتزه جادة كورنيش ميناء أكاديمية مؤسسة
        فرودگاه خیابان آرامگاه میدان دانشگاه بیمارستان ورزشگاه استادیوم مدرسه کتابخانه موزه بزرگراه پل
        اتوبان پارک بلوار کوچه سالن تالار مقبره ایستگاه شهرک بنیاد تونل فرهنگسرا مزار شاہراہ""",
    "hebr": """רחוב רח' שדרות שד' כיכר אוניברסיטת התעופה החולים אצטדיון מגדל מגדלי גשר מוזיאון ספריית שכונת
        היכל אולם תחנת פארק גן מכון קריית מסוף נמל מחלף כביש""",
    "thai": """สนามบิน ท่าอากาศยาน ถนน มหาวิทยาลัย โรงพยาบาล สะพาน เขื่อน สนามกีฬา ศูนย์ พิพิธภัณฑ์ โรงเรียน
        ค่าย สถานี อุทยาน สวน ซอย หอประชุม""",
}.items()}
#: (the words after a name: those of several words are written with "_" for their spaces)
_PLACE_AFTER_NATIVE = {sc: frozenset(_native_fold(w.replace("_", " "))[0] for w in ws.split()) for sc, ws in {
    "arab": """ایئرپورٹ انٹرنیشنل_ایئرپورٹ یونیورسٹی ہسپتال اسپتال اسٹیڈیم روڈ ٹاؤن کالج میوزیم لائبریری
        ایونیو میڈیکل_کالج""",
    "deva": """हवाई_अड्डा हवाई_अड्डे हवाईअड्डा अंतरराष्ट्रीय_हवाई अन्तरराष्ट्रीय_हवाई अंतर्राष्ट्रीय_हवाई
        विश्वविद्यालय स्टेडियम अस्पताल मार्ग रोड सेतु संग्रहालय उद्यान टर्मिनस महाविद्यालय स्मारक संस्थान
        एयरपोर्ट कॉलेज इंटरनेशनल_एयरपोर्ट""",
    "beng": """বিমানবন্দর আন্তর্জাতিক_বিমানবন্দর সেতু বিশ্ববিদ্যালয় হাসপাতাল স্টেডিয়াম সড়ক রোড জাদুঘর উদ্যান
        মেডিকেল_কলেজ কলেজ সরণি এভিনিউ চত্বর""",
    # (Tamil: stems, read at the start of the next word: "பல்கலைக்கழகம்", "பல்கலைக்கழகத்தில்")
    "taml": """பல்கலைக்கழக நினைவிட மணிமண்டப மருத்துவமனை சாலை பூங்கா கல்லூரி நூலக அருங்காட்சியக ஸ்டேடிய
        கோட்டம் விளையாட்டரங்க""",
    "hang": """대교 공항 국제공항 컨벤션센터 센터 기념관 기념사업회 재단 도서관 대학교 공원 광장 경기장 체육관 병원
        생가 묘소 기념공원""",
    # (Chinese and Japanese: right after the name, joined; of one character only the tomb's "陵",
    # since "路", "站" and "街" begin verbs: "周恩来路过", "毛泽东站在")
    "han": """纪念堂 紀念堂 纪念馆 紀念館 記念館 故居 旧居 舊居 图书馆 圖書館 図書館 大剧院 大劇院 剧院 劇院 机场
        機場 空港 国际机场 國際機場 陵 公园 公園 大学 大學 广场 廣場 広場 中学 中學 小学 小學 学校 學校 医院 醫院 病院 体育场
        體育場 体育馆 體育館 博物馆 博物館 美术馆 美術館 文学馆 文學館 大桥 大橋 研究所 研究院 基金会 基金會
        大道""",
}.items()}


def _native_index(kb: Knowledge) -> dict[str, tuple[str, ...]]:
    idx = _NATIVE_INDEX.get(id(kb))
    if idx is None:
        d: dict[str, list[str]] = {}

        def add(f: str) -> None:
            if len(f) >= 2 and f not in d.setdefault(f[0], []):
                d[f[0]].append(f)

        for f0 in kb.people_native:
            f = _native_fold(f0)[0]
            add(f)
            sc = _char_script(f[0]) if f else None
            # (round 25) a Korean name whose first word is one syllable is read run together
            # (the check joins a one-syllable Hangul word to the next: "빌 게이츠" is read "빌게이츠")
            # (red team 46) Thai names are also written run together ("ทักษิณชินวัตร")
            if " " in f and sc in ("hang", "thai"):
                add(f.replace(" ", ""))
            # (red team 46) the Persian half-space is also typed as a space ("خامنه ای")
            if "\u200c" in f0 and sc == "arab":
                add(_native_fold(f0.replace("\u200c", " "))[0])
            # (red team 46) a Tamil name ending in a consonant, before a case ending ("தனுஷின்")
            if sc == "taml" and f.endswith("\u0BCD"):
                add(f[:-1])
        idx = _NATIVE_INDEX[id(kb)] = {c: tuple(sorted(v, key=len, reverse=True)) for c, v in d.items()}
    return idx


def _word_end(low: str, e: int) -> int:
    while e < len(low) and (low[e].isalpha() or unicodedata.category(low[e])[0] == "M"):
        e += 1
    return e


def _ending_ok(f: str, rest: str, sc: str | None) -> bool:
    """(red team 46) ``rest``, the letters after the form ``f`` in the same word, is a case
    ending of Bengali or Tamil written joined to the name."""
    if sc == "beng":
        return rest in _BN_ENDINGS
    if sc == "taml" and rest:
        if rest[-1] == "\u0BCD" and len(rest) >= 3 and rest[-2] in "கசதப" and rest[:-2].endswith(("ை", "ு", "ின")):
            rest = rest[:-2]  # a consonant doubled before the next word ("தோனியைப் பார்")
        if "\u0BBE" <= rest[0] <= "\u0BCC":  # the last consonant takes a vowel: the stem of "தனுஷ்"
            return rest in _TA_ENDINGS
        if f[-1] == "\u0BCD" or "\u0B95" <= f[-1] <= "\u0BB9":
            return False
        return rest == "க்கு" or (rest[0] in "யவ" and rest[1:] in _TA_ENDINGS)
    return False


def _named_place(low: str, i: int, e: int, sc: str | None) -> bool:
    """(red team 46) The famous name at ``low[i:e]`` is that of a place or a building: a word of
    :data:`_PLACE_BEFORE_NATIVE` stands right before it or one of :data:`_PLACE_AFTER_NATIVE`
    right after it ("ملعب محمد بن زايد", "इंदिरा गांधी अंतरराष्ट्रीय हवाई अड्डा", "周恩来纪念馆")."""
    if sc in ("kata", "hira"):
        sc = "han"
    before = _PLACE_BEFORE_NATIVE.get(sc)
    if before:
        head = low[:i].rstrip()
        if sc == "thai":
            if head.endswith(tuple(before)):
                return True
        elif len(head) < i:  # (a word standing before the name, not a proclitic on it)
            w = head[head.rfind(" ") + 1:]
            clitics = _HE_PROCLITICS if sc == "hebr" else _AR_PROCLITICS
            for k in range(3):
                if w in before:
                    return True
                if len(w) < 3 or w[0] not in clitics:
                    break
                w = w[1:]
    after = _PLACE_AFTER_NATIVE.get(sc)
    if after:
        if sc == "han":
            return low.startswith(tuple(after), e)
        tail = low[e:].lstrip()
        if len(tail) == len(low) - e:  # (joined to the name: not a word of its own)
            return False
        for p in after:
            if tail.startswith(p):
                rest = tail[len(p):_word_end(tail, len(p))]
                if not rest or (sc == "taml") or (sc == "hang" and rest in _KO_PARTICLES) \
                        or (sc == "beng" and rest in _BN_ENDINGS | {"ে", "তে"}):
                    return True
    return False


def _known_native(kb: Knowledge, s: str) -> list[tuple[int, int, str]]:
    """Famous people as the contemporary list spells them in their own script ("习近平在…",
    "손흥민이", "صورة لمحمد صلاح"): Chinese and Japanese forms of three characters or more anywhere in
    a run (of two only standing alone), Korean forms at a word's start before nothing, a particle
    or a title, Thai forms anywhere, other scripts as whole words (Arabic and Persian also after a
    one-letter proclitic: "لمحمد", for Mohamed; red team 46: Hebrew after one to three
    proclitics, "ונתניהו"; Bengali and Tamil also before a case ending, "শেখ হাসিনার").
    Letter variants are read alike (:func:`_native_fold`)."""
    idx = _native_index(kb)
    out: list[tuple[int, int, str]] = []
    out += _known_han_reading(kb, s)
    out += _han_alone(kb, s)
    low, pos = _native_text(s)
    n = len(low)
    i = 0
    while i < n:
        forms = idx.get(low[i])
        if forms is None:
            i += 1
            continue
        hit = 0
        for f in forms:
            if not low.startswith(f, i):
                continue
            e = i + len(f)
            sc = _char_script(f[0])
            before = _char_script(low[i - 1]) if i > 0 and low[i - 1].isalpha() else None
            after = _char_script(low[e]) if e < n and low[e].isalpha() else None
            if sc in ("han", "kata", "hira"):
                ok = len(f) >= 3 or (before != "han" and after != "han") or (
                    sc == "han" and len(f) == 2 and _zh_name_inside(low, i, e, f))
            elif sc == "hang":
                rest = low[e:e + 4]
                ok = before != "hang" and (after != "hang" or rest.startswith(_KO_PARTICLES)
                                           or rest.startswith(_KO_TITLES) or rest.startswith(_KO_HONOURED))
            elif sc == "thai":
                ok = len(f) >= 3
            else:
                if after is None and e < n and unicodedata.category(low[e])[0] == "M":
                    after = sc  # (red team 46) a vowel sign goes on: the word does not end here
                w0 = i
                while w0 > 0 and low[w0 - 1].isalpha():
                    w0 -= 1
                if sc == "hebr":
                    lead = i - w0 <= 3 and all(c in _HE_PROCLITICS for c in low[w0:i])
                else:
                    lead = i - w0 == 1 and low[w0] in _AR_PROCLITICS
                if after is not None and sc in ("beng", "taml"):
                    e = _word_end(low, e)
                    ok = _ending_ok(f, low[i + len(f):e], sc)
                else:
                    # (a Tamil name's stem without its final virama is read only before an ending)
                    ok = after is None and not (sc == "taml" and "\u0B95" <= f[-1] <= "\u0BB9")
                ok = ok and (before is None or lead)
            if ok:
                hit = e
                break
        if hit:
            out.append((pos[i], pos[hit], "name-native"))  # (with the marks dropped after its last letter)
            i = hit
        else:
            i += 1
    return out


_HAN_READINGS: dict[int, frozenset[tuple[str, ...]]] = {}
_HAN_FIRSTS: dict[int, frozenset[str]] = {}
_han_read = lru_cache(maxsize=32768)(lambda c: fold(c))


def _known_han_reading(kb: Knowledge, s: str) -> list[tuple[int, int, str]]:
    """The list's Chinese-character names of three to five characters, matched by their reading
    (``anyascii``, pinyin without tones) so that the traditional and the simplified spelling of a
    name meet: "習近平" (traditional) is the list's "习近平", "黃仁勳" its "黄仁勋". (red team 46) The
    first character must be a listed name's first or a surname (Chinese, or Japanese with the
    next): other characters of the same sound are another word ("锅里小龙虾", crayfish in the pot,
    is not 李小龙; "讲解师", a guide, not 蒋介石).
    """
    idx = _HAN_READINGS.get(id(kb))
    if idx is None:
        forms = [f for f in kb.people_native if 3 <= len(f) <= 5 and all(_char_script(c) == "han" for c in f)]
        idx = _HAN_READINGS[id(kb)] = frozenset(tuple(fold(c) for c in f) for f in forms)
        _HAN_FIRSTS[id(kb)] = frozenset(f[0] for f in forms) | kb.zh_surname
    firsts = _HAN_FIRSTS[id(kb)]
    out: list[tuple[int, int, str]] = []
    n = len(s)
    i = 0
    while i < n:
        if _char_script(s[i]) != "han":
            i += 1
            continue
        j = i
        while j < n and _char_script(s[j]) == "han":
            j += 1
        reads = [_han_read(c) for c in s[i:j]]
        k = 0
        while k < len(reads):
            first = s[i + k] in firsts or s[i + k:i + k + 2] in kb.ja_surname
            hit = first and next((L for L in (5, 4, 3) if k + L <= len(reads) and tuple(reads[k:k + L]) in idx), 0)
            if hit:
                out.append((i + k, i + k + hit, "name-native"))
                k += hit
            else:
                k += 1
        i = j
    return out


_HAN_PEOPLE: dict[int, frozenset[str]] = {}


def _han_alone(kb: Knowledge, s: str) -> list[tuple[int, int, str]]:
    """(round 10) Two to four Chinese characters standing alone in a prompt written in another
    script, whose reading (pinyin without tones) is a famous person's name as WordNet and
    Pantheon write it in Latin letters: "鲁迅 at his desk" is Lu Xun, "李白 under the moon" Li Bai.
    Only a run that is the whole of its word (a Chinese sentence's runs are longer, and
    its words are read by the rules for Chinese)."""
    idx = _HAN_PEOPLE.get(id(kb))
    if idx is None:
        idx = _HAN_PEOPLE[id(kb)] = frozenset(
            "".join(k) for k in kb.people if 2 <= len(k) <= 3 and 4 <= len("".join(k)) <= 14 and all(w.isalpha() for w in k))
    out: list[tuple[int, int, str]] = []
    n = len(s)
    i = 0
    while i < n:
        if _char_script(s[i]) != "han":
            i += 1
            continue
        j = i
        while j < n and _char_script(s[j]) == "han":
            j += 1
        alone = (i == 0 or not s[i - 1].isalnum()) and (j == n or not s[j].isalnum())
        if alone and 2 <= j - i <= 4 and "".join(_han_read(c) for c in s[i:j]) in idx:
            out.append((i, j, "name-native"))
        i = j
    return out


def _zh_names(kb: Knowledge, s: str, a: int, b: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    words, places, sur = kb.zh_words, kb.cjk_places, kb.zh_surname
    # transliterated foreign names: runs of transliteration characters
    i = a
    while i < b:
        if s[i] not in TRANSLIT_CHARS:
            i += 1
            continue
        j = i
        while j < b and s[j] in TRANSLIT_CHARS:
            j += 1
        run = s[i:j]
        # characters of ordinary words and places inside the run ("马拉松比赛": marathon race)
        cover = [False] * len(run)
        for x in range(len(run)):
            for y in range(min(len(run), x + 8), x + 1, -1):
                if run[x:y] in words or run[x:y] in places:
                    cover[x:y] = [True] * (y - x)
                    break
        x = 0
        while x < len(run):
            if cover[x]:
                x += 1
                continue
            y = x
            while y < len(run) and not cover[y]:
                y += 1
            titled = any(s.startswith(t, i + y) for t in _ZH_TITLES) or (
                i + y == b and any(s.startswith(t, b) for t in _JA_TITLES))
            nxt = s[i + y] if i + y < len(s) else ""
            if (y - x >= 3 or (y - x == 2 and titled)) and (nxt not in _ZH_PLACE_END or titled):
                out.append((i + x, i + y, "transliterated-name"))
            x = y
        i = j
    # a famous person's name whose characters read as it in pinyin: "姚明" (Yao Ming), "周恩来" (Zhou Enlai)
    famous: set[tuple[int, int]] = set()
    for i in range(a, b):
        if s[i] not in sur and s[i:i + 2] not in sur:
            continue
        for y in range(min(b, i + 4), i + 1, -1):
            name = s[i:y]
            if name in places or (name in _zh_cedict() and not _zh_role_before(s, a, i)):
                continue  # (round 26) not a word of the dictionary that names nobody: "关于" (about), no 关羽
            if "".join(_fold_char(ch) for ch in name) in kb.people_joined:
                out.append((i, y, "name-native"))
                famous.add((i, y))
                break
    # a surname and a given name (not inside a place's name: "桂林山水", Guilin's landscape)
    placed = [False] * (b - a)
    for x in range(a, b - 1):
        for y in range(min(b, x + 6), x + 1, -1):
            if s[x:y] in places:
                placed[x - a:y - a] = [True] * (y - x)
                break
    # (round 26) and the dictionary's words that start with a surname and name nobody: "古琴" (a
    # zither), "李子树" (a plum tree: 李子, a plum), "吉野家" (a restaurant chain)
    dict_words = _zh_cedict()
    lexicon = _zh_lexicon()
    japanese = any(_char_script(c) in ("hira", "kata") for c in s)
    plain, either = kb.zh_words, _Either(kb.zh_words, dict_words)
    i = a
    while i < b:
        c = s[i]
        s2 = s[i:i + 2]
        k = i + 2 if s2 in sur and len(s2) == 2 else i + 1 if c in sur else None
        words = one = either
        if k is not None and i > a and c in _ZH_FUNCTION_SURNAMES and (
                s[k:k + 2] in plain or s[k:k + 2] in lexicon or s[k:k + 2] in dict_words):
            k = None  # (red team 48) "老师和学生" (teachers and students) is no 和学生
        elif k is not None and (_zh_role_before(s, a, i) or _zh_title_after(s, k)):
            # (red team 48) after a calling ("歌手黎明", the singer Leon Lai; "演员宁静", the
            # actress Ning Jing; "运动员马龙") or before a title ("黎明先生", "宁静女士") a word of the
            # dictionary is read as before round 26 as a surname and a one-character given name
            # (not "歌手高清照片", a singer's HD photo, as 高 + 清照)
            one = plain
        elif k is not None and i > a and s[i - 1:i + 1] in lexicon:
            k = None
        elif k is not None and _zh_counted_thing(s, a, i, k):
            k = None  # (round 27) "一只白鹿在森林里", a white deer: 只 counts animals, never people
        if k is None or (i > a and s[i - 1:i + 1] in one) or placed[i - a]:
            i += 1  # (round 26: the lexicon's words too, "历史公司" is history + company, no 史公司)
            continue
        hit = None
        g2, g1 = s[k:k + 2], s[k:k + 1]
        if len(g2) == 2 and k + 2 <= b and s[i:k + 1] not in words and s[i:k + 2] not in words:
            both = g2[0] in kb.zh_given_chars and g2[1] in kb.zh_given_chars
            # the given name may be a word itself ("刘德华": 德华) when the surname and its first
            # character are none ("刘德")
            if g2 in kb.zh_given or (both and s[k + 1:k + 3] not in words and (g2 not in words or k == i + 1)):
                hit = k + 2
        if hit is None and g1 and k < b and g1 in kb.zh_given and s[i:k + 1] not in one \
                and s[k:k + 2] not in words:
            hit = k + 1
        if hit is None and k < b and any(s.startswith(t, k + n) for n in (1, 2) for t in _ZH_TITLES) \
                and s[i:k + 1] not in one:
            hit = next(k + n for n in (1, 2) if any(s.startswith(t, k + n) for t in _ZH_TITLES))
        if hit is not None and japanese and _ja_word_after_surname(kb, s, i, k, hit):
            hit = None
        if hit is not None and not any(s[i:y] in places for y in range(hit, min(hit + 3, b) + 1)):
            out.append((i, hit, "name-native"))
            i = hit
        else:
            i += 1
    words = either
    # two to four characters before a title or an honorific: "安倍晋三首相", "大谷翔平選手", "山田さん"
    for t in (*_ZH_TITLES, *_JA_TITLES):
        if len(t) < 2 and t not in ("氏", "様"):
            continue
        start = a
        while True:
            q = s.find(t, start, b + len(t))
            if q < 0:
                break
            start = q + 1
            if q - a < 2:
                continue
            for n in (4, 3, 2):
                name = s[max(a, q - n):q]
                if len(name) == n and name not in words and name not in places and not any(
                        name[x:] in words or name[x:] in places for x in range(1, n - 1)):
                    out.append((q - n, q, "name-title"))
                    break
    # Japanese: a surname of two characters or more and one or two more kanji before a particle
    # ("村上春樹の", "大谷翔平が")
    for sn in {s[i:i + n] for i in range(a, b) for n in (2, 3)} & kb.ja_surname:
        for m in re.finditer(re.escape(sn), s[a:b]):
            x, y = a + m.start(), a + m.end()
            for g in (2, 1):
                if y + g <= b and y + g < len(s) and s[y + g] in _JA_PARTICLES and s[y + g - 1] not in _ZH_PLACE_END \
                        and s[y + g - 1] not in _JA_SHOP_END \
                        and s[x:y + g] not in kb.cjk_places and s[x:y + g] not in words and s[y:y + g] not in places:
                    out.append((x, y + g, "name-native"))
                    break
    # Japanese kanji names: surname + given name, or surname + honorific
    for sn in {s[i:i + n] for i in range(a, b) for n in (1, 2, 3)} & kb.ja_surname:
        for m in re.finditer(re.escape(sn), s[a:b]):
            x, y = a + m.start(), a + m.end()
            rest = s[y:].lstrip(" \u3000")
            gap = len(s[y:]) - len(rest)
            given = next((g for g in kb.ja_given if rest.startswith(g)), None)
            if given and not (gap == 0 and s[x:y + len(given)] in words):
                # (red team 48: not a word of the dictionaries, "向日葵", a sunflower: 向日 + 葵)
                out.append((x, y + gap + len(given), "name-native"))
            elif any(rest.startswith(t) for t in _JA_TITLES if t not in ("君",)):
                out.append((x, y, "name-native"))
    return [o for o in out if not _zh_in_compound(s, a, b, o[0], o[1], (o[0], o[1]) in famous)]


#: (red team 48) surnames that are also words that join or lead words ("和", and; "向", towards;
#: "于", at; "都", all): in a run of Chinese and before a word, they are those words
_ZH_FUNCTION_SURNAMES = frozenset("和于向由但都那")
#: (red team 48) callings written right before a Chinese name: "歌手王菲" (the singer Faye Wong)
_ZH_ROLES = ("歌手", "演员", "影星", "歌星", "球星", "明星", "艺人", "藝人", "主持人", "运动员", "運動員", "选手", "選手",
             "球员", "球員", "作家", "诗人", "詩人", "画家", "畫家", "导演", "導演", "歌唱家", "音乐家", "音樂家", "钢琴家",
             "鋼琴家", "舞蹈家", "教练", "教練", "冠军", "冠軍", "偶像", "模特", "女星", "男星", "影帝", "影后", "天王", "天后",
             "老师", "老師", "院士", "科学家", "科學家", "企业家", "企業家", "总裁", "總裁", "董事长", "董事長", "创始人", "創始人")


_ZH_ROLE_ENDS = frozenset(r[-1] for r in _ZH_ROLES)
_ZH_TITLE_STARTS = frozenset(t[0] for t in _ZH_TITLES)


def _zh_role_before(s: str, a: int, i: int) -> bool:
    """A calling of :data:`_ZH_ROLES` ends right before ``s[i]``, in the run of Chinese from ``a``."""
    return i > a and s[i - 1] in _ZH_ROLE_ENDS and any(
        i - len(r) >= a and s.startswith(r, i - len(r)) for r in _ZH_ROLES)


def _zh_title_after(s: str, k: int) -> bool:
    """A title of :data:`_ZH_TITLES` starts one or two characters after ``k``."""
    return any(k + n < len(s) and s[k + n] in _ZH_TITLE_STARTS and s.startswith(_ZH_TITLES, k + n) for n in (1, 2))


def _katakana_names(kb: Knowledge, s: str, a: int, b: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    # segments joined by a middle dot: "ドナルド・トランプ"
    end = b
    while end < len(s) - 1 and s[end] in _MIDDOT and _char_script(s[end + 1]) == "kata":
        end += 1
        while end < len(s) and (_char_script(s[end]) == "kata" or s[end] == "ー"):
            end += 1
    if a > 0 and s[a - 1] in _MIDDOT:
        return out  # the tail of a dotted name, found with its head
    whole = s[a:end]
    if end > b and whole not in kb.cjk_places and "".join(ch for ch in whole if ch not in _MIDDOT) not in kb.cjk_places:
        out.append((a, end, "katakana-name"))
        return out
    run = s[a:b]
    rest = s[b:].lstrip(" \u3000")
    if len(run) >= 2 and run not in kb.cjk_places and any(rest.startswith(t) for t in _JA_TITLES):
        out.append((a, b, "name-title"))
    elif run in kb.ja_surname or run in kb.ja_given:
        nxt = rest[:8]
        if any(nxt.startswith(g) for g in kb.ja_given | kb.ja_surname if len(g) > 1):
            out.append((a, b, "name-native"))
    return out


def _ko_names(kb: Knowledge, s: str, a: int, b: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    word = s[a:b]
    stem = word
    for p in _KO_PARTICLES:
        if stem.endswith(p) and len(stem) - len(p) >= 2:
            stem = stem[: -len(p)]
            break
    words = _ko_words()
    nouns = _ko_nouns()
    for t in _KO_TITLES:  # a title written on: "트럼프대통령" (not "아저씨", mister: an ordinary word;
        # red team 48: nor "축구선수", a football player: a noun before the title)
        if stem.endswith(t) and len(stem) - len(t) >= 2 and stem not in words and word not in words \
                and stem[:-len(t)] not in nouns:
            out.append((a, a + len(stem) - len(t), "name-title"))
            return out
    # (round 26) an ordinary word that starts with a surname's syllable is no name: "강아지" (a
    # puppy: 강 + 아지), "이미지" (an image), "지하철" (the subway) (data/ko_words.txt.gz)
    if 2 <= len(stem) <= 4 and stem[0] in kb.ko_surname and stem[1:] in kb.ko_given and stem not in words \
            and word not in words:
        out.append((a, a + len(stem), "name-native"))
        return out
    # a surname and two syllables that Korean given names use in those places ("김정은":
    # 정 begins given names, 은 ends them), read from the given names of the tables
    first, second = _ko_syllables(kb.ko_given)
    # (red team 48) a word of two syllables and a particle is a name only when the last two
    # syllables are a given name of the tables ("이지은": 지은), not "조명이" (the lighting +
    # the subject particle) or "정원은" (the garden + the topic particle); and a word of
    # ko_words with 하는 is a verb's form ("노래하는", singing; "정리하는", tidying)
    verb = word == stem + "는" and stem[-1:] == "하" and stem[:-1] in words
    for w in (stem, word):  # "김정은" ends in a syllable that is also a particle (은)
        if len(w) == 3 and w[0] in kb.ko_surname and w[1] in first and w[2] in second and w not in kb.cjk_places \
                and w not in words and not (w != stem and stem in words and (
                    w[2] not in _KO_NAME_PARTICLES or w[1:] not in kb.ko_given)) and not verb:
            out.append((a, a + 3, "name-native"))
            return out
    rest = s[b:].lstrip(" ")
    if len(stem) >= 2 and rest and any(rest.startswith(t) and (len(rest) == len(t) or not _is_hangul(rest[len(t)])
                                                                or rest[len(t):len(t) + 3].startswith(_KO_PARTICLES))
                                       for t in _KO_TITLES):
        # (red team 48) not a noun, which says what kind of player, director or market is meant:
        # "축구 선수" (a football player), "영화 감독", "전통 시장" (a traditional market), "개구리 왕자"
        if stem not in kb.cjk_places and stem not in nouns and word not in nouns:
            out.append((a, a + len(stem), "name-title"))
    return out


_KO_PLACE_ENDS = frozenset("산해")


def _ordinary_cyr(kb: Knowledge, t: _Tok) -> bool:
    """(round 26) ``t`` is an ordinary Russian or Ukrainian word written in lower case (:func:`_cyr_words`:
    "лето", summer, is no Leto; "хлеб", bread, no Hleb), and no one-word name of fame 50 or more
    reads as it ("плато" stays Plato, "мадонна" Madonna). "путин" is a surname to the dictionary,
    so it stays a name. (Round 48) Also capitalised as a sentence's first word only, where the
    capital says nothing: "Лето на даче", "Калина у забора"."""
    if t.script != "latinish" or (t.cap and not t.sentence_start) or t.upper or t.native not in _cyr_words():
        return False
    fame = _fame(kb)
    return all(fame.get((v,), 0) < _ORDINARY_CYR_FAME for v in _tok_variants(t))


_ORDINARY_CYR_FAME = 50


def _cyr_words() -> frozenset[str]:
    """(round 26) Russian and Ukrainian words that pymorphy3 reads as no given name, surname or
    patronymic, of the commonest of wordfreq (scripts/build_name_data.py --cyr-words)."""
    return _word_list("cyr_words.txt.gz")


class _Either:
    """Membership in either of two sets, without building their union."""

    __slots__ = ("a", "b")

    def __init__(self, a: frozenset[str], b: frozenset[str]) -> None:
        self.a, self.b = a, b

    def __contains__(self, w: object) -> bool:
        return w in self.a or w in self.b


def _ja_word_after_surname(kb: Knowledge, s: str, i: int, k: int, end: int) -> bool:
    """(round 26) In a Japanese prompt, ``s[i:end]`` read as a Chinese surname (to ``k``) and a given
    name is a Japanese word, or a surname and a word: "古民家" (an old house: 古 + 民家), "秋田犬" (an
    Akita dog: 秋田 + 犬), "奈良公園" (Nara Park)."""
    ja = _ja_words()
    return s[i:end] in ja or s[k:end] in ja or any(
        s[i:i + n] in kb.ja_surname and s[i + n:end] in ja for n in (2, 3) if i + n < end)


def _ja_words() -> frozenset[str]:
    """(round 26) Japanese words of one to four kanji that Janome cuts into no person's name, of the
    commonest of wordfreq (scripts/build_name_data.py --ja-words)."""
    return _word_list("ja_words.txt.gz")


#: (round 27) letters only Vietnamese writes (đ, ơ, ư, ĩ, ũ and the vowels with two marks or a dot
#: below, U+1EA0-U+1EF9; not ă, which Romanian writes too): a prompt with one is read as
#: Vietnamese by :func:`_vietnamese`
_VI_ONLY = regex.compile(r"[\u1EA0-\u1EF9đĐơƠưƯĩĨũŨ]")
#: Vietnamese family names (the commonest sixty; nine people in ten bear one of the first fourteen)
_VI_SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh mai lâm đoàn cao "
    "lương tạ hà chu tô trương quách phùng kiều la châu thái tăng lưu vương mạc thân khúc triệu hứa đào "
    "tôn diệp lạc giang âu lã từ kim đồng nghiêm quan ông thạch lục phí hàn khổng doãn lại viên hầu "
    "thiều bạch đàm lò "
    # (red team 49) and rarer ones: Tống, Chế, Bế, Nông...
    "tống chế bế nông ma vi chung phương lữ kha ninh giáp khương mẫn nhan ôn phó uông cù cung tiêu tất ung".split())
#: Vietnamese places whose names start as a family name does, or are read as names by the Latin
#: rules: the provinces, the great cities, lakes, quarters and sights ("Hà Nội", "Cao Bằng", "Lâm
#: Đồng", "Hồ Gươm", "Sài Gòn", "Tràng Tiền")
_VI_PLACES = frozenset(x.strip() for x in (
    "hà nội,hải phòng,đà nẵng,cần thơ,an giang,bà rịa,vũng tàu,bắc giang,bắc kạn,bạc liêu,bắc ninh,bến tre,"
    "bình định,bình dương,bình phước,bình thuận,cà mau,cao bằng,đắk lắk,đắk nông,điện biên,đồng nai,đồng tháp,"
    "gia lai,hà giang,hà nam,hà tĩnh,hải dương,hậu giang,hòa bình,hưng yên,khánh hòa,kiên giang,kon tum,"
    "lai châu,lâm đồng,lạng sơn,lào cai,long an,nam định,nghệ an,ninh bình,ninh thuận,phú thọ,phú yên,"
    "quảng bình,quảng nam,quảng ngãi,quảng ninh,quảng trị,sóc trăng,sơn la,tây ninh,thái bình,thái nguyên,"
    "thanh hóa,thừa thiên,tiền giang,trà vinh,tuyên quang,vĩnh long,vĩnh phúc,yên bái,sài gòn,đà lạt,"
    "nha trang,hội an,hạ long,sa pa,phú quốc,mũi né,côn đảo,phan thiết,quy nhơn,buôn ma thuột,pleiku,"
    "biên hòa,thủ đức,chợ lớn,hoàn kiếm,hồ gươm,hồ tây,tây hồ,ba đình,đống đa,cầu giấy,long biên,tràng tiền,"
    "bến thành,mỹ tho,châu đốc,hà tiên,rạch giá,cát bà,tam cốc,tràng an,bái đính,yên tử,phong nha,cửu long,"
    "hồng hà,trường sơn,tây nguyên,hoàng sa,trường sa,lý sơn,cù lao chàm,mai châu,mộc châu,kim liên,đồ sơn,"
    "cửa lò,sầm sơn,lăng cô,bà nà,sơn trà,ngũ hành sơn,cần giờ,củ chi,bạch mã,cát tiên,cúc phương,bản giốc,"
    "ba bể,hà đông,hà tây,cao lãnh,đồng hới,hồ núi cốc,lâm viên,kim bôi,hồ ba bể,đồng văn,hà khẩu,"
    "hồ hoàn kiếm,hồ xuân hương,hồ trúc bạch,hồ than thở,hồ tuyền lâm,"
    # (red team 49) continents and countries, regions, a dish
    "châu á,châu âu,châu phi,châu mỹ,châu úc,châu đại dương,hà lan,hàn quốc,thái lan,cao nguyên,đồng bằng,"
    "từ liêm,hoàng thành,phan rang,cao lầu,la vang,mai linh").split(","))
#: (red team of session 57) ... as written without the marks ("quang ninh", "ha long")
_VI_PLACES_FOLDED = frozenset(" ".join(fold(w) for w in x.split()) for x in _VI_PLACES)
#: words for a place right before a name, which then names the place ("đường Trần Hưng Đạo", a
#: street; "trường Lê Quý Đôn", a school), one word or two
_VI_PLACE_BEFORE = frozenset(
    "đường phố phường quận huyện xã làng thôn ấp sông hồ núi cầu chợ trường vịnh đảo bến ga chùa "
    "đền đình lăng miếu hẻm ngõ ngách kênh biển bãi đồi thác rạch vườn tp".split()) | frozenset((
    "thành phố", "công viên", "bệnh viện", "đại lộ", "quảng trường", "sân bay", "vận động", "nhà thờ",
    "nhà hát", "bảo tàng", "khách sạn", "thị xã", "thị trấn", "đại học", "trường học"))
#: little words of Vietnamese (from, in, if, also, with, and, of...), written in Title Case too: a
#: name's run of syllables ends before one ("Từ Trong Nếu Cũng" is no name)
_VI_LITTLE = frozenset(
    "trong nếu cũng đang bên với và của cho là có không được này đó những các một thì mà như khi để vẫn hơn rất "
    "đã sẽ ở tại từ về ra vào lên xuống làm".split())
#: words for a firm that start with a capitalised syllable ("Phạm Công ty TNHH": the Phạm company)
_VI_FIRMS = frozenset(("công ty", "tập đoàn", "doanh nghiệp", "ngân hàng", "tổng công"))
#: words of an address, capitalised in one ("Phạm Văn Đồng Xã An Phú"): a name's syllables end before
#: one (not "Đình", "Trường", "Hồ", middle names too: red team 49)
_VI_ADDRESS_WORDS = frozenset("xã phường phố đường quận huyện tỉnh tp ngõ hẻm khóm ấp thôn".split())
#: (red team 49) a Vietnamese syllable, its tone marks taken off: an initial, a vowel or two or
#: three, a final; a name of another language ("José García", "Beyoncé") is none
_VI_SYLLABLE = regex.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
                             r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|c|m|n|p|t)?")
#: the Latin-script rules that read any capitalised words: their readings of Vietnamese words
#: :func:`_vietnamese` replaces ("Sài Gòn", "Trung Nguyên" coffee, "Tết Nguyên Đán"), and of
#: Turkish nouns with a suffix :func:`_turkish` drops ("Umut Işığı")
_CAPITALISED_RULES = frozenset(("given+surname", "first+capital", "capitalised", "capitalised-unlisted", "misspelled"))


def _vi_word(toks: list[_Tok], text: str, k: int) -> str:
    return unicodedata.normalize("NFC", text[toks[k].vstart:toks[k].vend]).lower()


def _vi_place_at(toks: list[_Tok], text: str, i: int, j: int) -> bool:
    """``toks[i]`` is a word of a place of :data:`_VI_PLACES` that starts there or up to two words
    before ("Phan Rang", "Hà Lan"; "Ma Thuột" of "Buôn Ma Thuột")."""
    for start in range(max(0, i - 2), i + 1):
        words = [_vi_word(toks, text, k) for k in range(start, min(len(toks), start + 4))]
        if any(" ".join(words[:e]) in _VI_PLACES for e in range(max(2, i - start + 1), len(words) + 1)):
            return True
    return False


def _vi_before(toks: list[_Tok], text: str, k: int) -> list[str]:
    """The (up to) two words before ``toks[k]``, as :func:`_vi_word` reads them."""
    return [_vi_word(toks, text, x) for x in range(max(0, k - 2), k)]


def _vi_syllable(word: str) -> bool:
    """``word`` (NFC, lower case) is one Vietnamese syllable (:data:`_VI_SYLLABLE`)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if c not in "\u0300\u0301\u0303\u0309\u0323")
    return bool(_VI_SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)))


#: (round 27) endings of a Turkish noun's possessive, plural and cases ("ışığı", "tozu", "bayramı",
#: "zirvesi", "önünde"), which a surname does not take; not the endings of trades ("-ci", "demirci"),
#: of adjectives of having ("-lı", "-lu": Mutlu, Güçlü, Ünlü) and of "-oğlu", which surnames end with
_TR_SUFFIXED = regex.compile(r"(?:ı|i|u|ü|ları|leri|lar|ler|da|de|ta|te|dan|den|tan|ten|nın|nin|nun|nün)$")
_TR_SURNAME_ENDS = ("ci", "cı", "cu", "cü", "çi", "çı", "çu", "çü", "lı", "li", "lu", "lü", "oğlu")
_TR_PURE: dict[int, frozenset[str]] = {}


def _tr_pure(kb: Knowledge) -> frozenset[str]:
    """(round 27) Turkish common words (``data/tr_words.txt.gz``) that are no given name or surname of
    the tables, folded as tokens are."""
    got = _TR_PURE.get(id(kb))
    if got is None:
        got = _TR_PURE[id(kb)] = frozenset(
            w for w in _word_list("tr_words.txt.gz")
            if _norm_token(w) not in kb.given and _norm_token(w) not in kb.surname)
    return got


def _tr_lower(toks: list[_Tok], text: str, k: int) -> str:
    """``toks[k]`` as written, NFC, in Turkish lower case (I is ı, İ is i)."""
    return unicodedata.normalize("NFC", text[toks[k].vstart:toks[k].vend]).replace("I", "ı").replace("İ", "i").lower()


def _tr_common(kb: Knowledge, toks: list[_Tok], text: str, k: int) -> bool:
    """``toks[k]`` is a common Turkish word of no name ("mahalle", a neighbourhood)."""
    return _tr_lower(toks, text, k) in _tr_pure(kb)


def _tr_word(kb: Knowledge, toks: list[_Tok], text: str, k: int) -> bool:
    """``toks[k]`` is a common Turkish word with a noun's suffix (:data:`_TR_SUFFIXED`)."""
    w = _tr_lower(toks, text, k).split("'")[0].split("’")[0]
    return w in _tr_pure(kb) and bool(_TR_SUFFIXED.search(w)) and not w.endswith(_TR_SURNAME_ENDS)


def _turkish(kb: Knowledge, toks: list[_Tok], text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(round 27) A prompt with a letter only Turkish writes: the capitalised-word rules' readings
    whose words after the first (or, in lower case, any word) are common Turkish words with a
    noun's suffix are no names: "Umut Işığı" (the light of hope), "Yıldız Tozu" (stardust),
    "Ramazan Bayramı", "Van Gölü" (Lake Van), "karlı zirvesi" (its snowy summit). A surname is
    a bare word ("Ahmet Bulut", "Mehmet Işık" are still read), and famous people are read as before."""
    kept = []
    for i, j, rule in spans:
        if rule in _CAPITALISED_RULES and j - i >= 2 and all(toks[k].script == "latin" for k in range(i, j)):
            lower = not any(toks[k].cap or toks[k].upper for k in range(i, j))
            if any(_tr_word(kb, toks, text, k) for k in range(i if lower else i + 1, j)):
                continue
        kept.append((i, j, rule))
    return kept


def _vi_after_place(toks: list[_Tok], text: str, k: int, m: int) -> bool:
    """The name ``toks[k:m]`` follows a word for a place, capitalised or not ("Phố Nguyễn Huệ" in an
    address), or a house number of an address ("324 Huỳnh Tấn Phát, Phường Tuy Phước": a number
    with a slash, or an address word among the four words after the name; not "1. Nguyễn Văn An",
    a list, nor "Lớp 12A Trần Thị Bình", a class: red team 49)."""
    before = _vi_before(toks, text, k)
    if not before:
        return False
    if before[-1] in _VI_PLACE_BEFORE or " ".join(before[-2:]) in _VI_PLACE_BEFORE:
        return True
    number = text[toks[k - 1].vstart:toks[k - 1].vend]
    return number.isdigit() and text[toks[k - 1].vend:toks[k].vstart] == " " and (
        (k >= 2 and text[toks[k - 2].vend:toks[k - 1].vstart] == "/")
        or any(_vi_word(toks, text, x) in _VI_ADDRESS_WORDS for x in range(m, min(len(toks), m + 4))))


def _vi_city(toks: list[_Tok], text: str, i: int, j: int) -> bool:
    """A famous person's name written in Vietnamese after the word for a city: "thành phố Hồ Chí
    Minh", "TP. Hồ Chí Minh" (Ho Chi Minh City); not "tỉnh", a province but also "to wake up" (red
    team 49: "Sau khi tỉnh Trấn Thành cười"). A famous name after another
    place word ("phố", "chợ", "cầu") stays the person's: an attacker could put one before anyone."""
    before = _vi_before(toks, text, i)
    return bool(before) and (before[-1] == "tp" or " ".join(before[-2:]) == "thành phố") \
        and not all(text[toks[k].vstart:toks[k].vend].isascii() for k in range(i, j))


def _vi_runs(toks: list[_Tok], text: str) -> list[tuple[int, int]]:
    """Vietnamese names in a Vietnamese prompt: a family name (:data:`_VI_SURNAMES`) and one to three
    more capitalised syllables, one space apart ("Trần Hưng Đạo", "Phạm Nhật Vượng", "Lê Văn
    Lương"); not a place of :data:`_VI_PLACES` (or one that starts the run), not after a word for
    a place (:data:`_VI_PLACE_BEFORE`), and not "Hồ" (a lake) and one more syllable."""
    out: list[tuple[int, int]] = []
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        if not (t.cap and t.script == "latin" and _vi_word(toks, text, k) in _VI_SURNAMES):
            k += 1
            continue
        m = k + 1
        while m < n and m - k < 4:
            u, w = toks[m], _vi_word(toks, text, m)
            if not (u.cap and u.script == "latin" and u.norm.isalpha() and text[toks[m - 1].vend:u.vstart] == " "
                    and len(u.norm) <= 7 and w not in _VI_ADDRESS_WORDS and w not in _VI_LITTLE and _vi_syllable(w)
                    and not (m + 1 < n and f"{w} {_vi_word(toks, text, m + 1)}" in _VI_FIRMS)):
                break
            m += 1
        placed = _vi_place_at(toks, text, k, m)
        after_place = _vi_after_place(toks, text, k, m)
        if m - k >= 2 and not placed and not after_place and not (m - k == 2 and _vi_word(toks, text, k) == "hồ"):
            out.append((k, m))
        k = max(m, k + 1)
    return out


#: (round 43) Vietnamese middle names that mark a person's name in lower case too ("nguyễn văn an",
#: "nguyễn thị hoa"), and the words for Mr, Mrs, Miss, teacher, elder brother or sister before a
#: capitalised given name or family name ("ông Trần", "cô Hương", "anh Tuấn"); not the folk figures
#: and gods those words also name ("ông Táo", "ông Địa", "cô Tấm", "bà Chúa Kho", "ông Già Noel")
_VI_MIDDLE_MARKS = frozenset("văn thị".split())
_VI_HONORIFICS = frozenset("ông bà cô chú bác anh chị thầy em cụ".split())
_VI_FOLK = frozenset("táo địa già tấm cám gióng trời bụt tiên chúa tơ nguyệt thần phật mụ ba "
                     # (red team of session 57) the man in the moon, the moon lady, the water puppets'
                     # clown, the bogeyman ("chú Cuội", "chị Hằng", "chú Tễu", "ông Kẹ")
                     "cuội hằng tễu kẹ".split())
#: (red team of session 57) the family names that are seldom a word: before "văn" or "thị" and a
#: syllable in lower case they start a name even where those two make a word ("nguyễn thị trường");
#: others do so only where they make none ("từ văn bản", from a text; "giao lưu văn hóa"; "cao văn
#: hóa"; "từ thị trấn", from the town)
_VI_SURNAMES_NO_WORD = frozenset("nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ ngô trịnh".split())
_VI_MIDDLE_WORDS = frozenset((
    "văn hóa", "văn hoá", "văn bản", "văn học", "văn phòng", "văn minh", "văn nghệ", "văn chương", "văn hiến",
    "văn miếu", "văn xuôi", "văn tự", "văn thư", "văn kiện", "văn vần", "văn phạm", "văn mẫu", "văn hào",
    "văn sĩ", "văn nhân", "văn phong", "văn thể", "văn võ", "thị trấn", "thị trường", "thị xã", "thị giác",
    "thị thực", "thị lực", "thị phần", "thị hiếu", "thị sát", "thị chính", "thị thành", "thị uy", "thị tộc",
    "thị phi", "thị dân"))


def _vi_after_place_word(toks: list[_Tok], text: str, k: int) -> bool:
    """(red team of session 57) ``toks[k]`` follows a word for a place (:data:`_VI_PLACE_BEFORE`): a
    street, a market, a pagoda, a mountain named after someone ("đường nguyễn thị minh khai", "chợ bà
    Chiểu", "núi bà Đen", "cầu ông Lãnh")."""
    before = _vi_before(toks, text, k)
    return bool(before) and (before[-1] in _VI_PLACE_BEFORE or " ".join(before) in _VI_PLACE_BEFORE)


def _vi_more_runs(toks: list[_Tok], text: str) -> list[tuple[int, int]]:
    """(round 43) More Vietnamese names: a family name, "văn" or "thị" and one or two syllables in
    lower case ("mai văn nam", "nguyễn thị hoa cười"); an honorific of :data:`_VI_HONORIFICS` in lower
    case before one or more capitalised syllables ("ông Trần ngồi", "cô Hương đứng")."""
    out: list[tuple[int, int]] = []
    n = len(toks)
    for k in range(n - 1):
        w = _vi_word(toks, text, k)
        t = toks[k]
        if t.script != "latin" or t.cap or t.upper:
            continue
        if w in _VI_SURNAMES and k + 2 < n and _vi_word(toks, text, k + 1) in _VI_MIDDLE_MARKS \
                and not toks[k + 1].cap and text[t.vend:toks[k + 1].vstart] == " " and w not in _VI_LITTLE \
                and not _vi_after_place_word(toks, text, k) and not _vi_place_at(toks, text, k, k + 2) \
                and (w in _VI_SURNAMES_NO_WORD
                     or f"{_vi_word(toks, text, k + 1)} {_vi_word(toks, text, k + 2)}" not in _VI_MIDDLE_WORDS):
            m = k + 2
            while m < n and m - k < 4 and not toks[m].cap and text[toks[m - 1].vend:toks[m].vstart] == " " \
                    and toks[m].norm.isalpha() and _vi_syllable(_vi_word(toks, text, m)) \
                    and _vi_word(toks, text, m) not in _VI_LITTLE:
                m += 1
            if m > k + 2:
                out.append((k, min(m, k + 3)))
        elif w in _VI_HONORIFICS and toks[k + 1].cap and toks[k + 1].script == "latin" \
                and text[t.vend:toks[k + 1].vstart] == " " and _vi_syllable(_vi_word(toks, text, k + 1)) \
                and _vi_word(toks, text, k + 1) not in _VI_FOLK and not _vi_place_at(toks, text, k + 1, k + 2) \
                and not _vi_after_place_word(toks, text, k):
            m = k + 2
            while m < n and m - k < 5 and toks[m].cap and text[toks[m - 1].vend:toks[m].vstart] == " " \
                    and _vi_syllable(_vi_word(toks, text, m)):
                m += 1
            out.append((k + 1, m))
    return out


def _vietnamese(toks: list[_Tok], text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(round 27) A Vietnamese prompt (:data:`_VI_ONLY`): the Latin-script rules' readings of capitalised
    Vietnamese words (:data:`_CAPITALISED_RULES`; a word with a mark that English does not write) are
    replaced by Vietnamese names as :func:`_vi_runs` reads them: "Hà Nội" (Hanoi), "Sài Gòn",
    "Trung Nguyên" and "đường Trần Hưng Đạo" (a street) are no names, "Trần Hưng Đạo đứng trên
    thuyền" and "Phạm Nhật Vượng" are. Famous people of the tables are read as before."""
    runs = _vi_runs(toks, text)
    runs += [r for r in _vi_more_runs(toks, text) if not any(r[0] < b and a < r[1] for a, b in runs)]
    kept = [(i, j, rule) for i, j, rule in spans
            if (rule not in _CAPITALISED_RULES or (not any(i < b and a < j for a, b in runs) and (
                all(text[toks[k].vstart:toks[k].vend].isascii() for k in range(i, j))
                # (red team 49) a name of another language in a Vietnamese prompt ("José García",
                # "Jürgen Müller") is read as before: only Vietnamese syllables are read anew
                or not all(_vi_syllable(_vi_word(toks, text, k)) for k in range(i, j)))
                and not _vi_place_at(toks, text, i, j)))
            and not (rule == "known-person" and _vi_city(toks, text, i, j))]
    for a, b in runs:
        if not any(i < b and a < j for i, j, _r in kept):
            kept.append((a, b, "given+surname"))
    return kept


def _zh_compounds() -> frozenset[str]:
    """(round 27) Chinese words of three to six characters that name no person in CC-CEDICT: idioms,
    places, firms (scripts/build_name_data.py --cedict)."""
    return _word_list("zh_cedict_compounds.txt.gz")


def _zh_in_compound(s: str, a: int, b: int, i: int, e: int, famous: bool) -> bool:
    """(round 27) ``s[i:e]``, read as a name, lies inside a longer word of CC-CEDICT that names no
    person (:func:`_zh_compounds`) in the run ``s[a:b]``: "成龙" in "望子成龙" (to hope one's son
    becomes a dragon), "劳永逸" in "一劳永逸" (once and for all), "内瑞拉" in "委内瑞拉" (Venezuela),
    "马萨诸" in "马萨诸塞" (Massachusetts). A famous person's name that starts such a word is
    still the person ("毛泽东思想", Mao Zedong Thought; "孔子学院")."""
    words = _zh_compounds()
    for p in range(max(a, e - 6), i + 1):
        if famous and p == i:
            continue
        for q in range(max(e, p + 3), min(b, p + 6) + 1):
            if (p, q) != (i, e) and s[p:q] in words:
                return True
    return False


#: (round 27) classifiers of animals (只, 头 cattle, 匹 horses, 条 fish and dogs, 尾 fish), never of
#: people, after a number or "this"/"that"; and the animals a colour or a quality then names
_ZH_ANIMAL_CLASSIFIERS = frozenset("只头匹条尾")
_ZH_COUNTS = frozenset("一二两三四五六七八九十百几这那每数多半")
_ZH_ANIMALS = frozenset("鹿马牛羊狗猫鸟鱼龙虎狼熊兔鸡鸭鹅猪猴蛇鹰鹤鸽蝶狐豹象驴骡")


def _zh_counted_thing(s: str, a: int, i: int, k: int) -> bool:
    """(round 27) ``s[i:k]``, a surname, follows a number or "this"/"that" and a classifier of
    animals, and an animal follows it: a colour or a quality and an animal ("一只白鹿", a white
    deer; "两匹白马"), no person. (Red team 49: not any name after such a classifier, "一只王小明的猫"
    is Wang Xiaoming's cat.)"""
    return i - 2 >= a and s[i - 1] in _ZH_ANIMAL_CLASSIFIERS and s[i - 2] in _ZH_COUNTS \
        and s[k:k + 1] in _ZH_ANIMALS


def _zh_cedict() -> frozenset[str]:
    """(round 26) Chinese words of two to four characters that start with a surname and name no
    person in CC-CEDICT (scripts/build_name_data.py --cedict)."""
    return _word_list("zh_cedict_words.txt.gz")


#: particles that also end many Korean given names (은: 18 of the tables' 954 two-syllable names,
#: 이: 8): an ordinary word before one of them may still be a name ("이지" + 은, "이지은"); before
#: another ("전설" + 을: the legend, as an object) it is the word (round 26)
_KO_NAME_PARTICLES = frozenset("은이")


def _ko_words() -> frozenset[str]:
    """(round 26) Korean words of two to four syllables that start with a surname's syllable and
    are no proper noun (wordfreq's list, analysed by Kiwi: scripts/build_name_data.py --ko-words)."""
    return _word_list("ko_words.txt.gz")


def _ko_nouns() -> frozenset[str]:
    """(red team 48) Korean words of two to four syllables that Kiwi reads as one general noun
    (wordfreq's list: scripts/build_name_data.py --ko-nouns); not names ("트럼프", "손흥민": NNP)."""
    return _word_list("ko_nouns.txt.gz")


@lru_cache(maxsize=2)
def _ko_syllables(given: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The syllables that begin and that end two-syllable Korean given names; not 산 (mountain) or
    해 (sea) at the end, which end one name each of the tables ("영산", "윤해", read by the
    tables' rule) and the names of mountains and seas ("백두산", "지리산", "지중해"; round 26)."""
    two = [g for g in given if len(g) == 2]
    return frozenset(g[0] for g in two), frozenset(g[1] for g in two) - _KO_PLACE_ENDS


def _is_hangul(c: str) -> bool:
    return _char_script(c) == "hang"


#: Indic scripts share one layout (offsets from the start of each block): consonants with an
#: inherent "a", vowel signs, a virama that kills the vowel. Read so, "नरेंद्र मोदी" is
#: "narendra modi", which the Latin name tables know (anyascii writes "nremdr").
_INDIC_BLOCKS = (0x0900, 0x0980, 0x0A00, 0x0A80, 0x0B00, 0x0B80, 0x0C00, 0x0C80, 0x0D00)
_INDIC_CONS = dict(zip(range(0x15, 0x3A), (
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n n p ph b bh m y r r l l l v sh sh s h").split()))
_INDIC_CONS.update({0x58: "q", 0x59: "kh", 0x5A: "g", 0x5B: "z", 0x5C: "r", 0x5D: "rh", 0x5E: "f", 0x5F: "y"})
_INDIC_VOWELS = {0x05: "a", 0x06: "a", 0x07: "i", 0x08: "i", 0x09: "u", 0x0A: "u", 0x0B: "ri", 0x0E: "e", 0x0F: "e",
                 0x10: "ai", 0x12: "o", 0x13: "o", 0x14: "au"}
_INDIC_SIGNS = {0x3E: "a", 0x3F: "i", 0x40: "i", 0x41: "u", 0x42: "u", 0x43: "ri", 0x45: "e", 0x46: "e", 0x47: "e",
                0x48: "ai", 0x49: "o", 0x4A: "o", 0x4B: "o", 0x4C: "au", 0x01: "n", 0x02: "n", 0x03: "h"}


@lru_cache(maxsize=8192)
def _indic_latin(w: str) -> str:
    """An Indic word read in Latin letters with its inherent vowels ("अमिताभ" -> "amitabh",
    "नरेंद्र" -> "narendra"), or "" when ``w`` is not in an Indic script."""
    out: list[str] = []
    pending = False  # a consonant whose inherent "a" is not yet written
    conjunct = False  # that consonant closes a cluster ("न्द्र"): its "a" is said even at the end
    killed = False  # the last sign was a virama
    for c in w:
        o = ord(c)
        base = next((b for b in _INDIC_BLOCKS if b <= o < b + 0x80), None)
        if base is None:
            return ""
        off = o - base
        if off in _INDIC_CONS:
            if pending:
                out.append("a")
            out.append(_INDIC_CONS[off])
            conjunct, pending = killed, True
        elif off in _INDIC_SIGNS:
            if off in (0x01, 0x02, 0x03) and pending:
                out.append("a")
            out.append(_INDIC_SIGNS[off])
            pending = False
        elif off in _INDIC_VOWELS:
            if pending:
                out.append("a")
            out.append(_INDIC_VOWELS[off])
            pending = False
        killed = off == 0x4D  # virama: the consonant before it has no vowel
        if killed:
            pending = False
    if pending and conjunct:
        out.append("a")  # a final inherent "a" is said only after a cluster ("मोदी" modi, "नरेंद्र" narendra)
    return "".join(out)


def _indic_forms(latin: str) -> set[str]:
    """Spellings of an Indic word read in Latin letters: as read, and with one inner "a"
    between consonants left out, as Hindi drops it ("tendulakar" -> "tendulkar")."""
    out = {latin}
    for k in range(1, len(latin) - 1):
        if latin[k] == "a" and latin[k - 1] not in "aeiou" and latin[k + 1] not in "aeiou":
            out.add(latin[:k] + latin[k + 1:])
    return out


def _native_skeleton(w: str) -> str:
    """Consonant skeleton of a word of another script read through transliteration, a nasal
    sign before a consonant read as n ("नरेंद्र" -> "nremdr" -> "nrntr", as "narendra")."""
    return _skeleton(re.sub(r"m(?=[tdkgcjsz])", "n", anyascii(w).lower()))


def _both_common(f1: str, f2: str) -> bool:
    """(round 24) Both folded words are among the commonest words of one language of another
    script (data/native_common.txt.gz: the 5,000 commonest of Hindi, Bengali, Tamil, Persian,
    Arabic, Urdu, Hebrew, Korean, Japanese; its Cyrillic and Greek lists are read by the rules
    for those alphabets)."""
    return all_common((f1, f2), SCRIPT_LANGS)


def _spaced_names(kb: Knowledge, s: str, runs: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    words = [(x, y, s[x:y]) for x, y, sc in runs if sc in _SPACED]
    given_sk, sur_sk, known_sk = kb.skeletons()
    # words of a city's name in that script ("תל אביב", "वाराणसी") are no one's name
    folded = [unicodedata.normalize("NFC", w).casefold() for _x, _y, w in words]
    in_place = [False] * len(words)
    for k, f in enumerate(folded):
        if k + 1 < len(words) and f"{f} {folded[k + 1]}" in kb.native_places:
            in_place[k] = in_place[k + 1] = True
        elif f in kb.native_places and len(f) >= 3 and f not in kb.given_native and f not in kb.surname_native \
                and f not in _PATRONYMIC:
            in_place[k] = True
    for k in range(len(words) - 1):
        x, y, w = words[k]
        x2, y2, w2 = words[k + 1]
        if s[y:x2].strip(" \u00a0-") or not w2 or in_place[k] or in_place[k + 1]:
            continue
        f1 = unicodedata.normalize("NFC", w).casefold()
        f2 = unicodedata.normalize("NFC", w2).casefold()
        if f1 in _NATIVE_STOP or f2 in _NATIVE_STOP or f1 in kb.native_stop or (
                f2 in kb.native_stop and f2 not in _PATRONYMIC):
            continue
        if f1 in kb.given_native and f2 in _PATRONYMIC and k + 2 < len(words):
            out.append((x, words[k + 2][1], "name-native"))  # "محمد بن سلمان"
            continue
        if f1 in kb.given_native and (f2 in kb.surname_native or f2 in kb.given_native) and len(f2) > 1:
            out.append((x, y2, "name-native"))
            continue
        # (round 25) an Arabic given name (also after li- or wa-) and a family name of the form
        # al-...-i, a nisba that no table lists ("أحمد الزهراني", "لخالد العتيبي"), whose stem is no
        # common word either (many given names are adjectives: "فستان جميل الصيفي", a beautiful summer
        # dress, is jamil + al-sayfi, of "الصيف", summer)
        lead = 1 if len(f1) >= 4 and f1[0] in "لو" and f1[1:] in kb.given_native else 0  # "لخالد": for Khalid
        if (lead or f1 in kb.given_native) and f2.startswith("ال") and f2.endswith("ي") and len(f2) >= 6 \
                and not any(all_common((w,), ("ar", "fa", "ur")) for w in (f2, f2[:-1], f2[2:-1])):
            out.append((x + lead, y2, "name-native"))
            continue
        # a given name in its own script and the surname of a known person written by sound
        # ("राहुल गांधी": the nasal sign before a consonant read as n, "gandhi")
        if f1 in kb.given_native and len(w2) >= 3:
            k = _skeleton(re.sub(r"m(?=[tdkgcjsz])", "n", anyascii(w2)))
            if len(k) >= 3 and k in known_sk:
                out.append((x, y2, "name-native"))
                continue
        # Indic scripts read with their vowels: "नरेंद्र मोदी" (narendra modi) is a given name and a
        # surname of the Latin tables, "अमिताभ बच्चन" (amitabh bachchan) a famous person
        # (round 24) two common words of one language of the script are no given name and surname
        # of the Latin tables read with their vowels ("ताज महल", the Taj Mahal: crown, palace, read
        # "taj mahal"; "गंगा नदी", the river Ganges); a famous person's name read so still is
        common = _both_common(f1, f2)
        l1, l2 = _indic_latin(w), _indic_latin(w2)
        if l1 and l2 and len(l1) >= 3 and len(l2) >= 3:
            v1, v2 = _indic_forms(l1), _indic_forms(l2)
            if any((a, b) in kb.people for a in v1 for b in v2) or (not common and (
                    (l1 in kb.given or f1 in kb.given_native) and (l2 in kb.surname or v2 & kb.famous_last))) or (
                    len(l1) >= 6 and v1 & kb.people_single and not v1 & kb.vocab):
                # (or a known person's rare first name and another word: "রবীন্দ্রনাথ ঠাকুর")
                out.append((x, y2, "transliterated-name"))
                continue
        # (round 26) the two rules below read any two words whose consonants meet a famous person's,
        # or a common given name's and a surname's: not where either word is one of the language's
        # 20,000 commonest ("नीला आसमान", blue sky; "গ্রামের পুকুর", the village pond; "אדן החלון",
        # the window sill). A famous person's name is read by the sound keys (consent._native_sound)
        # and the lists of native spellings
        if deep_common(f1, SCRIPT_LANGS) or deep_common(f2, SCRIPT_LANGS):
            continue
        # a famous person's name written by sound: "अमिताभ बच्चन" (Amitabh Bachchan), "عمران خان" (Imran Khan)
        s1, s2 = _native_skeleton(w), _native_skeleton(w2)
        if (s1, s2) in kb.people_skel and len(s1) + len(s2) >= 5 and len(w) >= 3 and len(w2) >= 3:
            out.append((x, y2, "transliterated-name"))
            continue
        # a foreign name written by sound: "डोनाल्ड ट्रम्प" (Donald Trump), "ليونيل ميسي" (Lionel Messi)
        k1, k2 = _skeleton(anyascii(w)), _skeleton(anyascii(w2))
        if len(k1) >= 3 and len(k2) >= 3 and k1 in given_sk and k2 in sur_sk and len(w2) >= 3 \
                and (len(k1) >= 4 or (k2 in known_sk and len(k2) >= 5)) \
                and not ({f1, f2} & kb.given_native) and not ({f1, f2} & kb.surname_native):
            out.append((x, y2, "transliterated-name"))
    return out


#: What the prompt check reads texts as, per knowledge and text (``NameMatcher._another_famous``).
_PEOPLE_READ: dict[tuple[int, str, bool], frozenset[str]] = {}
_PEOPLE_READ_MAX = 65536
#: Texts one prompt may have read by ``NameMatcher._another_famous`` (each costs up to a few tens
#: of ms the first time): a prompt of many typos of registered names is not a way to slow the check.
_GUARD_READS_PER_PROMPT = 12


def _as_written(text: str) -> tuple[str, ...]:
    """A name as written, for "the same name written the same way": its words, compatibility-folded
    and case folded, marks between them dropped and initials run together ("J.D. Star" and "jd
    star" alike); accents and scripts kept (normalize_name reads "Ομπάμα" as "ompama"), and words
    apart stay apart ("Ob Ama" is not "Obama")."""
    words: list[str] = []
    run = ""
    for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()):
        if len(w) == 1:
            run += w
            continue
        if run:
            words.append(run)
            run = ""
        words.append(w)
    if run:
        words.append(run)
    return tuple(words)


def _canon_person(kb: Knowledge, who: str) -> str:
    """One form per known person: the stored name where the words are a known person's key
    ("Gogh" and "Vincent van Gogh" alike), normalised."""
    words = tuple(t.norm for t in _tokens(who)[0] if t.norm)
    return normalize_name(_person_name(kb, words) if words in kb.people else who)


def _people_read(kb: Knowledge, text: str, near: bool) -> frozenset[str]:
    """The known people the prompt check reads ``text`` as (:func:`famous_person_in_name`, no
    subjects and no exceptions) and, with ``near``, the known people a name written so reaches
    with a typo in each word (:func:`famous_people_covered`, ``whole``); one form per person."""
    key = (id(kb), text, near)
    got = _PEOPLE_READ.get(key)
    if got is None:
        who = famous_person_in_name(text)
        people = {_canon_person(kb, who)} if who is not None else set()
        if near:
            people.update(normalize_name(p) for p in famous_people_covered(text, whole=True))
        got = frozenset(people)
        if len(_PEOPLE_READ) >= _PEOPLE_READ_MAX:
            _PEOPLE_READ.clear()
        _PEOPLE_READ[key] = got
    return got


#: Known people's name words and each with one letter dropped -> the words (built on first use,
#: once per knowledge: :func:`famous_people_covered`).
_PEOPLE_WORD_DELETES: dict[int, dict[str, tuple[str, ...]]] = {}
_PEOPLE_WORD_DELETES_LOCK = threading.Lock()


def _people_word_deletes(kb: Knowledge) -> dict[str, tuple[str, ...]]:
    with _PEOPLE_WORD_DELETES_LOCK:
        idx = _PEOPLE_WORD_DELETES.get(id(kb))
        if idx is None:
            d: dict[str, set[str]] = {}
            for key in kb.people:
                for x in key:
                    if len(x) >= 3:
                        for k in {x[:m] + x[m + 1:] for m in range(len(x))} | {x}:
                            d.setdefault(k, set()).add(x)
            idx = _PEOPLE_WORD_DELETES[id(kb)] = {k: tuple(sorted(v)) for k, v in d.items()}
        return idx


def famous_people_covered(name: str, matcher: NameMatcher | None = None, *, whole: bool = False) -> list[str]:
    """The known people a registered name or an operator's exception ``name`` would also match in
    a prompt, besides what :func:`famous_person_in_name` reads it as (red team of session 58).

    Registered names and exceptions are matched with a typo in each word
    (:meth:`_Index.word_set`), so an exception "Rhianna" exempts "Rihanna", "John Terry" exempts
    "John Kerry" and "Obamas" "Obama"; an alias "Rhianna" makes prompts naming Rihanna run under
    the alias holder's grants. Candidates are known people whose names are, word by word, a run
    of ``name``'s words or one edit from each; each is kept only where the matcher itself, under
    an exception of ``name`` (the tolerance registered names have too), exempts "portrait of
    <person>" (or of ``name`` with that run so written) and the prompt check without it reads
    that text as a known person (:func:`famous_person_in_name`), listed as that reading names
    them. ``whole``: only people whose name is the whole of ``name`` one edit a word away (a
    person's own display name: "Scarlet Johansson", not "Maria Garcia" for the singer Mariza)."""
    m = matcher if matcher is not None else NameMatcher()
    kb = m.kb
    toks = [t for t in _tokens(" ".join((name or "").split()))[0] if t.norm]
    if not toks or len(toks) > 5:
        return []
    idx = _people_word_deletes(kb)
    near: list[set[str]] = []
    for t in toks:
        w = t.norm
        cands = set(idx.get(w, ()))
        for i in range(len(w)):
            cands.update(idx.get(w[:i] + w[i + 1:], ()))
        near.append({x for x in cands if _within_one_edit(w, x)} | {w})
    words = [t.norm for t in toks]
    # every run of the name's words that is, word by word, a known person's name or one edit
    # from it ("Obamas"; "Goghs" in "Van Goghs"), with the name as it would then read in a prompt
    found: list[tuple[tuple[str, ...], str]] = []
    for i in range(1 if whole else len(near)):
        for j in range(len(near) if whole else i + 1, len(near) + 1):
            total = 1
            for sset in near[i:j]:
                total *= len(sset)
            if total > 5000:  # many short common words: nobody's name one edit away in each
                continue
            for combo in product(*near[i:j]):
                if combo in kb.people:
                    found.append((combo, " ".join(words[:i] + list(combo) + words[j:])))
    if not found:
        return []
    probe = NameMatcher(exceptions=[(name, "probe: which known people this name covers")])
    probe._guard_famous = False  # the matching as tolerant as it is: what the name reaches at all
    out: list[str] = []
    for key, variant in found:
        for text in dict.fromkeys((" ".join(key), variant)):
            # exempted by the name, and read as a known person without it
            scan = probe.find_all(f"portrait of {text}")
            who = famous_person_in_name(text, m) if scan.exempted and not scan.likenesses else None
            if who is not None and not set(text.split()) - _ANY_PARTICLE <= {t.norm for t in _tokens(who)[0]}:
                who = None  # the text is more than that person's name ("Saylor Swift" is not Michael Saylor)
            if who is not None:
                k = tuple(who.lower().split())
                who = _person_name(kb, k) if k in kb.people else " ".join(w[:1].upper() + w[1:] for w in who.split())
                if who not in out:
                    out.append(who)
                break
    return out


def famous_person_in_name(name: str, matcher: NameMatcher | None = None) -> str | None:
    """The known real person a *name* (a subject's name or alias) names, or None.

    A name is judged as the prompt check would read it in a prompt, and in the other ordinary
    ways of writing the same person (red team 35): the surname first ("Swift, Taylor"), titles
    dropped ("President Obama", "Mrs. Obama" -> "Obama"), middle names and initials dropped
    ("Taylor Alison Swift", "Barack H. Obama"), an initial before a famous surname ("T-Swift":
    a known person with that surname whose first name starts so), and a name in Cyrillic or
    Greek letters read by sound ("Тейлор Свифт"); and (red team 36) the writings the prompt check
    denies as a famous person's (:func:`_famous_other_reading`): misspelt ("Barak Obama"), katakana
    ("テイラー・スウィフト"), surname first ("Swift Taylor"), a word before a famous one-word name
    ("Young Obama", "Prez Obama"), a nickname run together ("JLo"). ``matcher``: one with no
    subjects and no exceptions (the default), so that only the knowledge of famous people speaks."""
    m = matcher if matcher is not None else NameMatcher()
    kb = m.kb

    def known(text: str) -> str | None:
        text = text.strip()
        if not text:
            return None
        for probe in (text, f"portrait of {text}"):
            hit = next((lk.text for lk in m.find(probe) if lk.extra.get("rule") == "known-person"), None)
            if hit is not None:
                htoks, htext, _o = _tokens(hit)
                key = tuple(t.norm for t in htoks)
                if len(key) >= 3 and key not in kb.people and (key[0], key[-1]) in kb.people:
                    # read with its middle names ("Emma Louise Stone"): the person is "Emma Stone"
                    return f"{htext[htoks[0].start:htoks[0].end]} {htext[htoks[-1].start:htoks[-1].end]}"
                if len(key) == 1 and key[0] in _ALONE_FAMOUS:
                    # (round 39) a surname the news names the person by ("Trump"): that person, in full
                    # (the contemporary list's person first: "Vance" is JD Vance, "Lula" Lula da Silva)
                    return (kb.single_person or {}).get(key[0]) or next(
                        (person for k, person in kb.people.items() if len(k) >= 2 and k[-1] == key[0]), hit)
                return hit
        return None

    got = known(name)
    if got is not None:
        return got
    bases = [name]
    if name.count(",") == 1:  # "Swift, Taylor" -> "Taylor Swift"
        last, first = name.split(",")
        bases.append(f"{first.strip()} {last.strip()}")
    for base in bases:
        toks, text, _origin = _tokens(base)
        words = [(text[t.start:t.end], t) for t in toks]
        core = [(w, t) for w, t in words if t.norm not in _TITLES]
        initials = [t.norm[:1] for w, t in core if t.initial or len(t.norm) == 1]
        core = [(w, t) for w, t in core if not (t.initial or len(t.norm) == 1)]
        readings = [" ".join(w for w, _t in core)]
        if len(core) >= 3:  # middle names dropped
            readings.append(f"{core[0][0]} {core[-1][0]}")
        for r in ([base] if base != name else []) + readings:
            if r != name and (got := known(r)) is not None:
                return got
        if len(core) == 1 and initials:  # "T-Swift", "T. Swift": a famous surname after an initial
            last = core[0][1].norm
            if last in kb.famous_last or last in kb.people_single:
                for key, person in kb.people.items():
                    if len(key) >= 2 and key[-1] == last and key[0][:1] == initials[0]:
                        return person
            elif len(last) >= 4 and last.isalpha() and last not in kb.given and last not in kb.surname \
                    and (last,) not in kb.people:
                # (red team 36 leftover) the start of a known person's surname, clipped as nicknames
                # clip it ("KStew", "K. Stew": Kristen Stewart; "JTimb"), when that start is no name
                # of its own ("KMoon", "MHart", "K. Nova" are ordinary invented names)
                for key, person in kb.people.items():
                    if len(key) == 2 and key[0][:1] == initials[0] and len(key[1]) > len(last) \
                            and key[1].startswith(last):
                        return person
        titles = {t.norm for _w, t in words if t.norm in _TITLES}
        last = core[0][1].norm if len(core) == 1 and not initials else ""
        if titles & _OFFICES and last in kb.famous_last:
            # "President Macron", "Prez Trump": an office before a famous surname that is no known
            # one-word name (those are found above) names the person who holds it, as the prompt
            # check reads it; after "Mr." or "Dr." such a surname is an ordinary name's ("Dr.
            # Richter", "Mr. Storm": one common US surname in seven is some famous person's)
            return next((person for key, person in kb.people.items() if len(key) >= 2 and key[-1] == last),
                        core[0][0])
        if len(core) >= 2 and any(t.script != "latin" for _w, t in core):  # written by sound in another script
            s1, s2 = _skeleton(core[0][1].norm), _skeleton(core[-1][1].norm)
            if (s1, s2) in kb.people_skel and len(s1) + len(s2) >= 5:
                for key, person in kb.people.items():
                    if len(key) >= 2 and _skeleton(key[0]) == s1 and _skeleton(key[-1]) == s2:
                        return person
                return " ".join(w for w, _t in core)
    # (round 44, red team s58b) a famous name in one of its cases ("Obamovi", "Rihannou", "Angela
    # Merkelová"): the person, read in the nominative as a prompt in the language is read
    for r in _nominative_readings(name, kb):
        if (got := known(r)) is not None:
            return got
    # (red team 36) the other writings the prompt check denies as a famous person: a misspelling,
    # katakana, the surname first, a word before a famous one-word name, a nickname run together
    return _famous_other_reading(name, m, known)


def _nominative_readings(name: str, kb: Knowledge, most: int = 16) -> list[str]:
    """(round 44) ``name`` with its words that carry a case ending of the languages that decline
    names (:data:`_INFLECTIONS`, the Baltic, South Slavic, Czech and Slovak ones, and Czech's "-ová"
    on a name in -e: "Marklová") written in the nominative: one word at a time ("Obamovi" ->
    "Obama", "Angela Merkelová" -> "Angela Merkel"), every such word at once ("Donaldem Trumpem" ->
    "Donald Trump", "Emma Watsonová" -> "Emma Watson": red team s59b), and a surname the news names
    the person by alone ("Trumpem" -> "Trump"). A word is read so only where it is no English word
    and the nominative is a name of the tables (alone: a famous one-word or last name). At most
    ``most`` readings."""
    toks, text, _origin = _tokens(" ".join((name or "").split()))
    words = [text[u.start:u.end] for u in toks]
    many = len(toks) > 1
    cands: list[list[str]] = []
    for t in toks[:5]:
        w, opts = t.norm, []
        if len(w) >= 5 and w.isalpha() and not kb.is_word(w) and t.script == "latin":
            for end, rep in (*_INFLECTIONS, *_BALTIC_ENDINGS, *_SOUTH_SLAVIC_ENDINGS, *_CS_SK_ENDINGS, ("ova", "e")):
                st = w[:-len(end)]
                if not end or not w.endswith(end) or len(st) < 3:
                    continue
                st += rep
                if len(st) >= 4 and st not in opts and (st in kb.people_single or st in kb.famous_last or (
                        many and (st in kb.given or st in kb.surname))):
                    opts.append(st)
        cands.append(opts[:4])
    out: list[str] = []

    def add(r: str) -> None:
        if r != name and r not in out:
            out.append(r)

    for k, opts in enumerate(cands):
        for st in opts:
            add(" ".join(words[:k] + [st.capitalize()] + words[k + 1:]))
            if many and st in _ALONE_FAMOUS:
                add(st.capitalize())
    if sum(1 for o in cands if o) >= 2:
        for combo in itertools.product(*[o or [""] for o in cands]):
            add(" ".join(c.capitalize() if c else words[k] for k, c in enumerate(combo)))
            if len(out) >= most:
                break
    return out[:most]


_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z]+|[A-Z]+|[a-z]+")
_KANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]")
_KANA_SKELETONS: dict[int, dict[tuple[str, str], str]] = {}


def _loose_skeleton(w: str) -> str:
    """A consonant skeleton loose enough to read an English name written in katakana by sound:
    r and l one, th/s, v/b, c/k one, vowels, w, y, h dropped, doubles one ("taylor", "teira" -> "tr";
    "swift", "suuifuto" -> "sft"; "trump", "toranpu" -> "trmp")."""
    s = anyascii(w).lower()
    for a, b in (("ph", "f"), ("th", "s"), ("sh", "s"), ("ch", "9"), ("ck", "k"), ("ts", "t"), ("c", "k"),
                 ("q", "k"), ("x", "ks"), ("v", "b"), ("l", "r"), ("z", "s")):
        s = s.replace(a, b)
    s = re.sub(r"n(?=[bpm])", "m", s)
    out = ""
    for ch in s:
        if (ch.isalpha() or ch == "9") and ch not in "aeiouywh" and (not out or out[-1] != ch):
            out += ch
    return out


def _kana_person(kb: Knowledge, first: str, last: str) -> str | None:
    """The known person of two words whose name, read by sound, a name written in katakana gives."""
    idx = _KANA_SKELETONS.get(id(kb))
    if idx is None:
        d: dict[tuple[str, str], str] = {}
        for key, person in kb.people.items():
            if len(key) == 2 and key[0].isalpha() and key[1].isalpha():
                d.setdefault((_loose_skeleton(key[0]), _loose_skeleton(key[1])), person)
        idx = _KANA_SKELETONS[id(kb)] = d
    s1, s2 = _loose_skeleton(first), _loose_skeleton(last)
    if not s1 or not s2 or len(s1) + len(s2) < 5:
        return None
    return idx.get((s1, s2))


def _typo_person(kb: Knowledge, words: Sequence[str]) -> str | None:
    """The known person a name the prompt check reads as misspelt (rule ``misspelled``) is of."""
    if len(words) == 2:
        first, last = words
        if not _famous_typo(kb, first, last):
            return None
        by_first, by_last = _PEOPLE_PAIRS[id(kb)]
        for x in by_first.get(first, ()):
            if _near_word(kb, last, x):
                return _person_name(kb, (first, x)) if (first, x) in kb.people else None
        for x in by_last.get(last, ()):
            if _near_word(kb, first, x) or _clipped_first(kb, first, x):
                return _person_name(kb, (x, last)) if (x, last) in kb.people else None
    elif len(words) == 1 and _famous_single_typo(kb, words[0]):
        w = words[0]
        cands = set(_SINGLE_DELETES[id(kb)].get(w, ()))
        for k in range(len(w)):
            cands.update(_SINGLE_DELETES[id(kb)].get(w[:k] + w[k + 1:], ()))
        for x in sorted(cands):
            if x != w and _within_one_edit(w, x):
                return kb.people.get((x,), x.capitalize())
    return None


def _person_name(kb: Knowledge, key: tuple[str, ...]) -> str:
    """A known person's name to show for ``kb.people[key]``: the key's words where the stored name
    is shorter than the key (WordNet names some people by the surname alone: "Kelly" for Grace Kelly)."""
    name = kb.people[key]
    if len(name.split()) < len(key):
        return " ".join(w[:1].upper() + w[1:] for w in key)
    return name


def _famous_other_reading(name: str, m: NameMatcher, known: Callable[[str], str | None]) -> str | None:
    """The known person a name names in a writing the prompt check denies as that person's that
    :func:`famous_person_in_name`'s first readings miss (red team 36): a misspelling the prompt check
    reads (rule ``misspelled``: "Barak Obama", "Tailor Swift"), katakana read by sound
    ("テイラー・スウィフト"), the surname first ("Swift Taylor"), a word that is no common first name
    before a famous one-word name that is an uncommon surname ("Young Obama", "Baby Obama", "Prez
    Obama"), a nickname run together ("JLo", "TSwift": "J Lo", "T Swift")."""
    kb = m.kb
    for lk in m.find(f"portrait of {name}"):
        if lk.extra.get("rule") == "misspelled":
            words = [t.norm for t in _tokens(lk.text)[0]]
            return _typo_person(kb, words) or lk.text
    if _KANA.search(name):
        parts = [p for p in re.split(r"[\s・·•＝=･゠]+", name) if p]
        if len(parts) >= 2 and all(_KANA.search(p) for p in parts):
            got = _kana_person(kb, parts[0], parts[-1])
            if got is not None:
                return got
    toks, text, _origin = _tokens(name)
    core = [t for t in toks if t.norm not in _TITLES and not t.initial and len(t.norm) > 1]
    if len(core) == 2 and all(t.script == "latin" for t in core):
        first, last = core
        # "Swift Taylor": the surname first -- unless the name as written is an ordinary first name
        # and a given name after it ("Kelly Grace", "Dean James", "Mason James" are invented
        # first+middle names, not Grace Kelly; red team 37), or a common first name first; a first
        # word that is no first name on the census ("Swift", "Stone", "Obama") keeps the refusal
        if (last.norm, first.norm) in kb.people and not (
                (first.norm in kb.census_first_rank and last.norm in kb.given)
                or kb.census_first_rank.get(first.norm, 10**6) < 1000):
            return _person_name(kb, (last.norm, first.norm))
        # the famous word no given name ("Backman Lenard", "Livesay Isabella" are names written
        # surname first); the word before it a common English word that is no common first name
        # ("Young", "Baby"; not "Max", "Ruby") or neither a given name nor a common surname ("Prez")
        if last.norm in kb.people_single and last.norm in kb.famous_last and last.norm not in kb.given and (
                (kb.is_word(first.norm) and kb.unigram.get(first.norm, 0) >= 1e7
                 and kb.census_first_rank.get(first.norm, 10**6) > 1000)
                or (first.norm not in kb.given and kb.census_last_rank.get(first.norm, 10**6) > 10000)):
            got = known(text[last.start:last.end])  # "Young Obama", "Prez Obama"
            if got is not None:
                return got
    for t in toks:  # a nickname run together: "JLo", "TSwift", "KStew"
        raw = text[t.start:t.end]
        parts = _CAMEL.findall(raw)
        if len(parts) >= 2 and "".join(parts) == raw:
            spaced = " ".join(parts)
            got = known(spaced)
            if got is not None:
                return kb.people.get(tuple(p.lower() for p in parts), got)
            got = famous_person_in_name(spaced, m) if len(parts) == 2 and len(parts[0]) == 1 else None
            if got is not None:
                return got
    return None
