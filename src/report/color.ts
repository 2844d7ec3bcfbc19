/**
 * Colours of the report: a perceptually ordered ramp (viridis stops) for objective values and the
 * fixed colours of trial states, so "bright = good" and "orange = pruned" mean the same everywhere.
 */

const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

/** Ramp colour for t in [0, 1] (clamped). */
export function ramp(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  const c = (k: number): number => Math.round(a[k]! + (b[k]! - a[k]!) * f);
  return `rgb(${c(0)},${c(1)},${c(2)})`;
}

export const STATE_COLORS = {
  COMPLETE: '#2563eb',
  PRUNED: '#f97316',
  FAIL: '#dc2626',
  RUNNING: '#6b7280',
  WAITING: '#9ca3af',
  best: '#16a34a',
} as const;
