/**
 * The default store: one LMDB environment (lmdb-js) in a directory, shared by every process and
 * thread on the machine that opens the same path.
 *
 * Every write runs in one synchronous LMDB write transaction. LMDB holds a single cross-process
 * writer lock for the length of a transaction, so read-modify-write sequences (allocating a trial
 * number, claiming a WAITING trial, finishing a trial) are atomic across processes and threads
 * without any extra locking. Committed pages are never overwritten in place (copy-on-write B+
 * trees with two meta pages), so a `kill -9` at any moment leaves the last committed transaction
 * intact: the store opens without a repair step.
 *
 * Layout (named databases inside `<dir>/store.mdb`):
 * - `meta`        'nextStudyId' | 'nextTrialId' | 'schema' → number
 * - `studies`     studyId → StudyRow (name, directions, attrs, trial counter, best trial number)
 * - `studyNames`  name → studyId
 * - `trials`      [studyId, number] → FrozenTrial
 * - `trialIds`    trialId → [studyId, number]
 * - `trialStates` [studyId, state, number] → trialId (index: WAITING claims, RUNNING scans, counts)
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { CryptotuneError, StorageError, StudyError } from '../errors.js';
import type { Distribution } from '../study/distributions.js';
import type { FrozenTrial, JsonValue, TrialTemplate } from '../study/frozen-trial.js';
import type { TrialState } from '../study/trial-state.js';
import type { GetTrialsOptions, Storage, StudyDirection, StudyInfo, TrialEdit } from './storage.js';
import {
  assertUnfinished,
  beatsBest,
  buildTrial,
  canMove,
  editAll,
  editAttr,
  editClaim,
  editIntermediate,
  editParam,
  editStaleFail,
  editStateValues,
  isStale,
  type MutableTrial,
} from './trial-record.js';
type TrialKey = [studyId: number, number: number];

/** Name of the LMDB data file inside a store directory (its lock file is `store.mdb-lock`). */
export const LMDB_DATA_FILE = 'store.mdb';
const SCHEMA_VERSION = 1;
/** Head room kept below `mapSizeMb`: a write is refused when less than this is left. */
const MAP_HEADROOM_BYTES = 64 * 1024;

/**
 * How far a commit is flushed before the call returns. Every mode survives a killed or crashed
 * process (committed pages are in the OS page cache); they differ on a power cut or kernel crash:
 * - 'full': data and meta page flushed; nothing committed is lost.
 * - 'integrity': data flushed, the meta page flush deferred (LMDB's MDB_NOMETASYNC): the store stays
 *   consistent, but the last commit may roll back. About one flush per commit instead of two.
 * - 'none': no flush (MDB_NOSYNC): fastest; a power cut may lose recent commits or corrupt the store.
 */
export type SyncMode = 'full' | 'integrity' | 'none';

export interface LmdbStorageOptions {
  /** Directory of the store (created when missing). */
  path: string;
  /**
   * Size cap of the store file in MiB. A write that would pass it is refused with
   * ERR_STORAGE_MAP_FULL and changes nothing. Default: no cap (the map grows as needed).
   */
  mapSizeMb?: number;
  /** How commits reach the disk (see `SyncMode`); default 'full'. */
  sync?: SyncMode;
  /** Clock for datetimes and heartbeats (replaceable in tests). */
  now?: () => number;
}

interface StudyRow {
  studyId: number;
  name: string;
  directions: StudyDirection[];
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  /** Trials created so far: the next trial's number. */
  nTrials: number;
  /** Number of the best COMPLETE trial (single objective), kept as trials finish. */
  best: number | null;
  /** Earliest datetimeStart of any trial. */
  datetimeStart: number | null;
}

/** Map an lmdb-js / file-system error to a coded StorageError (coded errors pass through). */
export function storageErrorFrom(e: unknown, path: string, action: string): CryptotuneError {
  if (e instanceof CryptotuneError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const msg = String(err?.message ?? e);
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code) || /permission denied|read-only file system|not a directory/i.test(msg)) {
    return new StorageError('ERR_STORAGE_NOT_WRITABLE', `cannot ${action} the store at ${path}: ${msg}. Choose a directory this process can write to`, { path }, { cause: e });
  }
  if (code === 'ENOSPC' || /MDB_MAP_FULL|No space left/i.test(msg)) {
    return new StorageError('ERR_STORAGE_MAP_FULL', `the store at ${path} is full (${msg}); free disk space or raise mapSizeMb`, { path }, { cause: e });
  }
  if (/on a database that was opened with/i.test(msg)) {
    return new StorageError('ERR_STORAGE_OPTIONS_CONFLICT', `the store at ${path} is already open in this process with other settings (${msg}); open it with the same sync mode, or share it (ResultCache.open({ storage }))`, { path }, { cause: e });
  }
  if (/MDB_INVALID|MDB_CORRUPTED|MDB_VERSION_MISMATCH|MDB_PAGE_NOTFOUND/.test(msg)) {
    return new StorageError('ERR_STORAGE_CORRUPT', `the store at ${path} is not a valid LMDB store (${msg}); restore it from a backup`, { path }, { cause: e });
  }
  return new StorageError('ERR_STORAGE_IO', `could not ${action} the store at ${path}: ${msg}`, { path }, { cause: e });
}

/** Make sure `dir` exists and is a writable directory (coded error otherwise). */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw storageErrorFrom(e, dir, 'create');
  }
}

const LMDB_MAGIC = 0xbeefc0de;

/**
 * Check that an existing data file starts with an LMDB meta page (magic 0xBEEFC0DE at byte 24).
 * LMDB trusts its file, and mapping a foreign one can crash the process, so refuse it first.
 */
export function assertLmdbFile(file: string): void {
  if (!existsSync(file)) return;
  const head = Buffer.alloc(32);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, head, 0, 32, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw storageErrorFrom(e, file, 'read');
  }
  if (n === 0) return; // an empty file is what a fresh open leaves behind; LMDB initialises it
  if (n < 32 || head.readUInt32LE(24) !== LMDB_MAGIC) {
    throw new StorageError('ERR_STORAGE_CORRUPT', `${file} is not an LMDB store file; restore the store from a backup or choose another directory`, { path: file });
  }
}

/** Open the LMDB environment of a store directory (shared by LmdbStorage, ResultCache and backups). */
export function openLmdbEnv(dir: string, options: { sync?: SyncMode; readOnly?: boolean } = {}): RootDatabase {
  const sync = options.sync ?? 'full';
  if (!['full', 'integrity', 'none'].includes(sync)) throw new StorageError('ERR_STORAGE_SYNC', `sync must be 'full', 'integrity' or 'none', got ${JSON.stringify(sync)}`);
  if (!options.readOnly) ensureWritableDir(dir);
  assertLmdbFile(join(dir, LMDB_DATA_FILE));
  try {
    return open({
      path: join(dir, LMDB_DATA_FILE),
      maxDbs: 32,
      noSync: sync === 'none',
      noMetaSync: sync === 'integrity',
      readOnly: options.readOnly ?? false,
    });
  } catch (e) {
    throw storageErrorFrom(e, dir, 'open');
  }
}

export class LmdbStorage implements Storage {
  /** Absolute directory of the store. */
  readonly path: string;
  /** @internal the LMDB environment (ResultCache and backups reuse it). */
  readonly _env: RootDatabase;
  private readonly meta: Database<number, string>;
  private readonly studies: Database<StudyRow, number>;
  private readonly names: Database<number, string>;
  private readonly trials: Database<FrozenTrial, TrialKey>;
  private readonly trialIds: Database<TrialKey, number>;
  private readonly states: Database<number, [number, string, number]>;
  private readonly capBytes: number;
  private readonly now: () => number;
  private closed = false;

  constructor(options: LmdbStorageOptions) {
    if (!options || typeof options.path !== 'string' || options.path === '') {
      throw new StorageError('ERR_STORAGE_PATH', 'LmdbStorage needs { path: "<directory>" }');
    }
    if (options.mapSizeMb !== undefined && !(options.mapSizeMb > 0)) {
      throw new StorageError('ERR_STORAGE_MAP_SIZE', `mapSizeMb must be > 0, got ${options.mapSizeMb}`);
    }
    this.path = resolve(options.path);
    this.capBytes = options.mapSizeMb !== undefined ? options.mapSizeMb * 1024 * 1024 : Infinity;
    this.now = options.now ?? Date.now;
    this._env = openLmdbEnv(this.path, { sync: options.sync });
    try {
      this.meta = this._env.openDB({ name: 'meta' });
      this.studies = this._env.openDB({ name: 'studies' });
      this.names = this._env.openDB({ name: 'studyNames' });
      this.trials = this._env.openDB({ name: 'trials' });
      this.trialIds = this._env.openDB({ name: 'trialIds' });
      this.states = this._env.openDB({ name: 'trialStates' });
      const schema = this.meta.get('schema');
      if (schema === undefined) this.write(() => this.meta.putSync('schema', SCHEMA_VERSION));
      else if (schema !== SCHEMA_VERSION) {
        throw new StorageError('ERR_STORAGE_SCHEMA', `the store at ${this.path} has schema ${schema}; this version reads schema ${SCHEMA_VERSION}`, { path: this.path });
      }
    } catch (e) {
      void this._env.close();
      throw storageErrorFrom(e, this.path, 'open');
    }
  }

  // ---------------------------------------------------------------- plumbing

  private open(): void {
    if (this.closed) throw new StorageError('ERR_STORAGE_CLOSED', 'this storage was closed; open a new LmdbStorage');
  }

  /** Bytes the store file uses now (last page in use × page size). */
  usedBytes(): number {
    const s = this._env.getStats() as { pageSize: number; lastPageNumber: number };
    return (s.lastPageNumber + 1) * s.pageSize;
  }

  /**
   * Run `fn` in one write transaction. It must validate before it writes: a throw aborts the
   * transaction, so nothing of it is committed.
   */
  private write<T>(fn: () => T): T {
    this.open();
    try {
      return this._env.transactionSync(() => {
        if (this.capBytes !== Infinity && this.usedBytes() + MAP_HEADROOM_BYTES > this.capBytes) {
          throw new StorageError('ERR_STORAGE_MAP_FULL', `the store at ${this.path} reached its mapSizeMb cap (${this.capBytes / 1048576} MiB); nothing was written. Raise mapSizeMb or compact it with a backup`, { path: this.path, capBytes: this.capBytes });
        }
        return fn();
      });
    } catch (e) {
      // An aborted transaction does not renew the read snapshot; the caller's next read (e.g. the
      // id of a study another process just created) must see the latest commit.
      this._env.resetReadTxn();
      throw storageErrorFrom(e, this.path, 'write to');
    }
  }

  private read<T>(fn: () => T): T {
    this.open();
    // Reads see every commit made so far by any process, not a snapshot from earlier in this turn.
    this._env.resetReadTxn();
    return fn();
  }

  private studyRow(studyId: number): StudyRow {
    const s = this.studies.get(studyId);
    if (!s) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return s;
  }

  private locate(trialId: number): TrialKey {
    const k = this.trialIds.get(trialId);
    if (!k) throw new StudyError('ERR_TRIAL_NOT_FOUND', `no trial with id ${trialId}`, { trialId });
    return k;
  }

  private putTrial(studyId: number, t: FrozenTrial, previous: TrialState | null): void {
    this.trials.putSync([studyId, t.number], t);
    if (previous !== t.state) {
      if (previous !== null) this.states.removeSync([studyId, previous, t.number]);
      this.states.putSync([studyId, t.state, t.number], t.trialId);
    }
  }

  /** Replace a RUNNING/WAITING trial by an updated copy inside the current transaction. */
  private change(trialId: number, edit: (t: MutableTrial) => void): FrozenTrial {
    const [studyId, number] = this.locate(trialId);
    const old = this.trials.get([studyId, number])!;
    assertUnfinished(old);
    const next = { ...old } as MutableTrial;
    edit(next);
    this.putTrial(studyId, next, old.state);
    if (next.state === 'COMPLETE') this.considerBest(studyId, next);
    return next;
  }

  private update(trialId: number, edit: (t: MutableTrial) => void): void {
    this.write(() => this.change(trialId, edit));
  }

  private considerBest(studyId: number, t: FrozenTrial): void {
    const s = this.studyRow(studyId);
    const best = s.best === null ? null : this.trials.get([studyId, s.best])!;
    if (beatsBest(s.directions, t, best)) this.studies.putSync(studyId, { ...s, best: t.number });
  }

  private numbersIn(studyId: number, state: TrialState, fromNumber = 0): number[] {
    const out: number[] = [];
    for (const key of this.states.getKeys({ start: [studyId, state, fromNumber], end: [studyId, state, Infinity] })) out.push(key[2]);
    return out;
  }

  // ---------------------------------------------------------------- studies

  async createStudy(name: string, directions: readonly StudyDirection[]): Promise<number> {
    return this.write(() => {
      if (this.names.get(name) !== undefined) {
        throw new StudyError('ERR_STUDY_EXISTS', `a study named "${name}" already exists; pass loadIfExists: true to reuse it`, { name });
      }
      const studyId = this.meta.get('nextStudyId') ?? 0;
      this.meta.putSync('nextStudyId', studyId + 1);
      this.studies.putSync(studyId, { studyId, name, directions: [...directions], userAttrs: {}, systemAttrs: {}, nTrials: 0, best: null, datetimeStart: null });
      this.names.putSync(name, studyId);
      return studyId;
    });
  }

  async deleteStudy(studyId: number): Promise<void> {
    this.write(() => {
      const s = this.studyRow(studyId);
      for (const { key, value } of this.trials.getRange({ start: [studyId, 0], end: [studyId, Infinity] })) {
        this.trialIds.removeSync(value.trialId);
        this.states.removeSync([studyId, value.state, key[1]]);
        this.trials.removeSync(key);
      }
      this.studies.removeSync(studyId);
      this.names.removeSync(s.name);
    });
  }

  async getStudyIdFromName(name: string): Promise<number> {
    return this.read(() => {
      const id = this.names.get(name);
      if (id === undefined) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study named "${name}"`, { name });
      return id;
    });
  }

  async getStudyNameFromId(studyId: number): Promise<string> {
    return this.read(() => this.studyRow(studyId).name);
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    return this.read(() => this.studyRow(studyId).directions);
  }

  private setStudyAttr(studyId: number, field: 'userAttrs' | 'systemAttrs', key: string, value: JsonValue): void {
    this.write(() => {
      const s = this.studyRow(studyId);
      this.studies.putSync(studyId, { ...s, [field]: { ...s[field], [key]: value } });
    });
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.setStudyAttr(studyId, 'userAttrs', key, value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.setStudyAttr(studyId, 'systemAttrs', key, value);
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return this.read(() => this.studyRow(studyId).userAttrs);
  }

  async getStudySystemAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return this.read(() => this.studyRow(studyId).systemAttrs);
  }

  async getAllStudies(): Promise<StudyInfo[]> {
    return this.read(() =>
      [...this.studies.getRange({})].map(({ value: s }) => ({
        studyId: s.studyId,
        name: s.name,
        directions: s.directions,
        userAttrs: s.userAttrs,
        systemAttrs: s.systemAttrs,
        nTrials: s.nTrials,
        datetimeStart: s.datetimeStart,
      })),
    );
  }

  // ---------------------------------------------------------------- trials

  async createTrial(studyId: number, template: TrialTemplate = {}): Promise<FrozenTrial> {
    const now = this.now();
    return this.write(() => {
      const s = this.studyRow(studyId);
      const trialId = this.meta.get('nextTrialId') ?? 0;
      this.meta.putSync('nextTrialId', trialId + 1);
      const trial = buildTrial(template, s.nTrials, trialId, now);
      const start = trial.datetimeStart !== null && (s.datetimeStart === null || trial.datetimeStart < s.datetimeStart) ? trial.datetimeStart : s.datetimeStart;
      this.studies.putSync(studyId, { ...s, nTrials: s.nTrials + 1, datetimeStart: start });
      this.trialIds.putSync(trialId, [studyId, trial.number]);
      this.putTrial(studyId, trial, null);
      if (trial.state === 'COMPLETE') this.considerBest(studyId, trial);
      return trial;
    });
  }

  async claimWaitingTrial(studyId: number, options: { heartbeat?: boolean } = {}): Promise<FrozenTrial | null> {
    const now = this.now();
    // Most asks find nothing waiting: a read answers that without a write transaction (whose
    // commit would wait for the disk). A trial enqueued after this read is claimed by the next ask.
    if (this.read(() => (this.studyRow(studyId), this.numbersIn(studyId, 'WAITING')[0])) === undefined) return null;
    return this.write(() => {
      this.studyRow(studyId);
      const first = this.numbersIn(studyId, 'WAITING')[0];
      if (first === undefined) return null;
      const t = this.trials.get([studyId, first])!;
      return this.change(t.trialId, editClaim(now, options.heartbeat ?? false));
    });
  }

  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    this.update(trialId, editParam(name, internalValue, distribution));
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean> {
    const now = this.now();
    return this.write(() => {
      const [studyId, number] = this.locate(trialId);
      const old = this.trials.get([studyId, number])!;
      if (!canMove(old.state, state)) return false;
      this.change(trialId, editStateValues(state, values, now));
      return true;
    });
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    this.update(trialId, editIntermediate(step, value));
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.update(trialId, editAttr('userAttrs', key, value));
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.update(trialId, editAttr('systemAttrs', key, value));
  }

  async updateTrial(trialId: number, edits: readonly TrialEdit[]): Promise<void> {
    if (edits.length > 0) this.update(trialId, editAll(edits));
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.read(() => this.trials.get(this.locate(trialId))!);
  }

  async getTrialIdFromNumber(studyId: number, number: number): Promise<number> {
    return this.read(() => {
      const t = this.trials.get([studyId, number]);
      if (!t) throw new StudyError('ERR_TRIAL_NOT_FOUND', `study ${studyId} has no trial number ${number}`, { studyId, number });
      return t.trialId;
    });
  }

  async getAllTrials(studyId: number, options: GetTrialsOptions = {}): Promise<FrozenTrial[]> {
    return this.read(() => {
      this.studyRow(studyId);
      const from = Math.max(0, options.fromNumber ?? 0);
      const states = options.states;
      // Every read decodes fresh objects, so `deepcopy` needs no extra copy.
      if (!states) return this.scan(studyId, from);
      const numbers = states.flatMap((st) => this.numbersIn(studyId, st, from)).sort((a, b) => a - b);
      return numbers.map((n) => this.trials.get([studyId, n])!);
    });
  }

  private scan(studyId: number, from: number): FrozenTrial[] {
    const out: FrozenTrial[] = [];
    for (const { value } of this.trials.getRange({ start: [studyId, from], end: [studyId, Infinity] })) out.push(value);
    return out;
  }

  async getNTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    return this.read(() => {
      const s = this.studyRow(studyId);
      if (!states) return s.nTrials;
      let n = 0;
      for (const st of states) n += this.states.getKeysCount({ start: [studyId, st, 0], end: [studyId, st, Infinity] });
      return n;
    });
  }

  async getBestTrial(studyId: number): Promise<FrozenTrial> {
    return this.read(() => {
      const s = this.studyRow(studyId);
      if (s.directions.length !== 1) throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'a multi-objective study has no single best trial; use bestTrials()', { studyId });
      if (s.best === null) throw new StudyError('ERR_STUDY_NO_COMPLETE_TRIALS', 'no trial has completed yet', { studyId });
      return this.trials.get([studyId, s.best])!;
    });
  }

  // ---------------------------------------------------------------- dead workers

  async recordHeartbeat(trialId: number): Promise<void> {
    const now = this.now();
    this.update(trialId, (t) => {
      t.heartbeat = now;
    });
  }

  async failStaleTrials(studyId: number, graceMs: number): Promise<FrozenTrial[]> {
    const now = this.now();
    return this.write(() => {
      this.studyRow(studyId);
      const failed: FrozenTrial[] = [];
      for (const n of this.numbersIn(studyId, 'RUNNING')) {
        const t = this.trials.get([studyId, n])!;
        if (isStale(t, now, graceMs)) failed.push(this.change(t.trialId, editStaleFail(now, graceMs)));
      }
      return failed;
    });
  }

  /** Force later reads to see commits other processes made in this event turn. */
  refresh(): void {
    this.open();
    this._env.resetReadTxn();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this._env.close();
  }
}
