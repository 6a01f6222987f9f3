#!/usr/bin/env python3
"""Independent reference implementation of NB201 operation importance.

paper §3: OI(e) = mean over the 4 other operations o on edge e of
err(A with e=o) - err(A), err = 1 - acc/100, from the NB201 CSV export.
Written straightforwardly on purpose (csv module, dict lookups), both as a
test oracle for `nasred importance nb201` and as the Python baseline the
speed comparison in the README measures.

usage: oi_reference.py CSV DATASET OUT.csv
"""
import csv
import sys

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
COLUMN = {
    "cifar10": "CIFAR10TestAccuracy200Epochs",
    "cifar100": "CIFAR100TestAccuracy200Epochs",
    "ImageNet16-120": "ImageNetTestAccuracy200Epochs",
}


def parse(arch):
    ops = []
    for group in arch.strip("|").split("|+|"):
        for tok in group.split("|"):
            op, _ = tok.split("~")
            ops.append(op)
    return ops


def fmt(ops):
    return "|{}~0|+|{}~0|{}~1|+|{}~0|{}~1|{}~2|".format(*ops)


def main():
    path, dataset, out = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = []
    err = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            arch = row["ArchitectureString"]
            e = 1.0 - float(row[COLUMN[dataset]]) / 100.0
            err[arch] = e
            rows.append(arch)
    with open(out, "w") as f:
        f.write("index,arch,err,oi0,oi1,oi2,oi3,oi4,oi5\n")
        for index, arch in enumerate(rows):
            ops = parse(arch)
            base = err[arch]
            ois = []
            for edge in range(6):
                diffs = []
                for op in OPS:
                    if op == ops[edge]:
                        continue
                    other = list(ops)
                    other[edge] = op
                    diffs.append(err[fmt(other)] - base)
                ois.append(sum(diffs) / len(diffs))
            f.write("{},{},{}".format(index, arch, repr(base)))
            for v in ois:
                f.write("," + repr(v))
            f.write("\n")


if __name__ == "__main__":
    main()
