/**
 * Contour of the two most important parameters: the objective interpolated on a 32 × 32 grid by
 * inverse-distance weighting (power 2, in axis units) of the completed trials, trials on top.
 */
import { createChart, r } from '../chart.js';
import { ramp } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { rampLegend } from '../legend.js';
import { paramAxis } from '../param-axis.js';
import type { ReportInput } from '../report-data.js';
import { extent } from '../scale.js';
import { completedTrials, objectiveName, paramNames, sign, trialLabel } from '../trial-set.js';

const GRID = 32;

export function contourFigure(input: ReportInput): Figure {
  const id = 'contour';
  const title = 'Contour of the top two parameters';
  const trials = completedTrials(input);
  const names = paramNames(input);
  if (names.length < 2) return noData(id, title, `needs two parameters, the study has ${names.length}`);
  const [px, py] = [names[0]!, names[1]!];
  const ax = paramAxis(px, trials);
  const ay = paramAxis(py, trials);
  const pts = ax && ay ? trials.filter((t) => px in t.params && py in t.params) : [];
  if (!ax || !ay || pts.length < 2) return noData(id, title, `needs two completed trials with both ${px} and ${py}`);
  const xs = pts.map((t) => ax.unit(t.params[px]!));
  const ys = pts.map((t) => ay.unit(t.params[py]!));
  const vs = pts.map((t) => t.values![0]!);
  const [lo, hi] = extent(vs);
  const s = sign(input.directions[0]);
  const tone = (v: number): string => {
    const u = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    return ramp(s < 0 ? u : 1 - u);
  };
  const c = createChart({ title, x: ax.scale, y: ay.scale, xLabel: px, yLabel: py, height: 380 });
  const cell = 1 / GRID;
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      const ux = (gx + 0.5) * cell;
      const uy = (gy + 0.5) * cell;
      let num = 0;
      let den = 0;
      let exact = NaN;
      for (let i = 0; i < pts.length; i++) {
        const d2 = (xs[i]! - ux) ** 2 + (ys[i]! - uy) ** 2;
        if (d2 < 1e-12) exact = vs[i]!;
        const w = 1 / (d2 + 1e-9);
        num += w * vs[i]!;
        den += w;
      }
      const v = Number.isFinite(exact) ? exact : num / den;
      const x0 = c.px(gx * cell);
      const y0 = c.py((gy + 1) * cell);
      c.add(`<rect class="mark cell" x="${r(x0)}" y="${r(y0)}" width="${r(c.px(cell) - c.px(0) + 0.6)}" height="${r(c.py(0) - c.py(cell) + 0.6)}" fill="${tone(v)}"/>`);
    }
  }
  pts.forEach((t, i) => {
    c.add(
      `<circle class="mark pt" data-trial="${t.number}" cx="${r(c.px(xs[i]!))}" cy="${r(c.py(ys[i]!))}" r="3" fill="#fff" stroke="#111">` +
        `<title>${escapeHtml(trialLabel(t))}</title></circle>`,
    );
  });
  return {
    id,
    title,
    caption: `${objectiveName(input, 0)} interpolated between ${pts.length} trials (bright = better); white dots: trials`,
    body: c.svg() + rampLegend(objectiveName(input, 0), lo, hi, s < 0),
  };
}
