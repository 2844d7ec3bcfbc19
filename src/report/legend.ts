/** The colour key under plots coloured by objective value: the ramp from worst to best with its end values. */
import { ramp } from './color.js';
import { escapeHtml } from './escape.js';
import { formatNumber } from './format.js';

let gradientCounter = 0;

/** A small SVG (class `legend`, not a plot) mapping the ramp to [lo, hi]; `bestHigh` puts bright at hi. */
export function rampLegend(label: string, lo: number, hi: number, bestHigh: boolean): string {
  const id = `ramp${++gradientCounter}`;
  const stops = Array.from({ length: 9 }, (_, i) => {
    const t = i / 8;
    return `<stop offset="${t}" stop-color="${ramp(bestHigh ? t : 1 - t)}"/>`;
  }).join('');
  return (
    `<svg class="legend" viewBox="0 0 540 30" width="540" height="30" role="img" aria-label="colour key">` +
    `<defs><linearGradient id="${id}">${stops}</linearGradient></defs>` +
    `<text class="tick" x="0" y="19">${escapeHtml(label)}</text>` +
    `<text class="tick" x="176" y="19" text-anchor="end">${formatNumber(lo)}</text>` +
    `<rect x="182" y="8" width="180" height="14" fill="url(#${id})" rx="2"/>` +
    `<text class="tick" x="368" y="19">${formatNumber(hi)} (${bestHigh ? 'high' : 'low'} = better)</text></svg>`
  );
}
