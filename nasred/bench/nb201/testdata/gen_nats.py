#!/usr/bin/env python3
"""Generate the NATS-Bench topology test fixtures under testdata/nats/.

Usage (from nasred/bench):  python3 testdata/gen_nats.py [OUT_DIR]
then regenerate the oracle output:
  /usr/bin/python3 testdata/nats_oracle.py testdata/nats > testdata/nats_expected.csv

Standard library only (pickle + bz2). The output mimics the layout of the
official NATS-tss-v1_0-3ffb9-simple folder as written by NATS-Bench's
collection script and read by nats_bench.api_topology / api_utils:

  meta.pickle.pbz2   {'meta_archs': [arch_str, ...], 'total_archs': N,
                      'arch2infos': None, 'evaluated_indexes': set()}
  NNNNNN.pickle.pbz2 OrderedDict({'12': ArchResults.state_dict(),
                                  '200': ArchResults.state_dict()})

where ArchResults.state_dict() is a plain dict
  {'arch_index', 'arch_str', 'all_results', 'dataset_seed', 'clear_net_done'}
with all_results mapping (dataset, seed) tuples to ResultsCount state
dicts ({'name', 'net_state_dict' (None: weights cleared), 'train_acc1es',
'train_acc5es', 'train_losses', 'train_times' (an OrderedDict),
'arch_config', 'params', 'flop', 'seed', 'epochs', 'latency',
'eval_names', 'eval_acc1es', 'eval_times', 'eval_losses'}), eval keys being
'<set>@<epoch>' with set in x-valid / x-test / ori-test.

Faithfulness notes. The files pickle no custom class instances (the API
asserts a dict and rebuilds ArchResults from state dicts), but they do
reference classes: collections.OrderedDict, and numpy scalars
(numpy.core.multiarray.scalar + numpy.dtype) where NATS-Bench's tooling
produced numpy numbers (e.g. the parameter count in MB). numpy is not
needed here: a small shim module emits exactly the references numpy 1.x
pickles (checked by nats_oracle.py, which unpickles with real numpy).
To exercise that path on accuracies, architecture 10's accuracies are
numpy float64 scalars.

Synthetic data. The project never commits benchmark data (nor excerpts
or conversions of it): the 12 architecture strings in the meta file are
an arbitrary hand-picked list, not the NATS-Bench order, and the
accuracies of the three architecture files (indices 0, 9, 10) are made
up. Per-seed values are chosen so that numpy's mean over the seeds
(sequential sum / n, as np.mean does for fewer than 8 values) equals the
made-up value exactly; three-seed cifar10 values have two decimals, as
the real ori-test accuracies appear to. Architecture 11 is listed in the
meta but has no file.

File names. So that no committed file looks like benchmark data (names
ending in .pickle.pbz2), the files are written as NAME.fixture where the
real name is NAME.pickle.pbz2 (meta.fixture, 000000.fixture, ...). The Go
tests copy them into a temporary folder under their real names before
calling LoadNATSTopology.

To keep the fixture small, per-epoch curves are short piecewise-constant
sequences; only the last epoch's evaluation values matter to the reader.
"""
import bz2
import collections
import os
import pickle
import struct
import sys
import types

# ---------------------------------------------------------------- numpy shim
# Emits the same global references as numpy 1.x's scalar pickles:
#   numpy.core.multiarray.scalar(numpy.dtype('f8', False, True) + BUILD state, raw bytes)
_np = types.ModuleType("numpy")
_np_core = types.ModuleType("numpy.core")
_np_ma = types.ModuleType("numpy.core.multiarray")


class dtype:  # noqa: N801 - mimics numpy.dtype
    _cache = {}

    def __new__(cls, code):
        if code not in cls._cache:
            obj = object.__new__(cls)
            obj.code = code
            cls._cache[code] = obj
        return cls._cache[code]

    def __reduce__(self):
        return (dtype, (self.code, False, True), (3, "<", None, None, None, -1, -1, 0))


def scalar(*args):  # never called here
    raise NotImplementedError


dtype.__module__ = "numpy"
dtype.__qualname__ = "dtype"
scalar.__module__ = "numpy.core.multiarray"
scalar.__qualname__ = "scalar"
_np.dtype = dtype
_np.core = _np_core
_np_core.multiarray = _np_ma
_np_ma.scalar = scalar
sys.modules.setdefault("numpy", _np)
sys.modules.setdefault("numpy.core", _np_core)
sys.modules.setdefault("numpy.core.multiarray", _np_ma)
if sys.modules["numpy"] is not _np:
    sys.exit("gen_nats.py: run without numpy imported")


class F8:
    """A numpy.float64 as numpy pickles it."""

    def __init__(self, v):
        self.v = float(v)

    def __reduce__(self):
        return (scalar, (dtype("f8"), struct.pack("<d", self.v)))


# ------------------------------------------------------------------- data
# SYNTHETIC DATA. Nothing below comes from NATS-Bench: the project never
# commits benchmark data, not even small excerpts. ARCHS is a hand-picked,
# arbitrary list of 12 distinct valid cells (not the NATS-Bench order), and
# the accuracies in FIXTURES are made up. Only the file layout and the seed
# layout mimic the real files.
ARCHS = [
    "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_1x1~0|none~1|skip_connect~2|",
    "|skip_connect~0|+|nor_conv_1x1~0|none~1|+|avg_pool_3x3~0|nor_conv_3x3~1|nor_conv_1x1~2|",
    "|none~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_3x3~0|nor_conv_1x1~1|avg_pool_3x3~2|",
    "|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|skip_connect~1|none~2|",
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|",
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|avg_pool_3x3~0|skip_connect~1|avg_pool_3x3~2|",
    "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|",
    "|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|skip_connect~2|",
    "|none~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_1x1~2|",
    "|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_3x3~2|",
    "|avg_pool_3x3~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|",
    "|skip_connect~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|nor_conv_1x1~0|nor_conv_1x1~1|avg_pool_3x3~2|",
]

# Made-up test accuracies (cifar10 ori-test, cifar100 x-test,
# ImageNet16-120 x-test; hp=200, mean over seeds) and the seeds used. They
# are chosen to exercise the reader's paths: 3 / 2 / 1 seeds, two-decimal
# three-seed cifar10 values (91.20666666666666 is a float64 mean of three
# two-decimal values), means that are not short decimals (float32-looking
# for cifar100 / ImageNet16-120), and, for architecture 10, numpy float64
# scalars with a single cifar10 seed.
FIXTURES = {
    0: {"acc": (91.20666666666666, 67.51333333740234, 41.04444444444445),
        "seeds": ([777, 888, 999], [777, 888, 999], [777, 888, 999])},
    9: {"acc": (88.08666666666667, 60.21333331298828, 33.52222218831381),
        "seeds": ([777, 888], [888, 999], [777, 999])},
    10: {"acc": (11.35, 1.1666666666666667, 0.9722222208976746),
         "seeds": ([777], [777, 888, 999], [777, 888, 999]), "numpy": True},
}
# Stored name = real name with ".pickle.pbz2" replaced by this.
FIXTURE_EXT = ".fixture"

DATASETS = ("cifar10-valid", "cifar10", "cifar100", "ImageNet16-120")
CLASSES = {"cifar10-valid": 10, "cifar10": 10, "cifar100": 100, "ImageNet16-120": 120}
# eval sets per dataset, and the one get_more_info reads as test accuracy
EVAL_SETS = {"cifar10-valid": ("x-valid", "ori-test"), "cifar10": ("ori-test",),
             "cifar100": ("ori-test", "x-valid", "x-test"),
             "ImageNet16-120": ("ori-test", "x-valid", "x-test")}
TEST_SET = {"cifar10": "ori-test", "cifar100": "x-test", "ImageNet16-120": "x-test"}


def mean(vals):  # np.mean for fewer than 8 float64 values
    s = 0.0
    for v in vals:
        s += v
    return s / len(vals)


def split(target, n, kind):
    """n per-seed values whose mean (as numpy computes it) is exactly target.

    kind "dec2": two-decimal values (cifar10 ori-test accuracies look like
    that), "any": any floats (cifar100 / ImageNet16-120, whose real
    means are not means of short decimals). Two seeds cannot average to an
    arbitrary target value with two-decimal values, so two-seed splits
    use any floats.
    """
    if n == 1:
        return [target]
    if n == 2:
        for i in range(1, 1000):
            a = target - 0.25 * i
            b = 2 * target - a
            if mean([a, b]) == target:
                return [a, b]
    elif kind == "dec2":
        for i in range(1, 60):
            for j in range(0, 60):
                a = round(target - i * 0.01, 2)
                b = round(target + j * 0.01, 2)
                c = round(3 * target - a - b, 2)
                if mean([a, b, c]) == target:
                    return [a, b, c]
    else:
        for i in range(1, 2000):
            a = target - 0.0123 * i
            b = target + 0.0077 * i
            c = 3 * target - a - b
            if mean([a, b, c]) == target:
                return [a, b, c]
    raise SystemExit("no split of %r into %d %s values" % (target, n, kind))


def curve(final, epochs, scale=1.0):
    # short piecewise-constant curve ending at final (compresses well)
    return {e: (final if e == epochs - 1 else round(scale * (e // 50 + 1), 1)) for e in range(epochs)}


def results_count(ds, seed, arch, epochs, test_acc, use_numpy):
    last = epochs - 1
    acc1 = {}
    losses = {}
    times = {}
    names = []
    for s in EVAL_SETS[ds]:
        names.append(s)
        final = test_acc if s == TEST_SET.get(ds) else 50.0
        for e in range(epochs):
            key = "%s@%d" % (s, e)
            if s == "ori-test" or e == last:  # old-style: x-* only at the last epoch
                acc1[key] = final if e == last else float(e // 50 * 10)
                losses[key] = 1.5 if e == last else 2.0
            times[key] = 0.25
    if use_numpy and ds in TEST_SET:
        acc1["%s@%d" % (TEST_SET[ds], last)] = F8(test_acc)
    train_times = collections.OrderedDict((e, 10.0) for e in range(epochs))
    return {
        "name": ds,
        "net_state_dict": None,
        "train_acc1es": curve(99.5, epochs, 10.0),
        "train_acc5es": curve(100.0, epochs, 20.0),
        "train_losses": curve(0.01, epochs, 0.5),
        "train_times": train_times,
        "arch_config": {"channel": 16, "num_cells": 5, "arch_str": arch, "class_num": CLASSES[ds]},
        "params": F8(0.372346),
        "flop": 52.77,
        "seed": seed,
        "epochs": epochs,
        "latency": [0.0123],
        "eval_names": names,
        "eval_acc1es": acc1,
        "eval_times": times,
        "eval_losses": losses,
    }


def arch_results(index, hp, spec):
    arch = ARCHS[index]
    epochs = int(hp)
    all_results, dataset_seed = {}, {}
    for ds in DATASETS:
        if hp == "12":
            seeds, per = [111, 777], None
        elif ds == "cifar10-valid":
            seeds, per = [777, 888, 999], None
        else:
            d = ("cifar10", "cifar100", "ImageNet16-120").index(ds)
            seeds = spec["seeds"][d]
            per = split(spec["acc"][d], len(seeds), "dec2" if d == 0 else "any")
        dataset_seed[ds] = sorted(seeds)
        for i, seed in enumerate(sorted(seeds)):
            acc = per[i] if per is not None else 60.0 + i
            all_results[(ds, seed)] = results_count(ds, seed, arch, epochs, acc,
                                                    hp == "200" and spec.get("numpy", False))
    return {"arch_index": index, "arch_str": arch, "all_results": all_results,
            "dataset_seed": dataset_seed, "clear_net_done": True}


def save(obj, path):
    data = pickle.dumps(obj, protocol=4)
    with open(path, "wb") as f:
        f.write(bz2.compress(data, 9))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "nats")
    os.makedirs(out, exist_ok=True)
    save({"meta_archs": ARCHS, "total_archs": len(ARCHS), "arch2infos": None,
          "evaluated_indexes": set()}, os.path.join(out, "meta" + FIXTURE_EXT))
    for index, spec in sorted(FIXTURES.items()):
        data = collections.OrderedDict([("12", arch_results(index, "12", spec)),
                                        ("200", arch_results(index, "200", spec))])
        save(data, os.path.join(out, "%06d" % index + FIXTURE_EXT))


if __name__ == "__main__":
    main()
