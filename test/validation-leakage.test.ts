/**
 * Leakage, measured with the real pipeline (computeFeatures → computeLabels → Dataset → train →
 * rocAuc). A canary market with no predictability at all, and the seed panel the Python system
 * was tuned on, where its shuffled 3-fold CV reported 0.997 AUC and a later period gave 0.80.
 */
import { describe, expect, it } from 'vitest';
import { Frame, Rng, makeSplit, Dataset, train, computeFeatures, computeLabels, rocAuc, type Split, type SplitSpec } from '../src/index.js';
import { SEED_PANEL, seedPanel } from './support/feature-data.js';
import { skipReason } from './support/shared-data.js';

type LabelsOf = ReturnType<typeof computeLabels>;

const XGB = { n_estimators: 200, max_depth: 6, learning_rate: 0.1 };

/** Validation AUC of each fold: a fresh model trained on the fold's train rows, scored on its valid rows. */
function foldAucs(split: Split, dataset: Dataset, labels: LabelsOf): number[] {
  return split.folds.map((f) => {
    const model = train('xgboost', XGB, { trainRows: f.train, seed: 7 }, dataset);
    const y = Float32Array.from(f.valid, (r) => labels.values[r]!);
    return rocAuc(y, model.predict(dataset, f.valid));
  });
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('leakage canary', () => {
  // Eight independent geometric random walks (different volatilities), daily bars: nothing about
  // the future is predictable. Labels look 30 bars ahead, so neighbouring labels share 29 of
  // their 30 returns; smooth causal features make time neighbours look alike.
  const rng = new Rng(1);
  const time: number[] = [];
  const close: number[] = [];
  const asset: string[] = [];
  for (let a = 0; a < 8; a++) {
    let p = 100;
    for (let b = 0; b < 1000; b++) {
      p *= Math.exp(0.004 * (1 + a) * rng.normal());
      time.push(Date.UTC(2020, 0, 1) + b * 86_400_000);
      close.push(p);
      asset.push(`A${a}`);
    }
  }
  const frame = Frame.fromColumns({ time, close, asset });
  const features = computeFeatures(frame, [{ kind: 'barsSinceStart' }, { kind: 'smaRatio', period: 20 }, { kind: 'smaRatio', period: 50 }, { kind: 'volatility', period: 30 }]);
  const labels = computeLabels(frame, { kind: 'direction', horizon: 30 });
  const dataset = Dataset.from(features, labels.values);

  it('the guard refuses the leaky splits (shuffled, and k-fold without purge) unless leakage is allowed', () => {
    expect(() => makeSplit(frame, { kind: 'shuffledKFold', k: 3 } as unknown as SplitSpec, labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
    expect(() => makeSplit(frame, { kind: 'purgedKFold', k: 3, purge: false }, labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
  });

  it('a shuffled split scores AUC near 1 on an unpredictable market; the purged split scores near 0.5', () => {
    const shuffled = foldAucs(makeSplit(frame, { kind: 'shuffledKFold', k: 3, seed: 3, allowLeakage: 'canary: measure the shuffled-CV inflation' }, labels), dataset, labels);
    const purged = foldAucs(makeSplit(frame, { kind: 'purgedKFold', k: 3, embargo: 30 }, labels), dataset, labels);
    expect(mean(shuffled)).toBeGreaterThan(0.85);
    expect(Math.abs(mean(purged) - 0.5)).toBeLessThan(0.08);
  });
});

describe.skipIf(!SEED_PANEL)(`seed panel inflation ${SEED_PANEL ? '' : skipReason('seed-origin')}`, () => {
  it('shuffled 3-fold CV inflates AUC over the purged time split by more than 0.1 (high_return 30 days > 100 %)', async () => {
    const frame = await seedPanel();
    const features = computeFeatures(frame, 'seed');
    const labels = computeLabels(frame, { kind: 'highReturn', horizon: 30, threshold: 1 });
    const dataset = Dataset.from(features, labels.values);
    const shuffled = mean(foldAucs(makeSplit(frame, { kind: 'shuffledKFold', k: 3, seed: 42, allowLeakage: "reproduce the Python system's shuffled 3-fold CV" }, labels), dataset, labels));
    const timeSplit = mean(foldAucs(makeSplit(frame, { kind: 'purgedKFold', k: 3, embargo: 30 }, labels), dataset, labels));
    console.info(`seed panel AUC: shuffled 3-fold ${shuffled.toFixed(3)}, purged time 3-fold ${timeSplit.toFixed(3)}`);
    expect(shuffled - timeSplit).toBeGreaterThan(0.1);
  });
});
