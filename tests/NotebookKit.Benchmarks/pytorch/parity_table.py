#!/usr/bin/python3
"""Summarises `nbkit train` and train.py results.json files into the parity table of docs/benchmarks.md.

  /usr/bin/python3 tests/NotebookKit.Benchmarks/pytorch/parity_table.py --ours A/results.json ... --torch B/results.json ...

Prints, per side: final test accuracy per seed, mean, sample standard deviation, min..max, and the median seconds per
epoch (training plus evaluation, as both scripts time an epoch); then the accuracy after each epoch (mean over seeds)
and the difference of the means.
"""
import argparse
import json
import statistics


def load(paths):
    runs = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            runs.append(json.load(f))
    return sorted(runs, key=lambda r: r["seed"])


def summary(name, runs):
    acc = [r["test_accuracy"] * 100 for r in runs]
    epochs = [e["seconds"] for r in runs for e in r["history"]]
    mean = statistics.mean(acc)
    sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
    seeds = ", ".join(f"seed {r['seed']}: {a:.2f}" for r, a in zip(runs, acc))
    print(f"{name}: {seeds}; mean {mean:.2f} +- {sd:.2f} (sd), range {min(acc):.2f}..{max(acc):.2f}; "
          f"test_loss mean {statistics.mean(r['test_loss'] for r in runs):.4f}; "
          f"s/epoch median {statistics.median(epochs):.1f} (min {min(epochs):.1f}, max {max(epochs):.1f})")
    per_epoch = [statistics.mean(r["history"][i]["test_accuracy"] * 100 for r in runs) for i in range(len(runs[0]["history"]))]
    print(f"{name}: mean test accuracy after each epoch: {', '.join(f'{a:.2f}' for a in per_epoch)}")
    return mean, sd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", nargs="+", required=True)
    ap.add_argument("--torch", nargs="+", required=True)
    a = ap.parse_args()
    ours, _ = summary("NotebookKit", load(a.ours))
    torch, _ = summary("PyTorch", load(a.torch))
    print(f"difference of means (NotebookKit - PyTorch): {ours - torch:+.2f} points")


if __name__ == "__main__":
    main()
