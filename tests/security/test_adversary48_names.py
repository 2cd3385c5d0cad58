"""Red team 48 (issue 11): names round 26 attacked both ways.

Round 26 let through words of two dictionaries that the name rules had read as a surname and a
given name: Korean words that the analyser Kiwi reads with no proper noun (``ko_words.txt.gz``) and
Chinese words of CC-CEDICT that name nobody (``zh_cedict_words.txt.gz``). Probes written for this
red team (real Korean and Chinese people as their press writes them, with particles and titles;
everyday prompts of the same languages), compared with the code before round 26:

- *Korean names that Kiwi cut into pieces*: Kiwi reads names it does not know as one-syllable
  pieces or a root ("한혜진", the model and actress Han Hye-jin: 한 + 혜 + 진; "박정민", the actor
  Park Jeong-min: 박정 + 민), so they were in ko_words as words and allowed since round 26. The
  list now keeps a word of three or four syllables only when Kiwi reads one morpheme of two
  syllables or more that is no root, or a verb's form (``scripts/build_name_data.py --ko-words``,
  ``_ko_one_word``): five words of 3,389 left it, four of them names.
- *A Korean title of one syllable with its gap* ("한혜진 씨 사진", "김영삼 씨 사진"): the gap after a
  one-syllable word is taken out for surnames ("김 정은"), so "씨 사진" became "씨사진" and the title
  was lost (before round 26 too). A surname and two syllables before "씨" or "님" and a gap are now
  a name, unless a word of ko_words ("오렌지 씨", an orange's seeds); "씨" is also a seed, so two-
  syllable words before it stay allowed ("수박 씨", watermelon seeds).
- *Korean false denials* (before round 26 too): a word of two syllables and the particle 이 or 은
  read as a surname and a given name ("조명이 켜진 거리": 조 + 명이; "정원은 넓게"), and a verb's
  form in 하는 ("노래하는 소녀", a singing girl: 노 + 래하). Now the particle reads so only when the
  last two syllables are a given name of the tables ("이지은": 지은), and a word of ko_words with
  하는 is a verb.
- *Korean false denials: a noun before a title with its gap* (before round 26 too): "축구 선수" (a
  football player), "영화 감독" (a film director), "전통 시장" (a traditional market: 시장 is also a
  mayor), "대학 교수", "개구리 왕자" (the frog prince) read the noun as a name. A word that Kiwi
  reads as one general noun (``consent/data/ko_nouns.txt.gz``, 13,787 words of wordfreq's Korean
  list; ``build_name_data.py --ko-nouns``) is no name before a title; Kiwi reads "트럼프",
  "손흥민", "오세훈" as proper nouns, and they stay names.
- *Chinese names that are words of CC-CEDICT* ("黎明", dawn, is the singer Leon Lai; "宁静", calm,
  the actress Ning Jing; "马龙", the table-tennis champion Ma Long): allowed since round 26. After a
  calling ("歌手黎明", "演员宁静", "运动员马龙") or before a title ("黎明先生") the dictionary's words
  are now read as before round 26; standing alone they stay allowed (left: "黎明的演唱会照片").
- *Chinese false denials* (before round 26 too): the conjunction 和 (and), 向 (towards) and other
  surnames that are words read as a surname before a word ("老师和学生", teachers and students:
  和学生; "金星和木星"); a Chinese word read as a Japanese surname and given name ("向日葵", a
  sunflower: 向日 + 葵, Aoi).
- *Greek*: "ου" inside a word was read "oy" (anyascii) and never "u" or "ou", so "Πούτιν" (Putin) and
  "Βαρουφάκης" (Varoufakis) passed, and "Γιάνης" (Yanis) was never "y"; "ντ" and "μπ" inside a word
  are also "nd" and "mb" ("Γκάντι").
- *A famous surname in Latin letters before a title of Chinese, Japanese or Korean* ("Trump大統領",
  "Trump 대통령", "Musk氏"): a surname that is also an English word is read only beside English
  words; round 26 split full-width Latin letters from what follows, so "ＴＲＵＭＰ大統領", denied
  before as one odd word, was allowed.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _found(matcher: NameMatcher, prompt: str) -> list[str]:
    return [x.text for x in matcher.find_all(prompt).likenesses]


KOREAN_DENIED = [
    "박정민 배우 사진",  # Park Jeong-min, actor: Kiwi read 박정 (a root) + 민
    "배우 박정민의 초상화",
    "한혜진 모델 화보",  # Han Hye-jin, model: 한 (one) + 혜 + 진
    "한혜진 씨 사진",  # a title of one syllable, a gap and another word
    "김영삼 씨 사진",  # Kim Young-sam, president (the title was lost before round 26 too)
    "조용필 씨 노래하는 모습",  # Cho Yong-pil, singer
    "나훈아 씨 공연 사진",  # Na Hoon-a, singer
    "박정민 님 사진",
]


@pytest.mark.parametrize("prompt", KOREAN_DENIED)
def test_korean_names_cut_into_pieces_or_before_a_spaced_title_are_read(matcher: NameMatcher,
                                                                       prompt: str) -> None:
    assert _found(matcher, prompt), prompt


KOREAN_ALLOWED = [
    "조명이 켜진 거리",  # the lighting is on: 조명 + the subject particle
    "정원이 있는 집",  # a house with a garden
    "한옥이 있는 마을",
    "안경이 놓인 책상",
    "정원은 넓게",
    "노래하는 소녀 일러스트",  # a singing girl
    "정리하는 손",  # hands tidying up
    "성장하는 나무",
    "이동하는 기차",
    "조리하는 모습",
]


@pytest.mark.parametrize("prompt", KOREAN_ALLOWED)
def test_korean_words_with_a_particle_or_a_verb_ending_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _found(matcher, prompt), _found(matcher, prompt)


KOREAN_NOUN_BEFORE_TITLE_ALLOWED = [
    "축구 선수 일러스트",  # a football player
    "야구 선수 캐릭터",
    "영화 감독 의자",  # a film director's chair
    "전통 시장의 떡집",  # a rice-cake shop of a traditional market (시장: also a mayor)
    "주식 시장 그래프",  # a stock market chart
    "국가 대표 선수",  # a national team player
    "회사 대표 사진",
    "대학 교수 연구실",
    "과학 박사 실험실",
    "개구리 왕자 동화",  # the frog prince
    "축구선수 일러스트",  # the title written on
]


@pytest.mark.parametrize("prompt", KOREAN_NOUN_BEFORE_TITLE_ALLOWED)
def test_a_korean_noun_before_a_title_is_no_name(matcher: NameMatcher, prompt: str) -> None:
    assert not _found(matcher, prompt), _found(matcher, prompt)


CHINESE_DENIED = [
    "歌手黎明唱歌",  # Leon Lai, the singer: 黎明 (dawn) is a word of CC-CEDICT
    "影帝黎明",
    "演员宁静",  # Ning Jing, the actress: 宁静 (calm)
    "乒乓球运动员马龙",  # Ma Long
    "黎明先生的照片",  # before a title
    "宁静女士的肖像",
    "马龙先生",
]


@pytest.mark.parametrize("prompt", CHINESE_DENIED)
def test_chinese_names_that_are_words_are_read_after_a_calling(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt), prompt


CHINESE_ALLOWED = [
    "老师和学生",  # teachers and students: 和 is "and"
    "作家和诗人",
    "国王和王后",
    "金星和木星",  # Venus and Jupiter
    "向日葵花田",  # a sunflower field (向日 + 葵 read as a Japanese surname and given name)
]


@pytest.mark.parametrize("prompt", CHINESE_ALLOWED)
def test_chinese_words_and_conjunctions_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _found(matcher, prompt), _found(matcher, prompt)


GREEK_DENIED = [
    "Ο Βλαντιμίρ Πούτιν",  # Vladimir Putin: "ου" is u
    "Ο Γιάνης Βαρουφάκης με μηχανή",  # Yanis Varoufakis: "ου" is ou, "Για" is ya
]


@pytest.mark.parametrize("prompt", GREEK_DENIED)
def test_greek_ou_and_gi_are_read_by_their_sound(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt), prompt


# guards: Greek words with ου, allowed before and after the fix
GREEK_GUARDS = [
    "Λουλούδια στο μπαλκόνι",  # flowers on the balcony
    "Ο ουρανός το βράδυ",
    "Κουλούρι Θεσσαλονίκης",
    "Γιαούρτι με μέλι",  # yoghurt with honey
    "Μουσική στο δρόμο",
    "Τουρίστες στην Ακρόπολη",
    "Σούπα λαχανικών",
    "Λουκουμάδες με μέλι",
]


@pytest.mark.parametrize("prompt", GREEK_GUARDS)
def test_greek_words_with_ou_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _found(matcher, prompt), _found(matcher, prompt)


LATIN_BEFORE_TITLE = [
    "Trump大統領",
    "ＴＲＵＭＰ大統領",  # full width (denied before round 26 as one odd word)
    "Trump 대통령",
    "Musk氏の写真",
    "Swiftさんのライブ",
    "Trump总统在白宫",
]


@pytest.mark.parametrize("prompt", LATIN_BEFORE_TITLE)
def test_a_famous_latin_surname_before_a_cjk_title_is_read(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt), prompt


# guards: brands before a title, allowed before and after the fix
@pytest.mark.parametrize("prompt", ["Apple社長の写真", "iPhone 씨", "Google先生", "Amazonさん", "Python先生", "Nike选手"])
def test_a_brand_before_a_cjk_title_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _found(matcher, prompt), _found(matcher, prompt)


# Guards of the fixes above: denied, or allowed, before them and after (what each fix must not change)
GUARDS_DENIED = [
    "이동욱 배우 화보",  # Lee Dong-wook: left ko_words, also read by another rule
    "이지은이 웃는 모습",  # 이지 is a word and 지은 a given name: the particle still reads so
    "김건하는 웃는다",  # a name ending in 하 and the topic particle: 김건 is no word
    "오세훈 시장", "이재명 대표", "김연경 선수", "봉준호 감독",  # names before a title: proper nouns
    "트럼프 대통령", "손흥민 선수",
    "歌手王菲", "演员高圆圆",  # names after a calling
    "老师和曾志伟",  # 和 before a name that is no word
    "王菲和那英唱歌",
]
GUARDS_ALLOWED = [
    "수박 씨 사진",  # watermelon seeds: 씨 is a seed
    "해바라기 씨 클로즈업",
    "오렌지 씨 사진",  # a word of ko_words before 씨
    "黎明的海边",  # the seaside at dawn: no calling before
    "宁静的湖面",
    "演员表",  # a cast list
    "歌手大赛",
    "歌手高清照片",  # a singer's HD photo: 高清 (HD) is still no 高 + 清照 after a calling
    "球员黄牌",  # a player's yellow card
    "模特高跟鞋",
]


@pytest.mark.parametrize("prompt", GUARDS_DENIED)
def test_guards_stay_denied(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt), prompt


@pytest.mark.parametrize("prompt", GUARDS_ALLOWED)
def test_guards_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _found(matcher, prompt), _found(matcher, prompt)


LEFT = [
    # round 26's dictionaries: a name that is also a word, standing alone
    "이재민 사진",  # Lee Jae-min: 이재민 (a disaster victim) is one noun of Kiwi's
    "이재민 씨 얼굴",
    "黎明的演唱会照片",  # Leon Lai's concert: 黎明 (dawn) without a calling
    "马龙打乒乓球",  # Ma Long playing table tennis: 马龙 a word of CC-CEDICT and of round 25's list
    "高峰的照片",  # Gao Feng: 高峰 (a peak)
    "راغب علامة يغني",  # Ragheb Alama: علامة (a mark) is among Arabic's 20,000 commonest words
    "菜々緒の写真",  # Nanao: denied before round 26 only as an unreadable script (々)
    "ドナルドＴＲＵＭＰ",  # Donald Trump, katakana and full width run together (denied before as an odd word)
    "ＴＲＵＭＰの写真",
    # before round 26 too
    "IU 가 벚꽃 아래에서 노래하는 일러스트",  # IU: the Latin stage name is not listed (it was read only by
    # taking 노래하는, singing, for a name, which this red team fixed)
    "Trumpの写真",  # a surname that is an English word, before no title
    "中国王菲",  # 国王 (king) is a word and hides 王菲
    "美女王菲",  # 女王 (queen)
    "한강 작가 얼굴",  # Han Kang, novelist: 작가 (writer) is no title of the rules
    "안산 양궁 선수",  # An San, archer (also a city): denied before only by taking 양궁 (archery) for a name
    "수지 씨 사진",  # a two-syllable name before 씨 and a gap: "수박 씨" is a watermelon's seeds
    "赵薇的照片",  # Zhao Wei: 薇 is no given-name character of the tables
    "Ο Μαχάτμα Γκάντι",  # Gandhi: one famous word after another the tables do not read
    "Η Ριάνα",  # Rihanna: one word, "riana"
    "ใหม่ ดาวิกา ยิ้ม",  # Mai Davika: Thai
]


@pytest.mark.xfail(strict=True, reason="red team 48 left: names that are words of the language standing alone, "
                                        "short or unlisted names (see docs/LIKENESS.md, red team 48)")
@pytest.mark.parametrize("prompt", LEFT)
def test_red_team_48_left(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt), prompt
