import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

interface Probe {
  workers: number;
  datasetBytes: number;
  rss: number;
  arrayBuffers: number;
  distinctWorkers: number;
  sums: number[];
}

function probe(workers: number): Probe {
  const script = fileURLToPath(new URL('./fixtures/zero-copy-probe.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, String(workers), '4000000'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Probe;
}

it('N workers reading the whole dataset at once hold one copy of it: array buffers unchanged, RSS grows far less than a copy per worker', () => {
  const one = probe(1);
  const three = probe(3);
  expect(three.distinctWorkers).toBe(3);
  expect(new Set(three.sums).size).toBe(1);
  expect(three.sums[0]).toBe(one.sums[0]);
  // A copy per worker would add datasetBytes of array buffers per extra worker.
  expect(Math.abs(three.arrayBuffers - one.arrayBuffers)).toBeLessThan(4 * 1024 * 1024);
  // Each extra worker costs its own runtime (isolate, loaded modules) but not the data.
  const perExtraWorker = (three.rss - one.rss) / 2;
  expect(perExtraWorker).toBeLessThan(one.datasetBytes / 2);
});
