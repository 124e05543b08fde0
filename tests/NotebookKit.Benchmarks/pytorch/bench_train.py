#!/usr/bin/python3
"""PyTorch 1.13 twin of `nbkit bench train`: the same models, batch, steps and JSON line.

  /usr/bin/python3 tests/NotebookKit.Benchmarks/pytorch/bench_train.py --model minivggnet --batch 64 --steps 60 --threads 2
  /usr/bin/python3 tests/NotebookKit.Benchmarks/pytorch/bench_train.py --model lenet --input 1x28x28 --batch 64 --steps 60 --threads 2

A step is zero_grad, forward, CrossEntropyLoss, backward and SGD(lr=0.01, momentum=0.9, nesterov=True).step()
(--optimizer none leaves the update out), as in `nbkit bench train`. After the timed steps, the same number of
evaluation passes (model.eval(), torch.no_grad(), same batch) give eval_images_per_second, as nbkit's do.

"blas" names the BLAS library the process actually loaded (Debian's libblas.so.3 alternative: the reference BLAS or
OpenBLAS); PyTorch's dense layers go through it, its convolutions through oneDNN. For the OpenBLAS figures in
docs/benchmarks.md: `apt-get install -y libopenblas0-pthread` and run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
unset (`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 ...`).
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def minivggnet(c, h, w, classes):
    layers, cin = [], c
    for f in (32, 64):
        for _ in range(2):
            layers += [nn.Conv2d(cin, f, 3, padding=1), nn.ReLU(inplace=True), nn.BatchNorm2d(f)]
            cin = f
        layers += [nn.MaxPool2d(2), nn.Dropout(0.25)]
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * (h // 4) * (w // 4), 512), nn.ReLU(inplace=True),
                         nn.BatchNorm1d(512), nn.Dropout(0.5), nn.Linear(512, classes))


def lenet(c, h, w, classes):
    flat = 16 * ((h // 2 - 4) // 2) * ((w // 2 - 4) // 2)
    return nn.Sequential(nn.Conv2d(c, 6, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
                         nn.ReLU(inplace=True), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(flat, 120), nn.ReLU(inplace=True),
                         nn.Linear(120, 84), nn.ReLU(inplace=True), nn.Linear(84, classes))


def mlp(c, h, w, classes):
    return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, 256), nn.ReLU(inplace=True), nn.Linear(256, 128),
                         nn.ReLU(inplace=True), nn.Linear(128, classes))


def loaded_blas():
    """The BLAS shared library mapped into this process (after torch is imported and has run a matrix product)."""
    names = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path).lower():
                names.add(os.path.realpath(path))
    return ", ".join(sorted(names)) or "none found"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="minivggnet", choices=["mlp", "lenet", "minivggnet"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--input", default="3x32x32")
    ap.add_argument("--optimizer", default="sgd", choices=["none", "sgd"])
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    c, h, w = (int(v) for v in a.input.split("x"))
    model = {"mlp": mlp, "lenet": lenet, "minivggnet": minivggnet}[a.model](c, h, w, 10)
    model.train()
    x = torch.randn(a.batch, c, h, w)
    y = torch.randint(0, 10, (a.batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True) if a.optimizer == "sgd" else None

    def step():
        model.zero_grad(set_to_none=False)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        if opt is not None:
            opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    times = []
    start = time.perf_counter()
    for _ in range(a.steps):
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - start

    # Evaluation: inference mode (running statistics, no dropout), no autograd, same batch and threads.
    model.eval()
    with torch.no_grad():
        for _ in range(min(a.warmup, 2)):
            model(x)
        eval_start = time.perf_counter()
        for _ in range(a.steps):
            model(x)
        eval_seconds = time.perf_counter() - eval_start
    model.train()
    print(json.dumps({
        "engine": f"pytorch {torch.__version__}", "model": a.model, "batch": a.batch, "steps": a.steps, "warmup": a.warmup,
        "threads": a.threads, "input": a.input, "optimizer": "SGD(lr=0.01, momentum=0.9, nesterov=True)" if opt else "none",
        "images_per_second": round(a.batch * a.steps / seconds, 1), "ms_per_step": round(seconds * 1000 / a.steps, 3),
        "median_ms_per_step": round(statistics.median(times) * 1000, 3), "eval_images_per_second": round(a.batch * a.steps / eval_seconds, 1),
        "last_loss": round(float(loss), 5), "blas": loaded_blas(), "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}}))


if __name__ == "__main__":
    main()
