"""Issue 11, round 26: foreign names written in Greek letters, a one-syllable first name in Hangul,
and famous names made of English words, in other scripts.

Found by a probe written for this round (foreign stars, statesmen and tycoons of middling fame, each
written as the press of eleven scripts writes them; not from an evaluation set):

- Greek has no letters for b, d, g, j: it writes them μπ, ντ, γκ, τζ ("Μπραντ Πιτ", Brad Pitt;
  "Μάικλ Τζάκσον", Michael Jackson), and w as ου or γου, h as χ. Read by anyascii ("mprant",
  "tzakson"), 19 of 25 such names passed. A Greek word that writes one of those sounds is now
  also read by the sound (``consent.names._greek_readings``); a common Greek word only as a famous
  last name or a common English given name, and not as a one-word name when it starts with the
  sound ("Τζάμι", a window pane, is not the poet Jami).
- Korean writes a one-syllable first name with a space ("톰 크루즈", Tom Cruise); the gap after a
  one-syllable word was taken out for surnames ("김 정은"), so the sound keys saw one word.
- A famous name made only of English words ("tom cruise", "mark twain", "tiger woods") was never
  keyed, to keep epithets ("iron lady") out: now keyed from a fame of 50 languages, unless a word of
  it is a rank, an order or "the" ("holy roman emperor", "henry viii", "jack the ripper").

And false denials in Korean, found with the same probe's clean prompts: an ordinary word that starts
with a surname's syllable was read as a surname and a given name ("강아지", a puppy: 강 + 아지;
"이미지", an image; "지하철", the subway; "유치원", a kindergarten), and one that ends as a title
does as a name and a title ("아저씨", mister: 아저 + 씨). Of 40 everyday Korean prompts written
around such words, 39 were denied. The name check now leaves the words of
``consent/data/ko_words.txt.gz``: the Korean words of wordfreq's list of two to four syllables,
starting with a surname's syllable or ending as a title does, that the Korean morphological
analyser Kiwi reads with no proper noun (built once by ``scripts/build_name_data.py --ko-words``;
"문재인", "김연아" are proper nouns and stay names); and mountains and seas ("백두산", "지중해").

Each DENIED prompt was allowed before the change, but for the Arabic and Thai ones of
OTHER_DENIED, read before by the other forms of their keys and kept beside the others.
"""

from __future__ import annotations

import pytest

from consent import _native_sound
from consent._name_knowledge import knowledge
from consent.names import NameMatcher, _greek_readings


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


GREEK_DENIED = [
    "Ο Μπραντ Πιτ στο κόκκινο χαλί",  # Brad Pitt on the red carpet
    "Μπραντ Πιτ πορτρέτο",
    "Ο Μπιλ Γκέιτς στο γραφείο",  # Bill Gates
    "Ο Μάικλ Τζάκσον χορεύει",  # Michael Jackson
    "Ο Τζο Μπάιντεν στον Λευκό Οίκο",  # Joe Biden: "άι" is a-i, not the digraph e
    "Ο Τζορτζ Κλούνεϊ στο Κάννες",  # George Clooney
    "Ο Τζόνι Ντεπ ως πειρατής",  # Johnny Depp
    "Η Άντζελινα Τζολί φωτογραφία",  # Angelina Jolie
    "Η Τζένιφερ Λόπεζ χορεύει",  # Jennifer Lopez
    "Ο Μπομπ Ντίλαν με κιθάρα",  # Bob Dylan: "μπομπ" is a common Greek word (Greek news write it)
    "Ο Τζον Λένον στο Λονδίνο",  # John Lennon
    "Ο Τομ Χανκς φωτογραφία",  # Tom Hanks: h as χ
    "Η Νικόλ Κίντμαν στο Χόλιγουντ",  # Nicole Kidman: d as ντ inside the word
    "Ο Ντέιβιντ Μπέκαμ με μπάλα",  # David Beckham
]


@pytest.mark.parametrize("prompt", GREEK_DENIED)
def test_a_foreign_name_in_greek_letters_is_read(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


GREEK_ALLOWED = [
    "Τζάμι με σταγόνες βροχής",  # a window pane with raindrops ("jami": the poet Jami)
    "Τζαμί Στην Κωνσταντινούπολη Τη Νύχτα",  # a mosque in Istanbul at night, Title Case
    "Μπάλα ποδοσφαίρου στο γρασίδι",  # a football on the grass
    "Ντομάτα και αγγούρι σε ξύλινο τραπέζι",
    "Γκρίζα γάτα στο παράθυρο",
    "Μπλε Ντουλάπα σε άδειο δωμάτιο",
    "Μπισκότα Και Γάλα Στο Τραπέζι",
    "Γκολ Στο Τελευταίο Λεπτό, Γεμάτο Γήπεδο",
    "Ο Μπαμπάς Μαγειρεύει Στην Κουζίνα",  # dad cooks in the kitchen
    "Γκρι Μπουφάν Και Μπλε Τζιν",
    "Μπέργκερ Και Μπίρα Σε Μπαρ",
    "Σημαντικός Πετάξαμε Πολύ Πάντα Δημιουργήσεις Επιδιόρθωση.",  # Faker's Title Case: "Πάντα" is no "pada"
    "Ώρα Μα Έτσι Πιο Διευθυντές Πετάνε.",
]


@pytest.mark.parametrize("prompt", GREEK_ALLOWED)
def test_greek_loanwords_and_common_words_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


def test_greek_readings_follow_the_sounds() -> None:
    assert "brad" in _greek_readings("Μπραντ")
    assert "jakson" in _greek_readings("Τζάκσον")
    assert "wilis" in _greek_readings("Γουίλις")
    assert "biden" in _greek_readings("Μπάιντεν")
    assert _greek_readings("Λένον") == ()  # no sound Greek writes another way: anyascii's reading is enough
    assert _greek_readings("Brad") == ()


OTHER_DENIED = [
    "톰 크루즈 액션 장면",  # Tom Cruise, Hangul: a one-syllable first name with its space
    "마크 트웨인 초상화",  # Mark Twain: Korean leaves the r of "mark" unsaid
    "टॉम क्रूज़ एक्शन सीन",  # Tom Cruise, Devanagari: both words are English words
    "تايغر وودز يلعب الغولف",  # Tiger Woods, Arabic
    "توم كروز مشهد أكشن",  # Tom Cruise, Arabic
    "ทอม ครูซ ฉากแอ็คชั่น",  # Tom Cruise, Thai
]


@pytest.mark.parametrize("prompt", OTHER_DENIED)
def test_famous_names_of_english_words_and_one_syllable_first_names_are_read(matcher: NameMatcher,
                                                                            prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


KOREAN_ALLOWED = [
    "차 한 잔과 케이크",  # a cup of tea and cake: one-syllable words with their spaces
    "물 한 병 사진",
    "빵 가게 앞의 자전거",
    "달 밝은 밤의 바다",
    "산 위의 작은 집",
    "별 헤는 밤 일러스트",
    "밤 크루즈 여행 포스터",  # a night cruise poster
    "말 타는 카우보이 실루엣",
]


@pytest.mark.parametrize("prompt", KOREAN_ALLOWED)
def test_korean_one_syllable_words_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


@pytest.mark.parametrize("name", [("holy", "roman", "emperor"), ("henry", "viii"), ("jack", "the", "ripper"),
                                  ("grand", "duke")])
def test_epithets_of_english_words_are_not_keyed(name: tuple[str, ...]) -> None:
    assert not _native_sound._keyable(name, knowledge(), 100)


def test_a_famous_name_of_english_words_is_keyed() -> None:
    kb = knowledge()
    assert _native_sound._keyable(("tom", "cruise"), kb, 82)
    assert not _native_sound._keyable(("tom", "cruise"), kb, _native_sound.WORD_NAME_FAME - 1)


KOREAN_WORDS_ALLOWED = [
    "귀여운 강아지가 공원에서 뛰어노는 사진",  # a cute puppy playing in the park
    "고양이 이미지, 수채화 스타일",  # a cat image, watercolour
    "지하철 역 플랫폼의 밤 풍경",  # a subway platform at night
    "유치원 교실의 색연필 그림",  # a kindergarten classroom
    "정치인 연설 무대, 빈 연단",  # a politician's stage, an empty lectern
    "송아지와 어미 소가 있는 목장",  # a calf and its mother
    "유리창에 맺힌 빗방울 클로즈업",  # raindrops on a window pane
    "아저씨가 운영하는 작은 빵집",  # a small bakery run by an older man ("mister")
    "아가씨 한복 일러스트, 얼굴 없이",
    "하나님의 창조 천장화 스타일",
    "구미호 전설을 그린 동양화",  # "전설을": the legend + the object particle
    "백두산 천지의 일출",  # Mount Baekdu
    "지중해 해변의 하얀 집들",  # the Mediterranean
]


@pytest.mark.parametrize("prompt", KOREAN_WORDS_ALLOWED)
def test_korean_words_that_start_like_a_surname_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


KOREAN_NAMES_DENIED = [
    "김민준 사진",  # a surname and a given name of the tables
    "문재인 대통령",
    "김연아 피겨 스케이팅",
    "유재석 웃는 얼굴",
    "이지은 초상화",  # 이지 is a word (easy) and 은 a particle, but 이지은 is a name
    "박지성 축구",
    "민준씨 사진",  # a given name and the title 씨
]


@pytest.mark.parametrize("prompt", KOREAN_NAMES_DENIED)
def test_korean_names_stay_denied(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


# Chinese and Japanese: a character that is a surname before a word of the dictionary was read as
# a surname and a given name ("古琴", a zither: 古 + 琴; "李子树", a plum tree), a word of the
# dictionary that reads in pinyin as a famous name as that person ("关于", about: guanyu, Guan Yu),
# a capital letter before a Chinese character as an initial and a surname ("B座", block B: "zuo"),
# and the iteration mark 々 ("人々", people) as an unreadable script. Faker's zh_CN text: 102 of
# 600 denied before, 25 after (lorem 9 -> 0 of 100, addresses 52 -> 12).
CJK_ALLOWED = [
    "高山流水，古琴",  # a guqin (CC-CEDICT: no person)
    "李子树开花了",  # the plum tree is in bloom
    "吉野家の牛丼",  # Yoshinoya's beef bowl (a restaurant chain)
    "男人关于责任作者技术",  # "关于" (about) is no 关羽 (Guan Yu)
    "历史公司工程看到",  # 历史 (history) + 公司 (company): no 史公司
    "甘肃省磊县双滦李街S座 264426",  # block S of an address
    "A区和B区",
    "人々の笑顔、遠景",  # people's smiles
    "時々雨",  # rain now and then
    "様々な色の傘",
    "丸の内ＪＰタワーの夜景",  # full-width Latin letters before katakana
    "古民家の居間、囲炉裏、柔らかい光",  # an old folk house: 古 (a Chinese surname) + 民家 (a house), in Japanese
]


@pytest.mark.parametrize("prompt", CJK_ALLOWED)
def test_chinese_and_japanese_words_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


CJK_DENIED = [
    "王菲唱歌", "刘德华的照片", "李娜打网球", "张伟的肖像", "李白饮酒图", "成龙的武打动作", "习近平讲话",
    "佐々木朗希の投球",  # a surname with 々
    "佐々木さんの写真",
    "大谷翔平がホームランを打つ", "村上春樹の肖像", "北野武の映画",
    "ＤＯＮＡＬＤ ＴＲＵＭＰ at a rally",
    "J. K. Rowling signing books", "B. Obama at a podium",
]


@pytest.mark.parametrize("prompt", CJK_DENIED)
def test_chinese_and_japanese_names_stay_denied(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


# The rules of spaced scripts that read any two words whose consonants meet a famous person's, or a
# common given name's and a surname's, denied everyday prompts (a probe of 480 clean prompts in 12
# languages, written for this round by another author: 39 denied). They now leave words among the
# 20,000 commonest of the script's languages (wordfreq); famous names are read by the sound keys,
# which now also write a surname's particle on the surname or apart, read a Bengali case ending off
# a name, and read Italian "cci" as ch.
SPACED_ALLOWED = [
    "सूरजमुखी का खेत, नीला आसमान",  # a sunflower field, blue sky
    "बारिश में मुंबई की सड़कें, पीली टैक्सी",  # a yellow taxi
    "चाक पर मिट्टी के बर्तन बनाता कुम्हार",  # a potter making pots
    "বর্ষার দিনে গ্রামের পুকুর আর কলাগাছ",  # the village pond
    "রসগোল্লা আর মিষ্টির দোকান",  # a sweet shop
    "کوه دماوند پوشیده از برف",  # Mount Damavand under snow
    "کویر مرنجاب زیر آسمان پرستاره",  # a starry sky
    "חתול ג'ינג'י ישן על אדן החלון",  # a ginger cat on the window sill
    "களிமண் விநாயகர் சிலை, விநாயகர் சதுர்த்தி",  # a clay Ganesha statue
]


@pytest.mark.parametrize("prompt", SPACED_ALLOWED)
def test_common_words_of_spaced_scripts_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


SPACED_DENIED = [
    "رابرت دنیرو در خیابان‌های نیویورک",  # Robert De Niro: the particle on the surname
    "صورة ليوناردو دي كابريو على السجادة الحمراء",  # DiCaprio: the particle apart
    "लियोनार्डो डिकैप्रियो",
    "רוברט דה נירו",
    "হেলেন কেলারের পুরোনো প্রতিকৃতি",  # Helen Keller + the genitive ending
    "مونیکا بلوچی روی فرش قرمز",  # Monica Bellucci: "cci" as ch
    "Кейт Бланшетт в роли эльфийской королевы",  # Cate Blanchett: "ш" for the ch of French names
    "سلمان خان ہنستے ہوئے",  # Salman Khan in Urdu (the list of native spellings)
    "डोनाल्ड ट्रम्प की तस्वीर",
    "अमिताभ बच्चन",
]


@pytest.mark.parametrize("prompt", SPACED_DENIED)
def test_famous_names_in_spaced_scripts_stay_denied(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


# Famous one-word names by sound (round 25's index) left out every word the tables hold as a given
# name, so mononyms the tables also list as rare given names ("Rembrandt", "Michelangelo",
# "Pythagoras") and "Cleopatra VII" were never read alone. Now a one-word name is kept unless it is
# one of the census' 1,000 commonest given names; a first name of a longer name still is not
# ("Ferdinand" is no Magellan, "Garfield" the cat no Andrew Garfield), nor a given name of the
# script's own tables ("محمد").
SINGLE_DENIED = [
    "رامبرانت يرسم",  # Rembrandt painting, Arabic (read before only with the verb, as a pair)
    "렘브란트 자화상",  # Rembrandt's self-portrait, Hangul
    "সিংহাসনে বসে আছেন ক্লিওপেট্রা, মিশরীয় প্রাসাদ",  # Cleopatra on her throne, Bengali
]
SINGLE_ALLOWED = [
    "غارفيلد يأكل اللازانيا",  # Garfield (the cat) eating lasagna
    "ガーフィールドのぬいぐるみ",  # a Garfield plush toy
    "محمد يبتسم",  # Mohammed (a given name) smiling
]


@pytest.mark.parametrize("prompt", SINGLE_DENIED)
def test_famous_mononyms_by_sound_are_read(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


@pytest.mark.parametrize("prompt", SINGLE_ALLOWED)
def test_first_names_and_cartoon_names_alone_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


# Russian and Ukrainian: ordinary words in lower case were read, through transliteration, as a
# famous one-word or last name ("лето", summer: Leto; "хлеб", bread: Hleb, making "чёрный хлеб" a
# given name and a surname by their consonants). consent/data/cyr_words.txt.gz holds the common words
# that the pymorphy3 dictionaries read as no name (built once, --cyr-words); such a word in lower
# case is no name unless a one-word name of fame 50 reads as it ("плато", Plato; "мадонна").
CYRILLIC_ALLOWED = [
    "Борщ со сметаной и чёрный хлеб на деревянном столе",  # borscht and black bread
    "Пекарь достаёт из печи горячий хлеб",  # hot bread
    "Сочи, море, пальмы, лето",  # Sochi, sea, palms, summer
    "усик с улыбкой",  # a small moustache
]
CYRILLIC_DENIED = [
    "путин на коне",  # a surname to the Russian dictionary ("путин" is also a Ukrainian word)
    "толстой пишет роман",
    "мадонна поёт на сцене",  # a famous one-word name of fame 94
    "дональд трамп",
    "Владимир Путин",
]


@pytest.mark.parametrize("prompt", CYRILLIC_ALLOWED)
def test_ordinary_russian_words_in_lower_case_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


@pytest.mark.parametrize("prompt", CYRILLIC_DENIED)
def test_russian_names_in_lower_case_stay_denied(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


LEFT = [
    "Η Μπιγιονσέ τραγουδάει",  # Beyoncé: a one-word name, and "bigionse" is no spelling the tables know
    "Η Μαντόνα στη σκηνή",  # Madonna: "madona"
    "Ο Ντέιβιντ Μπάουι με μακιγιάζ",  # David Bowie: "baui", one consonant
    "윌 스미스 사진",  # Will Smith: four consonant classes, short of the five a name of fame 74 needs
    "크리스찬 베일 배트맨",  # Christian Bale: Korean writes "tian" as "찬" (chan)
    "آل پاچینو با کت و شلوار",  # Al Pacino: "al" one consonant, too short for its fame
    "فردوسی در حال نوشتن شاهنامه",  # Ferdowsi alone (also a square's and a university's name)
]


@pytest.mark.xfail(strict=True, reason="round 26 left: one-word names and names too short for their sound key")
@pytest.mark.parametrize("prompt", LEFT)
def test_round26_left(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt
