/**
 * A CLI command: its spec (options, positionals, help) and its handler. `defineCommand` joins the
 * two so parsing, `--help` and the handler's typed options come from one declaration;
 * `defineGroup` makes a command with subcommands (`studies ls`, `cache clear`).
 */
import { helpText, parseArgs, wantsHelp, type CommandSpec, type OptionSpec, type ParsedOptions } from './args.js';
import { CliError } from '../errors.js';

/** Where a command writes and what it may read: the process's streams in `cryptotune`, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C (SIGINT); long commands pass it on and stop. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  help: string;
  /** Resolves to the exit code (0 ok, 1 failure, 2 usage, 130 interrupted). */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export interface CommandContext<S extends Record<string, OptionSpec>> {
  options: ParsedOptions<S>;
  positionals: string[];
  io: CliIo;
  /** Write text to stdout (a newline is added). */
  print(text: string): void;
  /** Write one JSON document to stdout (for `--json`). */
  printJson(value: unknown): void;
}

/** A command from its spec and handler (the handler returns an exit code, or nothing for 0). */
export function defineCommand<S extends Record<string, OptionSpec>>(
  spec: CommandSpec & { options: S },
  handler: (ctx: CommandContext<S>) => Promise<number | void> | number | void,
): Command {
  const help = helpText(spec);
  return {
    name: spec.name.split(' ').pop()!,
    summary: spec.summary,
    help,
    async run(argv, io) {
      if (wantsHelp(argv)) {
        io.stdout.write(help + '\n');
        return 0;
      }
      const { options, positionals } = parseArgs(spec, argv, io.env);
      const code = await handler({
        options,
        positionals,
        io,
        print: (text) => void io.stdout.write(text.endsWith('\n') ? text : text + '\n'),
        printJson: (value) => void io.stdout.write(JSON.stringify(value, jsonReplacer) + '\n'),
      });
      return code ?? 0;
    },
  };
}

/** Typed arrays print as arrays, non-finite numbers as null (JSON has neither). */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** A command whose first argument picks one of `subcommands`. */
export function defineGroup(name: string, summary: string, subcommands: readonly Command[]): Command {
  const help = [
    `usage: cryptotune ${name} <subcommand> [options]`,
    '',
    summary,
    '',
    'subcommands:',
    ...subcommands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    `run 'cryptotune ${name} <subcommand> --help' for a subcommand's options`,
  ].join('\n');
  return {
    name,
    summary,
    help,
    async run(argv, io) {
      const [sub, ...rest] = argv;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        (sub ? io.stdout : io.stderr).write(help + '\n');
        return sub ? 0 : 2;
      }
      const cmd = subcommands.find((c) => c.name === sub);
      if (!cmd) throw new CliError('ERR_CLI_USAGE', `unknown subcommand '${name} ${sub}'; one of ${subcommands.map((c) => c.name).join(', ')}`);
      return cmd.run(rest, io);
    },
  };
}
