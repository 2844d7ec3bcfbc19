// The CommonJS build: one bundle of the ESM output. `import.meta.url` is replaced by the bundle's
// own file URL, which sits in dist/ beside the ESM files, so every path computed from it (the
// native loader, the worker entry) resolves the same way in both builds.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/index.js'],
  outfile: 'dist/index.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  define: { 'import.meta.url': '__cryptotuneModuleUrl' },
  banner: { js: "const __cryptotuneModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
