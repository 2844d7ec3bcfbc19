/**
 * The CLI's argument parser: a command declares typed options and positionals once; the same
 * declaration parses argv (values checked and converted, environment fallbacks applied) and
 * writes the command's `--help`. Bad usage throws CliError `ERR_CLI_USAGE` (exit code 2).
 *
 * Forms accepted: `--name value`, `--name=value`, `-n value`, `--flag`, `--no-flag`, repeated or
 * comma-separated values for lists, and `--` to end options.
 */
import { CliError } from '../errors.js';

export type OptionType = 'string' | 'number' | 'integer' | 'boolean' | 'list';

export interface OptionSpec {
  type: OptionType;
  description: string;
  short?: string;
  /** Name of the value in the help (`--trials N`). */
  placeholder?: string;
  default?: string | number | boolean | readonly string[];
  required?: boolean;
  /** Allowed values (string and list options). */
  choices?: readonly string[];
  /** Environment variable read when the option is not given (before the default). */
  env?: string;
  /** Smallest allowed value (number and integer options). */
  min?: number;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
}

export interface CommandSpec {
  /** Full name as typed, e.g. `studies ls`. */
  name: string;
  summary: string;
  /** Paragraphs printed under the usage line. */
  description?: string;
  options: Record<string, OptionSpec>;
  positionals?: readonly PositionalSpec[];
  examples?: readonly string[];
}

type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean'
  ? boolean
  : O['type'] extends 'number' | 'integer'
    ? number
    : O['type'] extends 'list'
      ? string[]
      : string;

/** Parsed option values: options with a default or `required` are always present. */
export type ParsedOptions<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K] extends { default: unknown } | { required: true } | { type: 'boolean' } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

export interface ParsedArgs<S extends Record<string, OptionSpec>> {
  options: ParsedOptions<S>;
  positionals: string[];
}

function usage(spec: CommandSpec, message: string): CliError {
  return new CliError('ERR_CLI_USAGE', `${message}; see 'cryptotune ${spec.name} --help'`, { command: spec.name });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function convert(spec: CommandSpec, key: string, o: OptionSpec, raw: string): string | number {
  const flag = `--${kebab(key)}`;
  if (o.type === 'number' || o.type === 'integer') {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) throw usage(spec, `${flag} expects a number, got '${raw}'`);
    if (o.type === 'integer' && !Number.isInteger(v)) throw usage(spec, `${flag} expects an integer, got '${raw}'`);
    if (o.min !== undefined && v < o.min) throw usage(spec, `${flag} must be ≥ ${o.min}, got ${v}`);
    return v;
  }
  if (o.choices && !o.choices.includes(raw)) throw usage(spec, `${flag} must be one of ${o.choices.join(', ')}, got '${raw}'`);
  return raw;
}

/** Parse argv against a spec (see the file comment). `env` supplies the environment fallbacks. */
export function parseArgs<S extends Record<string, OptionSpec>>(spec: CommandSpec & { options: S }, argv: readonly string[], env: Record<string, string | undefined> = process.env): ParsedArgs<S> {
  const byFlag = new Map<string, string>();
  for (const key of Object.keys(spec.options)) {
    byFlag.set(`--${kebab(key)}`, key);
    const short = spec.options[key]!.short;
    if (short) byFlag.set(`-${short}`, key);
  }
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let flag = eq > 0 ? arg.slice(0, eq) : arg;
    let inline: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    let negated = false;
    if (!byFlag.has(flag) && flag.startsWith('--no-') && byFlag.has(`--${flag.slice(5)}`)) {
      flag = `--${flag.slice(5)}`;
      negated = true;
    }
    const key = byFlag.get(flag);
    if (key === undefined) throw usage(spec, `unknown option '${flag}'`);
    const o = spec.options[key]!;
    if (o.type === 'boolean') {
      if (inline !== undefined && !['true', 'false'].includes(inline)) throw usage(spec, `${flag} takes no value (or =true/=false), got '${inline}'`);
      values[key] = negated ? false : inline !== 'false';
      continue;
    }
    if (negated) throw usage(spec, `--no-${kebab(key)} is only for on/off options`);
    if (inline === undefined) {
      if (i + 1 >= argv.length) throw usage(spec, `${flag} needs a value`);
      inline = argv[++i]!;
    }
    if (o.type === 'list') {
      const list = (values[key] as string[] | undefined) ?? [];
      for (const part of inline.split(',').filter((s) => s !== '')) list.push(convert(spec, key, o, part) as string);
      values[key] = list;
    } else {
      values[key] = convert(spec, key, o, inline);
    }
  }
  for (const [key, o] of Object.entries(spec.options)) {
    if (values[key] !== undefined) continue;
    const fromEnv = o.env ? env[o.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      if (o.type === 'boolean') values[key] = !['0', 'false', 'no', ''].includes(fromEnv.toLowerCase());
      else if (o.type === 'list') values[key] = fromEnv.split(',').filter(Boolean).map((p) => convert(spec, key, o, p));
      else values[key] = convert(spec, key, o, fromEnv);
    } else if (o.default !== undefined) {
      values[key] = Array.isArray(o.default) ? [...o.default] : o.default;
    } else if (o.type === 'boolean') {
      values[key] = false;
    } else if (o.required) {
      throw usage(spec, `--${kebab(key)} is required`);
    }
  }
  const pos = spec.positionals ?? [];
  const needed = pos.filter((p) => p.required !== false).length;
  if (positionals.length < needed) throw usage(spec, `missing ${pos.slice(positionals.length, needed).map((p) => `<${p.name}>`).join(' ')}`);
  if (positionals.length > pos.length) throw usage(spec, `unexpected argument '${positionals[pos.length]}'`);
  return { options: values as ParsedOptions<S>, positionals };
}

/** Whether argv asks for help (before `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** The `--help` text of a command, generated from its spec. */
export function helpText(spec: CommandSpec): string {
  const pos = (spec.positionals ?? []).map((p) => (p.required === false ? `[${p.name}]` : `<${p.name}>`)).join(' ');
  const lines = [`usage: cryptotune ${spec.name}${pos ? ` ${pos}` : ''} [options]`, '', spec.summary];
  if (spec.description) lines.push('', spec.description);
  if (spec.positionals?.length) {
    lines.push('', 'arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
  }
  lines.push('', 'options:');
  const entries = Object.entries(spec.options).map(([key, o]) => {
    const ph = o.type === 'boolean' ? '' : ` ${o.placeholder ?? (o.type === 'number' || o.type === 'integer' ? 'N' : o.type === 'list' ? 'A,B' : 'VALUE')}`;
    const flag = `${o.short ? `-${o.short}, ` : ''}--${kebab(key)}${ph}`;
    const notes = [
      o.choices ? `one of ${o.choices.join('|')}` : null,
      o.default !== undefined && o.default !== false ? `default ${Array.isArray(o.default) ? o.default.join(',') : String(o.default)}` : null,
      o.env ? `env ${o.env}` : null,
      o.required ? 'required' : null,
    ].filter(Boolean);
    return [flag, `${o.description}${notes.length ? ` (${notes.join('; ')})` : ''}`] as const;
  });
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([f]) => f.length)) + 2;
  for (const [f, d] of entries) lines.push(`  ${f.padEnd(width)}${d}`);
  if (spec.examples?.length) {
    lines.push('', 'examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  lines.push('', 'exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C)');
  return lines.join('\n');
}
