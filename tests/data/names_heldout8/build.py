#!/usr/bin/env python3
"""Build and validate names_heldout8.jsonl from parts/p_*.py (person=true) and parts/c_*.py (person=false)."""
import importlib.util, json, os, re, sys, unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "names_heldout8.jsonl")  # tests/data/names_heldout8.jsonl

def load(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m

def gather():
    rows = []
    pdir = os.path.join(HERE, "parts")
    for fn in sorted(os.listdir(pdir)):
        if not fn.endswith(".py"): continue
        if fn.startswith("p_"): person = True
        elif fn.startswith("c_"): person = False
        else: continue
        m = load(os.path.join(pdir, fn))
        for fam, items in m.FAMILIES.items():
            for it in items:
                assert isinstance(it, tuple) and len(it) == 2, (fn, fam, it)
                prompt, note = it
                rows.append({"prompt": prompt, "person": person, "family": fam, "note": note})
    return rows

NOSPACE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
def words(s):
    n = 0
    for t in s.split():
        k = len(NOSPACE.findall(t))
        if k:
            n += max(1, round(k / 2)) + (1 if re.search(r"[A-Za-z0-9]{2,}", t) else 0)
        elif re.search(r"\w", t):
            n += 1
    return n

def bucket(s):
    w = words(s)
    return "short" if w <= 12 else ("medium" if w <= 35 else "long")

SCRIPTS = [
    ("ja", r"[\u3040-\u30ff]"), ("ko", r"[\uac00-\ud7af]"), ("zh", r"[\u4e00-\u9fff]"),
    ("th", r"[\u0e00-\u0e7f]"), ("el", r"[\u0370-\u03ff]"), ("he", r"[\u0590-\u05ff]"),
    ("ka", r"[\u10a0-\u10ff]"), ("hy", r"[\u0530-\u058f]"), ("am", r"[\u1200-\u137f]"),
    ("bn", r"[\u0980-\u09ff]"), ("ta", r"[\u0b80-\u0bff]"), ("hi", r"[\u0900-\u097f]"),
]
LATIN = {  # distinctive marker words (whole words, lower-case)
    "es": {"con", "el", "los", "una", "del", "para", "fondo", "estilo", "muy", "y", "las"},
    "pt": {"com", "uma", "fundo", "não", "em", "ao", "dos", "das", "foto", "estilo"},
    "fr": {"avec", "une", "dans", "les", "sur", "fond", "du", "des", "et", "au"},
    "de": {"mit", "und", "eine", "ein", "im", "auf", "der", "die", "das", "vor", "hintergrund"},
    "it": {"con", "della", "nel", "sullo", "sulla", "gli", "sfondo", "il", "di", "una", "stile"},
    "nl": {"met", "een", "het", "achtergrond", "op", "van", "bij"},
    "sv": {"och", "med", "på", "bakgrund", "av", "stil"},
    "da": {"og", "med", "på", "af", "baggrund", "stil"},
    "pl": {"z", "w", "się", "tle", "zdjęcie", "przy", "koszulce"},
    "tr": {"ile", "bir", "ve", "arka", "planda", "tarzında", "fotoğrafı"},
    "id": {"dengan", "yang", "di", "dan", "latar", "gaya", "foto"},
    "vi": {"của", "với", "và", "trong", "một", "ảnh", "phong"},
    "sw": {"ya", "wa", "katika", "picha", "na", "mtindo"},
    "tl": {"ng", "sa", "mga", "larawan", "isang"},
    "fi": {"ja", "kuva", "taustalla", "tyyliin"},
    "hu": {"és", "egy", "háttérben", "stílusban", "az"},
    "ro": {"cu", "și", "în", "fundal", "un", "o"},
    "cs": {"na", "se", "ve", "pozadí", "fotka", "za", "nad", "mlha"},
    "en": {"the", "and", "with", "of", "a", "in", "on"},
}
def lang(s):
    for code, pat in SCRIPTS:
        if re.search(pat, s):
            return code
    if re.search(r"[\u0600-\u06ff]", s):
        return "fa" if re.search(r"[پچژگک]|ی", s) and not re.search(r"[ةى]", s) else "ar"
    if re.search(r"[\u0400-\u04ff]", s):
        if re.search(r"[іїєґ]", s.lower()): return "uk"
        if re.search(r"[ђћљњџј]", s.lower()): return "sr"
        if re.search(r"[өү]", s.lower()): return "mn"
        lat = len(re.findall(r"[A-Za-z]", s)); cyr = len(re.findall(r"[\u0400-\u04ff]", s))
        if cyr > lat: return "ru"
    toks = re.findall(r"[^\W\d_]+", s.lower())
    sc = {k: sum(1 for t in toks if t in v) for k, v in LATIN.items()}
    best = max(sc, key=sc.get)
    if sc["en"] >= sc[best]: best = "en"
    return best if sc[best] >= 2 else "und"

def main():
    rows = gather()
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # ---- read back and validate
    errors = []
    back = [json.loads(l) for l in open(OUT, encoding="utf-8")]
    for r in back:
        if set(r) != {"prompt", "person", "family", "note"}: errors.append(f"bad keys {r}")
        if not isinstance(r["prompt"], str) or not r["prompt"].strip(): errors.append(f"empty prompt {r}")
        if not isinstance(r["person"], bool): errors.append(f"person not bool {r}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", r["family"]): errors.append(f"family not snake_case {r['family']}")
        if not r["note"].strip(): errors.append(f"empty note {r['prompt'][:60]}")
    dup = [p for p, c in Counter(r["prompt"] for r in back).items() if c > 1]
    if dup: errors.append(f"duplicate prompts: {dup[:5]}")
    pos = [r for r in back if r["person"]]; neg = [r for r in back if not r["person"]]
    n = len(back)
    if not (750 <= n <= 850): errors.append(f"total {n} not ~800")
    if abs(len(pos) - len(neg)) > 0.1 * n: errors.append(f"imbalanced {len(pos)}/{len(neg)}")
    fam = Counter((r["person"], r["family"]) for r in back)
    for (p, f_), c in fam.items():
        if c < 15: errors.append(f"family {f_} (person={p}) has {c} < 15")
    for side, lst in (("person", pos), ("clean", neg)):
        nf = len({r["family"] for r in lst})
        if nf < 15: errors.append(f"{side}: only {nf} families")
    # roster
    sys.path.insert(0, HERE)
    from people import PEOPLE
    names = [p[0] for p in PEOPLE]
    if len(names) != len(set(names)): errors.append(f"roster duplicates {[k for k,c in Counter(names).items() if c>1]}")
    noted = set()
    for r in pos:
        for nm in r["note"].split("; "):
            noted.add(nm.strip())
    if noted != set(names):
        errors.append(f"roster mismatch: in notes not roster {sorted(noted-set(names))}; in roster not notes {sorted(set(names)-noted)}")
    tiers = Counter(p[3] for p in PEOPLE); conts = Counter(p[2] for p in PEOPLE); countries = {p[1] for p in PEOPLE}
    for p in PEOPLE:
        if p[3] not in ("global", "national", "historical"): errors.append(f"bad tier {p}")
        if p[2] not in ("Africa", "Asia", "Europe", "North America", "South America", "Oceania"): errors.append(f"bad continent {p}")
    if len(names) < 380: errors.append(f"only {len(names)} distinct people")
    if len(countries) < 100: errors.append(f"only {len(countries)} countries")
    if len(conts) < 6: errors.append(f"continents {dict(conts)}")
    if tiers["global"] > len(names) / 3: errors.append(f"too many global: {tiers['global']}")
    # length mix
    mix = {}
    for side, lst in (("person", pos), ("clean", neg)):
        b = Counter(bucket(r["prompt"]) for r in lst); t = len(lst) or 1
        mix[side] = {k: b[k] / t for k in ("short", "medium", "long")}
        s, m, l = mix[side]["short"], mix[side]["medium"], mix[side]["long"]
        if not (0.25 <= s <= 0.35): errors.append(f"{side} short share {s:.1%}")
        if not (0.30 <= m <= 0.50): errors.append(f"{side} medium share {m:.1%}")
        if not (0.20 <= l <= 0.40): errors.append(f"{side} long share {l:.1%}")
    langs = Counter(lang(r["prompt"]) for r in back)
    langs_real = {k for k in langs if k != "und"}
    if len(langs_real - {"en"}) < 15: errors.append(f"only {len(langs_real - {'en'})} non-English languages: {dict(langs)}")
    # ---- summary
    print(f"rows {n}: person {len(pos)}, clean {len(neg)}")
    print(f"{'family':32} {'side':7} {'n':>4} {'short':>6} {'med':>5} {'long':>5}")
    for (p, f_) in sorted(fam, key=lambda x: (not x[0], x[1])):
        lst = [r for r in back if r["person"] == p and r["family"] == f_]
        b = Counter(bucket(r["prompt"]) for r in lst)
        print(f"{f_:32} {'person' if p else 'clean':7} {len(lst):4} {b['short']:6} {b['medium']:5} {b['long']:5}")
    for side in mix:
        print(f"length mix {side}: " + ", ".join(f"{k} {v:.1%}" for k, v in mix[side].items()))
    print(f"people {len(names)}, countries {len(countries)}, tiers {dict(tiers)}, continents {dict(conts)}")
    print(f"languages detected ({len(langs_real)} incl. en): {dict(sorted(langs.items(), key=lambda x: -x[1]))}")
    if errors:
        print("\nFAILED:"); [print(" -", e) for e in errors]; sys.exit(1)
    print("\nALL CHECKS PASSED"); sys.exit(0)

if __name__ == "__main__":
    main()
