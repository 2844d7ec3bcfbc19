"""Peer of the parallel bench: the same GBDT trials (same matrix, folds and params) as enqueued
trials of an Optuna study run with n_jobs=2, each trial training XGBoost (hist, one thread) and
scoring validation log loss. The DMatrix objects are built once, before the clock, as our
Dataset is. Prints {"ms", "trials", "values"}."""
import json
import sys
import time

import optuna
import xgboost as xgb
from fold_files import load_fold

args = json.loads(sys.argv[1])
d, rows, cols = args["dir"], args["rows"], args["cols"]
X, y, tr, va = load_fold(d, rows, cols)
dtr = xgb.QuantileDMatrix(X[tr], label=y[tr], max_bin=255, nthread=1)
dva = xgb.QuantileDMatrix(X[va], label=y[va], ref=dtr, max_bin=255, nthread=1)
optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    p = {
        "max_depth": trial.suggest_int("max_depth", 1, 16),
        "learning_rate": trial.suggest_float("learning_rate", 1e-4, 1.0),
        "subsample": trial.suggest_float("subsample", 0.1, 1.0),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.1, 1.0),
        "seed": trial.suggest_int("seed", 0, 1 << 20),
    }
    res = {}
    xgb.train(
        {"objective": "binary:logistic", "tree_method": "hist", "max_bin": 255, "max_depth": p["max_depth"], "eta": p["learning_rate"],
         "subsample": p["subsample"], "colsample_bytree": p["colsample_bytree"], "seed": p["seed"], "nthread": 1, "eval_metric": "logloss", "verbosity": 0},
        dtr, num_boost_round=args["rounds"], evals=[(dva, "valid")], evals_result=res, verbose_eval=False,
    )
    return res["valid"]["logloss"][-1]


def run(trials, n_jobs):
    study = optuna.create_study(direction="minimize")
    for p in trials:
        study.enqueue_trial(p)
    t0 = time.perf_counter()
    study.optimize(objective, n_trials=len(trials), n_jobs=n_jobs)
    return (time.perf_counter() - t0) * 1000, [t.value for t in study.trials]


run(args["trials"][: args["jobs"]], args["jobs"])  # warm-up
ms, values = run(args["trials"], args["jobs"])
print(json.dumps({"ms": ms, "trials": len(args["trials"]), "values": values}))
