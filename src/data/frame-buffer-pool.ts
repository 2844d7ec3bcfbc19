/**
 * The SharedArrayBuffers a stream of Frame chunks is parsed into, kept from chunk to chunk. V8
 * frees a SharedArrayBuffer only when it collects the object, and with a small JS heap it rarely
 * does, so a fresh set per chunk lets resident memory climb far past the chunk size; one set,
 * refilled in place, keeps it flat. Each column keeps one buffer, grown (replaced) only when a
 * chunk has more rows than any before it.
 */

type Column = Float64Array | BigInt64Array | Uint32Array;

export class FrameBufferPool {
  private readonly columns = new Map<string, Column>();

  /** A view of `length` values over the pooled f64 buffer kept under `key`. */
  f64(key: string, length: number): Float64Array {
    return this.view(`f64:${key}`, length, Float64Array);
  }

  /** A view of `length` values over the pooled i64 buffer kept under `key`. */
  i64(key: string, length: number): BigInt64Array {
    return this.view(`i64:${key}`, length, BigInt64Array);
  }

  /** A view of `length` values over the pooled u32 buffer kept under `key`. */
  u32(key: string, length: number): Uint32Array {
    return this.view(`u32:${key}`, length, Uint32Array);
  }

  private view<T extends Column>(key: string, length: number, Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
    let col = this.columns.get(key) as T | undefined;
    if (!col || col.length < length) {
      col = new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
      this.columns.set(key, col);
    }
    return col.subarray(0, length) as T;
  }
}
