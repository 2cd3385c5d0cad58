"""Content flags found in a prompt, for grants' content restrictions.

A grant may forbid nudity, politics, endorsements, ... (``consent.records.Restriction``).
The request's content flags are what the user declares **plus** what this screen finds in
the prompt, so a restriction cannot be dodged by not declaring it. It is a keyword screen
with normalisation (case, diacritics, digit/letter swaps such as "n00de", separators such
as "n.u.d.e"), not a classifier: it errs towards flagging, and a flag only matters when a
grant in play restricts it. Words in the negative prompt are not screened (asking the
model to avoid nudity is not nudity).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from consent.records import CONTENT_FLAGS

__all__ = ["content_flags", "LEXICON"]

#: flag -> stems/words; a stem ending in "*" matches any suffix.
LEXICON: dict[str, tuple[str, ...]] = {
    "nudity": ("nude*", "naked", "topless", "nudity", "undress*", "bare breast*", "unclothed", "lingerie", "nsfw"),
    "sexual_content": ("sex", "sexy", "sexual*", "erotic*", "porn*", "explicit", "seductive*", "fetish*", "nsfw"),
    "politics": ("politic*", "election*", "campaign*", "vote", "voting", "ballot*", "president*", "senator*",
                 "congress*", "parliament*", "protest*", "rally", "rallies", "propaganda", "democrat*",
                 "republican*", "manifesto"),
    "endorsement": ("endors*", "sponsor*", "advert*", "commercial", "brand ambassador*", "testimonial*",
                    "holding a product", "promot*", "recommends", "spokes*"),
    "violence": ("violen*", "blood*", "gore", "gory", "weapon*", "gun", "guns", "shoot*", "stab*", "kill*",
                 "murder*", "fight*", "assault*", "war", "wounded", "corpse*"),
    "alcohol_tobacco": ("alcohol*", "beer*", "wine", "whisk*", "vodka", "cocktail*", "drunk*", "cigar*",
                        "smok*", "tobacco", "vap*"),
    "drugs": ("drug*", "cocaine", "heroin", "marijuana", "cannabis", "weed", "meth", "pills", "overdos*", "syringe*"),
    "religion": ("religio*", "church*", "mosque*", "temple*", "synagogue*", "pray*", "priest*", "imam*",
                 "rabbi*", "bible*", "quran*", "koran*", "torah", "crucifix*"),
    "gambling": ("gambl*", "casino*", "poker", "roulette", "betting", "slot machine*", "lottery", "jackpot"),
}
assert set(LEXICON) <= CONTENT_FLAGS, set(LEXICON) - CONTENT_FLAGS

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.translate(_LEET)
    # join single letters split by separators: "n.u.d.e" / "n u d e" -> "nude"
    t = re.sub(r"\b(?:[a-z][\s.\-_*]){2,}[a-z]\b", lambda m: re.sub(r"[\s.\-_*]", "", m.group(0)), t)
    return re.sub(r"[^a-z]+", " ", t)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for flag, words in LEXICON.items():
        alts = []
        for w in words:
            stem = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+")
            alts.append(stem + (r"[a-z]*" if w.endswith("*") else ""))
        out[flag] = re.compile(r"\b(?:" + "|".join(alts) + r")\b")
    return out


def content_flags(prompt: str) -> frozenset[str]:
    """The content flags a prompt touches (empty for an empty prompt)."""
    if not prompt:
        return frozenset()
    text = _normalise(prompt)
    return frozenset(flag for flag, pat in _patterns().items() if pat.search(text))
