/**
 * The `cryptotune` command. The library prints nothing; this module is where output happens.
 * Each command lives in its own file under src/cli/commands and is registered here.
 *
 * Exit codes: 0 ok, 1 failure (a coded error), 2 usage error
 * (unknown command or option, bad value, ERR_CONFIG_*), 130 interrupted by SIGINT (Ctrl-C).
 */
import { CryptotuneError } from '../errors.js';
import type { CliIo, Command } from './command.js';
import { backupCommand } from './commands/backup.js';
import { cacheCommand } from './commands/cache.js';
import { demoCommand } from './commands/demo.js';
import { optimizeCommand } from './commands/optimize.js';
import { reportCommand } from './commands/report.js';
import { restoreCommand } from './commands/restore.js';
import { resumeCommand } from './commands/resume.js';
import { studiesCommand } from './commands/studies.js';
import { workerCommand } from './commands/worker.js';

export const COMMANDS: readonly Command[] = [
  optimizeCommand,
  resumeCommand,
  workerCommand,
  reportCommand,
  studiesCommand,
  cacheCommand,
  backupCommand,
  restoreCommand,
  demoCommand,
];

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

function usage(): string {
  const lines = ['usage: cryptotune <command> [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push('', "run 'cryptotune <command> --help' for a command's options", 'exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C)');
  return lines.join('\n');
}

/** The exit code an error maps to (see the file comment). */
export function exitCodeOf(err: unknown, signal?: AbortSignal): number {
  if (err instanceof CryptotuneError) {
    if (err.code === 'ERR_ABORTED') return EXIT.interrupted;
    if (err.code === 'ERR_CLI_USAGE' || err.code.startsWith('ERR_CONFIG_')) return EXIT.usage;
  }
  return signal?.aborted ? EXIT.interrupted : EXIT.failure;
}

function processIo(signal: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}

/** Run the CLI; resolves to the process exit code. Errors are printed (as JSON with `--json`), never thrown. */
export async function main(argv: readonly string[], io: CliIo = processIo(new AbortController().signal)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(usage() + '\n');
    return name ? EXIT.ok : EXIT.usage;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`cryptotune: unknown command '${name}'\n\n${usage()}\n`);
    return EXIT.usage;
  }
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
    io.stdout.write(cmd.help + '\n');
    return EXIT.ok;
  }
  try {
    const code = await cmd.run(rest, io);
    return io.signal.aborted && code !== EXIT.ok ? EXIT.interrupted : code;
  } catch (err) {
    const code = exitCodeOf(err, io.signal);
    const coded = err instanceof CryptotuneError;
    const message = err instanceof Error ? err.message : String(err);
    if (rest.includes('--json')) {
      io.stderr.write(JSON.stringify({ error: { code: coded ? err.code : 'ERR_INTERNAL', message, exitCode: code } }) + '\n');
    } else {
      io.stderr.write(`cryptotune ${name}: ${message}${coded ? ` [${err.code}]` : ''}\n`);
      if (!coded && err instanceof Error && err.stack && io.env.CRYPTOTUNE_DEBUG) io.stderr.write(err.stack + '\n');
    }
    return code;
  }
}

/**
 * Entry of the `cryptotune` binary: process argv and streams; the first Ctrl-C aborts the running
 * command (it stops and releases what it holds, exit 130), a second one ends the process at once
 * by re-raising SIGINT with the default action (the shell sees 130). `process.exit` is not used
 * for that: it waits for a thread stuck in a blocking call (a read from a pipe, a slow disk).
 */
export async function runFromProcess(): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      process.off('SIGINT', onSigint);
      process.kill(process.pid, 'SIGINT');
      return;
    }
    process.stderr.write('\ncryptotune: interrupted — stopping (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await main(process.argv.slice(2), processIo(controller.signal));
  } finally {
    process.off('SIGINT', onSigint);
  }
}
