/**
 * Watches this process's memory: RSS, V8 heap, array buffers (SharedArrayBuffers included),
 * external memory and the container's cgroup limit. Emits `memory-alert` past
 * `alertThreshold` × the effective limit, keeps a bounded history, and — only when `global.gc` is
 * exposed (`node --expose-gc`) — collects between trials above `gcThresholdMb`, recording what
 * each collection freed. It never prints.
 */
import { readFileSync } from 'node:fs';
import { MemoryError } from '../errors.js';
import { MEMORY_PRESETS, type MemorySettings } from './memory-presets.js';

const MiB = 1024 * 1024;

export interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  arrayBuffers: number;
  external: number;
  /** The cgroup's memory limit in bytes, or null when unlimited or not in a cgroup. */
  cgroupLimit: number | null;
  /** The cgroup's current usage in bytes, or null. */
  cgroupUsage: number | null;
}

export interface GcRecord {
  at: number;
  rssBefore: number;
  rssAfter: number;
  heapBefore: number;
  heapAfter: number;
  /** Heap bytes the collection freed (heapBefore − heapAfter, ≥ 0). */
  freed: number;
}

/** Fired on the monitor when a sample passes the alert threshold. */
export class MemoryAlertEvent extends Event {
  constructor(
    readonly sample: MemorySample,
    /** The limit the threshold applies to: min(limitMb, cgroup limit), bytes. */
    readonly limitBytes: number,
    /** rss / limitBytes. */
    readonly fraction: number,
  ) {
    super('memory-alert');
  }
}

export interface MemoryMonitorOptions extends Partial<MemorySettings> {
  /** Samples kept (oldest dropped first; default 1000). */
  historySize?: number;
  /** cgroup filesystem root (default /sys/fs/cgroup); tests point it elsewhere. */
  cgroupRoot?: string;
}

function readNumber(path: string): number | null | undefined {
  try {
    const s = readFileSync(path, 'utf8').trim();
    if (s === 'max') return null;
    const n = Number(s);
    // cgroup v1 reports "unlimited" as a huge page-aligned number.
    return Number.isFinite(n) && n < 2 ** 60 ? n : null;
  } catch {
    return undefined;
  }
}

/** The cgroup (v2, else v1) memory limit and usage in bytes; null when unlimited or unknown. */
export function cgroupMemory(root = '/sys/fs/cgroup'): { limit: number | null; usage: number | null } {
  const v2 = readNumber(`${root}/memory.max`);
  if (v2 !== undefined) return { limit: v2, usage: readNumber(`${root}/memory.current`) ?? null };
  const v1 = readNumber(`${root}/memory/memory.limit_in_bytes`);
  return { limit: v1 ?? null, usage: readNumber(`${root}/memory/memory.usage_in_bytes`) ?? null };
}

export class MemoryMonitor extends EventTarget {
  readonly settings: MemorySettings;
  private readonly historySize: number;
  private readonly cgroupRoot: string;
  private readonly samples: MemorySample[] = [];
  private readonly gcs: GcRecord[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: MemoryMonitorOptions = {}) {
    super();
    const { historySize = 1000, cgroupRoot = '/sys/fs/cgroup', ...rest } = options;
    this.settings = { ...MEMORY_PRESETS.default, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    const s = this.settings;
    if (!(s.limitMb > 0) || !(s.gcThresholdMb > 0) || !(s.alertThreshold > 0 && s.alertThreshold <= 1) || !(s.monitorIntervalMs >= 10)) {
      throw new MemoryError('ERR_MEMORY_OPTION', `memory settings need limitMb > 0, gcThresholdMb > 0, alertThreshold in (0, 1], monitorIntervalMs ≥ 10; got ${JSON.stringify(s)}`);
    }
    if (!Number.isInteger(historySize) || historySize < 1) throw new MemoryError('ERR_MEMORY_OPTION', `historySize must be an integer ≥ 1, got ${historySize}`);
    this.historySize = historySize;
    this.cgroupRoot = cgroupRoot;
  }

  /** Take one sample now (kept in the history; may fire `memory-alert`). */
  sample(): MemorySample {
    const m = process.memoryUsage();
    const cg = cgroupMemory(this.cgroupRoot);
    const s: MemorySample = { at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, arrayBuffers: m.arrayBuffers, external: m.external, cgroupLimit: cg.limit, cgroupUsage: cg.usage };
    this.samples.push(s);
    if (this.samples.length > this.historySize) this.samples.splice(0, this.samples.length - this.historySize);
    const limit = this.limitBytes(s);
    const fraction = s.rss / limit;
    if (fraction >= this.settings.alertThreshold) this.dispatchEvent(new MemoryAlertEvent(s, limit, fraction));
    return s;
  }

  /** min(limitMb, cgroup limit) in bytes for a sample. */
  limitBytes(s: MemorySample = this.sample()): number {
    const own = this.settings.limitMb * MiB;
    return s.cgroupLimit !== null ? Math.min(own, s.cgroupLimit) : own;
  }

  /** Sample every `monitorIntervalMs` until `stop()` (the timer never keeps the process alive). */
  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => this.sample(), this.settings.monitorIntervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Samples so far, oldest first. */
  get history(): readonly MemorySample[] {
    return this.samples;
  }

  /** Collections made by `betweenTrials`. */
  get gcHistory(): readonly GcRecord[] {
    return this.gcs;
  }

  /** Whether garbage can be collected on demand (node --expose-gc). */
  get canCollect(): boolean {
    return typeof (globalThis as { gc?: unknown }).gc === 'function';
  }

  /**
   * Call between trials: when RSS is above `gcThresholdMb` and `global.gc` exists, collect and
   * return what was freed; otherwise null (nothing is done).
   */
  betweenTrials(): GcRecord | null {
    const before = this.sample();
    if (before.rss < this.settings.gcThresholdMb * MiB || !this.canCollect) return null;
    (globalThis as unknown as { gc: () => void }).gc();
    const after = process.memoryUsage();
    const rec: GcRecord = { at: Date.now(), rssBefore: before.rss, rssAfter: after.rss, heapBefore: before.heapUsed, heapAfter: after.heapUsed, freed: Math.max(0, before.heapUsed - after.heapUsed) };
    this.gcs.push(rec);
    return rec;
  }
}
