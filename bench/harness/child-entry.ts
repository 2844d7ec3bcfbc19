// Entry of a measuring child process (see child-measure.ts).
import { pathToFileURL } from 'node:url';

const [modulePath, exportName, args] = process.argv.slice(2);
const mod = (await import(pathToFileURL(modulePath!).href)) as Record<string, (a: unknown) => Promise<unknown> | unknown>;
const value = await mod[exportName!]!(JSON.parse(args!));
process.stdout.write(JSON.stringify({ value, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
