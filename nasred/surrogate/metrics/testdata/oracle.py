#!/usr/bin/python3
"""scipy-free oracle for nasred's metrics: reads {"x": [...], "y": [...]}
on stdin and prints [kendall tau-b, spearman rho, r2(truth=x, pred=y)]
computed from the definitions (O(n^2) pair counting, average ranks)."""
import json
import math
import sys


def tau_b(x, y):
    c = d = tx = ty = 0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                c += 1
            else:
                d += 1
    return (c - d) / math.sqrt((c + d + tx) * (c + d + ty))


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(v):
        j = i
        while j < len(v) and v[order[j]] == v[order[i]]:
            j += 1
        for k in range(i, j):
            r[order[k]] = (i + 1 + j) / 2.0
        i = j
    return r


def pearson(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    sab = sum((p - ma) * (q - mb) for p, q in zip(a, b))
    saa = sum((p - ma) ** 2 for p in a)
    sbb = sum((q - mb) ** 2 for q in b)
    return sab / math.sqrt(saa * sbb)


def r2(t, p):
    m = sum(t) / len(t)
    return 1 - sum((a - b) ** 2 for a, b in zip(t, p)) / sum((a - m) ** 2 for a in t)


d = json.load(sys.stdin)
x, y = d["x"], d["y"]
print(json.dumps([tau_b(x, y), pearson(ranks(x), ranks(y)), r2(x, y)]))
