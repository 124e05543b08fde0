#!/usr/bin/python3
"""Writes fashion_mnist_stats.json: facts about the installed Fashion-MNIST read by an independent reader (numpy).

Run: /usr/bin/python3 tests/NotebookKit.Tests/Fixtures/Data/make_fashion_mnist_stats.py
Needs the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). CI only reads the JSON.
"""
import gzip
import json
import os

import numpy as np

ROOT = "/usr/share/datasets/fashion-mnist"


def read(name, offset):
    with gzip.open(os.path.join(ROOT, name)) as f:
        return np.frombuffer(f.read()[offset:], dtype=np.uint8)


def main():
    out = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read(f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 28 * 28)
        labels = read(f"{prefix}-labels-idx1-ubyte.gz", 8)
        scaled = images / 255.0
        out[split] = {
            "count": int(labels.shape[0]),
            "mean": float(scaled.mean()),
            "std": float(scaled.std()),
            "first_labels": labels[:20].tolist(),
            "first_image_pixel_sums": images[:5].sum(axis=1, dtype=np.int64).tolist(),
            "class_counts": np.bincount(labels, minlength=10).tolist(),
        }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fashion_mnist_stats.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
