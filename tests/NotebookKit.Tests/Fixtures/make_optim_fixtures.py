#!/usr/bin/python3
"""Golden optimizer trajectories from PyTorch 1.13.1 (float32, CPU single-tensor path).

Writes optim_trajectories.json next to this script. Each case is an `nbkit optim trace` spec
(optimizer + params + grads) and the parameters PyTorch produced after every step, so the same
JSON checks the library (OptimizerSpec) and the CLI. Also writes optim_errors.json: PyTorch's
constructor error message for each bad spec.

Run with the Debian PyTorch:  /usr/bin/python3 tests/NotebookKit.Tests/Fixtures/make_optim_fixtures.py
"""
import json
import os

import torch

STEPS = 12
SHAPES = [(3,), (2, 5)]

CASES = [
    ("sgd", {"type": "SGD", "lr": 0.1}),
    ("sgd_momentum", {"type": "SGD", "lr": 0.05, "momentum": 0.9}),
    ("sgd_dampening", {"type": "SGD", "lr": 0.05, "momentum": 0.9, "dampening": 0.5}),
    ("sgd_nesterov", {"type": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd_weight_decay", {"type": "SGD", "lr": 0.1, "weight_decay": 0.1}),
    ("sgd_maximize_wd", {"type": "SGD", "lr": 0.1, "weight_decay": 0.1, "maximize": True}),
    ("sgd_all", {"type": "SGD", "lr": 0.03, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05, "maximize": True}),
    ("adam", {"type": "Adam", "lr": 0.01}),
    ("adam_betas_amsgrad", {"type": "Adam", "lr": 0.01, "betas": [0.9, 0.5], "amsgrad": True}),
    ("adam_weight_decay", {"type": "Adam", "lr": 0.01, "weight_decay": 0.1}),
    ("adam_maximize", {"type": "Adam", "lr": 0.01, "maximize": True}),
    ("adam_all", {"type": "Adam", "lr": 0.02, "betas": [0.8, 0.9], "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True, "maximize": True}),
    ("adamw", {"type": "AdamW", "lr": 0.01}),
    ("adamw_wd", {"type": "AdamW", "lr": 0.01, "weight_decay": 0.1}),
    ("adamw_amsgrad", {"type": "AdamW", "lr": 0.01, "betas": [0.9, 0.5], "weight_decay": 0.05, "amsgrad": True}),
    ("adamw_maximize", {"type": "AdamW", "lr": 0.01, "weight_decay": 0.05, "maximize": True}),
    ("rmsprop", {"type": "RMSprop", "lr": 0.01}),
    ("rmsprop_centered", {"type": "RMSprop", "lr": 0.01, "centered": True}),
    ("rmsprop_momentum", {"type": "RMSprop", "lr": 0.01, "momentum": 0.9}),
    ("rmsprop_all", {"type": "RMSprop", "lr": 0.01, "alpha": 0.9, "centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("rmsprop_maximize", {"type": "RMSprop", "lr": 0.01, "maximize": True, "weight_decay": 0.05}),
    ("adagrad", {"type": "Adagrad", "lr": 0.1}),
    ("adagrad_lr_decay", {"type": "Adagrad", "lr": 0.1, "lr_decay": 0.1}),
    ("adagrad_init_wd", {"type": "Adagrad", "lr": 0.1, "initial_accumulator_value": 0.1, "weight_decay": 0.1}),
    ("adagrad_maximize", {"type": "Adagrad", "lr": 0.1, "maximize": True, "eps": 1e-6}),
]

# Optimizer + scheduler, stepped `opt.step(); sched.step()` (the `"scheduler"` of an optim trace spec).
# CyclicLR/OneCycleLR also cycle the momentum knob: SGD momentum and Adam's beta1.
SCHEDULED_CASES = [
    ("sgd_momentum_steplr", {"type": "SGD", "lr": 0.1, "momentum": 0.9}, {"type": "StepLR", "step_size": 3, "gamma": 0.5}),
    ("sgd_cycliclr_momentum", {"type": "SGD", "lr": 0.1, "momentum": 0.9, "nesterov": True},
     {"type": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3}),
    ("adamw_onecycle_beta1", {"type": "AdamW", "lr": 0.01, "weight_decay": 0.1},
     {"type": "OneCycleLR", "max_lr": 0.05, "total_steps": 13}),
    ("adam_cosine", {"type": "Adam", "lr": 0.02, "amsgrad": True}, {"type": "CosineAnnealingLR", "T_max": 12}),
    ("rmsprop_exponential", {"type": "RMSprop", "lr": 0.01, "momentum": 0.5}, {"type": "ExponentialLR", "gamma": 0.8}),
    ("adagrad_linear", {"type": "Adagrad", "lr": 0.1, "lr_decay": 0.05}, {"type": "LinearLR", "start_factor": 0.25, "total_iters": 4}),
]

ERRORS = [
    {"type": "SGD", "lr": -0.1},
    {"type": "SGD", "lr": 0.1, "momentum": -0.5},
    {"type": "SGD", "lr": 0.1, "weight_decay": -1},
    {"type": "SGD", "lr": 0.1, "nesterov": True},
    {"type": "SGD", "lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True},
    {"type": "Adam", "lr": -1},
    {"type": "Adam", "betas": [1.0, 0.999]},
    {"type": "Adam", "betas": [0.9, -0.1]},
    {"type": "Adam", "eps": -1e-8},
    {"type": "AdamW", "betas": [0.9, 1.5]},
    {"type": "AdamW", "weight_decay": -0.01},
    {"type": "RMSprop", "alpha": -0.5},
    {"type": "RMSprop", "eps": -1},
    {"type": "Adagrad", "lr_decay": -0.1},
    {"type": "Adagrad", "initial_accumulator_value": -1},
]


def make(spec, params):
    kwargs = {k: (tuple(v) if k == "betas" else v) for k, v in spec.items() if k != "type"}
    return getattr(torch.optim, spec["type"])(params, **kwargs)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    gen = torch.Generator().manual_seed(1313)
    cases = []
    for name, spec, sched_spec in [(n, o, None) for n, o in CASES] + SCHEDULED_CASES:
        init = [torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
        # Gradients vary in scale across steps so the moment buffers see more than one regime.
        grads = [[torch.randn(s, generator=gen, dtype=torch.float32) * (0.1 + 0.3 * (step % 4)) for s in SHAPES]
                 for step in range(STEPS)]
        params = [torch.nn.Parameter(t.clone()) for t in init]
        opt = make(spec, params)
        sched = None
        if sched_spec is not None:
            kwargs = {k: v for k, v in sched_spec.items() if k != "type"}
            sched = getattr(torch.optim.lr_scheduler, sched_spec["type"])(opt, **kwargs)
        expected = []
        for step in range(STEPS):
            for p, g in zip(params, grads[step]):
                p.grad = g.clone()
            opt.step()
            if sched is not None:
                sched.step()
            expected.append([p.detach().tolist() for p in params])
        trace = {"optimizer": spec, "params": [t.tolist() for t in init], "grads": [[g.tolist() for g in step] for step in grads]}
        if sched_spec is not None:
            trace["scheduler"] = sched_spec
        cases.append({"name": name, "spec": trace, "expected": expected})
    with open(os.path.join(here, "optim_trajectories.json"), "w") as f:
        json.dump({"generator": "make_optim_fixtures.py", "torch": torch.__version__, "dtype": "float32", "cases": cases}, f)

    errors = []
    for spec in ERRORS:
        try:
            make(spec, [torch.nn.Parameter(torch.zeros(2))])
            raise SystemExit(f"PyTorch accepted {spec}")
        except ValueError as e:
            errors.append({"optimizer": spec, "message": str(e)})
    with open(os.path.join(here, "optim_errors.json"), "w") as f:
        json.dump({"generator": "make_optim_fixtures.py", "torch": torch.__version__, "cases": errors}, f, indent=1)


if __name__ == "__main__":
    main()
