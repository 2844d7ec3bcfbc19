/**
 * Axis scales for the report's plots: each maps a data value to [0, 1] and proposes labelled ticks.
 * Linear and log scales pad degenerate ranges (one value) so a single point still lands mid-axis;
 * a band scale places categorical choices at equal-width cells; a time scale labels epoch ms.
 */
import { formatNumber, formatTime } from './format.js';

export interface Tick {
  /** Position in [0, 1]. */
  at: number;
  label: string;
}

export interface Scale {
  /** Data value → [0, 1] (values outside the domain map outside). */
  map(value: number): number;
  ticks(): Tick[];
}

/** Round step of about (hi − lo) / n: 1, 2 or 5 × 10^k. */
function niceStep(span: number, n: number): number {
  const raw = span / Math.max(1, n);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/** [lo, hi] widened when it is empty or a single value, so map() never divides by zero. */
export function padDomain(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi > lo) return [lo, hi];
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - d, hi + d];
}

/** A linear scale over [lo, hi] with a small margin (`pad` × span) on both sides. */
export function linearScale(lo: number, hi: number, options: { pad?: number; ticks?: number; format?: (v: number) => string } = {}): Scale {
  [lo, hi] = padDomain(lo, hi);
  const pad = (options.pad ?? 0.05) * (hi - lo);
  const a = lo - pad;
  const b = hi + pad;
  const fmt = options.format ?? formatNumber;
  return {
    map: (v) => (v - a) / (b - a),
    ticks() {
      const step = niceStep(hi - lo, options.ticks ?? 5);
      const out: Tick[] = [];
      for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) {
        out.push({ at: (v - a) / (b - a), label: fmt(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12))) });
      }
      return out;
    },
  };
}

/** A log10 scale (positive domains only), ticks at powers of ten, or 1-2-5 steps on short ranges. */
export function logScale(lo: number, hi: number): Scale {
  if (!(lo > 0)) lo = Number.MIN_VALUE;
  if (!(hi > lo)) [lo, hi] = [lo / 2, lo * 2];
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const span = b - a;
  const ea = a - span * 0.05;
  const eb = b + span * 0.05;
  const map = (v: number): number => (Math.log10(v) - ea) / (eb - ea);
  return {
    map,
    ticks() {
      const out: Tick[] = [];
      const mult = span < 1.5 ? [1, 2, 5] : [1];
      for (let e = Math.floor(ea); e <= Math.ceil(eb); e++) {
        for (const m of mult) {
          const v = m * 10 ** e;
          const at = map(v);
          if (at >= 0 && at <= 1) out.push({ at, label: formatNumber(v) });
        }
      }
      return out;
    },
  };
}

/** Equal-width cells, one per label; value i maps to the centre of cell i. */
export function bandScale(labels: readonly string[]): Scale {
  const n = Math.max(1, labels.length);
  return {
    map: (i) => (i + 0.5) / n,
    ticks: () => labels.map((label, i) => ({ at: (i + 0.5) / n, label })),
  };
}

/** A linear scale over epoch ms labelled with dates. */
export function timeScale(lo: number, hi: number): Scale {
  return linearScale(lo, hi, { pad: 0.02, ticks: 5, format: (v) => formatTime(v, hi - lo > 3 * 86_400_000) });
}

/** Min and max of the finite values (NaN, NaN when there are none). */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}
