#!/usr/bin/python3
"""PyTorch 1.13 twin of `nbkit train`: the same CONFIG.json, model, data, normalisation, loop and results JSON.

  /usr/bin/python3 tests/NotebookKit.Benchmarks/pytorch/train.py CONFIG.json [--out DIR]

What it mirrors (src/NotebookKit/Training/Experiment.cs, Trainer.cs, TrainingConfig.cs):
- Data: Fashion-MNIST IDX files (gz or raw) from data_dir, data_dir/fashion-mnist, the repository's data/fashion-mnist,
  then /usr/share/datasets/fashion-mnist (the kit's look-up order; no download). train_limit/test_limit keep the first N.
- Normalisation (normalize, default true): mean and population std of the kept training pixels in [0, 1], computed in
  float64; each byte b maps to float32 ((b/255) - mean) / std through a 256-entry table, as Data/Normalization.cs does.
- Model: torch.manual_seed(seed), then mlp / lenet / minivggnet exactly as bench_train.py (and Nn/Models) define them,
  so parameter names ("0.weight", ...) and PyTorch's default initialisation match ours.
- Loop per epoch: a fresh torch.randperm of the training set (generator seeded with seed), batches of batch_size
  (last partial batch kept), zero_grad, forward, CrossEntropyLoss (mean over the batch), backward, optional
  clip_grad_norm_(max_grad_norm), optimizer.step(), scheduler.step() when the scheduler runs per batch. Then evaluation
  on the test set (same batch size, eval mode, no_grad), then scheduler.step() per epoch, or step(metric) for
  ReduceLROnPlateau (monitor: val_loss, val_accuracy, loss, accuracy).
- Cadence: CyclicLR and OneCycleLR per batch, every other scheduler per epoch, unless scheduler_interval says otherwise.
- History per epoch: epoch, lr and momentum of its first batch, size-weighted mean train_loss, train_accuracy, test_loss,
  test_accuracy, seconds (training + evaluation), weight_norm(s). Last line: the results object, as `nbkit train` prints.

Optimizer and scheduler specs use torch.optim class and argument names (the kit's spec keys); the kit-only extensions
(SGDW, weight_decay_mode, no_decay_1d, keras_*, Keras schedules, augment, cifar10) have no PyTorch twin here and are
rejected with a message naming the key.
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_train import lenet, minivggnet, mlp  # noqa: E402  (one definition of the models for both scripts)

KEYS = ["dataset", "data_dir", "model", "optimizer", "scheduler", "scheduler_interval", "epochs", "batch_size",
        "train_limit", "test_limit", "augment", "seed", "threads", "normalize", "max_grad_norm", "monitor",
        "start_lr", "end_lr", "num_iter", "beta", "stop_div"]
OPTIMIZERS = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]
KIT_ONLY_OPTIMIZER_KEYS = ["weight_decay_mode", "no_decay_1d", "keras_decay", "keras_momentum", "keras_epsilon"]
PER_BATCH = ["CyclicLR", "OneCycleLR"]
SYSTEM_FOLDER = "/usr/share/datasets/fashion-mnist"
STEMS = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def load_config(path):
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail(f"{path}: {e}")
    if not isinstance(config, dict):
        fail(f"{path}: a config is a JSON object")
    for key in config:
        if key not in KEYS:
            fail(f"config: unknown key '{key}'; the keys are {', '.join(KEYS)}.")
    if "optimizer" not in config:
        fail("config: 'optimizer' is required, e.g. {\"type\": \"SGD\", \"lr\": 0.1, \"momentum\": 0.9}.")
    c = {"dataset": "fashion-mnist", "data_dir": None, "model": "mlp", "scheduler": None, "scheduler_interval": None,
         "epochs": 10, "batch_size": 128, "train_limit": None, "test_limit": None, "augment": False, "seed": 0,
         "threads": 2, "normalize": True, "max_grad_norm": None, "monitor": "val_loss"}
    c.update({k: v for k, v in config.items() if v is not None or k in ("scheduler", "threads")})
    if c["dataset"] != "fashion-mnist":
        fail(f"config: 'dataset' \"{c['dataset']}\" is not supported by the PyTorch twin (only fashion-mnist).")
    if c["augment"]:
        fail("config: 'augment' is not supported by the PyTorch twin.")
    if c["model"] not in ("mlp", "lenet", "minivggnet"):
        fail(f"config: 'model' must be one of \"mlp\", \"lenet\", \"minivggnet\", got \"{c['model']}\".")
    if c["scheduler_interval"] not in (None, "epoch", "batch"):
        fail(f"config: 'scheduler_interval' must be \"epoch\" or \"batch\", got \"{c['scheduler_interval']}\".")
    if c["monitor"] not in ("val_loss", "val_accuracy", "loss", "accuracy"):
        fail(f"config: 'monitor' must be val_loss, val_accuracy, loss or accuracy, got \"{c['monitor']}\".")
    for key in ("epochs", "batch_size"):
        if not isinstance(c[key], int) or c[key] < 1:
            fail(f"config: '{key}' must be an integer >= 1, got {c[key]!r}.")
    return config, c


def repository_data(start):
    d = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(d, "NotebookKit.sln")) or (
                os.path.isdir(os.path.join(d, "data")) and os.path.isdir(os.path.join(d, "notebooks"))):
            return os.path.join(d, "data")
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def find_file(folder, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            return p
    return None


def locate(data_dir):
    root = os.path.abspath(data_dir) if data_dir is not None else (repository_data(os.getcwd()) or os.path.join(os.getcwd(), "data"))
    candidates = ([root] if data_dir is not None else []) + [os.path.join(root, "fashion-mnist"), SYSTEM_FOLDER]
    for folder in candidates:
        if all(find_file(folder, s) for s in STEMS):
            return folder
    fail(f"Fashion-MNIST not found in {', '.join(candidates)} (install the Debian package dataset-fashion-mnist or run `nbkit data fetch`).")


def read_idx(path, magic):
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        raw = f.read()
    got, = struct.unpack(">i", raw[:4])
    if got != magic:
        fail(f"{path}: not an IDX file with magic {magic} (got {got}).")
    dims = struct.unpack(">" + "i" * (magic & 0xFF), raw[4:4 + 4 * (magic & 0xFF)])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * len(dims))
    if data.size != int(np.prod(dims)):
        fail(f"{path}: truncated ({data.size} bytes of {int(np.prod(dims))}).")
    return data.reshape(dims)


def load_split(folder, prefix, limit):
    images = read_idx(find_file(folder, f"{prefix}-images-idx3-ubyte"), 2051)
    labels = read_idx(find_file(folder, f"{prefix}-labels-idx1-ubyte"), 2049)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return torch.from_numpy(images[:, None, :, :].copy()), torch.from_numpy(labels.astype(np.int64))


def normalisation_table(train_images, normalize):
    b = np.arange(256, dtype=np.float32)
    if not normalize:
        return torch.from_numpy(b / np.float32(255))
    x = train_images.numpy().astype(np.float64) / 255.0
    mean = x.mean()
    var = max(0.0, (x * x).mean() - mean * mean)
    std = math.sqrt(var) if var > 0 else 1.0
    return torch.from_numpy(((b / np.float32(255)) - np.float32(mean)) / np.float32(std))


def make_optimizer(spec, params):
    spec = dict(spec)
    kind = spec.pop("type", None)
    if kind not in OPTIMIZERS:
        fail(f"optimizer.type must be one of {', '.join(OPTIMIZERS)} for the PyTorch twin, got {kind!r}.")
    for key in KIT_ONLY_OPTIMIZER_KEYS:
        if key in spec:
            fail(f"optimizer.{key} is a NotebookKit extension with no torch.optim twin.")
    if "betas" in spec:
        spec["betas"] = tuple(spec["betas"])
    try:
        return getattr(torch.optim, kind)(params, **spec)
    except (TypeError, ValueError) as e:
        fail(f"optimizer ({kind}): {e}")


def make_scheduler(spec, optimizer):
    spec = dict(spec)
    kind = spec.pop("type", None)
    cls = getattr(torch.optim.lr_scheduler, kind, None) if isinstance(kind, str) else None
    if cls is None or not isinstance(cls, type):
        fail(f"scheduler.type {kind!r} is not a torch.optim.lr_scheduler class (Keras schedules have no twin here).")
    if spec.pop("semantics", "pytorch") != "pytorch":
        fail("scheduler.semantics \"keras\" has no PyTorch twin.")
    if kind in ("SequentialLR", "ChainedScheduler"):
        spec["schedulers"] = [make_scheduler(child, optimizer) for child in spec.get("schedulers", [])]
        if kind == "ChainedScheduler":
            return cls(spec["schedulers"])
    if kind in ("LambdaLR", "MultiplicativeLR"):
        value = spec.get("lr_lambda")
        if not isinstance(value, (int, float)):
            fail(f"{kind}: lr_lambda must be a number (a constant factor) for the PyTorch twin.")
        spec["lr_lambda"] = lambda _epoch, v=float(value): v
    try:
        return cls(optimizer, **spec)
    except (TypeError, ValueError) as e:
        fail(f"{kind}: {e}")


def momentum_of(group):
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


def evaluate(model, images, labels, table, batch):
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(labels), batch):
            x = table[images[start:start + batch].long()]
            y = labels[start:start + batch]
            logits = model(x)
            loss_sum += float(F.cross_entropy(logits, y)) * len(y)
            correct += int((logits.argmax(1) == y).sum())
    return loss_sum / len(labels), correct / len(labels)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("--out", default=None, help="folder for results.json (optional)")
    a = ap.parse_args()
    raw, c = load_config(a.config)
    if c["threads"] is not None:
        torch.set_num_threads(int(c["threads"]))

    clock = time.perf_counter()
    folder = locate(c["data_dir"])
    train_x, train_y = load_split(folder, "train", c["train_limit"])
    test_x, test_y = load_split(folder, "t10k", c["test_limit"])
    table = normalisation_table(train_x, c["normalize"])
    load_seconds = time.perf_counter() - clock

    seed = int(c["seed"])
    torch.manual_seed(seed)
    _, channels, height, width = train_x.shape
    model = {"mlp": mlp, "lenet": lenet, "minivggnet": minivggnet}[c["model"]](channels, height, width, 10)
    optimizer = make_optimizer(c["optimizer"], model.parameters())
    scheduler = make_scheduler(c["scheduler"], optimizer) if c["scheduler"] else None
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    per_batch = scheduler is not None and not plateau and (
        c["scheduler_interval"] == "batch"
        or (c["scheduler_interval"] is None and type(scheduler).__name__ in PER_BATCH))
    shuffle = torch.Generator().manual_seed(seed)
    batch = c["batch_size"]
    n = len(train_y)

    history = []
    train_clock = time.perf_counter()
    for epoch in range(1, c["epochs"] + 1):
        epoch_clock = time.perf_counter()
        group = optimizer.param_groups[0]
        epoch_lr, epoch_momentum = group["lr"], momentum_of(group)
        model.train()
        order = torch.randperm(n, generator=shuffle)
        loss_sum, correct = 0.0, 0
        for index, start in enumerate(range(0, n, batch), 1):
            idx = order[start:start + batch]
            x = table[train_x[idx].long()]
            y = train_y[idx]
            optimizer.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            value = float(loss)
            if not math.isfinite(value):
                fail(f"the loss is {value} at epoch {epoch}, batch {index} (lr {group['lr']:g}).")
            loss.backward()
            if c["max_grad_norm"] is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), c["max_grad_norm"])
            optimizer.step()
            if per_batch:
                scheduler.step()
            loss_sum += value * len(y)
            correct += int((logits.detach().argmax(1) == y).sum())
        train_loss, train_accuracy = loss_sum / n, correct / n
        test_loss, test_accuracy = evaluate(model, test_x, test_y, table, batch)
        if plateau:
            scheduler.step({"val_loss": test_loss, "val_accuracy": test_accuracy, "loss": train_loss,
                            "accuracy": train_accuracy}[c["monitor"]])
        elif scheduler is not None and not per_batch:
            scheduler.step()
        norms = {name: float(p.detach().double().norm()) for name, p in model.named_parameters()}
        seconds = time.perf_counter() - epoch_clock
        history.append({"epoch": epoch, "lr": epoch_lr, "momentum": epoch_momentum, "train_loss": train_loss,
                        "train_accuracy": train_accuracy, "test_loss": test_loss, "test_accuracy": test_accuracy,
                        "seconds": seconds, "weight_norm": math.sqrt(sum(v * v for v in norms.values())),
                        "weight_norms": norms})
        print(f"epoch {epoch}/{c['epochs']}: loss {train_loss:.4f}, accuracy {train_accuracy:.4f}, "
              f"test_loss {test_loss:.4f}, test_accuracy {test_accuracy:.4f}, {seconds:.1f} s", file=sys.stderr)
    train_seconds = time.perf_counter() - train_clock

    result = {"config": {**raw, **c}, "engine": f"pytorch {torch.__version__}", "history": history,
              "test_accuracy": history[-1]["test_accuracy"], "test_loss": history[-1]["test_loss"],
              "seconds": load_seconds + train_seconds, "seed": seed, "threads": torch.get_num_threads(),
              "parameters": sum(p.numel() for p in model.parameters()),
              "timings": {"load_seconds": load_seconds, "train_seconds": train_seconds,
                          "seconds_per_epoch": [h["seconds"] for h in history]}}
    line = json.dumps(result)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        target = os.path.join(a.out, "results.json")
        with open(target + ".tmp", "w", encoding="utf-8") as f:
            f.write(line)
        os.replace(target + ".tmp", target)
    print(line)


if __name__ == "__main__":
    main()
