"""Red team 52 (issue 11): names round 29 attacked both ways.

A helper read round 29's diff and wrote 300 prompts in the round's languages, each run on the code
before and after the round. The round had opened 11 failures, fixed here:

- five names let through: round 29's headline rule dropped, in a prompt with every word
  capitalised, a two-word reading no table holds when one word was a common word of the language,
  and a private person's name made of words is exactly that ("Aamu Metsä Juoksi Maratonin":
  Morning Forest, a Finnish given name and surname, ran a marathon). The rule is withdrawn;
- five false denials of Hungarian order: a colour that is a surname and a car brand that is a
  given name ("fekete mercedes", a black Mercedes): a brand is no given name there;
- "zora puca nad morem" (dawn breaks over the sea): a given name that is a word of the prompt's
  language ("zora", dawn) pairs only with a surname no word list holds, as before round 29.

The other prompts the red team kept as guards (225, of which 40 here) behave as they must.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Aamu Metsä Juoksi Maratonin",
    "Tähti Honka Voitti Laulukilpailun",
    "Aamu Metsä Voitti Kultaa",
    "Tähti Honka Avasi Leipomon",
    "Sunčica Kruh Osvojila Nagradu",
    "Maria Floare Deschide O Florărie",
    "ai weiwei na výstavě v berlíně",
    "a kovács anna napján szobrot készít",
    "Ibolya Hegyi Győzött Szegeden",
    "Mawar Bintang Memenangkan Lomba",
    "Bo Xilai Przed Sądem",
    "Panadero Juan Panecillo Gana El Concurso",
    "Lærer Karen Bøgeskov Vinder Undervisningspris",
    "Intan Permata Membuka Toko",
    "Lumi Halla Voitti Hiihtokisan",
    "Usko Laine Avasi Kahvilan",
    "Ma Yuhan Vyhrála Turnaj",
    "ma long vyhrál finále v pekingu",
    "petőfi sándor utca télen",
    "Stela Hrib Zmagala V Ljubljani",
    "Ma Yun Na Konferenci V Praze",
    "Marte Bølge Vinner Sølv I Bergen",
    "Al Bano Canta A Sanremo",
    "Ministr Petr Fiala Navštívil Brno",
    "Kovács Anna a konyhában",
    "Bonden Åker Vete Vinner Pris",
    "Sari Melati Membuka Toko Roti",
    "Bayu Cahaya Menang Lomba Lari",
    "Piekarz Marek Chlebek Wygrywa Konkurs",
    "Květa Rohlík Otevřela Pekárnu",
    "Bürgermeisterin Gerda Sonnenschein Eröffnet Neues Freibad",
])
def test_names_stay_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "fekete mercedes áll a parkolóban",
    "egy fehér mercedes a ház előtt",
    "zora puca nad morem",
    "fekete mercedes limuzin az esküvőn",
    "egy régi fekete mercedes a mezőn",
    "fehér mercedes kisbusz a reptéren",
    "szürke mercedes a hóban",
    "nagy medve a hegyen",
    "vörös dália a kertben",
    "slava pobjedi na zastavi",
    "vuk samotnjak u šumi",
    "Houston în ploaie seara",
    "bunga layu di meja",
    "intan berkilau di etalase",
    "luka rijeka u zoru",
    "fekete dália egy vázában",
    "sárga barack a tálban",
    "zorica rudi nad brdima",
    "Brisbane om natten",
    "Jordan ved solnedgang",
])
def test_clean_prompts_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), [(f.text, f.extra.get("rule")) for f in matcher.find(prompt)]
