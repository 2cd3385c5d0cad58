#!/usr/bin/env python3
"""Build names_heldout11.jsonl from PartiPrompts.tsv + labels.tsv (stdlib only, deterministic).

PartiPrompts.tsv is read as plain tab-separated text (no CSV quote handling: one prompt
begins with a literal double quote that must be kept). labels.tsv has one line per prompt,
in file order: index (0-based, header excluded) TAB person (0/1) TAB who ("; "-separated).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read_prompts(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    if header != ["Prompt", "Category", "Challenge", "Note"]:
        sys.exit(f"unexpected header: {header}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        parts = line.rstrip("\r").split("\t")
        if len(parts) != 4:
            sys.exit(f"line {n}: expected 4 fields, got {len(parts)}")
        rows.append(parts)
    return rows


def read_labels(path):
    labels = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f.read().split("\n")):
            if line == "":
                continue
            idx, person, who = line.split("\t")
            if int(idx) != len(labels):
                sys.exit(f"labels.tsv line {n + 1}: index {idx} out of order")
            if person not in ("0", "1"):
                sys.exit(f"labels.tsv line {n + 1}: person must be 0/1")
            if (person == "1") != bool(who.strip()):
                sys.exit(f"labels.tsv line {n + 1}: who must be set iff person=1")
            labels.append((person == "1", who.strip()))
    return labels


def main():
    rows = read_prompts(os.path.join(HERE, "PartiPrompts.tsv"))
    labels = read_labels(os.path.join(HERE, "labels.tsv"))
    if len(rows) != len(labels):
        sys.exit(f"{len(rows)} prompts but {len(labels)} labels")
    out = os.path.join(HERE, os.pardir, "names_heldout11.jsonl")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for (prompt, category, challenge, _note), (person, who) in zip(rows, labels):
            note = f"parti: {challenge}"
            if person:
                note += f"; who: {who}"
            rec = {
                "prompt": prompt,
                "person": person,
                "family": category.lower().replace(" ", "_"),
                "note": note,
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {out}: {len(rows)} prompts, {sum(p for p, _ in labels)} person=1")


if __name__ == "__main__":
    main()
