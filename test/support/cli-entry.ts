// The CLI as a process, from source (what bin/cryptotune.js does with the built files).
import { runFromProcess } from '../../src/cli/main.js';

process.exitCode = await runFromProcess();
