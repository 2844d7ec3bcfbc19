/** What each plot module returns: a titled section holding either its SVG or why there is nothing to draw. */
import { escapeHtml } from './escape.js';

export interface Figure {
  /** Stable id (anchor in the report). */
  id: string;
  title: string;
  /** One line under the title: what is drawn, how to read it. */
  caption?: string;
  /** SVG markup (or HTML such as a table); null when there is no data. */
  body: string | null;
  /** Why there is nothing to draw (shown as "No data: …"). */
  noData?: string;
  /** Span the whole report width. */
  wide?: boolean;
}

export function noData(id: string, title: string, reason: string): Figure {
  return { id, title, body: null, noData: reason };
}

/** The HTML of a figure's card. */
export function figureHtml(f: Figure): string {
  const body = f.body ?? `<p class="no-data" data-no-data="${escapeHtml(f.id)}">No data: ${escapeHtml(f.noData ?? 'nothing to show')}</p>`;
  return (
    `<section class="card${f.wide ? ' wide' : ''}" id="${escapeHtml(f.id)}"><h2>${escapeHtml(f.title)}</h2>` +
    (f.caption ? `<p class="caption">${escapeHtml(f.caption)}</p>` : '') +
    `<div class="figure">${body}</div></section>`
  );
}
