/**
 * Python peers (pandas, pyarrow, Optuna, XGBoost, LightGBM) run for real in a virtualenv that the
 * bench creates under .bench/venv with pip. When Python or the registry is missing, the peer is
 * reported as skipped, never replaced by a typed-in figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const venv = join(root, '.bench', 'venv');
const python = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

/** The peer packages; xgboost-cpu is XGBoost's official CPU-only wheel (no CUDA libraries to fetch). */
const PACKAGES = ['pandas', 'pyarrow', 'optuna>=4,<5', 'cmaes', 'xgboost-cpu', 'lightgbm', 'scikit-learn', 'catboost',
  // Optuna's RDBStorage on PostgreSQL (bench/suites/storage.ts).
  'psycopg2-binary'];

let ready: { ok: true } | { ok: false; reason: string } | undefined;

/** Create the virtualenv and install the peers once; later calls reuse it. */
export function ensurePythonPeers(): { ok: true } | { ok: false; reason: string } {
  if (ready) return ready;
  if (process.env.CRYPTOTUNE_BENCH_NO_PYTHON === '1') return (ready = { ok: false, reason: 'CRYPTOTUNE_BENCH_NO_PYTHON=1' });
  if (!existsSync(python)) {
    const sys = process.env.PYTHON ?? 'python3';
    const mk = spawnSync(sys, ['-m', 'venv', venv], { encoding: 'utf8' });
    if (mk.status !== 0) return (ready = { ok: false, reason: `cannot create a virtualenv with ${sys}: ${(mk.stderr || mk.error?.message || '').trim().slice(0, 200)}` });
  }
  const check = spawnSync(python, ['-c', "import pandas, pyarrow, optuna, cmaes, xgboost, lightgbm, sklearn, psycopg2; assert optuna.__version__.startswith('4.')"], { encoding: 'utf8' });
  if (check.status !== 0) {
    const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', ...PACKAGES], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (pip.status !== 0) return (ready = { ok: false, reason: `pip install failed: ${(pip.stderr ?? '').trim().slice(-300)}` });
  }
  return (ready = { ok: true });
}

/**
 * Run bench/peers/<script> with JSON arguments; the script prints one JSON object on its last
 * stdout line. Returns the object, or a skip reason.
 */
export function runPythonPeer<T>(script: string, args: unknown, env: Record<string, string> = {}): { ok: true; value: T } | { ok: false; reason: string } {
  const env0 = ensurePythonPeers();
  if (!env0.ok) return env0;
  const r = spawnSync(python, [join(root, 'bench', 'peers', script), JSON.stringify(args)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) return { ok: false, reason: `${script} failed: ${(r.stderr || '').trim().slice(-400)}` };
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, value: JSON.parse(last) as T };
  } catch {
    return { ok: false, reason: `${script} printed no JSON result` };
  }
}
