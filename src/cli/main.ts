/**
 * The `cryptotune` command. The library prints nothing; this module is where output happens.
 * Each command lives in its own file under src/cli/commands and is registered here.
 */
import { CryptotuneError } from '../errors.js';
import { demoCommand } from './commands/demo.js';
import { storeCommand } from './commands/store.js';
import type { Command } from './command.js';

const COMMANDS: Command[] = [demoCommand, storeCommand];

function usage(): string {
  const lines = ['usage: cryptotune <command> [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push('', "run 'cryptotune <command> --help' for a command's options");
  return lines.join('\n');
}

/** Run the CLI; resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`cryptotune: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(cmd.help + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof CryptotuneError) {
      process.stderr.write(`cryptotune ${name}: ${err.message} [${err.code}]\n`);
      return err.code.startsWith('ERR_CONFIG') || err.code === 'ERR_CLI_USAGE' ? 2 : 1;
    }
    throw err;
  }
}
