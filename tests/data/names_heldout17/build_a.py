"""Part A: people whose surnames carry a particle. Faker seed 37."""
import json, random, re, sys
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import faker
from faker import Faker
from templates import T

SEED = 37
FV = faker.VERSION
PART = {"de","da","do","dos","das","del","della","delle","di","du","des","la","le",
        "van","von","der","den","zu","ten","ter","te"}
# nl_NL Faker also contains medieval/regional "van <region>" names (historic nobility); skip them.
NL_BLACK = {"Bourgondië","Engeland","Arnsberg","Elzas","Rheineck","Vlaanderen","Luxemburg","Zwaben",
  "Metz","Tours","Jumiège","Parijs","Vermandois","Bentheim","Salm","Opper-Lotharingen","Haspengouw",
  "Henegouwen","Neustrië","Allemanië","Alemannië","Lucel","Hostaden","Landen","Suinvorde","Wessex",
  "Laon","West-Francië","Werl-Arnsberg","Waderle","Gent","Heripon","Bovene","Nuwenhuse","Gratie",
  "Coredo","Starkenberg","Lotharingen","Henegouwen","Holland","Gelre","Kleef","Loon","Namen","Gulik"}
N_PER = 13
MULTI = {"de la", "de las", "de los", "van der", "van den", "van de", "von der"}
PT_DA = {"Silva","Costa","Cunha","Rocha","Mota","Fonseca","Cruz","Luz","Conceição","Mata","Paz","Ponte","Maia","Rosa","Veiga","Silveira","Nóbrega"}
PT_DO = {"Carmo","Nascimento","Amaral","Couto","Vale","Rosário","Rego","Prado","Monte"}
PT_DOS = {"Santos","Reis","Anjos","Ramos","Passos","Prazeres"}
PT_DAS = {"Neves","Chagas","Dores"}

def particle_key(tokens):
    return " ".join(t.lower() for t in tokens[1:] if t.lower() in PART or t.lower().startswith("d'"))

def clean_name(n, loc):
    toks = [t for t in n.split() if "." not in t]          # drop titles/degrees (Sra., Dr., B.A.)
    if len(toks) < 2: return None
    if toks[-1].lower() in PART: return None                 # "Dussen van"
    if any("," in t for t in toks): return None
    if not particle_key(toks): return None
    if any(w in NL_BLACK for t in toks for w in t.split("-")): return None
    if loc in ("nl_NL", "nl_BE") and len(toks) > 4: return None
    # exactly one run of particle tokens, not mixing case ("de la Da Silva", "Le Gall Le Raymond" are Faker artefacts)
    isp = [i > 0 and (t.lower() in PART or t.lower().startswith("d'")) for i, t in enumerate(toks)]
    runs = [i for i in range(len(toks)) if isp[i] and not isp[i-1]]
    if len(runs) != 1: return None
    ptoks = [t for t, p in zip(toks, isp) if p]
    if len(ptoks) > 1 and len({t[0].isupper() for t in ptoks}) > 1: return None
    if len(ptoks) > 1 and " ".join(ptoks).lower() not in MULTI: return None
    if loc.startswith("pt"):  # keep Portuguese contractions idiomatic
        for a, b in zip(toks, toks[1:]):
            if a == "da" and b not in PT_DA: return None
            if a == "do" and b not in PT_DO: return None
            if a == "dos" and b not in PT_DOS: return None
            if a == "das" and b not in PT_DAS: return None
    return " ".join(toks)

def natural(f, loc, k):
    """Draw Faker full names, keep particle ones, round-robin over particle patterns for variety."""
    buckets, seen = {}, set()
    n_carmen = 0
    for _ in range(4000):
        n = clean_name(f.name(), loc)
        if n and "del Carmen" in n:   # particle inside the given name "María del Carmen": keep one
            n_carmen += 1
            if n_carmen > 1: continue
        if n and n not in seen:
            seen.add(n); buckets.setdefault(particle_key(n.split()), []).append(n)
    out, i = [], 0
    keys = list(buckets)
    while len(out) < k and any(buckets.values()):
        b = buckets[keys[i % len(keys)]]
        if b: out.append(b.pop(0))
        i += 1
    return out

def plain_last(f, pred=lambda s: True):
    for _ in range(5000):
        s = f.last_name()
        if " " not in s and "-" not in s and "'" not in s and pred(s): return s
    raise RuntimeError

def one_word_city(f):
    for _ in range(5000):
        c = f.city()
        if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+", c): return c
    raise RuntimeError

def constructed(f, loc, patterns):
    out = []
    for p in patterns:
        fn = f.first_name()
        if p == "DE_LA": s = f"{fn} de la {plain_last(f, lambda s: s.endswith('a'))}"
        elif p == "DE_LOS": s = f"{fn} de los {plain_last(f, lambda s: s.endswith('os'))}"
        elif p == "DE_LAS": s = f"{fn} de las {plain_last(f, lambda s: s.endswith('as'))}"
        elif p == "DOS": s = f"{fn} dos {plain_last(f, lambda s: s in PT_DOS)}"
        elif p == "DAS": s = f"{fn} das {plain_last(f, lambda s: s in PT_DAS)}"
        elif p == "DO": s = f"{fn} do {plain_last(f, lambda s: s in PT_DO)}"
        elif p == "D_APOS_FR": s = f"{fn} d'{plain_last(f, lambda s: s[0] in 'AEIOU')}"
        elif p == "DES": s = f"{fn} des {plain_last(f)}"
        elif p == "IT_DI": s = f"{fn} Di {f.first_name_male()}"
        elif p == "IT_DE": s = f"{fn} De {f.first_name_male()}"
        elif p == "IT_DAPOS": s = f"{fn} D'{plain_last(f, lambda s: s[0] in 'AEIOU')}"
        elif p in ("Della", "Del", "Delle", "Da", "La"): s = f"{fn} {p} {plain_last(f)}"
        elif p == "TEN": s = f"{fn} ten {plain_last(f)}"
        elif p == "TER": s = f"{fn} ter {plain_last(f)}"
        elif p == "VON": s = f"{fn} von {plain_last(f)}"
        elif p == "VON_DER": s = f"{fn} von der {plain_last(f)}"
        elif p == "VON_CITY": s = f"{fn} von {one_word_city(f)}"
        elif p == "VON_ZU": s = f"{fn} von {plain_last(f)} zu {one_word_city(f)}"
        elif p == "ZU": s = f"{fn} zu {one_word_city(f)}"
        else: raise ValueError(p)
        out.append((s, p))
    return out

PLAN = {  # locale: (n natural, constructed patterns, in-language code)
 "es_ES": (9, ["DE_LA", "DE_LOS", "DE_LAS", "DE_LA"], "es"),
 "es_MX": (13, [], "es"),
 "pt_BR": (11, ["DOS", "DO"], "pt"),
 "pt_PT": (11, ["DOS", "DAS"], "pt"),
 "fr_FR": (11, ["D_APOS_FR", "D_APOS_FR"], "fr"),
 "it_IT": (0, ["IT_DI","IT_DI","IT_DI","IT_DE","IT_DE","IT_DE","IT_DAPOS","IT_DAPOS",
               "Della","Del","Delle","Da","La"], "it"),
 "nl_NL": (11, ["TEN", "TER"], "nl"),
 "nl_BE": (13, [], "nl"),
 "de_DE": (1, ["VON","VON","VON","VON_DER","VON_DER","VON_CITY","VON_CITY","VON_ZU","VON_ZU","ZU",
               "VON","VON_DER"], "de"),
 "de_AT": (0, ["VON","VON","VON","VON","VON_DER","VON_DER","VON_CITY","VON_CITY","VON_ZU","VON_ZU",
               "ZU","VON","VON_DER"], "de"),
}
# Hand-written Malay (bin/binti) and Arabic-in-Latin (al/el) names.
MANUAL = [
 ("ms", "Muhammad Hafiz bin Abdullah"), ("ms", "Nurul Aisyah binti Rahman"),
 ("ms", "Ahmad Faizal bin Ismail"), ("ms", "Siti Khadijah binti Osman"),
 ("ms", "Mohd Firdaus bin Kamarudin"), ("ms", "Nur Izzati binti Hashim"),
 ("ms", "Azman bin Yusof"), ("ms", "Farah Hanim binti Zainal"),
 ("ms", "Amirul Hakim bin Rosli"), ("ms", "Aina Sofea binti Mazlan"),
 ("ms", "Khairul Anuar bin Salleh"), ("ms", "Syafiqah binti Ariffin"),
 ("fr", "Youssef El Amrani"), ("fr", "Fatima El Idrissi"), ("fr", "Nadia El Fassi"),
 ("fr", "Hassan El Ouali"), ("ar", "Omar Al-Mansouri"), ("ar", "Layla Al Hashimi"),
 ("ar", "Tariq al-Amin"), ("ar", "Samira Al-Rashed"),
]

def title_case(s):
    return " ".join(t[:1].upper() + t[1:] for t in s.split(" "))

def main():
    rng = random.Random(SEED)
    people = []  # (name, origin, how, in-language code)
    for loc, (nn, pats, code) in PLAN.items():
        f = Faker(loc); f.seed_instance(SEED)
        for n in natural(f, loc, nn):
            people.append((n, loc, f"faker {FV} {loc} seed {SEED}: name() with particle surname", code))
        for n, p in constructed(f, loc, pats):
            people.append((n, loc, f"faker {FV} {loc} seed {SEED}: first_name + particle + Faker last name/city, constructed ({p})", code))
    for code, n in MANUAL:
        origin = "ms" if code == "ms" else "ar-Latn"
        how = "hand-written Malay name (bin/binti)" if code == "ms" else "hand-written Arabic name in Latin script (al/el)"
        people.append((n, origin, how, "ms" if code == "ms" else ("fr" if code == "fr" else None)))
    assert len({p[0] for p in people}) == len(people), "duplicate names"

    # language: about half English, half in-language, alternating within each origin after shuffling
    by_origin = {}
    for p in people: by_origin.setdefault(p[1], []).append(p)
    decks = {}
    def draw(lang):
        if not decks.get(lang):
            d = list(range(len(T[lang]))); rng.shuffle(d); decks[lang] = d
        return decks[lang].pop()
    items = []
    flip = 0
    for origin, ps in by_origin.items():
        ps = ps[:]; rng.shuffle(ps)
        for i, (n, loc, how, code) in enumerate(ps):
            lang = "en" if ((i + flip) % 2 == 0 or code is None) else code
            tid = draw(lang)
            items.append(dict(lang=lang, name=n, origin=loc, how=how, tid=tid))
        flip ^= 1
    # casing: ~15% all lower case, ~10% Title Case
    idx = list(range(len(items))); rng.shuffle(idx)
    n_low, n_title = round(0.15 * len(items)), round(0.10 * len(items))
    case = {i: "lower" for i in idx[:n_low]}
    case.update({i: "title" for i in idx[n_low:n_low + n_title]})
    out = []
    for i, it in enumerate(items):
        c = case.get(i, "as-written")
        tmpl = T[it["lang"]][it["tid"]]
        if it["lang"] == "fr" and it["name"][0] in "AEIOUÉÈÂÎaeiouéèâîH":  # French elision: d'Arthur
            tmpl = tmpl.replace("de {name}", "d'{name}")
        prompt, person = tmpl.format(name=it["name"]), it["name"]
        if c == "lower": prompt, person = prompt.lower(), person.lower()
        if c == "title": prompt, person = title_case(prompt), title_case(person)
        assert person in prompt, (person, prompt)
        out.append({"lang": it["lang"], "family": "particle", "label": "name", "person": person,
                    "prompt": prompt,
                    "source": f"{it['how']} | name origin {it['origin']} | template {it['lang']}#{it['tid']:02d} | case {c}"})
    return out

if __name__ == "__main__":
    for r in main(): print(json.dumps(r, ensure_ascii=False))
