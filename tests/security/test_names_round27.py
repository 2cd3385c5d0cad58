"""Issue 11, round 27: Chinese idioms and place names, Vietnamese names, names declined in Polish,
Czech and Turkish, monarchs' numbers and titles of other languages.

Found by two probes written for this round, not from an evaluation set:

- Every four-character word of jieba's dictionary run through the name check: 443 of 11,556 were
  denied, most of them idioms ("一劳永逸", once and for all: 劳 + 永逸 read as a surname and a given
  name; "望子成龙", to hope one's son becomes a dragon: Jackie Chan) and transliterated places and
  firms ("委内瑞拉", Venezuela; "马萨诸塞", Massachusetts; "阿迪达斯", Adidas). A name read inside a
  longer word of CC-CEDICT that names no person (``consent/data/zh_cedict_compounds.txt.gz``, built
  by ``scripts/build_name_data.py --cedict``) is no name now; a famous person's name that starts such
  a word still is ("毛泽东思想", Mao Zedong Thought). After a number and a classifier of animals or
  things (一只, 两匹) no person is counted ("一只白鹿", a white deer, not the actress Bai Lu).
- 480 prompts written by another author in twelve languages written in Latin letters, naming each
  country's famous people as its press does (declined, titled, lower case) and its places, brands
  and dishes (not committed: it is spent now): 248 of 300 names denied, 15 of 180 clean
  prompts denied. Vietnamese was the worst language on both sides: capitalised syllables were
  read by the English rules ("Sài Gòn", "Trung Nguyên" coffee, "Hà Nội" as given name and surname),
  and a family name with its given names ("Phạm Nhật Vượng", "Trần Hưng Đạo") was not read.

Each DENIED prompt was allowed before the change, each ALLOWED prompt denied, but for the lists
marked as guards, which hold what the change must not move.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _texts(matcher: NameMatcher, prompt: str) -> list[str]:
    return [lk.text for lk in matcher.find_all(prompt).likenesses]


ZH_ALLOWED = [
    "望子成龙的父母在校门口等待",  # parents who hope their son becomes a dragon (no Jackie Chan)
    "一劳永逸的解决方案，信息图",  # a once-and-for-all solution, an infographic
    "欣欣向荣的城市夜景",  # a thriving city at night
    "万紫千红的花园，水彩",  # a garden in full bloom
    "金戈铁马的古代战场",  # an ancient battlefield
    "委内瑞拉的海滩日落",  # a beach in Venezuela at sunset
    "马萨诸塞州的秋天枫叶",  # autumn leaves in Massachusetts
    "一只白鹿在森林里",  # a white deer in the forest (not the actress Bai Lu)
]


@pytest.mark.parametrize("prompt", ZH_ALLOWED)
def test_chinese_idioms_places_and_counted_animals_are_no_names(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


ZH_STILL_DENIED = [  # guards: denied before and after
    "成龙在拍电影",  # Jackie Chan making a film
    "白鹿在拍电影",  # the actress Bai Lu making a film (no classifier before her)
    "毛泽东思想宣传画",  # Mao Zedong Thought poster: the famous name starts the word
    "周恩来路过北京",  # Zhou Enlai passing through Beijing
    "王菲在演唱会上唱歌",  # Faye Wong singing at a concert
]


@pytest.mark.parametrize("prompt", ZH_STILL_DENIED)
def test_chinese_names_outside_such_words_are_still_read(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


VI_DENIED = [
    "Nguyễn Văn An đang đi xe đạp trên phố",  # an unknown person: family name and two given names
    "Trần Hưng Đạo đứng trên thuyền chỉ huy",  # the 13th-century general
    "Phạm Nhật Vượng phát biểu tại hội nghị",  # the industrialist
]


@pytest.mark.parametrize("prompt", VI_DENIED)
def test_vietnamese_names_are_read(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


VI_ALLOWED = [
    "Hà Nội mùa thu",  # Hanoi in autumn
    "bánh mì thịt trên xe đẩy ở Sài Gòn",  # Saigon
    "ly cà phê Trung Nguyên trên bàn gỗ",  # a coffee brand
    "sông Hương ở Huế với cầu Tràng Tiền",  # a bridge
    "Tết Nguyên Đán với hoa đào và bánh chưng",  # the Lunar New Year
    "đường Trần Hưng Đạo buổi sáng đông xe máy",  # a street named after the general
    "Phố Nguyễn Huệ đi bộ buổi tối",  # a street, its word capitalised as addresses write it
    "324 Huỳnh Tấn Phát, Phường Tuy Phước",  # a house number before a street named after someone
    "thành phố Hồ Chí Minh về đêm",  # the city, not the man
    "TP. Hồ Chí Minh về đêm",
    "Như Cho Từ Trong Nếu Cũng.",  # little words in Title Case after a family name's syllable (from)
]


VI_STILL_ALLOWED = [  # allowed before and after
    "Hồ Gươm buổi sáng sương mù",  # a lake
    "đồi chè ở Lâm Đồng",  # a province whose name starts as a family name does
    "Hà Nội mùa thu với lá vàng",
    "两匹白马在草原上奔跑",  # two white horses on the grassland
]


@pytest.mark.parametrize("prompt", VI_ALLOWED + VI_STILL_ALLOWED)
def test_vietnamese_places_brands_and_streets_are_no_names(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


VI_GUARDS = [  # denied before and after
    "chân dung Trần Thị Mai cười",  # a portrait of Tran Thi Mai: now read whole, not as "chân dung Trần"
    "Hồ Ngọc Hà hát trên sân khấu",  # the singer: Hồ with two more syllables is a person
    "Taylor Swift hát ở Hà Nội",  # a foreign name in a Vietnamese prompt
    "tượng Hồ Chí Minh ở quảng trường",  # a statue of Ho Chi Minh: a picture of him, no place word
    "Ảnh ở chợ Donald Trump đang cười",  # a famous name after a place word other than city or province
    "phố Nguyễn Phú Trọng phát biểu",
    "Nguyễn Phú Trọng phát biểu",  # a famous person of the tables
    "Sơn Tùng M-TP trên sân khấu",
]


@pytest.mark.parametrize("prompt", VI_GUARDS)
def test_famous_and_foreign_names_in_vietnamese_prompts_are_read_as_before(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


def test_romanian_letters_do_not_make_a_prompt_vietnamese(matcher: NameMatcher) -> None:
    # ă is Romanian too: a Romanian prompt's capitalised names are read by the Latin rules as before
    prompt = "Andreea Bălan cântă pe scenă la Chișinău"
    assert "Andreea Bălan" in _texts(matcher, prompt)


DECLINED_DENIED = [
    "spotkanie z Tuskiem w Brukseli, styl komiksowy",  # Polish instrumental of Tusk (an English word)
    "Zátopka v cíli maratonu, olejomalba",  # Czech genitive of Zátopek (the e drops)
    "Zátopkem na stadionu",  # instrumental
    "Erdoğanla çay içen bir kedi, yağlı boya",  # Turkish "with Erdoğan", no apostrophe
    "tarkanın öpücük attığı bir poster",  # in lower case, as Turkish users type names
    "erdoğanla çay içen bir kedi",
]


@pytest.mark.parametrize("prompt", DECLINED_DENIED)
def test_famous_names_declined_in_other_languages_are_read(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


DECLINED_ALLOWED = [  # guards: allowed before and after
    "venezianische Kanäle im Nebel, Aquarell",  # German canals: no Turkish ending outside Turkish
    "the tuskiem",  # an ending that English does not take, in no other language's sentence
    "kobieta z kotem i psem w parku",  # a woman with a cat and a dog in the park
    "aslanın yelesi rüzgarda",  # the lion's mane in the wind: aslan is a word, no Aslan Maskhadov
    "denizin mavisi ve martılar",  # the sea's blue and gulls: lower-case Turkish words
]


@pytest.mark.parametrize("prompt", DECLINED_ALLOWED)
def test_endings_are_read_only_where_the_language_has_them(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


REGNAL_DENIED = [
    "Karel IV. na koni před hradem",  # Charles IV in Czech
    "Ludwig XIV. im Schloss",
    "Henryk IV na tronie",
    "marszałek Piłsudski na kasztance",  # Marshal Piłsudski
    "kronprinsessan Victoria med en barnvagn i Haga",  # the crown princess of Sweden
]


@pytest.mark.parametrize("prompt", REGNAL_DENIED)
def test_monarchs_numbers_and_titles_of_other_languages_name_people(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


REGNAL_ALLOWED = [  # guards: allowed before and after
    "Rocky IV poster in a video store",  # a film: Rocky is no monarch's name
    "Final Fantasy VII box art",
    "Apollo XI launch at dawn",
    "a Louis XV style armchair",  # a style named after the king, read as before
]


@pytest.mark.parametrize("prompt", REGNAL_ALLOWED)
def test_numbered_titles_that_are_no_monarchs_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


FIRST_NAME_ALLOWED = [
    "bir aslan ormanda yürüyor",  # a lion walks in the forest (not Aslan Maskhadov)
    "pemandangan kota saat malam",  # the city at night (not Malam Bacai Sanhá)
    "Monas di Jakarta saat malam",
]


@pytest.mark.parametrize("prompt", FIRST_NAME_ALLOWED)
def test_a_first_name_common_in_another_language_is_its_word_away_from_the_subject(matcher: NameMatcher,
                                                                              prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


FIRST_NAME_GUARDS = [  # denied before and after
    "Oprah interviewing a guest",  # a rare first name of one famous bearer
    "Shakira en la playa",
    "Aslan Maskhadov giving a speech",  # the full name
    "aslan konuşuyor",  # where a sentence's subject stands, such a first name is still read as the person
]


@pytest.mark.parametrize("prompt", FIRST_NAME_GUARDS)
def test_rare_first_names_and_full_names_still_name_the_person(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


TURKISH_ALLOWED = [
    "Umut Işığı – Kitap Kapağı Tasarımı",  # the light of hope: a book cover
    "Yıldız Tozu, bilim kurgu roman kapağı",  # stardust
    "Ramazan Bayramı şekerleri ve kolonya",  # the Ramadan feast
    "Ağrı Dağı'nın karlı zirvesi, önünde otlayan atlar",  # its snowy summit, grazing in front of it
    "mahalle maçı, toprak saha, gün batımı",  # (a guard: allowed before too) no famous name with an ending
]


@pytest.mark.parametrize("prompt", TURKISH_ALLOWED)
def test_turkish_nouns_with_a_suffix_are_no_surnames(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


TURKISH_GUARDS = [  # denied before and after: a surname is a bare word, or one of a trade or of having
    "Ahmet Bulut ve kızı sahilde",
    "Ayşe Mutlu sahilde yürüyor",
    "Ali Demirci dükkanında",
    "Elif Şafak imza gününde",
]


@pytest.mark.parametrize("prompt", TURKISH_GUARDS)
def test_turkish_names_with_word_surnames_are_still_read(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


INDONESIAN_DENIED = [
    "Bu Susi merokok di atas perahu nelayan",  # Mrs Susi (Pudjiastuti): an Indonesian title
    "Pak Harto tersenyum di istana",  # Mr Harto (Soeharto; denied before by another rule too)
    "Soeharto tersenyum, foto hitam putih",  # the Dutch-era spelling, oe for u
    "Presiden Soekarno berpidato di depan rakyat",
]


@pytest.mark.parametrize("prompt", INDONESIAN_DENIED)
def test_indonesian_titles_and_old_spellings_are_read(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


INDONESIAN_ALLOWED = [
    "Sukarno-Hatta Airport terminal 3 at night",  # an airport named after two people
    "Soekarno-Hatta Airport terminal 3 at night",  # (allowed before too: the old spelling was not read)
]


@pytest.mark.parametrize("prompt", INDONESIAN_ALLOWED)
def test_a_place_named_after_two_people_is_the_place(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


INDONESIAN_GUARDS = [  # allowed before and after
    "Ibu Kota Nusantara dari udara",  # the capital city: "ibu" is a title only before a known name
    "ibu dan anak di pasar pagi",  # a mother and child at the market
]


@pytest.mark.parametrize("prompt", INDONESIAN_GUARDS)
def test_indonesian_words_for_mother_and_sir_alone_name_nobody(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))
