import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateMarket } from '../src/data/synthetic.js';
import { Frame } from '../src/data/frame.js';
import { MemoryBudget, frameBytes } from '../src/memory/memory-budget.js';
import { MemoryMonitor, MemoryAlertEvent, cgroupMemory } from '../src/memory/memory-monitor.js';
import { ChunkProcessor, frameRows } from '../src/memory/chunk-processor.js';
import { MEMORY_PRESETS } from '../src/memory/memory-presets.js';

const MiB = 1024 * 1024;

describe('MemoryBudget', () => {
  const frame = generateMarket({ kind: 'panel', assets: 20, bars: 500, seed: 1 });

  it('counts the frame from its buffers and the shared data once, whatever the worker count', () => {
    const b = new MemoryBudget({ limitMb: 4096 });
    const p1 = b.plan({ frame, featureColumns: 30, workers: 1 });
    const p4 = b.plan({ frame, featureColumns: 30, workers: 4 });
    expect(p1.bytes.frame).toBe(frameBytes(frame));
    expect(frameBytes(frame)).toBe(frame.time.byteLength + frame.close.byteLength * 5 + frame.asset.byteLength + frame.offsets.byteLength + Object.values(frame.metadata).reduce((a, m) => a + (m.kind === 'f64' ? m.values.byteLength : m.codes.byteLength), 0));
    expect(p1.bytes.features).toBe(frame.rows * 30 * 4);
    expect(p1.bytes.bins).toBe(frame.rows * 30);
    expect(p4.bytes.shared).toBe(p1.bytes.shared);
    expect(p4.bytes.total - p1.bytes.total).toBe(3 * p1.bytes.perWorker.total);
    expect(p4.workers).toBe(4);
  });

  it('gives fewer workers when only some fit, and sizes chunks under chunkSizeMb', () => {
    const b = new MemoryBudget({ limitMb: 200, chunkSizeMb: 1 });
    const p = b.plan({ frame: 20 * MiB, featureRows: 1_000_000, featureColumns: 10, workers: 8, workerOverheadBytes: 30 * MiB });
    expect(p.workers).toBeGreaterThanOrEqual(1);
    expect(p.workers).toBeLessThan(8);
    expect(p.bytes.total).toBeLessThanOrEqual(p.limitBytes);
    expect(p.bytes.total + p.bytes.perWorker.total).toBeGreaterThan(p.limitBytes);
    expect(p.chunkBytes).toBeLessThanOrEqual(1 * MiB);
    expect(p.chunkRows).toBeGreaterThan(1000);
  });

  it('refuses before starting with ERR_MEMORY_BUDGET_EXCEEDED and the numbers', () => {
    const b = new MemoryBudget({ limitMb: 64 });
    let err: unknown;
    try {
      b.plan({ frame: 50 * MiB, featureRows: 1_000_000, featureColumns: 20, workers: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_MEMORY_BUDGET_EXCEEDED', name: 'MemoryError' });
    const e = err as { message: string; details: Record<string, number> };
    expect(e.message).toContain('64.0 MiB');
    expect(e.message).toContain('frame 50.0 MiB');
    expect(e.details.limitBytes).toBe(64 * MiB);
    expect(e.details.neededBytes).toBeGreaterThan(64 * MiB);
  });

  it('rejects bad options with coded errors', () => {
    expect(() => new MemoryBudget({ limitMb: 0 })).toThrow(expect.objectContaining({ code: 'ERR_MEMORY_OPTION' }));
    expect(() => new MemoryBudget().plan({ workers: 0 })).toThrow(expect.objectContaining({ code: 'ERR_MEMORY_OPTION' }));
  });
});

describe('MemoryMonitor', () => {
  it('samples RSS, heap, array buffers and external memory into a bounded history', () => {
    const m = new MemoryMonitor({ historySize: 3 });
    for (let i = 0; i < 5; i++) m.sample();
    expect(m.history.length).toBe(3);
    const s = m.history[2]!;
    expect(s.rss).toBeGreaterThan(s.heapUsed);
    expect(s.arrayBuffers).toBeGreaterThanOrEqual(0);
    expect(s.external).toBeGreaterThan(0);
  });

  it('fires memory-alert past alertThreshold × limit', () => {
    const rssMb = process.memoryUsage.rss() / MiB;
    const m = new MemoryMonitor({ limitMb: rssMb * 1.05, gcThresholdMb: 1, alertThreshold: 0.5 });
    const quiet = new MemoryMonitor({ limitMb: rssMb * 100, gcThresholdMb: 1, alertThreshold: 0.9 });
    const alerts: MemoryAlertEvent[] = [];
    m.addEventListener('memory-alert', (e) => alerts.push(e as MemoryAlertEvent));
    quiet.addEventListener('memory-alert', (e) => alerts.push(e as MemoryAlertEvent));
    m.sample();
    quiet.sample();
    expect(alerts.length).toBe(1);
    expect(alerts[0]!.fraction).toBeGreaterThan(0.5);
    expect(alerts[0]!.limitBytes).toBeLessThanOrEqual(rssMb * 1.05 * MiB);
  });

  it('reads the cgroup v2 limit (and "max" as unlimited) and applies the smaller limit', () => {
    const root = mkdtempSync(join(tmpdir(), 'ct-cg-'));
    try {
      writeFileSync(join(root, 'memory.max'), `${256 * MiB}\n`);
      writeFileSync(join(root, 'memory.current'), `${100 * MiB}\n`);
      expect(cgroupMemory(root)).toEqual({ limit: 256 * MiB, usage: 100 * MiB });
      const m = new MemoryMonitor({ cgroupRoot: root, limitMb: 8192 });
      expect(m.limitBytes()).toBe(256 * MiB);
      writeFileSync(join(root, 'memory.max'), 'max\n');
      expect(cgroupMemory(root).limit).toBeNull();
      expect(m.limitBytes()).toBe(8192 * MiB);
      const v1 = join(root, 'v1');
      mkdirSync(join(v1, 'memory'), { recursive: true });
      writeFileSync(join(v1, 'memory', 'memory.limit_in_bytes'), `${512 * MiB}\n`);
      expect(cgroupMemory(v1).limit).toBe(512 * MiB);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('collects between trials only above the GC threshold and only when global.gc exists', () => {
    const m = new MemoryMonitor({ limitMb: 1_000_000, gcThresholdMb: 1 });
    const high = new MemoryMonitor({ limitMb: 1_000_000, gcThresholdMb: 900_000 });
    expect(high.betweenTrials()).toBeNull();
    const had = (globalThis as { gc?: () => void }).gc;
    if (!had) {
      expect(m.canCollect).toBe(false);
      expect(m.betweenTrials()).toBeNull();
      expect(m.gcHistory.length).toBe(0);
      return;
    }
    let junk: number[][] | null = Array.from({ length: 200 }, () => Array.from({ length: 1000 }, (_, i) => i));
    expect(junk.length).toBe(200);
    junk = null;
    const rec = m.betweenTrials();
    expect(rec).not.toBeNull();
    expect(rec!.freed).toBeGreaterThan(0);
    expect(m.gcHistory.length).toBe(1);
  });

  it('start/stop sample on a timer that does not keep the process alive', async () => {
    const m = new MemoryMonitor({ monitorIntervalMs: 20 }).start();
    await new Promise((r) => setTimeout(r, 120));
    m.stop();
    const n = m.history.length;
    expect(n).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(m.history.length).toBe(n);
  });

  it('presets carry the Python defaults', () => {
    expect(MEMORY_PRESETS.default).toMatchObject({ limitMb: 8192, gcThresholdMb: 6144, chunkSizeMb: 512, alertThreshold: 0.85 });
  });
});

describe('ChunkProcessor', () => {
  const frame = generateMarket({ kind: 'panel', assets: 5, bars: 300, seed: 9 });

  it('visits a frame in row-order chunks that view its buffers and concatenate to it', async () => {
    const cp = new ChunkProcessor({ chunkRows: 400 });
    const groupsOk: boolean[] = [];
    const run = await cp.run(frame, (c) => {
      // Every asset group of the chunk holds only that asset's rows, and the groups cover the chunk.
      let ok = c.offsets[0] === 0 && c.offsets[c.offsets.length - 1] === c.rows;
      for (let i = 0; i + 1 < c.offsets.length; i++) for (let r = c.offsets[i]!; r < c.offsets[i + 1]!; r++) ok &&= c.asset[r] === i;
      groupsOk.push(ok);
      return { close: Array.from(c.close), shared: c.close.buffer === frame.close.buffer };
    });
    const sizes = Array.from({ length: Math.ceil(frame.rows / 400) }, (_, i) => Math.min(400, frame.rows - i * 400));
    expect(run.rows).toBe(frame.rows);
    expect(run.chunks.map((c) => c.rows)).toEqual(sizes);
    expect(run.chunks.map((c) => c.startRow)).toEqual(sizes.map((_, i) => i * 400));
    expect(run.results.every((r) => r.shared)).toBe(true);
    expect(groupsOk.every(Boolean)).toBe(true);
    expect(run.results.flatMap((r) => r.close)).toEqual(Array.from(frame.close));
    for (const c of run.chunks) expect(c.bytes).toBeGreaterThan(0);
  });

  it('sizes chunks from chunkSizeMb and the frame’s bytes per row', async () => {
    const perRow = frameBytes(frame) / frame.rows;
    const cp = new ChunkProcessor({ chunkSizeMb: (perRow * 500) / MiB });
    const run = await cp.run(frame, (c) => c.rows);
    expect(run.results.slice(0, -1).every((n) => n === 500)).toBe(true);
    expect(run.results.reduce((a, b) => a + b, 0)).toBe(frame.rows);
  });

  it('streams a file in chunks without loading it whole, with the same rows as a whole read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-chunk-'));
    try {
      const lines = ['timestamp,open,high,low,close,volume'];
      for (let i = 0; i < 2500; i++) lines.push(`${1_700_000_000_000 + i * 60_000},${100 + i},${101 + i},${99 + i},${100.5 + i},${i}`);
      const file = join(dir, 'bars.csv.gz');
      writeFileSync(file, gzipSync(lines.join('\n')));
      const cp = new ChunkProcessor({ chunkRows: 1000 });
      const run = await cp.run(file, (c) => c.close.reduce((a, b) => a + b, 0));
      expect(run.chunks.map((c) => c.rows)).toEqual([1000, 1000, 500]);
      const whole = await Frame.fromFile(file);
      expect(run.results.reduce((a, b) => a + b, 0)).toBeCloseTo(whole.close.reduce((a, b) => a + b, 0), 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at an aborted signal and rejects bad sizes', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(new ChunkProcessor({ chunkRows: 10 }).run(frame, () => 0, { signal: ctl.signal })).rejects.toThrow();
    expect(() => new ChunkProcessor({ chunkRows: 0 })).toThrow(expect.objectContaining({ code: 'ERR_MEMORY_CHUNK_SIZE' }));
  });
});

describe('WorkerPool with a budget', () => {
  it('refuses before starting any worker when one worker does not fit, and shrinks to what fits', async () => {
    const { WorkerPool } = await import('../src/parallel/worker-pool.js');
    expect(() => new WorkerPool({ size: 2, env: { CRYPTOTUNE_MEMORY_LIMIT_MB: '64', CRYPTOTUNE_GC_THRESHOLD_MB: '32', CRYPTOTUNE_CHUNK_SIZE_MB: '16' }, budget: { frame: 60 * MiB } })).toThrow(
      expect.objectContaining({ code: 'ERR_MEMORY_BUDGET_EXCEEDED' }),
    );
    const pool = new WorkerPool({ size: 8, env: { CRYPTOTUNE_MEMORY_LIMIT_MB: '200', CRYPTOTUNE_GC_THRESHOLD_MB: '100', CRYPTOTUNE_CHUNK_SIZE_MB: '16' }, budget: { frame: 60 * MiB } });
    try {
      expect(pool.size).toBe(pool.plan!.workers);
      expect(pool.size).toBe(3); // (200 − 60) MiB / 40 MiB-and-a-bit per worker
      expect(pool.stats().workers).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
