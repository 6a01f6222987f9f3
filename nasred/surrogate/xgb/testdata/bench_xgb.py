#!/usr/bin/python3
"""Train an NB301-like XGBoost model and time Debian's xgboost predicting
with it, for nasred's BenchmarkVersusXGBoost.

    /usr/bin/python3 bench_xgb.py OUTDIR ROUNDS ROWS THREADS

Trains with NB301's XGBoost hyperparameters (max_depth 13, min_child_weight
39, colsample_bytree 0.2545, colsample_bylevel 0.6909, lambda 31.39, alpha
0.2417) but learning rate 0.05 so that ROUNDS trees are all informative, on
2000 rows of 56 NB301-style features. Writes OUTDIR/model.json,
OUTDIR/X.bin (ROWS float32 rows) and OUTDIR/pred.bin, and prints
"xgboost_rows_per_s=R" (best of 3 predict(DMatrix) calls, nthread=THREADS) and
"xgboost_inplace_rows_per_s=R" (best of 3 inplace_predict calls).
"""
import os
import sys
import time

import numpy as np
import xgboost as xgb


def features(rng, n):
    X = np.empty((n, 56), dtype=np.float32)
    X[:, :32] = rng.integers(0, 2, (n, 32)) * 0.5
    X[:, 32:] = rng.integers(-1, 7, (n, 24))
    X[X == -1] = -1
    return X


def main(out, rounds, rows, threads):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    X = features(rng, 2000)
    y = (93 + 0.3 * (X[:, 32:40] == 3).sum(1) - 0.2 * (X[:, 40:48] == 0).sum(1)
         + 0.1 * rng.standard_normal(2000)).astype(np.float32)
    params = {"objective": "reg:squarederror", "max_depth": 13,
              "min_child_weight": 39, "colsample_bytree": 0.2545374925231651,
              "colsample_bylevel": 0.6909224923784677,
              "lambda": 31.393252465064943, "alpha": 0.24167936088332426,
              "learning_rate": 0.05, "seed": 0, "nthread": threads}
    b = xgb.train(params, xgb.DMatrix(X, label=y), rounds)
    b.save_model(os.path.join(out, "model.json"))
    Xq = features(rng, rows)
    Xq.tofile(os.path.join(out, "X.bin"))
    b.set_param({"nthread": threads})
    # A fresh DMatrix per call: xgboost caches the predictions of a
    # DMatrix it has seen.
    best = best_inplace = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        p = b.predict(xgb.DMatrix(Xq, nthread=threads))
        best = min(best, time.perf_counter() - t)
        t = time.perf_counter()
        q = b.inplace_predict(Xq)
        best_inplace = min(best_inplace, time.perf_counter() - t)
    assert (p == q).all()
    p.astype(np.float32).tofile(os.path.join(out, "pred.bin"))
    print("xgboost_rows_per_s=%.0f" % (rows / best))
    print("xgboost_inplace_rows_per_s=%.0f" % (rows / best_inplace))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
