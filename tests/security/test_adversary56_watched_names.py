"""Red team 56: the watch list of real people's names (commits 43999bf, a34f17f) attacked both ways.

Names are made up ("Ilse Vrontkamp", "Marek Quilby"), on no list the studio ships, so a denial
comes from the watch list. Each evasion is compared with a *registered* subject of the same
name: a gap both have is "shared", one only the watch list has is a finding.

Findings, fixed after the red team (plain tests now):

- a registered subject whose name or alias shares one word with a watched name (a consenting
  relative "Anna Vrontkamp", a subject "Ilse Marrow", an alias "Ilse") took the watched name's
  place: every watched mention overlapping *any* registered mention was dropped, so a creator
  with a grant for that subject generated the watched person. Now only a registered mention of
  the same name wins;
- the one-word guard of ``Operations.watch_names`` was passed by splitting the word ("Ro Se",
  "Pa ris"); a known place or thing of several words ("New York") and an ordinary word of another
  language ("Sonne") were accepted (``consent.names.watched_name_problem`` now reads the name
  joined, against English, the 24 languages' common words, places, things and given names);
- a row's reason and author were not held to the signed log (each row is now compared whole);
- the spelled-out search was cubic in a run of single letters (1,000 letters: 1.7 s with one
  watched name; shared with registered names): it now tries no substring longer than the
  matcher's own longest name.

- shared with registered and famous names: a name in an e-mail address ("ilse.vrontkamp@example.com",
  "taylor.swift@example.com") or with URL-escaped separators ("taylor%20swift") was not read; the
  prompt's "%20"-style escapes and an e-mail address's "@" are now read as spaces.

Still open (strict expected failures), shared with registered names: several writings (surname
alone in lower case, Russian phonetic spelling, katakana run together, Hangul, a Czech genitive).
"""

from __future__ import annotations

import sqlite3
import string
import random
import time
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from consent.errors import ConsentDenied, RecordInvalid
from consent.integrity import IntegrityFailure
from consent.names import NameMatcher

NAMES = ["Ilse Vrontkamp", "Marek Quilby"]
XFAIL = "adversary 56: "


@pytest.fixture(scope="module")
def watched() -> NameMatcher:
    return NameMatcher(watched=NAMES)


@pytest.fixture(scope="module")
def registered() -> NameMatcher:
    return NameMatcher([SimpleNamespace(id=f"s{i}", display_name=n, aliases=[]) for i, n in enumerate(NAMES)])


def _watched_hits(found) -> list:
    return [lk for lk in found if lk.subject_id is None]


# --------------------------------------------------------------------------- 1. evasions: guards

#: writings of a watched name that the watch list reads (most in lower case: the unknown-name
#: rule alone lets them through), each also read for a registered subject of the same name
CAUGHT = [
    "ilse.vrontkamp@example.com walking",  # an e-mail address (fixed after red team 56)
    "ilse%20vrontkamp portrait",  # percent encoding (fixed after red team 56)
    "ILSE%2BVRONTKAMP on stage",
    "ilse vrontkamp walking her dog",
    "ilse\u200bvrontkamp walking her dog",  # zero-width space
    "ilse vront\u200bkamp walking her dog",
    "ilse vr\u00adontkamp walking",  # soft hyphen
    "Ilse\u2060Vrontkamp at a party",  # word joiner
    "Ilse\ufeffVrontkamp at a party",
    "Ilse\u202eVrontkamp at a party",  # right-to-left override
    "Ilse\x00Vrontkamp at a party",
    "Ilse\u3000Vrontkamp at a party",
    "Ilse\u00a0Vrontkamp at a party",
    "Ilse\nVrontkamp at a party",
    "\u0456l\u0455\u0435 vr\u043entk\u0430m\u0440 walking",  # Cyrillic look-alikes
    "ilse vrontk\u0430mp walking",  # one Cyrillic a
    "\u03b9lse vrontkamp walking",  # Greek iota
    "\uff49\uff4c\uff53\uff45 \uff56\uff52\uff4f\uff4e\uff54\uff4b\uff41\uff4d\uff50 walking",  # full width
    "\U0001d422\U0001d425\U0001d42c\U0001d41e \U0001d42f\U0001d42b\U0001d428\U0001d427\U0001d42d\U0001d424\U0001d41a\U0001d426\U0001d429 walking",
    "\u026a\u029fs\u1d07 \u1d20\u0280\u1d0f\u0274\u1d1b\u1d0b\u1d00\u1d0d\u1d18 walking",  # small capitals
    "\u00edlse vr\u00f6ntk\u00e4mp walking",  # diacritics added
    "ilse vr\u00f8ntkamp walking",
    "ilse vrontkamp\u0301 walking",  # combining mark
    "ilse vr0ntkamp walking",  # leetspeak
    "ilse vr0ntk4mp walking",
    "mar3k qu1lby at a desk",
    "!lse vrontkamp walking",
    "ilse vrontkamp's dog",  # possessive
    "ilse vrontkamps hund",
    "marek quilbys hund",
    "ilse-vrontkamp walking",
    "ilse.vrontkamp walking",
    "ilse+vrontkamp portrait",
    "ilse_vrontkamp_99 portrait",
    "https://ilsevrontkamp.com walking",  # URLs and handles
    "www.ilse-vrontkamp.de portrait",
    "t.me/ilsevrontkamp portrait",
    "instagram @ilse_vrontkamp selfie",
    "@ilsevrontkamp selfie",
    "IlseVrontkampOfficial portrait",
    '{"prompt": "ilse vrontkamp at a party"}',  # JSON
    "(ilse vrontkamp:1.3) at a party",
    "[[ilse]] [[vrontkamp]] at a party",
    "i l s e  v r o n t k a m p walking",  # spelled out
    "i-l-s-e-v-r-o-n-t-k-a-m-p walking",
    "i_l_s_e v_r_o_n_t_k_a_m_p walking",
    "i.l.s.e.v.r.o.n.t.k.a.m.p walking",
    "ilse v r o n t k a m p at a party",
    "vrontkamp, ilse walking",  # reordered, apart
    "ilse walking her dog with vrontkamp",
    "ilse vrontkmp walking",  # one typo
    "ilse vrontcamp walking",
    "ilse frontkamp walking",
    "ilsevrontkamp's dog",
    "\u0438\u043b\u0441\u0435 \u0432\u0440\u043e\u043d\u0442\u043a\u0430\u043c\u043f",  # илсе вронткамп
    "\u03b9\u03bb\u03c3\u03b5 \u03b2\u03c1\u03bf\u03bd\u03c4\u03ba\u03b1\u03bc\u03c0",  # ιλσε βροντκαμπ
    "lady in red dress, " * 200 + "ilse vrontkamp",  # the name at the end of a long prompt
    "marek quilby",
    "#marek_quilby",
    "marek quilby2",
]


@pytest.mark.parametrize("prompt", CAUGHT)
def test_a_watched_name_written_so_is_still_a_person(watched, registered, prompt):
    assert registered.find(prompt), "the registered reading of the same name (the baseline) changed"
    found = watched.find(prompt)
    assert found and all(lk.subject_id is None for lk in found), found


@pytest.mark.parametrize("prompt", ["a harbour at dawn", "a quilted blanket on a bed", "the front camp of the expedition",
                                    "a vron tkamp", "elsewhere at a party", "marek in the market"])
def test_ordinary_prompts_stay_clear(watched, prompt):
    assert watched.find(prompt) == []


def test_the_studio_denies_check_and_generate_and_writes_nothing(stub_world):
    stub_world.ops.watch_names(NAMES, "talent", "legal")
    studio = stub_world.studio()
    for prompt in ("ilse\u200bvrontkamp walking", "\u0456l\u0455\u0435 vr\u043entk\u0430m\u0440", "marek quilby's portrait"):
        req = stub_world.request(purpose="art", prompt=prompt, project=None)
        assert not studio.check(req).allowed
        with pytest.raises(ConsentDenied):
            studio.generate(req)
    assert stub_world.output_files() == []


# --------------------------------------------------------------------------- 1. evasions: shared gaps

SHARED = [
    "vrontkamp walking her dog",  # the surname alone, lower case
    "ilsevrontkampofficial portrait",
    "\u0438\u043b\u044c\u0437\u0435 \u0432\u0440\u043e\u043d\u0442\u043a\u0430\u043c\u043f \u0433\u0443\u043b\u044f\u0435\u0442",  # ильзе вронткамп гуляет
    "\u30a4\u30eb\u30bc\u30f4\u30ed\u30f3\u30c8\u30ab\u30f3\u30d7",  # イルゼヴロントカンプ
    "\uc77c\uc81c \ube0c\ub860\ud2b8\uce84\ud504",  # 일제 브론트캄프
    "marka quilbyho portr\u00e9t",  # Czech genitive
]


@pytest.mark.parametrize("prompt", SHARED)
@pytest.mark.xfail(strict=True, reason=XFAIL + "shared with registered names: this writing is read for neither")
def test_shared_gaps(watched, prompt):
    assert watched.find(prompt)


# --------------------------------------------------------------------------- 1. a registered subject hides a watched one

#: (registered name, aliases, prompt): each prompt names Ilse Vrontkamp and a consenting subject
#: who shares one word with her name
OVERLAPS = [
    ("Ilse Marrow", (), "ilse vrontkamp walking with marrow"),
    ("Ilse Marrow", (), "Ilse Vrontkamp walking with Marrow"),
    ("Anna Vrontkamp", (), "ilse vrontkamp with anna"),
    ("Dana Doe", ("Ilse",), "ilse vrontkamp at the harbour"),
    ("Dana Doe", ("Vrontkamp",), "Ilse Vrontkamp at the harbour"),
    ("Vrontkamp Berg", (), "ilse vrontkamp berg at the harbour"),
]


def _subject(name, aliases, sid="s0"):
    return SimpleNamespace(id=sid, display_name=name, aliases=list(aliases))


@pytest.mark.parametrize("name, aliases, prompt", OVERLAPS)
def test_two_registered_subjects_in_those_prompts_are_both_read(name, aliases, prompt):
    """The baseline: were Ilse Vrontkamp registered, these prompts would name her."""
    found = NameMatcher([_subject(name, aliases), _subject("Ilse Vrontkamp", (), "ilse")]).find(prompt)
    assert "ilse" in {lk.subject_id for lk in found}, found


@pytest.mark.parametrize("name, aliases, prompt", OVERLAPS)
def test_a_registered_subject_sharing_a_word_does_not_hide_a_watched_name(name, aliases, prompt):
    found = NameMatcher([_subject(name, aliases)], watched=["Ilse Vrontkamp"]).find(prompt)
    assert any(lk.subject_id is None and lk.extra.get("watched") for lk in found), found


def test_a_registered_subject_of_the_very_name_still_wins(watched):
    found = NameMatcher([_subject("Ilse Vrontkamp", ())], watched=["Ilse Vrontkamp"]).find("ilse vrontkamp at sea")
    assert [(lk.subject_id, lk.extra.get("watched")) for lk in found] == [("s0", None)]


def test_a_registered_subject_elsewhere_in_the_prompt_leaves_it(watched):
    found = NameMatcher([_subject("Ilse Marrow", ())], watched=["Ilse Vrontkamp"]).find("ilse marrow and ilse vrontkamp")
    assert [(lk.subject_id, lk.extra.get("watched")) for lk in found] == [("s0", None), (None, True)]


@pytest.mark.parametrize("name, aliases, prompt", [OVERLAPS[2], OVERLAPS[3]])
def test_the_studio_denies_a_watched_name_beside_a_granted_subject(stub_world, name, aliases, prompt):
    stub_world.add_person("jane", name, aliases=aliases)
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.ops.watch_names(["Ilse Vrontkamp"], "agency talent", "legal")
    with pytest.raises(ConsentDenied):
        stub_world.studio().generate(stub_world.request(prompt=prompt))
    assert stub_world.output_files() == []


def test_exceptions_never_hide_a_watched_name():
    for exc, prompt in ((["ilse vrontkamp"], "ilse vrontkamp at a party"),
                        (["Ilse Vrontkamp Award"], "ilse vrontkamp award ceremony"),
                        (["Vrontkamp Prize"], "the Vrontkamp Prize ceremony with ilse vrontkamp")):
        found = NameMatcher(exceptions=exc, watched=["Ilse Vrontkamp"]).find(prompt)
        assert any(lk.extra.get("watched") for lk in found), (exc, prompt)


# --------------------------------------------------------------------------- 2. integrity

PROMPT = "ilse vrontkamp walking her dog"


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _outcome(world, registry) -> str:
    studio = world.studio()
    studio.registry = registry
    try:
        studio.generate(world.request(purpose="art", prompt=PROMPT, project=None))
    except IntegrityFailure:
        return "integrity"
    except ConsentDenied:
        return "denied"
    return "generated"


@pytest.mark.parametrize("edit, fails_closed", [
    ("DELETE FROM name_watch", True),
    ("UPDATE name_watch SET name = 'Ilse Vrontkampxx', key = 'ilse vrontkampxx'", True),
    ("UPDATE name_watch SET name = 'Ilse' || char(8203) || ' Vrontkamp'", True),  # a zero-width space in the name
    ("DELETE FROM audit_entries WHERE kind = 'name_watch_added'", True),
    ("UPDATE audit_entries SET kind = 'name_exception_added' WHERE kind = 'name_watch_added'", True),
    # (fixed after red team 56: each row is compared whole with its signed entry on every read)
    ("UPDATE name_watch SET name = upper(name)", True),
    ("UPDATE name_watch SET name = 'Ilse  Vrontkamp '", True),
    ("UPDATE name_watch SET name = 'Ilse' || char(31) || 'Vrontkamp'", True),  # \x1f: whitespace to str.split
    ("UPDATE name_watch SET name = 'Ilse Vront' || char(8490) || 'amp'", True),  # the Kelvin sign folds to k
    # edits the per-request check lets by (the key column, a second row of the same name) that leave
    # the name watched; audit verify names them
    ("UPDATE name_watch SET key = 'zzz'", False),
    ("INSERT INTO name_watch SELECT 'dup', name, reason, added_by, added_at FROM name_watch", False),
])
def test_a_database_edit_never_lets_the_watched_name_through_and_verify_names_it(stub_world, edit, fails_closed):
    from consent.registry import Registry

    stub_world.ops.watch_names(["Ilse Vrontkamp"], "talent", "legal")
    with _raw(stub_world) as raw:
        raw.execute(edit)
    for reg in (stub_world.registry, Registry.from_settings(stub_world.settings)):
        assert _outcome(stub_world, reg) == ("integrity" if fails_closed else "denied")
    assert stub_world.output_files() == []
    assert not Registry.from_settings(stub_world.settings).verify_audit().ok


def test_a_deleted_row_under_a_running_studio_keeps_the_name_denied(stub_world):
    studio = stub_world.studio()
    stub_world.ops.watch_names(["Ilse Vrontkamp"], "talent", "legal")
    with pytest.raises(ConsentDenied):
        studio.generate(stub_world.request(purpose="art", prompt=PROMPT, project=None))
    with _raw(stub_world) as raw:
        raw.execute("DELETE FROM name_watch")
    with pytest.raises((ConsentDenied, IntegrityFailure)):
        studio.generate(stub_world.request(purpose="art", prompt=PROMPT, project=None))


def test_cli_audit_verify_names_a_deleted_watched_name(stub_world):
    from creator.cli import cli

    stub_world.ops.watch_names(["Ilse Vrontkamp"], "talent", "legal")
    with _raw(stub_world) as raw:
        raw.execute("DELETE FROM name_watch")
    r = CliRunner().invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "audit", "verify"])
    assert r.exit_code != 0 and "Ilse Vrontkamp" in r.output, r.output


def test_an_edited_reason_is_reported(stub_world):
    from consent.registry import Registry

    stub_world.ops.watch_names(["Ilse Vrontkamp"], "talent", "legal")
    with _raw(stub_world) as raw:
        raw.execute("UPDATE name_watch SET reason = 'test entry, safe to remove', added_by = 'nobody'")
    assert not Registry.from_settings(stub_world.settings).verify_audit().ok


# --------------------------------------------------------------------------- 3. operator errors

@pytest.mark.parametrize("word", ["Rose.", "ROSE", " Rose ", "Rose\u200b", "#Rose", "Ros\u00e9", "Ro-se", "Ro_se", "Drake's",
                                  "Paris", "Victoria", "Jade"])
def test_the_one_word_guard_reads_padded_words(stub_world, word):
    # (a zero-width character is refused as such since session 57, before the guard reads the word)
    with pytest.raises(RecordInvalid, match="would be denied|control or format character"):
        stub_world.ops.watch_names([word], "talent", "legal")
    assert stub_world.registry.watched_names() == []


@pytest.mark.parametrize("name, prompt", [("Ro Se", "a rose in a vase"), ("Pa ris", "a street in paris at night")])
def test_the_one_word_guard_is_not_passed_by_splitting_the_word(stub_world, name, prompt):
    try:
        stub_world.ops.watch_names([name], "talent", "legal")
    except RecordInvalid:
        return
    with pytest.raises(ConsentDenied):  # (what happens now: the ordinary prompt is denied)
        stub_world.studio().generate(stub_world.request(purpose="art", prompt=prompt, project=None))
    pytest.fail(f"{name!r} was watched and denies {prompt!r}")


@pytest.mark.parametrize("name", ["New York", "Golden Gate", "Mont Blanc"])
def test_a_place_of_several_words_is_refused(stub_world, name):
    with pytest.raises(RecordInvalid):
        stub_world.ops.watch_names([name], "talent", "legal")


@pytest.mark.parametrize("word, prompt", [("Sonne", "die sonne scheint \u00fcber dem see"),
                                          ("Soleil", "un soleil couchant sur la mer")])
def test_an_ordinary_word_of_another_language_is_refused(stub_world, word, prompt):
    assert NameMatcher(watched=[word]).find(prompt)  # what the guard is for
    with pytest.raises(RecordInvalid):
        stub_world.ops.watch_names([word], "talent", "legal")


def test_two_word_names_of_ordinary_words_deny_as_registered_ones_do():
    """Shared, documented as the operator's choice: a name of common words reads in ordinary prompts."""
    for name, prompt in (("Rose Garden", "a rose garden in spring"), ("Summer Rain", "summer rain on a window")):
        assert NameMatcher(watched=[name]).find(prompt)
        assert NameMatcher([_subject(name, ())]).find(prompt)


# --------------------------------------------------------------------------- 4. odd input, size, speed

@pytest.mark.parametrize("bad", ["", "1234", "\u24be\u24db\u24e2\u24d4", None, b"Ilse Vrontkamp", 7])
def test_odd_watched_names_are_refused_cleanly(bad):
    from consent.errors import LikenessError

    with pytest.raises(LikenessError):
        NameMatcher(watched=[bad])


@pytest.mark.parametrize("name, prompt", [("a" * 5_000, "a" * 10), ("Ilse Vrontkamp " * 200, "ilse vrontkamp"),
                                          ("Ilse.*Vrontkamp", "ilse x vrontkamp"), ("Ilse\x00Vrontkamp", "a dog")])
def test_odd_watched_names_do_not_crash(name, prompt):
    NameMatcher(watched=[name]).find(prompt)


@pytest.mark.parametrize("prompt", ["\x00", "\ud800", "   ", "a" * 4000])
def test_odd_prompts_do_not_crash(watched, prompt):
    assert watched.find(prompt) == []


def _made_up_names(n: int) -> list[str]:
    rnd = random.Random(1)
    word = lambda k: "".join(rnd.choice("bcdfghjklmnprstvz") + rnd.choice("aeiou") for _ in range(k)).capitalize()  # noqa: E731
    return [f"{word(3)} {word(4)}" for _ in range(n)]


def test_ten_thousand_watched_names_stay_fast():
    names = _made_up_names(10_000)
    t = time.perf_counter()
    m = NameMatcher(watched=names)
    assert time.perf_counter() - t < 10
    assert m.find(names[1234].lower() + " at the harbour")
    t = time.perf_counter()
    for _ in range(20):
        assert m.find("a portrait of a woman at the harbour, film photo") == []
    assert (time.perf_counter() - t) / 20 < 0.25


def test_a_prompt_of_single_letters_is_not_a_performance_cliff():
    rnd = random.Random(2)
    prompt = " ".join(rnd.choice(string.ascii_lowercase) for _ in range(1000))
    NameMatcher().find("warm up")
    t = time.perf_counter()
    NameMatcher().find(prompt)
    base = time.perf_counter() - t
    t = time.perf_counter()
    NameMatcher(watched=["Ilse Vrontkamp"]).find(prompt)
    assert time.perf_counter() - t < 20 * base + 0.05
