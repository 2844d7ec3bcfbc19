import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { resolveConfig } from '../src/config/resolve-config.js';
import { WorkerPool } from '../src/parallel/worker-pool.js';

describe('resolveConfig', () => {
  it('defaults: one worker per core, threads, no timeout, the default memory preset', () => {
    const c = resolveConfig({}, {});
    expect(c).toMatchObject({ workers: availableParallelism(), workerType: 'thread', timeoutMs: 0, maxRetries: 1, cacheTtlHours: 24, memoryPreset: 'default' });
    expect(c.memory).toEqual({ limitMb: 8192, gcThresholdMb: 6144, chunkSizeMb: 512, alertThreshold: 0.85, monitorIntervalMs: 1000 });
  });

  it('environment overrides defaults; options override the environment', () => {
    const env = {
      CRYPTOTUNE_WORKERS: '3',
      CRYPTOTUNE_WORKER_TYPE: 'process',
      CRYPTOTUNE_TIMEOUT: '90s',
      CRYPTOTUNE_MEMORY_LIMIT_MB: '2048',
      CRYPTOTUNE_GC_THRESHOLD_MB: '1024',
      CRYPTOTUNE_CACHE_TTL_HOURS: '6',
      CRYPTOTUNE_MONITOR_INTERVAL: '250',
      CRYPTOTUNE_MAX_RETRIES: '4',
    };
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv).toMatchObject({ workers: 3, workerType: 'process', timeoutMs: 90_000, cacheTtlHours: 6, maxRetries: 4 });
    expect(fromEnv.memory).toMatchObject({ limitMb: 2048, gcThresholdMb: 1024, monitorIntervalMs: 250, chunkSizeMb: 512 });
    const both = resolveConfig({ workers: 1, timeoutMs: 500, memory: { limitMb: 4096 } }, env);
    expect(both).toMatchObject({ workers: 1, workerType: 'process', timeoutMs: 500 });
    expect(both.memory.limitMb).toBe(4096);
  });

  it('timeouts in the environment are seconds unless suffixed', () => {
    expect(resolveConfig({}, { CRYPTOTUNE_TIMEOUT: '300' }).timeoutMs).toBe(300_000);
    expect(resolveConfig({}, { CRYPTOTUNE_TIMEOUT: '1500ms' }).timeoutMs).toBe(1500);
    expect(resolveConfig({}, { CRYPTOTUNE_TIMEOUT: '2m' }).timeoutMs).toBe(120_000);
  });

  it('a preset fills the memory settings that are not given', () => {
    const c = resolveConfig({}, { CRYPTOTUNE_MEMORY_PRESET: 'distributed', CRYPTOTUNE_CHUNK_SIZE_MB: '128' });
    expect(c.memory).toMatchObject({ limitMb: 4096, gcThresholdMb: 3072, chunkSizeMb: 128, alertThreshold: 0.8 });
  });

  it.each([
    [{ CRYPTOTUNE_WORKERS: '0' }, 'ERR_CONFIG_WORKERS', 'CRYPTOTUNE_WORKERS'],
    [{ CRYPTOTUNE_WORKERS: 'two' }, 'ERR_CONFIG_WORKERS', 'CRYPTOTUNE_WORKERS'],
    [{ CRYPTOTUNE_WORKERS: '1.5' }, 'ERR_CONFIG_WORKERS', 'CRYPTOTUNE_WORKERS'],
    [{ CRYPTOTUNE_WORKER_TYPE: 'fiber' }, 'ERR_CONFIG_WORKER_TYPE', 'CRYPTOTUNE_WORKER_TYPE'],
    [{ CRYPTOTUNE_TIMEOUT: '-1' }, 'ERR_CONFIG_TIMEOUT', 'CRYPTOTUNE_TIMEOUT'],
    [{ CRYPTOTUNE_TIMEOUT: 'soon' }, 'ERR_CONFIG_TIMEOUT', 'CRYPTOTUNE_TIMEOUT'],
    [{ CRYPTOTUNE_MEMORY_LIMIT_MB: '0' }, 'ERR_CONFIG_MEMORY_LIMIT', 'CRYPTOTUNE_MEMORY_LIMIT_MB'],
    [{ CRYPTOTUNE_GC_THRESHOLD_MB: 'lots' }, 'ERR_CONFIG_GC_THRESHOLD', 'CRYPTOTUNE_GC_THRESHOLD_MB'],
    [{ CRYPTOTUNE_ALERT_THRESHOLD: '1.5' }, 'ERR_CONFIG_ALERT_THRESHOLD', 'CRYPTOTUNE_ALERT_THRESHOLD'],
    [{ CRYPTOTUNE_MONITOR_INTERVAL: '5' }, 'ERR_CONFIG_MONITOR_INTERVAL', 'CRYPTOTUNE_MONITOR_INTERVAL'],
    [{ CRYPTOTUNE_CACHE_TTL_HOURS: '0' }, 'ERR_CONFIG_CACHE_TTL', 'CRYPTOTUNE_CACHE_TTL_HOURS'],
    [{ CRYPTOTUNE_MEMORY_PRESET: 'huge' }, 'ERR_CONFIG_MEMORY_PRESET', 'CRYPTOTUNE_MEMORY_PRESET'],
    [{ CRYPTOTUNE_MAX_RETRIES: '-2' }, 'ERR_CONFIG_MAX_RETRIES', 'CRYPTOTUNE_MAX_RETRIES'],
  ])('invalid %o is %s naming the variable', (env, code, name) => {
    let err: unknown;
    try {
      resolveConfig({}, env);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code, name: 'ConfigError', details: { setting: name, source: 'environment' } });
    expect((err as Error).message).toContain(name);
  });

  it('an invalid option is named as an option; a GC threshold above the limit is refused', () => {
    expect(() => resolveConfig({ workers: -1 }, {})).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_WORKERS', details: expect.objectContaining({ source: 'option', setting: 'workers' }) }));
    expect(() => resolveConfig({ memory: { limitMb: 1000, gcThresholdMb: 2000 } }, {})).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_GC_THRESHOLD' }));
  });

  it('WorkerPool takes its size and timeout from the environment', async () => {
    const pool = new WorkerPool({ env: { CRYPTOTUNE_WORKERS: '1', CRYPTOTUNE_TIMEOUT: '250ms' } });
    try {
      expect(pool.size).toBe(1);
      expect(pool.stats().workers).toBe(1);
    } finally {
      await pool.close();
    }
    expect(() => new WorkerPool({ env: { CRYPTOTUNE_WORKER_TYPE: 'gpu' } })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_WORKER_TYPE' }));
  });
});
