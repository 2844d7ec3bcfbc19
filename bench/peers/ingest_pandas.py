"""Peer for the ingest bench: pandas.read_csv on the same gzip files, concatenated, as a Python
user would load them. Prints one JSON line: {"ms", "rows", "max_rss_bytes"}."""
import json
import sys
import time

import pandas as pd

from peak_rss import peak_rss_bytes

args = json.loads(sys.argv[1])
t0 = time.perf_counter()
frames = [pd.read_csv(f) for f in args["files"]]
df = pd.concat(frames, ignore_index=True)
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "rows": int(len(df)), "max_rss_bytes": peak_rss_bytes()}))
