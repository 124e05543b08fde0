#!/usr/bin/python3
"""PyTorch 1.13 side of `nbkit bench optim`: the same optimizer step on the same number of float32 parameters.

    /usr/bin/python3 tests/NotebookKit.Benchmarks/pytorch/bench_optim.py --optimizer AdamW --params 10000000 --steps 20 --threads 2

Prints one JSON line: params_per_second (from the median step time) and the settings. PyTorch 1.13 on a CPU uses the
single-tensor path (foreach=None means False there), one ATen pass per operation; --foreach times the multi-tensor path.
"""
import argparse
import json
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--optimizer", default="AdamW", choices=["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"])
    ap.add_argument("--params", type=int, default=10_000_000)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--foreach", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    p = torch.nn.Parameter(torch.rand(args.params, generator=gen) - 0.5)
    p.grad = (torch.rand(args.params, generator=gen) - 0.5) * 0.01
    kwargs = {"lr": 0.01, "momentum": 0.9} if args.optimizer == "SGD" else {}
    if args.foreach:
        kwargs["foreach"] = True
    opt = getattr(torch.optim, args.optimizer)([p], **kwargs)
    with torch.no_grad():
        for _ in range(max(args.warmup, 1)):
            opt.step()
        times = []
        for _ in range(args.steps):
            t0 = time.perf_counter()
            opt.step()
            times.append(time.perf_counter() - t0)
    step = statistics.median(times)
    print(json.dumps({
        "benchmark": "optim", "framework": "pytorch", "torch": torch.__version__, "optimizer": args.optimizer,
        "params": args.params, "steps": args.steps, "threads": torch.get_num_threads(), "foreach": args.foreach,
        "seconds_per_step_median": step, "params_per_second": args.params / step,
    }))


if __name__ == "__main__":
    main()
