"""What the scripts that filter written lists before they join ``consent/data/`` share
(``filter_people_at_home.py``, names rounds 32 and 45; ``build_epithets_at_home.py``, round 46):
their command line, the tables' key of a name, the typo rule's reach, the header and the report
of what was left out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def parse_args(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """``IN.tsv [IN.tsv ...] --out FILE --header FILE [--dropped FILE]``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--header", type=Path, required=True, help="comment lines (each starting with '#') for the top")
    ap.add_argument("--dropped", type=Path, default=None)
    return ap.parse_args(argv)


def name_key(phrase: str) -> tuple[str, ...]:
    """The tables' key of ``phrase``, as ``consent._name_knowledge`` builds it."""
    from consent._name_knowledge import _unpossessive, fold

    return tuple(t for t in (fold(_unpossessive(w)) for w in phrase.replace("-", " ").replace(".", " ").split()) if t)


def near_word(kb: Any, words: set[str], w: str) -> bool:
    """``w`` is within one letter (a change, a letter more or fewer) of a given name, an English
    word or a word of ``words``: the typo rule would read it as that."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    cands = {w[:i] + w[i + 1:] for i in range(len(w))}
    cands |= {w[:i] + c + w[i + 1:] for i in range(len(w)) for c in letters}
    cands |= {w[:i] + c + w[i:] for i in range(len(w) + 1) for c in letters}
    cands.discard(w)
    return any(c in kb.given or c in kb.vocab or c in words for c in cands)


def read_rows(paths: list[Path], fields: int, most: int | None = None):
    """Each list line that is not blank or a comment, as (path, line number, its tab-separated
    fields, stripped and NFC-normalised): ``fields`` of them, up to ``most``; SystemExit otherwise."""
    import unicodedata

    most = most or fields
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = [unicodedata.normalize("NFC", p.strip()) for p in line.split("\t")]
            if not fields <= len(parts) <= most:
                want = f"{fields}" if most == fields else f"{fields} or {most}"
                raise SystemExit(f"{path}:{n}: expected {want} tab-separated fields, got {len(parts)}")
            yield path, n, parts


def read_header(path: Path) -> list[str]:
    """The header's non-empty lines, each a comment (``#``), or SystemExit."""
    header = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not all(ln.startswith("#") for ln in header):
        raise SystemExit(f"{path}: every header line must start with '#'")
    return header


def write_dropped(path: Path | None, dropped: list[tuple[str, str]]) -> None:
    """Each left-out entry and why, one a line (nothing when ``path`` is None)."""
    if path:
        path.write_text("".join(f"{n}\t{why}\n" for n, why in dropped), encoding="utf-8")
