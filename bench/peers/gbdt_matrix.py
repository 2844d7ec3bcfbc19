"""Shared loader of the GBDT peers: the raw f32 matrix written by bench/jobs/gbdt-matrix.ts
(column-major X.f32, y.f32, meta.json), so every library trains on the same floats as ours."""
import json
import os
import sys

import numpy as np
from sklearn.metrics import roc_auc_score


def load():
    args = json.loads(sys.argv[1])
    meta = json.load(open(os.path.join(args["dir"], "meta.json")))
    rows, cols = meta["rows"], len(meta["columns"])
    x = np.fromfile(os.path.join(args["dir"], "X.f32"), dtype="<f4").reshape(cols, rows).T  # column-major → (rows, cols) view
    y = np.fromfile(os.path.join(args["dir"], "y.f32"), dtype="<f4")
    n = meta["trainEnd"]
    return args, np.asfortranarray(x[:n]), y[:n], np.ascontiguousarray(x[n:]), y[n:]


def auc(y, p):
    return float(roc_auc_score(y, p))


def emit(**kw):
    print(json.dumps(kw))
