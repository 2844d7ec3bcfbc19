/** The best model's equity curve on the test split, after fees and slippage (benchmark dashed). */
import { createChart, pathOf } from '../chart.js';
import { STATE_COLORS } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { formatNumber } from '../format.js';
import type { ReportInput } from '../report-data.js';
import { extent, linearScale, timeScale } from '../scale.js';

export function equityFigure(input: ReportInput): Figure {
  const id = 'equity';
  const title = 'Equity of the best model on the test split';
  const e = input.equity;
  const n = e ? Math.min(e.times.length, e.equity.length) : 0;
  if (!e || n < 2) return noData(id, title, 'no test-split equity curve was recorded (run evaluateBest first)');
  const times = Array.from(e.times).slice(0, n);
  const eq = Array.from(e.equity).slice(0, n);
  const bench = e.benchmark && e.benchmark.length >= n ? Array.from(e.benchmark).slice(0, n) : null;
  const [tlo, thi] = extent(times);
  const [ylo, yhi] = extent([...eq, ...(bench ?? []), 1]);
  const c = createChart({ title, x: timeScale(tlo, thi), y: linearScale(ylo, yhi), xLabel: 'time (UTC)', yLabel: 'equity (× start)', width: 900 });
  c.add(`<line class="baseline" x1="${c.px(0)}" x2="${c.px(1)}" y1="${c.sy(1)}" y2="${c.sy(1)}" stroke="#999" stroke-dasharray="2 3"/>`);
  const line = (vals: number[]): string =>
    pathOf(times.map((t, i) => [c.sx(t), c.sy(vals[i]!)] as [number, number]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  if (bench) c.add(`<path class="mark benchmark" d="${line(bench)}" fill="none" stroke="#6b7280" stroke-dasharray="5 4"><title>benchmark</title></path>`);
  c.add(`<path class="mark equity" d="${line(eq)}" fill="none" stroke="${STATE_COLORS.COMPLETE}" stroke-width="1.8"><title>${escapeHtml(e.label ?? 'strategy')}</title></path>`);
  const costs = [e.feeBps !== undefined ? `fees ${formatNumber(e.feeBps)} bp` : null, e.slippageBps !== undefined ? `slippage ${formatNumber(e.slippageBps)} bp` : null].filter(Boolean).join(', ');
  return {
    id,
    title,
    wide: true,
    caption: `${e.label ?? 'strategy'}: final ${formatNumber(eq[n - 1]!)}× over ${n} bars${costs ? ` after ${costs}` : ''}${bench ? '; dashed: benchmark' : ''}`,
    body: c.svg(),
  };
}
