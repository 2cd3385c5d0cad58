"""Build ``consent/data/epithets_at_home.txt`` from written lists of nicknames (names round 46).

    HF_HUB_OFFLINE=1 PYTHONPATH=. python scripts/build_epithets_at_home.py IN.tsv [IN.tsv ...]
        --out consent/data/epithets_at_home.txt --header header.txt [--dropped dropped.tsv]

Run it on a tree whose ``consent/data/epithets_at_home.txt`` is empty (the tables it checks against
must not hold the list already). Each input line: ``Full Name<TAB>nickname|…<TAB>field<TAB>country
[<TAB>note]`` (a note holding ``ordinary``: the list's author says a nickname is also an everyday
phrase of the language; ``less sure``: the author doubts it, and the line is left out). A nickname is kept only when the studio could read it without denying ordinary prompts:

- one the tables already know (a person's name or form, a place, a thing) is left out, and so is
  one the rules already read as a known person on its own ("T-Swift", "Trần Hưng Đạo": a table entry
  would go round their guards, "đường Trần Hưng Đạo" is a street) and those in ``EARLIER_DROPS``;
- a one-word nickname only when it is no word of English or of the 25 languages' word lists, no
  place, thing, brand, given name or surname, not within one letter of a given name or a common
  word (the typo rule), has five letters or more, is a form of the name (its first three letters
  those of a word of the name: "Sarko", "Platoche") or written with a digit or a capital inside
  ("CR7", "MrBeast"), and is no given name's pet form ("Luisito", "Tommeke"): not "Kaiser", nor
  "Tygrys" (a tiger) or "Panzerwagen", words the lists of 16,000 words a language lack (red team s61);
- a nickname of words none of which but little ones the list capitalises ("a legnagyobb magyar",
  the greatest Hungarian), and one of two words a given name and a relative's or a rank's word
  (``KIN_AND_RANK``: "Gyuri bácsi", "Zio Giulio", "Kaiser Franz" name many) are left out;
- a nickname of several words whose one word that is not a little word is such a word, or that the
  list's author marked ``ordinary`` with one such word, is left out: "Der Kaiser", "The Boss", "Reis"
  are what a prompt says of an emperor, a boss, a chief (German capitalises every noun, English
  titles and Title Case capitalise the rest, and a prompt's first word is capitalised: the capitals
  would not tell them apart); kept only after a Romance article, the word capitalised
  (``ROMANCE_ARTICLES``: "Il Pirata", "O Bruxo"),
  and so is a title and a given name ("Queen Mary": a queen's name, and a liner's);
- (round 51) a nickname whose author marked its line ``ordinary`` is kept only when a word of it is a
  word of the name or its form ("Gordo Porcel", not "El Gordo", Spain's lottery, or "Iron Man");
- the other nicknames of several words are kept; the studio reads one made with any word of some
  language only capitalised as the list writes it (``Knowledge.cased_as``).

Writes ``name<TAB>nickname|…<TAB>field<TAB>country`` lines sorted by country under the header's
comment lines; ``--dropped``: each left-out nickname and why.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _written_lists import name_key, near_word, parse_args, read_header, read_rows, write_dropped  # noqa: E402  (beside this script)


#: (red team s61) words for a relative or a rank that, with a given name, name many people ("Gyuri
#: bácsi", "Zio Giulio", "Tante Käthe", "Bruder Johannes", "Kaiser Franz", "Pak Harto", "Tito Sotto"),
#: in the languages of the list.
KIN_AND_RANK = frozenset(
    "uncle aunt auntie brother sister father mother mom mum dad daddy papa mama grandpa grandma granny sir lord lady "
    "king queen prince princess saint st don dona doña dom tio tia tío tía tito tita zio zia nonno nonna padre madre "
    "fra frate suor suora papà mamma abuelo abuela onkel tante bruder schwester vater mutter opa oma kaiser könig "
    "konig prinz oom tante broer zus opa oma vader moeder farbror morbror farfar morfar bror syster farmor mormor "
    "onkel tante bror søster far mor bácsi bacsi néni neni bátya batya öcsi ocsi apu anyu nagyi "
    "wujek ciocia pan pani brat siostra dziadek babcia strýc strýko teta bratr sestra děda babička kráľ král "
    "amca dayı dayi teyze hala abi abla ağabey dede nine baba anne "
    "pak bu bapak ibu abang kak kakak adik mak cik pakcik makcik tok tuk datuk dato tan sri haji "
    "kuya ate tito tita lolo lola mang aling manong manang "
    "bác chú cô dì anh chị ông bà "
    "čika čiča teta stric tetka baka djed deda kralj ujak ujna "
    "unchiul mătușă matusa nea tanti moș mos regele "
    "setä täti eno mummo vaari isoisä isä äiti "
    "frère soeur sœur père mère tonton tata papy mamie monsieur madame "
    "tío tía abuelito abuelita".split())


#: The articles before a nickname of one ordinary word that is kept (French, Italian, Spanish,
#: Portuguese, Catalan: "Il Pirata", "El Buitre", "O Bruxo", "Le Menhir"), the word capitalised as the
#: list writes it: those languages write a noun in lower case, so the capital says a name (the studio
#: reads them only so, and not in a prompt written in Title Case: ``Knowledge.cased_strict``).
ROMANCE_ARTICLES = frozenset(("le", "la", "l", "il", "lo", "el", "o", "a", "en", "na"))


#: Nicknames that earlier rounds dropped or pinned as no one, each a word, a character or a place
#: in some prompt the tests keep clean (round 31: "ein kleines Schweini im Matsch", a piglet, and
#: Disney's "Superpippo"; red team 53: "El Pingüino de la Antártida", "El Pajarito canta", "The
#: Dominator robot", "Orzeł z Wisły, an eagle"; rounds 10 and 41, red team 74: "Praça Tiradentes").
EARLIER_DROPS = frozenset(("Schweini", "Superpippo", "El Pingüino", "El Pajarito", "The Dominator",
                           "Orzeł z Wisły", "Tiradentes",
                           # (round 51) "El Rey León" (The Lion King), "El Pitufo" (a Smurf); a band, two
                           # films, a phrase and a toy's name
                           "El Rey", "El Pitufo", "The Tower of Power", "The Fortune Cookie", "Erik the Viking",
                           "Father of the Homeland", "Power Cube"))


def main(argv: list[str] | None = None) -> int:
    a = parse_args(__doc__, argv)

    from consent import names as _names
    from consent._name_knowledge import _little_words, _unpossessive, fold, knowledge

    kb = knowledge()
    matcher = _names.NameMatcher()
    if kb.cased_as:
        raise SystemExit("the tables already hold nicknames of epithets_at_home.txt: run on a tree where it is empty")
    words = set().union(*_names._latin_word_lists().values())
    little = _little_words()

    key = name_key

    def known(k: tuple[str, ...]) -> bool:
        """A person's name or form the tables know, a place or a thing, also after the little
        words it starts with ("The Flying Dutchman": WordNet's ship)."""
        while len(k) > 1 and k[0] in little:
            k = k[1:]
        return k in kb.people or k in kb.at_home or k in kb.things \
            or (len(k) == 1 and (k[0] in kb.people_single or k[0] in kb.famous_word))

    def ordinary(w: str) -> bool:
        return w in kb.vocab or kb.is_word(w) or w in words or (w,) in kb.things or w in kb.brands \
            or w in kb.given or w in kb.surname

    def given_prefixes(w: str) -> list[str]:
        return [w[:n] for n in range(3, len(w)) if w[:n] in kb.given]

    def capitalised(written: str, p: int) -> bool:
        ws = [w for w in written.replace("-", " ").replace(".", " ").split() if fold(_unpossessive(w))]
        return p < len(ws) and ws[p][:1].isupper()

    def near(w: str) -> bool:
        return near_word(kb, words, w)

    earlier = {key(x) for x in EARLIER_DROPS}

    def of_name(content: list[str], name: str) -> bool:
        """Whether a word of the nickname is a word of the name, or its form (first three letters)."""
        words = [w for w in key(name) if len(w) >= 3]
        return any(c == w or (len(c) >= 3 and c[:3] == w[:3]) for c in content for w in words)
    kept: dict[tuple[str, str], list[str]] = {}
    meta: dict[tuple[str, str], str] = {}
    dropped: list[tuple[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for path, n, parts in read_rows(a.inputs, 4, 5):
        name, forms, field, country = parts[:4]
        note = parts[4].lower() if len(parts) == 5 else ""
        flagged = "ordinary" in note
        if "less sure" in note:  # the author's own doubt: not kept
            dropped.append((name, "its author was less sure of it"))
            continue
        if not key(name):
            raise SystemExit(f"{path}:{n}: no name")
        for f in (x.strip() for x in forms.split("|") if x.strip()):
            k = key(f)
            content = [w for w in k if w not in little]
            why = None
            if not k or not content:
                why = "empty, or little words only"
            elif k in seen:
                why = "twice"
            elif k == key(name) or known(k):
                why = "known to the tables"
            elif k in earlier:  # (any spelling: "El Pinguino" too)
                why = "dropped or pinned as no one by an earlier round"
            elif any(x.text == f and ((x.extra or {}).get("rule") not in _names._CAPITALISED_RULES
                                      or country == "VN")
                     for x in matcher.find(f)):
                # the rules read it already as a known person's form ("T-Swift", "Trần Hưng
                # Đạo"), with their guards ("đường Trần Hưng Đạo", a street): a table entry would
                # go round them (not the rules that read any capitalised words as a name: in a
                # sentence they often do not; but any rule for Vietnam's, whose prompts round 27's
                # Vietnamese rules read, with their place words)
                why = "read as a person by the rules already"
            elif len(k) == 1 and (ordinary(k[0]) or near(k[0]) or len(k[0]) < 5 or k[0].isdigit()):
                why = "one word that is ordinary, near a word, or short"
            elif len(k) == 1 and not (any(c.isdigit() for c in f) or any(c.isupper() for c in f[1:])
                                      or any(k[0][:3] == w[:3] for w in key(name) if len(w) >= 3)):
                # (red team s61) "Tygrys" (a tiger), "Panzerwagen", "Spitzbart": words the 16,000-word
                # lists of the languages lack, capitalised by a sentence's start or by German
                why = "one word that is no form of the name"
            elif len(k) == 1 and any(k[0].startswith(g) and k[0] != g for g in given_prefixes(k[0])):
                # (red team s61) a given name's pet form: "Luisito", "Tommeke", "Isabelita" name many
                why = "a given name's pet form"
            elif len(k) >= 2 and not any(capitalised(f, p) for p, w in enumerate(k) if w not in little):
                # (red team s61) "a legnagyobb magyar" (the greatest Hungarian): a phrase
                why = "no word capitalised but little ones"
            elif len(content) == 2 and any(w in kb.given for w in content) and any(w in KIN_AND_RANK for w in content):
                # (red team s61) "Gyuri bácsi", "Zio Giulio", "Tante Käthe", "Kaiser Franz": a given
                # name with a word for a relative or a rank names many (``KIN_AND_RANK``)
                why = "a given name and a relative's or a rank's word"
            elif len(k) >= 2 and len(content) == 1 and (ordinary(content[0]) or flagged) and not (
                    k[0] in ROMANCE_ARTICLES and len(k) == 2 and capitalised(f, 1)):
                why = "a little word and an ordinary word"
            elif len(content) == 2 and content[0] in _names._TITLES and content[1] in kb.given:
                why = "a title and a given name"  # "Queen Mary": a queen's name, a liner's
            elif flagged and not of_name(content, name):
                # (round 51) the author's "ordinary" with no word of the person's name in it: "El
                # Gordo" (Spain's lottery), "El Cóndor", "Iron Man" (Marvel's), "Father of the
                # Nation" (many); "Gordo Porcel" is kept
                why = "its author says it is ordinary, and it holds no word of the name"
            if why:
                dropped.append((f"{name} / {f}", why))
                continue
            seen.add(k)
            kept.setdefault((country, name), []).append(f)
            meta[(country, name)] = field or "other"
    header = read_header(a.header)
    rows = [f"{name}\t{'|'.join(fs)}\t{meta[(c, name)]}\t{c}" for (c, name), fs in sorted(kept.items())]
    a.out.write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")
    write_dropped(a.dropped, dropped)
    print(f"kept {sum(len(v) for v in kept.values())} nicknames of {len(kept)} people; dropped {len(dropped)}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
