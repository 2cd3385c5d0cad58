"""Recall and false-positive rate of person-name detection on a labelled prompt set.

Each line of the set is ``{"prompt": str, "person": bool, "split": "dev"|"heldout"}``. A
prompt counts as detected when ``NameMatcher().find(prompt)`` returns any likeness (no
subject is registered, so every hit is an "unknown person"). Prints per-split numbers
and the misses, and exits 1 when recall < 95% or false positives > 5% on the whole set
(2 on a malformed set).

Usage: .venv/bin/python scripts/eval_names.py [--set tests/data/prompts.jsonl] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consent.names import NameMatcher  # noqa: E402

RECALL_GOAL = 0.95
FP_GOAL = 0.05


def _load(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row.get("prompt"), str) or not isinstance(row.get("person"), bool):
            raise ValueError(f"{path}:{n}: expected {{'prompt': str, 'person': bool}}, found {row!r}")
        rows.append(row)
    return rows


def _rates(rows: list[dict], hits: list[bool]) -> dict:
    pos = [h for r, h in zip(rows, hits) if r["person"]]
    neg = [h for r, h in zip(rows, hits) if not r["person"]]
    return {
        "prompts": len(rows),
        "with_person": len(pos),
        "without_person": len(neg),
        "recall": round(sum(pos) / len(pos), 4) if pos else None,
        "false_positive_rate": round(sum(neg) / len(neg), 4) if neg else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate person-name detection in prompts.")
    ap.add_argument("--set", type=Path, default=ROOT / "tests" / "data" / "prompts.jsonl")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    try:
        rows = _load(args.set)
    except (OSError, ValueError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 2
    matcher = NameMatcher()
    hits = [bool(matcher.find(r["prompt"])) for r in rows]
    report = {"all": _rates(rows, hits)}
    for split in sorted({r.get("split", "dev") for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.get("split", "dev") == split]
        report[split] = _rates([rows[i] for i in idx], [hits[i] for i in idx])
    report["missed"] = [r["prompt"] for r, h in zip(rows, hits) if r["person"] and not h]
    report["false_positives"] = [r["prompt"] for r, h in zip(rows, hits) if not r["person"] and h]
    a = report["all"]
    passed = (a["recall"] or 0) >= RECALL_GOAL and (a["false_positive_rate"] or 0) <= FP_GOAL
    report["goals"] = {"recall_min": RECALL_GOAL, "false_positive_max": FP_GOAL, "passed": passed}
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for name in [k for k in report if k not in ("missed", "false_positives", "goals")]:
            r = report[name]
            print(f"{name:8s} prompts {r['prompts']:4d}  recall {r['recall']:.1%}  false positives {r['false_positive_rate']:.1%}")
        for p in report["missed"]:
            print(f"  missed: {p}")
        for p in report["false_positives"]:
            print(f"  false positive: {p}")
        print(("OK" if passed else "FAIL") + f": goals recall >= {RECALL_GOAL:.0%}, false positives <= {FP_GOAL:.0%}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
