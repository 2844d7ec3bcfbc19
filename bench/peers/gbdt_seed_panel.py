"""Seed-panel peer of the GBDT bench: XGBoost hist (depth-wise) or LightGBM (leaf-wise) on the
fold files the bench wrote (the e2e bench's matrix, labels and holdout rows), one thread.

One timed run with `params` (seed 0), then, when `seeds` is given, one run per seed with
`sampled` (the same hyperparameters plus row/column subsampling): the validation set holds only
a few dozen positives, so a single model's AUC moves by several hundredths with any perturbation
(bin edges, a float-rounding tie), and parity is judged on the seed mean. Prints {"train_ms",
"train_cpu_ms", "auc", "trees", "version", "seed_aucs"}.

Bin edges come from every row of the matrix, as our Dataset's do (bins are built once per
dataset, before any fold). `"bin_rows": "train"` draws them from the train rows instead.
`"has_nan"` (one 0/1 per column) says the features are our bin indices (identical bins, see
bench/jobs/gbdt-seed-panel.ts seedPanelBinFolds)."""
import json
import sys
import time

import numpy as np
from fold_files import load_fold
from sklearn.metrics import roc_auc_score

args = json.loads(sys.argv[1])
X, y, tr, va = load_fold(args["dir"], args["rows"], args["cols"])
lib = args["lib"]
threads = args["threads"]
all_rows = args.get("bin_rows", "all") == "all"
# On identical bins the features are our bin indices (NaN bin as NaN): each distinct value must keep
# its own bin, so no bin may be merged for holding few rows, and LightGBM's max_bin counts the NaN bin.
has_nan = args.get("has_nan")
lgb_bins = {"max_bin": 255, "verbose": -1}
if has_nan is not None:
    lgb_bins.update({"max_bin_by_feature": [255 + n for n in has_nan], "min_data_in_bin": 1})

if lib == "xgboost":
    import xgboost as xgb

    version = xgb.__version__
    ref = xgb.QuantileDMatrix(X, max_bin=256, nthread=threads) if all_rows else None
    dtr = xgb.QuantileDMatrix(X[tr], label=y[tr], max_bin=256, nthread=threads, ref=ref)
    dva = xgb.DMatrix(X[va], nthread=threads)

    def fit(p, seed):
        params = {
            "objective": "binary:logistic",
            "tree_method": "hist",
            "grow_policy": "depthwise",
            "max_depth": p["max_depth"],
            "eta": p["learning_rate"],
            "max_bin": 256,
            "lambda": p.get("reg_lambda", 1.0),
            "min_child_weight": p.get("min_child_weight", 1.0),
            "subsample": p.get("subsample", 1.0),
            "colsample_bytree": p.get("colsample_bytree", 1.0),
            "nthread": threads,
            "seed": seed,
            "verbosity": 0,
        }
        c1, t1 = time.process_time(), time.perf_counter()
        booster = xgb.train(params, dtr, num_boost_round=p["n_estimators"])
        c2, t2 = time.process_time(), time.perf_counter()
        return t2 - t1, c2 - c1, booster.predict(dva)
else:
    import lightgbm as lgb

    version = lgb.__version__
    if all_rows:
        # labels outside the folds are NaN; they only ride along while the edges are drawn
        full = lgb.Dataset(X, label=np.nan_to_num(y, nan=0.0), params=lgb_bins, free_raw_data=False).construct()
        ds = full.subset(tr.astype(np.int32)).construct()
    else:
        ds = lgb.Dataset(X[tr], label=y[tr], params=lgb_bins).construct()

    def fit(p, seed):
        subsample = p.get("subsample", 1.0)
        params = {
            "objective": "binary",
            "num_leaves": p["num_leaves"],
            "max_depth": p.get("max_depth", -1),
            "learning_rate": p["learning_rate"],
            "max_bin": 255,
            "min_data_in_leaf": p.get("min_child_samples", 20),
            # LightGBM ignores bagging_fraction unless bagging_freq > 0; ours bags every tree
            "bagging_fraction": subsample,
            "bagging_freq": 1 if subsample < 1 else 0,
            "feature_fraction": p.get("colsample_bytree", 1.0),
            "num_threads": threads,
            "seed": seed,
            "deterministic": True,
            "verbose": -1,
        }
        c1, t1 = time.process_time(), time.perf_counter()
        booster = lgb.train(params, ds, num_boost_round=p["n_estimators"])
        c2, t2 = time.process_time(), time.perf_counter()
        return t2 - t1, c2 - c1, booster.predict(X[va], num_threads=threads)


wall, cpu, pred = fit(args["params"], 0)
seed_aucs = [float(roc_auc_score(y[va], fit(args["sampled"], s)[2])) for s in args.get("seeds", [])]
print(json.dumps({"train_ms": wall * 1e3, "train_cpu_ms": cpu * 1e3, "auc": float(roc_auc_score(y[va], pred)), "trees": args["params"]["n_estimators"], "version": version, "seed_aucs": seed_aucs}))
