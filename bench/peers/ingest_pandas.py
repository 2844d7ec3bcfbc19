"""Peer for the ingest bench: pandas.read_csv on the same gzip files, concatenated, as a Python
user would load them. Prints one JSON line: {"ms", "rows", "max_rss_bytes"}."""
import json
import resource
import sys
import time

import pandas as pd


def peak_rss_bytes():
    # VmHWM: the peak of this process's own address space. ru_maxrss would include the high-water
    # mark Linux carries over from the (large) bench process across fork and exec.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


args = json.loads(sys.argv[1])
t0 = time.perf_counter()
frames = [pd.read_csv(f) for f in args["files"]]
df = pd.concat(frames, ignore_index=True)
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "rows": int(len(df)), "max_rss_bytes": peak_rss_bytes()}))
