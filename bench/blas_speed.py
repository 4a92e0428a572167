#!/usr/bin/python3
"""Prints the GFLOP/s PyTorch reaches, on 2 threads, on the three products of one training step of
bench/train_pytorch.py's first layer at batch 128 (X·W, Xᵀ·dZ, dZ·Wᵀ): the best of five 0.2 s rounds.

bench/train-vs-pytorch.sh runs it once per OpenBLAS kernel set the CPU can run (OPENBLAS_CORETYPE) and
gives PyTorch the fastest, since Debian's OpenBLAS 0.3.21 does not choose well on CPUs newer than itself."""
import time

import torch

torch.set_num_threads(2)
x, w, dz = torch.rand(128, 784), torch.rand(784, 256), torch.rand(128, 256)


def step():
    torch.mm(x, w)
    torch.mm(x.t(), dz)
    torch.mm(dz, w.t())


for _ in range(50):
    step()
best = 0.0
for _ in range(5):
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        step()
        n += 1
    best = max(best, n * 3 * 2 * 128 * 784 * 256 / (time.perf_counter() - t0) / 1e9)
print(f"{best:.1f}")
