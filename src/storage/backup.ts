/**
 * Backups of an LMDB store: compacted copies (free pages dropped, as LMDB's `mdb_env_copy2` with
 * MDB_CP_COMPACT makes them) taken on an interval while the store is in use, kept newest-N and
 * younger than a maximum age; `restoreBackup` puts one back. Studies also move between stores of
 * any kind as JSON with `exportStudy` / `importStudy`.
 *
 * A copy is written to a hidden temporary directory and renamed into place when complete, so a
 * crash during a backup never leaves a half copy that looks like a backup.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StorageError } from '../errors.js';
import type { FrozenTrial, JsonValue, TrialTemplate } from '../study/frozen-trial.js';
import { FAIL_REASON_ATTR } from '../study/frozen-trial.js';
import { isTrialState } from '../study/trial-state.js';
import { ensureWritableDir, LMDB_DATA_FILE, LmdbStorage, storageErrorFrom } from './lmdb.js';
import type { Storage, StudyDirection } from './storage.js';

const PREFIX = 'backup-';

export interface BackupOptions {
  /** The store to back up. */
  storage: LmdbStorage;
  /** Directory that holds the backups (created when missing). */
  dir: string;
  /** Interval between backups in hours (default 24)… */
  backupIntervalHours?: number;
  /** …or in seconds (overrides hours; for tests and busy stores). */
  backupIntervalSeconds?: number;
  /** Keep at most this many backups, newest first (default 7). */
  keep?: number;
  /** Delete backups older than this many hours (default 30 days)… */
  maxAgeHours?: number;
  /** …or seconds (overrides hours). */
  maxAgeSeconds?: number;
  /** Told about each finished backup (the library prints nothing). */
  onBackup?: (info: BackupInfo) => void;
  /** Told about a failed scheduled backup (the schedule goes on). */
  onError?: (error: unknown) => void;
  /** Clock (replaceable in tests). */
  now?: () => number;
}

export interface BackupInfo {
  /** Directory of the backup (holds `store.mdb`). */
  path: string;
  /** Epoch ms when it was taken. */
  createdAt: number;
  bytes: number;
}

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
    throw new StorageError('ERR_STORAGE_BACKUP_OPTION', `${name} must be a positive number, got ${String(v)}`, { option: name });
  }
}

/** `backup-<epoch ms, 15 digits>-<seq>`: sorts by time as text. */
function backupName(at: number, seq: number): string {
  return `${PREFIX}${String(at).padStart(15, '0')}-${String(seq).padStart(4, '0')}`;
}

function parseBackupName(name: string): number | null {
  const m = /^backup-(\d{15})-\d{4}$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** The backups in `dir`, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const at = parseBackupName(name);
    const file = join(dir, name, LMDB_DATA_FILE);
    if (at === null || !existsSync(file)) continue;
    out.push({ path: join(dir, name), createdAt: at, bytes: statSync(file).size });
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.path.localeCompare(a.path));
}

/** Takes compacted copies of one store on a schedule and prunes old ones. */
export class BackupManager {
  readonly dir: string;
  readonly intervalMs: number;
  readonly keep: number;
  readonly maxAgeMs: number;
  private readonly storage: LmdbStorage;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<BackupInfo> | undefined;
  private seq = 0;

  constructor(private readonly options: BackupOptions) {
    if (!options || !(options.storage instanceof LmdbStorage)) throw new StorageError('ERR_STORAGE_BACKUP_OPTION', 'BackupManager needs { storage: LmdbStorage, dir }');
    if (typeof options.dir !== 'string' || options.dir === '') throw new StorageError('ERR_STORAGE_BACKUP_OPTION', 'BackupManager needs a backup directory { dir }');
    positive('backupIntervalHours', options.backupIntervalHours);
    positive('backupIntervalSeconds', options.backupIntervalSeconds);
    positive('maxAgeHours', options.maxAgeHours);
    positive('maxAgeSeconds', options.maxAgeSeconds);
    if (options.keep !== undefined && !(Number.isInteger(options.keep) && options.keep >= 1)) {
      throw new StorageError('ERR_STORAGE_BACKUP_OPTION', `keep must be an integer ≥ 1, got ${String(options.keep)}`, { option: 'keep' });
    }
    this.storage = options.storage;
    this.dir = resolve(options.dir);
    if (this.dir === this.storage.path) throw new StorageError('ERR_STORAGE_BACKUP_OPTION', 'backups must go to another directory than the store itself');
    this.intervalMs = options.backupIntervalSeconds !== undefined ? options.backupIntervalSeconds * 1000 : (options.backupIntervalHours ?? 24) * 3_600_000;
    this.keep = options.keep ?? 7;
    this.maxAgeMs = options.maxAgeSeconds !== undefined ? options.maxAgeSeconds * 1000 : (options.maxAgeHours ?? 30 * 24) * 3_600_000;
    this.now = options.now ?? Date.now;
    ensureWritableDir(this.dir);
  }

  /** Start taking a backup every interval (the timer does not keep the process alive). */
  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => {
      this.backupNow().catch((e: unknown) => this.options.onError?.(e));
    }, this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Stop the schedule and wait for a backup in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Take a compacted copy now (one at a time), then prune. */
  backupNow(): Promise<BackupInfo> {
    if (this.running) return this.running;
    this.running = this.take().finally(() => (this.running = undefined));
    return this.running;
  }

  private async take(): Promise<BackupInfo> {
    const at = this.now();
    const name = backupName(at, this.seq++ % 10_000);
    const tmp = join(this.dir, `.tmp-${name}`);
    const final = join(this.dir, name);
    try {
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      await this.storage._env.backup(join(tmp, LMDB_DATA_FILE), true);
      renameSync(tmp, final);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw storageErrorFrom(e, this.dir, 'write a backup to');
    }
    const info: BackupInfo = { path: final, createdAt: at, bytes: statSync(join(final, LMDB_DATA_FILE)).size };
    this.prune();
    this.options.onBackup?.(info);
    return info;
  }

  /** The backups of this manager's directory, newest first. */
  list(): BackupInfo[] {
    return listBackups(this.dir);
  }

  /** Delete backups beyond `keep` and older than the max age; returns the deleted paths. */
  prune(): string[] {
    const now = this.now();
    const removed: string[] = [];
    this.list().forEach((b, i) => {
      if (i >= this.keep || now - b.createdAt > this.maxAgeMs) {
        rmSync(b.path, { recursive: true, force: true });
        removed.push(b.path);
      }
    });
    return removed;
  }
}

/**
 * Put a backup back: `from` is a backup directory (or a backups directory, whose newest backup is
 * used), `to` the store directory. Every process must have closed the store first. The backup is
 * checked to open as a store before it replaces anything.
 */
export async function restoreBackup(from: string, to: string): Promise<void> {
  let source = resolve(from);
  if (!existsSync(join(source, LMDB_DATA_FILE))) {
    const newest = listBackups(source)[0];
    if (!newest) throw new StorageError('ERR_STORAGE_BACKUP_NOT_FOUND', `no backup at ${from}: expected a backup directory or a directory of backups`, { path: from });
    source = newest.path;
  }
  let probe: LmdbStorage | undefined;
  try {
    probe = new LmdbStorage({ path: source });
    await probe.getAllStudies();
  } catch (e) {
    throw new StorageError('ERR_STORAGE_BACKUP_INVALID', `the backup at ${source} does not open as a store: ${(e as Error).message}`, { path: source }, { cause: e });
  } finally {
    await probe?.close();
  }
  const target = resolve(to);
  ensureWritableDir(target);
  const tmp = join(target, `${LMDB_DATA_FILE}.restore`);
  try {
    copyFileSync(join(source, LMDB_DATA_FILE), tmp);
    renameSync(tmp, join(target, LMDB_DATA_FILE));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw storageErrorFrom(e, target, 'restore');
  }
}

// ---------------------------------------------------------------- JSON export / import

/** A study as portable JSON (any storage can import it). */
export interface StudyExport {
  format: 'cryptotune-study';
  version: 1;
  exportedAt: number;
  study: { name: string; directions: StudyDirection[]; userAttrs: Record<string, JsonValue>; systemAttrs: Record<string, JsonValue> };
  /** Trials in number order, without storage ids. */
  trials: Array<Omit<FrozenTrial, 'trialId'>>;
}

/** The study named `name` with all its trials, as JSON-safe data. */
export async function exportStudy(storage: Storage, name: string): Promise<StudyExport> {
  const id = await storage.getStudyIdFromName(name);
  const trials = await storage.getAllTrials(id, { deepcopy: true });
  return {
    format: 'cryptotune-study',
    version: 1,
    exportedAt: Date.now(),
    study: { name, directions: await storage.getStudyDirections(id), userAttrs: await storage.getStudyUserAttrs(id), systemAttrs: await storage.getStudySystemAttrs(id) },
    trials: trials.map(({ trialId: _id, ...rest }) => rest),
  };
}

function bad(message: string, details: Record<string, unknown> = {}): never {
  throw new StorageError('ERR_STORAGE_IMPORT', message, details);
}

/**
 * Create a study from an export (as an object or its JSON text) and return its id. Trial numbers
 * are kept; trials that were RUNNING when exported are imported as FAIL (nobody runs them now).
 */
export async function importStudy(storage: Storage, data: StudyExport | string, options: { name?: string } = {}): Promise<number> {
  let d: StudyExport;
  try {
    d = typeof data === 'string' ? (JSON.parse(data) as StudyExport) : data;
  } catch (e) {
    bad(`the study export is not valid JSON: ${(e as Error).message}`);
  }
  if (!d || d.format !== 'cryptotune-study' || d.version !== 1) bad('not a cryptotune study export (format "cryptotune-study", version 1)');
  if (!d.study || typeof d.study.name !== 'string' || !Array.isArray(d.study.directions) || !Array.isArray(d.trials)) bad('the export lacks study.name, study.directions or trials');
  const templates: TrialTemplate[] = d.trials.map((t, i) => {
    if (!t || t.number !== i) bad(`trial at position ${i} has number ${t?.number}; an export lists trials 0, 1, 2, … in order`, { position: i });
    if (!isTrialState(t.state)) bad(`trial ${i} has an unknown state ${JSON.stringify(t.state)}`, { number: i });
    const { number: _n, ...rest } = t;
    if (t.state === 'RUNNING') {
      return { ...rest, state: 'FAIL' as const, datetimeComplete: t.datetimeStart, systemAttrs: { ...t.systemAttrs, [FAIL_REASON_ATTR]: 'was RUNNING when the study was exported' } };
    }
    return rest;
  });
  const name = options.name ?? d.study.name;
  const id = await storage.createStudy(name, d.study.directions);
  for (const [k, v] of Object.entries(d.study.userAttrs ?? {})) await storage.setStudyUserAttr(id, k, v);
  for (const [k, v] of Object.entries(d.study.systemAttrs ?? {})) await storage.setStudySystemAttr(id, k, v);
  for (const t of templates) await storage.createTrial(id, t);
  return id;
}
