#!/usr/bin/python3
"""Generate xgboost test models and reference predictions for nasred's
native reader (nasred/surrogate/xgb). Run with Debian's python3-xgboost:

    /usr/bin/python3 gen_models.py OUTDIR

Hyperparameters "nb301" are the defaults of NB301's XGBoost model config
(automl/nasbench301, surrogate_models/configs/model_configs/gradient_boosting/
xgb_configspace.json): max_depth 13, min_child_weight 39, colsample_bytree
0.2545, colsample_bylevel 0.6909, lambda 31.39, alpha 0.2417,
learning_rate 0.008237, objective reg:squarederror. NB301 trains up to 20000
rounds with early stopping; the tests use fewer rounds so they stay fast.

Writes, per model M:
  M.json  M.ubj  M.deprecated  M.raw  (save_raw / save_model variants)
  M.pkl3 M.pkl4 M.pkl2                (pickle.dumps(Booster, protocol))
  M.cfgoff.pkl                        (hand-built XGBoost 1.0-1.3 style pickle:
                                       handle = b"CONFIG-offset:" + int64 + legacy
                                       binary + JSON config)
  M.pred                              (float32 predictions of X.bin)
and X.bin (float32 rows, little endian), shape.txt ("rows cols"),
ens/member_K/surrogate_model.model + data_config.json + model_config.json,
ens.pred (float32 np.mean over members per row, the way nasbench301 does it),
pairwise.bin (n, values..., np.mean) records for the numpy mean emulation.
"""
import copyreg
import io
import json
import os
import pickle
import struct
import sys

import numpy as np
import xgboost as xgb

NB301 = {
    "objective": "reg:squarederror",
    "eval_metric": "rmse",
    "booster": "gbtree",
    "max_depth": 13,
    "min_child_weight": 39,
    "colsample_bytree": 0.2545374925231651,
    "colsample_bylevel": 0.6909224923784677,
    "lambda": 31.393252465064943,
    "alpha": 0.24167936088332426,
    "learning_rate": 0.008237525103357958,
}
DEEP = {"objective": "reg:squarederror", "max_depth": 8, "eta": 0.3,
        "min_child_weight": 1, "subsample": 0.8}


class CfgOffsetPickler(pickle.Pickler):
    """Pickles a Booster with a hand-made handle payload."""

    def __init__(self, f, payload, protocol):
        super().__init__(f, protocol=protocol)
        self.payload = payload

    def reducer_override(self, obj):
        if isinstance(obj, xgb.Booster):
            state = dict(obj.__dict__)
            state["handle"] = bytearray(self.payload)
            return (copyreg.__newobj__, (xgb.Booster,), state)
        return NotImplemented


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(42)
    n, f = 600, 56
    X = rng.random((n, f)).astype(np.float32)
    # Mostly categorical-looking columns like the NB301 encoding.
    X[:, :20] = np.floor(X[:, :20] * 7) / 6
    y = (90 + 3 * X[:, 0] - 2 * X[:, 5] * X[:, 7] + np.sin(6 * X[:, 11]) +
         0.1 * rng.standard_normal(n)).astype(np.float32)
    X[rng.random(X.shape) < 0.08] = np.nan
    X[-3:, :] = np.nan
    X[-6, :] = -1
    X.tofile(os.path.join(out, "X.bin"))
    with open(os.path.join(out, "shape.txt"), "w") as fh:
        fh.write("%d %d\n" % (n, f))
    dtrain = xgb.DMatrix(X[:450], label=y[:450])
    dall = xgb.DMatrix(X)

    models = {
        "nb301": xgb.train(dict(NB301, seed=0), dtrain, 120),
        "deep": xgb.train(dict(DEEP, seed=1), dtrain, 40),
    }
    for name, b in models.items():
        p = os.path.join(out, name)
        b.save_model(p + ".json")
        b.save_model(p + ".ubj")
        dep = bytes(b.save_raw("deprecated"))
        with open(p + ".deprecated", "wb") as fh:
            fh.write(dep)
        assert dep[:4] == b"binf"
        with open(p + ".raw", "wb") as fh:  # 0.90-style: no "binf" magic
            fh.write(dep[4:])
        for proto in (2, 3, 4):
            with open(p + ".pkl%d" % proto, "wb") as fh:
                pickle.dump(b, fh, protocol=proto)
        cfg = b.save_config().encode()
        payload = b"CONFIG-offset:" + struct.pack("<q", len(dep)) + dep + cfg
        buf = io.BytesIO()
        CfgOffsetPickler(buf, payload, 3).dump(b)
        with open(p + ".cfgoff.pkl", "wb") as fh:
            fh.write(buf.getvalue())
        b.predict(dall).astype(np.float32).tofile(p + ".pred")

    # Ensemble of 10 members laid out like nb_models/xgb_v0.9.
    members = []
    for k in range(10):
        b = xgb.train(dict(NB301, seed=k, learning_rate=0.05,
                           subsample=0.9), dtrain, 30)
        members.append(b)
        d = os.path.join(out, "ens", "ensemble_member_%d" % k, "sub")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "surrogate_model.model"), "wb") as fh:
            if k % 2 == 0:
                pickle.dump(b, fh, protocol=3)
            else:
                dep = bytes(b.save_raw("deprecated"))
                cfg = b.save_config().encode()
                payload = (b"CONFIG-offset:" + struct.pack("<q", len(dep)) +
                           dep + cfg)
                CfgOffsetPickler(fh, payload, 3).dump(b)
        for cfgname, cfgval in (("data_config.json", {"seed": k}),
                                ("model_config.json", {"model": "xgb"})):
            with open(os.path.join(d, cfgname), "w") as fh:
                json.dump(cfgval, fh)
    P = np.stack([m.predict(dall) for m in members])  # (10, n) float32
    ens = np.array([np.mean([P[k, i:i + 1] for k in range(10)])
                    for i in range(n)], dtype=np.float32)
    ens.tofile(os.path.join(out, "ens.pred"))

    # numpy float32 mean emulation oracle.
    with open(os.path.join(out, "pairwise.bin"), "wb") as fh:
        for m in list(range(1, 40)) + [64, 127, 128, 129, 200, 255, 256, 257, 1000]:
            v = (rng.standard_normal(m) * 10 + 93).astype(np.float32)
            fh.write(struct.pack("<i", m))
            fh.write(v.tobytes())
            fh.write(np.float32(np.mean(v)).tobytes())


if __name__ == "__main__":
    main(sys.argv[1])
