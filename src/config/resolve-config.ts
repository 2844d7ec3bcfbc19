/**
 * Run configuration: explicit options first, then `CRYPTOTUNE_*` environment variables, then
 * defaults. Every value is checked; a bad one is a ConfigError naming the setting, where it came
 * from and what is allowed.
 */
import { availableParallelism } from 'node:os';
import { ConfigError } from '../errors.js';
import { MEMORY_PRESETS, type MemoryPresetName, type MemorySettings } from '../memory/memory-presets.js';

export interface CryptotuneConfig {
  workers: number;
  workerType: 'thread' | 'process';
  /** Per-trial timeout, ms; 0 = none. */
  timeoutMs: number;
  maxRetries: number;
  cacheTtlHours: number;
  memoryPreset: MemoryPresetName;
  memory: MemorySettings;
}

export interface ConfigOptions {
  workers?: number;
  workerType?: 'thread' | 'process';
  timeoutMs?: number;
  maxRetries?: number;
  cacheTtlHours?: number;
  memoryPreset?: MemoryPresetName;
  memory?: Partial<MemorySettings>;
}

/** Environment variable → setting. */
export const CONFIG_ENV = {
  workers: 'CRYPTOTUNE_WORKERS',
  workerType: 'CRYPTOTUNE_WORKER_TYPE',
  timeoutMs: 'CRYPTOTUNE_TIMEOUT',
  maxRetries: 'CRYPTOTUNE_MAX_RETRIES',
  cacheTtlHours: 'CRYPTOTUNE_CACHE_TTL_HOURS',
  memoryPreset: 'CRYPTOTUNE_MEMORY_PRESET',
  limitMb: 'CRYPTOTUNE_MEMORY_LIMIT_MB',
  gcThresholdMb: 'CRYPTOTUNE_GC_THRESHOLD_MB',
  chunkSizeMb: 'CRYPTOTUNE_CHUNK_SIZE_MB',
  alertThreshold: 'CRYPTOTUNE_ALERT_THRESHOLD',
  monitorIntervalMs: 'CRYPTOTUNE_MONITOR_INTERVAL',
} as const;

type Source = { from: 'option' | 'environment'; name: string };

function bad(code: string, src: Source, value: unknown, want: string): ConfigError {
  const where = src.from === 'option' ? `option ${src.name}` : `environment variable ${src.name}`;
  return new ConfigError(code, `${where} must be ${want}, got ${JSON.stringify(value)}`, { setting: src.name, source: src.from, value: String(value) });
}

/** A number from an option (number) or the environment (text); undefined when absent or empty. */
function pick(opt: unknown, env: NodeJS.ProcessEnv, optName: string, envName: string): { raw: unknown; src: Source } | undefined {
  if (opt !== undefined) return { raw: opt, src: { from: 'option', name: optName } };
  const e = env[envName];
  if (e !== undefined && e.trim() !== '') return { raw: e.trim(), src: { from: 'environment', name: envName } };
  return undefined;
}

function num(p: { raw: unknown; src: Source }, code: string, want: string, ok: (n: number) => boolean): number {
  const n = typeof p.raw === 'number' ? p.raw : typeof p.raw === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(p.raw) ? Number(p.raw) : NaN;
  if (!Number.isFinite(n) || !ok(n)) throw bad(code, p.src, p.raw, want);
  return n;
}

/** Timeouts in the environment are seconds unless suffixed: "300", "90s", "1500ms", "2m". */
function duration(p: { raw: unknown; src: Source }): number {
  if (typeof p.raw === 'number') return num(p, 'ERR_CONFIG_TIMEOUT', 'a number of ms ≥ 0', (n) => n >= 0);
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(String(p.raw));
  if (!m) throw bad('ERR_CONFIG_TIMEOUT', p.src, p.raw, 'a duration ≥ 0 such as 300 (seconds), 90s, 1500ms, 2m or 1h');
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * scale);
}

/** Resolve options → environment → defaults. Throws ConfigError (ERR_CONFIG_*) on a bad value. */
export function resolveConfig(options: ConfigOptions = {}, env: NodeJS.ProcessEnv = process.env): CryptotuneConfig {
  const int = (n: number): boolean => Number.isInteger(n);
  const w = pick(options.workers, env, 'workers', CONFIG_ENV.workers);
  const workers = w ? num(w, 'ERR_CONFIG_WORKERS', 'an integer ≥ 1', (n) => int(n) && n >= 1) : Math.max(1, availableParallelism());

  const t = pick(options.workerType, env, 'workerType', CONFIG_ENV.workerType);
  const workerType = t ? String(t.raw) : 'thread';
  if (workerType !== 'thread' && workerType !== 'process') throw bad('ERR_CONFIG_WORKER_TYPE', t!.src, t!.raw, "'thread' or 'process'");

  const to = pick(options.timeoutMs, env, 'timeoutMs', CONFIG_ENV.timeoutMs);
  const timeoutMs = to ? duration(to) : 0;

  const r = pick(options.maxRetries, env, 'maxRetries', CONFIG_ENV.maxRetries);
  const maxRetries = r ? num(r, 'ERR_CONFIG_MAX_RETRIES', 'an integer ≥ 0', (n) => int(n) && n >= 0) : 1;

  const c = pick(options.cacheTtlHours, env, 'cacheTtlHours', CONFIG_ENV.cacheTtlHours);
  const cacheTtlHours = c ? num(c, 'ERR_CONFIG_CACHE_TTL', 'a number of hours > 0', (n) => n > 0) : 24;

  const pr = pick(options.memoryPreset, env, 'memoryPreset', CONFIG_ENV.memoryPreset);
  const memoryPreset = (pr ? String(pr.raw) : 'default') as MemoryPresetName;
  if (!(memoryPreset in MEMORY_PRESETS)) throw bad('ERR_CONFIG_MEMORY_PRESET', pr!.src, pr!.raw, `one of ${Object.keys(MEMORY_PRESETS).join(', ')}`);
  const base = MEMORY_PRESETS[memoryPreset];
  const mo = options.memory ?? {};
  const mem = (key: keyof MemorySettings, code: string, want: string, ok: (n: number) => boolean): number => {
    const p = pick(mo[key], env, `memory.${key}`, CONFIG_ENV[key]);
    return p ? num(p, code, want, ok) : base[key];
  };
  const memory: MemorySettings = {
    limitMb: mem('limitMb', 'ERR_CONFIG_MEMORY_LIMIT', 'a number of MiB > 0', (n) => n > 0),
    gcThresholdMb: mem('gcThresholdMb', 'ERR_CONFIG_GC_THRESHOLD', 'a number of MiB > 0', (n) => n > 0),
    chunkSizeMb: mem('chunkSizeMb', 'ERR_CONFIG_CHUNK_SIZE', 'a number of MiB > 0', (n) => n > 0),
    alertThreshold: mem('alertThreshold', 'ERR_CONFIG_ALERT_THRESHOLD', 'a fraction in (0, 1]', (n) => n > 0 && n <= 1),
    monitorIntervalMs: mem('monitorIntervalMs', 'ERR_CONFIG_MONITOR_INTERVAL', 'an integer number of ms ≥ 10', (n) => int(n) && n >= 10),
  };
  if (memory.gcThresholdMb > memory.limitMb) {
    throw new ConfigError('ERR_CONFIG_GC_THRESHOLD', `the GC threshold (${memory.gcThresholdMb} MiB) must not exceed the memory limit (${memory.limitMb} MiB)`, { gcThresholdMb: memory.gcThresholdMb, limitMb: memory.limitMb });
  }
  if (memory.chunkSizeMb > memory.limitMb) {
    throw new ConfigError('ERR_CONFIG_CHUNK_SIZE', `the chunk size (${memory.chunkSizeMb} MiB) must not exceed the memory limit (${memory.limitMb} MiB)`, { chunkSizeMb: memory.chunkSizeMb, limitMb: memory.limitMb });
  }
  return { workers, workerType, timeoutMs, maxRetries, cacheTtlHours, memoryPreset, memory };
}
