import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStudy, Frame, makeSplit, recordSplit, LEAKAGE_OPT_OUT_ATTR, VALIDATION_SPLIT_ATTR, type Split, type SplitSpec } from '../src/index.js';
import { randomPanel, T0, type Panel } from './support/validation-panel.js';

const DAY = 86_400_000;

/** Independent view of a panel: each row's step on the union time axis and its label's end step. */
function reference(p: Panel) {
  const times = [...new Set(Array.from(p.frame.time, Number))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const step = Array.from(p.frame.time, (t) => index.get(Number(t))!);
  const end = Array.from(p.labels.endRow, (e) => (e < 0 ? -1 : step[e]!));
  const labelled = (r: number) => p.labels.endRow[r]! >= 0;
  const allLabelled = step.map((_, r) => r).filter(labelled);
  // splits cut the steps up to the last one where some row has a label
  const T = Math.max(...allLabelled.map((r) => step[r]!)) + 1;
  return { T, step, end, labelled, allLabelled };
}

/** numpy.array_split of [0, T) into n groups. */
function groupsOf(T: number, n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let lo = 0;
  for (let g = 0; g < n; g++) {
    const hi = lo + Math.floor(T / n) + (g < T % n ? 1 : 0);
    out.push([lo, hi]);
    lo = hi;
  }
  return out;
}

function expectSortedUnique(rows: Uint32Array, n: number) {
  for (let i = 0; i < rows.length; i++) {
    expect(rows[i]!).toBeLessThan(n);
    if (i > 0) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
  }
}

/** Invariants every split keeps: sorted unique labelled rows, train/valid/test disjoint. */
function checkCommon(p: Panel, split: Split) {
  const ref = reference(p);
  expect(split.steps).toBe(ref.T);
  for (const f of split.folds) {
    const parts = [f.train, f.valid, ...(f.test ? [f.test] : [])];
    const seen = new Set<number>();
    for (const part of parts) {
      expectSortedUnique(part, p.frame.rows);
      for (const r of part) {
        expect(ref.labelled(r)).toBe(true);
        expect(seen.has(r)).toBe(false);
        seen.add(r);
      }
    }
    expect(f.train.buffer).toBeInstanceOf(SharedArrayBuffer);
  }
  return ref;
}

/** The rows a purged split must train on: labelled rows outside the test blocks whose label interval misses every window. */
function expectedPurgedTrain(ref: ReturnType<typeof reference>, blocks: Array<[number, number]>, embargo: number): number[] {
  const windows = blocks.map(([lo, hi]) => {
    let last = hi - 1;
    for (const r of ref.allLabelled) if (ref.step[r]! >= lo && ref.step[r]! < hi) last = Math.max(last, ref.end[r]!);
    return [lo, last + embargo] as const;
  });
  return ref.allLabelled.filter((r) => {
    const s = ref.step[r]!;
    if (blocks.some(([lo, hi]) => s >= lo && s < hi)) return false;
    return windows.every(([a, b]) => !(s <= b && ref.end[r]! >= a));
  });
}

/** makeSplit, skipping the generated case when the panel is legitimately too small for it (ERR_SPLIT_EMPTY / ERR_SPLIT_TOO_FEW_STEPS). */
function splitOrSkip(p: Panel, spec: SplitSpec): Split {
  try {
    return makeSplit(p.frame, spec, p.labels);
  } catch (e) {
    const code = (e as { code?: string }).code;
    fc.pre(code !== 'ERR_SPLIT_EMPTY' && code !== 'ERR_SPLIT_TOO_FEW_STEPS');
    throw e;
  }
}

const panelArb = fc.record({ seed: fc.integer({ min: 0, max: 1e6 }), assets: fc.integer({ min: 1, max: 4 }), bars: fc.integer({ min: 40, max: 90 }), maxHorizon: fc.integer({ min: 0, max: 5 }) });
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 40) };

describe('time axis', () => {
  it('cuts all assets at the same timestamps: steps index the union of the timestamps, up to the last labelled one', () => {
    fc.assert(
      fc.property(panelArb, (o) => {
        const p = randomPanel(o.seed, o);
        const split = splitOrSkip(p, { kind: 'purgedKFold', k: 3 });
        const ref = reference(p);
        expect(split.steps).toBe(ref.T);
        expect(split.horizon).toBe(Math.max(0, ...ref.allLabelled.map((r) => ref.end[r]! - ref.step[r]!)));
      }),
      RUNS,
    );
  });
});

describe('holdout', () => {
  it('by fractions: train strictly before valid before test on the time axis, for every asset at once, with gap and purge', () => {
    fc.assert(
      fc.property(panelArb, fc.double({ min: 0.3, max: 0.6, noNaN: true }), fc.double({ min: 0.1, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 3 }), (o, train, valid, gap) => {
        const p = randomPanel(o.seed, o);
        const split = splitOrSkip(p, { kind: 'holdout', train, valid, gap });
        const ref = checkCommon(p, split);
        const f = split.folds[0]!;
        const b1 = Math.round(train * ref.T);
        const b2 = Math.round((train + valid) * ref.T);
        expect(split.test).toBe(f.test);
        for (const r of f.train) expect(ref.step[r]!).toBeLessThan(b1 - gap);
        for (const r of f.valid) expect(ref.step[r]! >= b1 && ref.step[r]! < b2 - gap).toBe(true);
        for (const r of f.test!) expect(ref.step[r]!).toBeGreaterThanOrEqual(b2);
        // purge: no training label reaches valid, no valid label reaches test
        for (const r of f.train) expect(ref.end[r]!).toBeLessThan(b1);
        for (const r of f.valid) expect(ref.end[r]!).toBeLessThan(b2);
        // and nothing more than that was purged
        expect(Array.from(f.train)).toEqual(ref.allLabelled.filter((r) => ref.step[r]! < b1 - gap && ref.end[r]! < b1));
        expect(Array.from(f.test!)).toEqual(ref.allLabelled.filter((r) => ref.step[r]! >= b2));
      }),
      RUNS,
    );
  });

  it('by dates: rows before trainEnd train, rows from validEnd on test', () => {
    const p = randomPanel(7, { assets: 3, bars: 80 });
    const split = makeSplit(p.frame, { kind: 'holdout', trainEnd: new Date(T0 + 40 * DAY).toISOString(), validEnd: T0 + 60 * DAY }, p.labels);
    checkCommon(p, split);
    const f = split.folds[0]!;
    const t = (r: number) => Number(p.frame.time[r]!);
    expect(Math.max(...Array.from(f.train, t))).toBeLessThan(T0 + 40 * DAY);
    expect(Math.min(...Array.from(f.valid, t))).toBeGreaterThanOrEqual(T0 + 40 * DAY);
    expect(Math.max(...Array.from(f.valid, t))).toBeLessThan(T0 + 60 * DAY);
    expect(Math.min(...Array.from(split.test!, t))).toBeGreaterThanOrEqual(T0 + 60 * DAY);
    // every asset contributes to each part: the boundary is one date for the whole panel
    for (const part of [f.train, f.valid, split.test!]) expect(new Set(Array.from(part, (r) => p.frame.asset[r])).size).toBe(3);
  });
});

describe('walk-forward', () => {
  it('expanding and rolling windows: train strictly before valid by more than the gap, windows march by step, purge honoured', () => {
    fc.assert(
      fc.property(panelArb, fc.integer({ min: 1, max: 4 }), fc.constantFrom('expanding' as const, 'rolling' as const), fc.integer({ min: 0, max: 3 }), (o, folds, window, gap) => {
        const p = randomPanel(o.seed, o);
        const ref = reference(p);
        const validSteps = Math.floor(ref.T / (folds + 2));
        const trainSteps = window === 'rolling' ? Math.max(1, Math.floor(ref.T / 4)) : undefined;
        const split = splitOrSkip(p, { kind: 'walkForward', folds, window, validSteps, gap, trainSteps });
        checkCommon(p, split);
        expect(split.folds).toHaveLength(folds);
        split.folds.forEach((f, i) => {
          const lo = ref.T - validSteps - (folds - 1 - i) * validSteps;
          const trainLo = window === 'rolling' ? lo - gap - trainSteps! : 0;
          expect(Array.from(f.valid)).toEqual(ref.allLabelled.filter((r) => ref.step[r]! >= lo && ref.step[r]! < lo + validSteps));
          expect(Array.from(f.train)).toEqual(ref.allLabelled.filter((r) => ref.step[r]! >= trainLo && ref.step[r]! < lo - gap && ref.end[r]! < lo));
          expect(f.path).toBe(0);
        });
      }),
      RUNS,
    );
  });
});

describe('purged k-fold', () => {
  it('each time group validates once; train = other groups minus purged and embargoed rows, exactly', () => {
    fc.assert(
      fc.property(panelArb, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 4 }), (o, k, embargo) => {
        const p = randomPanel(o.seed, o);
        const split = splitOrSkip(p, { kind: 'purgedKFold', k, embargo });
        const ref = checkCommon(p, split);
        const groups = groupsOf(ref.T, k);
        const validUnion: number[] = [];
        split.folds.forEach((f, i) => {
          const [lo, hi] = groups[i]!;
          expect(Array.from(f.valid)).toEqual(ref.allLabelled.filter((r) => ref.step[r]! >= lo && ref.step[r]! < hi));
          expect(Array.from(f.train)).toEqual(expectedPurgedTrain(ref, [[lo, hi]], embargo));
          // the embargo: no training row starts within `embargo` steps after the fold's last label
          const lastEnd = Math.max(hi - 1, ...Array.from(f.valid, (r) => ref.end[r]!));
          for (const r of f.train) expect(ref.step[r]! > lastEnd + embargo || ref.step[r]! < lo).toBe(true);
          validUnion.push(...f.valid);
        });
        expect(validUnion.sort((a, b) => a - b)).toEqual(ref.allLabelled);
      }),
      RUNS,
    );
  });
});

describe('CPCV', () => {
  it('C(N,k) folds; every row is tested in C(N−1,k−1) folds; φ paths each cover every row once; purge and embargo around every test block', () => {
    const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);
    fc.assert(
      fc.property(panelArb, fc.integer({ min: 3, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), (o, N, kk, embargo) => {
        const k = Math.min(kk, N - 1);
        const p = randomPanel(o.seed, o);
        const split = splitOrSkip(p, { kind: 'cpcv', groups: N, testGroups: k, embargo });
        const ref = checkCommon(p, split);
        const groups = groupsOf(ref.T, N);
        expect(split.folds).toHaveLength(choose(N, k));
        const testedTimes = new Map<number, number>();
        for (const f of split.folds) {
          const ids = f.name.replace('cpcv-', '').split('-').map(Number);
          const blocks = ids.map((g) => groups[g]!);
          expect(Array.from(f.train)).toEqual(expectedPurgedTrain(ref, blocks, embargo));
          for (const r of f.valid) testedTimes.set(r, (testedTimes.get(r) ?? 0) + 1);
        }
        const phi = choose(N - 1, k - 1);
        expect(phi).toBe((k / N) * choose(N, k));
        for (const r of ref.allLabelled) expect(testedTimes.get(r)).toBe(phi);
        expect(split.paths).toHaveLength(phi);
        for (const path of split.paths!) {
          expect(path.segments.map((s) => s.group)).toEqual(groups.map((_, g) => g));
          const rows = path.segments.flatMap((s) => {
            const valid = new Set(split.folds[s.fold]!.valid);
            for (const r of s.rows) expect(valid.has(r)).toBe(true);
            return Array.from(s.rows);
          });
          // no index twice in one path, and every labelled row once
          expect(rows.sort((a, b) => a - b)).toEqual(ref.allLabelled);
        }
        // each (group, fold) pair is used by exactly one path
        const pairs = new Set(split.paths!.flatMap((pp) => pp.segments.map((s) => `${s.group}:${s.fold}`)));
        expect(pairs.size).toBe(N * phi);
      }),
      { numRuns: 30 },
    );
  });
});

describe('shuffled k-fold', () => {
  it('deals labelled rows into k validation folds that partition them; train is the complement; seeded', () => {
    fc.assert(
      fc.property(panelArb, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 1000 }), (o, k, seed) => {
        const p = randomPanel(o.seed, o);
        const spec: SplitSpec = { kind: 'shuffledKFold', k, seed, allowLeakage: 'measuring the inflation' };
        const split = splitOrSkip(p, spec);
        const ref = checkCommon(p, split);
        const all = split.folds.flatMap((f) => Array.from(f.valid)).sort((a, b) => a - b);
        expect(all).toEqual(ref.allLabelled);
        for (const f of split.folds) {
          const v = new Set(f.valid);
          expect(Array.from(f.train)).toEqual(ref.allLabelled.filter((r) => !v.has(r)));
          expect(Math.abs(f.valid.length - ref.allLabelled.length / k)).toBeLessThan(1);
        }
        expect(makeSplit(p.frame, spec, p.labels).folds[0]!.valid).toEqual(split.folds[0]!.valid);
      }),
      { numRuns: 20 },
    );
  });
});

describe('leakage guard', () => {
  const p = randomPanel(11, { assets: 2, bars: 80, maxHorizon: 4 });

  it('refuses a shuffled split without an opt-out', () => {
    expect(() => makeSplit(p.frame, { kind: 'shuffledKFold', k: 3 } as unknown as SplitSpec, p.labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
  });

  it('refuses an unpurged split whose gap is shorter than the label horizon, accepts gap ≥ horizon', () => {
    const h = makeSplit(p.frame, { kind: 'purgedKFold', k: 3 }, p.labels).horizon;
    expect(h).toBeGreaterThan(0);
    expect(() => makeSplit(p.frame, { kind: 'purgedKFold', k: 3, purge: false }, p.labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
    expect(() => makeSplit(p.frame, { kind: 'cpcv', groups: 4, testGroups: 2, purge: false }, p.labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
    expect(() => makeSplit(p.frame, { kind: 'holdout', train: 0.6, valid: 0.4, purge: false, gap: h - 1 }, p.labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
    expect(() => makeSplit(p.frame, { kind: 'walkForward', folds: 2, purge: false, gap: h - 1 }, p.labels)).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
    const ok = makeSplit(p.frame, { kind: 'walkForward', folds: 2, purge: false, gap: h }, p.labels);
    expect(ok.leakageOptOut).toBeUndefined();
  });

  it('refuses to guess: without labels or labelHorizon a time split is refused with ERR_SPLIT_LABELS', () => {
    expect(() => makeSplit(p.frame, { kind: 'purgedKFold', k: 3 })).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_LABELS' }));
    const byHorizon = makeSplit(p.frame, { kind: 'purgedKFold', k: 3, labelHorizon: 2 });
    expect(byHorizon.horizon).toBe(2);
    expect(() => makeSplit(p.frame, { kind: 'holdout', train: 0.5, valid: 0.5, labelHorizon: 2, purge: false, gap: 1 })).toThrow(expect.objectContaining({ code: 'ERR_LEAKAGE' }));
  });

  it('an opt-out runs the split, is recorded on it, and recordSplit stores it in the study', async () => {
    const split = splitOrSkip(p, { kind: 'purgedKFold', k: 3, purge: false, allowLeakage: 'canary: show the unpurged inflation' });
    expect(split.leakageOptOut).toBe('canary: show the unpurged inflation');
    const study = await createStudy({ direction: 'maximize' });
    await recordSplit(study, split);
    const attrs = await study.systemAttrs();
    expect(attrs[LEAKAGE_OPT_OUT_ATTR]).toBe('canary: show the unpurged inflation');
    expect(attrs[VALIDATION_SPLIT_ATTR]).toMatchObject({ kind: 'purgedKFold', folds: 3, leakageOptOut: 'canary: show the unpurged inflation' });
    const clean = await createStudy({ direction: 'maximize' });
    await recordSplit(clean, makeSplit(p.frame, { kind: 'purgedKFold', k: 3 }, p.labels));
    expect((await clean.systemAttrs())[LEAKAGE_OPT_OUT_ATTR]).toBeUndefined();
  });

  it('an opt-out needs a reason', () => {
    expect(() => makeSplit(p.frame, { kind: 'shuffledKFold', k: 3, allowLeakage: ' ' }, p.labels)).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_SPEC' }));
  });
});

describe('bad specs', () => {
  const p = randomPanel(3, { assets: 2, bars: 50 });
  const cases: Array<[string, unknown, string]> = [
    ['unknown kind', { kind: 'timeSeriesSplit', k: 3 }, 'ERR_SPLIT_KIND'],
    ['k below 2', { kind: 'purgedKFold', k: 1 }, 'ERR_SPLIT_SPEC'],
    ['fractional k', { kind: 'purgedKFold', k: 2.5 }, 'ERR_SPLIT_SPEC'],
    ['negative embargo', { kind: 'purgedKFold', k: 3, embargo: -1 }, 'ERR_SPLIT_SPEC'],
    ['more groups than time steps', { kind: 'purgedKFold', k: 500 }, 'ERR_SPLIT_TOO_FEW_STEPS'],
    ['testGroups ≥ groups', { kind: 'cpcv', groups: 4, testGroups: 4 }, 'ERR_SPLIT_SPEC'],
    ['too many CPCV folds', { kind: 'cpcv', groups: 40, testGroups: 20 }, 'ERR_SPLIT_SPEC'],
    ['holdout fractions over 1', { kind: 'holdout', train: 0.8, valid: 0.3 }, 'ERR_SPLIT_SPEC'],
    ['holdout with an empty valid part', { kind: 'holdout', train: 0.5, valid: 0 }, 'ERR_SPLIT_TOO_FEW_STEPS'],
    ['holdout with an unreadable date', { kind: 'holdout', trainEnd: 'next tuesday' }, 'ERR_SPLIT_SPEC'],
    ['holdout validEnd before trainEnd', { kind: 'holdout', trainEnd: T0 + 30 * DAY, validEnd: T0 + 10 * DAY }, 'ERR_SPLIT_SPEC'],
    ['walk-forward window kind', { kind: 'walkForward', folds: 2, window: 'sliding' }, 'ERR_SPLIT_SPEC'],
    ['walk-forward that leaves no training', { kind: 'walkForward', folds: 3, validSteps: 20 }, 'ERR_SPLIT_TOO_FEW_STEPS'],
    ['a gap that purges everything', { kind: 'holdout', train: 0.1, valid: 0.9, gap: 20 }, 'ERR_SPLIT_TOO_FEW_STEPS'],
  ];
  for (const [what, spec, code] of cases) {
    it(`${what} → ${code}`, () => {
      expect(() => makeSplit(p.frame, spec as SplitSpec, p.labels)).toThrow(expect.objectContaining({ code }));
    });
  }

  it('labels of another length, or ending in another asset, are refused with ERR_SPLIT_LABELS', () => {
    const short = { values: p.labels.values.subarray(1), endRow: p.labels.endRow.subarray(1) };
    expect(() => makeSplit(p.frame, { kind: 'purgedKFold', k: 3 }, short)).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_LABELS' }));
    const crossing = { values: p.labels.values.slice(), endRow: p.labels.endRow.slice() };
    const lastOfFirst = p.frame.offsets[1]! - 1;
    crossing.values[lastOfFirst] = 1;
    crossing.endRow[lastOfFirst] = lastOfFirst + 1;
    expect(() => makeSplit(p.frame, { kind: 'purgedKFold', k: 3 }, crossing)).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_LABELS', details: expect.objectContaining({ row: lastOfFirst }) }));
  });

  it('a fold that purging leaves empty is refused with ERR_SPLIT_EMPTY', () => {
    const frame = Frame.fromColumns({ time: [0, 1, 2, 3].map((i) => T0 + i * DAY), close: [1, 2, 3, 4] });
    const labels = { values: new Float32Array([1, 0, 1, NaN]), endRow: new Int32Array([2, 2, 2, -1]) };
    expect(() => makeSplit(frame, { kind: 'holdout', train: 0.5, valid: 0.5 }, labels)).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_EMPTY' }));
  });
});
