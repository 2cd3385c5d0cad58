#!/usr/bin/env python3
"""Build and validate names_heldout9.jsonl from parts/*.py (blind, scenario-based set)."""
import glob, importlib.util, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "names_heldout9.jsonl")  # tests/data/names_heldout9.jsonl
sys.path.insert(0, HERE)

def load_parts():
    projects = {}
    for path in sorted(glob.glob(os.path.join(HERE, "parts", "*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
        for pid, rows in mod.PROJECTS.items():
            assert pid not in projects, "duplicate project id %s" % pid
            projects[pid] = rows
    return projects

NOSPACE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f\uac00-\ud7af]")
def words(text):
    n = 0
    for tok in text.split():
        k = len(NOSPACE.findall(tok))
        n += max(1, round(k / 2)) if k >= 3 else 1
    return n

def length_class(text):
    w = words(text)
    return "short" if w <= 12 else ("medium" if w <= 29 else "long")

SCRIPTS = [("hindi", r"[\u0900-\u097f]"), ("korean", r"[\uac00-\ud7af]"), ("japanese", r"[\u3040-\u30ff]"),
           ("greek", r"[\u0370-\u03ff]"), ("thai", r"[\u0e00-\u0e7f]"), ("hebrew", r"[\u0590-\u05ff]"),
           ("georgian", r"[\u10a0-\u10ff]"), ("armenian", r"[\u0530-\u058f]"), ("bengali", r"[\u0980-\u09ff]"),
           ("amharic", r"[\u1200-\u137f]")]
STOP = {
    "portuguese": {"não", "com", "uma", "para", "da", "do", "em", "de", "cartaz", "novela", "numa", "ao"},
    "spanish": {"el", "los", "las", "una", "con", "para", "estilo", "del", "y", "en", "de"},
    "german": {"und", "der", "die", "das", "mit", "im", "für", "ein", "eine", "auf", "vor"},
    "french": {"le", "les", "des", "une", "avec", "dans", "pour", "du", "et", "sur", "à"},
    "italian": {"il", "della", "con", "una", "gli", "nel", "sposi", "stile", "di", "che", "in"},
    "turkish": {"ve", "bir", "ile", "gibi", "tarzında", "için", "gece", "dizi"},
    "polish": {"w", "na", "z", "jako", "się", "przy", "ze"},
    "czech": {"na", "jako", "rytíř", "černobílá", "komiks"},
    "hungarian": {"egy", "alatt", "kupolája", "szatíra", "karikatúra", "rajz"},
    "romanian": {"pe", "din", "ca", "un", "stil", "desen"},
    "dutch": {"de", "het", "een", "met", "van", "op", "voor", "en", "aan", "bij"},
    "swedish": {"och", "på", "med", "en", "som", "ett", "i"},
    "norwegian_danish": {"som", "et", "av", "en", "sett", "bakfra", "tom"},
    "indonesian": {"dengan", "yang", "dan", "untuk", "di", "saat", "pakai", "dalam"},
    "malay": {"ala", "filem", "bersama", "bermain", "memakai", "seorang"},
    "tagalog": {"ng", "sa", "mga", "si", "ang", "na", "at"},
    "vietnamese": {"của", "và", "với", "ở", "trong", "người", "ngồi", "cầm", "ly", "uống", "lúc", "trên", "bàn"},
    "swahili": {"na", "ya", "wa", "kwa", "picha", "machweo"},
    "afrikaans": {"wat", "die", "van", "vir", "onder", "n", "snags"},
    "nigerian_pidgin": {"dey", "abeg", "wey", "oya", "make", "for"},
    "uzbek": {"holda", "yozayotgan", "uslubida", "bog"},
    "serbo_croatian": {"u", "na", "i", "sa", "iz", "s", "kofer", "pjevač", "pevačica"},
}
REQ = {"czech": 2, "hungarian": 2, "malay": 2, "uzbek": 2, "afrikaans": 2, "nigerian_pidgin": 2, "swahili": 2}
def languages(text):
    found = set()
    for name, rx in SCRIPTS:
        if re.search(rx, text):
            found.add(name)
    if "japanese" not in found and re.search(r"[\u4e00-\u9fff]", text):
        found.add("chinese")
    if re.search(r"[\u0600-\u06ff]", text):
        if re.search(r"[ےںٹڈڑ]", text): found.add("urdu")
        elif re.search(r"[پچژگ]|ی", text): found.add("persian")
        else: found.add("arabic")
    if re.search(r"[\u0400-\u04ff]", text):
        if re.search(r"[іїєґ]", text.lower()): found.add("ukrainian")
        elif re.search(r"[ђћљњџј]", text.lower()): found.add("serbian")
        else: found.add("russian")
    toks = set(re.findall(r"[^\W\d_]+", text.lower()))
    for lang, sw in STOP.items():
        if len(toks & sw) >= REQ.get(lang, 3):
            found.add(lang)
    return found

def main():
    projects = load_parts()
    from people import PEOPLE
    rows = []
    for pid, items in projects.items():
        for it in items:
            prompt, person, note = it
            rows.append({"prompt": prompt, "person": bool(person), "family": pid, "note": note})
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # ---- read back and validate
    errors = []
    back = [json.loads(l) for l in open(OUT, encoding="utf-8")]
    for r in back:
        if set(r) != {"prompt", "person", "family", "note"}:
            errors.append("bad keys: %r" % r)
        if not isinstance(r["prompt"], str) or not isinstance(r["person"], bool) or not r["note"].strip():
            errors.append("bad types/empty note: %r" % r["prompt"][:60])
    dup = [p for p, c in Counter(r["prompt"].strip().lower() for r in back).items() if c > 1]
    if dup:
        errors.append("duplicate prompts: %r" % dup[:5])
    fam = Counter(r["family"] for r in back)
    for pid in projects:
        kinds = {r["person"] for r in back if r["family"] == pid}
        if fam[pid] < 12 or kinds != {True, False}:
            errors.append("project %s: %d prompts, kinds %s" % (pid, fam[pid], kinds))
        if not re.fullmatch(r"[a-z0-9_]+", pid):
            errors.append("project id not snake_case: %s" % pid)
    n = len(back); npos = sum(r["person"] for r in back)
    if not (700 <= n <= 900):
        errors.append("total %d outside 700-900" % n)
    if not (0.42 <= npos / n <= 0.58):
        errors.append("person share %.2f" % (npos / n))
    # roster
    noted = set()
    for r in back:
        if r["person"]:
            for nm in r["note"].split("; "):
                noted.add(nm.strip())
    roster = [p[0] for p in PEOPLE]
    if len(roster) != len(set(roster)):
        errors.append("roster duplicates: %r" % [k for k, c in Counter(roster).items() if c > 1])
    if set(roster) != noted:
        errors.append("roster mismatch: missing from roster %r; not in notes %r" % (sorted(noted - set(roster))[:20], sorted(set(roster) - noted)[:20]))
    for p in PEOPLE:
        if len(p) != 4 or p[3] not in {"global", "national", "historical"} or p[2] not in {"Africa", "Asia", "Europe", "North America", "South America", "Oceania"}:
            errors.append("bad roster row %r" % (p,))
    countries = {p[1] for p in PEOPLE}
    tiers = Counter(p[3] for p in PEOPLE); conts = Counter(p[2] for p in PEOPLE)
    if len(roster) < 350: errors.append("only %d people" % len(roster))
    if len(countries) < 90: errors.append("only %d countries" % len(countries))
    if tiers["global"] > len(roster) / 3: errors.append("too many global: %d" % tiers["global"])
    # length mix
    mix = {}
    for side in (True, False):
        c = Counter(length_class(r["prompt"]) for r in back if r["person"] is side)
        tot = sum(c.values())
        mix[side] = {k: c[k] / tot for k in ("short", "medium", "long")}
        for k, (lo, hi) in {"short": (.20, .40), "medium": (.30, .50), "long": (.20, .40)}.items():
            if not lo <= mix[side][k] <= hi:
                errors.append("length mix %s %s = %.2f" % ("person" if side else "clean", k, mix[side][k]))
    langs = Counter()
    for r in back:
        for l in languages(r["prompt"]):
            langs[l] += 1
    non_en = [l for l in langs]
    if len(non_en) < 15: errors.append("only %d non-English languages/scripts detected: %r" % (len(non_en), langs))

    print("prompts: %d  person: %d  clean: %d  projects: %d" % (n, npos, n - npos, len(projects)))
    for side in (True, False):
        print("  %-6s length mix: " % ("person" if side else "clean") + "  ".join("%s %.0f%%" % (k, 100 * v) for k, v in mix[side].items()))
    print("people: %d  countries: %d  tiers: %s" % (len(roster), len(countries), dict(tiers)))
    print("continents: %s" % dict(conts))
    print("languages besides English detected (heuristic) (%d): %s" % (len(non_en), dict(langs.most_common())))
    if errors:
        print("\nFAILED (%d):" % len(errors))
        for e in errors: print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")

if __name__ == "__main__":
    main()
