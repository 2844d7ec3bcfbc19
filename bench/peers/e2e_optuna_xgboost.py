"""Peer of the e2e bench: what a Python user runs today for the seed workload — an Optuna 4.x TPE
study (seeded) over the Python system's XGBoost search space, n_jobs=2, each trial training
XGBoost hist (one thread each) with early stopping on the validation rows and scoring validation
ROC-AUC. Same feature matrix, labels and train/valid rows as ours (raw files written by the
bench). One study per seed in `seeds` (the TPE seed and XGBoost's random_state), since one study's
best validation AUC on this panel swings by ±0.05 from seed to seed. Prints {"runs": [{"seed",
"ms", "trials", "best"}, …]}."""
import json
import sys
import time

import optuna
import xgboost as xgb
from fold_files import load_fold
from sklearn.metrics import roc_auc_score

args = json.loads(sys.argv[1])
d, rows, cols = args["dir"], args["rows"], args["cols"]
X, y, tr, va = load_fold(d, rows, cols)
optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial, seed):
    p = {
        "n_estimators": trial.suggest_int("n_estimators", 100, 1000, step=50),
        "max_depth": trial.suggest_int("max_depth", 3, 12),
        "learning_rate": trial.suggest_float("learning_rate", 0.01, 0.3, log=True),
        "subsample": trial.suggest_float("subsample", 0.6, 1.0),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.6, 1.0),
        "reg_alpha": trial.suggest_float("reg_alpha", 0, 10),
        "reg_lambda": trial.suggest_float("reg_lambda", 0, 10),
        "min_child_weight": trial.suggest_float("min_child_weight", 1, 10),
        "gamma": trial.suggest_float("gamma", 0, 5),
    }
    m = xgb.XGBClassifier(**p, tree_method="hist", max_bin=255, n_jobs=1, eval_metric="auc", early_stopping_rounds=50, random_state=seed, verbosity=0)
    m.fit(X[tr], y[tr], eval_set=[(X[va], y[va])], verbose=False)
    return roc_auc_score(y[va], m.predict_proba(X[va])[:, 1])


runs = []
for seed in args["seeds"]:
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
    t0 = time.perf_counter()
    study.optimize(lambda t: objective(t, seed), n_trials=args["trials"], n_jobs=2)
    ms = (time.perf_counter() - t0) * 1000
    runs.append({"seed": seed, "ms": ms, "trials": len(study.trials), "best": study.best_value})
print(json.dumps({"runs": runs}))
