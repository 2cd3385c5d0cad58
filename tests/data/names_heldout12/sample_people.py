#!/usr/bin/env python3
"""Draw the held-out #12 people table from public data files (stdlib only).

Reads three public GitHub repositories at the pinned commits below (clones, bare or not,
named ``<owner>+<name>`` under the folder given as the first argument, e.g. ``git clone
https://github.com/jfjelstul/worldcup jfjelstul+worldcup``), samples people per region with a fixed seed, merges the
hand-written script/alias annotations (annotations.csv) and writes
people_heldout12.csv, which build.py reads.
"""
import csv, io, os, random, re, subprocess, sys, unicodedata, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = sys.argv[1] if len(sys.argv) > 1 else "sources"  # folder holding the clones
SEED = 12012
SOURCES = {
    "nobel": dict(repo="cicadatatw/nobel-viz", commit="9a92d6b202f252a8173cd6cdca96a96fe053a288",
                  licence="CC0 1.0 (Nobel Prize API data, nobelprize.org terms); repo has no licence file"),
    "worldcup": dict(repo="jfjelstul/worldcup", commit="35a8667f518b07469182ae16d35574dd0e7a00fb",
                     licence="CC-BY-SA 4.0 (c) 2023 Joshua C. Fjelstul, Ph.D."),
    "paris2024": dict(repo="taniki/paris2024-data", commit="8c8a8e4e95f1ea8371da2bd9da44c4213f855052",
                      licence="no licence file (facts scraped from olympics.com); only names, country, sport used"),
}

def git_csv(src, path):
    s = SOURCES[src]
    d = os.path.join(MIRROR, s["repo"].replace("/", "+"))
    if os.path.isdir(os.path.join(d, "repo")):  # a snapshot kept as <owner>+<name>/repo
        d = os.path.join(d, "repo")
    txt = subprocess.run(["git", "-C", d, "show", f"{s['commit']}:{path}"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return list(csv.DictReader(io.StringIO(txt)))

R_AF, R_LA, R_ME, R_SA, R_SEA, R_EA, R_CA = ("Africa", "Latin America", "Middle East",
    "South Asia", "Southeast Asia", "East Asia", "Central Asia & Caucasus")
R_EE, R_WE, R_OC, R_NA = "Eastern Europe", "Western Europe", "Oceania", "North America"

ISO2 = {}
for r, codes in {
    R_AF: "DZ EG GH KE LR MA MG NG ZA ZW ET SN CM CI TG AO TN GQ CD UG BW ZM CV",
    R_LA: "AR BR CL CO CR GP GT LC MX PE TT VE CU DO EC JM PA PR GD DM UY PY BO HN SV HT",
    R_ME: "IL IR TR YE CY IQ KW QA SA AE JO BH",
    R_SA: "BD IN PK LK NP", R_SEA: "ID MM TL VN TH MY PH SG",
    R_EA: "CN JP KR KP TW HK MN", R_CA: "AZ KZ UZ KG TJ GE AM TM",
    R_EE: "BA BG BY CZ HR HU LT LV MK PL RO RU SI SK UA RS AL MD XK GR",
    R_WE: "AT BE CH DE DK ES FI FR GB IE IS IT LU NL NO PT SE",
    R_OC: "AU NZ FJ", R_NA: "CA US"}.items():
    for c in codes.split():
        ISO2[c] = r
# Greece, Cyprus placed as listed above (GR in Eastern Europe/Balkans, CY in Middle East).

WC_TEAM = {  # team_name -> (iso2, region)
    "Algeria": "DZ", "Angola": "AO", "Argentina": "AR", "Australia": "AU", "Austria": "AT", "Belgium": "BE",
    "Bolivia": "BO", "Bosnia and Herzegovina": "BA", "Brazil": "BR", "Bulgaria": "BG", "Cameroon": "CM",
    "Canada": "CA", "Chile": "CL", "China": "CN", "Chinese Taipei": "TW", "Colombia": "CO", "Costa Rica": "CR",
    "Croatia": "HR", "Cuba": "CU", "Czech Republic": "CZ", "Czechoslovakia": "CZ", "Denmark": "DK",
    "Dutch East Indies": "ID", "East Germany": "DE", "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV",
    "England": "GB", "Equatorial Guinea": "GQ", "France": "FR", "Germany": "DE", "Ghana": "GH", "Greece": "GR",
    "Haiti": "HT", "Honduras": "HN", "Hungary": "HU", "Iceland": "IS", "Iran": "IR", "Iraq": "IQ", "Israel": "IL",
    "Italy": "IT", "Ivory Coast": "CI", "Jamaica": "JM", "Japan": "JP", "Kuwait": "KW", "Mexico": "MX",
    "Morocco": "MA", "Netherlands": "NL", "New Zealand": "NZ", "Nigeria": "NG", "North Korea": "KP",
    "Northern Ireland": "GB", "Norway": "NO", "Panama": "PA", "Paraguay": "PY", "Peru": "PE", "Poland": "PL",
    "Portugal": "PT", "Qatar": "QA", "Republic of Ireland": "IE", "Romania": "RO", "Russia": "RU",
    "Saudi Arabia": "SA", "Scotland": "GB", "Senegal": "SN", "Serbia": "RS", "Serbia and Montenegro": "RS",
    "Slovakia": "SK", "Slovenia": "SI", "South Africa": "ZA", "South Korea": "KR", "Soviet Union": "RU",
    "Spain": "ES", "Sweden": "SE", "Switzerland": "CH", "Thailand": "TH", "Togo": "TG", "Trinidad and Tobago": "TT",
    "Tunisia": "TN", "Turkey": "TR", "Ukraine": "UA", "United Arab Emirates": "AE", "United States": "US",
    "Uruguay": "UY", "Wales": "GB", "West Germany": "DE", "Yugoslavia": "RS", "Zaire": "CD"}
IOC = {"ALB": "AL", "ALG": "DZ", "ARG": "AR", "ARM": "AM", "AUS": "AU", "AUT": "AT", "AZE": "AZ", "BEL": "BE",
       "BOT": "BW", "BRA": "BR", "BRN": "BH", "BUL": "BG", "CAN": "CA", "CHI": "CL", "CHN": "CN", "CIV": "CI",
       "COL": "CO", "CPV": "CV", "CRO": "HR", "CUB": "CU", "CYP": "CY", "CZE": "CZ", "DEN": "DK", "DMA": "DM",
       "DOM": "DO", "ECU": "EC", "EGY": "EG", "ESP": "ES", "ETH": "ET", "FIJ": "FJ", "FRA": "FR", "GBR": "GB",
       "GEO": "GE", "GER": "DE", "GRE": "GR", "GRN": "GD", "GUA": "GT", "HKG": "HK", "HUN": "HU", "INA": "ID",
       "IND": "IN", "IRI": "IR", "IRL": "IE", "ISR": "IL", "ITA": "IT", "JAM": "JM", "JOR": "JO", "JPN": "JP",
       "KAZ": "KZ", "KEN": "KE", "KGZ": "KG", "KOR": "KR", "KOS": "XK", "LCA": "LC", "LTU": "LT", "MAR": "MA",
       "MAS": "MY", "MDA": "MD", "MEX": "MX", "MGL": "MN", "NED": "NL", "NOR": "NO", "NZL": "NZ", "PAK": "PK",
       "PAN": "PA", "PER": "PE", "PHI": "PH", "POL": "PL", "POR": "PT", "PRK": "KP", "PUR": "PR", "QAT": "QA",
       "ROU": "RO", "RSA": "ZA", "SGP": "SG", "SLO": "SI", "SRB": "RS", "SUI": "CH", "SVK": "SK", "SWE": "SE",
       "THA": "TH", "TJK": "TJ", "TPE": "TW", "TUN": "TN", "TUR": "TR", "UGA": "UG", "UKR": "UA", "USA": "US",
       "UZB": "UZ", "ZAM": "ZM"}
FAMILY_FIRST = {"CN", "TW", "HK", "KR", "KP", "JP"}

def norm(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("-", " ").strip()

def pool_nobel():
    out, seen = [], set()
    for x in git_csv("nobel", "laureate.csv"):
        if x["gender"] == "org" or x["id"] in seen or not x["bornCountryCode"]:
            continue
        seen.add(x["id"])
        cc = x["bornCountryCode"]
        # keep laureates whose birth country is also the country they worked or died in,
        # so that the region label describes the person (drops e.g. colonial-born Europeans)
        born_now = re.sub(r".*\(now (.*)\)", r"\1", x["bornCountry"]).strip()
        if x["diedCountryCode"]:
            if x["diedCountryCode"] != cc:
                continue
        elif x["country"] and x["country"].replace("the ", "") != born_now.replace("the ", ""):
            continue
        name = re.sub(r",\s*n[ée]e .*", "", (x["firstname"] + " " + x["surname"]).strip())
        name = re.sub(r"\s*\([^)]*\)", "", name).replace("\u00b4", "")
        out.append(dict(source="nobel", source_key="laureate id " + x["id"], name=name,
                        surname=x["surname"], iso2=cc, country=x["bornCountry"],
                        region=ISO2[cc], field="Nobel " + x["category"],
                        detail=f"{x['year']} Nobel {x['category']}", tier="laureate"))
    return out

def pool_worldcup():
    players = {p["player_id"]: p for p in git_csv("worldcup", "data-csv/players.csv")}
    famous = {a["player_id"] for a in git_csv("worldcup", "data-csv/award_winners.csv")}
    team_of, years = {}, {}
    for s in git_csv("worldcup", "data-csv/squads.csv"):
        team_of.setdefault(s["player_id"], s["team_name"])
        years.setdefault(s["player_id"], s["tournament_name"])
    out = []
    for pid, p in players.items():
        if pid not in team_of or team_of[pid] not in WC_TEAM:
            continue
        link = p["player_wikipedia_link"]
        name = ""
        if link.startswith("https://en.wikipedia.org/wiki/"):
            name = urllib.parse.unquote(link.rsplit("/", 1)[1]).replace("_", " ")
            name = name.split(" (")[0]
        if not name:
            g = p["given_name"]
            name = p["family_name"] if g == "not applicable" else f"{g} {p['family_name']}"
        cc = WC_TEAM[team_of[pid]]
        fam = pid in famous or int(p["count_tournaments"] or 0) >= 3
        fem = p["female"] == "1"
        pos = [k for k in ("goal_keeper", "defender", "midfielder", "forward") if p[k] == "1"]
        out.append(dict(source="worldcup", source_key="player_id " + pid, name=name,
                        surname=p["family_name"], iso2=cc, country=team_of[pid], region=ISO2[cc],
                        field="football", detail=("women's " if fem else "") + "footballer, "
                        + (pos[0].replace("_", " ") if pos else "player") + ", " + p["list_tournaments"],
                        tier="famous" if fam else "national"))
    for m in git_csv("worldcup", "data-csv/managers.csv"):
        team = m["country_name"]
        if team not in WC_TEAM:
            continue
        cc = WC_TEAM[team]
        name = urllib.parse.unquote(m["manager_wikipedia_link"].rsplit("/", 1)[1]).replace("_", " ").split(" (")[0]
        out.append(dict(source="worldcup", source_key="manager_id " + m["manager_id"], name=name,
                        surname=m["family_name"], iso2=cc, country=team, region=ISO2[cc],
                        field="football manager", detail="World Cup manager", tier="national"))
    return out

def pool_paris():
    disc = {}
    for d in git_csv("paris2024", "datasets/athletes_disciplines.csv"):
        disc[d["code"]] = d["disciplines"]
    ath = {}
    for a in git_csv("paris2024", "datasets/athletes.csv"):
        ath[(a["country_code"], a["name"])] = a
    out = []
    for m in git_csv("paris2024", "datasets/medallists.csv"):
        if m["code"] not in IOC:
            continue
        a = ath.get((m["code"], m["name"]))
        if not a:
            continue
        cc = IOC[m["code"]]
        toks = m["name"].split()
        k = 0  # family name = leading tokens in upper case (or lower-case particles such as "van der")
        while k < len(toks) and (toks[k].isupper() or toks[k] in ("van", "der", "de", "da", "dos", "del", "la", "le")):
            k += 1
        fam, giv = toks[:k], toks[k:]
        if not fam or not giv or [t.lower() for t in fam] == [t.lower() for t in giv]:
            continue  # mononyms / repeated names are not unmistakable
        famname = " ".join(t.title() if t.isupper() else t for t in fam)
        ff = cc in FAMILY_FIRST or (cc in ("MY", "SG") and len(fam) == 1 and len(fam[0]) <= 4)
        name = (famname + " " + " ".join(giv)) if ff else (" ".join(giv) + " " + famname)
        medals = "gold" if m["gold"] != "0" else "silver" if m["silver"] != "0" else "bronze"
        sport = disc.get(a["code"], "").strip("[]'\"")
        out.append(dict(source="paris2024", source_key="athlete code " + a["code"], name=name.strip(),
                        surname=famname, iso2=cc, country=a["country_name"], region=ISO2[cc],
                        field="Olympic " + (sport or "sport"), detail=f"Paris 2024 {medals} medallist",
                        tier="national"))
    return out

QUOTA = {  # region -> (nobel, worldcup famous, worldcup other, paris2024)
    R_AF: (14, 8, 10, 5), R_LA: (12, 9, 11, 5), R_ME: (11, 5, 9, 3), R_SA: (12, 0, 0, 8),
    R_SEA: (5, 0, 2, 7), R_EA: (18, 5, 8, 5), R_CA: (1, 0, 0, 22), R_EE: (14, 6, 7, 3),
    R_WE: (13, 6, 6, 2), R_OC: (5, 2, 4, 4), R_NA: (10, 3, 5, 2)}

def main():
    rng = random.Random(SEED)
    pools = {"nobel": pool_nobel(), "worldcup": pool_worldcup(), "paris2024": pool_paris()}
    chosen, seen = [], set()
    def take(cands, k):
        cands = sorted(cands, key=lambda r: (r["source_key"], r["name"]))
        rng.shuffle(cands)
        n = 0
        for c in cands:
            if n >= k:
                break
            key = norm(c["name"])
            if key in seen or len(c["name"]) < 3:
                continue
            seen.add(key)
            chosen.append(c)
            n += 1
    for region in sorted(QUOTA):
        qn, qf, qo, qp = QUOTA[region]
        take([p for p in pools["nobel"] if p["region"] == region], qn)
        take([p for p in pools["worldcup"] if p["region"] == region and p["tier"] == "famous"], qf)
        take([p for p in pools["worldcup"] if p["region"] == region and p["tier"] != "famous"], qo)
        take([p for p in pools["paris2024"] if p["region"] == region], qp)
    ann = {}
    ap = os.path.join(HERE, "annotations.csv")
    if os.path.exists(ap):
        with open(ap, encoding="utf-8") as f:
            for a in csv.DictReader(f):
                ann[a["source_key"]] = a
    cols = ["pid", "name", "surname", "country", "iso2", "region", "field", "detail", "tier",
            "alias", "native_name", "native_lang", "short_ok", "inflected", "infl_lang", "hand_note", "source", "source_repo", "source_path",
            "source_commit", "source_key", "source_licence"]
    paths = {"nobel": "laureate.csv", "worldcup": "data-csv/players.csv|squads.csv|managers.csv|award_winners.csv",
             "paris2024": "datasets/medallists.csv|athletes.csv|athletes_disciplines.csv"}
    with open(os.path.join(HERE, "people_heldout12.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        for i, c in enumerate(chosen):
            a = ann.get(c["source_key"], {})
            s = SOURCES[c["source"]]
            for k in ("iso2", "region", "country"):
                if a.get(k):
                    c[k] = a[k]  # hand correction, documented in annotations.csv
            w.writerow(dict(pid=f"H12-{i+1:03d}", **{k: c[k] for k in
                       ("name", "surname", "country", "iso2", "region", "field", "detail", "tier", "source", "source_key")},
                       alias=a.get("alias", ""), native_name=a.get("native_name", ""), native_lang=a.get("native_lang", ""),
                       inflected=a.get("inflected", ""), infl_lang=a.get("infl_lang", ""), hand_note=a.get("why", ""),
                       short_ok=a.get("short_ok", ""), source_repo=s["repo"], source_path=paths[c["source"]],
                       source_commit=s["commit"], source_licence=s["licence"]))
    print(len(chosen), "people")

if __name__ == "__main__":
    main()
