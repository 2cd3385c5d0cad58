"""Name scan cost on prompts written in front ends' syntax (names red team 63).

Since red team 63 a prompt with weights, edits or emphasis brackets ("(Swift:1.2)", "[a:b:0.5]",
"((x))", "{a|b}") is read twice by ``NameMatcher.find``: as written and with the syntax's marks
dropped. This times ``find`` on 200 such prompts and 200 plain ones (the same words without the
syntax), one thread, CPU time, after a warm-up, for the checkout it is run from; run it from two
checkouts back to back to compare. Writes a JSON result.

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=. python bench/name_scan_syntax.py [--runs 5] [--out bench/results/name_scan_syntax.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SUBJECTS = ["a red barn", "an old fisherman", "Taylor Swift", "a lighthouse", "Emma Watson", "a golden retriever",
            "Lionel Messi", "a city street", "Keanu Reeves", "a bowl of ramen"]
SYNTAX = ["({s}:1.3), masterpiece, best quality", "((({s}))), (sharp focus:1.2), 8k", "[{s}:a watercolor:0.5], detailed",
          "{{{s}|a sketch}}, cinematic lighting", "/imagine prompt: {s}::2 sunset::1 --ar 16:9"]
PLAIN = ["{s}, masterpiece, best quality", "{s}, sharp focus, 8k", "{s}, a watercolor, detailed",
         "{s}, cinematic lighting", "{s} sunset --ar 16:9"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default="bench/results/name_scan_syntax.json")
    args = ap.parse_args(argv)
    from consent.names import NameMatcher

    m = NameMatcher()
    m.find("warm up Taylor (Swift:1.2)")
    sets = {name: [t.format(s=s) for t in tmpl for s in SUBJECTS] * 4 for name, tmpl in (("syntax", SYNTAX), ("plain", PLAIN))}
    res: dict[str, dict[str, float]] = {}
    for name, prompts in sets.items():
        per: list[float] = []
        for _ in range(args.runs):
            for p in prompts:
                t0 = time.thread_time()
                m.find(p)
                per.append((time.thread_time() - t0) * 1000)
        per.sort()
        res[name] = {"prompts": len(prompts), "cpu_ms_p50": round(statistics.median(per), 3),
                     "cpu_ms_p95": round(per[int(0.95 * len(per)) - 1], 3), "cpu_ms_mean": round(statistics.fmean(per), 3)}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    except OSError:
        commit = ""
    out = {"commit": commit, "machine": platform.processor() or platform.machine(), "python": platform.python_version(),
           "runs": args.runs, "results": res}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
