/**
 * The HTML report opened in headless Chromium: generated from real studies (Study engine, synthetic
 * objectives with pruning, failures and categorical parameters; NSGA-II for two objectives), it
 * must load with no console errors, no page errors and no network requests, and every plot SVG must
 * hold drawn marks; degenerate studies must say "No data" instead of drawing empty plots.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, writeReport } from '../src/report/html-report.js';
import { reportInputFromStorage, type ReportInput } from '../src/report/report-data.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { createStudy } from '../src/study/study.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { findChromium } from './support/chromium.js';
import { runParetoStudy, runTuningStudy, syntheticEquity } from './support/report-studies.js';

const executablePath = findChromium();
if (!executablePath) console.warn('report-browser: skipped — no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
const dir = mkdtempSync(join(tmpdir(), 'cryptotune-report-'));
let browser: Browser;

interface PageCheck {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  plots: Array<{ id: string; marks: number }>;
  /** Elements highlighted after hovering the first trial mark. */
  highlighted: number;
  noData: string[];
  title: string;
}

/** Open a report file and collect what went wrong plus the marks drawn in each plot. */
async function openReport(file: string, screenshot?: string): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const url = pathToFileURL(file).href;
  const out: PageCheck = { consoleErrors: [], pageErrors: [], requests: [], plots: [], highlighted: 0, noData: [], title: '' };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => out.pageErrors.push(e.message));
  page.on('request', (r) => {
    if (r.url() !== url) out.requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  // Hover a trial mark so the inline script runs (errors in it would show as page errors).
  const mark = page.locator('[data-trial]').first();
  if (await mark.count()) {
    await mark.hover({ force: true });
    out.highlighted = await page.locator('.hl').count();
  }
  const sortable = page.locator('table.sortable th').nth(1);
  if (await sortable.count()) await sortable.click();
  out.plots = await page.$$eval('svg.plot', (svgs) =>
    svgs.map((s) => ({ id: s.closest('section')?.id ?? '?', marks: s.querySelectorAll('.mark').length })),
  );
  out.noData = await page.$$eval('[data-no-data]', (els) => els.map((e) => e.getAttribute('data-no-data') ?? ''));
  out.title = await page.title();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return out;
}

function expectClean(c: PageCheck): void {
  expect(c.consoleErrors).toEqual([]);
  expect(c.pageErrors).toEqual([]);
  expect(c.requests).toEqual([]);
  for (const p of c.plots) expect(p.marks, `plot in #${p.id} has no drawn marks`).toBeGreaterThan(0);
}

describe.skipIf(!executablePath)('HTML report in headless Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a pruned single-objective study renders every plot with marks, no errors and no network', async () => {
    const storage = new MemoryStorage();
    await runTuningStudy(storage, 'xgboost-seed');
    const input = await reportInputFromStorage(storage, 'xgboost-seed', {
      equity: syntheticEquity(),
      testMetrics: { auc: 0.71, sharpe: 1.4, maxDrawdown: -0.12 },
      overfitting: { deflatedSharpe: 0.83, pbo: 0.21, nTrials: 60 },
      systemStats: { workers: 2, memory: { budgetMb: 2048, peakMb: 311 }, cache: { hits: 12, misses: 48 } },
    });
    expect(input.trials.some((t) => t.state === 'PRUNED')).toBe(true);
    expect(input.trials.some((t) => t.state === 'FAIL')).toBe(true);
    const file = join(dir, 'single.html');
    await writeReport(file, input);
    const shot = join(dir, 'single.png');
    const c = await openReport(file, shot);
    console.log(`report-browser: screenshot ${shot}`);
    expectClean(c);
    const ids = c.plots.map((p) => p.id);
    for (const id of ['history-0', 'importance', 'intermediate', 'parallel', 'contour', 'slice-0', 'slice-3', 'folds', 'equity']) expect(ids).toContain(id);
    expect(c.noData).toEqual([]);
    expect(ids).not.toContain('pareto');
    // Hovering a trial highlights it in the other plots too.
    expect(c.highlighted).toBeGreaterThan(2);
  });

  it('a two-objective study gets a Pareto front and a history per objective', async () => {
    const storage = new MemoryStorage();
    await runParetoStudy(storage, 'zdt1');
    const file = join(dir, 'pareto.html');
    await writeReport(file, await reportInputFromStorage(storage, 'zdt1'));
    const c = await openReport(file, join(dir, 'pareto.png'));
    expectClean(c);
    expect(c.plots.map((p) => p.id)).toEqual(expect.arrayContaining(['pareto', 'history-0', 'history-1', 'contour']));
    expect(c.plots.find((p) => p.id === 'pareto')!.marks).toBeGreaterThan(60);
  });

  it('a study with no trials says "No data" for every plot instead of drawing empty ones', async () => {
    const file = join(dir, 'empty.html');
    await writeReport(file, { studyName: 'empty', directions: ['minimize'], trials: [] });
    const c = await openReport(file);
    expectClean(c);
    expect(c.plots).toEqual([]);
    expect(c.noData).toEqual(expect.arrayContaining(['history-0', 'importance', 'intermediate', 'parallel', 'contour', 'slice', 'folds', 'equity', 'leaderboard']));
  });

  it('one categorical parameter: slices and parallel coordinates drawn, the contour says it needs two', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'one-cat', storage, sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => ({ a: 1, b: 2, c: 0.5 })[t.suggestCategorical('kind', ['a', 'b', 'c'])]!, { nTrials: 12 });
    const file = join(dir, 'one-cat.html');
    await writeReport(file, await reportInputFromStorage(storage, 'one-cat'));
    const c = await openReport(file, join(dir, 'one-cat.png'));
    expectClean(c);
    expect(c.plots.map((p) => p.id)).toEqual(expect.arrayContaining(['history-0', 'slice-0', 'parallel', 'importance']));
    expect(c.noData).toContain('contour');
  });

  it('a study name with <script> is shown as text and never runs', async () => {
    const name = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"'&`;
    const input: ReportInput = { studyName: name, directions: ['minimize'], trials: [] };
    const html = renderReport(input);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    const file = join(dir, 'escape.html');
    writeFileSync(file, html);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => void requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });
});
