/** Intermediate values: each trial's reported learning curve by step; pruned trials end in a cross. */
import { createChart, pathOf, r } from '../chart.js';
import { STATE_COLORS } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import type { ReportInput } from '../report-data.js';
import { extent, linearScale } from '../scale.js';
import { trialLabel } from '../trial-set.js';

/** Curves drawn at most (the latest trials): beyond this the plot is a solid block and the file balloons. */
const MAX_CURVES = 400;

export function intermediateFigure(input: ReportInput): Figure {
  const id = 'intermediate';
  const title = 'Intermediate values';
  const curves = input.trials
    .map((t) => ({
      t,
      pts: Object.entries(t.intermediateValues)
        .map(([k, v]) => [Number(k), v] as [number, number])
        .filter(([, v]) => Number.isFinite(v))
        .sort((a, b) => a[0] - b[0]),
    }))
    .filter((c) => c.pts.length > 0);
  if (curves.length === 0) return noData(id, title, 'no trial reported intermediate values');
  const reported = curves.length;
  curves.splice(0, Math.max(0, curves.length - MAX_CURVES));
  const [xlo, xhi] = extent(curves.flatMap((c) => c.pts.map((p) => p[0])));
  const [ylo, yhi] = extent(curves.flatMap((c) => c.pts.map((p) => p[1])));
  const c = createChart({ title, x: linearScale(xlo, xhi), y: linearScale(ylo, yhi), xLabel: 'step', yLabel: 'intermediate value' });
  let pruned = 0;
  for (const { t, pts } of curves) {
    const col = STATE_COLORS[t.state] ?? STATE_COLORS.RUNNING;
    const xy = pts.map(([s, v]) => [c.sx(s), c.sy(v)] as [number, number]);
    const label = `<title>${escapeHtml(trialLabel(t))}</title>`;
    if (xy.length > 1) c.add(`<path class="mark curve" data-trial="${t.number}" d="${pathOf(xy)}" fill="none" stroke="${col}" opacity="0.7">${label}</path>`);
    const [x, y] = xy[xy.length - 1]!;
    if (t.state === 'PRUNED') {
      pruned++;
      c.add(`<path class="mark pruned" data-trial="${t.number}" d="M${r(x - 4)} ${r(y - 4)}L${r(x + 4)} ${r(y + 4)}M${r(x - 4)} ${r(y + 4)}L${r(x + 4)} ${r(y - 4)}" stroke="${col}" stroke-width="2">${label}</path>`);
    } else {
      c.add(`<circle class="mark pt" data-trial="${t.number}" cx="${r(x)}" cy="${r(y)}" r="2.5" fill="${col}">${label}</circle>`);
    }
  }
  return { id, title, caption: `${reported} trials reported${reported > curves.length ? ` (latest ${curves.length} drawn)` : ''}; ${pruned} pruned (orange, ended by ×); blue: completed`, body: c.svg() };
}
