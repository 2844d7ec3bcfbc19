import { statSync } from 'node:fs';
import { writeReport } from '../../report/html-report.js';
import { reportInputFromStorage } from '../../report/report-data.js';
import { defineCommand } from '../command.js';
import { STORAGE_OPTION, withStorage } from '../storage-option.js';
import { resolveStudyName, STUDY_OPTION, studyFileName } from '../study-option.js';

export const reportCommand = defineCommand(
  {
    name: 'report',
    summary: 'write the HTML report of a study (one self-contained file)',
    description:
      'Reads the study from the store and writes one HTML file with inline plots: optimization history,\n' +
      'parameter importances, parallel coordinates, slices, contour, intermediate values, Pareto front,\n' +
      'fold stability, the test equity curve and stats. The file loads nothing from the network.',
    options: {
      storage: STORAGE_OPTION,
      study: STUDY_OPTION,
      objectives: { type: 'list', placeholder: 'NAMES', description: 'names of the objectives, e.g. auc,sharpe (default: the study attribute objective_names)' },
      out: { type: 'string', short: 'o', placeholder: 'FILE', description: 'where to write the report (default <study>-report.html)' },
      json: { type: 'boolean', description: 'print {"path", "study", "trials", "bytes"} as JSON' },
    },
    examples: ['cryptotune report --storage .cryptotune/store --study xgb-seed -o xgb.html', 'cryptotune report --storage exported-study.json'],
  },
  async ({ options, print, printJson }) => {
    const { path, study, trials } = await withStorage(options.storage, {}, async (storage) => {
      const study = await resolveStudyName(storage, options.study);
      const input = await reportInputFromStorage(storage, study, options.objectives ? { objectiveNames: options.objectives } : {});
      const path = options.out ?? studyFileName(study, '-report.html');
      await writeReport(path, input);
      return { path, study, trials: input.trials.length };
    });
    const { size } = statSync(path);
    if (options.json) printJson({ path, study, trials, bytes: size });
    else print(`report of ${study} (${trials} trials) written to ${path}`);
  },
);
