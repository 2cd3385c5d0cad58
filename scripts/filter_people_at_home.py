"""Filter a written list of people famous at home before it joins ``consent/data/`` (names rounds 32, 45).

    HF_HUB_OFFLINE=1 PYTHONPATH=. python scripts/filter_people_at_home.py IN.tsv [IN.tsv ...]
        --out consent/data/people_at_home_2.txt.gz --header header.txt [--dropped dropped.tsv]

Each input line: ``Full Name<TAB>other forms|…<TAB>field<TAB>country``. A person is kept only when
the studio could name her without denying ordinary prompts; the rules of round 32's list:

- a person the tables already know (her full name or any form, in any list) is left out;
- a full name that ordinary text holds as a phrase is left out: one made only of English words,
  or a word or given name before words among the commonest of the web ("Anne Will": "Anne will
  ein Pferd reiten", red team 57);
- a Vietnamese name of two syllables is left out (the syllables of places and everyday words);
- a one-word other form is kept only when it is none of those either, is no brand or thing, and
  is not within one letter of a given name or a common word (the typo rule would read it); an
  other form of two words or more is left out when it is a phrase or made only of words of the
  languages (red team s60c: "Boca Rosa", "Tok Mat", "Oscar and the Wolf");
- names of one word (the full name itself) are kept only as a one-word form is.

The studio then reads a kept name with a word after its first only capitalised
(``Knowledge.home_cased``). Writes the kept people sorted by country, in ``contemporary_people.txt.gz``'s format (name, TAB,
forms, TAB, field) under the header's comment lines; ``--dropped``: each left-out name and why.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _written_lists import name_key, near_word, parse_args, read_header, read_rows, write_dropped  # noqa: E402  (beside this script)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(__doc__, argv)

    from consent import names as _names
    from consent._name_knowledge import knowledge

    kb = knowledge()
    words = set().union(*_names._latin_word_lists().values())
    vietnamese = set("đơưĐƠƯ")

    key = name_key

    def known(k: tuple[str, ...]) -> bool:
        """Already a person of the tables (every list's full names and one-word names)."""
        return k in kb.people or k in kb.at_home or (len(k) == 1 and (k[0] in kb.people_single or k[0] in kb.famous_word))

    def word(w: str) -> bool:
        """A word of English or of one of the 25 languages, a place or thing, or a brand: what
        ordinary text is made of (a full name made only of them is read in ordinary text)."""
        return w in kb.vocab or kb.is_word(w) or w in words or (w,) in kb.things or w in kb.brands

    def phrase(k: tuple[str, ...]) -> bool:
        """A full name that ordinary text holds as a phrase: every word English ("Grace Kelly"-like
        names of words), or a first word that is a word or a given name before words among the
        commonest of the web ("Anne Will": "Anne will ein Pferd reiten", red team 57). The word
        lists of the 25 languages hold many names ("kevin", "anne"), so they alone do not decide."""
        if all(w in kb.vocab or kb.is_word(w) for w in k):
            return True
        return (word(k[0]) or k[0] in kb.given) and all(word(w) and kb.unigram.get(w, 0) >= 1e8 for w in k[1:])

    def ordinary(w: str) -> bool:
        """A word, or a given name or surname of the tables: what a one-word form must not be."""
        return word(w) or w in kb.given or w in kb.surname

    def near(w: str) -> bool:
        return near_word(kb, words, w)

    kept: list[tuple[str, str, str, str]] = []
    dropped: list[tuple[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for _path, _n, parts in read_rows(a.inputs, 4):
        name, forms, field, country = parts
        k = key(name)
        why = None
        if not k:
            why = "empty"
        elif k in seen:
            why = "twice in the input"
        elif known(k):
            why = "known to the tables"
        elif country == "VN" and len(k) <= 2:
            why = "Vietnamese name of two syllables"
        elif len(k) == 1 and (ordinary(k[0]) or near(k[0]) or len(k[0]) < 4):
            why = "one word that is ordinary or near a word"
        elif len(k) >= 2 and phrase(k):
            why = "a phrase of ordinary text"
        elif any(c in vietnamese for c in name) and country != "VN":
            why = "Vietnamese letters outside Vietnam"
        if why:
            dropped.append((name, why))
            continue
        seen.add(k)
        good_forms = []
        for f in (x.strip() for x in forms.split("|") if x.strip()):
            fk = key(f)
            if not fk or fk == k or fk in seen:
                continue
            if known(fk):
                dropped.append((f"{name} / {f}", "form known to the tables"))
            elif len(fk) == 1 and (ordinary(fk[0]) or near(fk[0]) or len(fk[0]) < 5):
                dropped.append((f"{name} / {f}", "one-word form that is ordinary or near a word"))
            elif len(fk) >= 2 and (phrase(fk) or all(word(w) or w in _names._STOP for w in fk)):
                # (red team s60c) a form made only of words of some language is a phrase somewhere
                # ("Boca Rosa", "Tok Mat", "Oscar and the Wolf"); the full name is judged by phrase()
                dropped.append((f"{name} / {f}", "form that is a phrase of ordinary text"))
            else:
                seen.add(fk)
                good_forms.append(f)
        kept.append((country, name, "|".join(good_forms), field or "other"))
    kept.sort(key=lambda r: (r[0], r[1]))
    header = read_header(a.header)
    body = "\n".join([*header, *("\t".join(r[1:]) for r in kept)]) + "\n"
    a.out.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    write_dropped(a.dropped, dropped)
    by = {}
    for r in kept:
        by[r[0]] = by.get(r[0], 0) + 1
    print(f"kept {len(kept)} people ({', '.join(f'{c} {n}' for c, n in sorted(by.items()))}); "
          f"dropped {len(dropped)} names or forms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
