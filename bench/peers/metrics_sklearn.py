"""Peer for the metrics bench: scikit-learn on the same arrays (raw little-endian float32 files
written by bench/suites/metrics.ts). Prints one JSON line.
  task=auc:      roc_auc_score(y, score), median ms over reps, and the value.
  task=logistic: StandardScaler fitted on the train rows + LogisticRegression(lbfgs) fit,
                 median ms, coefficients and the holdout ROC-AUC."""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

args = json.loads(sys.argv[1])
reps = int(args.get("reps", 3))

if args["task"] == "auc":
    y = np.fromfile(args["y"], dtype=np.float32)
    s = np.fromfile(args["score"], dtype=np.float32)
    times, auc = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        auc = roc_auc_score(y, s)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"ms": float(np.median(times)), "auc": float(auc)}))
else:
    n, p, n_train = args["rows"], args["cols"], args["trainRows"]
    X = np.fromfile(args["data"], dtype=np.float32).reshape(p, n).T  # column-major on disk
    y = np.fromfile(args["y"], dtype=np.float32)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        scaler = StandardScaler().fit(X[:n_train])
        est = LogisticRegression(C=args["C"], solver="lbfgs", max_iter=1000, tol=args["tol"])
        est.fit(scaler.transform(X[:n_train]), y[:n_train])
        times.append((time.perf_counter() - t0) * 1000)
    auc = roc_auc_score(y[n_train:], est.predict_proba(scaler.transform(X[n_train:]))[:, 1])
    print(json.dumps({"ms": float(np.median(times)), "coef": est.coef_.ravel().tolist(), "intercept": float(est.intercept_[0]),
                      "auc": float(auc), "iterations": int(est.n_iter_[0])}))
