/**
 * Panel features on the seed's narrative panel and the 23-coin daily panel, against a plain
 * per-time-step implementation written here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, FeaturePlan, type Frame } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { COINS_23, coinsPanel, SEED_PANEL, seedPanel } from './support/feature-data.js';

interface Ref {
  avg: number[];
  rel: number[];
  rank: number[];
  pct: number[];
  corr: number[];
}

/** Group of each row (-1 = none) from a categorical column, or one market-wide group. */
function groupsOf(f: Frame, group?: string): number[] {
  if (!group) return new Array<number>(f.rows).fill(0);
  const c = f.metadata[group]!;
  if (c.kind !== 'u32') throw new Error('not categorical');
  return Array.from(c.codes, (code) => (c.dictionary[code] === '' ? -1 : code));
}

function reference(f: Frame, group: string | undefined, period: number): Ref {
  const g = groupsOf(f, group);
  const cap = (f.metadata.market_cap as { values: Float64Array }).values;
  const assetOf = new Array<number>(f.rows);
  for (let a = 0; a < f.assets; a++) for (let r = f.offsets[a]!; r < f.offsets[a + 1]!; r++) assetOf[r] = a;
  const byTime = new Map<number, number[]>();
  for (let r = 0; r < f.rows; r++) {
    const t = Number(f.time[r]);
    if (!byTime.has(t)) byTime.set(t, []);
    byTime.get(t)!.push(r);
  }
  const rowOf: Map<number, number>[] = [];
  for (let a = 0; a < f.assets; a++) {
    const m = new Map<number, number>();
    for (let r = f.offsets[a]!; r < f.offsets[a + 1]!; r++) m.set(Number(f.time[r]), r);
    rowOf.push(m);
  }
  const rowAt = (a: number, t: number) => rowOf[a]!.get(t) ?? -1;
  const ret = (r: number) => (r === f.offsets[assetOf[r]!] ? NaN : f.close[r]! / f.close[r - 1]! - 1);
  const out: Ref = { avg: [], rel: [], rank: [], pct: [], corr: [] };
  for (const k of Object.keys(out) as (keyof Ref)[]) out[k] = new Array<number>(f.rows).fill(NaN);
  for (const rows of byTime.values()) {
    for (const r of rows) {
      if (g[r] === -1) continue;
      const peers = rows.filter((q) => g[q] === g[r]);
      const avg = peers.reduce((s, q) => s + f.close[q]!, 0) / peers.length;
      out.avg[r] = avg;
      out.rel[r] = f.close[r]! / avg;
      const caps = peers.map((q) => cap[q]!).filter(Number.isFinite);
      if (Number.isFinite(cap[r]!)) {
        out.rank[r] = 1 + caps.filter((c) => c > cap[r]!).length;
        out.pct[r] = caps.filter((c) => c <= cap[r]!).length / caps.length;
      }
      let leader = -1;
      for (const q of peers) if (Number.isFinite(cap[q]!) && (leader < 0 || cap[q]! > cap[leader]!)) leader = q;
      const start = f.offsets[assetOf[r]!]!;
      if (leader < 0 || r + 1 < start + period) continue;
      const xs: number[] = [];
      const ys: number[] = [];
      for (let j = r + 1 - period; j <= r; j++) {
        const lj = rowAt(assetOf[leader]!, Number(f.time[j]));
        const x = ret(j);
        const y = lj < 0 ? NaN : ret(lj);
        if (Number.isFinite(x) && Number.isFinite(y)) {
          xs.push(x);
          ys.push(y);
        }
      }
      if (xs.length < period) continue;
      const mx = xs.reduce((a, b) => a + b, 0) / period;
      const my = ys.reduce((a, b) => a + b, 0) / period;
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < period; i++) {
        sxy += (xs[i]! - mx) * (ys[i]! - my);
        sxx += (xs[i]! - mx) ** 2;
        syy += (ys[i]! - my) ** 2;
      }
      out.corr[r] = sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
    }
  }
  return out;
}

function expectColumn(got: Float32Array, want: number[], rel = 1e-5): void {
  let finite = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (Number.isNaN(w)) {
      if (!Number.isNaN(got[i]!)) throw new Error(`row ${i}: reference NaN, ours ${got[i]}`);
      continue;
    }
    if (!(Math.abs(got[i]! - w) <= rel * Math.max(1, Math.abs(w)))) throw new Error(`row ${i}: ours ${got[i]}, reference ${w}`);
    finite++;
  }
  expect(finite).toBeGreaterThan(0);
}

function checkPanel(f: Frame, group: string | undefined, period: number): void {
  const g = group ?? 'market';
  const m = computeFeatures(f, [
    { kind: 'groupAverage', ...(group ? { group } : {}) },
    { kind: 'priceRelativeGroup', ...(group ? { group } : {}) },
    { kind: 'capRank', ...(group ? { group } : {}) },
    { kind: 'groupLeaderCorrelation', period, ...(group ? { group } : {}) },
  ]);
  const ref = reference(f, group, period);
  expectColumn(m.column(`group_avg_close_${g}`), ref.avg);
  expectColumn(m.column(`close_rel_group_${g}`), ref.rel);
  expectColumn(m.column(`cap_rank_${g}`), ref.rank, 0);
  expectColumn(m.column(`cap_percentile_${g}`), ref.pct);
  expectColumn(m.column(`leader_corr_${period}_${g}`), ref.corr, 1e-4);
}

describe.skipIf(!SEED_PANEL)('panel features on the seed narrative panel', () => {
  let f: Frame;
  beforeAll(async () => {
    f = await seedPanel();
  });

  it('group average, relative price, cap rank/percentile and leader correlation per narrative', () => {
    expect(f.assets).toBeGreaterThan(100);
    checkPanel(f, 'narrative', 30);
  });

  it('the same across the whole market', () => {
    checkPanel(f, undefined, 14);
  });

  it('seed preset: ~96 columns with the narrative one-hot, rows without a narrative get NaN group features', () => {
    const m = computeFeatures(f, 'seed');
    expect(m.columns.length).toBeGreaterThanOrEqual(90);
    expect(m.columns.length).toBeLessThanOrEqual(100);
    const nar = f.metadata.narrative as { codes: Uint32Array; dictionary: string[] };
    const values = nar.dictionary.filter((v) => v !== '');
    for (const v of values) {
      const col = m.column(`narrative_${v}`);
      for (let r = 0; r < f.rows; r += 97) expect(col[r]).toBe(nar.dictionary[nar.codes[r]!] === v ? 1 : 0);
    }
    expect(FeaturePlan.from('seed').columnNames(f)).toEqual(m.columns);
  });
});

describe.skipIf(!COINS_23)('panel features on the 23-coin daily panel', () => {
  it('market-wide group average, cap rank, leader correlation', async () => {
    const f = await coinsPanel();
    expect(f.assets).toBe(23);
    checkPanel(f, undefined, 30);
  });

  it('the seed preset skips narrative features this panel cannot feed and keeps market ones', async () => {
    const f = await coinsPanel();
    const cols = computeFeatures(f, 'seed').columns;
    expect(cols).toContain('cap_rank_market');
    expect(cols.some((c) => c.endsWith('_narrative'))).toBe(false);
  });
});

if (!SEED_PANEL) skipReason('seed-origin');
if (!COINS_23) skipReason('crypto-daily-23coins');
