/**
 * The memory planner. Before a run it adds up what the run will hold — the frame, the feature
 * matrix and the bins (once: workers share them), per-worker training state (histograms, gradient
 * buffers, models, the worker's own runtime) and the result cache — against the budget, picks how
 * many workers fit and how many rows a chunk may hold, and refuses with ERR_MEMORY_* showing the
 * numbers when even one worker does not fit.
 */
import type { Frame } from '../data/frame.js';
import { MemoryError } from '../errors.js';
import { MEMORY_PRESETS } from './memory-presets.js';

const MiB = 1024 * 1024;

export interface BudgetInput {
  /** Frame (its buffers are measured) or its byte size. */
  frame?: Frame | number;
  /** Rows × columns of the f32 feature matrix. */
  featureRows?: number;
  featureColumns?: number;
  /** u8 bins: rows × columns (default: same shape as the features when bins are used). */
  bins?: boolean;
  /** Workers wanted (the plan may give fewer). */
  workers: number;
  /** Histogram bins per feature (default 255, the most u8 bins hold besides NaN). */
  maxBins?: number;
  /** Leaves whose histograms a tree keeps at once (default 31). */
  maxLeaves?: number;
  /** Trees × nodes a model may grow to (default 1000 × 63). */
  modelNodes?: number;
  /** Result cache held in memory, bytes (default 0). */
  cacheBytes?: number;
  /** A worker thread's own runtime (V8 isolate, loaded modules), bytes (default 40 MiB). */
  workerOverheadBytes?: number;
}

export interface BudgetPlan {
  limitBytes: number;
  bytes: {
    frame: number;
    features: number;
    bins: number;
    /** Shared once, whatever the worker count. */
    shared: number;
    perWorker: { histograms: number; gradients: number; model: number; overhead: number; total: number };
    cache: number;
    total: number;
  };
  /** Workers that fit (≤ requested). */
  workers: number;
  /** Rows per chunk so one chunk's columns and features stay under chunkSizeMb. */
  chunkRows: number;
  chunkBytes: number;
  /** limitBytes − total. */
  headroomBytes: number;
}

/** Bytes held by a frame's typed arrays (columns, metadata, offsets). */
export function frameBytes(frame: Frame): number {
  let n = frame.time.byteLength + frame.close.byteLength + frame.asset.byteLength + frame.offsets.byteLength;
  for (const c of [frame.open, frame.high, frame.low, frame.volume]) n += c?.byteLength ?? 0;
  for (const m of Object.values(frame.metadata)) n += m.kind === 'f64' ? m.values.byteLength : m.codes.byteLength;
  return n;
}

export class MemoryBudget {
  readonly limitMb: number;
  readonly chunkSizeMb: number;

  constructor(options: { limitMb?: number; chunkSizeMb?: number } = {}) {
    this.limitMb = options.limitMb ?? MEMORY_PRESETS.default.limitMb;
    this.chunkSizeMb = options.chunkSizeMb ?? MEMORY_PRESETS.default.chunkSizeMb;
    if (!(this.limitMb > 0) || !(this.chunkSizeMb > 0)) throw new MemoryError('ERR_MEMORY_OPTION', `limitMb and chunkSizeMb must be > 0, got ${this.limitMb} and ${this.chunkSizeMb}`);
  }

  /** Plan a run; throws ERR_MEMORY_BUDGET_EXCEEDED (numbers in the message and details) when nothing fits. */
  plan(input: BudgetInput): BudgetPlan {
    if (!Number.isInteger(input.workers) || input.workers < 1) throw new MemoryError('ERR_MEMORY_OPTION', `workers must be an integer ≥ 1, got ${input.workers}`);
    const limitBytes = Math.floor(this.limitMb * MiB);
    const frame = typeof input.frame === 'number' ? input.frame : input.frame ? frameBytes(input.frame) : 0;
    const rows = input.featureRows ?? (typeof input.frame === 'object' ? input.frame.rows : 0);
    const cols = input.featureColumns ?? 0;
    const features = rows * cols * 4;
    const bins = input.bins === false ? 0 : rows * cols;
    const shared = frame + features + bins;
    const maxBins = input.maxBins ?? 255;
    const leaves = input.maxLeaves ?? 31;
    // grad sum, hess sum (f64) and a count (u32→ padded to 8) per bin, per leaf kept at once.
    const histograms = cols * maxBins * 24 * leaves;
    // gradients, hessians (f32) and a row-partition index (u32) per row.
    const gradients = rows * 12;
    const model = (input.modelNodes ?? 1000 * 63) * 32;
    const overhead = input.workerOverheadBytes ?? 40 * MiB;
    const perWorker = histograms + gradients + model + overhead;
    const cache = input.cacheBytes ?? 0;
    const fixed = shared + cache;
    const fit = Math.floor((limitBytes - fixed) / perWorker);
    const bytesPerRow = (frame > 0 && rows > 0 ? frame / rows : 48) + cols * 5;
    const chunkRows = Math.max(1, Math.floor((this.chunkSizeMb * MiB) / Math.max(1, bytesPerRow)));
    const mb = (b: number): string => `${(b / MiB).toFixed(1)} MiB`;
    if (fit < 1) {
      throw new MemoryError(
        'ERR_MEMORY_BUDGET_EXCEEDED',
        `the run needs ${mb(fixed + perWorker)} with one worker (frame ${mb(frame)}, features ${mb(features)}, bins ${mb(bins)}, cache ${mb(cache)}, per worker ${mb(perWorker)}) but the memory limit is ${mb(limitBytes)}; raise memory.limitMb (CRYPTOTUNE_MEMORY_LIMIT_MB), use fewer rows or features, or lower maxBins`,
        { limitBytes, frameBytes: frame, featureBytes: features, binBytes: bins, cacheBytes: cache, perWorkerBytes: perWorker, neededBytes: fixed + perWorker },
      );
    }
    const workers = Math.min(input.workers, fit);
    const total = fixed + workers * perWorker;
    return {
      limitBytes,
      bytes: { frame, features, bins, shared, perWorker: { histograms, gradients, model, overhead, total: perWorker }, cache, total },
      workers,
      chunkRows,
      chunkBytes: Math.round(chunkRows * bytesPerRow),
      headroomBytes: limitBytes - total,
    };
  }
}
