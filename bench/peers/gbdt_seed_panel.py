"""Seed-panel peer of the GBDT bench: XGBoost hist (depth-wise) or LightGBM (leaf-wise) on the
fold files the bench wrote (the e2e bench's matrix, labels and holdout rows), one thread. Train
time and validation ROC-AUC. Prints {"train_ms", "train_cpu_ms", "auc", "trees", "version"}.

Bin edges come from every row of the matrix, as our Dataset's do (bins are built once per
dataset, before any fold): on this small, shifting panel the validation AUC of every library moves
by several hundredths with the rows the edges are drawn from, which would swamp the comparison of
the tree learners. `"bin_rows": "train"` draws them from the train rows instead."""
import json
import sys
import time

import numpy as np
from fold_files import load_fold
from sklearn.metrics import roc_auc_score

args = json.loads(sys.argv[1])
X, y, tr, va = load_fold(args["dir"], args["rows"], args["cols"])
p = args["params"]
lib = args["lib"]
all_rows = args.get("bin_rows", "all") == "all"
if lib == "xgboost":
    import xgboost as xgb

    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "grow_policy": "depthwise",
        "max_depth": p["max_depth"],
        "eta": p["learning_rate"],
        "max_bin": 256,
        "lambda": p.get("reg_lambda", 1.0),
        "min_child_weight": p.get("min_child_weight", 1.0),
        "nthread": args["threads"],
        "seed": 0,
        "verbosity": 0,
    }
    ref = xgb.QuantileDMatrix(X, max_bin=256, nthread=args["threads"]) if all_rows else None
    dtr = xgb.QuantileDMatrix(X[tr], label=y[tr], max_bin=256, nthread=args["threads"], ref=ref)
    c1, t1 = time.process_time(), time.perf_counter()
    booster = xgb.train(params, dtr, num_boost_round=p["n_estimators"])
    c2, t2 = time.process_time(), time.perf_counter()
    pred = booster.predict(xgb.DMatrix(X[va], nthread=args["threads"]))
    version = xgb.__version__
else:
    import lightgbm as lgb

    params = {
        "objective": "binary",
        "num_leaves": p["num_leaves"],
        "max_depth": p.get("max_depth", -1),
        "learning_rate": p["learning_rate"],
        "max_bin": 255,
        "min_data_in_leaf": p.get("min_child_samples", 20),
        "num_threads": args["threads"],
        "seed": 0,
        "deterministic": True,
        "verbose": -1,
    }
    if all_rows:
        # labels outside the folds are NaN; they only ride along while the edges are drawn
        full = lgb.Dataset(X, label=np.nan_to_num(y, nan=0.0), params={"max_bin": 255, "verbose": -1}, free_raw_data=False).construct()
        ds = full.subset(tr.astype(np.int32)).construct()
    else:
        ds = lgb.Dataset(X[tr], label=y[tr], params={"max_bin": 255, "verbose": -1}).construct()
    c1, t1 = time.process_time(), time.perf_counter()
    booster = lgb.train(params, ds, num_boost_round=p["n_estimators"])
    c2, t2 = time.process_time(), time.perf_counter()
    pred = booster.predict(X[va], num_threads=args["threads"])
    version = lgb.__version__
print(json.dumps({"train_ms": (t2 - t1) * 1e3, "train_cpu_ms": (c2 - c1) * 1e3, "auc": float(roc_auc_score(y[va], pred)), "trees": p["n_estimators"], "version": version}))
