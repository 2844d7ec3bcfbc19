/** Pareto front of a multi-objective study on its first two objectives; the front joined as a staircase. */
import { createChart, pathOf, r } from '../chart.js';
import { STATE_COLORS } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { paretoFront } from '../../study/pareto.js';
import type { ReportInput } from '../report-data.js';
import { extent, linearScale } from '../scale.js';
import { completedTrials, objectiveName, trialLabel } from '../trial-set.js';

/** Null for single-objective studies (the report then has no Pareto section). */
export function paretoFigure(input: ReportInput): Figure | null {
  if (input.directions.length < 2) return null;
  const id = 'pareto';
  const title = 'Pareto front';
  const trials = completedTrials(input);
  if (trials.length === 0) return noData(id, title, 'no completed trials yet');
  const front = paretoFront(trials, input.directions);
  const onFront = new Set(front.map((t) => t.number));
  const [xlo, xhi] = extent(trials.map((t) => t.values![0]!));
  const [ylo, yhi] = extent(trials.map((t) => t.values![1]!));
  const c = createChart({ title, x: linearScale(xlo, xhi), y: linearScale(ylo, yhi), xLabel: `${objectiveName(input, 0)} (${input.directions[0]})`, yLabel: `${objectiveName(input, 1)} (${input.directions[1]})` });
  const sorted = [...front].sort((a, b) => a.values![0]! - b.values![0]!);
  if (input.directions.length === 2 && sorted.length > 1) {
    const steps: Array<[number, number]> = [];
    sorted.forEach((t, i) => {
      const p: [number, number] = [c.sx(t.values![0]!), c.sy(t.values![1]!)];
      if (i) steps.push([p[0], steps[steps.length - 1]![1]]);
      steps.push(p);
    });
    c.add(`<path class="mark front-line" d="${pathOf(steps)}" fill="none" stroke="${STATE_COLORS.best}" stroke-width="1.5"/>`);
  }
  for (const t of trials) {
    const best = onFront.has(t.number);
    c.add(
      `<circle class="mark pt${best ? ' front' : ''}" data-trial="${t.number}" cx="${r(c.sx(t.values![0]!))}" cy="${r(c.sy(t.values![1]!))}" r="${best ? 4.5 : 3}" ` +
        `fill="${best ? STATE_COLORS.best : '#9ca3af'}"><title>${escapeHtml(trialLabel(t))}</title></circle>`,
    );
  }
  return {
    id,
    title,
    caption:
      `${front.length} Pareto-optimal of ${trials.length} completed (green)` +
      (input.directions.length > 2 ? `; first two of ${input.directions.length} objectives shown` : ''),
    body: c.svg(),
  };
}
