#!/usr/bin/python3
"""Independent oracle for nasred's NB301 feature encoder.

Implements ConfigSpace 0.4.12's Configuration.get_array() semantics for the
NB301 space with nothing but json, math and random (ConfigSpace itself is not
installable here), then nasbench301's NaN -> -1 and float32 cast.

    /usr/bin/python3 oracle.py CONFIGSPACE.json N SEED

prints a JSON list of {"config": {name: value-as-text}, "bits": [uint32 of
float32 feature]} for N random DARTS genotypes merged with nasbench301's
fixed hyperparameters (nasbench301/api.py).
"""
import json
import math
import random
import struct
import sys

FIXED = {
    "CreateImageDataLoader:batch_size": 96,
    "ImageAugmentation:augment": "True",
    "ImageAugmentation:cutout": "True",
    "ImageAugmentation:cutout_holes": 1,
    "ImageAugmentation:cutout_length": 16,
    "ImageAugmentation:autoaugment": "False",
    "ImageAugmentation:fastautoaugment": "False",
    "LossModuleSelectorIndices:loss_module": "cross_entropy",
    "NetworkSelectorDatasetInfo:darts:auxiliary": "True",
    "NetworkSelectorDatasetInfo:darts:drop_path_prob": 0.2,
    "NetworkSelectorDatasetInfo:network": "darts",
    "OptimizerSelector:optimizer": "sgd",
    "OptimizerSelector:sgd:learning_rate": 0.025,
    "OptimizerSelector:sgd:momentum": 0.9,
    "OptimizerSelector:sgd:weight_decay": 0.0003,
    "SimpleLearningrateSchedulerSelector:cosine_annealing:T_max": 100,
    "SimpleLearningrateSchedulerSelector:cosine_annealing:eta_min": 1e-8,
    "SimpleLearningrateSchedulerSelector:lr_scheduler": "cosine_annealing",
    "SimpleTrainNode:batch_loss_computation_technique": "mixup",
    "SimpleTrainNode:mixup:alpha": 0.2,
    "NetworkSelectorDatasetInfo:darts:init_channels": 32,
    "NetworkSelectorDatasetInfo:darts:layers": 8,
}
OPS = ["max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
       "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"]
P = "NetworkSelectorDatasetInfo:darts:"


def random_arch(rng):
    cfg = {}
    for cell in ("normal", "reduce"):
        offset = 0
        for node in range(2, 6):
            a, b = sorted(rng.sample(range(node), 2))
            for inp in (a, b):
                cfg["%sedge_%s_%d" % (P, cell, offset + inp)] = rng.choice(OPS)
            if node > 2:
                cfg["%sinputs_node_%s_%d" % (P, cell, node)] = "%d_%d" % (a, b)
            offset += node
    return cfg


def pytext(v):
    if v is True:
        return "True"
    if v is False:
        return "False"
    return str(v)


def main(path, n, seed):
    space = json.load(open(path))
    hps = {h["name"]: h for h in space["hyperparameters"]}
    # nasbench301 ConfigLoader.load_config_space overrides.
    for name in ("NetworkSelectorDatasetInfo:darts:layers",
                 "SimpleLearningrateSchedulerSelector:cosine_annealing:T_max",
                 "NetworkSelectorDatasetInfo:darts:init_channels"):
        hps[name] = {"name": name, "type": "uniform_int", "log": False,
                     "lower": 1, "upper": 10000}
    name = "SimpleLearningrateSchedulerSelector:cosine_annealing:eta_min"
    hps[name] = {"name": name, "type": "uniform_float", "log": False,
                 "lower": 0.0, "upper": 10000.0}
    cond = {c["child"]: c for c in space["conditions"]}
    order = sorted(n for n in hps if n not in cond) + \
        sorted(n for n in hps if n in cond)

    def encode(cfg):
        vec = []
        for name in order:
            h = hps[name]
            c = cond.get(name)
            if c is not None and pytext(cfg.get(c["parent"])) not in \
                    [pytext(v) for v in c["values"]]:
                vec.append(float("nan"))
                continue
            v = cfg[name]
            t = h["type"]
            if t == "categorical":
                vec.append(float([pytext(x) for x in h["choices"]].index(pytext(v))))
            elif t == "constant":
                vec.append(0.0)
            elif t in ("uniform_int", "uniform_float"):
                lo, hi = float(h["lower"]), float(h["upper"])
                if t == "uniform_int":
                    lo, hi = lo - 0.49999, hi + 0.49999
                x = float(v)
                if h.get("log"):
                    x, lo, hi = math.log(x), math.log(lo), math.log(hi)
                vec.append(min(1.0, max(0.0, (x - lo) / (hi - lo))))
            elif t == "normal_float":
                vec.append(math.log(float(v)) if h.get("log") else float(v))
            else:
                raise ValueError(t)
        return [-1.0 if math.isnan(x) else x for x in vec]

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        cfg = dict(FIXED)
        cfg.update(random_arch(rng))
        vec = encode(cfg)
        bits = [struct.unpack("<I", struct.pack("<f", x))[0] for x in vec]
        out.append({"config": {k: pytext(v) for k, v in cfg.items()},
                    "bits": bits, "names": order})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
