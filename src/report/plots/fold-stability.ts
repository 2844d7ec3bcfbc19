/** Fold stability: per-fold validation scores of the best trials as box plots with the folds as dots. */
import { createChart, r } from '../chart.js';
import { STATE_COLORS } from '../color.js';
import { noData, type Figure } from '../figure.js';
import { formatNumber } from '../format.js';
import type { ReportInput } from '../report-data.js';
import { bandScale, extent, linearScale } from '../scale.js';
import { rankedTrials } from '../trial-set.js';

const TOP = 10;

/** Linear-interpolated quantile of sorted values (as numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const p = (sorted.length - 1) * q;
  const i = Math.floor(p);
  return i + 1 < sorted.length ? sorted[i]! + (p - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

export function foldStabilityFigure(input: ReportInput): Figure {
  const id = 'folds';
  const title = 'Fold stability of the top trials';
  const scores = input.foldScores ?? {};
  const top = rankedTrials(input)
    .filter((t) => (scores[t.number]?.filter(Number.isFinite).length ?? 0) > 0)
    .slice(0, TOP);
  if (top.length === 0) return noData(id, title, 'no per-fold scores were recorded');
  const sets = top.map((t) => [...scores[t.number]!].filter(Number.isFinite).sort((a, b) => a - b));
  const [lo, hi] = extent(sets.flat());
  const x = bandScale(top.map((t) => `#${t.number}`));
  const c = createChart({ title, x, y: linearScale(lo, hi), xLabel: 'trial (best first)', yLabel: 'fold score' });
  const half = (c.px(1 / top.length) - c.px(0)) * 0.3;
  sets.forEach((s, i) => {
    const cx = c.px(x.map(i));
    const [q1, med, q3] = [quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)];
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, s.length - 1));
    const tip = `<title>#${top[i]!.number}: ${s.length} folds, mean ${formatNumber(mean)}, sd ${formatNumber(sd)}, min ${formatNumber(s[0])}, max ${formatNumber(s[s.length - 1])}</title>`;
    const t = top[i]!.number;
    c.add(`<line class="mark whisker" x1="${r(cx)}" x2="${r(cx)}" y1="${r(c.sy(s[0]!))}" y2="${r(c.sy(s[s.length - 1]!))}" stroke="#555"/>`);
    c.add(
      `<rect class="mark box" data-trial="${t}" x="${r(cx - half)}" y="${r(c.sy(q3))}" width="${r(2 * half)}" height="${r(Math.max(1, c.sy(q1) - c.sy(q3)))}" fill="#dbeafe" stroke="${STATE_COLORS.COMPLETE}">${tip}</rect>`,
    );
    c.add(`<line class="mark median" x1="${r(cx - half)}" x2="${r(cx + half)}" y1="${r(c.sy(med))}" y2="${r(c.sy(med))}" stroke="${STATE_COLORS.COMPLETE}" stroke-width="2"/>`);
    s.forEach((v, j) => {
      const dx = s.length > 1 ? (j / (s.length - 1) - 0.5) * half : 0;
      c.add(`<circle class="mark fold" cx="${r(cx + dx)}" cy="${r(c.sy(v))}" r="2.5" fill="#111" opacity="0.7"/>`);
    });
  });
  return { id, title, caption: `box: quartiles, line: median, whiskers: min–max, dots: folds; ${top.length} best trials with fold scores`, body: c.svg() };
}
