#!/usr/bin/env python3
"""Build and validate held-out name-evaluation set #7.

Reads parts/*.py (each defines FAMILIES = {family: [(prompt, note), ...]}) and
people.py (PEOPLE roster), writes names_heldout7.jsonl, reads it back and
validates. Exit code 0 only when every check passes.
"""
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "names_heldout7.jsonl"  # tests/data/names_heldout7.jsonl

PERSON_FAMILIES = [
    "plain", "lowercase", "allcaps", "single_name", "nickname_epithet",
    "quoted_nickname", "spaced_dotted", "runtogether_hashtag", "leetspeak",
    "homoglyph_control", "misspelled", "nonlatin_script", "other_language",
    "possessive_inflected", "description", "artist_style", "lora_tag", "sd_tags",
]
CLEAN_FAMILIES = [
    "place", "landmark", "brand_product", "breed", "food_drink", "eponym_thing",
    "fiction", "myth_religion", "style_movement", "generic_people",
    "song_film_title", "sd_tags_clean", "other_language_clean", "everyday",
    "weather_time", "screenplay_clean",
]
REQUIRED_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u007f"]
CONTINENTS = {"Africa", "Asia", "Europe", "North America", "South America", "Oceania"}
TIERS = {"global", "national", "historical"}


def load_module(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def fold(s):
    return re.sub(r"\s+", " ", s.casefold()).strip()


def is_lookalike_or_invisible(ch):
    if ch in REQUIRED_INVISIBLES:
        return True
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Cc") and ch not in "\n\t":
        return True
    name = unicodedata.name(ch, "")
    return name.startswith("CYRILLIC") or name.startswith("GREEK")


def has_nonlatin_letter(s):
    for ch in s:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if not name.startswith("LATIN"):
                return True
    return False


def main():
    errors = []
    families = {}
    for path in sorted((HERE / "parts").glob("*.py")):
        mod = load_module(path)
        for fam, items in mod.FAMILIES.items():
            if fam in families:
                errors.append(f"family {fam} defined twice (again in {path.name})")
            families[fam] = list(items)

    people_mod = load_module(HERE / "people.py")
    roster = people_mod.PEOPLE

    # ---- write ----
    rows = []
    for fam in PERSON_FAMILIES + CLEAN_FAMILIES:
        person = fam in PERSON_FAMILIES
        for prompt, note in families.get(fam, []):
            rows.append({"prompt": prompt, "person": person, "family": fam, "note": note})
    unknown = set(families) - set(PERSON_FAMILIES) - set(CLEAN_FAMILIES)
    if unknown:
        errors.append(f"unknown families: {sorted(unknown)}")
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # ---- read back & validate ----
    back = []
    with OUT.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {i}: invalid JSON ({e})")
                continue
            if not isinstance(obj, dict) or set(obj) != {"prompt", "person", "family", "note"}:
                errors.append(f"line {i}: keys {sorted(obj) if isinstance(obj, dict) else type(obj)}")
                continue
            if not (isinstance(obj["prompt"], str) and isinstance(obj["person"], bool)
                    and isinstance(obj["family"], str) and isinstance(obj["note"], str)):
                errors.append(f"line {i}: wrong value types")
            if not obj["prompt"].strip() or not obj["note"].strip():
                errors.append(f"line {i}: empty prompt or note")
            back.append(obj)

    exact, folded = Counter(), Counter()
    for r in back:
        exact[r["prompt"]] += 1
        folded[fold(r["prompt"])] += 1
    for p, c in exact.items():
        if c > 1:
            errors.append(f"duplicate prompt (exact): {p[:60]!r}")
    for p, c in folded.items():
        if c > 1:
            errors.append(f"duplicate prompt (folded): {p[:60]!r}")

    by_fam = defaultdict(list)
    for r in back:
        by_fam[r["family"]].append(r)
    for fam in PERSON_FAMILIES + CLEAN_FAMILIES:
        n = len(by_fam.get(fam, []))
        if n < 12:
            errors.append(f"family {fam}: only {n} prompts (< 12)")
        want = fam in PERSON_FAMILIES
        for r in by_fam.get(fam, []):
            if r["person"] != want:
                errors.append(f"family {fam}: wrong person label on {r['prompt'][:50]!r}")

    n_person = sum(r["person"] for r in back)
    n_clean = len(back) - n_person
    if n_person < 400:
        errors.append(f"only {n_person} person prompts (< 400)")
    if n_clean < 400:
        errors.append(f"only {n_clean} clean prompts (< 400)")

    for r in by_fam["lowercase"]:
        if r["prompt"] != r["prompt"].lower():
            errors.append(f"lowercase not all lower: {r['prompt'][:60]!r}")
    for r in by_fam["allcaps"]:
        if r["prompt"] != r["prompt"].upper():
            errors.append(f"allcaps not all upper: {r['prompt'][:60]!r}")

    used_inv = set()
    for r in by_fam["homoglyph_control"]:
        if not any(is_lookalike_or_invisible(ch) for ch in r["prompt"]):
            errors.append(f"homoglyph_control without look-alike/invisible: {r['prompt'][:60]!r}")
        used_inv |= {ch for ch in r["prompt"] if ch in REQUIRED_INVISIBLES}
    missing_inv = [f"U+{ord(c):04X}" for c in REQUIRED_INVISIBLES if c not in used_inv]
    if missing_inv:
        errors.append(f"homoglyph_control family never uses {missing_inv}")

    for r in by_fam["nonlatin_script"]:
        if not has_nonlatin_letter(r["prompt"]):
            errors.append(f"nonlatin_script without non-Latin letters: {r['prompt'][:60]!r}")

    # ---- roster ----
    names = [p[0] for p in roster]
    if len(names) != len(set(names)):
        dup = [n for n, c in Counter(names).items() if c > 1]
        errors.append(f"roster duplicates: {dup}")
    for p in roster:
        if len(p) != 4 or p[2] not in CONTINENTS or p[3] not in TIERS:
            errors.append(f"bad roster entry: {p}")
    in_prompts = set()
    for r in back:
        if r["person"]:
            for n in r["note"].split("; "):
                in_prompts.add(n.strip())
    missing = sorted(in_prompts - set(names))
    extra = sorted(set(names) - in_prompts)
    if missing:
        errors.append(f"people in prompts but not in roster: {missing}")
    if extra:
        errors.append(f"people in roster but in no prompt: {extra}")
    if len(in_prompts) < 260:
        errors.append(f"only {len(in_prompts)} distinct people (< 260)")
    countries = {p[1] for p in roster}
    continents = {p[2] for p in roster}
    if len(countries) < 60:
        errors.append(f"only {len(countries)} countries (< 60)")
    if continents != CONTINENTS:
        errors.append(f"continents missing: {sorted(CONTINENTS - continents)}")

    # ---- report ----
    print(f"wrote {OUT.name}: {len(back)} prompts ({n_person} person, {n_clean} clean)")
    for fam in PERSON_FAMILIES + CLEAN_FAMILIES:
        print(f"  {fam:22s} {'P' if fam in PERSON_FAMILIES else 'C'} {len(by_fam.get(fam, []))}")
    tiers = Counter(p[3] for p in roster)
    print(f"distinct people: {len(in_prompts)}; countries: {len(countries)}; "
          f"continents: {len(continents)}; tiers: {dict(tiers)}")
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  -", e)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
