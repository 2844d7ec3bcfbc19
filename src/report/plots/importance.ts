/** Parameter importances as horizontal bars, most important on top. */
import { r } from '../chart.js';
import { escapeHtml } from '../escape.js';
import { noData, type Figure } from '../figure.js';
import { formatNumber } from '../format.js';
import type { ReportInput } from '../report-data.js';

export function importanceFigure(input: ReportInput): Figure {
  const id = 'importance';
  const title = 'Parameter importances';
  const imp = Object.entries(input.importances ?? {}).filter(([, v]) => Number.isFinite(v));
  if (imp.length === 0) return noData(id, title, 'importances need at least two completed trials sharing a parameter');
  imp.sort((a, b) => b[1] - a[1]);
  const rowH = 24;
  const left = 150;
  const width = 640;
  const barW = width - left - 70;
  const height = imp.length * rowH + 16;
  const max = Math.max(...imp.map(([, v]) => v), 1e-12);
  const rows = imp.map(([name, v], i) => {
    const y = 8 + i * rowH;
    const w = Math.max(1, (v / max) * barW);
    return (
      `<text class="tick" x="${left - 8}" y="${y + rowH / 2}" dy="0.32em" text-anchor="end">${escapeHtml(name)}</text>` +
      `<rect class="mark bar" x="${left}" y="${y + 3}" width="${r(w)}" height="${rowH - 6}"><title>${escapeHtml(name)}: ${formatNumber(v)}</title></rect>` +
      `<text class="tick" x="${r(left + w + 6)}" y="${y + rowH / 2}" dy="0.32em">${formatNumber(v)}</text>`
    );
  });
  return {
    id,
    title,
    caption: 'fANOVA: share of the objective variance explained by each parameter alone (first objective)',
    body: `<svg class="plot" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows.join('')}</svg>`,
  };
}
