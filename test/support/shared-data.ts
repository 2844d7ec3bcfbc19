/**
 * Where the real market data lives (../shared/data unless CRYPTOTUNE_TEST_DATA says otherwise).
 * Tests and benches that need it skip with a printed reason when it is absent; nothing from it is
 * ever copied into the repository.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Absolute path of the shared data folder (may not exist). */
export const SHARED_DATA = resolve(process.env.CRYPTOTUNE_TEST_DATA ?? join(repoRoot, '..', 'shared', 'data'));

/** Path of a file under the shared data folder, or undefined when it is absent. */
export function sharedFile(...parts: string[]): string | undefined {
  const p = join(SHARED_DATA, ...parts);
  return existsSync(p) ? p : undefined;
}

/** The eight BTC/USDT 1-minute files 2018–2025 (4.15 M rows), or undefined when any is missing. */
export function btcYears(from = 2018, to = 2025): string[] | undefined {
  const files: string[] = [];
  for (let y = from; y <= to; y++) {
    const f = sharedFile('btcusdt-1m-binance', `btcusdt_1m_${y}.csv.gz`);
    if (!f) return undefined;
    files.push(f);
  }
  return files;
}

/** Why a data-dependent test is skipped, printed once per reason. */
const said = new Set<string>();
export function skipReason(what: string): string {
  const msg = `skipped: ${what} not found under ${SHARED_DATA} (set CRYPTOTUNE_TEST_DATA)`;
  if (!said.has(msg)) {
    said.add(msg);
    console.warn(msg);
  }
  return msg;
}
