// Entry of a measuring child process (see child-measure.ts).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Peak RSS of this process's own address space. getrusage's maxrss is not it: Linux carries the
// parent's high-water mark across fork and exec, so a child spawned by a big bench process would
// report at least the parent's size. VmHWM belongs to the mm that exec created.
function peakRssBytes(): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

const [modulePath, exportName, args] = process.argv.slice(2);
const mod = (await import(pathToFileURL(modulePath!).href)) as Record<string, (a: unknown) => Promise<unknown> | unknown>;
const value = await mod[exportName!]!(JSON.parse(args!));
process.stdout.write(JSON.stringify({ value, maxRssBytes: peakRssBytes() }) + '\n');
