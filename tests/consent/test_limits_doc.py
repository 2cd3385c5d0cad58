"""docs/LIMITS.md tells operators how often the name check misses on prompts nobody tuned it on.
Those figures must be what ``scripts/eval_names.py`` measures on the blind sets now: a change to
the name rules that moves them must update the page (the test says what to write)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _blind_rows() -> dict[str, str]:
    """The names table's rows of docs/LIMITS.md, by set ("#11" ...)."""
    rows = {}
    for line in (ROOT / "docs" / "LIMITS.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (#\d+): ", line)
        if m:
            rows[m.group(1)] = line
    return rows


def test_the_limits_page_states_the_blind_sets_as_measured(capsys):
    spec = importlib.util.spec_from_file_location("eval_names_for_limits", ROOT / "scripts" / "eval_names.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--json"]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    rows = _blind_rows()
    checked = 0
    for name in report["goals"]["judged_on_all"]:
        part = report[name]
        key = re.search(r"#\d+", name).group(0)
        found = round(part["recall"] * part["with_person"])
        want = f"| {found} of {part['with_person']:,} |"
        if part["without_person"]:
            denied = round(part["false_denial_rate"] * part["without_person"])
            want += f" {denied:,} of {part['without_person']:,} |"
        else:
            want += " (none in the set) |"
        assert key in rows, f"docs/LIMITS.md has no row for blind set {key} ({name})"
        assert rows[key].endswith(want), (
            f"docs/LIMITS.md's row for blind set {key} is out of date: it should end with {want!r}\n{rows[key]}")
        checked += 1
    assert checked >= 6
