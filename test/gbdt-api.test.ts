import { describe, expect, it } from 'vitest';
import { Dataset, Model, train, type TreeFamily } from '../src/index.js';
import { pairAuc, range, synthetic } from './support/gbdt-synthetic.js';

const d = synthetic(4000);
const ds = Dataset.from(d, d.label);
const trainRows = range(0, 3000);
const testRows = range(3000, 4000);
const testLabel = d.label.subarray(3000);

const PARAMS: Record<TreeFamily, Record<string, number | string>> = {
  xgboost: { n_estimators: 60, max_depth: 4, learning_rate: 0.2 },
  lightgbm: { n_estimators: 60, num_leaves: 15, learning_rate: 0.2 },
  catboost: { iterations: 60, depth: 4, learning_rate: 0.2 },
};

describe('Dataset', () => {
  it('bins every column to at most maxBins value bins plus a NaN bin, in shared memory', () => {
    const small = Dataset.from(d, d.label, { maxBins: 16 });
    expect(small.bins.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(small.bins.columns).toBe(5);
    for (let c = 0; c < 5; c++) expect(small.bins.valueBins(c)).toBeLessThanOrEqual(16);
    // NaN rows of x3 land in its NaN bin, others below it
    const nanBin = small.bins.valueBins(3);
    expect(small.bins.data[3 * d.rows]).toBe(nanBin);
    expect(small.bins.data[3 * d.rows + 1]).toBeLessThan(nanBin);
  });

  it('rebuilds from its handle without copying', () => {
    const back = Dataset.fromHandle(ds.toHandle());
    expect(back.bins.data).toBe(ds.bins.data);
    expect(back.features).toBe(ds.features);
    expect(back.columns).toEqual(ds.columns);
  });

  it('gathers the labels of a row subset in its order', () => {
    const rows = Uint32Array.of(5, 0, 5, 17);
    expect(Array.from(ds.labelsOf(rows))).toEqual([5, 0, 5, 17].map((r) => ds.label[r]));
  });
});

describe.each(['xgboost', 'lightgbm', 'catboost'] as TreeFamily[])('train(%s)', (family) => {
  const model = train(family, PARAMS[family], { trainRows, seed: 3 }, ds);

  it('learns the synthetic signal (holdout AUC > 0.9)', () => {
    const p = model.predict(ds, testRows);
    expect(p.length).toBe(1000);
    expect(pairAuc(testLabel, p)).toBeGreaterThan(0.9);
  });

  it('predicts the same from raw features and from bins', () => {
    expect(model.predict(ds, testRows)).toEqual(model.predictBins(ds, testRows));
  });

  it('round-trips through JSON and bytes with identical predictions', () => {
    const p = model.predict(ds, testRows);
    const j = Model.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(j.predict(ds, testRows)).toEqual(p);
    const b = Model.fromBytes(model.toBytes());
    expect(b.predict(ds, testRows)).toEqual(p);
    expect(b.family).toBe(family);
  });

  it('scores rows against the dataset label: AUC by default, metrics at a threshold on request', () => {
    const p = model.predict(ds, testRows);
    expect(model.score(ds, testRows)).toBeCloseTo(pairAuc(testLabel, p), 9);
    let hits = 0;
    let loss = 0;
    for (let i = 0; i < p.length; i++) {
      const y = testLabel[i]!;
      hits += (p[i]! >= 0.7 ? 1 : 0) === y ? 1 : 0;
      const q = Math.min(Math.max(p[i]!, 2.220446049250313e-16), 1 - 2.220446049250313e-16);
      loss -= y === 1 ? Math.log(q) : Math.log(1 - q);
    }
    expect(model.score(ds, testRows, 'accuracy', { threshold: 0.7 })).toBeCloseTo(hits / p.length, 12);
    expect(model.score(ds, testRows, 'logloss')).toBeCloseTo(loss / p.length, 6);
  });

  it('ranks the signal features first by gain and counts splits', () => {
    const gain = model.importance('gain');
    const split = model.importance('split');
    expect(gain.x0! + gain.x1!).toBeGreaterThan(gain.x2! + gain.x3! + gain.x4!);
    expect(Object.values(split).every((v) => Number.isInteger(v))).toBe(true);
    expect(split.x0).toBeGreaterThan(0);
  });
});

describe('training controls', () => {
  it('is deterministic for a seed with row and column sampling', () => {
    const p = { n_estimators: 30, num_leaves: 15, subsample: 0.7, colsample_bytree: 0.6 };
    const a = train('lightgbm', p, { trainRows, seed: 9 }, ds).predict(ds, testRows);
    const b = train('lightgbm', p, { trainRows, seed: 9 }, ds).predict(ds, testRows);
    const c = train('lightgbm', p, { trainRows, seed: 10 }, ds).predict(ds, testRows);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('reports validation scores every evalEvery rounds and stops when onProgress returns false', () => {
    const seen: number[] = [];
    const m = train(
      'xgboost',
      { n_estimators: 100, max_depth: 3 },
      { trainRows, validRows: testRows, evalEvery: 5, onProgress: (p) => (seen.push(p.round), p.round < 20) },
      ds,
    );
    expect(seen).toEqual([5, 10, 15, 20]);
    expect(m.nTrees).toBe(20);
  });

  it('stops early on the validation rows and keeps the best round', () => {
    const scores: number[] = [];
    const m = train(
      'lightgbm',
      { n_estimators: 500, num_leaves: 63, learning_rate: 0.6, min_child_samples: 1 },
      { trainRows: range(0, 1000), validRows: testRows, earlyStoppingRounds: 5, onProgress: (p) => void scores.push(p.validScore) },
      ds,
    );
    expect(scores.length).toBeLessThan(500);
    const best = scores.indexOf(Math.min(...scores)) + 1;
    expect(m.bestRound).toBe(best);
    expect(scores.length).toBe(best + 5);
  });

  it('stops with ERR_ABORTED when the shared cancel slot is set', () => {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    expect(() =>
      train('lightgbm', { n_estimators: 100 }, { trainRows, cancel, evalEvery: 10, onProgress: (p) => void (p.round === 20 && Atomics.store(cancel, 0, 1)) }, ds),
    ).toThrow(expect.objectContaining({ code: 'ERR_ABORTED' }));
  });

  it('stops with ERR_ABORTED when the AbortSignal fires between steps', () => {
    const ac = new AbortController();
    expect(() => train('lightgbm', { n_estimators: 100 }, { trainRows, signal: ac.signal, onProgress: (p) => void (p.round === 3 && ac.abort()) }, ds)).toThrow(
      expect.objectContaining({ code: 'ERR_ABORTED' }),
    );
  });

  it('trains a regression objective', () => {
    const y = new Float32Array(d.rows);
    for (let r = 0; r < d.rows; r++) y[r] = d.data[r]! * 3 + d.data[d.rows + r]!;
    const reg = Dataset.from(d, y);
    const m = train('xgboost', { n_estimators: 80, max_depth: 4 }, { trainRows, objective: 'regression' }, reg);
    const p = m.predict(reg, testRows);
    let se = 0;
    let ss = 0;
    for (let i = 0; i < p.length; i++) {
      se += (p[i]! - y[3000 + i]!) ** 2;
      ss += y[3000 + i]! ** 2;
    }
    expect(se / ss).toBeLessThan(0.05);
    expect(m.score(reg, testRows)).toBeCloseTo(Math.sqrt(se / p.length), 4);
    expect(() => m.score(reg, testRows, 'auc')).toThrow(expect.objectContaining({ code: 'ERR_MODEL_METRIC' }));
  });
});
