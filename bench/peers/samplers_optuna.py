"""Optuna peer for bench/suites/samplers.ts: the same objectives (bench/jobs/test-functions.ts),
run with Optuna's samplers in this process; prints one JSON line."""
import json
import math
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")

HART_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HART_P = [[v * 1e-4 for v in r] for r in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]
HART_ALPHA = [1.0, 1.2, 3.0, 3.2]


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    s = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - s) * math.cos(x1) + 10


def hartmann6(t):
    x = [t.suggest_float(f"x{j}", 0, 1) for j in range(6)]
    f = 0.0
    for i in range(4):
        inner = sum(HART_A[i][j] * (x[j] - HART_P[i][j]) ** 2 for j in range(6))
        f -= HART_ALPHA[i] * math.exp(-inner)
    return f


def sphere10(t):
    return sum(t.suggest_float(f"x{j}", -5, 5) ** 2 for j in range(10))


def rosenbrock4(t):
    x = [t.suggest_float(f"x{j}", -2.048, 2.048) for j in range(4)]
    return sum(100 * (x[j + 1] - x[j] ** 2) ** 2 + (1 - x[j]) ** 2 for j in range(3))


def mixed9(t):
    lr = t.suggest_float("lr", 1e-4, 1, log=True)
    depth = t.suggest_int("depth", 2, 12)
    n = t.suggest_int("n_estimators", 50, 1000, step=50)
    sub = t.suggest_float("subsample", 0.5, 1)
    col = t.suggest_float("colsample", 0.5, 1)
    mcw = t.suggest_int("min_child_weight", 1, 100, log=True)
    alpha = t.suggest_float("alpha", 1e-8, 10, log=True)
    lam = t.suggest_float("lambda", 1e-8, 10, log=True)
    booster = t.suggest_categorical("booster", ["gbtree", "dart", "gblinear"])
    return (
        (math.log10(lr) + 1.5) ** 2
        + 0.05 * (depth - 7) ** 2
        + ((n - 600) / 400) ** 2
        + 4 * (sub - 0.8) ** 2
        + 4 * (col - 0.7) ** 2
        + 0.3 * (math.log10(mcw) - 1) ** 2
        + 0.02 * (math.log10(alpha) + 3) ** 2
        + 0.02 * math.log10(lam) ** 2
        + (0 if booster == "gbtree" else 0.3 if booster == "dart" else 1)
    )


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "sphere10": sphere10, "rosenbrock4": rosenbrock4, "mixed9": mixed9}


def make_sampler(kind, seed):
    if kind == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if kind == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if kind == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(kind)


def quality(args):
    fn = FUNCTIONS[args["function"]]
    checkpoints = args["checkpoints"]
    out = []
    t0 = time.perf_counter()
    for seed in args["seeds"]:
        study = optuna.create_study(sampler=make_sampler(args["sampler"], seed))
        study.optimize(fn, n_trials=max(checkpoints))
        values = [t.value for t in study.trials]
        out.append([min(values[:c]) for c in checkpoints])
    return {"best": out, "seconds": time.perf_counter() - t0}


def space():
    D = optuna.distributions
    return {
        "lr": D.FloatDistribution(1e-4, 1, log=True),
        "depth": D.IntDistribution(2, 12),
        "n_estimators": D.IntDistribution(50, 1000, step=50),
        "subsample": D.FloatDistribution(0.5, 1),
        "colsample": D.FloatDistribution(0.5, 1),
        "min_child_weight": D.IntDistribution(1, 100, log=True),
        "alpha": D.FloatDistribution(1e-8, 10, log=True),
        "lambda": D.FloatDistribution(1e-8, 10, log=True),
        "booster": D.CategoricalDistribution(["gbtree", "dart", "gblinear"]),
    }


def overhead(args):
    import random

    rnd = random.Random(5)
    dists = space()
    trials = []
    for _ in range(args["n"]):
        params = {}
        for k, d in dists.items():
            if isinstance(d, optuna.distributions.CategoricalDistribution):
                params[k] = rnd.choice(d.choices)
            elif isinstance(d, optuna.distributions.IntDistribution):
                params[k] = rnd.randrange(d.low, d.high + 1, d.step) if not d.log else int(round(math.exp(rnd.uniform(math.log(d.low), math.log(d.high)))))
            elif d.log:
                params[k] = math.exp(rnd.uniform(math.log(d.low), math.log(d.high)))
            else:
                params[k] = rnd.uniform(d.low, d.high)
        trials.append(optuna.trial.create_trial(params=params, distributions=dists, value=rnd.random()))
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=3))
    study.add_trials(trials)
    ms = []
    for _ in range(args["repeats"]):
        t0 = time.perf_counter()
        trial = study.ask(dists)
        ms.append((time.perf_counter() - t0) * 1000)
        study.tell(trial, rnd.random())
    return {"ms": ms}


def main():
    args = json.loads(sys.argv[1])
    result = quality(args) if args["mode"] == "quality" else overhead(args)
    result["version"] = optuna.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
