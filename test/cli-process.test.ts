/**
 * The CLI as a real process: exit codes reach the shell, and Ctrl-C (SIGINT) is handled — the
 * first one aborts the command and says so, a second one ends a command that cannot stop (130).
 */
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./support/cli-entry.ts', import.meta.url));

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(signal === 'SIGINT' ? 128 + 2 : code)));
  return { child, done, out: () => out, err: () => err };
}

describe('cryptotune as a process', () => {
  it('exits 0 on --help and 2 on a usage error', async () => {
    const help = start(['report', '--help']);
    expect(await help.done).toBe(0);
    expect(help.out()).toContain('usage: cryptotune report');
    const bad = start(['report', '--bogus']);
    expect(await bad.done).toBe(2);
    expect(bad.err()).toContain("unknown option '--bogus'");
  });

  it.skipIf(process.platform === 'win32')('Ctrl-C: the first SIGINT announces the stop, a second one ends a stuck command with 130', async () => {
    // Opening a FIFO blocks until a writer comes: a command stuck where it cannot poll its signal.
    const fifo = join(mkdtempSync(join(tmpdir(), 'cryptotune-sigint-')), 'stuck.json');
    execFileSync('mkfifo', [fifo]);
    const p = start(['studies', 'ls', '--storage', fifo]);
    // A non-blocking writer can open the FIFO only once the CLI is waiting to read it, so its
    // SIGINT handler is installed by then. Holding the writer open keeps the read stuck.
    let writer = -1;
    for (let i = 0; i < 600 && writer < 0; i++) {
      try {
        writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(writer).toBeGreaterThanOrEqual(0);
    p.child.kill('SIGINT');
    for (let i = 0; i < 50 && !p.err().includes('interrupted'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(p.err()).toContain('interrupted — stopping');
    p.child.kill('SIGINT');
    expect(await p.done).toBe(130);
    closeSync(writer);
  });
});
