/**
 * One fold written as raw little-endian files for the Python peers (data.f32 column-major,
 * label.f32, train.u32, valid.u32), so both sides train on the same floats and rows.
 * `bench/peers/fold_files.py` reads them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FoldFiles {
  data: Float32Array;
  label: Float32Array;
  train: Uint32Array;
  valid: Uint32Array;
}

export function writeFoldFiles(dir: string, f: FoldFiles): void {
  mkdirSync(dir, { recursive: true });
  const raw = (name: string, v: ArrayBufferView): void => writeFileSync(join(dir, name), new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  raw('data.f32', f.data);
  raw('label.f32', f.label);
  raw('train.u32', f.train);
  raw('valid.u32', f.valid);
}
