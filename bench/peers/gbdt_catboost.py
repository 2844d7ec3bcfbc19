"""CatBoost peer of the GBDT bench (symmetric trees): Pool construction, train and predict timed
apart, one thread. Prints {"bin_ms", "train_ms", "predict_ms", "auc", "trees"}."""
import time

from catboost import CatBoostClassifier, Pool

from gbdt_matrix import auc, emit, load

args, xtr, ytr, xte, yte = load()
p = args["params"]
t0 = time.perf_counter()
pool = Pool(xtr, label=ytr)
pool.quantize(border_count=p["border_count"])
t1 = time.perf_counter()
kw = dict(
    iterations=p["iterations"],
    depth=p["depth"],
    learning_rate=p["learning_rate"],
    l2_leaf_reg=p["l2_leaf_reg"],
    bootstrap_type=p["bootstrap_type"],
    rsm=p["colsample_bylevel"],
    thread_count=args["threads"],
    random_seed=args.get("seed", 0),
    verbose=False,
    allow_writing_files=False,
)
if p["bootstrap_type"] == "Bernoulli":
    kw["subsample"] = p["subsample"]
model = CatBoostClassifier(**kw)
c1 = time.process_time()
model.fit(pool)
c2 = time.process_time()
t2 = time.perf_counter()
pred = model.predict_proba(xte)[:, 1]
t3 = time.perf_counter()
emit(bin_ms=(t1 - t0) * 1e3, train_ms=(t2 - t1) * 1e3, train_cpu_ms=(c2 - c1) * 1e3, predict_ms=(t3 - t2) * 1e3, auc=auc(yte, pred), trees=model.tree_count_)
