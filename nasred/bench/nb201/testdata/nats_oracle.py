#!/usr/bin/env python3
"""Independent oracle for the NATS-Bench topology reader (needs numpy).

Usage: /usr/bin/python3 testdata/nats_oracle.py DIR

Loads every NNNNNN.pickle.pbz2 in DIR (or NNNNNN.fixture: the names the
committed fixture is stored under, see gen_nats.py; meta.fixture likewise)
with Python's own pickle (numpy scalars become real numpy scalars) and
prints, per architecture, the test accuracy that NATS-Bench's
get_more_info(index, dataset, hp='200', is_random=False) returns:
ArchResults.get_metrics(dataset, setname) with setname 'ori-test' for
cifar10 and 'x-test' otherwise, i.e. np.mean over
the seeds in dataset_seed[dataset] (in that order) of
eval_acc1es['<setname>@<epochs-1>']. Output: CSV index,arch,acc10,acc100,acc16
with repr() floats.
"""
import bz2
import os
import pickle
import re
import sys

import numpy as np

TEST = (("cifar10", "ori-test"), ("cifar100", "x-test"), ("ImageNet16-120", "x-test"))


def load(path):
    with bz2.BZ2File(path, "rb") as f:
        return pickle.load(f)


def main():
    d = sys.argv[1]
    meta_path = os.path.join(d, "meta.pickle.pbz2")
    if not os.path.exists(meta_path):
        meta_path = os.path.join(d, "meta.fixture")
    meta = load(meta_path)
    assert isinstance(meta["meta_archs"], list)
    print("index,arch,cifar10,cifar100,ImageNet16-120")
    for name in sorted(os.listdir(d)):
        m = re.fullmatch(r"(\d+)\.(?:pickle\.pbz2|fixture)", name)
        if not m:
            continue
        data = load(os.path.join(d, name))
        assert isinstance(data, dict)
        res = data["200"]
        accs = []
        for ds, setname in TEST:
            vals = []
            for seed in res["dataset_seed"][ds]:
                rc = res["all_results"][(ds, seed)]
                vals.append(rc["eval_acc1es"]["%s@%d" % (setname, rc["epochs"] - 1)])
            accs.append(float(np.mean(vals)))
        print("%d,%s,%s" % (res["arch_index"], res["arch_str"], ",".join(repr(a) for a in accs)))


if __name__ == "__main__":
    main()
