/**
 * The single import point of the native binding. Nothing else in src/ knows napi exists: other
 * modules call `native()` for the binding and go through `callNative` so that core errors come
 * back as `CryptotuneError` subclasses with their codes, rows and columns.
 */
import { createRequire } from 'node:module';
import { errorFromCode, NativeError, type CryptotuneError } from './errors.js';
import type * as Binding from '../native/binding.cjs';

export type NativeBinding = typeof Binding;

let binding: NativeBinding | undefined;

function platformName(): string {
  const { platform, arch } = process;
  if (platform !== 'linux') return `${platform}-${arch}`;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return `${platform}-${arch}-${report?.header?.glibcVersionRuntime ? 'gnu' : 'musl'}`;
}

/** Platforms a prebuilt binary is published for (package.json "napi.targets"). */
export const PREBUILT_PLATFORMS = [
  'linux-x64-gnu',
  'linux-arm64-gnu',
  'linux-x64-musl',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
] as const;

/**
 * The loaded binding. Throws `ERR_NATIVE_BINDING_MISSING` naming the platform when no prebuilt
 * binary exists for it, or `ERR_NATIVE_BINDING_LOAD` when the platform is supported but its binary
 * failed to load (a broken install).
 */
export function native(): NativeBinding {
  if (binding) return binding;
  const require = createRequire(import.meta.url);
  try {
    binding = require('../native/binding.cjs') as NativeBinding;
  } catch (cause) {
    const name = platformName();
    if ((PREBUILT_PLATFORMS as readonly string[]).includes(name)) {
      throw new NativeError(
        'ERR_NATIVE_BINDING_LOAD',
        `the cryptotune native binary for ${name} failed to load (${(cause as Error)?.message ?? cause}). ` +
          'Reinstall the package (npm ci) or rebuild it from source with `npm rebuild cryptotune` (needs Rust).',
        { platform: name },
        { cause },
      );
    }
    throw new NativeError(
      'ERR_NATIVE_BINDING_MISSING',
      `cryptotune has no prebuilt native binary for ${name} (prebuilt: ${PREBUILT_PLATFORMS.join(', ')}). ` +
        'Install Rust (https://rustup.rs) and run `npm rebuild cryptotune` to build one for this platform.',
      { platform: name },
      { cause },
    );
  }
  return binding;
}

const ENVELOPE = 'CRYPTOTUNE_CORE_ERROR';

/** Turn a thrown native error into a `CryptotuneError`; other errors pass through unchanged. */
export function translateNativeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const at = err.message.indexOf(ENVELOPE);
  if (at < 0) return err;
  try {
    const body = JSON.parse(err.message.slice(at + ENVELOPE.length)) as {
      code: string;
      message: string;
      row: number | null;
      column: string | null;
    };
    const details: { row?: number; column?: string } = {};
    if (body.row !== null) details.row = body.row;
    if (body.column !== null) details.column = body.column;
    const where = [details.row !== undefined ? `line ${details.row}` : '', details.column ? `column '${details.column}'` : '']
      .filter(Boolean)
      .join(', ');
    return errorFromCode(body.code, where ? `${body.message} (${where})` : body.message, details);
  } catch {
    return err;
  }
}

/** Run a native call, rethrowing core failures as coded errors. */
export function callNative<T>(fn: (b: NativeBinding) => T): T {
  const b = native();
  try {
    return fn(b);
  } catch (err) {
    throw translateNativeError(err) as CryptotuneError | Error;
  }
}
