// `npm install` hook: keep a working native addon in place. A prebuilt binary (from the
// per-platform optional dependency or an earlier build) is used as is; otherwise the addon is
// compiled from crates/ in release mode, which needs only Rust (cargo) on the PATH.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function loads() {
  try {
    require(join(root, 'native', 'binding.cjs'));
    return true;
  } catch {
    return false;
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === 0;
}

if (process.env.CRYPTOTUNE_SKIP_NATIVE_BUILD === '1') process.exit(0);
if (!process.env.CRYPTOTUNE_FORCE_NATIVE_BUILD && loads()) process.exit(0);

const napiCli = join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js');
let ok = false;
if (existsSync(napiCli)) {
  ok = run(process.execPath, [
    napiCli, 'build', '--platform', '--release',
    '--manifest-path', 'crates/node/Cargo.toml', '--package-json-path', 'package.json',
    '--output-dir', 'native', '--js', 'binding.cjs', '--dts', 'binding.d.cts',
  ]);
} else {
  // Installed from the registry without a prebuilt binary for this platform: plain cargo.
  ok = run('cargo', ['build', '--release', '-p', 'cryptotune-node']);
  if (ok) {
    const { platform, arch } = process;
    const libc = platform === 'linux' ? (process.report?.getReport()?.header?.glibcVersionRuntime ? '-gnu' : '-musl') : '';
    const abi = platform === 'win32' ? '-msvc' : libc;
    const lib = platform === 'win32' ? 'cryptotune_node.dll' : platform === 'darwin' ? 'libcryptotune_node.dylib' : 'libcryptotune_node.so';
    mkdirSync(join(root, 'native'), { recursive: true });
    copyFileSync(join(root, 'target', 'release', lib), join(root, 'native', `cryptotune.${platform}-${arch}${abi}.node`));
  }
}
if (!ok || !loads()) {
  console.error(
    'cryptotune: no prebuilt native binary fits this platform and building one failed. ' +
      'Install Rust (https://rustup.rs) and run `npm rebuild cryptotune`.',
  );
  process.exit(1);
}
