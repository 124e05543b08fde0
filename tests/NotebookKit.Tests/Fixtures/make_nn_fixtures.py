#!/usr/bin/python3
"""Writes nn_layers.json and nn_models.json: PyTorch 1.13.1 forward and backward results for the NN engine tests.

Run with the Debian PyTorch:  /usr/bin/python3 tests/NotebookKit.Tests/Fixtures/make_nn_fixtures.py

Layers: small random tensors (torch.manual_seed) stored in full: inputs, parameters, outputs, an upstream
gradient, and the input and parameter gradients.
Models: to keep the JSON small, parameters and inputs follow a formula that the C# test repeats:
  parameter j (named_parameters order), element i:  a_j * sin(0.37 i + 0.91 j + 1) + b_j
    rank >= 2: a = sqrt(3 / fan_in), b = 0;  rank 1 '...weight' (batch-norm gamma): a = 0.1, b = 1;  other rank 1: a = 0.1, b = 0
  input element i: sin(0.13 i + 0.5);  label of sample n: n % classes.
computed in float64 and rounded to float32; the model then runs in float64 (the exact answer for those values). Gradients with more than 4096 elements are stored as their first 256
values, sum, sum of absolute values and projection sum_i g_i sin(0.71 i). Batch 4 for MiniVGGNet (batch norm over 2 samples is ill-conditioned). Dropout p = 0 (PyTorch's masks cannot be reproduced), train mode.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1234)
HERE = os.path.dirname(os.path.abspath(__file__))


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def layer_case(name, module, x, **extra):
    x = x.clone().requires_grad_(True)
    y = module(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    case = {
        "name": name,
        "input_shape": list(x.shape),
        "input": flat(x),
        "output_shape": list(y.shape),
        "output": flat(y),
        "output_grad": flat(dy),
        "input_grad": flat(x.grad),
        "params": {n: {"shape": list(p.shape), "value": None, "grad": flat(p.grad)} for n, p in module.named_parameters()},
        "buffers": {n: flat(b) for n, b in module.named_buffers()},
    }
    case.update(extra)
    return case


def with_values(case, module, before):
    for n, v in before.items():
        case["params"][n]["value"] = v
    return case


def linear():
    m = nn.Linear(5, 3)
    before = {n: flat(p) for n, p in m.named_parameters()}
    return with_values(layer_case("linear", m, torch.randn(2, 5), in_features=5, out_features=3), m, before)


def conv(cin, cout, k, stride, padding, h, w):
    m = nn.Conv2d(cin, cout, k, stride=stride, padding=padding)
    before = {n: flat(p) for n, p in m.named_parameters()}
    case = layer_case(f"conv{k}_s{stride}_p{padding}", m, torch.randn(2, cin, h, w),
                      in_channels=cin, out_channels=cout, kernel_size=k, stride=stride, padding=padding)
    return with_values(case, m, before)


def maxpool(k, stride, h, w):
    return layer_case(f"maxpool{k}_s{stride}", nn.MaxPool2d(k, stride), torch.randn(2, 3, h, w), kernel_size=k, stride=stride)


def batchnorm(dim, shape, training):
    m = nn.BatchNorm1d(shape[1]) if dim == 1 else nn.BatchNorm2d(shape[1])
    with torch.no_grad():
        m.weight.copy_(1 + 0.3 * torch.randn(shape[1]))
        m.bias.copy_(0.2 * torch.randn(shape[1]))
        m.running_mean.copy_(0.5 * torch.randn(shape[1]))
        m.running_var.copy_(1 + torch.rand(shape[1]))
    before = {n: flat(p) for n, p in m.named_parameters()}
    buffers_before = {n: flat(b) for n, b in m.named_buffers()}
    m.train(training)
    case = layer_case(f"batchnorm{dim}d_{'train' if training else 'eval'}", m, 1.5 + 2 * torch.randn(*shape),
                      num_features=shape[1], training=training, buffers_before=buffers_before)
    return with_values(case, m, before)


def relu():
    return layer_case("relu", nn.ReLU(), torch.randn(2, 3, 4))


def loss():
    z = torch.randn(4, 5, requires_grad=True)
    labels = torch.tensor([0, 3, 4, 1])
    value = F.cross_entropy(z, labels)
    value.backward()
    return {"logits": flat(z), "shape": [4, 5], "labels": labels.tolist(), "loss": float(value), "grad": flat(z.grad)}


def formula_init(model):
    with torch.no_grad():
        for j, (name, p) in enumerate(model.named_parameters()):
            i = torch.arange(p.numel(), dtype=torch.float64)
            s = torch.sin(0.37 * i + 0.91 * j + 1.0)
            if p.dim() >= 2:
                v = math.sqrt(3.0 / (p.numel() // p.shape[0])) * s
            elif name.endswith("weight"):
                v = 0.1 * s + 1.0
            else:
                v = 0.1 * s
            p.copy_(v.reshape(p.shape).float())


def summarize(g):
    """Small gradients in full; large ones as their first 256 values plus three checksums (keeps the JSON small)."""
    g = g.detach().reshape(-1).double()
    if g.numel() <= 4096:
        return {"full": flat(g)}
    i = torch.arange(g.numel(), dtype=torch.float64)
    return {"head": flat(g[:256]), "sum": float(g.sum()), "abs_sum": float(g.abs().sum()),
            "projection": float((g * torch.sin(0.71 * i)).sum()), "length": g.numel()}


def model_case(name, model, shape, classes):
    formula_init(model)
    # The oracle runs in float64 on the float32-rounded weights and inputs: the exact answer a float32 engine
    # approximates (PyTorch's own float32 run differs from it by up to 0.011% of a tensor's largest gradient here).
    model = model.double()
    model.train()
    n = shape[0]
    i = torch.arange(math.prod(shape), dtype=torch.float64)
    x = torch.sin(0.13 * i + 0.5).float().double().reshape(shape)
    labels = torch.tensor([k % classes for k in range(n)])
    logits = model(x)
    value = F.cross_entropy(logits, labels)
    value.backward()
    return {
        "name": name,
        "input_shape": shape,
        "classes": classes,
        "logits": flat(logits),
        "loss": float(value),
        "grads": {k: summarize(p.grad) for k, p in model.named_parameters()},
        "buffers": {k: flat(b) for k, b in model.named_buffers()},
    }


def minivggnet(c, h, w, classes):
    layers = []
    cin = c
    for f in (32, 64):
        for _ in range(2):
            layers += [nn.Conv2d(cin, f, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(f)]
            cin = f
        layers += [nn.MaxPool2d(2), nn.Dropout(0.0)]
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * (h // 4) * (w // 4), 512), nn.ReLU(), nn.BatchNorm1d(512), nn.Dropout(0.0), nn.Linear(512, classes))


def lenet(c, h, w, classes):
    flat_features = 16 * ((h // 2 - 4) // 2) * ((w // 2 - 4) // 2)
    return nn.Sequential(nn.Conv2d(c, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(flat_features, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, classes))


def mlp(features, classes):
    return nn.Sequential(nn.Flatten(), nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, classes))


def write(name, data):
    path = os.path.join(HERE, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


layers = {
    "torch_version": torch.__version__,
    "layers": [linear(), conv(2, 3, 3, 1, 1, 5, 5), conv(2, 2, 3, 2, 1, 6, 5), conv(1, 3, 5, 1, 2, 6, 6), conv(3, 2, 2, 2, 0, 5, 4),
               maxpool(2, 2, 4, 5), maxpool(3, 2, 7, 6), batchnorm(1, [4, 3], True), batchnorm(1, [4, 3], False),
               batchnorm(2, [3, 2, 2, 3], True), batchnorm(2, [3, 2, 2, 3], False), relu()],
    "loss": loss(),
}
write("nn_layers.json", layers)

models = {
    "torch_version": torch.__version__,
    "models": [model_case("minivggnet", minivggnet(3, 8, 8, 10), [8, 3, 8, 8], 10), model_case("lenet", lenet(1, 16, 16, 10), [2, 1, 16, 16], 10),
               model_case("mlp", mlp(12, 4), [3, 12], 4)],
}
write("nn_models.json", models)

# Conditioning note (for the C# tolerance): PyTorch's own float32 MiniVGGNet gradients differ from this float64
# oracle by up to 0.011% of each tensor's largest element (logits: 1.5e-5); the C# test allows 0.5% (logits: 1e-4 of
# the largest). MiniVGGNet runs a batch of 8: with the earlier batch of 4, batch norm over so few values amplified
# float32 rounding ~20x (PyTorch's own float32 gradients were 0.24% away), so which instruction set passed was luck.
