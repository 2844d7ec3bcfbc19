/**
 * The seed panel as the GBDT bench's small-data case: the e2e bench's matrix (the seed CSV through
 * `CryptoOptimizer.loadAndPrepareData`: market-cap filter, `seed` features, high_return_30d, 60/20/20
 * holdout), written once as fold files (bench/harness/fold-files.ts) that our side and the Python
 * peers read, so both train on the same floats and rows. Our side trains on the fold's train rows
 * (timed) and scores validation ROC-AUC with `Model.score`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedWorkload } from '../harness/seed-workload.js';
import { CryptoOptimizer } from '../../src/optimizer.js';
import { Dataset, train, type TreeFamily } from '../../src/index.js';
import { writeFoldFiles } from '../harness/fold-files.js';

export interface SeedPanelFiles {
  dir: string;
  rows: number;
  columns: string[];
  trainRows: number;
  validRows: number;
  /** Positive labels among the validation rows (few: the AUC there is noisy). */
  validPositives: number;
}

/**
 * Build (or reuse) the fold files of the seed CSV `file`. The matrix comes from the library's own
 * feature engine, so the files are keyed by a hash of what they hold: a change to the engine gets
 * new files instead of a stale matrix (preparing it takes well under a second; writing it is what
 * the reuse saves, with the identical-bin copy derived from it).
 */
export async function seedPanelFolds(file: string): Promise<SeedPanelFiles> {
  const opt = new CryptoOptimizer({ ...seedWorkload(file), storage: 'memory:', cache: false });
  try {
    const p = await opt.loadAndPrepareData();
    const fold = p.split.folds[0]!;
    const parts = [p.features.data, p.labels.values, fold.train, fold.valid];
    const hash = createHash('sha1');
    for (const a of parts) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    hash.update(JSON.stringify(p.features.columns));
    const dir = join(tmpdir(), `cryptotune-gbdt-seed-panel-${hash.digest('hex').slice(0, 16)}`);
    const metaPath = join(dir, 'meta.json');
    if (existsSync(metaPath)) return JSON.parse(readFileSync(metaPath, 'utf8')) as SeedPanelFiles;
    writeFoldFiles(dir, { data: p.features.data, label: p.labels.values, train: fold.train, valid: fold.valid });
    const validPositives = fold.valid.reduce((n, r) => n + (p.labels.values[r] === 1 ? 1 : 0), 0);
    const meta: SeedPanelFiles = { dir, rows: p.features.rows, columns: p.features.columns, trainRows: fold.train.length, validRows: fold.valid.length, validPositives };
    writeFileSync(metaPath, JSON.stringify(meta));
    return meta;
  } finally {
    await opt.close();
  }
}

export interface SeedPanelBinFiles extends SeedPanelFiles {
  /** Per column: 1 when it holds NaN (LightGBM then needs one more bin for it), else 0. */
  hasNan: number[];
}

/**
 * The seed-panel folds with every feature replaced by our bin index (NaN bin as NaN), so a peer's
 * own sketch (one bin per distinct value) reproduces our cuts and a comparison isolates the trainer
 * from the binning. Re-binning these floats on our side gives the same row partitions.
 */
export function seedPanelBinFolds(meta: SeedPanelFiles): SeedPanelBinFiles {
  const dir = `${meta.dir}-bins`;
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) return JSON.parse(readFileSync(metaPath, 'utf8')) as SeedPanelBinFiles;
  const { rows, columns } = meta;
  const data = shared(join(meta.dir, 'data.f32'), Float32Array);
  const label = shared(join(meta.dir, 'label.f32'), Float32Array);
  const bins = Dataset.from({ data, rows, columns }, label, { maxBins: 255 }).bins;
  const asFloat = new Float32Array(data.length);
  const hasNan = columns.map((_, c) => {
    const nanBin = bins.valueBins(c);
    let nan = 0;
    for (let i = c * rows; i < (c + 1) * rows; i++) {
      const b = bins.data[i]!;
      asFloat[i] = b === nanBin ? NaN : b;
      nan |= b === nanBin ? 1 : 0;
    }
    return nan;
  });
  const train = shared(join(meta.dir, 'train.u32'), Uint32Array);
  const valid = shared(join(meta.dir, 'valid.u32'), Uint32Array);
  writeFoldFiles(dir, { data: asFloat, label, train, valid });
  const out: SeedPanelBinFiles = { ...meta, dir, hasNan };
  writeFileSync(metaPath, JSON.stringify(out));
  return out;
}

export interface SeedOursArgs {
  meta: SeedPanelFiles;
  family: TreeFamily;
  params: Record<string, number | string>;
  /** After the timed run (seed 0): one run per seed with `sampled` (row/column subsampling). */
  seeds?: number[];
  sampled?: Record<string, number | string>;
}

export interface SeedOursResult {
  trainMs: number;
  trainCpuMs: number;
  auc: number;
  trees: number;
  /** Validation AUC of the `sampled` run of each of `seeds`. */
  seedAucs: number[];
}

function shared<T extends Float32Array | Uint32Array>(path: string, Ctor: new (b: SharedArrayBuffer) => T): T {
  const b = readFileSync(path);
  const sab = new SharedArrayBuffer(b.byteLength);
  new Uint8Array(sab).set(b);
  return new Ctor(sab);
}

export function trainSeedOurs(a: SeedOursArgs): SeedOursResult {
  const { dir, rows, columns } = a.meta;
  const data = shared(join(dir, 'data.f32'), Float32Array);
  const label = shared(join(dir, 'label.f32'), Float32Array);
  const trainRows = shared(join(dir, 'train.u32'), Uint32Array);
  const validRows = shared(join(dir, 'valid.u32'), Uint32Array);
  const ds = Dataset.from({ data, rows, columns }, label, { maxBins: 255 });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = train(a.family, a.params, { trainRows, seed: 0, threads: 1 }, ds);
  const c1 = process.cpuUsage(c0);
  const trainMs = performance.now() - t0;
  const seedAucs = (a.seeds ?? []).map((seed) => train(a.family, a.sampled ?? a.params, { trainRows, seed, threads: 1 }, ds).score(ds, validRows, 'auc'));
  return { trainMs, trainCpuMs: (c1.user + c1.system) / 1000, auc: model.score(ds, validRows, 'auc'), trees: model.nTrees, seedAucs };
}
