/**
 * Cache keys: a stable SHA-256 over everything that decides a trial's result — the dataset
 * fingerprint, the feature plan's hash, the split spec, the model family, the parameters and the
 * library version — like the Python system's `generateKey`, but canonical: object keys are sorted,
 * -0 is 0, integral floats print as integers, so `{ a: 1, b: 2.0 }` and `{ b: 2, a: 1 }` give the
 * same key, and any change of a part gives another.
 */
import { createHash } from 'node:crypto';
import { StorageError } from '../errors.js';
import { VERSION } from '../version.js';

/** A dataset is named by a fingerprint string, an object carrying one, raw bytes, or plain JSON. */
export type DatasetRef = string | { fingerprint: string } | { hash: string } | ArrayBuffer | ArrayBufferView | readonly ArrayBufferView[] | Record<string, unknown>;

export interface CacheKeyParts {
  /** Fingerprint of the data (see `datasetFingerprint`), or the data itself (hashed). */
  dataset: DatasetRef;
  /** A FeaturePlan (its `hash` is used), a hash string, or the list of feature specs. */
  featurePlan: string | { hash: string } | readonly unknown[] | Record<string, unknown>;
  /** The split spec (or a Split, whose `spec` is used). */
  split: unknown;
  /** Model family: 'xgboost', 'lightgbm', 'catboost', 'linear', … */
  family: string;
  /** Hyper-parameters (JSON scalars, arrays, objects). */
  params: Record<string, unknown>;
  /** Library version (default: this library's); results of other versions never match. */
  version?: string;
}

function isView(x: unknown): x is ArrayBufferView {
  return ArrayBuffer.isView(x);
}

function bytesOf(x: ArrayBuffer | SharedArrayBuffer | ArrayBufferView): Uint8Array {
  return isView(x) ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength) : new Uint8Array(x);
}

/**
 * A fingerprint of raw data: SHA-256 over each array's type, length and bytes. Pass a Frame's or
 * feature matrix's columns (typed arrays or SharedArrayBuffers) to name a dataset by its content.
 */
export function datasetFingerprint(arrays: ArrayBufferView | ArrayBuffer | SharedArrayBuffer | readonly (ArrayBufferView | ArrayBuffer | SharedArrayBuffer)[]): string {
  const list = Array.isArray(arrays) ? arrays : [arrays as ArrayBufferView];
  const h = createHash('sha256');
  for (const a of list) {
    const bytes = bytesOf(a);
    h.update(`${isView(a) ? a.constructor.name : 'ArrayBuffer'}:${bytes.byteLength};`);
    h.update(bytes);
  }
  return `sha256:${h.digest('hex')}`;
}

/** Canonical JSON: sorted keys, normalised numbers, non-finite numbers and bigints tagged. */
export function canonicalJson(value: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown, where: string): string => {
    if (v === null || v === undefined) return 'null';
    switch (typeof v) {
      case 'number':
        if (Number.isNaN(v)) return '"NaN"';
        if (!Number.isFinite(v)) return v > 0 ? '"Infinity"' : '"-Infinity"';
        return Object.is(v, -0) ? '0' : JSON.stringify(v);
      case 'bigint':
        return `"${v}n"`;
      case 'string':
      case 'boolean':
        return JSON.stringify(v);
      case 'object': {
        if (seen.has(v)) throw new StorageError('ERR_CACHE_KEY', `cache key part ${where} is circular`, { where });
        seen.add(v);
        let out: string;
        if (isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) out = JSON.stringify(datasetFingerprint(v as ArrayBufferView));
        else if (Array.isArray(v)) out = `[${v.map((x, i) => walk(x, `${where}[${i}]`)).join(',')}]`;
        else {
          const o = v as Record<string, unknown>;
          const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
          out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk(o[k], `${where}.${k}`)}`).join(',')}}`;
        }
        seen.delete(v);
        return out;
      }
      default:
        throw new StorageError('ERR_CACHE_KEY', `cache key part ${where} is a ${typeof v}; use JSON values`, { where });
    }
  };
  return walk(value, 'parts');
}

function datasetPart(d: DatasetRef): unknown {
  if (typeof d === 'string') return d;
  if (isView(d) || d instanceof ArrayBuffer) return datasetFingerprint(d);
  if (Array.isArray(d) && d.every(isView)) return datasetFingerprint(d);
  const o = d as Record<string, unknown>;
  if (typeof o['fingerprint'] === 'string') return o['fingerprint'];
  if (typeof o['hash'] === 'string') return o['hash'];
  return d;
}

function planPart(p: CacheKeyParts['featurePlan']): unknown {
  if (p && typeof p === 'object' && !Array.isArray(p) && typeof (p as { hash?: unknown }).hash === 'string') return (p as { hash: string }).hash;
  return p;
}

function splitPart(s: unknown): unknown {
  if (s && typeof s === 'object' && 'spec' in s && 'folds' in s) return (s as { spec: unknown }).spec;
  return s;
}

/** The cache key of one evaluation: `ct1-` + 64 hex digits. */
export function generateKey(parts: CacheKeyParts): string {
  if (!parts || typeof parts !== 'object') throw new StorageError('ERR_CACHE_KEY', 'generateKey needs { dataset, featurePlan, split, family, params }');
  for (const k of ['dataset', 'featurePlan', 'split', 'family', 'params'] as const) {
    if (parts[k] === undefined || parts[k] === null) throw new StorageError('ERR_CACHE_KEY', `generateKey needs "${k}"`, { part: k });
  }
  if (typeof parts.family !== 'string' || parts.family === '') throw new StorageError('ERR_CACHE_KEY', 'family must be a model family name such as "xgboost"', { part: 'family' });
  if (typeof parts.params !== 'object' || Array.isArray(parts.params)) throw new StorageError('ERR_CACHE_KEY', 'params must be an object of hyper-parameters', { part: 'params' });
  const canonical = canonicalJson({
    dataset: datasetPart(parts.dataset),
    featurePlan: planPart(parts.featurePlan),
    split: splitPart(parts.split),
    family: parts.family,
    params: parts.params,
    version: parts.version ?? VERSION,
  });
  return `ct1-${createHash('sha256').update(canonical).digest('hex')}`;
}
