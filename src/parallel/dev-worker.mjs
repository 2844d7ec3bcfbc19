// Worker bootstrap used only when cryptotune runs from its TypeScript sources (tests, bench):
// worker threads do not inherit the tsx loader, so register it here, then load the TS entry.
// Compiled installs point piscina at dist/parallel/worker-entry.js directly.
import { register } from 'tsx/esm/api';

register();
const entry = await import('./worker-entry.ts');
export default entry.default;
