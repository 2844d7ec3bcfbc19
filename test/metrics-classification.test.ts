import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  classificationMetrics,
  foldStability,
  logLoss,
  prAuc,
  precisionRecallF1,
  rocAuc,
  thresholdMetrics,
} from '../src/index.js';
import { Rng } from '../src/rng.js';
import { runSklearn, sklearnSkipReason } from './support/sklearn.js';

/** A labelled score array with heavy ties (scores on a 0.01 grid) and a 20 % base rate. */
function dataset(seed: number, n: number, f32 = false): { y: Float32Array | Float64Array; s: Float32Array | Float64Array } {
  const rng = new Rng(seed);
  const y = f32 ? new Float32Array(n) : new Float64Array(n);
  const s = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.float() < 0.2 ? 1 : 0;
    s[i] = Math.min(1, Math.max(0, Math.round((0.35 + 0.25 * y[i]! + 0.2 * rng.normal()) * 100) / 100));
  }
  return { y, s };
}

function pick(a: ArrayLike<number>, rows?: Uint32Array): number[] {
  return rows ? Array.from(rows, (r) => a[r]!) : Array.from(a);
}

// ---- independent reference implementations, written from the definitions ----
function refAuc(y: number[], s: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      den++;
      num += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

function refAp(y: number[], s: number[]): number {
  const thresholds = [...new Set(s)].sort((a, b) => b - a);
  const P = y.filter((v) => v === 1).length;
  let ap = 0;
  let prevRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < y.length; i++) if (s[i]! >= t) (y[i] === 1 ? tp++ : fp++);
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

function refLogLoss(y: number[], s: number[]): number {
  const eps = 2 ** -52;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = y[i] === 1 ? s[i]! : 1 - s[i]!;
    sum -= Math.log(Math.min(1 - eps, Math.max(eps, q)));
  }
  return sum / y.length;
}

function refConfusion(y: number[], s: number[], t: number) {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const p = s[i]! >= t;
    if (y[i] === 1) p ? tp++ : fn++;
    else p ? fp++ : tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 0;
  const rec = [tp + fn ? tp / (tp + fn) : NaN, tn + fp ? tn / (tn + fp) : NaN].filter((v) => !Number.isNaN(v));
  return { tp, fp, tn, fn, accuracy: (tp + tn) / y.length, balancedAccuracy: rec.reduce((a, b) => a + b, 0) / rec.length, precision, recall, f1 };
}

describe('classification metrics against independent implementations', () => {
  for (const f32 of [false, true]) {
    it(`agree with the definitions on tied ${f32 ? 'f32' : 'f64'} scores, whole and through a row subset`, () => {
      const { y, s } = dataset(f32 ? 7 : 3, 1500, f32);
      const subset = Uint32Array.from({ length: 500 }, (_, k) => (k * 7 + 3) % 1500);
      for (const rows of [undefined, subset]) {
        const ys = pick(y, rows);
        const ss = pick(s, rows);
        expect(rocAuc(y, s, rows)).toBeCloseTo(refAuc(ys, ss), 12);
        expect(prAuc(y, s, rows)).toBeCloseTo(refAp(ys, ss), 12);
        expect(logLoss(y, s, rows)).toBeCloseTo(refLogLoss(ys, ss), 12);
        for (const threshold of [0.3, 0.5, 0.8]) {
          const ref = refConfusion(ys, ss, threshold);
          const m = thresholdMetrics(y, s, { rows, threshold });
          for (const k of Object.keys(ref) as (keyof typeof ref)[]) expect(m[k]).toBeCloseTo(ref[k], 14);
          expect(accuracy(y, s, { rows, threshold })).toBe(m.accuracy);
          expect(balancedAccuracy(y, s, { rows, threshold })).toBe(m.balancedAccuracy);
          expect(precisionRecallF1(y, s, { rows, threshold })).toEqual({ precision: m.precision, recall: m.recall, f1: m.f1 });
        }
        const all = classificationMetrics(y, s, { rows, threshold: 0.5 });
        expect(all.auc).toBe(rocAuc(y, s, rows));
        expect(all.prAuc).toBe(prAuc(y, s, rows));
        expect(all.logloss).toBe(logLoss(y, s, rows));
        expect(all.f1).toBe(thresholdMetrics(y, s, { rows }).f1);
      }
    });
  }

  it('reads plain number arrays like typed ones', () => {
    const { y, s } = dataset(11, 300);
    expect(rocAuc(Array.from(y), Array.from(s))).toBe(rocAuc(y, s));
  });

  it('fold stability is the mean and population std of the fold values', () => {
    const v = [0.52, 0.55, 0.49, 0.58];
    const mean = v.reduce((a, b) => a + b) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    const st = foldStability(v);
    expect(st.mean).toBeCloseTo(mean, 15);
    expect(st.std).toBeCloseTo(std, 15);
    expect([st.min, st.max]).toEqual([0.49, 0.58]);
  });
});

describe.skipIf(sklearnSkipReason !== undefined)('classification metrics against scikit-learn (live)', () => {
  it('match roc_auc_score, average_precision_score, log_loss and the threshold metrics to 1e-9', () => {
    const cases = [dataset(21, 20_000), dataset(22, 5_000, true)];
    const rows = Uint32Array.from({ length: 3000 }, (_, k) => (k * 13 + 5) % 5000);
    const inputs = [
      { y: pick(cases[0]!.y), s: pick(cases[0]!.s) },
      { y: pick(cases[1]!.y, rows), s: pick(cases[1]!.s, rows) },
    ];
    const ref = runSklearn<Array<Record<string, number>>>(
      `from sklearn import metrics as M
result = []
for c in data:
    y = np.array(c['y'], dtype=np.float64); s = np.array(c['s'], dtype=np.float64); p = (s >= 0.5).astype(int)
    result.append(dict(auc=M.roc_auc_score(y, s), ap=M.average_precision_score(y, s), ll=M.log_loss(y, s),
        acc=M.accuracy_score(y, p), bacc=M.balanced_accuracy_score(y, p), prec=M.precision_score(y, p, zero_division=0),
        rec=M.recall_score(y, p), f1=M.f1_score(y, p)))`,
      inputs,
    );
    const ours = [classificationMetrics(cases[0]!.y, cases[0]!.s), classificationMetrics(cases[1]!.y, cases[1]!.s, { rows })];
    ours.forEach((m, i) => {
      const r = ref[i]!;
      const pairs: Array<[number, number]> = [
        [m.auc, r.auc!], [m.prAuc, r.ap!], [m.logloss, r.ll!], [m.accuracy, r.acc!],
        [m.balancedAccuracy, r.bacc!], [m.precision, r.prec!], [m.recall, r.rec!], [m.f1, r.f1!],
      ];
      for (const [a, b] of pairs) expect(Math.abs(a - b)).toBeLessThan(1e-9);
    });
  });
});

describe('classification metrics: bad input', () => {
  const y = new Float64Array([0, 1, 0, 1]);
  const s = new Float64Array([0.1, 0.8, 0.4, 0.3]);
  it('a single class is ERR_METRIC_SINGLE_CLASS', () => {
    expect(() => rocAuc(new Float64Array([1, 1]), new Float64Array([0.2, 0.3]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_SINGLE_CLASS', name: 'ModelError' }));
    expect(() => rocAuc(y, s, new Uint32Array([1, 3]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_SINGLE_CLASS' }));
    expect(() => prAuc(new Float64Array([0, 0]), new Float64Array([0.2, 0.3]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_SINGLE_CLASS' }));
  });
  it('mismatched lengths, empty rows, NaN labels and scores, non-binary labels, bad rows are coded', () => {
    expect(() => rocAuc(y, s.subarray(0, 3))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_LENGTH_MISMATCH' }));
    expect(() => rocAuc(y, s, new Uint32Array(0))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_EMPTY' }));
    expect(() => logLoss(new Float64Array(0), new Float64Array(0))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_EMPTY' }));
    expect(() => rocAuc(new Float64Array([0, NaN, 1]), new Float64Array([0.1, 0.2, 0.3]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_NAN_LABEL' }));
    expect(() => accuracy(new Float64Array([0, 2]), new Float64Array([0.1, 0.2]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_LABEL_NOT_BINARY' }));
    expect(() => rocAuc(y, new Float64Array([0.1, NaN, 0.2, 0.3]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_NAN_SCORE' }));
    expect(() => rocAuc(y, s, new Uint32Array([0, 4]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_ROW_OUT_OF_RANGE' }));
    expect(() => logLoss(y, new Float64Array([0.1, 1.2, 0.2, 0.3]))).toThrow(expect.objectContaining({ code: 'ERR_METRIC_PROBABILITY_RANGE' }));
    expect(() => accuracy(y, s, { threshold: NaN })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE' }));
    expect(() => foldStability([])).toThrow(expect.objectContaining({ code: 'ERR_METRIC_EMPTY' }));
  });
});
