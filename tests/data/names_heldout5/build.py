"""Assemble parts/p*.py into names_heldout5.jsonl with validation."""
import glob, importlib.util, json, random, re, sys, unicodedata
from collections import Counter, defaultdict
from roster import NAMES, ROSTER

TRUE_FAMS = ["plain","lowercase","allcaps","single_name","spaced_dotted","runtogether_hashtag",
 "nonlatin_script","homoglyph_control","leetspeak","misspelled","quoted_nickname","nickname_epithet",
 "description","possessive_inflected","artist_style","other_language","production_brief"]
FALSE_FAMS = ["everyday","place","landmark","brand","product","breed","artwork","fiction",
 "myth_religion_figures","food_drink","eponym_thing","team_org","song_film_title","style_movement",
 "generic_roles","other_language_clean","production_brief_clean"]
MIN_PER_FAM = 18

def norm(s):
    s = unicodedata.normalize("NFKC", s).lower()
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith(("P","S","C","Z")))
    return s

def main():
    errs = []
    rows = []
    langs = Counter()
    for path in sorted(glob.glob("parts/p*.py")):
        spec = importlib.util.spec_from_file_location(path, path)
        mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
        person_map = getattr(mod, "PERSON", {})
        for fam, items in mod.FAM.items():
            if fam in TRUE_FAMS: label = True
            elif fam in FALSE_FAMS: label = False
            else: errs.append(f"{path}: unknown family {fam}"); continue
            if fam in person_map and person_map[fam] != label:
                errs.append(f"{path}: PERSON[{fam}] disagrees with family label")
            for it in items:
                prompt, note = it[0], it[1]
                lang = it[2] if len(it) > 2 else "en"
                if not prompt or not prompt.strip() or not note or not note.strip():
                    errs.append(f"{path}/{fam}: empty field in {it!r}"); continue
                if label:
                    for who in note.split("; "):
                        if who not in NAMES:
                            errs.append(f"{path}/{fam}: note {who!r} not in roster")
                rows.append({"prompt": prompt, "person": label, "family": fam, "note": note, "_lang": lang, "_src": path})
    seen = {}
    for r in rows:
        k = norm(r["prompt"])
        if not k: errs.append(f"empty after normalisation: {r['prompt']!r}")
        if k in seen:
            errs.append(f"duplicate: {r['prompt']!r} ({r['_src']}) ~ {seen[k]!r}")
        seen[k] = r["prompt"]
    fam_counts = Counter(r["family"] for r in rows)
    for f in TRUE_FAMS + FALSE_FAMS:
        if fam_counts[f] < MIN_PER_FAM:
            errs.append(f"family {f} has {fam_counts[f]} < {MIN_PER_FAM}")
    people = set()
    for r in rows:
        if r["person"]:
            people.update(r["note"].split("; "))
    n_true = sum(r["person"] for r in rows); n_false = len(rows) - n_true
    for r in rows: langs[r["_lang"]] += 1
    print(f"total {len(rows)}  person=true {n_true}  person=false {n_false}  distinct people {len(people)}")
    print(f"languages ({len(langs)}):", dict(sorted(langs.items(), key=lambda x: -x[1])))
    reg = Counter(); fld = Counter()
    rmap = {r[0]: r for r in ROSTER}
    for p in people:
        if p in rmap: reg[rmap[p][1]] += 1; fld[rmap[p][2]] += 1
    print("people by region:", dict(reg)); print("people by field:", dict(fld))
    print("per family:")
    for f in TRUE_FAMS: print(f"  T {f:22s} {fam_counts[f]}")
    for f in FALSE_FAMS: print(f"  F {f:22s} {fam_counts[f]}")
    if n_true < 350 or n_false < 350 or len(people) < 220:
        errs.append("overall minimums not met (350 true / 350 false / 220 people)")
    if errs:
        print(f"\n{len(errs)} PROBLEMS:"); [print("  ", e) for e in errs[:80]]
    random.Random(20261202).shuffle(rows)
    with open("names_heldout5.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: r[k] for k in ("prompt","person","family","note")}, ensure_ascii=False) + "\n")
    with open("stats.json", "w") as fh:
        json.dump({"total": len(rows), "true": n_true, "false": n_false, "people": len(people),
                   "languages": dict(langs), "families": dict(fam_counts)}, fh, indent=1, ensure_ascii=False)
    return 1 if errs else 0

if __name__ == "__main__":
    sys.exit(main())
