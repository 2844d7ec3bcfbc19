"""Peer for the features bench: the 24-column intraday set written the way a pandas user writes
it (pct_change, rolling, ewm), over the same BTC files. Loading is not timed. Prints one JSON
line: {"ms", "rows", "columns", "max_rss_bytes"}."""
import json
import sys
import time

import gzip

import numpy as np
import pandas as pd

from peak_rss import peak_rss_bytes


def has_header(path):
    with gzip.open(path, "rt") as fh:
        return not fh.readline()[:1].isdigit()


args = json.loads(sys.argv[1])
frames = [pd.read_csv(f, header=0 if has_header(f) else None, usecols=[0, 1, 2, 3, 4, 5]) for f in args["files"]]
for f in frames:
    f.columns = range(6)
df = pd.concat(frames, ignore_index=True)
df.columns = ["time", "open", "high", "low", "close", "volume"]


def features(df):
    c, h, l, v = df["close"], df["high"], df["low"], df["volume"]
    out = pd.DataFrame(index=df.index)
    for k in (1, 5, 15, 60, 240):
        out[f"ret_{k}"] = c.pct_change(k)
    r = c.pct_change()
    for n in (15, 60, 240):
        out[f"volatility_{n}"] = r.rolling(n).std()
    for n in (20, 50, 200):
        out[f"close_sma_{n}_ratio"] = c / c.rolling(n).mean()
    d = c.diff()
    gain = d.clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
    loss = (-d.clip(upper=0)).ewm(alpha=1 / 14, adjust=False).mean()
    out["rsi_14"] = 100 - 100 / (1 + gain / loss)
    macd = c.ewm(span=12, adjust=False).mean() - c.ewm(span=26, adjust=False).mean()
    sig = macd.ewm(span=9, adjust=False).mean()
    out["macd"], out["macd_signal"], out["macd_hist"] = macd, sig, macd - sig
    mid, sd = c.rolling(20).mean(), c.rolling(20).std(ddof=0)
    out["bb_position"] = (c - (mid - 2 * sd)) / (4 * sd)
    out["bb_width"] = 4 * sd / mid
    tr = pd.concat([h - l, (h - c.shift()).abs(), (l - c.shift()).abs()], axis=1).max(axis=1)
    out["atr_14"] = tr.ewm(alpha=1 / 14, adjust=False).mean()
    hh, ll = h.rolling(14).max(), l.rolling(14).min()
    k = 100 * (c - ll) / (hh - ll)
    out["stoch_k"], out["stoch_d"] = k, k.rolling(3).mean()
    out["williams_r"] = -100 * (hh - c) / (hh - ll)
    out["obv"] = (np.sign(d).fillna(0) * v).cumsum()
    tp = (h + l + c) / 3
    out["vwap_20"] = (tp * v).rolling(20).sum() / v.rolling(20).sum()
    out["volume_ratio_30"] = v / v.rolling(30).mean()
    return out.astype("float32")


best = None
for _ in range(args.get("reps", 1)):
    t0 = time.perf_counter()
    out = features(df)
    ms = (time.perf_counter() - t0) * 1000
    best = ms if best is None else min(best, ms)
print(json.dumps({"ms": best, "rows": int(len(out)), "columns": int(out.shape[1]), "max_rss_bytes": peak_rss_bytes()}))
