"""XGBoost (tree_method hist) peer of the GBDT bench: QuantileDMatrix, train and predict timed
apart, one thread; grow_policy from the args (lossguide with max_leaves, or depthwise).
Prints {"bin_ms", "train_ms", "predict_ms", "auc", "trees"}."""
import time

import xgboost as xgb

from gbdt_matrix import auc, emit, load

args, xtr, ytr, xte, yte = load()
p = args["params"]
params = {
    "objective": "binary:logistic",
    "tree_method": "hist",
    "grow_policy": p["grow_policy"],
    "max_depth": p["max_depth"],
    "max_leaves": p.get("max_leaves", 0),
    "eta": p["learning_rate"],
    "subsample": p["subsample"],
    "colsample_bytree": p["colsample_bytree"],
    "max_bin": p["max_bin"],
    "lambda": p.get("reg_lambda", 1.0),
    "min_child_weight": p.get("min_child_weight", 1.0),
    "nthread": args["threads"],
    "seed": args.get("seed", 0),
    "verbosity": 0,
}
t0 = time.perf_counter()
dtr = xgb.QuantileDMatrix(xtr, label=ytr, max_bin=p["max_bin"], nthread=args["threads"])
t1 = time.perf_counter()
c1 = time.process_time()
booster = xgb.train(params, dtr, num_boost_round=p["n_estimators"])
c2 = time.process_time()
t2 = time.perf_counter()
pred = booster.predict(xgb.DMatrix(xte, nthread=args["threads"]))
t3 = time.perf_counter()
emit(bin_ms=(t1 - t0) * 1e3, train_ms=(t2 - t1) * 1e3, train_cpu_ms=(c2 - c1) * 1e3, predict_ms=(t3 - t2) * 1e3, auc=auc(yte, pred), trees=p["n_estimators"], version=xgb.__version__)
