"""Peer for the cache get latency in bench/suites/cache.ts: the Python system's result cache, one
pickle file per key holding (expires_at, value), the TTL checked on read. Measures get latency
(open, read, unpickle, TTL check) of a 1 KB value; prints one JSON line."""
import json
import os
import pickle
import sys
import tempfile
import time


def main():
    args = json.loads(sys.argv[1])
    n_keys, n_gets = args["n_keys"], args["n_gets"]
    value = {"metrics": {"auc": 0.61, "f1": 0.55}, "pad": "x" * (args["value_bytes"] - 60)}
    with tempfile.TemporaryDirectory(dir=args.get("dir")) as d:
        for k in range(n_keys):
            with open(os.path.join(d, f"k{k}.pkl"), "wb") as f:
                pickle.dump((time.time() + 3600, value), f)

        def get(k):
            path = os.path.join(d, f"k{k}.pkl")
            try:
                with open(path, "rb") as f:
                    expires, v = pickle.load(f)
            except FileNotFoundError:
                return None
            return v if expires > time.time() else None

        for k in range(min(n_keys, 1000)):
            get(k)
        lat = []
        for i in range(n_gets):
            k = (i * 7919) % n_keys
            t0 = time.perf_counter_ns()
            v = get(k)
            lat.append(time.perf_counter_ns() - t0)
            assert v is not None
    lat.sort()
    print(json.dumps({"p50_us": lat[len(lat) // 2] / 1000, "p99_us": lat[int(len(lat) * 0.99)] / 1000}))


main()
