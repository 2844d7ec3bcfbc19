"""Reader of the raw fold files written by bench/harness/fold-files.ts: X (rows × cols, from the
column-major f32 data), y, and the train and valid row indices."""
import numpy as np


def load_fold(d, rows, cols):
    X = np.fromfile(f"{d}/data.f32", dtype=np.float32).reshape(cols, rows).T.copy()
    y = np.fromfile(f"{d}/label.f32", dtype=np.float32)
    tr = np.fromfile(f"{d}/train.u32", dtype=np.uint32)
    va = np.fromfile(f"{d}/valid.u32", dtype=np.uint32)
    return X, y, tr, va
