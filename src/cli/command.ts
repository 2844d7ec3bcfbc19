/** A CLI subcommand: its name, one-line summary, full help and runner (resolves to an exit code). */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}
