/**
 * The report as text (no browser needed): user strings escaped wherever they appear (study name,
 * parameter names, categorical choices, attribute values), "No data" cards for degenerate inputs,
 * and the figures computed from real trials (best-so-far, Pareto membership, fold boxes).
 */
import { describe, expect, it } from 'vitest';
import { reportFigures, renderReport } from '../src/report/html-report.js';
import { reportInputFromStorage, type ReportInput } from '../src/report/report-data.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { paretoFront } from '../src/study/pareto.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { createStudy } from '../src/study/study.js';
import { runParetoStudy, runTuningStudy, syntheticEquity } from './support/report-studies.js';

const EVIL = `"><script>alert(1)</script><svg onload=alert(2)>`;

describe('escaping', () => {
  it('parameter names, categorical choices and stats never reach the HTML unescaped', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: EVIL, storage, sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat(`x${EVIL}`, 0, 1);
        const c = t.suggestCategorical('kind', [EVIL, 'plain']);
        return x + (c === 'plain' ? 1 : 0);
      },
      { nTrials: 12 },
    );
    const input = await reportInputFromStorage(storage, EVIL, { systemStats: { [EVIL]: EVIL }, testMetrics: { [EVIL]: 1 } });
    const html = renderReport(input);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The only script element is the report's own.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('degenerate inputs', () => {
  it('no trials: every figure says "No data" with a reason, none draws a frame', () => {
    const figs = reportFigures({ studyName: 'e', directions: ['maximize'], trials: [] });
    const drawn = figs.filter((f) => f.body?.includes('<svg'));
    expect(drawn).toEqual([]);
    for (const f of figs.filter((f) => f.body === null)) expect(f.noData).toMatch(/\w/);
    expect(renderReport({ studyName: 'e', directions: ['maximize'], trials: [] })).toContain('No data: no completed trials yet');
  });

  it('only failed trials: the history says there are no completed trials', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'fails', storage });
    await study.optimize(
      (t) => {
        t.suggestFloat('x', 0, 1);
        throw new Error('always');
      },
      { nTrials: 3 },
    );
    const figs = reportFigures(await reportInputFromStorage(storage, 'fails'));
    expect(figs.find((f) => f.id === 'history-0')).toMatchObject({ body: null, noData: 'no completed trials yet' });
    expect(figs.find((f) => f.id === 'study-stats')!.body).toMatch(/fail<\/th><td>3</);
  });
});

describe('odd but valid studies draw finite marks', () => {
  it('a constant objective, a categorical top parameter and a fixed parameter give no NaN coordinates', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'odd', storage, sampler: new RandomSampler({ seed: 2 }) });
    await study.optimize(
      (t) => {
        t.suggestCategorical('c', ['a', 'b', 'c']);
        t.suggestFloat('x', 0, 1);
        t.suggestInt('fixed', 4, 4);
        return 1;
      },
      { nTrials: 8 },
    );
    const html = renderReport(await reportInputFromStorage(storage, 'odd'));
    expect(html).not.toMatch(/="[^"]*(NaN|Infinity)[^"]*"/);
    for (const id of ['history-0', 'contour', 'parallel', 'slice-0', 'slice-2']) expect(html).toMatch(new RegExp(`id="${id}"><h2>[^<]*</h2>(<p class="caption">[^<]*</p>)?<div class="figure"><svg`));
  });
});

describe('figures from real studies', () => {
  it('the best-so-far line and stats follow the best trial of a maximised study; fold boxes for the top trials', async () => {
    const storage = new MemoryStorage();
    await runTuningStudy(storage, 's', 40);
    const input: ReportInput = { ...(await reportInputFromStorage(storage, 's')), equity: syntheticEquity(50) };
    const best = await storage.getBestTrial(await storage.getStudyIdFromName('s'));
    const figs = reportFigures(input);
    const stats = figs.find((f) => f.id === 'study-stats')!.body!;
    expect(stats).toContain(`<th>best trial</th><td>#${best.number}</td>`);
    expect(figs.find((f) => f.id === 'history-0')!.body).toContain('best-line');
    const folds = figs.find((f) => f.id === 'folds')!.body!;
    const boxes = [...folds.matchAll(/class="mark box" data-trial="(\d+)"/g)].map((m) => Number(m[1]));
    expect(boxes[0]).toBe(best.number);
    expect(boxes.length).toBe(Math.min(10, Object.keys(input.foldScores!).length));
    expect(figs.find((f) => f.id === 'equity')!.caption).toContain('fees 10 bp, slippage 5 bp');
  });

  it('the Pareto figure marks exactly the non-dominated trials', async () => {
    const storage = new MemoryStorage();
    await runParetoStudy(storage, 'p', 30);
    const input = await reportInputFromStorage(storage, 'p');
    const body = reportFigures(input).find((f) => f.id === 'pareto')!.body!;
    const marked = [...body.matchAll(/class="mark pt front" data-trial="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(marked).toEqual(paretoFront(input.trials, input.directions).map((t) => t.number));
    expect(marked.length).toBeGreaterThan(1);
  });
});
