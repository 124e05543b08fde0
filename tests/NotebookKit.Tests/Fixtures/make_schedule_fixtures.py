#!/usr/bin/python3
"""Writes schedules.json: PyTorch 1.13.1 golden traces for NotebookKit's scheduler tests.

Run with Debian's PyTorch:  /usr/bin/python3 tests/NotebookKit.Tests/Fixtures/make_schedule_fixtures.py
Each case is a trace spec in the `nbkit schedule trace` format (PyTorch class and argument names); the script builds
the same scheduler in PyTorch, runs the loop `optimizer.step(); scheduler.step()` and records every group's lr (and
momentum / beta1) after construction and after each step. Cases PyTorch rejects record its exception.
"""
import json
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")
torch.manual_seed(0)


def make_optimizer(case):
    lrs = case["lr"] if isinstance(case["lr"], list) else [case["lr"]]
    opt = case.get("optimizer", {"type": "SGD"})
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in lrs]
    if opt["type"] == "SGD":
        return torch.optim.SGD(groups, lr=lrs[0], momentum=opt.get("momentum", 0.0))
    if opt["type"] == "Adam":
        return torch.optim.Adam(groups, lr=lrs[0], betas=tuple(opt.get("betas", [0.9, 0.999])))
    raise ValueError(opt["type"])


def lam(v):
    if isinstance(v, (int, float)):
        return lambda e, c=v: c
    if v["type"] == "ExponentialDecay":
        return lambda e, v=v: v["initial_learning_rate"] * v["decay_rate"] ** (e / v["decay_steps"])
    raise ValueError(v)


def make_scheduler(spec, opt):
    kw = {k: v for k, v in spec.items() if k != "type"}
    t = spec["type"]
    if t in ("SequentialLR", "ChainedScheduler"):
        children = [make_scheduler(c, opt) for c in kw.pop("schedulers")]
        return S.SequentialLR(opt, children, **kw) if t == "SequentialLR" else S.ChainedScheduler(children)
    if t in ("LambdaLR", "MultiplicativeLR"):
        f = kw.pop("lr_lambda")
        kw["lr_lambda"] = [lam(x) for x in f] if isinstance(f, list) else lam(f)
    return getattr(S, t)(opt, **kw)


def momentum_of(opt):
    out = []
    for g in opt.param_groups:
        out.append(g["betas"][0] if "betas" in g else g["momentum"])
    return out


def run(case):
    try:
        opt = make_optimizer(case)
        sched = make_scheduler(case["scheduler"], opt)
        per_group = isinstance(case["lr"], list)
        pick = (lambda xs: xs) if per_group else (lambda xs: xs[0])
        lrs = [pick([g["lr"] for g in opt.param_groups])]
        moms = [pick(momentum_of(opt))]
        for i in range(case["steps"]):
            opt.step()
            if case["scheduler"]["type"] == "ReduceLROnPlateau":
                sched.step(case["metrics"][i])
            else:
                sched.step()
            lrs.append(pick([g["lr"] for g in opt.param_groups]))
            moms.append(pick(momentum_of(opt)))
        out = {"lr": lrs}
        if case.get("expect_momentum"):
            out["momentum"] = moms
        return out
    except Exception as e:  # noqa: BLE001 - the oracle's rejection is the data
        return {"error": f"{type(e).__name__}: {e}"}


SGD_M = {"type": "SGD", "momentum": 0.9}
CASES = [
    ("StepLR", {"lr": 1.0, "scheduler": {"type": "StepLR", "step_size": 3, "gamma": 0.5}, "steps": 12}),
    ("StepLR default gamma", {"lr": 0.1, "scheduler": {"type": "StepLR", "step_size": 2}, "steps": 7}),
    ("MultiStepLR dup", {"lr": 1.0, "scheduler": {"type": "MultiStepLR", "milestones": [2, 5, 5], "gamma": 0.1}, "steps": 8}),
    ("MultiStepLR unsorted", {"lr": 0.3, "scheduler": {"type": "MultiStepLR", "milestones": [5, 2], "gamma": 0.5}, "steps": 8}),
    ("ConstantLR", {"lr": 1.0, "scheduler": {"type": "ConstantLR", "factor": 0.5, "total_iters": 4}, "steps": 7}),
    ("ConstantLR defaults", {"lr": 0.7, "scheduler": {"type": "ConstantLR"}, "steps": 8}),
    ("LinearLR", {"lr": 1.0, "scheduler": {"type": "LinearLR", "start_factor": 0.25, "end_factor": 1.0, "total_iters": 4}, "steps": 7}),
    ("LinearLR defaults", {"lr": 1.0, "scheduler": {"type": "LinearLR"}, "steps": 7}),
    ("LinearLR down", {"lr": 1.0, "scheduler": {"type": "LinearLR", "start_factor": 1.0, "end_factor": 0.0, "total_iters": 4}, "steps": 6}),
    ("ExponentialLR", {"lr": 1.0, "scheduler": {"type": "ExponentialLR", "gamma": 0.9}, "steps": 20}),
    ("PolynomialLR", {"lr": 1.0, "scheduler": {"type": "PolynomialLR", "total_iters": 4, "power": 2.0}, "steps": 7}),
    ("PolynomialLR defaults", {"lr": 0.5, "scheduler": {"type": "PolynomialLR"}, "steps": 7}),
    ("CosineAnnealingLR past T_max", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingLR", "T_max": 4}, "steps": 20}),
    ("CosineAnnealingLR eta_min", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingLR", "T_max": 5, "eta_min": 0.1}, "steps": 25}),
    ("CosineAnnealingLR 7", {"lr": 0.4, "scheduler": {"type": "CosineAnnealingLR", "T_max": 7, "eta_min": 0.05}, "steps": 31}),
    ("CosineAnnealingLR T_max 1", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingLR", "T_max": 1}, "steps": 6}),
    ("CosineAnnealingLR eta_min above base", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingLR", "T_max": 4, "eta_min": 2.0}, "steps": 10}),
    ("WarmRestarts", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingWarmRestarts", "T_0": 3, "T_mult": 2, "eta_min": 0.01}, "steps": 30}),
    ("WarmRestarts T_mult 1", {"lr": 0.1, "scheduler": {"type": "CosineAnnealingWarmRestarts", "T_0": 4}, "steps": 13}),
    ("CyclicLR triangular", {"lr": 1.0, "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "CyclicLR", "base_lr": 0.1, "max_lr": 1.0, "step_size_up": 2, "step_size_down": 3}, "steps": 20}),
    ("CyclicLR triangular2", {"lr": 1.0, "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "CyclicLR", "base_lr": 0.1, "max_lr": 1.0, "step_size_up": 2, "mode": "triangular2"}, "steps": 20}),
    ("CyclicLR exp_range", {"lr": 1.0, "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "CyclicLR", "base_lr": 0.1, "max_lr": 1.0, "step_size_up": 2, "mode": "exp_range", "gamma": 0.9}, "steps": 20}),
    ("CyclicLR no momentum", {"lr": 1.0, "scheduler": {"type": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5, "cycle_momentum": False}, "steps": 25}),
    ("CyclicLR two groups", {"lr": [1.0, 0.5], "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "CyclicLR", "base_lr": [0.1, 0.01], "max_lr": [1.0, 0.2], "step_size_up": 3, "base_momentum": [0.8, 0.7], "max_momentum": 0.95}, "steps": 14}),
    ("OneCycleLR cos", {"lr": 1.0, "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10}, "steps": 9}),
    ("OneCycleLR linear", {"lr": 1.0, "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "anneal_strategy": "linear"}, "steps": 9}),
    ("OneCycleLR three phase", {"lr": 1.0, "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "three_phase": True}, "steps": 9}),
    ("OneCycleLR Adam beta1", {"lr": 0.001, "optimizer": {"type": "Adam"}, "expect_momentum": True, "scheduler": {"type": "OneCycleLR", "max_lr": 0.01, "epochs": 5, "steps_per_epoch": 20, "pct_start": 0.25}, "steps": 99}),
    ("OneCycleLR pct 0", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "pct_start": 0.0}, "steps": 9}),
    ("OneCycleLR two groups", {"lr": [1.0, 1.0], "optimizer": SGD_M, "expect_momentum": True, "scheduler": {"type": "OneCycleLR", "max_lr": [1.0, 0.1], "total_steps": 37, "div_factor": 10.0, "final_div_factor": 100.0}, "steps": 36}),
    ("LambdaLR", {"lr": 1.0, "scheduler": {"type": "LambdaLR", "lr_lambda": {"type": "ExponentialDecay", "initial_learning_rate": 1.0, "decay_steps": 1, "decay_rate": 0.95}}, "steps": 10}),
    ("MultiplicativeLR", {"lr": 1.0, "scheduler": {"type": "MultiplicativeLR", "lr_lambda": 0.9}, "steps": 10}),
    ("LambdaLR two groups", {"lr": [1.0, 0.1], "scheduler": {"type": "LambdaLR", "lr_lambda": [0.5, {"type": "ExponentialDecay", "initial_learning_rate": 2.0, "decay_steps": 2, "decay_rate": 0.5}]}, "steps": 6}),
    ("SequentialLR linear exp", {"lr": 1.0, "scheduler": {"type": "SequentialLR", "milestones": [3], "schedulers": [{"type": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 3}, {"type": "ExponentialLR", "gamma": 0.5}]}, "steps": 10}),
    ("SequentialLR linear cosine", {"lr": 1.0, "scheduler": {"type": "SequentialLR", "milestones": [3], "schedulers": [{"type": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 3}, {"type": "CosineAnnealingLR", "T_max": 4}]}, "steps": 14}),
    ("SequentialLR docstring", {"lr": 1.0, "scheduler": {"type": "SequentialLR", "milestones": [2], "schedulers": [{"type": "ConstantLR", "factor": 0.1, "total_iters": 2}, {"type": "ExponentialLR", "gamma": 0.9}]}, "steps": 6}),
    ("SequentialLR three", {"lr": 0.5, "scheduler": {"type": "SequentialLR", "milestones": [2, 6], "schedulers": [{"type": "ConstantLR", "factor": 0.5, "total_iters": 2}, {"type": "StepLR", "step_size": 2, "gamma": 0.5}, {"type": "CosineAnnealingWarmRestarts", "T_0": 3}]}, "steps": 14}),
    ("SequentialLR milestone 0", {"lr": 1.0, "scheduler": {"type": "SequentialLR", "milestones": [0], "schedulers": [{"type": "ConstantLR", "factor": 0.5, "total_iters": 3}, {"type": "ExponentialLR", "gamma": 0.5}]}, "steps": 5}),
    ("ChainedScheduler docstring", {"lr": 1.0, "scheduler": {"type": "ChainedScheduler", "schedulers": [{"type": "ConstantLR", "factor": 0.1, "total_iters": 2}, {"type": "ExponentialLR", "gamma": 0.9}]}, "steps": 8}),
    ("ChainedScheduler linear cosine", {"lr": 1.0, "scheduler": {"type": "ChainedScheduler", "schedulers": [{"type": "LinearLR", "start_factor": 0.5, "end_factor": 1.0, "total_iters": 2}, {"type": "CosineAnnealingLR", "T_max": 4}]}, "steps": 10}),
    ("ChainedScheduler three", {"lr": [1.0, 0.2], "scheduler": {"type": "ChainedScheduler", "schedulers": [{"type": "MultiStepLR", "milestones": [3, 6]}, {"type": "ExponentialLR", "gamma": 0.95}, {"type": "LinearLR", "start_factor": 0.2, "total_iters": 4}]}, "steps": 9}),
    ("Plateau patience 2", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "patience": 2, "factor": 0.5}, "metrics": [1, .9, .9, .9, .9, .95, .8, .8, .8, .8], "steps": 10}),
    ("Plateau cooldown", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "patience": 0, "factor": 0.5, "cooldown": 2}, "metrics": [1.0] * 7, "steps": 7}),
    ("Plateau max min_lr", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "mode": "max", "patience": 1, "factor": 0.1, "min_lr": 0.05}, "metrics": [.5] + [.4] * 6, "steps": 7}),
    ("Plateau eps", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "patience": 0, "factor": 0.5, "min_lr": 0.99999999}, "metrics": [1.0] * 4, "steps": 4}),
    ("Plateau two groups", {"lr": [1.0, 0.01], "scheduler": {"type": "ReduceLROnPlateau", "patience": 0, "factor": 0.5, "min_lr": [0.3, 0.001]}, "metrics": [1.0] * 5, "steps": 5}),
    ("Plateau negative metric", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "patience": 1, "threshold": 0.1}, "metrics": [-1, -0.95, -0.9, -0.86, -0.8, -0.8], "steps": 6}),
    ("Plateau abs nan", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "patience": 1, "threshold_mode": "abs", "threshold": 0.05}, "metrics": [1.0, 0.9, float("nan"), 0.88, 0.87, 0.5, 0.49], "steps": 7}),
    # Rejected by PyTorch 1.13.
    ("err ConstantLR factor", {"lr": 1.0, "scheduler": {"type": "ConstantLR", "factor": 1.5}, "steps": 2}),
    ("err LinearLR end", {"lr": 1.0, "scheduler": {"type": "LinearLR", "end_factor": 1.5}, "steps": 2}),
    ("err LinearLR start", {"lr": 1.0, "scheduler": {"type": "LinearLR", "start_factor": -0.1}, "steps": 2}),
    ("err WarmRestarts T_0", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingWarmRestarts", "T_0": 0}, "steps": 2}),
    ("err WarmRestarts T_mult", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingWarmRestarts", "T_0": 2, "T_mult": 0}, "steps": 2}),
    ("err OneCycle none", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0}, "steps": 2}),
    ("err OneCycle total", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 0}, "steps": 2}),
    ("err OneCycle total float", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10.0}, "steps": 2}),
    ("err OneCycle pct", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "pct_start": 1.5}, "steps": 2}),
    ("err OneCycle pct int", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "pct_start": 1}, "steps": 2}),
    ("err OneCycle anneal", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "anneal_strategy": "exp"}, "steps": 2}),
    ("err OneCycle zero phase", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "pct_start": 0.1}, "steps": 2}),
    ("err OneCycle past end", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10}, "steps": 11}),
    ("err OneCycle max_lr list", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "OneCycleLR", "max_lr": [1.0, 2.0], "total_steps": 10}, "steps": 2}),
    ("err CyclicLR mode", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "CyclicLR", "base_lr": 0.1, "max_lr": 1.0, "mode": "sawtooth"}, "steps": 2}),
    ("err CyclicLR base_lr list", {"lr": 1.0, "optimizer": SGD_M, "scheduler": {"type": "CyclicLR", "base_lr": [0.1, 0.2], "max_lr": 1.0}, "steps": 2}),
    ("err Plateau factor", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "factor": 1.0}, "metrics": [1], "steps": 1}),
    ("err Plateau mode", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "mode": "up"}, "metrics": [1], "steps": 1}),
    ("err Plateau threshold mode", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "threshold_mode": "pct"}, "metrics": [1], "steps": 1}),
    ("err Plateau min_lr list", {"lr": 1.0, "scheduler": {"type": "ReduceLROnPlateau", "min_lr": [0.1, 0.2]}, "metrics": [1], "steps": 1}),
    ("err SequentialLR milestones", {"lr": 1.0, "scheduler": {"type": "SequentialLR", "milestones": [2, 3], "schedulers": [{"type": "ConstantLR"}, {"type": "ExponentialLR", "gamma": 0.9}]}, "steps": 2}),
    ("err LambdaLR count", {"lr": [1.0, 0.5], "scheduler": {"type": "LambdaLR", "lr_lambda": [0.5, 0.5, 0.5]}, "steps": 2}),
    ("err ExponentialLR gamma", {"lr": 1.0, "scheduler": {"type": "ExponentialLR"}, "steps": 2}),
    # Holes: PyTorch accepts these and then fails or misbehaves; NotebookKit rejects them.
    ("hole StepLR step_size 0", {"lr": 1.0, "scheduler": {"type": "StepLR", "step_size": 0}, "steps": 2}),
    ("hole CosineAnnealingLR T_max 0", {"lr": 1.0, "scheduler": {"type": "CosineAnnealingLR", "T_max": 0}, "steps": 2}),
    ("hole ConstantLR factor 0", {"lr": 1.0, "scheduler": {"type": "ConstantLR", "factor": 0.0, "total_iters": 2}, "steps": 3}),
    ("hole LinearLR start 0", {"lr": 1.0, "scheduler": {"type": "LinearLR", "start_factor": 0.0}, "steps": 2}),
    ("hole PolynomialLR total_iters 0", {"lr": 1.0, "scheduler": {"type": "PolynomialLR", "total_iters": 0}, "steps": 2}),
]

def json_safe(case):
    # JSON has no NaN: metrics that are NaN are written as the string "NaN" (the tests convert them back).
    if "metrics" in case:
        case = dict(case, metrics=["NaN" if isinstance(m, float) and math.isnan(m) else m for m in case["metrics"]])
    return case


out = []
for name, case in CASES:
    result = run(case)
    entry = {"name": name, "spec": json_safe(case), "expected": result}
    if name.startswith("hole "):
        entry["hole"] = True
    out.append(entry)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schedules.json")
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump({"torch": torch.__version__, "generator": "make_schedule_fixtures.py", "cases": out}, f, indent=1, allow_nan=False)
    f.write("\n")
os.replace(tmp, path)
print(f"wrote {len(out)} cases to {path}")
