/**
 * Parallel coordinates: one vertical axis for the objective and one per parameter (most important
 * first, at most 10), one line per completed trial coloured by its objective value.
 */
import { pathOf, r } from '../chart.js';
import { ramp } from '../color.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { rampLegend } from '../legend.js';
import { paramAxis, type ParamAxis } from '../param-axis.js';
import type { ReportInput } from '../report-data.js';
import { extent, linearScale } from '../scale.js';
import { completedTrials, objectiveName, paramNames, sign, trialLabel } from '../trial-set.js';

const MAX_AXES = 10;
/** Lines drawn at most (the best trials), so big studies stay readable and the file small. */
const MAX_LINES = 1000;

export function parallelCoordinatesFigure(input: ReportInput): Figure {
  const id = 'parallel';
  const title = 'Parallel coordinates';
  const trials = completedTrials(input);
  if (trials.length === 0) return noData(id, title, 'no completed trials yet');
  const axes = paramNames(input)
    .slice(0, MAX_AXES)
    .map((n) => paramAxis(n, trials))
    .filter((a): a is ParamAxis => a !== null);
  if (axes.length === 0) return noData(id, title, 'the trials have no parameters');
  const [lo, hi] = extent(trials.map((t) => t.values![0]!));
  const objScale = linearScale(lo, hi, { pad: 0 });
  const width = Math.max(640, 110 * (axes.length + 1));
  const height = 360;
  const top = 24;
  const bottom = 40;
  const left = 56;
  const step = (width - left - 56) / axes.length;
  const ax = (i: number): number => left + i * step;
  const ay = (u: number): number => top + (1 - u) * (height - top - bottom);
  const s = sign(input.directions[0]);
  const colorOf = (v: number): string => ramp(s < 0 ? objScale.map(v) : 1 - objScale.map(v));
  const out: string[] = [];
  // Worst first, so the best lines are drawn on top.
  const sorted = [...trials].sort((a, b) => s * (b.values![0]! - a.values![0]!)).slice(-MAX_LINES);
  for (const t of sorted) {
    const pts: Array<[number, number]> = [[ax(0), ay(objScale.map(t.values![0]!))]];
    axes.forEach((a, i) => {
      const u = t.params[a.name] === undefined ? NaN : a.unit(t.params[a.name]!);
      if (Number.isFinite(u)) pts.push([ax(i + 1), ay(u)]);
    });
    out.push(
      `<path class="mark pc-line" data-trial="${t.number}" d="${pathOf(pts)}" fill="none" stroke="${colorOf(t.values![0]!)}"><title>${escapeHtml(trialLabel(t))}</title></path>`,
    );
  }
  const axisMarkup = [{ name: objectiveName(input, 0), scale: objScale }, ...axes].map((a, i) => {
    const x = r(ax(i));
    const ticks = a.scale
      .ticks()
      .filter((tk) => tk.at >= -1e-9 && tk.at <= 1 + 1e-9)
      .map((tk) => `<text class="tick" x="${r(ax(i) - 5)}" y="${r(ay(tk.at))}" dy="0.32em" text-anchor="end">${escapeHtml(tk.label)}</text>`)
      .join('');
    return (
      `<line class="axis" x1="${x}" x2="${x}" y1="${top}" y2="${height - bottom}"/>${ticks}` +
      `<text class="axis-label" x="${x}" y="${height - bottom + 20}" text-anchor="middle">${escapeHtml(a.name)}</text>`
    );
  });
  return {
    id,
    title,
    wide: true,
    caption: `${trials.length} completed trials${trials.length > MAX_LINES ? ` (best ${MAX_LINES} drawn)` : ''}; colour: ${objectiveName(input, 0)} (bright = better)`,
    body: `<svg class="plot" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${out.join('')}${axisMarkup.join('')}</svg>` + rampLegend(objectiveName(input, 0), lo, hi, s < 0),
  };
}
