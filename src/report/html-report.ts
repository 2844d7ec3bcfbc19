/**
 * The HTML report: one self-contained file (inline CSS, inline SVG plots, a few lines of inline JS
 * for hover highlighting and table sorting). It loads nothing — no fonts, scripts, images or
 * styles from the network — so it opens offline and can be mailed or archived as is. Every string
 * that comes from the study is escaped (see escape.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { escapeHtml } from './escape.js';
import { figureHtml, type Figure } from './figure.js';
import { formatTime } from './format.js';
import { contourFigure } from './plots/contour.js';
import { equityFigure } from './plots/equity.js';
import { foldStabilityFigure } from './plots/fold-stability.js';
import { historyFigure } from './plots/history.js';
import { importanceFigure } from './plots/importance.js';
import { intermediateFigure } from './plots/intermediate.js';
import { parallelCoordinatesFigure } from './plots/parallel-coordinates.js';
import { paretoFigure } from './plots/pareto.js';
import { sliceFigures } from './plots/slice.js';
import { leaderboardFigure, studyStatsFigure, systemStatsFigure, testMetricsFigure } from './plots/stats-tables.js';
import { safeImportances, type ReportInput } from './report-data.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#f3f4f6}
header{background:#111827;color:#f9fafb;padding:18px 28px}
header h1{margin:0;font-size:22px;font-weight:600;word-break:break-all}
header p{margin:4px 0 0;color:#9ca3af}
nav{padding:8px 28px;background:#e5e7eb;font-size:13px}
nav a{color:#1d4ed8;margin-right:14px;text-decoration:none}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(660px,1fr));gap:16px;padding:16px 28px 40px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08);padding:12px 16px;min-width:0}
.card.wide{grid-column:1/-1}
.card h2{font-size:15px;margin:0 0 2px;font-weight:600}
.caption{margin:0 0 8px;color:#6b7280;font-size:12px}
.figure{overflow-x:auto}
.slices{display:flex;flex-wrap:wrap;gap:8px}
.slices .card{box-shadow:none;padding:0}
svg.plot{display:block;max-width:100%;height:auto;font-size:11px}
svg.legend{display:block;font-size:11px;margin-top:4px}
svg .grid{stroke:#e5e7eb}
svg .frame{fill:none;stroke:#9ca3af}
svg .axis{stroke:#6b7280}
svg .tick{fill:#4b5563}
svg .axis-label{fill:#111827;font-size:12px}
svg .bar{fill:#2563eb}
svg .pc-line{stroke-width:1.3;opacity:.75}
svg .best-line,svg .front-line,svg .cell,svg .baseline,svg .whisker,svg .median{pointer-events:none}
svg .hl{stroke:#ef4444!important;stroke-width:3!important;opacity:1!important}
.no-data{color:#92400e;background:#fffbeb;border:1px dashed #f59e0b;border-radius:6px;padding:18px;margin:0;text-align:center}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{padding:3px 8px;border-bottom:1px solid #f3f4f6;text-align:left;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.kv th{color:#4b5563;font-weight:500;width:45%}
table.sortable th{cursor:pointer;background:#f9fafb}
footer{color:#9ca3af;font-size:12px;padding:0 28px 24px}
`;

// Hover a mark: highlight that trial everywhere. Click a header: sort the table by that column.
const JS = `
(function(){
  var on=null;
  function set(n,v){var els=document.querySelectorAll('[data-trial="'+n+'"]');for(var i=0;i<els.length;i++)els[i].classList.toggle('hl',v);}
  document.addEventListener('mouseover',function(e){var t=e.target.closest&&e.target.closest('[data-trial]');var n=t?t.getAttribute('data-trial'):null;if(n===on)return;if(on!==null)set(on,false);on=n;if(n!==null)set(n,true);});
  var heads=document.querySelectorAll('table.sortable th');
  for(var i=0;i<heads.length;i++)heads[i].addEventListener('click',function(e){
    var th=e.currentTarget,table=th.closest('table'),col=Array.prototype.indexOf.call(th.parentNode.children,th);
    var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),dir=th.getAttribute('data-dir')==='asc'?-1:1;
    th.setAttribute('data-dir',dir>0?'asc':'desc');
    function key(r){var c=r.cells[col];var v=c.getAttribute('data-v');return v!==null?Number(v):c.textContent;}
    rows.sort(function(a,b){var x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*dir;});
    for(var j=0;j<rows.length;j++)body.appendChild(rows[j]);
  });
})();
`;

/** All figures of a report, in display order. */
export function reportFigures(input: ReportInput): Figure[] {
  const figs: Figure[] = [studyStatsFigure(input), testMetricsFigure(input)];
  for (let k = 0; k < input.directions.length; k++) figs.push(historyFigure(input, k));
  const pareto = paretoFigure(input);
  if (pareto) figs.push(pareto);
  figs.push(importanceFigure(input), intermediateFigure(input), parallelCoordinatesFigure(input), contourFigure(input), foldStabilityFigure(input), equityFigure(input));
  figs.push(leaderboardFigure(input), systemStatsFigure(input));
  return figs;
}

/** Render the report as one HTML document (a pure function of `input`). */
export function renderReport(input: ReportInput): string {
  // Importances are computed here when the caller did not bring them (null means "known unavailable").
  const data: ReportInput = input.importances === undefined ? { ...input, importances: safeImportances(input.trials) } : input;
  const figs = reportFigures(data);
  const slices = sliceFigures(data);
  const sliceCard =
    slices.length === 1 && slices[0]!.body === null
      ? figureHtml(slices[0]!)
      : `<section class="card wide" id="slices"><h2>Slice plots</h2><p class="caption">the first objective against each parameter, most important first</p><div class="slices">${slices.map(figureHtml).join('')}</div></section>`;
  // Slices go after the contour.
  const at = figs.findIndex((f) => f.id === 'contour') + 1;
  const cards = [...figs.slice(0, at).map(figureHtml), sliceCard, ...figs.slice(at).map(figureHtml)];
  const nav = [...figs.slice(0, at), { id: 'slices', title: 'Slice plots' }, ...figs.slice(at)]
    .map((f) => `<a href="#${escapeHtml(f.id)}">${escapeHtml(f.title)}</a>`)
    .join('');
  const name = escapeHtml(data.studyName);
  const when = formatTime(data.generatedAt ?? Date.now());
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<title>cryptotune report — ${name}</title><style>${CSS}</style></head><body>` +
    `<header><h1>${name}</h1><p>cryptotune study report · ${escapeHtml(data.directions.join(', '))} · ${data.trials.length} trials · generated ${escapeHtml(when)}</p></header>` +
    `<nav>${nav}</nav><main>${cards.join('')}</main>` +
    `<footer>Self-contained file: no network access. Hover a point or line to highlight its trial in every plot.</footer>` +
    `<script>${JS}</script></body></html>`
  );
}

/** Render and write the report to `path` (parent folders created). */
export async function writeReport(path: string, input: ReportInput): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderReport(input));
}
