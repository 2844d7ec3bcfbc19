/**
 * The result cache: evaluations (metrics, values, timings, optionally the model bytes) keyed by
 * `generateKey(...)`, kept in LMDB so every process and thread on the machine shares them and reads
 * come straight from the memory map.
 *
 * - TTL: each entry carries its expiry time and is indexed by it; a get never serves an expired
 *   entry, and sweeps (on each set, on an interval, or `sweep()`) delete them.
 * - Size cap: total bytes are tracked; a set that passes `maxBytes` evicts the least recently used
 *   entries (by an access-time index) until it fits.
 * - A small in-process LRU sits in front, so a repeated key costs a Map lookup.
 * - Integrity: a record starts with a magic and a CRC-32 of the rest; a record that fails either,
 *   or whose JSON does not parse, is a miss and is deleted.
 *
 * Record layout: magic u32 | crc32 u32 (over the bytes after it) | expiresAt f64 | jsonLength u32 |
 * modelLength u32 | JSON (UTF-8) | model bytes.
 *
 * Named databases in the environment: `cacheEntries` key → record, `cacheExpiry` [expiresAt, key],
 * `cacheAccess` key → last access, `cacheLru` [lastAccess, key], `cacheMeta` counters.
 */
import { crc32 } from 'node:zlib';
import type { Database, RootDatabase } from 'lmdb';
import { StorageError } from '../errors.js';
import type { JsonValue } from '../study/frozen-trial.js';
import { LmdbStorage, openLmdbEnv, storageErrorFrom, type SyncMode } from '../storage/lmdb.js';
import { MemoryLru } from './memory-lru.js';

/** What the cache stores for one key. `model` is kept as raw bytes next to the JSON part. */
export interface CacheValue {
  /** Objective values (one per direction). */
  values?: number[];
  metrics?: Record<string, JsonValue>;
  /** Timings in ms (training, scoring, …). */
  timings?: Record<string, number>;
  /** Serialized model (e.g. `model.toBytes()`). */
  model?: Uint8Array;
  [extra: string]: JsonValue | Uint8Array | undefined;
}

export interface ResultCacheOptions {
  /** A directory for a cache of its own… */
  path?: string;
  /** …or an LmdbStorage whose environment the cache shares (one directory for studies and cache). */
  storage?: LmdbStorage;
  /** Time to live of an entry in hours (default 24). */
  ttlHours?: number;
  /** Time to live in seconds (overrides ttlHours; handy in tests). */
  ttlSeconds?: number;
  /** Size cap in bytes over all entries (default 1 GiB). */
  maxBytes?: number;
  /** Entries of the in-process LRU in front (default 512; 0 turns it off). */
  memoryEntries?: number;
  /** How often expired entries are swept, ms (default 60 000; 0: only on set and sweep()). */
  sweepIntervalMs?: number;
  /** How a cache of its own (`path`) flushes commits (default 'none': a cache can be rebuilt). */
  sync?: SyncMode;
  /** Clock (replaceable in tests). */
  now?: () => number;
}

export interface CacheStats {
  /** Gets served, from memory or LMDB, by this instance. */
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before any get. */
  hitRate: number;
  /** Hits served by the in-process LRU. */
  memoryHits: number;
  /** Entries evicted for the size cap (all processes, since the cache was created). */
  evictions: number;
  /** Expired entries swept (all processes). */
  expirations: number;
  /** Corrupt records found and dropped by this instance. */
  corrupt: number;
  /** Bytes of all entries (keys + records). */
  bytes: number;
  entries: number;
}

const MAGIC = 0x31435443; // 'CTC1'
const HEADER = 24;
const SWEEP_BATCH = 256;
const TOUCH_FLUSH_MS = 1000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface MemoryEntry {
  value: CacheValue;
  expiresAt: number;
}

function positive(name: string, v: number | undefined, allowZero = false): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new StorageError('ERR_CACHE_OPTION', `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(v)}`, { option: name });
  }
}

export class ResultCache {
  /** Directory of the LMDB environment. */
  readonly path: string;
  readonly ttlMs: number;
  readonly maxBytes: number;
  private readonly env: RootDatabase;
  private readonly ownsEnv: boolean;
  private readonly entries: Database<Buffer, string>;
  private readonly expiry: Database<true, [number, string]>;
  private readonly access: Database<number, string>;
  private readonly lru: Database<true, [number, string]>;
  private readonly meta: Database<number, string>;
  private readonly memory: MemoryLru<MemoryEntry>;
  private readonly now: () => number;
  private readonly touches = new Map<string, number>();
  private touchTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private counts = { hits: 0, misses: 0, memoryHits: 0, corrupt: 0 };
  private closed = false;

  /** Open (or create) a cache; see ResultCacheOptions. */
  static open(options: ResultCacheOptions): ResultCache {
    return new ResultCache(options);
  }

  private constructor(options: ResultCacheOptions) {
    if (!options || (options.path === undefined) === (options.storage === undefined)) {
      throw new StorageError('ERR_CACHE_OPTION', 'ResultCache.open needs exactly one of { path } or { storage }');
    }
    positive('ttlHours', options.ttlHours);
    positive('ttlSeconds', options.ttlSeconds);
    positive('maxBytes', options.maxBytes);
    positive('memoryEntries', options.memoryEntries, true);
    positive('sweepIntervalMs', options.sweepIntervalMs, true);
    this.ttlMs = options.ttlSeconds !== undefined ? options.ttlSeconds * 1000 : (options.ttlHours ?? 24) * 3_600_000;
    this.maxBytes = options.maxBytes ?? 1024 ** 3;
    this.now = options.now ?? Date.now;
    this.memory = new MemoryLru(options.memoryEntries ?? 512);
    if (options.storage) {
      if (!(options.storage instanceof LmdbStorage)) throw new StorageError('ERR_CACHE_OPTION', 'ResultCache { storage } must be an LmdbStorage');
      this.env = options.storage._env;
      this.path = options.storage.path;
      this.ownsEnv = false;
    } else {
      // A cache can always be rebuilt, so by default its own store skips the flush per commit.
      this.env = openLmdbEnv(options.path!, { sync: options.sync ?? 'none' });
      this.path = options.path!;
      this.ownsEnv = true;
    }
    try {
      this.entries = this.env.openDB({ name: 'cacheEntries', encoding: 'binary' });
      this.expiry = this.env.openDB({ name: 'cacheExpiry' });
      this.access = this.env.openDB({ name: 'cacheAccess' });
      this.lru = this.env.openDB({ name: 'cacheLru' });
      this.meta = this.env.openDB({ name: 'cacheMeta' });
    } catch (e) {
      throw storageErrorFrom(e, this.path, 'open the cache in');
    }
    const every = options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.sweepTimer = setInterval(() => {
        try {
          this.sweep();
        } catch {
          /* a failed background sweep is retried on the next tick */
        }
      }, every);
      this.sweepTimer.unref();
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new StorageError('ERR_CACHE_CLOSED', 'this cache was closed; open a new one');
  }

  private write<T>(fn: () => T): T {
    try {
      return this.env.transactionSync(fn);
    } catch (e) {
      this.env.resetReadTxn();
      throw storageErrorFrom(e, this.path, 'write to the cache in');
    }
  }

  private bump(name: string, by: number): void {
    this.meta.putSync(name, (this.meta.get(name) ?? 0) + by);
  }

  // ---------------------------------------------------------------- encoding

  private encode(value: CacheValue, expiresAt: number): Uint8Array {
    const { model, ...rest } = value;
    if (model !== undefined && !(model instanceof Uint8Array)) throw new StorageError('ERR_CACHE_VALUE', 'model must be a Uint8Array (e.g. model.toBytes())');
    let json: Uint8Array;
    try {
      json = encoder.encode(JSON.stringify(rest));
    } catch (e) {
      throw new StorageError('ERR_CACHE_VALUE', `a cache value must be JSON (plus model bytes): ${(e as Error).message}`, {}, { cause: e });
    }
    const modelLen = model?.byteLength ?? 0;
    const out = new Uint8Array(HEADER + json.byteLength + modelLen);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, MAGIC, true);
    dv.setFloat64(8, expiresAt, true);
    dv.setUint32(16, json.byteLength, true);
    dv.setUint32(20, modelLen, true);
    out.set(json, HEADER);
    if (model) out.set(model, HEADER + json.byteLength);
    dv.setUint32(4, crc32(out.subarray(8)), true);
    return out;
  }

  /** Decode a record, or null when it is corrupt. */
  private decode(buf: Uint8Array): MemoryEntry | null {
    if (buf.byteLength < HEADER) return null;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (dv.getUint32(0, true) !== MAGIC) return null;
    if (dv.getUint32(4, true) !== crc32(buf.subarray(8))) return null;
    const expiresAt = dv.getFloat64(8, true);
    const jsonLen = dv.getUint32(16, true);
    const modelLen = dv.getUint32(20, true);
    if (HEADER + jsonLen + modelLen !== buf.byteLength) return null;
    let value: CacheValue;
    try {
      value = JSON.parse(decoder.decode(buf.subarray(HEADER, HEADER + jsonLen))) as CacheValue;
    } catch {
      return null;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    if (modelLen > 0) value.model = buf.slice(HEADER + jsonLen);
    return { value, expiresAt };
  }

  // ---------------------------------------------------------------- index upkeep (inside a write txn)

  private removeEntry(key: string): number {
    const old = this.entries.getBinary(key);
    if (old === undefined) return 0;
    const exp = old.byteLength >= HEADER ? new DataView(old.buffer, old.byteOffset, old.byteLength).getFloat64(8, true) : NaN;
    if (!Number.isNaN(exp)) this.expiry.removeSync([exp, key]);
    const at = this.access.get(key);
    if (at !== undefined) this.lru.removeSync([at, key]);
    this.access.removeSync(key);
    this.entries.removeSync(key);
    const size = old.byteLength + Buffer.byteLength(key);
    this.bump('bytes', -size);
    this.bump('entries', -1);
    return size;
  }

  private sweepIn(now: number, limit: number): number {
    let n = 0;
    for (const k of this.expiry.getKeys({ start: [-Infinity, ''], end: [now, '\uffff'], limit })) {
      if (k[0] > now) break;
      this.removeEntry(k[1]);
      this.expiry.removeSync(k); // a stale index row without an entry
      n++;
    }
    if (n > 0) this.bump('expirations', n);
    return n;
  }

  private flushTouchesIn(): void {
    for (const [key, at] of this.touches) {
      const old = this.access.get(key);
      if (old === undefined || old >= at) continue; // deleted meanwhile, or touched later elsewhere
      this.lru.removeSync([old, key]);
      this.lru.putSync([at, key], true);
      this.access.putSync(key, at);
    }
    this.touches.clear();
  }

  private touch(key: string, at: number): void {
    this.touches.set(key, at);
    if (this.touchTimer === undefined) {
      this.touchTimer = setTimeout(() => {
        this.touchTimer = undefined;
        if (this.closed || this.touches.size === 0) return;
        try {
          this.write(() => this.flushTouchesIn());
        } catch {
          this.touches.clear(); // recency is advisory; never fail a get for it
        }
      }, TOUCH_FLUSH_MS);
      this.touchTimer.unref();
    }
  }

  /**
   * The stored bytes of `key`, read from the memory map into lmdb-js's shared buffer (valid until
   * the next read; decode at once). That buffer's byteLength is its capacity, `length` the value's.
   */
  private readRecord(key: string): Uint8Array | undefined {
    this.env.resetReadTxn();
    const raw = this.entries.getBinaryFast(key);
    return raw === undefined ? undefined : raw.subarray(0, raw.length);
  }

  // ---------------------------------------------------------------- public API

  /**
   * The value stored for `key`, or undefined (missing, expired or corrupt). Do not mutate the
   * returned object: repeated gets may hand out the same one.
   */
  get(key: string): CacheValue | undefined {
    this.ensureOpen();
    const now = this.now();
    const m = this.memory.get(key);
    if (m !== undefined) {
      if (m.expiresAt > now) {
        this.counts.hits++;
        this.counts.memoryHits++;
        this.touch(key, now);
        return m.value;
      }
      this.memory.delete(key);
    }
    const buf = this.readRecord(key);
    if (buf === undefined) {
      this.counts.misses++;
      return undefined;
    }
    const entry = this.decode(buf);
    if (entry === null) {
      this.counts.corrupt++;
      this.counts.misses++;
      this.write(() => this.removeEntry(key));
      return undefined;
    }
    if (entry.expiresAt <= now) {
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    this.memory.set(key, entry);
    this.touch(key, now);
    return entry.value;
  }

  /** Whether a live (unexpired, intact) entry exists, without counting a hit or miss. */
  has(key: string): boolean {
    this.ensureOpen();
    const buf = this.readRecord(key);
    const e = buf === undefined ? null : this.decode(buf);
    return e !== null && e.expiresAt > this.now();
  }

  /**
   * Store `value` under `key` (replacing any entry), then evict least recently used entries until
   * the cache fits `maxBytes`. Throws ERR_CACHE_VALUE_TOO_LARGE for a value bigger than the cap.
   */
  set(key: string, value: CacheValue, options: { ttlHours?: number; ttlSeconds?: number } = {}): void {
    this.ensureOpen();
    if (typeof key !== 'string' || key === '' || Buffer.byteLength(key) > 500) throw new StorageError('ERR_CACHE_KEY', 'a cache key must be a non-empty string of at most 500 bytes (use generateKey)');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new StorageError('ERR_CACHE_VALUE', 'a cache value must be an object such as { values, metrics, timings, model }');
    positive('ttlHours', options.ttlHours);
    positive('ttlSeconds', options.ttlSeconds);
    const now = this.now();
    const ttl = options.ttlSeconds !== undefined ? options.ttlSeconds * 1000 : options.ttlHours !== undefined ? options.ttlHours * 3_600_000 : this.ttlMs;
    const expiresAt = now + ttl;
    const record = this.encode(value, expiresAt);
    const size = record.byteLength + Buffer.byteLength(key);
    if (size > this.maxBytes) {
      throw new StorageError('ERR_CACHE_VALUE_TOO_LARGE', `a ${size}-byte entry cannot fit a cache capped at ${this.maxBytes} bytes; raise maxBytes or leave the model out`, { size, maxBytes: this.maxBytes });
    }
    this.write(() => {
      this.flushTouchesIn();
      this.sweepIn(now, SWEEP_BATCH);
      this.removeEntry(key);
      this.entries.putSync(key, Buffer.from(record.buffer, record.byteOffset, record.byteLength));
      this.expiry.putSync([expiresAt, key], true);
      this.access.putSync(key, now);
      this.lru.putSync([now, key], true);
      this.bump('bytes', size);
      this.bump('entries', 1);
      let bytes = this.meta.get('bytes') ?? 0;
      let evicted = 0;
      while (bytes > this.maxBytes) {
        let victim: string | undefined;
        for (const k of this.lru.getKeys({ limit: 2 })) {
          if (k[1] !== key) {
            victim = k[1];
            break;
          }
        }
        if (victim === undefined) break;
        bytes -= this.removeEntry(victim);
        this.memory.delete(victim);
        evicted++;
      }
      if (evicted > 0) this.bump('evictions', evicted);
    });
    this.memory.set(key, this.decode(record)!);
  }

  /** Remove one entry; true when it existed. */
  delete(key: string): boolean {
    this.ensureOpen();
    this.memory.delete(key);
    this.touches.delete(key);
    return this.write(() => this.removeEntry(key) > 0);
  }

  /** Delete every expired entry now; returns how many. */
  sweep(): number {
    this.ensureOpen();
    const now = this.now();
    let total = 0;
    for (;;) {
      const n = this.write(() => this.sweepIn(now, SWEEP_BATCH));
      total += n;
      if (n < SWEEP_BATCH) return total;
    }
  }

  /** Drop every entry (counters of evictions and expirations are kept). */
  clear(): void {
    this.ensureOpen();
    this.memory.clear();
    this.touches.clear();
    this.write(() => {
      for (const db of [this.entries, this.expiry, this.access, this.lru] as unknown as Database<unknown, string>[]) {
        for (const k of db.getKeys({})) db.removeSync(k);
      }
      this.meta.putSync('bytes', 0);
      this.meta.putSync('entries', 0);
    });
  }

  stats(): CacheStats {
    this.ensureOpen();
    this.env.resetReadTxn();
    const { hits, misses, memoryHits, corrupt } = this.counts;
    return {
      hits,
      misses,
      hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
      memoryHits,
      evictions: this.meta.get('evictions') ?? 0,
      expirations: this.meta.get('expirations') ?? 0,
      corrupt,
      bytes: this.meta.get('bytes') ?? 0,
      entries: this.meta.get('entries') ?? 0,
    };
  }

  /** Flush pending access times and release the environment (when the cache opened its own). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.touchTimer) clearTimeout(this.touchTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.touches.size > 0) {
      try {
        this.write(() => this.flushTouchesIn());
      } catch {
        /* recency only */
      }
    }
    this.closed = true;
    this.memory.clear();
    if (this.ownsEnv) await this.env.close();
  }
}
