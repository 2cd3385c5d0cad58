"""Person names in prompts — registered subjects, and any other person name, offline.

:class:`NameMatcher` finds

1. **registered names and aliases** of subjects, robust to case, diacritics, extra spaces,
   punctuation, possessives ("Jane Doe's"), digit/letter swaps ("J0hn Sm1th"), names run
   together ("JaneDoe"), one typo in a word of five letters or more, invisible and control
   characters and combining marks inside words ("Tay\u200dlor"), look-alike letters from the
   Unicode TR39 confusables table ("Tаylor", "ɑ"), other scripts read through
   transliteration ("Дональд Трамп") and the words of a name reordered or apart;
2. **other person names** (``subject_id=None``, "unknown person", which the policy denies),
   from knowledge rather than hand lists (see :mod:`consent._name_knowledge`): real people
   named in WordNet, given names and surnames of about 80 countries (census and Faker
   tables), titles, initials, cues ("portrait of"), what a person does ("… giving a
   speech"), descriptions of one real person ("the 44th US president", "CEO of Tesla"),
   names spaced or dotted out, run together or hashtagged (word segmentation), in other
   case, and text in scripts the check cannot read (denied: fail closed).

Places, landmarks, breeds, artworks and organisations from WordNet and GeoNames, and a
short list of brands and fictional characters (``consent/data/not_person.txt``), are not
people.

An operator-kept list of **exceptions** (names that are not likenesses, e.g. "Van Gogh"
named for a style) removes matching *unknown* mentions from the likenesses and reports
them in :attr:`NameScan.exempted` for the audit. An exception never hides a registered
subject, and exempts only a mention that lies wholly inside the exception's text.

The knowledge loads once per process, on first use (about a second, under 200 MB).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex
from anyascii import anyascii

from consent._name_knowledge import Knowledge, knowledge
from consent.errors import LikenessError
from consent.types import Likeness, LikenessSource

__all__ = ["NameMatcher", "NameScan", "NameException", "normalize_name", "preload"]

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l"})
_TOKEN = regex.compile(r"(?:[\p{L}\p{N}]|[@$!|])(?:[\p{L}\p{N}\p{M}]|[@$!|])*(?:['’][\p{L}\p{M}]+)?")
_ASCII_TOKEN = re.compile(r"(?:[A-Za-z0-9]|[@$!|])+(?:['’][A-Za-z]+)?")
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord president senator governor mayor "
    "king queen prince princess pope saint st general colonel captain sergeant judge justice "
    "chancellor minister premier sheikh emperor empress rev reverend father sister brother "
    "uncle aunt aunty auntie coach officer detective agent gov sen rep".split()
)
_CUES = (("portrait", "of"), ("photo", "of"), ("photograph", "of"), ("picture", "of"), ("painting", "of"),
         ("image", "of"), ("selfie", "with"), ("style", "of"), ("starring",), ("featuring",), ("by",),
         ("like",), ("dressed", "as"), ("face", "of"), ("statue", "of"), ("mural", "of"), ("poster", "of"),
         ("cartoon", "of"), ("caricature", "of"), ("drawing", "of"), ("sketch", "of"), ("headshot", "of"),
         ("meeting",), ("with",))
_CUE_LAST = frozenset(c[-1] for c in _CUES)
#: Words after a name that say a person is meant: "Zendaya on the red carpet", "Messi scoring".
_PERSON_ACTS = frozenset(
    "smiling laughing singing dancing posing waving crying speaking giving performing wearing holding hugging "
    "kissing sitting standing walking running eating drinking rapping scoring dribbling dunking signing "
    "winking shouting yelling talking preaching praying sleeping reading writing painting playing cooking "
    "riding jogging swimming boxing fighting golfing skiing surfing skating kneeling saluting lifting celebrating "
    "smiles laughs sings dances poses waves speaks gives performs wears holds hugs kisses sits stands walks "
    "rally speech podium stage concert interview headshot selfie portrait premiere carpet conference "
    "his her he she him himself herself their".split())
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth".split())
_ROLES = frozenset(
    "president vicepresident premier chancellor ceo cfo cto coo founder cofounder chairman chairwoman chair owner "
    "king queen prince princess emperor empress pope monarch dictator leader governor mayor senator frontman "
    "frontwoman singer vocalist quarterback captain coach creator inventor husband wife son daughter widow "
    "minister secretary ruler sultan shah tsar czar pharaoh chief boss host anchor".split())
_ROLE_PHRASES = (("prime", "minister"), ("vice", "president"), ("first", "lady"), ("lead", "singer"),
                 ("head", "of", "state"), ("supreme", "leader"), ("secretary", "general"), ("co", "founder"))
_ROLE_FIRST = frozenset(p[0] for p in _ROLE_PHRASES)
_DESC_MODIFIERS = frozenset("current sitting former late reigning incumbent then".split())
_STOP = frozenset(
    "a an the and or of in on at to with by for from over under near into onto as is are was be its it this that "
    "these those some any no not very my your our his her their one two three".split())
_PARTICLES = frozenset("van von de der den la le da di del du bin al".split())
_GAP_OK = set(" \t.-_*~·•/+=\u00a0\u3000・")
_QUOTES = "\"'“”‘’«»„`"
_LATINISH_MAX = 0x530  # Latin, IPA, Greek and Cyrillic code points: read through transliteration


def preload() -> None:
    """Load the name knowledge now (about a second) instead of on the first scan."""
    knowledge()


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _visible(text: str) -> tuple[str, list[int]]:
    """``text`` as a reader sees it, and where each of its characters came from.

    Control characters (DEL, backspace, ...) and invisible format characters (zero-width
    space/joiners, word joiner, soft hyphen, bidi controls) are dropped, so "Tay\u200dlor"
    reads as one word; tabs and line breaks read as spaces. Combining marks are dropped after
    Latin, Greek and Cyrillic letters ("Ta\u0301ylor"), and kept after other scripts, whose
    vowel signs are part of the word. ``origin[i]`` is the index in ``text`` of visible
    character ``i``; ``origin[-1]`` is ``len(text)``.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
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
    if re.search(r"[a-z]", t) and re.search(r"[0-9@$!|]", t):
        t = t.translate(_LEET)
    return "".join(c for c in t if c.isalnum())


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Normal form of a name: accents stripped, case folded, digits read as letters, one space."""
    if text.isascii() and text.isprintable():
        return " ".join(t for t in (_norm_token(m.group()) for m in _ASCII_TOKEN.finditer(text)) if t)
    visible, _origin = _visible(text)
    out = []
    kb = None
    for m in _TOKEN.finditer(visible):
        raw = m.group()
        if not raw.isascii():
            kb = kb or knowledge()
            raw = _unconfuse(raw, kb) or raw
        t = _norm_token(raw)
        if t:
            out.append(t)
    return " ".join(out)


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


def _tokens(prompt: str) -> tuple[list[_Tok], str]:
    """Tokens of the visible text (see :func:`_visible`), with spans in ``prompt``."""
    text, origin = _visible(prompt)
    kb = None if prompt.isascii() else knowledge()
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        script = "latin"
        native = ""
        forms: tuple[str, ...] = ()
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
            if script != "latin":
                native = unicodedata.normalize("NFC", raw).casefold()
        else:
            norm = _norm_token(raw)
        if not norm:
            continue
        alt = norm
        if ("1" in raw or "|" in raw) and re.search(r"[A-Za-z]", raw):
            alt = _norm_token(raw.replace("1", "l").replace("|", "l"))
        letters = [c for c in raw if c.isalpha()]
        upper = len(letters) > 1 and all(c.isupper() for c in letters)
        cap = bool(letters) and letters[0].isupper() and not upper
        end = m.end()
        dotted = end < len(text) and text[end] == "."
        initial = len(letters) == 1 and len(raw) == 1 and (dotted or raw.isupper())
        b = m.start() - 1
        while b >= 0 and text[b].isspace():
            b -= 1
        sentence_start = b < 0 or text[b] in ".!?:;\n\"(“"
        possessive = bool(re.search(r"['’][sS]$", raw))
        placeholder = m.start() > 0 and text[m.start() - 1] == "<" and end < len(text) and text[end] == ">"
        out.append(_Tok(norm, alt, origin[m.start()], origin[end - 1] + 1, cap or (initial and raw.isupper()),
                        possessive, initial, sentence_start, m.start(), end, placeholder, script, native,
                        forms, False, upper))
    return out, text


def _gap(text: str, a: _Tok, b: _Tok) -> str:
    return text[a.vend:b.vstart]


def _expand(toks: list[_Tok], text: str, kb: Knowledge) -> list[_Tok]:
    """Split words run together ("TaylorSwift", "#keanureeves") and join letters spelled
    out ("T a y l o r", "B.A.R.A.C.K") into words, by word segmentation."""
    out: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        # letters spaced or dotted out: a run of three or more one-letter tokens
        if len(t.norm) == 1 and t.norm.isalpha() and t.script == "latin":
            j = i + 1
            while (j < n and len(toks[j].norm) == 1 and toks[j].norm.isalpha()
                   and set(_gap(text, toks[j - 1], toks[j])) <= _GAP_OK and len(_gap(text, toks[j - 1], toks[j])) <= 3):
                j += 1
            if j - i >= 3:
                letters = "".join(x.norm for x in toks[i:j])
                parts = _segment(letters)
                if len(parts) >= 2:
                    k = i
                    for p in parts:
                        a, b = k, k + len(p)
                        out.append(_piece(toks[a], toks[b - 1], p, toks[a].cap))
                        k = b
                    i = j
                    continue
            out.append(t)
            i += 1
            continue
        parts = _split_joined(t, kb)
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


def _piece(a: _Tok, b: _Tok, word: str, cap: bool, placeholder: bool = False) -> _Tok:
    return _Tok(word, word, a.start, b.end, cap, False, False, a.sentence_start, a.vstart, b.vend, placeholder,
                "latin", "", (), True, False)


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


def _split_joined(t: _Tok, kb: Knowledge) -> list[str] | None:
    """The words of a token written run together, or None when it is one word."""
    w = t.norm
    if t.script != "latin" or len(w) < 7 or not w.isalpha() or t.initial:
        return None
    if kb.is_word(w) or w in kb.given or w in kb.surname or (w,) in kb.things or (w,) in kb.people:
        return None
    parts = _segment(w)
    return list(parts) if len(parts) >= 2 else None


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


@dataclass
class _Names:
    """Registered names, indexed for scans (typo and word indexes are built on first use)."""

    entries: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)  # (words, subject id, name)
    by_first: dict[str, list[int]] = field(default_factory=dict)
    _typo: dict[str, list[int]] | None = None
    _by_word: dict[str, list[int]] | None = None
    _by_compact: dict[str, list[int]] | None = None

    def add(self, words: tuple[str, ...], sid: str, name: str) -> None:
        self.by_first.setdefault(words[0], []).append(len(self.entries))
        self.entries.append((words, sid, name))

    def typo(self) -> dict[str, list[int]]:
        """First words of five letters or more, and each of them with one letter deleted."""
        if self._typo is None:
            idx: dict[str, list[int]] = {}
            for k, (words, _sid, _n) in enumerate(self.entries):
                w = words[0]
                if len(w) >= 5:
                    for key in {w, *(w[:p] + w[p + 1:] for p in range(len(w)))}:
                        idx.setdefault(key, []).append(k)
            self._typo = idx
        return self._typo

    def by_word(self) -> dict[str, list[int]]:
        if self._by_word is None:
            idx: dict[str, list[int]] = {}
            for k, (words, _sid, _n) in enumerate(self.entries):
                for w in set(words):
                    idx.setdefault(w, []).append(k)
            self._by_word = idx
        return self._by_word

    def by_compact(self) -> dict[str, list[int]]:
        if self._by_compact is None:
            idx: dict[str, list[int]] = {}
            for k, (words, _sid, _n) in enumerate(self.entries):
                c = "".join(words)
                if len(c) >= 4:
                    idx.setdefault(c, []).append(k)
            self._by_compact = idx
        return self._by_compact


class NameMatcher:
    """Finds person names in prompts.

    ``subjects``: objects with ``.id``, ``.display_name`` and ``.aliases`` (registry
    subjects); ``exceptions``: operator exceptions (strings, ``(name, reason)`` pairs,
    :class:`NameException` or objects with ``.name`` / ``.reason``). Building a matcher is
    cheap (the shared knowledge loads once per process), so rebuild it when the registry
    changes.
    """

    def __init__(self, subjects: Iterable[Any] = (), exceptions: Iterable[Any] = ()):
        self._kb: Knowledge | None = None
        self._reg = _Names()
        for s in subjects:
            sid = getattr(s, "id", None)
            if not isinstance(sid, str) or not sid:
                raise LikenessError(f"NameMatcher: subject {s!r} has no id, expected a non-empty string .id")
            names = [getattr(s, "display_name", None), *(getattr(s, "aliases", None) or ())]
            for n in names:
                if not n or not isinstance(n, str):
                    continue
                toks = tuple(normalize_name(n).split())
                if not toks:
                    continue
                self._reg.add(toks, sid, n)
                if len(toks) > 1:
                    self._reg.add(("".join(toks),), sid, n)  # run together: "JaneDoe"
                    if any(len(t) <= 3 for t in toks) and any(len(raw) <= 3 and raw.isupper() for raw in n.split()):
                        spelled = tuple(c for t in toks for c in (t if len(t) <= 3 else (t,)))
                        self._reg.add(spelled, sid, n)  # initials spelled out: "J.D. Star"
        self._exceptions = [_as_exception(e) for e in exceptions]
        self._exception_toks = [tuple(normalize_name(e.name).split()) for e in self._exceptions]

    @property
    def kb(self) -> Knowledge:
        if self._kb is None:
            self._kb = knowledge()
        return self._kb

    # ------------------------------------------------------------------ public

    def find(self, prompt: str) -> list[Likeness]:
        """Every registered or unknown person name in ``prompt`` (exempted ones left out)."""
        return list(self.find_all(prompt).likenesses)

    def find_all(self, prompt: str) -> NameScan:
        """Likenesses and exempted mentions in ``prompt``, each in order of position."""
        if not isinstance(prompt, str):
            raise LikenessError(f"prompt: {type(prompt).__name__}, expected str")
        kb = self.kb
        raw_toks, text = _tokens(prompt)
        toks = _expand(raw_toks, text, kb)
        registered = self._registered(prompt, raw_toks)
        registered += [lk for lk in self._registered(prompt, toks) if not _overlaps(lk.span, [r.span for r in registered])]
        registered += self._scattered(prompt, raw_toks, registered)
        registered += self._spelled(prompt, raw_toks, registered)
        taken = [(lk.span[0], lk.span[1]) for lk in registered]
        unknown = [u for u in self._unknown(prompt, toks, text) if not _overlaps(u.span, taken)]
        exc_spans = self._exception_spans(raw_toks) + self._exception_spans(toks)
        likenesses: list[Likeness] = list(registered)
        exempted: list[Likeness] = []
        for u in unknown:
            cover = next((e for e in exc_spans if e[0] <= u.span[0] and u.span[1] <= e[1]), None)
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

    @staticmethod
    def _match_at(toks: Sequence[_Tok], i: int, words: tuple[str, ...]) -> bool:
        if i + len(words) > len(toks):
            return False
        return all(_word_eq(toks[i + k], w) for k, w in enumerate(words))

    def _candidates(self, t: _Tok) -> set[int]:
        reg = self._reg
        out: set[int] = set()
        for f in {t.norm, t.alt, *t.forms}:
            out.update(reg.by_first.get(f, ()))
            if len(f) >= 4 and reg.entries:
                typo = reg.typo()
                out.update(typo.get(f, ()))
                for p in range(len(f)):
                    out.update(typo.get(f[:p] + f[p + 1:], ()))
        return out

    def _registered(self, prompt: str, toks: list[_Tok]) -> list[Likeness]:
        out: list[Likeness] = []
        if not self._reg.entries:
            return out
        entries = self._reg.entries
        i = 0
        while i < len(toks):
            cands = sorted(self._candidates(toks[i]), key=lambda k: (-len(entries[k][0]), k))
            hit = next((entries[k] for k in cands if self._match_at(toks, i, entries[k][0])), None)
            if hit is None:
                i += 1
                continue
            words, sid, name = hit
            start, end = toks[i].start, toks[i + len(words) - 1].end
            exact = all(toks[i + k].norm == w for k, w in enumerate(words))
            out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=sid, text=prompt[start:end],
                                span=(start, end), confidence=1.0 if exact else 0.9,
                                extra={"matched_name": name, "exact": exact}))
            i += len(words)
        return out

    def _scattered(self, prompt: str, toks: list[_Tok], found: list[Likeness]) -> list[Likeness]:
        """Registered names whose words are all in the prompt, apart or reordered.

        "Swift, Taylor" or "Taylor in a red dress … Swift" still names the subject to a text
        encoder. Words must match exactly (no typo tolerance) and only words of two or more
        letters count; a name needs two such words. The likeness spans its first word only,
        so it hides no other mention from the unknown-person rules.
        """
        if not self._reg.entries:
            return []
        have = {lk.subject_id for lk in found}
        used = {i for lk in found for i, t in enumerate(toks) if _overlaps((t.start, t.end), [lk.span])}
        where: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            if i not in used:
                for f in {t.norm, t.alt, *t.forms}:
                    where.setdefault(f, []).append(i)
        by_word = self._reg.by_word()
        cands = sorted({k for w in where for k in by_word.get(w, ())})
        out: list[Likeness] = []
        for k in cands:
            words, sid, name = self._reg.entries[k]
            if sid in have:
                continue
            words = tuple(w for w in words if len(w) >= 2)
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
                                                                     for i in sorted(picked)]}))
        return out

    def _spelled(self, prompt: str, toks: list[_Tok], found: list[Likeness]) -> list[Likeness]:
        """Registered names spelled out letter by letter: "J a n e D o e", "J-a-n-e Doe".

        Each run of two or more one-letter tokens is joined, together with the word just
        before and after it, and searched for a registered name run together ("janedoe",
        four letters or more). The likeness spans the tokens that spell it.
        """
        if not self._reg.entries:
            return []
        have = {lk.subject_id for lk in found}
        by_compact = self._reg.by_compact()
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
                subs = {joined[a:b] for a in range(len(joined)) for b in range(a + 4, len(joined) + 1)}
                for c in sorted(subs, key=lambda s: (-len(s), s)):
                    for k in by_compact.get(c, ()):
                        words, sid, name = self._reg.entries[k]
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

    def _exception_spans(self, toks: list[_Tok]) -> list[tuple[int, int, NameException]]:
        out = []
        for i in range(len(toks)):
            for words, exc in zip(self._exception_toks, self._exceptions):
                if self._match_at(toks, i, words):
                    out.append((toks[i].start, toks[i + len(words) - 1].end, exc))
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
        if any(q in gap for q in _QUOTES) and all(c in _QUOTES or c.isspace() for c in gap):
            for k in range(j, min(j + 4, len(toks) - 1)):
                g2 = text[toks[k].vend:toks[k + 1].vstart]
                if any(q in g2 for q in _QUOTES) and all(c in _QUOTES or c.isspace() for c in g2):
                    return k + 1
                if g2 and not set(g2) <= _GAP_OK:
                    break
        return None

    def _unknown(self, prompt: str, toks: list[_Tok], text: str) -> list[Likeness]:
        kb = self.kb
        n = len(toks)
        letters = [c for c in text if c.isalpha() and c.isascii()]
        upper = sum(c.isupper() for c in letters)
        cased = bool(letters) and 0 < upper < 0.6 * len(letters)  # capitals say something only in mixed case
        ph = [t.placeholder for t in toks]
        blocked = [p and not (i > 0 and ph[i - 1]) and not (i + 1 < n and ph[i + 1]) for i, p in enumerate(ph)]
        thing1 = [(t.norm,) in kb.things for t in toks]
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < n:
            t = toks[i]
            if blocked[i]:
                i += 1
                continue
            if t.script == "other":  # a script this check cannot read: fail closed
                j = i
                while j < n and toks[j].script == "other":
                    j += 1
                spans.append((i, j, "unreadable-script"))
                i = j
                continue
            hit = self._phrase(toks, i, text)
            if hit is not None:
                length, person = hit
                if person:
                    spans.append((i, i + length, "known-person"))
                else:
                    blocked[i:i + length] = [True] * length
                i += length
                continue
            rule, j = self._person_at(toks, i, text, cased, blocked, thing1)
            if rule:
                spans.append((i, j, rule))
                i = j
            else:
                i += 1
        out = []
        for i, j, rule in spans:
            start, end = toks[i].start, toks[j - 1].end
            extra = {"rule": rule, "unknown_person": True}
            if rule == "description":
                extra["description"] = True
            if rule == "unreadable-script":
                extra["why"] = "text in a script the name check cannot read; a person name in it cannot be ruled out"
            out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=None, text=prompt[start:end],
                                span=(start, end), confidence=_RULE_CONFIDENCE[rule], extra=extra))
        return out

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
            k = i
            for _ in range(longest):
                key = tuple(words)
                if len(key) >= 2 or key[0] in kb.people_single:
                    person = key in kb.people and (len(key) >= 2 or key[0] in kb.people_single)
                    thing = key in kb.things and len(key) >= 2
                    if (person or thing) and (best is None or len(key) > best[0]):
                        best = (len(key), person and not thing)
                nxt = self._next(toks, k, text)
                if nxt is None or nxt != k + 1:
                    break
                k = nxt
                words.append(toks[k].norm)
        return best

    def _given(self, t: _Tok) -> bool:
        kb = self.kb
        return (t.norm in kb.given or t.alt in kb.given or any(f in kb.given for f in t.forms)
                or (bool(t.native) and t.native in kb.given_native))

    def _surname(self, t: _Tok) -> bool:
        kb = self.kb
        return (t.norm in kb.surname or t.alt in kb.surname or any(f in kb.surname for f in t.forms)
                or (bool(t.native) and t.native in kb.surname_native))

    def _namey(self, t: _Tok) -> bool:
        """Can be read as a name: not an English word, or a surname, or a rare word ("Gaga", "Musk")."""
        return (not self._word(t) or self.kb.census_last_rank.get(t.norm, 10**6) < 5000
                or self.kb.unigram.get(t.norm, 0) < 5e6) and t.norm not in _STOP

    def _word(self, t: _Tok) -> bool:
        return t.norm in _STOP or t.norm in _TITLES or self.kb.is_word(t.norm)

    def _person_at(self, toks: list[_Tok], i: int, text: str, cased: bool, blocked: list[bool],
                   thing1: list[bool]) -> tuple[str | None, int]:
        kb = self.kb
        t = toks[i]
        if not t.norm.isalpha() and not t.norm.isalnum():
            return None, i
        desc = self._description(toks, i, text, thing1)
        if desc:
            return "description", desc
        j = self._next(toks, i, text)
        nxt = toks[j] if j is not None and not blocked[j] else None
        if nxt is not None and not nxt.norm.isalpha():
            nxt = None
        # 1. title + name: "Dr Smith", "President Obama", "queen elizabeth", "lady gaga"
        if t.norm in _TITLES and nxt is not None and not nxt.initial and not thing1[j]:
            if self._namey(nxt) and len(nxt.norm) > 2:
                k = j + 1
                if k < len(toks) and toks[k].cap and cased and not self._word(toks[k]) and not blocked[k]:
                    k += 1
                return "title", self._extend_surname(toks, k)
        # 2. initials + surname: "B. Obama", "J. K. Rowling", "b. obama"
        if t.initial:
            k = i
            while k < len(toks) and toks[k].initial and k - i < 3:
                k += 1
            if k < len(toks) and k > i and not toks[k].initial and not blocked[k]:
                s = toks[k]
                if (s.cap and self._namey(s)) or (self._surname(s) and not self._word(s)):
                    return "initials", self._extend_surname(toks, k + 1)
        # 3. a known person named by one word: "Obama", "Einstein"
        if t.norm in kb.people_single and not thing1[i] and t.norm not in kb.brands:
            return "known-person", i + 1
        # 4. other scripts read through transliteration: "дональд трамп", "Барак Обама"
        if t.script == "latinish":
            if nxt is not None and nxt.script == "latinish" and (self._given(t) or self._surname(nxt)):
                return "name-translit", j + 1
            if self._given(t) and nxt is None or t.norm in kb.people_single:
                return "name-translit", i + 1
        named = i >= 1 and toks[i - 1].norm in ("named", "called", "nicknamed")
        if t.possessive or named or t.norm in kb.brands:
            return None, i
        word_t = self._word(t)
        if nxt is not None and not nxt.possessive or (nxt is not None and nxt.possessive):
            given_t = self._given(t)
            word_n = self._word(nxt)
            sur_n = self._surname(nxt)
            ok_n = len(nxt.norm) >= 2 and nxt.norm not in _STOP and not nxt.initial
            if nxt.norm in _PARTICLES and self._extend_surname(toks, j) > j and (self._given(t) or t.cap):
                return "given+surname", self._extend_surname(toks, j)
            strong_n = kb.census_last_rank.get(nxt.norm, 10**6) < 1000
            place_pair = (thing1[i] and word_n and not strong_n) or (thing1[j] and not sur_n)
            # 5. given name + surname, any case: "al pacino", "keanu reeves", "elon musk", "grace kelly"
            if given_t and ok_n and not place_pair:
                if not word_t and (not word_n or sur_n or kb.unigram.get(nxt.norm, 0) < 3e6):
                    return "given+surname", self._extend_surname(toks, self._maybe_third(toks, j + 1))
                if word_t and t.norm in kb.census_first_rank and sur_n and not word_n:
                    return "given+surname", self._extend_surname(toks, self._maybe_third(toks, j + 1))
            # 6. capitalised pairs (only where the prompt mixes case)
            if cased and t.cap and nxt.cap and ok_n and not place_pair:
                if given_t and not nxt.sentence_start and (not word_n or not word_t):
                    return "first+capital", self._extend_surname(toks, self._maybe_third(toks, j + 1))
                # "Tom Cruise", "Will Smith": a US given name and a US surname, both also words
                if (kb.census_first_rank.get(t.norm, 10**6) < 1500 and kb.census_last_rank.get(nxt.norm, 10**6) < 10_000
                        and (kb.census_last_rank.get(nxt.norm, 10**6) < 200 or kb.unigram.get(nxt.norm, 0) < 3e7)):
                    return "first+capital", self._extend_surname(toks, j + 1)
                # "Usain Bolt": an unknown word and a common surname
                if not word_t and not thing1[i] and kb.census_last_rank.get(nxt.norm, 10**6) < 5000:
                    return "capitalised", self._extend_surname(toks, j + 1)
                if not word_t and not word_n and not thing1[i] and not thing1[j]:
                    if given_t or sur_n or self._surname(t) or self._given(nxt):
                        return "capitalised", self._extend_surname(toks, self._maybe_third(toks, j + 1))
                    if not nxt.sentence_start and len(t.norm) > 1 and len(nxt.norm) > 1:
                        return "capitalised-unlisted", self._extend_surname(toks, j + 1)
        # 7. a name after a cue: "portrait of Obama", "in the style of Van Gogh"
        if self._after_cue(toks, i) and not word_t and not thing1[i] and len(t.norm) > 1 and (
                (t.cap and cased) or self._given(t) or self._surname(t)):
            k = i + 1
            if nxt is not None and ((nxt.cap and cased) or self._surname(nxt)) and not self._word(nxt):
                k = j + 1
            return "cue", self._extend_surname(toks, k)
        # 8. one unknown name doing what people do: "Zendaya on the red carpet", "Messi scoring"
        if (not thing1[i] and len(t.norm) >= 3 and t.norm.isalpha()
                and (not word_t or (t.cap and cased and kb.unigram.get(t.norm, 0) < 5e6 and t.norm not in _STOP))
                and ((t.cap and cased) or self._given(t) or self._surname(t) or t.joined)):
            for k in range(i + 1, min(i + 5, len(toks))):
                if toks[k].norm in _PERSON_ACTS:
                    return "acts-like-person", i + 1
                if not (toks[k].norm in _STOP or self.kb.is_word(toks[k].norm)):
                    break
        return None, i

    def _description(self, toks: list[_Tok], i: int, text: str, thing1: list[bool]) -> int | None:
        """End of a description of one real person at ``i``: "the 44th US president",
        "CEO of Tesla", "the current pope", "prime minister of Japan"."""
        t = toks[i]
        n = len(toks)

        def role_at(k: int) -> int | None:
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
                    if thing1[m] or p.norm in self.kb.brands or (p.cap and not self._word(p)) or (
                            not self.kb.is_word(p.norm) and p.norm not in _STOP and len(p.norm) > 2):
                        e = m + 1
                        while e < n and (toks[e].cap or thing1[e]) and toks[e].norm not in _STOP and e - m < 3:
                            e += 1
                        return e
                    phr = self._phrase(toks, m, text)
                    if phr is not None:
                        return m + phr[0]
            return None

        ordinal = t.norm in _ORDINALS or bool(re.fullmatch(r"\d+(st|nd|rd|th)", t.norm))
        if ordinal or t.norm in _DESC_MODIFIERS:
            for k in range(i + 1, min(i + 4, n)):
                r = role_at(k)
                if r is not None:
                    return of_proper(r) or r
                if toks[k].norm in _STOP - {"us"} and toks[k].norm != "us":
                    break
            return None
        r = role_at(i)
        if r is not None:
            return of_proper(r)
        return None

    def _extend_surname(self, toks: list[_Tok], j: int) -> int:
        """Take a capitalised surname particle chain: "van Gogh", "de la Cruz", "Smith Jr"."""
        while j < len(toks) and toks[j].norm in _PARTICLES:
            if j + 1 < len(toks) and (toks[j + 1].cap or not self._word(toks[j + 1])):
                j += 2
            else:
                break
        return j

    def _maybe_third(self, toks: list[_Tok], j: int) -> int:
        if j < len(toks) and (toks[j].cap or toks[j].joined) and not self._word(toks[j]) and self._surname(toks[j]):
            return j + 1
        return j

    def _after_cue(self, toks: list[_Tok], i: int) -> bool:
        if i < 1 or toks[i - 1].norm not in _CUE_LAST:
            return False
        for cue in _CUES:
            k = len(cue)
            if i >= k and all(toks[i - k + m].norm == w for m, w in enumerate(cue)):
                return True
        return False


_RULE_CONFIDENCE = {"title": 0.9, "initials": 0.8, "given+surname": 0.8, "first+capital": 0.7, "capitalised": 0.7,
                    "capitalised-unlisted": 0.5, "cue": 0.6, "known-person": 0.95, "name-translit": 0.7,
                    "acts-like-person": 0.5, "description": 0.6, "unreadable-script": 0.3}


def _word_eq(tok: _Tok, word: str) -> bool:
    if tok.norm == word or tok.alt == word or word in tok.forms:
        return True
    return len(word) >= 5 and (_within_one_edit(tok.norm, word) or _within_one_edit(tok.alt, word))


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
