"""Famous people named in other scripts, matched by sound against their Latin names (issue 11).

The name check reads Latin, Greek and Cyrillic through transliteration; the other scripts it
reads only against spellings it knows as written (the contemporary list's native forms, Faker's
native given names and surnames). A famous person written by sound in Arabic, Hebrew, Persian,
Urdu, an Indic script, Thai, Hangul, katakana, Georgian or Armenian ("عمرو دياب", "גל גדות",
"도널드 트럼프") was missed when nobody had written that spelling down.

Here every famous full name of two words or more (WordNet, Pantheon, the contemporary list) is
reduced, once per script family, to a *sound key*: the consonants of the name in a coarse class
alphabet, with what that family's writing loses merged away (vowels; b/p/f/v; t/d; k/g/q; s/z/sh;
l/r in Hangul and kana; h kept only in the abjads, which write it). A span of consecutive words
of such a script whose key, word count included, equals a famous name's key is that person.

False denials are kept down by: the whole name (every word, in order); no span made only of common
words of one language (wordfreq) under seven classes; at least two consonant
classes in each word but one and five in all (four when every word has two); no span that is a
city's name in that script (GeoNames) or that starts or ends with a stop word of the language;
Latin names made only of English words (epithets: "iron lady") are not keyed, nor names that
start with a title every script translates ("prince william": "الأمير ويليام").
"""

from __future__ import annotations

import itertools
import threading
from functools import lru_cache
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from anyascii import anyascii

__all__ = ["sound_names", "build_sound_index", "FAMILIES"]

# ----------------------------------------------------------------------------- script families
#: script (as ``consent.names._char_script`` names them) -> sound family
FAMILIES = {"arab": "arab", "hebr": "hebr", "deva": "indic", "beng": "indic", "gujr": "indic", "orya": "indic",
            "taml": "indic", "hang": "hang", "kata": "kana", "hira": "kana", "thai": "thai", "geor": "alpha",
            "armn": "alpha"}
_ABJAD = frozenset(("arab", "hebr"))
_LR = frozenset(("hang", "kana"))  # l and r are one sound
_VOWELS = frozenset("aeiouy")
_ALL_VOWELS = frozenset(("hang", "alpha", "thai"))  # scripts that write every vowel

# Hebrew letters read as consonant classes (vav, yod, alef, ayin write vowels or nothing; bet and
# pe are b/v and p/f: one labial class)
_HEBREW = {"א": "", "ב": "B", "ג": "K", "ד": "T", "ה": "H", "ו": "", "ז": "S", "ח": "H", "ט": "T", "י": "",
           "כ": "K", "ך": "K", "ל": "L", "מ": "M", "ם": "M", "נ": "N", "ן": "N", "ס": "S", "ע": "", "פ": "B",
           "ף": "B", "צ": "S", "ץ": "S", "ק": "K", "ר": "R", "ש": "S", "ת": "T"}
_GERESH = frozenset("׳'’")
_HE_GERESH_LETTERS = frozenset("גזצץת")  # j, zh, ch, th
# Thai consonants by class (vowel signs, tone marks and the silent-letter mark are not sounds
# here; a consonant under the silent mark U+0E4C is dropped)
_THAI = {}
for _cls, _letters in (("K", "กขฃคฅฆ"), ("N", "งณนญ"), ("S", "จฉชซฌศษส"), ("T", "ฎฏฐฑฒดตถทธ"), ("B", "บปผพภฝฟ"),
                       ("M", "ม"), ("L", "ลฬ"), ("R", "รฤ"), ("", "ยวอหฮ")):
    for _c in _letters:
        _THAI[_c] = _cls
_THAI_LEADING = frozenset("เแโใไ")
_THAI_VOWELS = frozenset(chr(c) for c in (*range(0x0E30, 0x0E3A), 0x0E45, 0x0E47)) | frozenset("อยว")
#: Arabic-script letters and signs that write a vowel (alif, waw, ya and their forms, ayn, hamza, short-vowel signs)
_AR_VOWELS = frozenset("اأإآٱىويیےۓئؤءع") | frozenset(chr(c) for c in range(0x064B, 0x0652))

# Hangul jamo (initial and final consonants) -> classes
_KO_INITIAL = ("K", "K", "N", "T", "T", "L", "M", "B", "B", "S", "S", "", "S", "S", "TS", "K", "T", "B", "")
_KO_FINAL = ("", "K", "K", "K", "N", "N", "N", "T", "L", "LK", "LM", "LB", "LS", "LT", "LB", "L", "M", "B", "BS",
             "S", "S", "N", "S", "S", "K", "T", "B", "")

# ----------------------------------------------------------------------------- the Latin side


#: the Latin sounds each family writes in more than one way (sound label -> its classes)
_ALTS: dict[str, dict[str, tuple[str, ...]]] = {
    "": {"tch": ("S",), "ts": ("TS", "S"), "ch": ("S", "K"), "th": ("T", "S"), "kh": ("K",), "gs": ("K", "S"),
         "g": ("K",), "h": (), "hv": (), "w": ("V",), "v": ("B",), "rv": ("R",)},
    # (Arabic has no "ch": it writes t + sh, "تشارلز داروين", Charles Darwin, read as its own class
    # C so that a t and an sh elsewhere, "دشوار", are not a "ch"; red team 42)
    "arab": {"ch": ("S", "K", "H", "C"), "tch": ("S", "C"), "kh": ("K", "H"), "g": ("K", "S"), "h": ("H",),
             "hv": ("H", "V")},
    "hebr": {"ch": ("S", "K", "H"), "kh": ("K", "H"), "h": ("H",), "hv": ("H", "V"), "v": ("B", "")},
    # (round 26) an English r after a vowel is unsaid there, so its likeliest reading is none, the
    # only one a short name is read by ("마크 트웨인", Mark Twain)
    "hang": {"tch": ("S", "TS"), "ch": ("S", "K", "TS"), "rv": ("", "R")},
    "kana": {"rv": ("", "R")},
    "thai": {"rv": ("", "R")},
    "indic": {"w": ("V", "B")},
}
_ALTS = {fam: {**_ALTS[""], **_ALTS.get(fam, {})} for fam in set(FAMILIES.values())}
_PLAIN = {"V": ("V",), "B": ("B",), "T": ("T",), "S": ("S",), "K": ("K",), "L": ("L",), "R": ("R",), "M": ("M",),
          "N": ("N",)}
_DIGRAPHS = {"sch": "S", "tch": "tch", "ts": "ts", "tz": "ts", "ch": "ch", "sh": "S", "zh": "S", "th": "th", "dh": "th",
             "ph": "B", "kh": "kh", "gh": "K", "ck": "K", "qu": "K"}
_LETTERS = {"b": "B", "p": "B", "f": "B", "t": "T", "d": "T", "s": "S", "z": "S", "k": "K", "q": "K", "j": "S",
            "l": "L", "r": "R", "m": "M", "n": "N", "v": "v", "w": "w"}


@lru_cache(maxsize=65536)
def _latin_sounds(w: str) -> tuple[str, ...]:
    """The sounds of a Latin word, as classes (B T S K L R M N, V for a vowel) or as labels of the
    sounds that families write differently (:data:`_ALTS`): "charles" -> (ch, V, R, L, V, S)."""
    out: list[str] = []
    n = len(w)
    i = 0
    while i < n:
        c = w[i]
        nx = w[i + 1] if i + 1 < n else ""
        if w.startswith("cc", i) and w[i + 2:i + 3] in ("e", "i"):
            out.append("ch")  # (round 26) Italian "cci", "cce": ch ("bellucci": بلوچی)
            i += 2
            continue
        if w.startswith("sch", i) or w.startswith("tch", i):
            out.append(_DIGRAPHS[w[i:i + 3]])
            i += 3
            continue
        two = w[i:i + 2]
        if two in _DIGRAPHS:
            out.append(_DIGRAPHS[two])
            i += 2
            continue
        if two == "ng" and (i + 2 == n or w[i + 2] not in _VOWELS):
            out.append("N")
            i += 2
            continue
        i += 1
        if c in _VOWELS:
            out.append("V")
        elif c == "x":
            out += ["K", "S"]
        elif c == "c":
            out.append("S" if nx in ("e", "i", "y") else "K")
        elif c == "g":
            out.append("gs" if nx in ("e", "i", "y") else "g")
        elif c == "h":
            out.append("hv" if i == 1 or w[i - 2] in _VOWELS else "h")
        elif c == "r" and i >= 2 and w[i - 2] in _VOWELS and nx not in _VOWELS:
            out.append("rv")  # English r after a vowel, unsaid in Korean, Japanese, Thai loanwords ("mark": 마크)
        elif c in _LETTERS:
            out.append(_LETTERS[c])
    return tuple(out)


def _latin_segments(w: str, fam: str) -> list[tuple[str, ...]]:
    """The sounds of a Latin word as classes, each a tuple of the ways the family may write it
    ("" drops it): "charles" -> [(S, K), (V,), (R,), (L,), (V,), (S,)] (ch also K: "Michael")."""
    alts = _ALTS[fam]
    return [x for x in (_PLAIN.get(t) or alts[t] for t in _latin_sounds(w)) if x]


def _key_shape(classes: Sequence[str], fam: str) -> tuple[str, str]:
    """A word's classes ("V" for a written vowel) as its key and its shape: l/r one where the
    family hears them as one, n before a labial m, a final h (a vowel's letter in the abjads)
    dropped, doubles one; the shape says, before, between and after the key's consonants,
    where a vowel is written ("1") or not ("0")."""
    key: list[str] = []
    shape = ["0"]
    for c in "".join(classes):
        if c == "V":
            shape[-1] = "1"
            continue
        if fam in _LR and c == "R":
            c = "L"
        if c == "B" and key and key[-1] == "N" and shape[-1] == "0":
            key[-1] = "M"
        if key and key[-1] == c:
            continue  # a double ("hadid": h-d-d), the gap between read as one with the last
        key.append(c)
        shape.append("0")
    if fam in _ABJAD:
        while key and key[-1] == "H":
            key.pop()
            last = shape.pop()
            shape[-1] = "1" if "1" in (last, shape[-1]) else "0"
    return "".join(key), "".join(shape)


def _finish(classes: Sequence[str], fam: str) -> str:
    return _key_shape(classes, fam)[0]


def _fits(native: str, latin: str, fam: str = "") -> bool:
    """A native word's shape fits a Latin one: where the native word writes a vowel, the Latin
    name has one (scripts leave vowels out, never put one in where the name has none); in
    Georgian and Armenian but for a vowel after the last consonant (Georgian nouns end in -i:
    "ტრამპი", Trump)."""
    cut = -1 if fam == "alpha" else None
    return len(native) == len(latin) and all(n == "0" or m == "1" for n, m in zip(native[:cut], latin[:cut]))


def _latin_forms(w: str, fam: str, cap: int = 8) -> list[tuple[str, str]]:
    """(key, shape) readings of a Latin word for ``fam``, the likeliest first."""
    segs = _latin_segments(w, fam)
    got: list[tuple[str, str]] = []
    for combo in itertools.product(*segs):
        ks = _key_shape(combo, fam)
        if ks not in got:
            got.append(ks)
            if len(got) >= cap:
                break
    return got


def _latin_keys(w: str, fam: str, cap: int = 8) -> list[str]:
    got: list[str] = []
    for k, _s in _latin_forms(w, fam, cap * 2):
        if k not in got:
            got.append(k)
    return got[:cap]


# ----------------------------------------------------------------------------- the native side


#: a romanisation's two-letter sounds and their classes (read before single letters)
_ROMAN_DIGRAPHS = {"sh": "S", "zh": "S", "ch": "S", "th": "T", "dh": "S", "kh": "K", "gh": "K", "ph": "B"}
#: single letters' classes (vowels, w and y write no consonant here)
_ROMAN_LETTERS = {"b": "B", "p": "B", "f": "B", "v": "B", "t": "T", "d": "T", "k": "K", "g": "K", "q": "K",
                  "c": "S", "j": "S", "s": "S", "z": "S", "x": "KS", "h": "H", "l": "L", "r": "R", "m": "M",
                  "n": "N"}


def _roman_classes(r: str) -> str:
    """Classes of a short romanisation (one letter's, from ``anyascii``), read one way."""
    r = "".join(ch for ch in r.lower() if ch.isalpha())
    out = []
    i = 0
    while i < len(r):
        two = _ROMAN_DIGRAPHS.get(r[i:i + 2])
        if two is not None:
            out.append(two)
            i += 2
            continue
        out.append(_ROMAN_LETTERS.get(r[i], ""))
        i += 1
    return "".join(out)


def _native_classes(w: str, fam: str, indic_latin: Callable[[str], str]) -> list[tuple[str, int]]:
    """(class, offset of its letter in ``w``) for each consonant sound of a native word."""
    out: list[tuple[str, int]] = []
    if fam == "hang":
        for k, ch in enumerate(w):
            o = ord(ch) - 0xAC00
            if not 0 <= o < 11172:
                continue
            ini, med, fin = o // 588, o % 588 // 28, o % 28
            vowel = "" if med == 18 else "V"  # (ㅡ "eu": the vowel Korean puts after a consonant cluster)
            for cls in _KO_INITIAL[ini] + vowel + _KO_FINAL[fin]:
                out.append((cls, k))
        return out
    if fam == "thai":
        lead = False
        for k, ch in enumerate(w):  # (letters under the silent mark U+0E4C are kept: a loanword
            # writes the Latin name's letters so, "ทรัมป์" Trump)
            cls = _THAI.get(ch, "")
            if cls:
                out.append((cls, k))
                if lead:  # a vowel written before its consonant is said after it
                    out.append(("V", k))
                    lead = False
            elif ch in _THAI_LEADING:
                lead = True
            elif ch in _THAI_VOWELS:
                out.append(("V", k))
        return out
    if fam == "hebr":
        for k, ch in enumerate(w):
            cls = _HEBREW.get(ch, "")
            if ch == "ג" and k + 1 < len(w) and w[k + 1] in _GERESH:
                cls = "S"  # "ג׳": j
            if ch in "אויע":
                cls = "V"
            if cls:
                out.append((cls, k))
        return out
    for k, ch in enumerate(w):
        if fam == "arab" and ch == "ش" and k and w[k - 1] == "ت":
            continue  # (read with the ta before it)
        if fam == "arab" and ch == "ت" and w[k + 1:k + 2] == "ش":
            out.append(("C", k))  # "تش": ch
            continue
        if fam == "indic":
            off = ord(ch) % 0x80
            if ch == "\u09ce":  # Bengali khanda ta
                r = "t"
            elif k + 1 < len(w) and ord(w[k + 1]) % 0x80 == 0x3C and off in (0x21, 0x22):
                r = "r"  # a retroflex flap written with a nukta ("ड़": chopra)
            elif 0x05 <= off <= 0x14 or 0x3E <= off <= 0x4C:
                out.append(("V", k))  # a vowel, or a vowel sign
                continue
            elif unicodedata.category(ch) == "Mn":
                r = "n" if off in (0x01, 0x02) else ""  # nasal signs; virama, nukta say nothing here
            else:
                r = indic_latin(ch)
        elif fam == "arab" and ch in _AR_VOWELS:
            out.append(("V", k))
            continue
        else:
            r = anyascii(ch)
            if fam == "alpha" and any(v in r.lower() for v in "aeiouy"):
                out.append(("V", k))
        for cls in _roman_classes(r):
            if cls == "H" and fam not in _ABJAD:
                continue
            out.append((cls, k))
    return out


# ----------------------------------------------------------------------------- the index

_INDEX: dict[tuple[int, str], dict[str, tuple[str, ...]]] = {}
_FAME: dict[int, dict[tuple[str, ...], int]] = {}
_ARTICLES = frozenset(("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ur", "us"))
_LOCK = threading.Lock()


#: titles every script translates ("الأمير", "הנסיך", "왕세자"), never writes by sound: a name that
#: starts with one ("prince william") is not keyed, or "فرنسا العالم" (France, the world) reads as
#: "prince william" (red team 42)
_TITLES = frozenset(("prince", "princess", "pope", "saint", "st", "emperor", "empress", "archduke", "archduchess"))


#: (round 26) a famous name made of English words is keyed from this fame on ("tom cruise",
#: "will smith", "tiger woods", "lady gaga": "톰 크루즈", "विल स्मिथ"), unless a word of it says
#: a rank, an order or an epithet ("holy roman emperor", "henry viii", "jack the ripper")
WORD_NAME_FAME = 50
_EPITHET_WORDS = frozenset((*_TITLES, "the", "of", "grand", "holy", "roman", "german", "crown", "king", "queen",
                            "duke", "duchess", "sir", "dame", "lord", "ii", "iii", "iv", "vi", "vii", "viii",
                            "ix", "xi", "xii", "xiii", "xiv", "xv", "xvi"))


def _keyable(k: tuple[str, ...], kb, fame: int = 0) -> bool:
    if not 2 <= len(k) <= 4 or not all(w.isalpha() and w.isascii() and len(w) >= 2 for w in k):
        return False
    if k[0] in _TITLES:
        return False
    if not all(w in kb.vocab for w in k):
        return True
    # an epithet of English words ("iron lady") is not keyed; a famous name of them is
    return fame >= WORD_NAME_FAME and not any(w in _EPITHET_WORDS for w in k)


#: particles of surnames that one script writes on the surname and another apart
_NAME_PARTICLES = ("de", "di", "da", "del", "della", "van", "von", "le", "la", "du", "dos", "das")


def _person_forms(k: tuple[str, ...], fam: str, cache: dict[str, list[tuple[str, str]]] | None = None
                  ) -> list[list[list[tuple[str, str]]]]:
    """The ways ``fam`` writes a famous name: for each, the (key, shape) readings of each word.
    In Arabic script also with the article written on the next word ("bashar al-assad": بشار الأسد)
    and "abdel"/"abdul" as the word "abd" before an article ("gamal abdel nasser": جمال عبد الناصر)."""
    cache = {} if cache is None else cache

    def forms(w: str) -> list[tuple[str, str]]:
        got = cache.get(w)
        if got is None:
            # (16 in Arabic script, whose "ch" has four readings: "churchill" as تشرشل; red team 42)
            got = cache[w] = _latin_forms(w, fam, 16 if fam == "arab" else 8)
        return got

    per_word = [forms(w) for w in k]
    out = [per_word]
    # (round 26) a surname's particle written on the surname, or apart from it ("robert de niro":
    # رابرت دنیرو; "leonardo dicaprio": ليوناردو دي كابريو, "लियोनार्डो डिकैप्रियो")
    for x, w in enumerate(k[:-1]):
        if w in _NAME_PARTICLES and len(k) >= 3:
            out.append([*per_word[:x], forms(w + k[x + 1]), *per_word[x + 2:]])
    last = k[-1]
    for p in _NAME_PARTICLES:
        if len(k) >= 2 and last.startswith(p) and len(last) - len(p) >= 4 and last not in _NAME_PARTICLES:
            out.append([*per_word[:-1], forms(p), forms(last[len(p):])])
            break
    if fam == "arab":
        arts = [x for x, w in enumerate(k) if w in _ARTICLES]
        if arts and len(k) - len(arts) >= 2:
            out.append([f for x, f in enumerate(per_word) if x not in arts])
        if any(w.startswith("abd") and len(w) >= 5 for w in k):
            out.append([forms("abd") if w.startswith("abd") and len(w) >= 5 else f for w, f in zip(k, per_word)])
            # "abdel nasser" written as one word with the article, "عبدالناصر" (red team 42)
            x = next(x for x, w in enumerate(k) if w.startswith("abd") and len(w) >= 5)
            if x + 1 < len(k) and k[x + 1] not in _ARTICLES and len(k) >= 3:
                out.append([*per_word[:x], forms("abdal" + k[x + 1]), *per_word[x + 2:]])
    return out


def _once(cache: dict, kb, fam: str, build: Callable[[object, str], dict]) -> dict:
    """``cache``'s index for ``kb`` and ``fam``, built by ``build(kb, fam)`` the first time (once,
    under :data:`_LOCK`, when several threads ask together)."""
    got = cache.get((id(kb), fam))
    if got is None:
        with _LOCK:
            got = cache.get((id(kb), fam))
            if got is None:
                got = cache[(id(kb), fam)] = build(kb, fam)
    return got


def build_sound_index(kb, fam: str) -> dict[str, tuple[str, ...]]:
    """Sound key ("<words>:<key1>|<key2>...") -> the famous person's key in ``kb.people``, for one
    family; built once per knowledge and family."""
    return _once(_INDEX, kb, fam, _build_sound_index)


def _build_sound_index(kb, fam: str) -> dict[str, tuple[str, ...]]:
    fame = _fame(kb)
    cache: dict[str, list[tuple[str, str]]] = {}
    idx: dict[str, tuple[str, ...]] = {}
    for k in kb.people:
        f = fame.get(k, 0)
        if not _keyable(k, kb, f):
            continue
        need = next(n for least, n in TIERS if f >= least)
        for form in _person_forms(k, fam, cache):
            keys = [list(dict.fromkeys(key for key, _s in readings)) for readings in form]
            if sum(max(map(len, ks), default=0) for ks in keys) < need:
                continue  # too short to be read as this person (:func:`_enough`)
            for n, combo in enumerate(itertools.product(*keys)):
                if n >= 16:
                    break
                sk = f"{len(form)}:" + "|".join(combo)
                was = idx.get(sk)  # one key, several people: the most famous speaks
                if was is None or f > fame.get(was, 0):
                    idx[sk] = k
    return idx


def _shapes_fit(person: tuple[str, ...], fam: str, native: Sequence[tuple[str, str]]) -> bool:
    """Some way ``fam`` writes ``person`` has the native words' keys and fits their shapes; for a
    short name (under six consonant classes) the likeliest way only, and in a script that writes every vowel (Hangul,
    Georgian, Armenian, Thai), the very shapes ("마을 가을", village autumn, is not "marie curie":
    that is "마리 퀴리")."""
    short = sum(len(k) for k, _s in native) < 6
    exact = short and fam in _ALL_VOWELS
    # (round 26) an English word's silent final e ("cruise", "bale", "mike") is no written vowel
    # there: "크루즈" (k-r-u-z, its last 으 the script's own) is "cruise" in the very shapes
    silent = [len(w) >= 4 and w[-1] == "e" and w[-2] not in _VOWELS for w in person]
    for form in _person_forms(person, fam):
        if len(form) == len(native) and all(  # (a short name: only each word's likeliest reading,
                # "chan" as SN, not also KN: "سوق خان", the Khan el-Khalili market, is not Jackie Chan)
                any(k == nk and ((ns == s or (mute and ns == s[:-1] + "0")) if exact else _fits(ns, s, fam))
                    for k, s in readings[:1 if short else None])
                for readings, (nk, ns), mute in zip(form, native, silent if len(form) == len(person) else [False] * len(form))):
            return True
    return False


# ----------------------------------------------------------------------------- matching

_GAPS = frozenset(" \u00a0-\u2010\u30fb\u00b7\u05be")  # spaces, hyphens, the middle dot, maqaf
_AR_PROCLITICS = frozenset("وبلفك")
_HE_PROCLITICS = frozenset("ובלכמשה")
_KO_PARTICLES = ("에게서", "에게", "께서", "으로", "에서", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도",
                 "로", "랑")
_ZWNJ = "\u200c"
#: (round 26) Bengali case endings written on a name, longest first (genitive "-er"/"-r", "-ke" to,
#: "-te" in), read off the last word of a name by sound
_BN_CASE_ENDINGS = ("ের", "কে", "তে", "র")


#: (fame, fewest consonant classes in all) from the most famous down: a short name is a person
#: only when famous enough (fame: the number of Wikipedia languages Pantheon counts; the
#: contemporary list's people count as :data:`_CONTEMPORARY_FAME`)
TIERS = [(80, 4), (50, 5), (0, 7)]
#: a word of one class ("زها", "אל") only in names this long
SHORT_WORD_TOTAL = 6
_CONTEMPORARY_FAME = 40


def _enough(keys: Sequence[str], fame: int = 0, fam: str = "") -> bool:
    """Keys long enough to say this person: :data:`TIERS`, and at most one word of one class."""
    if any(not k for k in keys):
        return False
    total = sum(len(k) for k in keys)
    short = sum(len(k) < 2 for k in keys)
    if short > 1 or (short and total < SHORT_WORD_TOTAL):
        return False
    need = next(n for f, n in TIERS if fame >= f)
    return total >= need


def _fame(kb) -> dict[tuple[str, ...], int]:
    """A famous person's key in ``kb.people`` -> how famous (see :data:`TIERS`)."""
    got = _FAME.get(id(kb))
    if got is None:
        import gzip
        from importlib import resources

        from consent._name_knowledge import fold

        def read(name: str) -> list[str]:
            raw = resources.files("consent").joinpath("data", name).read_bytes()
            return gzip.decompress(raw).decode("utf-8").splitlines()

        def key(name: str) -> tuple[str, ...]:
            return tuple(t for t in (fold(w) for w in name.replace("-", " ").replace(".", " ").split()) if t)

        got = {}
        for line in read("contemporary_people.txt.gz"):
            if line and not line.startswith("#"):
                name, _, rest = line.partition("\t")
                for n in (name, *rest.partition("\t")[0].split("|")):
                    if len(key(n)) >= 2:
                        got[key(n)] = _CONTEMPORARY_FAME
        for line in read("pantheon_people.txt.gz"):
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].isdigit():
                for part in parts[0].split(", "):
                    k = key(part.split(" of ")[0])
                    got[k] = max(got.get(k, 0), int(parts[1]))
        _FAME[id(kb)] = got
    return got


def sound_names(kb, s: str, runs: Sequence[tuple[int, int, str | None]], indic_latin: Callable[[str], str],
                stop: Callable[[str], bool], place: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """Spans (start, end, "transliterated-name") of ``s`` whose words, in a script of
    :data:`FAMILIES`, sound like a famous person's full name. ``runs``: the script runs of ``s``;
    ``stop(word)``: a little word of the language; ``place(text)``: a city's name in that script."""
    # words: runs of one family, a zero-width non-joiner inside a Persian word kept in it
    # and a geresh after a Hebrew letter that takes one ("ג'קסון", Jackson: j) kept in its word
    words: list[tuple[int, int, str]] = []
    scripts: list[str] = []
    for a, b, sc in runs:
        fam = FAMILIES.get(sc or "")
        if fam is None:
            continue
        if fam == "hebr" and b < len(s) and s[b] in _GERESH and s[b - 1] in _HE_GERESH_LETTERS:
            b += 1
        if words and words[-1][2] == fam and (s[words[-1][1]:a] == _ZWNJ or (
                fam == "hebr" and words[-1][1] == a and s[a - 1] in _GERESH)):
            words[-1] = (words[-1][0], b, fam)
        else:
            words.append((a, b, fam))
            scripts.append(sc or "")
    out: list[tuple[int, int, str]] = [
        hit for (a, b, fam), sc in zip(words, scripts)
        if sc not in _NO_SINGLES and (hit := _single(kb, s, a, b, fam, indic_latin, stop, place)) is not None]
    k = 0
    while k < len(words):
        # a chain of words of one family separated by spaces or hyphens only
        e = k + 1
        while e < len(words) and words[e][2] == words[k][2] and 0 < words[e][0] - words[e - 1][1] <= 3 \
                and all(c in _GAPS for c in s[words[e - 1][1]:words[e][0]]):
            e += 1
        out += _chain(kb, s, words[k:e], indic_latin, stop, place)
        k = e
    return out


#: (round 25) a famous person named by one word ("ميركل", Merkel; "ドストエフスキー"): the one-word
#: names and last names of ``kb.people_single`` (not given names of the tables) of people at least
#: this famous (Pantheon's count of Wikipedia languages) ...
SINGLE_FAME = 100
#: ... whose key in the script has at least this many consonant classes. Measured on 7,329 Faker
#: texts of 16 locales and the spent sets' 857 clean prompts in these scripts: none read so at
#: five (fame 100), 64 texts at four ("ברומץ" for Brahms, "بادبان", sail, for Beethoven)
SINGLE_CLASSES = 5
#: scripts whose words are not read alone: hiragana writes Japanese words, not foreign names; Thai
#: writes no spaces, so a "word" is a clause
_NO_SINGLES = frozenset(("hira", "thai"))
_SINGLE_INDEX: dict[tuple[int, str], dict[str, list[tuple[str, str]]]] = {}


def build_single_index(kb, fam: str) -> dict[str, list[tuple[str, str]]]:
    """Sound key -> (the Latin word, its shape) of the famous one-word names of :data:`SINGLE_FAME`."""
    return _once(_SINGLE_INDEX, kb, fam, _build_single_index)


def _build_single_index(kb, fam: str) -> dict[str, list[tuple[str, str]]]:
    best: dict[str, int] = {}
    for k, f in _fame(kb).items():
        if f < SINGLE_FAME:
            continue
        for w in ({k[0], k[-1]} if len(k) > 1 else {k[0]}):
            if not (w.isascii() and w.isalpha() and len(w) >= 4) or w in _TITLES or w in _EPITHET_WORDS:
                continue
            # (round 26) also a famous one-word name that the tables hold as a rare given name
            # ("rembrandt", "michelangelo"; not one of the census' 1,000 commonest, "maria"), and a
            # ruler's name before a numeral ("cleopatra vii"); not a first name of a longer name
            # ("ferdinand magellan", "andrew garfield": the cartoon cat); a given name of the
            # script's own tables is not read so (:func:`_single`: "محمد")
            alone = len(k) == 1 or (len(k) == 2 and w == k[0] and k[1] in _EPITHET_WORDS)  # a one-word name
            if (w in kb.people_single and w not in kb.given) or (
                    alone and (w in kb.people_single or len(k) == 2) and kb.census_first_rank.get(w, 10**6) >= 1000):
                best[w] = max(best.get(w, 0), f)
    got: dict[str, list[tuple[str, str]]] = {}
    for w in sorted(best):
        for key, shape in _latin_forms(w, fam, 16 if fam == "arab" else 8):
            if len(key) >= SINGLE_CLASSES and (w, shape) not in got.get(key, ()):
                got.setdefault(key, []).append((w, shape))
    return got


def _single(kb, s: str, a: int, b: int, fam: str, indic_latin: Callable[[str], str],
            stop: Callable[[str], bool], place: Callable[[str], bool]) -> tuple[int, int, str] | None:
    """``s[a:b]``, one word, read as a famous person's one-word name (:data:`SINGLE_FAME`), or None.
    Not a little word, a city or one of the language's :data:`COMMON_TOP` commonest words; the
    shape fits (in the scripts that write every vowel, the very shape)."""
    idx = build_single_index(kb, fam)
    text = s[a:b]
    low = unicodedata.normalize("NFC", text).casefold()
    langs = _COMMON_LANGS.get(fam, ())
    if stop(low) or place(low) or all_common([low], langs) or low in kb.given_native:
        return None
    for (key, shape), start, end in _readings(text, fam, indic_latin):
        if key not in idx:
            continue
        core = low[start:end]
        if (start or end is not None) and (stop(core) or place(core) or all_common([core], langs)
                                           or core in kb.given_native):
            continue
        exact = fam in _ALL_VOWELS
        if any((shape == ls) if exact else _fits(shape, ls, fam) for _w, ls in idx[key]):
            return (a + start, b if end is None else a + end, "transliterated-name")
    return None


def _chain(kb, s: str, words: list[tuple[int, int, str]], indic_latin: Callable[[str], str],
           stop: Callable[[str], bool], place: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    if len(words) < 2:
        return []
    fam = words[0][2]
    idx = build_sound_index(kb, fam)
    fame = _fame(kb)
    texts = [s[a:b] for a, b, _f in words]  # (offsets are in ``s``: read as written)
    folded = [unicodedata.normalize("NFC", t).casefold() for t in texts]
    readings = [_readings(t, fam, indic_latin) for t in texts]
    # words that are part of a city's name of two or three words ("תל אביב")
    in_place = [False] * len(words)
    for k in range(len(words)):
        for n in (3, 2):
            if k + n <= len(words) and place(" ".join(folded[k:k + n])):
                in_place[k:k + n] = [True] * n
    out: list[tuple[int, int, str]] = []
    i = 0
    m = len(words)
    while i < m - 1:
        hit = None
        for L in (4, 3, 2):
            if i + L > m or any(in_place[i:i + L]):
                continue
            span = folded[i:i + L]
            if stop(span[-1]) or all(stop(w) for w in span):
                continue
            lead_stop = stop(span[0])
            for combo in itertools.product(*(
                    [r for r in readings[i + x] if (x == 0 or r[1] == 0) and (x == L - 1 or r[2] is None)]
                    for x in range(L))):
                ks = [r[0][0] for r in combo]
                person = idx.get(f"{L}:" + "|".join(ks))
                if person is None or not _enough(ks, fame.get(person, 0), fam) \
                        or not _shapes_fit(person, fam, [r[0] for r in combo]):
                    continue
                if lead_stop and sum(len(k) for k in ks[1:]) < 4:
                    continue  # a little word before a short name ("في", "من")
                if _too_common(fam, [w if r[2] is None else w[:r[2]] for w, r in zip(span, combo)], ks):
                    continue
                end = combo[-1][2]
                hit = (words[i][0] + combo[0][1], words[i + L - 1][1] if end is None else words[i + L - 1][0] + end, L)
                break
            if hit:
                break
        if hit:
            out.append((hit[0], hit[1], "transliterated-name"))
            i += hit[2]
        else:
            i += 1
    return out


#: the languages whose common words (``data/native_common.txt.gz``, from wordfreq) each family writes
_COMMON_LANGS = {"arab": ("fa", "ar", "ur"), "hebr": ("he",), "indic": ("hi", "bn", "ta"), "hang": ("ko",),
                 "kana": ("ja",)}
_COMMON: dict[str, dict[str, int]] = {}
#: a span whose every word is among the :data:`COMMON_TOP` most frequent words of one language
#: is not a name of fewer than :data:`COMMON_CLASSES` consonant classes ("پسر ساعت", boy clock,
#: is not Bashar al-Assad; "খালি খালি", empty empty, not Galileo Galilei). Measured: the real
#: names whose words are all common are long (Michael Jackson in Hangul, Donald Trump in kana: 7
#: and 8 classes) or have a rarer word (Omar Khayyam: "خیام" is the 7,000th Persian word)
COMMON_TOP = 5000
COMMON_CLASSES = 7


def _common_words() -> dict[str, dict[str, int]]:
    """language -> common word -> rank (0 the most frequent), read on the first sound-key hit."""
    if not _COMMON:
        with _LOCK:
            if not _COMMON:
                import gzip
                from importlib import resources

                raw = resources.files("consent").joinpath("data", "native_common.txt.gz").read_bytes()
                got: dict[str, dict[str, int]] = {}
                cur: dict[str, int] = {}
                for line in gzip.decompress(raw).decode("utf-8").splitlines():
                    if line.startswith("@"):
                        cur = got.setdefault(line[1:], {})
                    elif line and not line.startswith("#"):
                        cur.setdefault(line, len(cur))
                _COMMON.update(got)
    return _COMMON


def all_common(words: Sequence[str], langs: Iterable[str]) -> bool:
    """Every word is among the :data:`COMMON_TOP` commonest words of one of ``langs``."""
    common = _common_words()
    return any(all(common.get(lang, {}).get(w, COMMON_TOP) < COMMON_TOP for w in words) for lang in langs)


#: (round 26) the lists hold this many of each language's commonest words (5,000 before)
DEEP_TOP = 20000


def deep_common(word: str, langs: Iterable[str]) -> bool:
    """``word`` is among the :data:`DEEP_TOP` commonest words of one of ``langs``."""
    common = _common_words()
    return any(common.get(lang, {}).get(word, DEEP_TOP) < DEEP_TOP for lang in langs)


#: every language of :data:`_COMMON_LANGS`
SCRIPT_LANGS = tuple(dict.fromkeys(lang for langs in _COMMON_LANGS.values() for lang in langs))


def _too_common(fam: str, words: Sequence[str], keys: Sequence[str]) -> bool:
    """Every word of the span is a common word of one language of ``fam`` and the key is short."""
    if sum(len(k) for k in keys) >= COMMON_CLASSES:
        return False
    return all_common(words, _COMMON_LANGS.get(fam, ()))


def _readings(text: str, fam: str, indic_latin: Callable[[str], str]) -> list[tuple[str, int, int | None]]:
    """Readings of a word as part of a name: (key, offset where the name starts in it, offset where
    it ends or None for the word's end). The word; after a one-letter proclitic ("لعمرو": for Amr,
    "לגל"), read only as a name's first word; an Arabic word without its article ("السادات": Sadat);
    in Thai, whose words run together, the end of the word ("ภาพวาดคริสเตียโน": a painting of
    Cristiano), read only as a name's first word; in Korean the word less a particle ("머스크가":
    Musk + subject particle), read only as a name's last word."""
    cls = _native_classes(text, fam, indic_latin)
    got: list[tuple[tuple[str, str], int, int | None]] = [(_key_shape([c for c, _o in cls], fam), 0, None)]
    if fam == "arab" and len(text) >= 4:
        if text.startswith("ال"):
            got.append((_key_shape([c for c, o in cls if o >= 2], fam), 0, None))
        elif text[0] in _AR_PROCLITICS:
            got.append((_key_shape([c for c, o in cls if o >= 1], fam), 1, None))
    elif fam == "hebr" and len(text) >= 4 and text[0] in _HE_PROCLITICS:
        got.append((_key_shape([c for c, o in cls if o >= 1], fam), 1, None))
    elif fam == "thai":
        for j in range(1, len(cls)):
            if cls[j][0] != "V" and sum(c != "V" for c, _o in cls[j:]) >= 4 and cls[j][1] > cls[j - 1][1]:
                at = cls[j][1]
                if at > 0 and text[at - 1] in _THAI_LEADING:  # a vowel written before its consonant
                    at -= 1
                got.append((_key_shape([c for c, _o in cls[j:]], fam), at, None))
    elif fam == "indic" and len(text) >= 4 and any("\u0980" <= ch <= "\u09ff" for ch in text):
        # (round 26) a Bengali case ending on the last word ("হেলেন কেলারের", of Helen Keller; "-কে"
        # to, "-তে" in): the word without it, read only as a name's last word
        for end in _BN_CASE_ENDINGS:
            if text.endswith(end) and len(text) - len(end) >= 2:
                got.insert(0, (_key_shape([c for c, o in cls if o < len(text) - len(end)], fam), 0,
                               len(text) - len(end)))
                break
    elif fam == "hang":
        # "슈" before a consonant is "sh" with the vowel Korean adds to a consonant ("아인슈타인",
        # Einstein; "슈워제네거" has a vowel after it): also read without that vowel (red team 42)
        epen = {k for k, ch in enumerate(text[:-1]) if 0 <= ord(ch) - 0xAC00 < 11172
                and (ord(ch) - 0xAC00) // 588 in (9, 10, 12, 13, 14) and (ord(ch) - 0xAC00) % 588 // 28 == 17
                and (ord(ch) - 0xAC00) % 28 == 0 and 0 <= ord(text[k + 1]) - 0xAC00 < 11172
                and (ord(text[k + 1]) - 0xAC00) // 588 != 11}
        if epen:
            got.append((_key_shape([c for c, o in cls if not (c == "V" and o in epen)], fam), 0, None))
        for p in _KO_PARTICLES:
            if text.endswith(p) and len(text) - len(p) >= 2:
                got.insert(0, (_key_shape([c for c, o in cls if o < len(text) - len(p)], fam), 0, len(text) - len(p)))
                break
    return [g for g in got if g[0][0]]
