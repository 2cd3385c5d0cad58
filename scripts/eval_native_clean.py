"""False denials of the name check on clean text in other scripts, generated with Faker.

Issue 11's false-denial sets hold a few dozen prompts in each script; a rule that reads names in
Cyrillic, Greek, Armenian, Arabic, Hebrew, Indic or Thai text needs more clean text than that.
This script generates it with a seed from Faker's locale tables (installed with the studio's
test extra): lorem sentences, the same sentences in Title Case (every word capitalised, as some
writers of prompts do, the hardest case for rules that read capitals), the same in lower case,
addresses, company names
and job titles (a kind the locale writes only in Latin letters is left out). None of it names a real person, except where Faker's street names honour one
("улица Гагарина"), which the report lists apart so that a reader can judge them.

Usage::

    HF_HUB_OFFLINE=1 PYTHONPATH=. python scripts/eval_native_clean.py [--per 400] [--seed 24]
        [--locales ru_RU,uk_UA,...] [--show 20] [--json out.json]

Prints, per locale and kind of text, how many texts were denied and by which rules, and the
first ``--show`` denied texts of each locale.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: locales whose Faker tables are written in a script other than Latin (the default; any Faker
#: locale can be named with --locales, "pl_PL,cs_CZ,tr_TR" for Latin text with diacritics)
LOCALES = ("ru_RU", "uk_UA", "bg_BG", "el_GR", "hy_AM", "ka_GE", "ar_AA", "ar_SA", "fa_IR", "he_IL", "hi_IN",
           "bn_BD", "th_TH", "ko_KR", "ja_JP", "zh_CN")


def texts(locale: str, per: int, seed: int) -> list[tuple[str, str]]:
    from faker import Faker

    fk = Faker(locale)
    fk.seed_instance(seed)
    out: list[tuple[str, str]] = []
    makers = [("lorem", lambda: fk.sentence(nb_words=8)),
              ("title-case", lambda: " ".join(w[:1].upper() + w[1:] for w in fk.sentence(nb_words=6).split())),
              ("lower-case", lambda: fk.sentence(nb_words=8).lower()),
              ("address", fk.address), ("company", fk.company), ("job", fk.job)]
    for kind, make in makers:
        seen: set[str] = set()
        tries = 0
        while sum(1 for k, _ in out if k == kind) < per // len(makers) and tries < per * 4:
            tries += 1
            try:
                t = " ".join(make().split())
            except AttributeError:  # a provider the locale lacks
                break
            if t.isascii() and locale in LOCALES:  # a provider the locale lacks fell back to English's lorem
                break
            if t not in seen:
                seen.add(t)
                out.append((kind, t))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per", type=int, default=400, help="texts per locale (split over the kinds)")
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--locales", default=",".join(LOCALES))
    ap.add_argument("--show", type=int, default=10, help="denied texts listed per locale")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    from consent.names import NameMatcher

    m = NameMatcher()
    report: dict[str, dict] = {}
    total = denied_total = 0
    for loc in args.locales.split(","):
        got = texts(loc, args.per, args.seed)
        by_kind: Counter[str] = Counter()
        denied_kind: Counter[str] = Counter()
        rules: Counter[str] = Counter()
        shown: list[str] = []
        for kind, t in got:
            by_kind[kind] += 1
            found = m.find_all(t).likenesses
            if found:
                denied_kind[kind] += 1
                for x in found:
                    rules[str(x.extra.get("rule"))] += 1
                if len(shown) < args.show:
                    shown.append(f"{kind}: {t} -> {[(x.text, x.extra.get('rule')) for x in found]}")
        n, d = sum(by_kind.values()), sum(denied_kind.values())
        total += n
        denied_total += d
        report[loc] = {"texts": n, "denied": d, "by_kind": {k: [denied_kind[k], by_kind[k]] for k in by_kind},
                       "rules": dict(rules), "examples": shown}
        kinds = ", ".join(f"{k} {denied_kind[k]}/{by_kind[k]}" for k in by_kind)
        print(f"{loc:7} denied {d:4} of {n:4} ({100 * d / max(n, 1):4.1f} %)  {kinds}  rules {dict(rules)}")
        for line in shown:
            print("    " + line)
    print(f"all     denied {denied_total} of {total} ({100 * denied_total / max(total, 1):.2f} %)")
    if args.json:
        args.json.write_text(json.dumps({"per": args.per, "seed": args.seed, "total": total,
                                         "denied": denied_total, "locales": report}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
