#!/usr/bin/python3
"""Time Debian's xgboost predicting float32 rows with a saved model.

    /usr/bin/python3 time_predict.py MODEL X.bin NUM_FEATURE THREADS [PRED_OUT]

Prints "xgboost_rows_per_s=R" (best of 3 predict() calls on a fresh DMatrix,
nthread=THREADS) and "xgboost_inplace_rows_per_s=R" (inplace_predict), and
writes the float32 predictions to PRED_OUT when given.
"""
import sys
import time

import numpy as np
import xgboost as xgb


def main(model, xfile, nf, threads, out=None):
    b = xgb.Booster(model_file=model)
    b.set_param({"nthread": threads})
    X = np.fromfile(xfile, dtype=np.float32).reshape(-1, nf)
    best = best_inplace = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        p = b.predict(xgb.DMatrix(X, nthread=threads))
        best = min(best, time.perf_counter() - t)
        t = time.perf_counter()
        b.inplace_predict(X)
        best_inplace = min(best_inplace, time.perf_counter() - t)
    if out:
        p.astype(np.float32).tofile(out)
    print("xgboost_rows_per_s=%.0f" % (X.shape[0] / best))
    print("xgboost_inplace_rows_per_s=%.0f" % (X.shape[0] / best_inplace))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
         *sys.argv[5:6])
