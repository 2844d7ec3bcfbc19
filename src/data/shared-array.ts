/**
 * Typed arrays backed by SharedArrayBuffer: created once, handed to worker threads through
 * `workerData` without a copy, borrowed by Rust as slices for the length of a call.
 */

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

export function sharedBigInt64(length: number): BigInt64Array {
  return new BigInt64Array(new SharedArrayBuffer(length * 8));
}

export function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(length * 4));
}

export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/** Copy any typed array into a new shared one of the same type (no-op when already shared). */
export function toShared<T extends Float64Array | Float32Array | BigInt64Array | Uint32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buf: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  (out as unknown as { set(x: T): void }).set(a);
  return out;
}
