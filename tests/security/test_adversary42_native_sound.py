"""Red team 42: famous names written by sound in non-Latin scripts (issue 11, ``consent._native_sound``).

Attacked from outside both ways:
- BYPASS: a very famous person's full name written the way native writers write it, which the
  check must deny;
- FALSE DENIAL: ordinary native-script text (no person in it) that main before issue 11 allowed
  and the sound keys deny.
Findings red team 42 fixed inside ``consent/_native_sound.py`` are plain tests (each failed on
main before the fix); the rest are strict xfails whose reason says why they are still open.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _open(prompt: str, why: str) -> object:
    return pytest.param(prompt, marks=pytest.mark.xfail(strict=True, reason=f"red team 42: {why}"), id=prompt)


# ------------------------------------------------------------------------------ bypasses fixed
# (prompt, the span the check must report)
FIXED_BYPASSES = [
    # Hebrew writes j, ch, zh with a geresh after the letter (ג׳ צ׳ ז׳, or an ASCII apostrophe):
    # the geresh split the word in two, so the name was never read whole
    ("מייקל ג'קסון רוקד", "מייקל ג'קסון"),  # Michael Jackson
    ("מייקל ג׳קסון רוקד", "מייקל ג׳קסון"),
    ("צ'רלי צ'פלין עם מקל", "צ'רלי צ'פלין"),  # Charlie Chaplin
    ("ג'סטין ביבר שר", "ג'סטין ביבר"),  # Justin Bieber (before: only "סטין ביבר", by luck)
    # Arabic has no "ch": it writes ta + shin (تش); the key read it as t + sh and never met "ch"
    ("تشارلز داروين مع السلحفاة", "تشارلز داروين"),  # Charles Darwin
    ("تشارلي تشابلن بالعصا", "تشارلي تشابلن"),  # Charlie Chaplin
    ("أنطون تشيخوف يكتب", "أنطون تشيخوف"),  # Anton Chekhov
    ("وينستون تشرشل يدخن السيجار", "وينستون تشرشل"),  # Winston Churchill (two ch: 16 readings)
    # "Abdel Nasser" written as one word with its article, the usual Arabic spelling
    ("جمال عبدالناصر يخطب", "جمال عبدالناصر"),  # Gamal Abdel Nasser
    # Korean writes German "sch" before a consonant as 슈 (a vowel added, not said)
    ("알베르트 아인슈타인 칠판", "알베르트 아인슈타인"),  # Albert Einstein
]


@pytest.mark.parametrize("prompt,name", FIXED_BYPASSES, ids=[p for p, _n in FIXED_BYPASSES])
def test_fixed_bypass_is_denied(matcher, prompt, name):
    found = matcher.find(prompt)
    assert name in [lk.text for lk in found], found


# ------------------------------------------------------------------------------ bypasses open
OPEN_BYPASSES = [
    # short keys under the fame tiers (documented in LIKENESS.md: random word pairs meet them)
    # English silent e: Hangul short names need equal vowel shapes, and "gates", "mike" have a
    # written e that Korean does not say
    # Korean spellings the Latin letters do not predict
    # names written without a space: the sound check reads two words or more
    # Japanese people written family name first in Hangul, as Korean does; the knowledge has
    # them given name first and the key is read in that order only
    # a middle initial or a middle name between the words
    _open("도널드 J. 트럼프", "Donald J. Trump: a Latin initial between Hangul words breaks the chain"),
    # Chinese names syllable by syllable (3 words for the 2 of pinyin)
    # Persian joined compound given names
]


@pytest.mark.parametrize("prompt", OPEN_BYPASSES)
def test_open_bypass(matcher, prompt):
    assert matcher.find(prompt), "a famous person's name was allowed"


# ------------------------------------------------------------------------------ bypasses closed by spellings
# (round 25) open bypasses above that consent/data/native_names.txt closes: the standard spelling of
# these very famous people in each script is listed and found as written. The families stay open
# for people whose spelling nobody listed (short keys, run-together words, family name first).
CLOSED_BY_SPELLINGS = [
    ("빌 게이츠 초상화", "Bill Gates in Hangul: 'gates' shape has the silent e, 게이츠 does not (exact shape)"),
    ("إيلون ماسك على المريخ", "Elon Musk in Arabic: LN|MSK, 5 classes, contemporary list (fame 40) needs 7"),
    ("एलन मस्क अंतरिक्ष में", "Elon Musk in Devanagari: 5 classes, needs 7"),
    ("일론 머스크 화성", "Elon Musk in Hangul: 5 classes, needs 7"),
    ("جو بايدن يلوح", "Joe Biden in Arabic: 'جو' is one class, allowed only in names of 6 or more"),
    ("أنور السادات في الكنيست", "Anwar Sadat: NR|ST, 4 classes, fame 73 needs 5"),
    ("마이크 타이슨 복싱", "Mike Tyson in Hangul: silent e of 'mike' (exact shape for 5 classes)"),
    ("윌리엄 셰익스피어 초상화", "Shakespeare in Hangul drops the final -re; the Latin key keeps r"),
    ("프란츠 슈베르트 피아노", "Franz Schubert: Korean writes German z as ㅊ (ts), the key has s"),
    ("도널드트럼프 골프", "Donald Trump in Hangul run together: one word, no split tried"),
    ("ドナルドトランプの写真", "Donald Trump in katakana without the middle dot: one word"),
    ("マイケルジャクソン ダンス", "Michael Jackson in katakana run together"),
    ("โดนัลด์ทรัมป์ ตีกอล์ฟ", "Donald Trump in Thai run together (only a name run on to the word before is read)"),
    ("아베 신조 초상화", "Shinzo Abe family-first in Hangul: the key is in the Latin order only"),
    ("미야자키 하야오 애니메이션", "Hayao Miyazaki family-first in Hangul"),
    ("무라카미 하루키 소설가", "Haruki Murakami family-first in Hangul"),
    ("جون ف. كينيدي", "John F. Kennedy: the initial breaks the run of words; 'f' is not keyed (one letter)"),
    ("دونالد جون ترامب", "Donald John Trump: the knowledge has no 3-word form; words are not skipped"),
    ("شي جين بينغ", "Xi Jinping in Arabic: 3 words, 'بينغ' writes ng as n+gh; the key has 2 words"),
    ("محمد‌رضا پهلوی", "Mohammad Reza Pahlavi: 'محمد‌رضا' is one word with a ZWNJ, the name has 3 Latin words"),
]


@pytest.mark.parametrize("prompt,why", CLOSED_BY_SPELLINGS, ids=[p for p, _w in CLOSED_BY_SPELLINGS])
def test_bypass_closed_by_a_listed_spelling(matcher, prompt, why):
    assert matcher.find(prompt), "a famous person's name was allowed"


# ------------------------------------------------------------------------------ false denials fixed
FIXED_FALSE_DENIALS = [
    # "prince william" / "prince edward" keyed as BRNS|LM, BRNS|TRT: "فرنسا" (France) and
    # "الفرنسية" (French) are BRNS. Titles are always translated ("الأمير"), never written by sound.
    "زرت فرنسا العام الماضي مع عائلتي",  # I visited France last year with my family
    "فازت فرنسا العام الماضي بالبطولة",  # France won the championship last year
    "الحرب الفرنسية دارت رحاها",  # the French war raged
    # Persian writes no short vowels: two common words of 5 or 6 consonant classes met the key of a
    # famous short name (35 of 2,500 Faker Persian lorem sentences hit a key). Fixed by the common
    # words of each language (wordfreq): a span of common words only is no name under 7 classes
    "پسر ساعت را نگاه می‌کند",  # 'boy, clock' = BSR|ST, was Bashar al-Assad
    "زن ستون را نقاشی می‌کند",  # 'woman, column' = SN|STN, was Jane Austen
    "قیمت شارژ برق بالا رفت",  # 'electric charge' = SRS|BRK, was Georges Braque
    # Bengali: a reduplicated word or a common pair met a name of two short keys
    "দোকানের তাক খালি খালি লাগছে",  # 'empty empty' = KL|KL, was Galileo Galilei (fame 146: 4 classes)
    "খবর রোজ সকালে",  # 'news daily' = KBR|RS, was Geoffrey Rush
]


@pytest.mark.parametrize("prompt", FIXED_FALSE_DENIALS)
def test_fixed_false_denial_is_allowed(matcher, prompt):
    assert matcher.find(prompt) == []


def test_a_t_and_an_sh_are_not_a_ch(matcher):
    """The Arabic-script "ch" is ta + shin together: "سفر دشوار" (a hard journey, Persian) stays
    clear of Geoffrey Chaucer, which a bare t+sh reading of "ch" met."""
    assert matcher.find("سفر دشوار در کوهستان") == []


# ------------------------------------------------------------------------------ false denials open
# (none left: the word pairs red team 42 found are fixed above by the common-word guard)
