/**
 * The frame every x/y plot draws into: an SVG of a given size with a plot area, grid lines, tick
 * labels and axis titles. Plots add their marks with pixel helpers; every data mark carries class
 * `mark` (the browser test counts them to catch empty plots) and, where it belongs to a trial,
 * `data-trial` so hovering highlights that trial in every plot.
 */
import { escapeHtml } from './escape.js';
import type { Scale } from './scale.js';

export interface ChartOptions {
  width?: number;
  height?: number;
  x: Scale;
  y: Scale;
  xLabel: string;
  yLabel: string;
  /** Accessible name of the figure. */
  title: string;
}

export interface Chart {
  readonly width: number;
  readonly height: number;
  /** [0, 1] along x → pixel. */
  px(u: number): number;
  /** [0, 1] along y (0 = bottom) → pixel. */
  py(u: number): number;
  /** Data value → pixel through the x / y scale. */
  sx(v: number): number;
  sy(v: number): number;
  /** Append SVG markup inside the plot area (clipped). */
  add(markup: string): void;
  /** Append SVG markup on top, not clipped (legends, notes). */
  overlay(markup: string): void;
  svg(): string;
}

let clipCounter = 0;

/** Pixel coordinate rounded to 0.1 px (keeps the file small). */
export function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

export function createChart(o: ChartOptions): Chart {
  const width = o.width ?? 640;
  const height = o.height ?? 340;
  const m = { left: 62, right: 16, top: 14, bottom: 46 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const px = (u: number): number => m.left + u * w;
  const py = (u: number): number => m.top + (1 - u) * h;
  const body: string[] = [];
  const over: string[] = [];
  const clip = `clip${++clipCounter}`;
  const axes = (): string => {
    const out: string[] = [];
    for (const t of o.x.ticks()) {
      if (t.at < -1e-9 || t.at > 1 + 1e-9) continue;
      const x = r(px(t.at));
      out.push(`<line class="grid" x1="${x}" x2="${x}" y1="${m.top}" y2="${m.top + h}"/>`);
      out.push(`<text class="tick" x="${x}" y="${m.top + h + 16}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
    }
    for (const t of o.y.ticks()) {
      if (t.at < -1e-9 || t.at > 1 + 1e-9) continue;
      const y = r(py(t.at));
      out.push(`<line class="grid" x1="${m.left}" x2="${m.left + w}" y1="${y}" y2="${y}"/>`);
      out.push(`<text class="tick" x="${m.left - 6}" y="${y}" dy="0.32em" text-anchor="end">${escapeHtml(t.label)}</text>`);
    }
    out.push(`<rect class="frame" x="${m.left}" y="${m.top}" width="${w}" height="${h}"/>`);
    out.push(`<text class="axis-label" x="${m.left + w / 2}" y="${height - 8}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`);
    out.push(
      `<text class="axis-label" transform="translate(14 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(o.yLabel)}</text>`,
    );
    return out.join('');
  };
  return {
    width,
    height,
    px,
    py,
    sx: (v) => px(o.x.map(v)),
    sy: (v) => py(o.y.map(v)),
    add: (s) => void body.push(s),
    overlay: (s) => void over.push(s),
    svg: () =>
      `<svg class="plot" role="img" aria-label="${escapeHtml(o.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
      `<defs><clipPath id="${clip}"><rect x="${m.left}" y="${m.top}" width="${w}" height="${h}"/></clipPath></defs>` +
      axes() +
      `<g clip-path="url(#${clip})">${body.join('')}</g>${over.join('')}</svg>`,
  };
}

/** A polyline path through pixel points (`M x y L x y …`), or '' with fewer than two. */
export function pathOf(points: ReadonlyArray<readonly [number, number]>): string {
  if (points.length < 2) return '';
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${r(x)} ${r(y)}`).join('');
}
