/**
 * The report's tables: study facts (trial counts by state, best value and parameters, durations),
 * the leaderboard of the best trials, test-split metrics, overfitting figures and system stats.
 */
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { formatDuration, formatNumber, formatTime } from '../format.js';
import type { ReportInput } from '../report-data.js';
import { TRIAL_STATES } from '../../study/trial-state.js';
import { trialDuration } from '../../study/frozen-trial.js';
import { completedTrials, objectiveName, paramNames, rankedTrials } from '../trial-set.js';

const LEADERBOARD = 10;

type Cell = string | number | boolean | null | undefined;

function cell(v: Cell): string {
  return escapeHtml(typeof v === 'number' ? formatNumber(v) : v === null || v === undefined ? '—' : String(v));
}

/** A two-column key/value table. */
export function keyValueTable(rows: ReadonlyArray<readonly [string, Cell]>): string {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${cell(v)}</td></tr>`).join('')}</table>`;
}

/** A table with a header row; columns holding only numbers align right (and sort numerically). */
export function gridTable(head: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const numeric = new Set(head.map((_, i) => i).filter((i) => rows.every((row) => typeof row[i] === 'number')));
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((v, i) => `<td${numeric.has(i) ? ` class="num" data-v="${v}"` : ''}>${cell(v)}</td>`).join('')}</tr>`).join('');
  return `<table class="grid sortable"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

export function studyStatsFigure(input: ReportInput): Figure {
  const counts = TRIAL_STATES.map((s) => [s, input.trials.filter((t) => t.state === s).length] as const).filter(([, n]) => n > 0);
  const starts = input.trials.map((t) => t.datetimeStart).filter((x): x is number => x !== null);
  const ends = input.trials.map((t) => t.datetimeComplete).filter((x): x is number => x !== null);
  const durations = input.trials.map(trialDuration).filter((x): x is number => x !== null);
  const wall = starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : null;
  const best = input.directions.length === 1 ? rankedTrials(input)[0] : undefined;
  const rows: Array<[string, Cell]> = [
    ['study', input.studyName],
    ['directions', input.directions.join(', ')],
    ['trials', input.trials.length],
    ...counts.map(([s, n]) => [`  ${s.toLowerCase()}`, n] as [string, Cell]),
    ['first trial started', formatTime(starts.length ? Math.min(...starts) : null)],
    ['wall time', formatDuration(wall)],
    ['trials / s', wall && wall > 0 ? ends.length / (wall / 1000) : null],
    ['mean trial time', formatDuration(durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null)],
  ];
  if (best) {
    rows.push([`best ${objectiveName(input, 0)}`, best.values![0]], ['best trial', `#${best.number}`]);
    for (const [k, v] of Object.entries(best.params)) rows.push([`  ${k}`, v]);
  } else if (input.directions.length > 1) {
    rows.push(['completed', completedTrials(input).length]);
  }
  for (const [k, v] of Object.entries(input.studyStats ?? {})) rows.push([k, v]);
  return { id: 'study-stats', title: 'Study', body: keyValueTable(rows) };
}

export function leaderboardFigure(input: ReportInput): Figure {
  const id = 'leaderboard';
  const title = input.directions.length === 1 ? 'Best trials' : 'Completed trials';
  const top = rankedTrials(input).slice(0, LEADERBOARD);
  if (top.length === 0) return noData(id, title, 'no completed trials yet');
  const names = paramNames(input);
  const objectives = input.directions.map((_, k) => objectiveName(input, k));
  const head = ['#', ...objectives, 'duration', ...names];
  const rows = top.map((t) => [t.number, ...t.values!, formatDuration(trialDuration(t)), ...names.map((n) => t.params[n])]);
  return { id, title, wide: true, caption: `top ${top.length} by ${objectives[0]}; click a header to sort`, body: gridTable(head, rows) };
}

export function testMetricsFigure(input: ReportInput): Figure {
  const rows: Array<[string, Cell]> = Object.entries(input.testMetrics ?? {}).map(([k, v]) => [k, v]);
  const o = input.overfitting ?? {};
  if (o.deflatedSharpe !== undefined) rows.push(['deflated Sharpe ratio', o.deflatedSharpe]);
  if (o.pbo !== undefined) rows.push(['probability of backtest overfitting', o.pbo]);
  for (const [k, v] of Object.entries(o)) if (k !== 'deflatedSharpe' && k !== 'pbo') rows.push([k, v]);
  if (rows.length === 0) return noData('test-metrics', 'Test split', 'the best model was not evaluated on the test split');
  return { id: 'test-metrics', title: 'Test split', caption: 'best model, held-out test rows; overfitting figures over all trials', body: keyValueTable(rows) };
}

/** Nested records flattened to `a.b.c` keys. */
function flatten(v: unknown, prefix: string, out: Array<[string, Cell]>): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push([prefix, typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Cell)]);
  }
}

export function systemStatsFigure(input: ReportInput): Figure {
  const rows: Array<[string, Cell]> = [];
  flatten(input.systemStats ?? {}, '', rows);
  if (rows.length === 0) return noData('system-stats', 'System', 'no system stats were recorded');
  return { id: 'system-stats', title: 'System', body: keyValueTable(rows) };
}
