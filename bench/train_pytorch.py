#!/usr/bin/python3
"""The PyTorch side of bench/train-vs-pytorch.sh: Fashion-MNIST 784-256-128-10 (ReLU, softmax +
cross-entropy) trained exactly as the Backprop job of the same configuration.

Same data (the Debian IDX files, pixels scaled to [0,1]), same architecture, same initialisation
scheme as Backprop's defaults (He normal for the ReLU layers, Glorot uniform for the output layer,
zero biases), same optimizer, learning rate, batch size and epochs, shuffled every epoch. To keep
Python overhead out of the measurement there is no DataLoader: the whole set is one tensor, each epoch
draws one torch.randperm, and each mini-batch gathers the rows of its slice of it (--gather epoch: the
whole set permuted once per epoch, then sliced; that costs 70-90 ms per epoch here and measured a few
percent slower, so the default is the faster one). Only each epoch's training loop, shuffling included,
is timed (no data loading, no evaluation). Prints one JSON object.

Run it as the benchmark does: OMP_WAIT_POLICY=passive /usr/bin/python3 bench/train_pytorch.py ...
"""
import argparse
import gzip
import json
import os
import resource
import statistics
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    n, rows, cols = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


def idx_labels(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=8).astype(np.int64))


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default=DATA)
    # Where the shuffled rows are gathered: "batch" (each mini-batch's rows, just before use, while they
    # are hot in cache) or "epoch" (the whole set once per epoch, then slices: 70-90 ms per epoch here).
    p.add_argument("--gather", choices=["batch", "epoch"], default="batch")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = idx_images(os.path.join(a.data, "train-images-idx3-ubyte.gz"))
    y = idx_labels(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))
    xt = idx_images(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"))
    yt = idx_labels(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz"))
    n = x.shape[0]

    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    with torch.no_grad():
        for layer, init in ((model[0], "he"), (model[2], "he"), (model[4], "xavier")):
            if init == "he":
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")  # N(0, 2/in)
            else:
                nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    loss_fn = nn.CrossEntropyLoss()  # log-softmax + NLL, mean over the batch
    if a.optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=a.lr)

    epoch_seconds, epoch_cost = [], []
    cpu_total, wall_total = 0.0, 0.0
    model.train()
    for _ in range(a.epochs):
        c0, t0 = cpu_seconds(), time.perf_counter()
        perm = torch.randperm(n)
        if a.gather == "epoch":
            xs, ys = x[perm], y[perm]
        loss_sum = torch.zeros(())
        for start in range(0, n, a.batch):
            if a.gather == "epoch":
                xb, yb = xs[start:start + a.batch], ys[start:start + a.batch]
            else:
                idx = perm[start:start + a.batch]
                xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.detach() * xb.shape[0]
        cost = float(loss_sum) / n  # the one sync per epoch
        t1 = time.perf_counter()
        epoch_seconds.append(t1 - t0)
        epoch_cost.append(cost)
        wall_total += t1 - t0
        cpu_total += cpu_seconds() - c0

    model.eval()
    with torch.no_grad():
        accuracy = (model(xt).argmax(1) == yt).float().mean().item()

    per_epoch = [n / s for s in epoch_seconds]
    print(json.dumps({
        "framework": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "optimizer": a.optimizer, "lr": a.lr, "batch": a.batch, "epochs": a.epochs, "seed": a.seed, "gather": a.gather,
        "epoch_seconds": [round(s, 4) for s in epoch_seconds],
        "epoch_cost": [round(c, 5) for c in epoch_cost],
        # The figure the benchmark compares: all samples over the summed epoch times.
        "samples_per_s": n * a.epochs / sum(epoch_seconds),
        "median_epoch_samples_per_s": statistics.median(per_epoch),
        "cores_used": cpu_total / wall_total,
        "test_accuracy": accuracy,
    }))


if __name__ == "__main__":
    main()
