#!/usr/bin/env python3
"""Build and validate names_heldout6.jsonl from parts/*.py.

Each part module defines FAMILIES = {family: [(prompt, note), ...]}.
The person flag is fixed per family (PERSON_FAMILIES -> True, CLEAN_FAMILIES -> False).
Exit 0 only when every check passes.
"""
import glob, importlib.util, json, os, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "names_heldout6.jsonl")

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
MIN_PER_FAMILY = 15
MIN_PERSON = 330
MIN_CLEAN = 330
MIN_DISTINCT_PEOPLE = 220
ERA_ORDER = ["pre-1900", "1900-1970", "1970-2000", "2000-2015", "2015-2026"]
# how the person is referred to, by family (for the era x reference table)
REF_STYLE = {
    "plain": "full_name", "lowercase": "full_name", "allcaps": "full_name",
    "misspelled": "full_name", "spaced_dotted": "full_name", "leetspeak": "full_name",
    "homoglyph_control": "full_name", "other_language": "full_name", "lora_tag": "full_name",
    "sd_tags": "full_name", "artist_style": "full_name",
    "single_name": "mononym_surname", "possessive_inflected": "inflected",
    "nickname_epithet": "nickname", "quoted_nickname": "nickname",
    "nonlatin_script": "native_script", "runtogether_hashtag": "handle_hashtag",
    "description": "description",
}
# characters that must appear in the homoglyph_control family as a whole
INVISIBLES = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u007f"}


def load_parts():
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "parts", "*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for fam, items in mod.FAMILIES.items():
            for it in items:
                rows.append((name, fam, it))
    return rows


def main():
    errors = []
    rows = load_parts()
    records = []
    for part, fam, it in rows:
        if fam in PERSON_FAMILIES:
            person = True
        elif fam in CLEAN_FAMILIES:
            person = False
        else:
            errors.append(f"{part}: unknown family {fam!r}")
            continue
        if not (isinstance(it, tuple) and len(it) == 2 and all(isinstance(x, str) for x in it)):
            errors.append(f"{part}/{fam}: bad item {it!r}")
            continue
        prompt, note = it
        if not prompt.strip() or not note.strip():
            errors.append(f"{part}/{fam}: empty prompt or note: {it!r}")
        records.append({"prompt": prompt, "person": person, "family": fam, "note": note})

    # duplicates (exact, and after case/space folding)
    exact = Counter(r["prompt"] for r in records)
    for p, c in exact.items():
        if c > 1:
            errors.append(f"duplicate prompt x{c}: {p!r}")
    folded = Counter(" ".join(r["prompt"].casefold().split()) for r in records)
    for p, c in folded.items():
        if c > 1 and exact.get(p, 0) < 2:
            errors.append(f"near-duplicate prompt (case/space) x{c}: {p!r}")

    # family sizes
    fam_counts = Counter(r["family"] for r in records)
    for fam in PERSON_FAMILIES + CLEAN_FAMILIES:
        if fam_counts[fam] < MIN_PER_FAMILY:
            errors.append(f"family {fam} has {fam_counts[fam]} < {MIN_PER_FAMILY}")

    n_person = sum(r["person"] for r in records)
    n_clean = len(records) - n_person
    if n_person < MIN_PERSON:
        errors.append(f"person prompts {n_person} < {MIN_PERSON}")
    if n_clean < MIN_CLEAN:
        errors.append(f"clean prompts {n_clean} < {MIN_CLEAN}")

    people = Counter()
    for r in records:
        if r["person"]:
            for n in r["note"].split("; "):
                people[n.strip()] += 1
    if len(people) < MIN_DISTINCT_PEOPLE:
        errors.append(f"distinct people {len(people)} < {MIN_DISTINCT_PEOPLE}")
    sys.path.insert(0, HERE)
    from eras import ERA_OF
    for n in sorted(people):
        if n not in ERA_OF:
            errors.append(f"person without era in eras.py: {n!r}")
    for n in sorted(set(ERA_OF) - set(people)):
        errors.append(f"eras.py lists someone not in the set: {n!r}")

    # family-specific sanity checks
    for r in records:
        p, fam = r["prompt"], r["family"]
        if fam == "lowercase" and p != p.lower():
            errors.append(f"lowercase family not lowercase: {p!r}")
        if fam == "allcaps" and p != p.upper():
            errors.append(f"allcaps family not uppercase: {p!r}")
        if fam == "homoglyph_control":
            odd = [ch for ch in p if ch in INVISIBLES or (ord(ch) > 0x7F and unicodedata.category(ch).startswith("L")
                   and unicodedata.name(ch, "").split()[0] in ("CYRILLIC", "GREEK"))]
            if not odd:
                errors.append(f"homoglyph_control without look-alike/control char: {p!r}")
        if fam == "nonlatin_script" and all(ord(ch) < 0x250 for ch in p):
            errors.append(f"nonlatin_script prompt has no non-Latin chars: {p!r}")
        if fam == "runtogether_hashtag":
            pass
    used_inv = {ch for r in records if r["family"] == "homoglyph_control" for ch in r["prompt"] if ch in INVISIBLES}
    missing = INVISIBLES - used_inv
    if missing:
        errors.append(f"homoglyph_control misses control chars: {sorted(hex(ord(c)) for c in missing)}")

    # write, then re-read and validate JSON
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(OUT, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != len(records):
        errors.append(f"line count {len(lines)} != records {len(records)}")
    for i, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except Exception as e:  # noqa
            errors.append(f"line {i}: invalid JSON: {e}")
            continue
        if set(obj) != {"prompt", "person", "family", "note"} or not isinstance(obj["person"], bool):
            errors.append(f"line {i}: bad schema")
        if obj != records[i - 1]:
            errors.append(f"line {i}: round-trip mismatch")
    raw = open(OUT, encoding="utf-8").read()
    for ch in ("\u200b", "\u00ad", "\u007f", "\u0430"):
        if ch not in raw:
            errors.append(f"real character U+{ord(ch):04X} not present in JSONL")

    # report
    print(f"total prompts: {len(records)}")
    print(f"person=true: {n_person}   person=false: {n_clean}")
    print(f"distinct people: {len(people)}")
    print("person families:")
    for fam in PERSON_FAMILIES:
        print(f"  {fam:22s} {fam_counts[fam]}")
    print("clean families:")
    for fam in CLEAN_FAMILIES:
        print(f"  {fam:22s} {fam_counts[fam]}")
    era_people = Counter(ERA_OF.get(n, "?") for n in people)
    print("distinct people per era of fame:")
    for e in ERA_ORDER:
        print(f"  {e:10s} {era_people[e]}")
    styles = sorted(set(REF_STYLE.values()))
    tab = Counter()
    for r in records:
        if r["person"]:
            for n in r["note"].split("; "):
                tab[(ERA_OF.get(n.strip(), "?"), REF_STYLE[r["family"]])] += 1
    print("person mentions, era x reference style:")
    print("  " + "era".ljust(10) + "".join(s_[:10].rjust(11) for s_ in styles))
    for e in ERA_ORDER:
        print("  " + e.ljust(10) + "".join(str(tab[(e, s_)]).rjust(11) for s_ in styles))
    if "-v" in sys.argv:
        print("people (prompt count):")
        for n, c in sorted(people.items()):
            print(f"  {c}  {n}")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nALL CHECKS PASSED ->", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
