"""LightGBM peer of the GBDT bench: binning (Dataset.construct), train and predict timed apart,
one thread. Prints {"bin_ms", "train_ms", "predict_ms", "auc", "trees"}."""
import time

import lightgbm as lgb

from gbdt_matrix import auc, emit, load

args, xtr, ytr, xte, yte = load()
p = args["params"]
params = {
    "objective": "binary",
    "num_leaves": p["num_leaves"],
    "learning_rate": p["learning_rate"],
    "bagging_fraction": p["subsample"],
    "bagging_freq": 1 if p["subsample"] < 1 else 0,
    "feature_fraction": p["colsample_bytree"],
    "max_bin": p["max_bin"],
    "min_data_in_leaf": p.get("min_child_samples", 20),
    "lambda_l2": p.get("reg_lambda", 0.0),
    "num_threads": args["threads"],
    "seed": args.get("seed", 0),
    "deterministic": True,
    "force_col_wise": p.get("force_col_wise", False),
    "verbose": -1,
}
if not params["force_col_wise"]:
    del params["force_col_wise"]
t0 = time.perf_counter()
ds = lgb.Dataset(xtr, label=ytr, params={"max_bin": p["max_bin"], "verbose": -1}, free_raw_data=False).construct()
t1 = time.perf_counter()
c1 = time.process_time()
booster = lgb.train(params, ds, num_boost_round=p["n_estimators"])
c2 = time.process_time()
t2 = time.perf_counter()
pred = booster.predict(xte, num_threads=args["threads"])
t3 = time.perf_counter()
emit(bin_ms=(t1 - t0) * 1e3, train_ms=(t2 - t1) * 1e3, train_cpu_ms=(c2 - c1) * 1e3, predict_ms=(t3 - t2) * 1e3, auc=auc(yte, pred), trees=booster.num_trees(), version=lgb.__version__)
