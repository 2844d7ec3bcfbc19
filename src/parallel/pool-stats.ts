/**
 * Counters and timings behind `WorkerPool.stats()` — the successor of the Python system's
 * `get_stats()`: what ran, where, how long it waited and ran, and how busy the workers were.
 */

/** Summary of a set of durations in ms: count, mean, min/max, percentiles, log2 buckets. */
export interface TimeHistogram {
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
  /** `buckets[k]` counts durations in [2^(k-1), 2^k) ms (k = 0: under 1 ms). */
  buckets: number[];
}

export interface PoolStats {
  type: 'thread' | 'process';
  workers: number;
  /** Tasks running now. */
  running: number;
  /** Tasks waiting for a worker now. */
  queued: number;
  /** Tasks finished (any outcome) — one per `run`, however many attempts it took. */
  totalTrials: number;
  completed: number;
  pruned: number;
  /** Tasks whose final attempt failed. */
  failures: number;
  /** Extra attempts made after a failed one. */
  retries: number;
  /** Attempts that ended because their timeout fired. */
  timeouts: number;
  /** Attempts that ended because their worker died (crash, out of memory). */
  crashes: number;
  trialsPerSecond: number;
  runTime: TimeHistogram;
  waitTime: TimeHistogram;
  /** Busy time of all workers over (workers × lifetime), 0..1. */
  utilisation: number;
  /** Attempts per worker id. */
  perWorker: Record<string, number>;
  /** Milliseconds since the pool was created. */
  uptimeMs: number;
}

export function histogram(values: readonly number[]): TimeHistogram {
  if (values.length === 0) return { count: 0, mean: 0, min: 0, max: 0, p50: 0, p90: 0, p99: 0, buckets: [] };
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const buckets: number[] = [];
  for (const v of s) {
    const k = v < 1 ? 0 : Math.floor(Math.log2(v)) + 1;
    while (buckets.length <= k) buckets.push(0);
    buckets[k]!++;
  }
  return { count: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, min: s[0]!, max: s[s.length - 1]!, p50: q(0.5), p90: q(0.9), p99: q(0.99), buckets };
}

/** Mutable tallies a pool keeps; `snapshot` turns them into PoolStats. */
export class PoolStatsRecorder {
  private readonly created = Date.now();
  private readonly runs: number[] = [];
  private readonly waits: number[] = [];
  readonly perWorker: Record<string, number> = {};
  running = 0;
  queued = 0;
  completed = 0;
  pruned = 0;
  failures = 0;
  retries = 0;
  timeouts = 0;
  crashes = 0;

  attemptStarted(worker: string, waitMs: number): void {
    this.queued = Math.max(0, this.queued - 1);
    this.running++;
    this.perWorker[worker] = (this.perWorker[worker] ?? 0) + 1;
    this.waits.push(waitMs);
  }

  attemptEnded(runMs: number, wasRunning: boolean): void {
    if (wasRunning) {
      this.running = Math.max(0, this.running - 1);
      this.runs.push(runMs);
    } else {
      this.queued = Math.max(0, this.queued - 1);
    }
  }

  snapshot(type: 'thread' | 'process', workers: number): PoolStats {
    const uptimeMs = Date.now() - this.created;
    const total = this.completed + this.pruned + this.failures;
    const busy = this.runs.reduce((a, b) => a + b, 0);
    return {
      type,
      workers,
      running: this.running,
      queued: this.queued,
      totalTrials: total,
      completed: this.completed,
      pruned: this.pruned,
      failures: this.failures,
      retries: this.retries,
      timeouts: this.timeouts,
      crashes: this.crashes,
      trialsPerSecond: uptimeMs > 0 ? total / (uptimeMs / 1000) : 0,
      runTime: histogram(this.runs),
      waitTime: histogram(this.waits),
      utilisation: uptimeMs > 0 && workers > 0 ? Math.min(1, busy / (workers * uptimeMs)) : 0,
      perWorker: { ...this.perWorker },
      uptimeMs,
    };
  }
}
