"""Content screen on the name-tuning prompts: how many prompts it flags (false-flag watch).

The tuning prompt sets (tests/data names_dev, names_dev9, names_heldout2..8; 8,240 prompts) are
ordinary image prompts written to tune the name scan; almost none asks for forbidden content, so
what :func:`consent.content.content_flags` flags there is mostly what a restricted grant would
refuse a legit user. Counted: prompts that name no person and raise any flag, all prompts that
raise any flag, and prompts per flag. The prompt text alone is screened (no negative prompt: the
sets have none as a field). ``--show FLAG`` prints the prompts that raise FLAG, to compare
before/after a word-list change. Writes bench/results/content_flags.json.

Usage: PYTHONPATH=. .venv/bin/python bench/content_flags.py [--show violence]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consent.content import content_flags  # noqa: E402

SETS = ("names_dev", "names_dev9") + tuple(f"names_heldout{i}" for i in range(2, 9))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="append", default=[], help="print the prompts raising this flag ('any': all)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "content_flags.json"))
    args = ap.parse_args()
    total = person_free = flagged = flagged_person_free = 0
    per_flag: collections.Counter[str] = collections.Counter()
    per_set: dict[str, dict[str, int]] = {}
    start = time.process_time()
    for name in SETS:
        rows = [json.loads(line) for line in (ROOT / "tests" / "data" / f"{name}.jsonl").read_text().splitlines()
                if line.strip()]
        n_flagged = 0
        for row in rows:
            flags = content_flags(row["prompt"])
            total += 1
            person_free += not row["person"]
            if flags:
                flagged += 1
                n_flagged += 1
                flagged_person_free += not row["person"]
                per_flag.update(flags)
            shown = [f for f in args.show if f in flags or (f == "any" and flags)]
            if shown:
                print(f"{name}\t{','.join(sorted(flags))}\t{row['prompt'][:160]!r}")
        per_set[name] = {"prompts": len(rows), "flagged": n_flagged}
    cpu_s = time.process_time() - start
    result = {
        "prompts": total, "person_free_prompts": person_free,
        "flagged_person_free": flagged_person_free, "flagged_any": flagged,
        "per_flag": dict(sorted(per_flag.items())), "per_set": per_set,
        "cpu_s_all_prompts": round(cpu_s, 2),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "per_set"}, indent=2))


if __name__ == "__main__":
    main()
