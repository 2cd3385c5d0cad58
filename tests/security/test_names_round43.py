"""Names round 43 (issue 11): private persons by shape in the languages of the blind sets #13-#17.

Before this round (on the code of commit 49d69cf, where every prompt below was checked) these
private persons passed: Mr, Mrs and Miss of the Slavic, Baltic, Nordic, Romance and Finnic
languages, Tagalog and Albanian before a surname ("pan Nowakowski", "fru Lindqvist", "domnul
Popescu", "zoti Berisha"), and a surname known by its ending after them ("ponia Kazlauskienė"); a
word for a teacher or a doctor before a surname ("opettaja Virtanen", "lærer Kristiansen", "la
maestra Bonetti"); a title that Hungarian puts after a name ("Szabó úr", "Kiss néni"); a given name
and a surname both declined ("Rūtos Kazlauskienės"); Vietnamese names in lower case with "văn" or
"thị" and after an honorific ("trần văn hùng", "chị Lan"); ordinary Albanian, Malay and Catalan names
the tables lacked ("agron gashi", "zulkifli ismail", "meritxell puigdevall"). Lower-case words of a
language's list were split into a given name and a surname ("talvella", in winter: "tal" + "vella");
Dutch dikes ("Kinderdijk") and plural nouns after a plural article ("Las Fallas", "As Festas") were
read as people.
The names are invented; none is a famous person's.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    # Mr, Mrs, Miss of more languages before a surname of the tables (or one known by its ending)
    "pan Nowakowski w ogrodzie z psem",
    "paní Dvořáková na balkóně s kávou",
    "gospa Horvat na tržnici",
    "fru Lindqvist i köket",
    "domnul Popescu la birou",
    "o senhor Ferreira na loja",
    "zoti Berisha në zyrë",
    "ponia Kazlauskienė prie lango",
    # a teacher's or a doctor's title before a surname
    "opettaja Virtanen luokassa",
    "lærer Kristiansen i skolegården",
    "la maestra Bonetti in classe",
    # a title after the name (Hungarian)
    "Szabó úr a kertben",
    "Kiss néni a piacon",
    # a declined given name and surname, capitalised or in lower case with a surname's ending
    "Rūtos Kazlauskienės nuotrauka prie jūros",
    "rūtos kazlauskienės nuotrauka",
    # Vietnamese: a middle name in lower case, an honorific before a capitalised name
    "trần văn hùng đang câu cá",
    "nguyễn thị mai bán hoa",
    "chị Lan nấu phở",
    # ordinary names of languages without Faker tables (consent/data/home_names.txt)
    "agron gashi në treg",
    "zulkifli ismail di kedai kopi",
    "meritxell puigdevall a la platja",
])
def test_private_persons_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # a word of a language's list in lower case is no given name and surname run together
    "Saimaa talvella, jäätä",
    "järvimaisema talvella",
    "Hämeenlinna talvella",
    # a Dutch dike, a plural noun after its article (no genitive, no misspelled famous name)
    "Kinderdijk met molens bij zonsondergang",
    "Las Fallas de Valencia, ninots ardiendo",
    "As Festas do Povo em Lisboa",
])
def test_words_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt
