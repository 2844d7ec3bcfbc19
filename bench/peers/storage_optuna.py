"""Optuna peer for bench/suites/cache.ts and storage.ts: trial write throughput of Optuna's
RDBStorage on SQLite, JournalStorage on a file, and (when `postgres_url` is given) RDBStorage on a
PostgreSQL server through psycopg2, with the same storage calls per trial as our stores' cases
(create trial, N params, M intermediate values, one user attr, COMPLETE); prints one JSON line.
`backends` picks which to run (default sqlite and journal)."""
import json
import os
import sys
import tempfile
import time
import warnings

import optuna
from optuna.distributions import FloatDistribution
from optuna.storages import JournalStorage, RDBStorage
from optuna.storages.journal import JournalFileBackend
from optuna.study import StudyDirection
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")


def write_trials(storage, n_trials, n_params, n_steps):
    study_id = storage.create_new_study([StudyDirection.MINIMIZE], "bench")
    dist = FloatDistribution(0.0, 1.0)
    t0 = time.perf_counter()
    for i in range(n_trials):
        trial_id = storage.create_new_trial(study_id)
        for p in range(n_params):
            storage.set_trial_param(trial_id, f"p{p}", (i * 7 + p) % 100 / 100.0, dist)
        for s in range(n_steps):
            storage.set_trial_intermediate_value(trial_id, s, 1.0 / (s + 1))
        storage.set_trial_user_attr(trial_id, "fold_scores", [0.5, 0.6, 0.7])
        storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [float(i)])
    ms = (time.perf_counter() - t0) * 1000
    assert len(storage.get_all_trials(study_id)) == n_trials
    return ms


def main():
    args = json.loads(sys.argv[1])
    out = {"optuna": optuna.__version__}
    backends = args.get("backends", ["sqlite", "journal"])
    shape = (args["n_trials"], args["n_params"], args["n_steps"])
    with tempfile.TemporaryDirectory(dir=args.get("dir")) as d:
        if "sqlite" in backends:
            out["sqlite_ms"] = write_trials(RDBStorage(f"sqlite:///{os.path.join(d, 'optuna.db')}"), *shape)
        if "journal" in backends:
            out["journal_ms"] = write_trials(JournalStorage(JournalFileBackend(os.path.join(d, "journal.log"))), *shape)
        if "postgres" in backends:
            url = args["postgres_url"].replace("postgres://", "postgresql+psycopg2://", 1)
            out["postgres_ms"] = write_trials(RDBStorage(url), *shape)
    print(json.dumps(out))


main()
