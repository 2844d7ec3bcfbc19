/** The views of a report's trials the plots share: completed ones, objective names, best-first order. */
import type { StudyDirection } from '../storage/storage.js';
import type { FrozenTrial } from '../study/frozen-trial.js';
import type { ReportInput } from './report-data.js';

export function objectiveName(input: ReportInput, k: number): string {
  return input.objectiveNames?.[k] ?? (input.directions.length === 1 ? 'objective value' : `objective ${k}`);
}

/** COMPLETE trials with finite values. */
export function completedTrials(input: ReportInput): FrozenTrial[] {
  return input.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null && t.values.every(Number.isFinite));
}

/** Sign that makes "better" mean "smaller" for a direction. */
export function sign(direction: StudyDirection | undefined): number {
  return direction === 'maximize' ? -1 : 1;
}

/** Completed trials, best first by the first objective (ties: lower number first). */
export function rankedTrials(input: ReportInput): FrozenTrial[] {
  const s = sign(input.directions[0]);
  return completedTrials(input).sort((a, b) => s * (a.values![0]! - b.values![0]!) || a.number - b.number);
}

/** Parameter names ordered by importance, then the rest by first appearance. */
export function paramNames(input: ReportInput): string[] {
  const seen: string[] = [];
  for (const t of input.trials) for (const k of Object.keys(t.params)) if (!seen.includes(k)) seen.push(k);
  const imp = input.importances ?? {};
  return seen.sort((a, b) => (imp[b] ?? -1) - (imp[a] ?? -1) || seen.indexOf(a) - seen.indexOf(b));
}

/** `#12 · lr=0.01, depth=6 · 0.73` — the hover text of a trial's marks. */
export function trialLabel(t: FrozenTrial, digits = 4): string {
  const ps = Object.entries(t.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(digits)) : String(v)}`)
    .join(', ');
  const vs = t.values ? t.values.map((v) => Number(v.toPrecision(digits))).join(', ') : t.state;
  return `#${t.number} · ${t.state} · ${vs}${ps ? ` · ${ps}` : ''}`;
}
