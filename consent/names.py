"""Person names in prompts — registered subjects, and any other person name, offline.

:class:`NameMatcher` finds

1. **registered names and aliases** of subjects, robust to case, diacritics, extra spaces,
   punctuation, possessives ("Jane Doe's"), digit/letter swaps ("J0hn Sm1th"), names run
   together ("JaneDoe"), one typo in a word of five letters or more, invisible characters
   and combining marks inside words ("Tay\u200dlor"), Cyrillic/Greek look-alike letters
   ("Tаylor") and the words of a name reordered or apart ("Swift, Taylor");
2. **other person names** (``subject_id=None``, "unknown person", which the policy denies):
   title + name ("Dr Smith", "President Obama"), initials + surname ("B. Obama"),
   first name + surname from the US Census 1990 name lists that the ``names==0.3.0``
   wheel ships (public-domain data, MIT code, no dependencies), capitalised pairs with
   a lexicon word, and capitalised names after cues such as "portrait of" or "in the
   style of".

Brand, place and thing names that look like person names ("Ford Mustang", "Victoria
Falls") are listed in ``consent/data/not_person.txt``; everyday prompt words that are also
names ("rose", "hunter") in ``consent/data/common_words.txt``.

An operator-kept list of **exceptions** (names that are not likenesses, e.g. "Van Gogh"
named for a style) removes matching *unknown* mentions from the likenesses and reports
them in :attr:`NameScan.exempted` for the audit. An exception never hides a registered
subject, and exempts only a mention that lies wholly inside the exception's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from consent.errors import LikenessError
from consent.types import Likeness, LikenessSource

__all__ = ["NameMatcher", "NameScan", "NameException", "normalize_name"]

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l"})
_TOKEN = re.compile(r"(?:[^\W_]|[@$!|])+(?:['’](?:[^\W_])+)?")
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord president senator governor mayor "
    "king queen prince princess pope saint st general colonel captain sergeant judge justice "
    "chancellor minister premier sheikh emperor empress rev reverend father sister brother "
    "uncle aunt aunty auntie coach officer detective agent".split()
)
_CUES = (("portrait", "of"), ("photo", "of"), ("photograph", "of"), ("picture", "of"), ("painting", "of"),
         ("image", "of"), ("selfie", "with"), ("style", "of"), ("starring",), ("featuring",), ("by",),
         ("like",), ("dressed", "as"), ("face", "of"))


#: Cyrillic and Greek letters drawn like Latin ones (Unicode TR39 confusables, the ones a
#: prompt can hide a name with: "Tаylor" with a Cyrillic "а" looks exactly like "Taylor").
_CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "һ": "h", "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ї": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D",
    "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W", "Һ": "H",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


def _visible(text: str) -> tuple[str, list[int]]:
    """``text`` as a reader sees it, and where each of its characters came from.

    Invisible format characters (zero-width space/joiners, word joiner, soft hyphen, bidi
    controls: Unicode category Cf) and combining marks are dropped, so "Tay\u200dlor" or
    "Ta\u0301ylor" read as one word; Cyrillic/Greek look-alikes become Latin letters.
    ``origin[i]`` is the index in ``text`` of visible character ``i``; ``origin[-1]`` is
    ``len(text)``.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        cat = unicodedata.category(c)
        if cat == "Cf" or cat[0] == "M":
            continue
        chars.append(c)
        origin.append(i)
    origin.append(len(text))
    return "".join(chars).translate(_CONFUSABLES), origin


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _norm_token(tok: str) -> str:
    t = _strip_accents(tok).casefold()
    t = re.sub(r"['’]s$", "", t)  # possessive
    t = t.replace("'", "").replace("’", "")
    if re.search(r"[a-z]", t) and re.search(r"[0-9@$!|]", t):
        t = t.translate(_LEET)
    return t


def normalize_name(text: str) -> str:
    """Normal form of a name: accents stripped, case folded, digits read as letters, one space."""
    visible, _origin = _visible(text)
    return " ".join(t for t in (_norm_token(m.group()) for m in _TOKEN.finditer(visible)) if t)


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


def _tokens(prompt: str) -> list[_Tok]:
    """Tokens of the visible text (see :func:`_visible`), with spans in ``prompt``."""
    text, origin = _visible(prompt)
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        norm = _norm_token(raw)
        if not norm:
            continue
        alt = norm
        if any(c in raw for c in "1|") and re.search(r"[A-Za-z]", raw):
            alt = _norm_token(raw.replace("1", "l").replace("|", "l"))
        letters = [c for c in raw if c.isalpha()]
        cap = bool(letters) and letters[0].isupper() and not (len(letters) > 1 and all(c.isupper() for c in letters))
        end = m.end()
        dotted = end < len(text) and text[end] == "."
        initial = len(letters) == 1 and len(raw) == 1 and (dotted or raw.isupper())
        before = text[: m.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?:;\n\"(“"
        possessive = bool(re.search(r"['’][sS]$", raw))
        placeholder = m.start() > 0 and text[m.start() - 1] == "<" and end < len(text) and text[end] == ">"
        out.append(_Tok(norm, alt, origin[m.start()], origin[end - 1] + 1, cap or (initial and raw.isupper()),
                        possessive, initial, sentence_start, m.start(), end, placeholder))
    return out


def _read_list(name: str) -> list[str]:
    text = resources.files("consent").joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[tuple[str, ...], ...]]:
    """(first names, surnames, common words, not-person phrases) — loaded once."""
    import importlib.util

    spec = importlib.util.find_spec("names")
    if spec is None or not spec.submodule_search_locations:
        raise LikenessError("name lexicon missing: package 'names' (0.3.0) is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))

    def census(file: str, limit: int | None = None) -> set[str]:
        try:
            lines = (base / file).read_text(encoding="ascii").splitlines()
        except OSError as e:
            raise LikenessError(f"name lexicon missing: cannot read {base / file}: {e}") from e
        words = [ln.split()[0].lower() for ln in lines if ln.strip()]
        return set(words[:limit] if limit else words)

    first = census("dist.male.first") | census("dist.female.first")
    last = census("dist.all.last", limit=40_000)
    if len(first) < 1000 or len(last) < 10_000:
        raise LikenessError(f"name lexicon too small: {len(first)} first names, {len(last)} surnames")
    common = frozenset(w.lower() for line in _read_list("common_words.txt") for w in line.split())
    not_person = tuple(tuple(normalize_name(p).split()) for p in _read_list("not_person.txt"))
    return frozenset(first), frozenset(last), common, not_person


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


def _word_eq(tok: _Tok, word: str) -> bool:
    if tok.norm == word or tok.alt == word:
        return True
    return len(word) >= 5 and (_within_one_edit(tok.norm, word) or _within_one_edit(tok.alt, word))


class NameMatcher:
    """Finds person names in prompts.

    ``subjects``: objects with ``.id``, ``.display_name`` and ``.aliases`` (registry
    subjects); ``exceptions``: operator exceptions (strings, ``(name, reason)`` pairs,
    :class:`NameException` or objects with ``.name`` / ``.reason``).
    """

    def __init__(self, subjects: Iterable[Any] = (), exceptions: Iterable[Any] = ()):
        self._first, self._last, self._common_words, not_person = _lexicon()
        self._not_person = not_person
        self._names: list[tuple[tuple[str, ...], str, str]] = []  # (tokens, subject id, name as registered)
        for s in subjects:
            sid = getattr(s, "id", None)
            if not isinstance(sid, str) or not sid:
                raise LikenessError(f"NameMatcher: subject {s!r} has no id, expected a non-empty string .id")
            names = [getattr(s, "display_name", None), *(getattr(s, "aliases", None) or ())]
            for n in names:
                if not n:
                    continue
                toks = tuple(normalize_name(n).split())
                if not toks:
                    continue
                self._names.append((toks, sid, n))
                if len(toks) > 1:
                    self._names.append((("".join(toks),), sid, n))  # run together: "JaneDoe"
                if any(len(t) <= 3 and raw.isupper() for t, raw in zip(toks, n.split())):
                    spelled = tuple(c for t in toks for c in (t if len(t) <= 3 else (t,)))
                    self._names.append((spelled, sid, n))  # initials spelled out: "J.D. Star"
        self._names.sort(key=lambda t: -len(t[0]))
        self._exceptions = [_as_exception(e) for e in exceptions]
        self._exception_toks = [tuple(normalize_name(e.name).split()) for e in self._exceptions]

    # ------------------------------------------------------------------ public

    def find(self, prompt: str) -> list[Likeness]:
        """Every registered or unknown person name in ``prompt`` (exempted ones left out)."""
        return list(self.find_all(prompt).likenesses)

    def find_all(self, prompt: str) -> NameScan:
        """Likenesses and exempted mentions in ``prompt``, each in order of position."""
        if not isinstance(prompt, str):
            raise LikenessError(f"prompt: {type(prompt).__name__}, expected str")
        toks = _tokens(prompt)
        registered = self._registered(prompt, toks)
        registered += self._scattered(prompt, toks, registered)
        registered += self._spelled(prompt, toks, registered)
        taken = [(lk.span[0], lk.span[1]) for lk in registered]
        unknown = [u for u in self._unknown(prompt, toks) if not _overlaps(u.span, taken)]
        exc_spans = self._exception_spans(toks)
        likenesses: list[Likeness] = list(registered)
        exempted: list[Likeness] = []
        for u in unknown:
            cover = next((e for e in exc_spans if e[0] <= u.span[0] and u.span[1] <= e[1]), None)
            if cover is None:
                likenesses.append(u)
        for start, end, exc in exc_spans:
            if _overlaps((start, end), taken):
                continue  # an exception never hides a registered subject
            exempted.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=None, text=prompt[start:end],
                                     span=(start, end), confidence=1.0,
                                     extra={"exempt": True, "exception": exc.name, "reason": exc.reason}))
        key = lambda lk: lk.span  # noqa: E731
        return NameScan(tuple(sorted(likenesses, key=key)), tuple(sorted(exempted, key=key)))

    # ------------------------------------------------------------------ registered

    def _match_at(self, toks: Sequence[_Tok], i: int, words: tuple[str, ...]) -> bool:
        if i + len(words) > len(toks):
            return False
        return all(_word_eq(toks[i + k], w) for k, w in enumerate(words))

    def _registered(self, prompt: str, toks: list[_Tok]) -> list[Likeness]:
        out: list[Likeness] = []
        i = 0
        while i < len(toks):
            hit = next(((w, sid, n) for w, sid, n in self._names if self._match_at(toks, i, w)), None)
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
        have = {lk.subject_id for lk in found}
        used = {i for lk in found for i, t in enumerate(toks) if _overlaps((t.start, t.end), [lk.span])}
        out: list[Likeness] = []
        for words, sid, name in self._names:
            if sid in have:
                continue
            words = tuple(w for w in words if len(w) >= 2)
            if len(words) < 2:
                continue
            picked: list[int] = []
            for w in words:
                i = next((i for i, t in enumerate(toks)
                          if i not in used and i not in picked and w in (t.norm, t.alt)), None)
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
                for words, sid, name in self._names:
                    compact = "".join(words)
                    if sid in have or len(compact) < 4 or compact not in joined:
                        continue
                    a, b = lo, hi  # trim to the smallest window that still spells the name
                    while a < b and compact in "".join(t.norm for t in toks[a + 1:b + 1]):
                        a += 1
                    while b > a and compact in "".join(t.norm for t in toks[a:b]):
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

    def _blocked(self, toks: list[_Tok]) -> list[bool]:
        """Per token: does it lie inside a listed brand/place/thing phrase, or is it an adapter
        placeholder token ("<sks>")? The adapter's own binding decides whose likeness that is.
        Two placeholders side by side ("<tom> <hanks>") read as a name and are not exempt."""
        ph = [t.placeholder for t in toks]
        blocked = [p and not (i > 0 and ph[i - 1]) and not (i + 1 < len(ph) and ph[i + 1]) for i, p in enumerate(ph)]
        for phrase in self._not_person:
            n = len(phrase)
            for s in range(len(toks) - n + 1):
                if all(toks[s + k].norm == w for k, w in enumerate(phrase)):
                    blocked[s:s + n] = [True] * n
        return blocked

    def _namey(self, t: _Tok) -> bool:
        return t.norm in self._first or t.norm in self._last or t.alt in self._first or t.alt in self._last

    def _common(self, t: _Tok) -> bool:
        return t.norm in self._common_words or t.norm in _TITLES

    def _unknown(self, prompt: str, toks: list[_Tok]) -> list[Likeness]:
        spans: list[tuple[int, int, str]] = []  # (first token, end token, rule)
        n = len(toks)
        blocked = self._blocked(toks)
        i = 0
        while i < n:
            rule, j = (None, i) if blocked[i] else self._person_at(toks, i)
            if rule and not any(blocked[i:j]):
                spans.append((i, j, rule))
                i = j
            else:
                i += 1
        out = []
        for i, j, rule in spans:
            start, end = toks[i].start, toks[j - 1].end
            out.append(Likeness(source=LikenessSource.PROMPT_NAME, subject_id=None, text=prompt[start:end],
                                span=(start, end), confidence=_RULE_CONFIDENCE[rule],
                                extra={"rule": rule, "unknown_person": True}))
        return out

    def _extend_surname(self, toks: list[_Tok], j: int) -> int:
        """Take a capitalised surname particle chain: "van Gogh", "de la Cruz", "Smith Jr"."""
        while j < len(toks) and toks[j].norm in ("van", "von", "de", "der", "den", "la", "le", "da", "di", "del", "du"):
            if j + 1 < len(toks) and toks[j + 1].cap:
                j += 2
            else:
                break
        return j

    def _person_at(self, toks: list[_Tok], i: int) -> tuple[str | None, int]:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        # 1. title + name: "Dr Smith", "President Obama", "queen elizabeth"
        if t.norm in _TITLES and nxt is not None and not nxt.initial:
            lower_ok = nxt.norm in self._first or nxt.alt in self._first
            if (nxt.cap or lower_ok) and not self._common(nxt):
                j = i + 2
                if j < len(toks) and toks[j].cap and not self._common(toks[j]):
                    j += 1
                return "title", self._extend_surname(toks, j)
        # 2. initials + surname: "B. Obama", "J. K. Rowling", "b. obama"
        if t.initial:
            j = i
            while j < len(toks) and toks[j].initial and j - i < 3:
                j += 1
            if j < len(toks) and j > i and not toks[j].initial:
                s = toks[j]
                if (s.cap and not self._common(s)) or (s.norm in self._last and not self._common(s)):
                    return "initials", self._extend_surname(toks, j + 1)
        # 5. capitalised name after a cue: "portrait of Obama", "in the style of Van Gogh"
        if self._after_cue(toks, i) and t.cap and not self._common(t):
            j = i + 1
            if nxt is not None and nxt.cap and not self._common(nxt) and nxt.vstart - t.vend <= 3:
                j = i + 2
            return "cue", self._extend_surname(toks, j)
        if nxt is None or nxt.vstart - t.vend > 3 or t.possessive:
            return None, i
        # 3. first name + surname (any case): "taylor swift", "Tom Hanks"
        both_cap = t.cap and nxt.cap
        first_ok = t.norm in self._first or t.alt in self._first
        last_ok = nxt.norm in self._last or nxt.alt in self._last
        if first_ok and last_ok and not self._common(nxt) and (both_cap or not self._common(t)):
            return "first+last", self._extend_surname(toks, self._maybe_third(toks, i + 2))
        # 3b. first name + a capitalised word mid-sentence: "Theresa May", "Mark Zuckerberg"
        #     (a capital inside a sentence is informative even when the first word opens it)
        if both_cap and first_ok and not nxt.sentence_start and (not self._common(nxt) or not self._common(t)):
            return "first+capital", self._extend_surname(toks, self._maybe_third(toks, i + 2))
        # 4. capitalised pair with one lexicon word: "Keanu Reeves", "Angela Merkel"
        if both_cap and not self._common(t) and not self._common(nxt):
            if first_ok or last_ok:
                return "capitalised", self._extend_surname(toks, self._maybe_third(toks, i + 2))
            # 4b. two capitalised words outside every list: "Cristiano Ronaldo". Weakest rule;
            #     brands and places that look like this belong in not_person.txt.
            if not nxt.sentence_start and len(t.norm) > 1 and len(nxt.norm) > 1:
                return "capitalised-unlisted", self._extend_surname(toks, i + 2)
        return None, i

    def _maybe_third(self, toks: list[_Tok], j: int) -> int:
        if j < len(toks) and toks[j].cap and not self._common(toks[j]) and (toks[j].norm in self._last):
            return j + 1
        return j

    def _after_cue(self, toks: list[_Tok], i: int) -> bool:
        for cue in _CUES:
            k = len(cue)
            if i >= k and all(toks[i - k + m].norm == w for m, w in enumerate(cue)):
                return True
        return False


_RULE_CONFIDENCE = {"title": 0.9, "initials": 0.8, "first+last": 0.8, "first+capital": 0.7, "capitalised": 0.7,
                    "capitalised-unlisted": 0.5,
                    "cue": 0.6}


def _overlaps(span: tuple[int, int] | None, others: Sequence[tuple[int, int]]) -> bool:
    if span is None:
        return False
    return any(span[0] < b and a < span[1] for a, b in others)
