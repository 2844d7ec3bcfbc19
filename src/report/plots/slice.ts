/** Slice plots: the objective against each parameter on its own (categoricals jittered within their band). */
import { createChart, r } from '../chart.js';
import { ramp } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { jitter, paramAxis } from '../param-axis.js';
import type { ReportInput } from '../report-data.js';
import { extent, linearScale } from '../scale.js';
import { completedTrials, objectiveName, paramNames, trialLabel } from '../trial-set.js';

const MAX_SLICES = 12;

export function sliceFigures(input: ReportInput): Figure[] {
  const trials = completedTrials(input);
  const names = paramNames(input).slice(0, MAX_SLICES);
  if (trials.length === 0) return [noData('slice', 'Slice plots', 'no completed trials yet')];
  if (names.length === 0) return [noData('slice', 'Slice plots', 'the trials have no parameters')];
  const [ylo, yhi] = extent(trials.map((t) => t.values![0]!));
  const [nlo, nhi] = extent(trials.map((t) => t.number));
  const y = linearScale(ylo, yhi);
  return names.map((name, i) => {
    const id = `slice-${i}`;
    const title = `Slice: ${name}`;
    const axis = paramAxis(name, trials);
    const has = trials.filter((t) => name in t.params);
    if (!axis || has.length === 0) return noData(id, title, `no completed trial has ${name}`);
    const c = createChart({ title, width: 320, height: 240, x: axis.scale, y, xLabel: name, yLabel: objectiveName(input, 0) });
    const band = axis.categorical ? 0.6 / Math.max(1, axis.scale.ticks().length) : 0;
    for (const t of has) {
      const u = axis.unit(t.params[name]!) + band * jitter(t.number);
      c.add(
        `<circle class="mark pt" data-trial="${t.number}" cx="${r(c.px(u))}" cy="${r(c.sy(t.values![0]!))}" r="3" ` +
          `fill="${ramp(nhi > nlo ? (t.number - nlo) / (nhi - nlo) : 0.5)}"><title>${escapeHtml(trialLabel(t))}</title></circle>`,
      );
    }
    return { id, title, caption: `${has.length} trials; colour: trial number (bright = later)`, body: c.svg() };
  });
}
