#!/usr/bin/env python3
"""Turns the JSON lines of alternate-train.sh into the markdown table of docs/benchmarks.md.

Usage: python3 tests/NotebookKit.Benchmarks/summarize-alternated.py RESULTS.jsonl

One row per round (train / eval images/s of every side, the kit's GFLOP/s, measured peak and fraction of peak, load
average before each run), then the medians and the ratios of the kit's medians to each PyTorch side's. Medians, not
means: a run that shares the cores with something else is an outlier in one direction only.
"""
import json
import statistics
import sys

KIT = "notebookkit"


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    if not rows:
        sys.exit(f"{path}: no results")
    sides = list(dict.fromkeys(r["side"] for r in rows))
    if KIT not in sides:
        sys.exit(f"{path}: no {KIT} runs")
    rounds = sorted({r["round"] for r in rows})
    by = {(r["round"], r["side"]): r for r in rows}
    others = [s for s in sides if s != KIT]
    header = ["round", "load before (" + ", ".join(sides) + ")", "kit train / eval images/s", "kit GFLOP/s / peak / fraction"]
    header += [f"{s} train / eval images/s" for s in others]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))

    def cell(r, key):
        return r["result"].get(key) if r else None

    for n in rounds:
        kit = by.get((n, KIT))
        line = [str(n), ", ".join(str(by[(n, s)]["load_before"]) if (n, s) in by else "-" for s in sides)]
        line.append(f"{cell(kit, 'images_per_second')} / {cell(kit, 'eval_images_per_second')}")
        line.append(f"{cell(kit, 'gflops_per_second')} / {cell(kit, 'peak_gflops_per_second')} / {cell(kit, 'fraction_of_peak')}")
        for s in others:
            r = by.get((n, s))
            line.append(f"{cell(r, 'images_per_second')} / {cell(r, 'eval_images_per_second')}")
        print("| " + " | ".join(line) + " |")

    def median(side, key):
        values = [r["result"][key] for r in rows if r["side"] == side and r["result"].get(key) is not None]
        return statistics.median(values) if values else None

    med = ["**median**", ""]
    med.append(f"**{median(KIT, 'images_per_second'):g}** / **{median(KIT, 'eval_images_per_second'):g}**")
    med.append(f"{median(KIT, 'gflops_per_second'):g} / {median(KIT, 'peak_gflops_per_second'):g} / {median(KIT, 'fraction_of_peak'):g}")
    for s in others:
        med.append(f"**{median(s, 'images_per_second'):g}** / **{median(s, 'eval_images_per_second'):g}**")
    print("| " + " | ".join(med) + " |")
    ratio = ["**kit ÷ side, medians**", "", "", ""]
    for s in others:
        t = median(KIT, "images_per_second") / median(s, "images_per_second")
        e = median(KIT, "eval_images_per_second") / median(s, "eval_images_per_second")
        ratio.append(f"**{t:.2f}×** train, **{e:.2f}×** eval")
    print("| " + " | ".join(ratio) + " |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
