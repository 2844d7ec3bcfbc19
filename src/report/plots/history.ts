/** Optimization history: each finished trial's value by trial number, with the best-so-far line. */
import { createChart, pathOf, r } from '../chart.js';
import { STATE_COLORS } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import type { ReportInput } from '../report-data.js';
import { extent, linearScale } from '../scale.js';
import { objectiveName, sign, trialLabel } from '../trial-set.js';

export function historyFigure(input: ReportInput, k = 0): Figure {
  const id = `history-${k}`;
  const title = input.directions.length > 1 ? `Optimization history — ${objectiveName(input, k)}` : 'Optimization history';
  // PRUNED trials that kept a last value are drawn too (hollow): they show where pruning cut.
  const pts = input.trials.filter((t) => (t.state === 'COMPLETE' || t.state === 'PRUNED') && t.values && Number.isFinite(t.values[k]));
  const complete = pts.filter((t) => t.state === 'COMPLETE');
  if (complete.length === 0) return noData(id, title, 'no completed trials yet');
  const [ylo, yhi] = extent(pts.map((t) => t.values![k]!));
  const [xlo, xhi] = extent(input.trials.map((t) => t.number));
  const c = createChart({ title, x: linearScale(xlo, xhi), y: linearScale(ylo, yhi), xLabel: 'trial number', yLabel: objectiveName(input, k) });
  for (const t of pts) {
    const cls = t.state === 'COMPLETE' ? 'pt' : 'pt hollow';
    const col = STATE_COLORS[t.state as 'COMPLETE' | 'PRUNED'];
    c.add(
      `<circle class="mark ${cls}" data-trial="${t.number}" cx="${r(c.sx(t.number))}" cy="${r(c.sy(t.values![k]!))}" r="3.5" ` +
        `fill="${t.state === 'COMPLETE' ? col : 'none'}" stroke="${col}"><title>${escapeHtml(trialLabel(t))}</title></circle>`,
    );
  }
  const failed = input.trials.filter((t) => t.state === 'FAIL').length;
  if (input.directions.length === 1) {
    const s = sign(input.directions[0]);
    const line: Array<[number, number]> = [];
    let best = Infinity;
    for (const t of complete) {
      const v = s * t.values![0]!;
      if (v < best) {
        if (line.length) line.push([c.sx(t.number), line[line.length - 1]![1]]);
        best = v;
        line.push([c.sx(t.number), c.sy(s * best)]);
      }
    }
    line.push([c.sx(xhi), line[line.length - 1]![1]]);
    c.add(`<path class="mark best-line" d="${pathOf(line)}" fill="none" stroke="${STATE_COLORS.best}" stroke-width="2"/>`);
  }
  return {
    id,
    title,
    caption:
      `${complete.length} completed (filled)` +
      (pts.length > complete.length ? `, ${pts.length - complete.length} pruned at their last value (hollow)` : '') +
      (failed ? `, ${failed} failed (not drawn)` : '') +
      (input.directions.length === 1 ? '; green: best so far' : ''),
    body: c.svg(),
  };
}
