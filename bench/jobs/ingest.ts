// Jobs run inside a measuring child process (see harness/child-measure.ts).
import { Frame } from '../../src/index.js';

export async function ingestFiles(args: { files: string[]; threads: number }): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const f = await Frame.fromFile(args.files, { threads: args.threads });
  return { ms: performance.now() - t0, rows: f.rows };
}
