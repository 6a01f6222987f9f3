#!/usr/bin/env python3
"""PyTorch's CPU time for the single operations of nasred/nn's BenchmarkBackendOps.

Same sizes (2^20 float32 elements: 16 channels x 64x32x32) and the 3x3
convolution of that layer as one matrix product and as conv2d, so that the
pure-Go backend's per-operation costs can be compared with PyTorch's on the
same machine:

  /usr/bin/python3 scripts/gpu/torch_backend_ops.py
  GOMLX_BACKEND=go:parallelism=-1 go test -run '^$' -bench BackendOps ./nasred/nn

Prints one line per operation: name and CPU milliseconds (median of 9 calls).
"""
import time

import torch


def cpu_ms(fn, n=9):
    fn()
    ts = []
    for _ in range(n):
        t0 = time.process_time()
        fn()
        ts.append(time.process_time() - t0)
    return sorted(ts)[n // 2] * 1000


def conv_fb(img, w):
    x = img.clone().requires_grad_(True)
    wt = w.clone().requires_grad_(True)
    y = torch.nn.functional.conv2d(x, wt, padding=1)
    y.backward(torch.ones_like(y))


def main():
    torch.manual_seed(1)
    c, m = 16, 64 * 32 * 32
    x = torch.randn(c, m)
    xp = torch.randn(c, 64, 34, 34)
    vec = torch.randn(c, 1)
    k = torch.randn(c, 9 * c)
    cols = torch.randn(9 * c, m)
    img = torch.randn(64, c, 32, 32)
    w = torch.randn(c, c, 3, 3)
    ops = [
        ("add-scalar", lambda: x + 0.5),
        ("mul-same-shape", lambda: x * x),
        ("mul-per-channel-broadcast", lambda: x * vec),
        ("sign", lambda: torch.sign(x)),
        ("slice-3x3-window", lambda: xp[:, :, 1:33, 1:33].contiguous()),
        ("transpose", lambda: x.t().contiguous()),
        ("reduce-sum-rows", lambda: x.sum(1)),
        ("matmul-16x144-by-144x65536", lambda: k @ cols),
        ("matmul-wgrad-16x65536-by-144x65536T", lambda: x @ cols.t()),
        ("concat-3-copies", lambda: torch.cat([x, x, x], 1)),
        ("conv2d-3x3-16to16-64x32x32", lambda: torch.nn.functional.conv2d(img, w, padding=1)),
        ("conv2d-3x3-16to16-64x32x32-forward-backward", lambda: conv_fb(img, w)),
    ]
    print(f"pytorch {torch.__version__} threads={torch.get_num_threads()}")
    for name, fn in ops:
        print(f"{name} {cpu_ms(fn):.2f} cpu-ms/op")


if __name__ == "__main__":
    main()
