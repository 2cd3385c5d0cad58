"""Person names in prompts: registered subjects, unknown persons, operator exceptions."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from consent.errors import LikenessError
from consent.names import NameException, NameMatcher, normalize_name
from consent.types import LikenessSource

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class _Subject:  # the shape of registry subjects: .id, .display_name, .aliases
    id: str
    display_name: str
    aliases: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    subjects = [
        _Subject("subj-jane", "Jane Doe", ["JD Star"]),
        _Subject("subj-john", "John Smith"),
        _Subject("subj-zoe", "Zoë Saldaña-Ríos"),
    ]
    return NameMatcher(subjects, [NameException("Van Gogh", "style reference, deceased 1890")])


@pytest.mark.parametrize(
    "prompt, text",
    [
        ("Jane Doe on a beach", "Jane Doe"),
        ("jane doe on a beach", "jane doe"),
        ("JANE    DOE on a beach", "JANE    DOE"),
        ("Jane Doe's red car", "Jane Doe's"),
        ("a film still: J@ne D0e, smiling", "J@ne D0e"),
        ("J0hn Sm1th at the office", "J0hn Sm1th"),
        ("Zoe Saldana Rios dancing", "Zoe Saldana Rios"),
        ("zoë   saldaña-ríos dancing", "zoë   saldaña-ríos"),
        ("a poster of JaneDoe", "JaneDoe"),
        ("the singer j.d. star live", "j.d. star"),
        ("John Smiht waving", "John Smiht"),
    ],
)
def test_registered_names_match_robustly(matcher, prompt, text):
    (lk,) = matcher.find(prompt)
    assert lk.subject_id is not None and lk.text == text
    assert prompt[lk.span[0]:lk.span[1]] == text
    assert lk.source is LikenessSource.PROMPT_NAME


def test_registered_name_inside_longer_text_has_exact_span(matcher):
    prompt = "A cinematic portrait, golden hour, of John Smith holding a violin, 35mm film"
    (lk,) = matcher.find(prompt)
    assert lk.subject_id == "subj-john"
    assert lk.span == (prompt.index("John"), prompt.index("Smith") + len("Smith"))
    assert lk.where() == f'prompt chars {lk.span[0]}-{lk.span[1]} "John Smith"'


@pytest.mark.parametrize(
    "prompt, text",
    [
        ("T0m H4nks in a diner", "T0m H4nks"),
        ("taylor   swift on stage", "taylor   swift"),
        ("B. Obama giving a speech", "B. Obama"),
        ("President Macron at a podium", "President Macron"),
        ("Dr. Smith in a lab coat", "Dr. Smith"),
        ("a portrait of Keanu Reeves", "Keanu Reeves"),
        ("photo of Obama at the beach", "Obama"),
    ],
)
def test_unregistered_person_names_are_unknown(matcher, prompt, text):
    found = matcher.find(prompt)
    assert [(lk.subject_id, lk.text) for lk in found] == [(None, text)]
    assert found[0].extra["unknown_person"] is True


@pytest.mark.parametrize(
    "prompt",
    [
        "a red Ford Mustang on a desert highway",
        "Tesla charging at night",
        "a Mercedes parked in the rain",
        "Washington Square in autumn",
        "Victoria Falls from a helicopter",
        "rolling hills of Georgia",
        "a rose garden at dawn",
        "a golden retriever puppy",
        "a Louis Vuitton handbag",
        "Santa Monica pier at sunset",
    ],
)
def test_brands_places_and_style_words_are_not_people(matcher, prompt):
    assert matcher.find(prompt) == []


def test_exception_is_reported_not_a_likeness(matcher):
    scan = matcher.find_all("a sunflower field in the style of Van Gogh")
    assert scan.likenesses == ()
    (ex,) = scan.exempted
    assert ex.text == "Van Gogh" and ex.extra["exception"] == "Van Gogh"
    assert ex.extra["reason"] == "style reference, deceased 1890"


def test_exception_does_not_cover_a_longer_name(matcher):
    scan = matcher.find_all("a portrait of Theo van Gogh")
    assert [lk.text for lk in scan.likenesses] == ["Theo van Gogh"]


def test_exception_never_hides_a_registered_subject():
    m = NameMatcher([_Subject("subj-vg", "Vincent van Gogh")], ["Vincent van Gogh"])
    scan = m.find_all("Vincent van Gogh painting sunflowers")
    assert [lk.subject_id for lk in scan.likenesses] == ["subj-vg"]
    assert scan.exempted == ()


def test_several_names_in_order(matcher):
    found = matcher.find("Jane Doe and Tom Hanks and John Smith at dinner")
    assert [lk.subject_id for lk in found] == ["subj-jane", None, "subj-john"]


def test_exceptions_accept_strings_pairs_and_objects():
    m = NameMatcher([], ["Monet", ("Van Gogh", "style"), {"name": "Rembrandt", "reason": "style"}])
    assert len(m.find_all("in the style of Van Gogh").exempted) == 1
    with pytest.raises(LikenessError, match="expected a name with letters"):
        NameMatcher([], ["  ..."])


def test_subject_without_id_is_refused():
    with pytest.raises(LikenessError, match="has no id"):
        NameMatcher([_Subject("", "Jane Doe")])


def test_normalize_name():
    assert normalize_name("  Zoë   SALDAÑA-Ríos's ") == "zoe saldana rios"
    assert normalize_name("J0hn Sm1th") == "john smith"


def test_eval_script_prints_both_tables_and_meets_goals_on_the_tuning_part():
    # The held-out part's goals (recall >= 95%, false denials <= 3%) are reported, not asserted here:
    # the script exits 1 while they are missed (see docs/LIKENESS.md for the current numbers).
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_names.py"), "--json"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    import json

    rep = json.loads(r.stdout)
    dev, held = rep["dev (tuned on)"], rep["held-out"]
    assert dev["recall"] >= 0.95 and dev["false_denial_rate"] <= 0.05, dev
    assert held["with_person"] >= 200 and held["without_person"] >= 200
    assert "missed" not in held, "held-out misses are listed only with --show-heldout"
    assert (r.returncode == 0) == rep["goals"]["passed"]


@pytest.fixture(scope="module")
def remembering_matcher() -> type:
    """``NameMatcher()`` (no subject, no exception) that answers each prompt once per test module.
    The script's in-process runs below score the same ten thousand real prompts again and again;
    the detector's answer to a prompt is the same in every run and in any order of the tests.
    The subprocess test above runs the script with a fresh, real matcher."""
    found: dict[str, list] = {}
    real: list[NameMatcher] = []

    class RememberingMatcher:
        def find(self, prompt: str) -> list:
            if prompt not in found:
                if not real:
                    real.append(NameMatcher())
                found[prompt] = real[0].find(prompt)
            return found[prompt]

    return RememberingMatcher


def _eval_module(matcher_class=NameMatcher):
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_names_under_test", ROOT / "scripts" / "eval_names.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.NameMatcher = matcher_class  # what ``main`` scores each prompt with
    return mod


def _with_blind(mod, *parts):
    """Wire made-up blind parts into the eval module as the lead wires a new blind set: scored
    when present, judged on, misses shown only with --show-heldout (the audit option). The real
    blind parts are left out, so the test does not depend on how the detector scores them."""
    mod.SETS = {**{k: v for k, v in mod.SETS.items() if k not in mod.JUDGED}, **dict(parts)}
    mod.OPTIONAL = {name for name, _ in parts}
    mod.JUDGED = tuple(name for name, _ in parts)
    mod.HIDDEN = {**mod.HIDDEN, **{name: "show_heldout" for name, _ in parts}}


def test_eval_script_judges_every_blind_set_and_hides_their_misses(tmp_path, capsys, remembering_matcher):
    # every blind part present must meet the goals, and its misses are printed only on request
    mod = _eval_module(remembering_matcher)
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    person = {"prompt": "portrait of Barack Obama", "person": True, "family": "plain", "note": ""}
    clean = {"prompt": "a red barn in a snowy field", "person": False, "family": "everyday", "note": ""}
    good.write_text(json.dumps(person) + "\n" + json.dumps(clean) + "\n", encoding="utf-8")
    missed = {"prompt": "a red barn in a snowy field", "person": True, "family": "plain", "note": ""}
    bad.write_text(json.dumps(missed) + "\n" + json.dumps(clean) + "\n", encoding="utf-8")
    _with_blind(mod, ("blind A", good), ("blind B", bad))
    assert mod.main(["--json"]) == 1
    rep = json.loads(capsys.readouterr().out)
    assert rep["goals"]["passed"] is False
    assert rep["goals"]["passed_by_part"] == {"blind A": True, "blind B": False}
    assert rep["goals"]["judged_on_all"] == ["blind A", "blind B"]
    assert "missed" not in rep["blind B"]
    assert mod.main(["--json", "--show-heldout"]) == 1
    assert json.loads(capsys.readouterr().out)["blind B"]["missed"] == [missed["prompt"]]
    assert mod.main([]) == 1
    assert "FAIL: blind B" in capsys.readouterr().out
    mod.SETS = {**mod.SETS, "blind B": good}
    assert mod.main(["--json"]) == 0
    assert json.loads(capsys.readouterr().out)["goals"]["passed"] is True


def test_eval_script_tuning_only_never_opens_a_blind_set(tmp_path, capsys, remembering_matcher):
    # the runs inside a round: every spent set scored and listed, the blind ones not even opened
    mod = _eval_module(remembering_matcher)
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"prompt": "a red barn in a snowy field", "person": False, "family": "everyday",
                                 "note": ""}) + "\n", encoding="utf-8")
    opened: list[str] = []
    load = mod._load

    def watched(path):
        opened.append(path.name)
        return load(path)

    mod._load = watched
    mod.SETS = {name: (tmp_path / f"blind-{i}.jsonl" if name in mod.JUDGED or name in mod.HIDDEN else small)
                for i, name in enumerate(mod.SETS)}
    for name in mod.SETS:
        if name in mod.JUDGED or name in mod.HIDDEN:
            mod.SETS[name].write_text("not json\n", encoding="utf-8")  # would fail the run if read
    assert mod.main(["--tuning-only", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert not any(n.startswith("blind-") for n in opened) and opened
    assert mod.TUNING10 in rep and mod.DEV in rep and not any(name in rep for name in mod.JUDGED)
    assert mod.HELDOUT1 not in rep
    assert mod.main(["--tuning-only"]) == 0
    out = capsys.readouterr().out
    assert "blind sets were not read" in out and "#15" not in out


def test_eval_script_scores_the_spent_sets_and_judges_nothing_without_a_blind_set(tmp_path, capsys):
    mod = _eval_module()
    # round 14 tuned on held-out #9 and #10: both are tuning sets now, as #4 to #8 and dev #9 are
    assert mod.SETS[mod.TUNING10].name == "names_heldout10.jsonl"
    assert mod.SETS[mod.TUNING9].name == "names_heldout9.jsonl"
    assert mod.SETS[mod.TUNING8].name == "names_heldout8.jsonl"
    assert mod.SETS[mod.TUNING7].name == "names_heldout7.jsonl"
    assert mod.SETS[mod.TUNING6].name == "names_heldout6.jsonl"
    assert mod.SETS[mod.DEV9].name == "names_dev9.jsonl"
    # (round 42) the round's tuner wrote dev #18 before changing any rule: a tuning part, scored by --tuning-only
    assert mod.SETS[mod.DEV18].name == "names_dev18.jsonl" and mod.DEV18 not in mod.JUDGED and mod.DEV18 not in mod.HIDDEN
    # (round 43) dev #19: Faker's private persons by shape in 25 languages, written before any rule changed
    assert mod.SETS[mod.DEV19].name == "names_dev19.jsonl" and mod.DEV19 not in mod.JUDGED and mod.DEV19 not in mod.HIDDEN
    assert mod.SETS[mod.TUNING5].name == "names_heldout5.jsonl"
    assert mod.SETS[mod.TUNING4].name == "names_heldout4.jsonl"
    # the blind parts since round 14: #11 (PartiPrompts, labelled) and #12 (people from public data files);
    # since round 27 #13 (six languages by another author); since round 28 #14 (ten languages, by shape);
    # since round 29 #15 (ten more languages, by shape); since round 30 #16 (ten further languages);
    # since round 37 #17 (surnames with particles); since round 44 #19 (Czech and Slovak)
    assert mod.JUDGED == (mod.BLIND11, mod.BLIND12, mod.BLIND13, mod.BLIND14, mod.BLIND15, mod.BLIND16, mod.BLIND17,
                          mod.BLIND19)
    assert mod.OPTIONAL == {mod.BLIND11, mod.BLIND12, mod.BLIND13, mod.BLIND14, mod.BLIND15, mod.BLIND16, mod.BLIND17,
                            mod.BLIND19}
    assert mod.SETS[mod.BLIND19].name == "names_heldout19.jsonl" and mod.SETS[mod.BLIND19].is_file()
    assert mod.HIDDEN[mod.BLIND19] == "show_blind19"
    assert mod.SETS[mod.TUNING18].name == "names_heldout18.jsonl" and mod.TUNING18 not in mod.HIDDEN
    assert mod.SETS[mod.BLIND13].name == "names_heldout13.jsonl" and mod.SETS[mod.BLIND13].is_file()
    assert mod.HIDDEN[mod.BLIND13] == "show_blind13"
    assert mod.SETS[mod.BLIND14].name == "names_heldout14.jsonl" and mod.SETS[mod.BLIND14].is_file()
    assert mod.HIDDEN[mod.BLIND14] == "show_blind14"
    assert mod.SETS[mod.BLIND15].name == "names_heldout15.jsonl" and mod.SETS[mod.BLIND15].is_file()
    assert mod.HIDDEN[mod.BLIND15] == "show_blind15"
    assert mod.SETS[mod.BLIND16].name == "names_heldout16.jsonl" and mod.SETS[mod.BLIND16].is_file()
    assert mod.HIDDEN[mod.BLIND16] == "show_blind16"
    assert mod.SETS[mod.BLIND17].name == "names_heldout17.jsonl" and mod.SETS[mod.BLIND17].is_file()
    assert mod.HIDDEN[mod.BLIND17] == "show_blind17"
    assert mod.SETS[mod.BLIND11].name == "names_heldout11.jsonl" and mod.SETS[mod.BLIND11].is_file()
    assert mod.SETS[mod.BLIND12].name == "names_heldout12.jsonl" and mod.SETS[mod.BLIND12].is_file()
    assert mod.HIDDEN[mod.BLIND11] == "show_blind11" and mod.HIDDEN[mod.BLIND12] == "show_blind12"
    rows = [{"prompt": "a quiet harbour at dawn", "person": True, "family": "plain", "note": ""},
            {"prompt": "a red barn in a snowy field", "person": False, "family": "everyday", "note": ""}]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    # (fast: the real sets are scored by the test above); the blind files absent: skipped, not judged
    mod.SETS = {name: (tmp_path / "absent.jsonl" if name in mod.OPTIONAL else small) for name in mod.SETS}
    assert mod.main(["--json"]) == 1
    rep = json.loads(capsys.readouterr().out)
    for name in (mod.TUNING3, mod.TUNING4, mod.TUNING5, mod.TUNING6, mod.TUNING7, mod.TUNING8, mod.TUNING9,
                 mod.TUNING10):
        assert "missed" in rep[name] and "false_denials" in rep[name], name
    assert "missed" not in rep[mod.HELDOUT1]
    assert rep["goals"]["judged_on"] is None and rep["goals"]["passed"] is False
    assert rep["skipped"] == [mod.BLIND11, mod.BLIND12, mod.BLIND13, mod.BLIND14, mod.BLIND15, mod.BLIND16,
                              mod.BLIND17, mod.BLIND19]
    assert mod.main([]) == 1
    assert "NOT JUDGED" in capsys.readouterr().out
    # an absent blind part is skipped and judges nothing
    _with_blind(mod, ("blind A", tmp_path / "absent.jsonl"))
    assert mod.main(["--json"]) == 1
    rep = json.loads(capsys.readouterr().out)
    assert "blind A" not in rep and rep["skipped"] == ["blind A"] and rep["goals"]["passed"] is False
    assert mod.main([]) == 1
    out = capsys.readouterr().out
    assert "NOT JUDGED" in out and "absent.jsonl is absent" in out
    # the options for the former blind sets are kept and change nothing
    for old in ("--show-blind", "--show-blind4", "--show-blind5", "--show-blind6", "--show-blind7", "--show-blind8",
                "--show-blind9", "--show-blind10"):
        assert mod.main(["--json", old]) == 1, old
        assert "blind A" not in json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("part, label", [("TUNING6", "held-out #6 (spent: tuned on since round 9)"),
                                         ("TUNING7", "held-out #7 (spent: tuned on since round 10)"),
                                         ("TUNING8", "held-out #8 (spent: tuned on since round 11)"),
                                         ("TUNING9", "held-out #9 (spent: tuned on since round 14)"),
                                         ("TUNING10", "held-out #10 (spent: tuned on since round 14)")])
def test_eval_script_lists_the_misses_of_a_spent_set_in_its_text_report(tmp_path, capsys, part, label,
                                                                       remembering_matcher):
    mod = _eval_module(remembering_matcher)
    spent = tmp_path / "spent.jsonl"
    rows = [{"prompt": "a quiet harbour at dawn", "person": True, "family": "plain", "note": "made-up miss"},
            {"prompt": "portrait of Barack Obama", "person": False, "family": "everyday", "note": "made-up"}]
    spent.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    mod.SETS = {**mod.SETS, getattr(mod, part): spent}
    assert getattr(mod, part) == label
    mod.main([])
    out = capsys.readouterr().out
    assert f"== {label}" in out
    assert "missed: 'a quiet harbour at dawn'" in out and "false denial: 'portrait of Barack Obama'" in out


def test_prompt_sets_have_required_size():
    import json

    def rows(name):
        text = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line]

    dev, held = rows("names_dev.jsonl"), rows("names_heldout.jsonl")
    everything = dev + held
    assert len(everything) >= 600
    assert sum(r["person"] for r in everything) >= 300 and sum(not r["person"] for r in everything) >= 300
    assert len(held) >= 400  # the tuning set grows; the held-out part stays big enough to measure on
    assert {r["split"] for r in held} == {"heldout"} and {r["split"] for r in dev} == {"dev"}
    same = sorted({r["prompt"] for r in dev} & {r["prompt"] for r in held})
    assert not same, f"tuning prompts also in the held-out set: {same}"  # names only the shared prompts


@pytest.mark.parametrize(
    "prompt,text",
    [
        ("portrait of J a n e D o e at dawn", "J a n e D o e"),
        ("J-a-n-e Doe in a garden", "J-a-n-e Doe"),
    ],
)
def test_registered_name_spelled_letter_by_letter_is_found(prompt, text):
    class _S:
        id, display_name, aliases = "jane-doe", "Jane Doe", []

    found = NameMatcher([_S()]).find(prompt)
    assert [(lk.subject_id, lk.text) for lk in found] == [("jane-doe", text)]


def test_adapter_placeholder_token_is_not_an_unknown_person():
    assert NameMatcher([]).find("<jane> reading a newspaper") == []


def test_adjacent_placeholders_still_read_as_a_name():
    found = NameMatcher([]).find("portrait of <Tom> <Hanks> on a beach")
    assert [lk.subject_id for lk in found] == [None]


def test_matchers_share_an_index_but_not_their_names():
    # subjects' names are indexed once per process; a matcher sees only its own registry
    with_jane = NameMatcher([_Subject("subj-jane", "Jane Doe", ["J. Doe"])])
    without = NameMatcher([_Subject("subj-john", "John Smith")])
    assert [lk.subject_id for lk in with_jane.find("Jane Doe at the beach")] == ["subj-jane"]
    assert all(lk.subject_id is None for lk in without.find("Jane Doe at the beach"))
    rebuilt = NameMatcher([_Subject("subj-john", "John Smith"), _Subject("subj-new", "Amara Okafor")])
    assert [lk.subject_id for lk in rebuilt.find("amara okafor dancing")] == ["subj-new"]


def test_two_subjects_with_one_name_are_both_found_however_it_is_written():
    """A name two subjects share names both: each needs their consent (it read as the first one
    alone where written in full: a persona took the real person's prompts, session 64)."""
    m = NameMatcher([_Subject("a", "Maria Lopez"), _Subject("b", "Maria Lopez")])
    for prompt in ("Maria Lopez waving", "maria lopez waving", "Lopez, Maria waving", "M a r i a L o p e z"):
        assert {lk.subject_id for lk in m.find(prompt)} == {"a", "b"}, prompt


@pytest.mark.parametrize(
    "prompt",
    [
        "a red Ford Mustang on a desert highway",  # "A. Ford": the word "a" is no initial
        "children's book illustration of a bear",  # "B. Cook" run together is "bcook"; "book" is a word
        "golden retriever puppy in the snow",  # "E. Snow", "A. Golden"
        "Lake Victoria fishing boats",  # "Victor1" reads "victori"; no typo from a name written with digits
        "PRODUCT PHOTO OF A MARTIN ACOUSTIC GUITAR",  # in capitals, "A" is no initial
        "a knight in shining armor",  # "E. Knight", "A. Amor"
        "H A P P Y   B I R T H D A Y banner",  # "H. Day" is not spelled out as "h d a y"
    ],
)
def test_initials_aliases_and_typos_do_not_catch_everyday_words(prompt):
    subjects = [_Subject("s1", "Henry Ford", ["A. Ford"]), _Subject("s2", "Bella Cook", ["B. Cook"]),
                _Subject("s3", "Eve Snow", ["E. Snow", "A. Golden"]), _Subject("s4", "Victor Hale", ["Victor1"]),
                _Subject("s5", "Ann Martin", ["A. Martin"]), _Subject("s6", "Ed Knight", ["E. Knight", "A. Amor"]),
                _Subject("s7", "Hal Day", ["H. Day"])]
    assert [lk for lk in NameMatcher(subjects).find(prompt) if lk.subject_id] == [], prompt


@pytest.mark.parametrize("prompt, sid", [("A. Ford at the wheel", "s1"), ("B. Cook in a kitchen", "s2"),
                                         ("Bellla Cook in a kitchen", "s2"), ("Victor1 on stage", "s4")])
def test_initials_aliases_and_typos_still_match_names(prompt, sid):
    subjects = [_Subject("s1", "Henry Ford", ["A. Ford"]), _Subject("s2", "Bella Cook", ["B. Cook"]),
                _Subject("s4", "Victor Hale", ["Victor1"])]
    assert sid in [lk.subject_id for lk in NameMatcher(subjects).find(prompt)]


@pytest.mark.parametrize(
    "prompt, text",
    [
        ("习近平在天安门", "习近平"),  # registered in Latin letters, written in Chinese
        ("김정은은 웃고 있다", "김정은"),  # registered in Hangul, a particle after it
        ("王小明在公园里跑步", "王小明"),
    ],
)
def test_registered_names_inside_words_of_other_scripts(prompt, text):
    m = NameMatcher([_Subject("xi", "Xi Jinping"), _Subject("kim", "김정은"), _Subject("wang", "王小明")])
    found = m.find(prompt)
    assert [lk.text for lk in found if lk.subject_id] == [text], found


def test_fast_path_for_plain_names_reads_them_as_normalize_name_does():
    from faker import Faker

    from consent.names import _name_info

    fake = Faker(["en_US", "de_DE", "fr_FR", "es_ES", "ja_JP", "ru_RU", "hi_IN", "zh_CN"])
    Faker.seed(3)
    names = [fake.name() for _ in range(300)] + ["J. Smith", "Mary-Jane O'Neil", "A.B. Cole", "Jane  Doe.", "JD Star"]
    for n in names:
        assert _name_info(n)[0] == tuple(normalize_name(n).split()), n


@pytest.mark.parametrize(
    "prompt,person",
    [
        ("Federer's backhand in slow motion", True),  # a famous surname, possessive, before an act
        ("Rubik's cube on a desk", False),  # an eponym WordNet names
        ("the Kardashians at a beach party", True),  # a famous surname in the plural
        ("the richest man in the world on a yacht", True),
        ("the German chancellor at a podium", True),
        ("姚明在打篮球", True),  # Yao Ming, read in pinyin
        ("अमिताभ बच्चन का चित्र", True),  # Amitabh Bachchan, Devanagari read with its vowels
        ("Une rue de Paris sous la pluie", False),  # French little words are no names
        ("Deniz kenarında bir kedi", False),  # a Turkish given name before a lower-case word
        ("Beef Wellington sliced on a board", False),  # a dish word before a name
        ("Jack Russell terrier chasing a ball", False),  # a breed word after a name
        ("the Edmund Fitzgerald freighter on Lake Superior", False),  # a ship
        ("Aston Villa crest", False),  # a team word after a name
    ],
)
def test_round_3_knowledge(prompt, person):
    assert bool(NameMatcher().find(prompt)) is person
