/**
 * The store for studies spread over several machines: one PostgreSQL database (node-postgres Pool)
 * that every worker process on every machine opens with the same `postgres://…` URL.
 *
 * Trials are edited with the same rules as the memory and LMDB stores (trial-record.ts). An edit
 * that does not read the record (a param, a step, an attribute, a heartbeat, a state move) is
 * applied to a blank record and written in one statement that locks the trial's row (`FOR UPDATE`)
 * and writes only while the trial is in a state the rules allow, so of two concurrent finishes
 * exactly one wins and a finished trial never changes. Edits that read the record (claims, stale
 * sweeps) lock, read, edit and write in one transaction. A trial's number comes from
 * the study row's counter, incremented inside the creating transaction (the row lock orders
 * creators). WAITING trials are claimed with `FOR UPDATE SKIP LOCKED`: concurrent claimers each lock
 * a different row, so no trial is handed to two workers and none waits on another. Stale RUNNING
 * trials are failed the same way, so two sweepers never fail (and retry) one trial twice.
 *
 * Layout: see postgres-schema.ts (studies, study attrs, trials, params with distributions, values,
 * intermediate values, trial attrs; one `cryptotune_schema` row).
 */
import type { Pool, PoolClient, TypeOverrides } from 'pg';
import { StorageError, StudyError } from '../errors.js';
import type { Distribution, ParamValue } from '../study/distributions.js';
import type { FrozenTrial, JsonValue, TrialTemplate } from '../study/frozen-trial.js';
import { isFinishedState, TRIAL_STATES, type TrialState } from '../study/trial-state.js';
import { postgresStorageError, redactUrl } from './postgres-errors.js';
import { ensurePostgresSchema } from './postgres-schema.js';
import type { GetTrialsOptions, Storage, StudyDirection, StudyInfo, TrialEdit } from './storage.js';
import {
  assertUnfinished,
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

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database` (any libpq-style URL node-postgres accepts). */
  url: string;
  /** Connections in this process's pool (default: `?max=` in the URL, else 10). */
  max?: number;
  /** How long a connection attempt may take before ERR_STORAGE_CONNECT (default 10 000 ms). */
  connectionTimeoutMs?: number;
  /** Clock for datetimes and heartbeats (replaceable in tests). */
  now?: () => number;
}

/** Transactions that lost a deadlock or serialization race are retried this many times. */
const TX_RETRIES = 3;
const RETRYABLE = new Set(['40P01', '40001']);

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Return int8 (ids, epoch ms) as numbers; every such value is far below 2^53. */
function typeOverrides(base: TypeOverrides['getTypeParser']): TypeOverrides {
  return {
    getTypeParser: (oid, format) => (oid === INT8_OID || oid === NUMERIC_OID ? Number : base(oid, format)),
  };
}

/** One trial as the query below returns it. */
interface TrialRow {
  trial_id: number;
  number: number;
  state: TrialState;
  datetime_start: number | null;
  datetime_complete: number | null;
  heartbeat: number | null;
  retry_of: number | null;
  retry_history: number[];
  params: [string, ParamValue, Distribution | null][] | null;
  vals: number[] | null;
  inter: Record<string, number> | null;
  user_attrs: Record<string, JsonValue> | null;
  system_attrs: Record<string, JsonValue> | null;
}

/** Everything of a trial in one round trip; `${where}` filters `cryptotune_trials t`. */
function trialQuery(where: string, suffix = ''): string {
  return `SELECT t.trial_id, t.number, t.state, t.datetime_start, t.datetime_complete, t.heartbeat, t.retry_of, t.retry_history,
    (SELECT json_agg(json_build_array(p.name, p.value, p.distribution)) FROM cryptotune_trial_params p WHERE p.trial_id = t.trial_id) AS params,
    (SELECT array_agg(v.value ORDER BY v.objective) FROM cryptotune_trial_values v WHERE v.trial_id = t.trial_id) AS vals,
    (SELECT json_object_agg(i.step, i.value) FROM cryptotune_trial_intermediate_values i WHERE i.trial_id = t.trial_id) AS inter,
    (SELECT json_object_agg(a.key, a.value) FROM cryptotune_trial_attrs a WHERE a.trial_id = t.trial_id AND a.kind = 'user') AS user_attrs,
    (SELECT json_object_agg(a.key, a.value) FROM cryptotune_trial_attrs a WHERE a.trial_id = t.trial_id AND a.kind = 'system') AS system_attrs
  FROM cryptotune_trials t WHERE ${where} ${suffix}`;
}

function trialFromRow(r: TrialRow): FrozenTrial {
  const params: Record<string, ParamValue> = {};
  const distributions: Record<string, Distribution> = {};
  for (const [name, value, dist] of r.params ?? []) {
    params[name] = value;
    if (dist !== null) distributions[name] = dist;
  }
  return {
    number: r.number,
    trialId: r.trial_id,
    state: r.state,
    values: r.vals,
    params,
    distributions,
    intermediateValues: r.inter ?? {},
    userAttrs: r.user_attrs ?? {},
    systemAttrs: r.system_attrs ?? {},
    datetimeStart: r.datetime_start,
    datetimeComplete: r.datetime_complete,
    heartbeat: r.heartbeat,
    retryOf: r.retry_of,
    retryHistory: r.retry_history,
  };
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Entries of `next` that are new or differ from `old`. */
function changed<V>(old: Record<string | number, V>, next: Record<string | number, V>): Record<string, V> | null {
  let out: Record<string, V> | null = null;
  for (const k of Object.keys(next)) {
    const v = next[k]!;
    if (!Object.prototype.hasOwnProperty.call(old, k) || !same(old[k], v)) (out ??= {})[k] = v;
  }
  return out;
}

/** Trial fields kept as columns of cryptotune_trials, with their column and SQL type. */
const COLUMNS = [
  ['state', 'state', 'text'],
  ['datetimeStart', 'datetime_start', 'bigint'],
  ['datetimeComplete', 'datetime_complete', 'bigint'],
  ['heartbeat', 'heartbeat', 'bigint'],
  ['retryOf', 'retry_of', 'integer'],
  ['retryHistory', 'retry_history', 'jsonb'],
] as const;

const UNFINISHED: TrialState[] = TRIAL_STATES.filter((s) => !isFinishedState(s));

/**
 * A record whose every field is unset: an edit applied to it sets exactly the fields it changes,
 * so edits that do not read the record can be written without reading it first.
 */
function blankTrial(trialId: number): MutableTrial {
  const unset = undefined as never;
  return { number: unset, trialId, state: unset, values: unset, params: {}, distributions: {}, intermediateValues: {}, userAttrs: {}, systemAttrs: {}, datetimeStart: unset, datetimeComplete: unset, heartbeat: unset, retryOf: unset, retryHistory: unset };
}

interface ChangeStatement {
  text: string;
  values: unknown[];
  /** Intermediate values the statement inserts (a step already reported is not overwritten). */
  steps: number;
  /** Whether `next` changes nothing. */
  empty: boolean;
}

interface ChangeRow {
  state: TrialState;
  number: number;
  written: boolean;
  steps: number | null;
}

/**
 * One statement that writes what `next` changes relative to `old` to trial `$1`, only while the
 * trial's state is one of `allowed` (the row is locked for the statement, so a concurrent change
 * either lands first and is seen, or waits). It returns the row's state and number, whether it
 * wrote, and how many intermediate values it inserted; no row means no such trial.
 */
function changeStatement(trialId: number, old: FrozenTrial, next: FrozenTrial, allowed: readonly TrialState[]): ChangeStatement {
  const values: unknown[] = [trialId, allowed];
  const arg = (v: unknown, type: string): string => {
    values.push(v);
    return `$${values.length}::${type}`;
  };
  const json = (v: unknown): string => arg(JSON.stringify(v), 'jsonb');
  const ctes = ['cur AS (SELECT trial_id, state, number FROM cryptotune_trials WHERE trial_id = $1 FOR UPDATE)', 'ok AS (SELECT trial_id FROM cur WHERE state = ANY($2::text[]))'];
  const sets = COLUMNS.filter(([k]) => !same(old[k], next[k])).map(([k, col, type]) => `${col} = ${type === 'jsonb' ? json(next[k]) : arg(next[k], type)}`);
  if (sets.length) ctes.push(`s AS (UPDATE cryptotune_trials x SET ${sets.join(', ')} FROM ok WHERE x.trial_id = ok.trial_id)`);
  if (!same(old.values, next.values)) {
    const vs = next.values ?? [];
    ctes.push(`vd AS (DELETE FROM cryptotune_trial_values v USING ok WHERE v.trial_id = ok.trial_id AND v.objective >= ${arg(vs.length, 'integer')})`);
    if (vs.length) {
      ctes.push(`vi AS (INSERT INTO cryptotune_trial_values (trial_id, objective, value) SELECT ok.trial_id, u.ord - 1, u.v FROM ok, unnest(${arg(vs, 'float8[]')}) WITH ORDINALITY AS u(v, ord)
        ON CONFLICT (trial_id, objective) DO UPDATE SET value = EXCLUDED.value)`);
    }
  }
  const params = changed(old.params, next.params);
  const dists = changed(old.distributions, next.distributions);
  if (params || dists) {
    const rows: Record<string, [ParamValue, Distribution | null]> = {};
    for (const k of new Set([...Object.keys(params ?? {}), ...Object.keys(dists ?? {})])) rows[k] = [next.params[k] ?? null, next.distributions[k] ?? null];
    ctes.push(`p AS (INSERT INTO cryptotune_trial_params (trial_id, name, value, distribution) SELECT ok.trial_id, e.key, e.value -> 0, NULLIF(e.value -> 1, 'null'::jsonb) FROM ok, jsonb_each(${json(rows)}) e
      ON CONFLICT (trial_id, name) DO UPDATE SET value = EXCLUDED.value, distribution = EXCLUDED.distribution)`);
  }
  const inter = changed(old.intermediateValues, next.intermediateValues);
  if (inter) {
    ctes.push(`iv AS (INSERT INTO cryptotune_trial_intermediate_values (trial_id, step, value) SELECT ok.trial_id, e.key::integer, e.value::float8 FROM ok, jsonb_each(${json(inter)}) e
      ON CONFLICT (trial_id, step) DO NOTHING RETURNING 1)`);
  }
  for (const [kind, field] of [['user', 'userAttrs'], ['system', 'systemAttrs']] as const) {
    const attrs = changed(old[field], next[field]);
    if (!attrs) continue;
    ctes.push(`a_${kind} AS (INSERT INTO cryptotune_trial_attrs (trial_id, kind, key, value) SELECT ok.trial_id, '${kind}', e.key, e.value FROM ok, jsonb_each(${json(attrs)}) e
      ON CONFLICT (trial_id, kind, key) DO UPDATE SET value = EXCLUDED.value)`);
  }
  return {
    text: `WITH ${ctes.join(',\n')}\nSELECT cur.state, cur.number, EXISTS (SELECT 1 FROM ok) AS written, ${inter ? '(SELECT count(*) FROM iv)::integer' : 'NULL::integer'} AS steps FROM cur`,
    values,
    steps: inter ? Object.keys(inter).length : 0,
    empty: ctes.length === 2,
  };
}

/** Write `next` over `old` inside a transaction that already holds the trial's row. */
async function writeTrialChanges(c: PoolClient, old: FrozenTrial, next: FrozenTrial): Promise<void> {
  const st = changeStatement(next.trialId, old, next, TRIAL_STATES);
  if (!st.empty) await c.query(st.text, st.values);
}

export class PostgresStorage implements Storage {
  /** The URL with its password removed (for messages and reports). */
  readonly url: string;
  private readonly pool: Pool;
  private readonly rawUrl: string;
  private readonly now: () => number;
  private closed = false;

  /**
   * Open the store a `postgres://` URL names: connects once (so a wrong URL or a stopped server
   * fails here with ERR_STORAGE_CONNECT / ERR_STORAGE_AUTH / ERR_STORAGE_DATABASE_MISSING), then
   * creates the tables on first use or checks their schema version (ERR_STORAGE_SCHEMA).
   */
  static async open(url: string, options: Omit<PostgresStorageOptions, 'url'> = {}): Promise<PostgresStorage> {
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//i.test(url)) {
      throw new StorageError('ERR_STORAGE_URL', `a PostgreSQL store needs a URL such as postgres://user:password@host:5432/database, got ${JSON.stringify(typeof url === 'string' ? redactUrl(url) : url)}`);
    }
    let pg: typeof import('pg');
    try {
      pg = await import('pg');
    } catch (e) {
      throw new StorageError('ERR_STORAGE_BACKEND_MISSING', `the PostgreSQL driver (npm package pg) is not installed, so "${redactUrl(url)}" cannot be opened; npm install pg`, { url: redactUrl(url) }, { cause: e });
    }
    const storage = new PostgresStorage(pg.default ?? pg, { ...options, url });
    let client: PoolClient | undefined;
    try {
      client = await storage.pool.connect();
      await ensurePostgresSchema(client, storage.url);
    } catch (e) {
      client?.release(true);
      client = undefined;
      await storage.close();
      throw postgresStorageError(e, url, 'open');
    } finally {
      client?.release();
    }
    return storage;
  }

  private constructor(pg: { Pool: typeof Pool; types: { getTypeParser: TypeOverrides['getTypeParser'] } }, options: PostgresStorageOptions) {
    this.rawUrl = options.url;
    this.url = redactUrl(options.url);
    this.now = options.now ?? Date.now;
    let parsed: URL | undefined;
    try {
      parsed = new URL(options.url);
    } catch {
      // libpq-style URLs that WHATWG URL rejects (several hosts, …) are left to node-postgres.
    }
    const inUrl = parsed?.searchParams.get('max');
    const max = options.max ?? (inUrl != null ? Number(inUrl) : 10);
    if (!Number.isInteger(max) || max < 1) {
      throw new StorageError(options.max === undefined ? 'ERR_STORAGE_URL' : 'ERR_STORAGE_OPTION', `max (connections in the pool) must be an integer ≥ 1, got ${options.max ?? JSON.stringify(inUrl)}`, { url: this.url });
    }
    this.pool = new pg.Pool({
      connectionString: options.url,
      max,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      idleTimeoutMillis: 10_000,
      types: typeOverrides(pg.types.getTypeParser),
    });
    // An idle connection the server drops must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  // ---------------------------------------------------------------- plumbing

  private open(): void {
    if (this.closed) throw new StorageError('ERR_STORAGE_CLOSED', 'this storage was closed; open a new PostgresStorage');
  }

  /** One statement outside a transaction. */
  private async query<R>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    this.open();
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (e) {
      throw postgresStorageError(e, this.rawUrl, 'query');
    }
  }

  /** One statement (its own transaction) through the pool, with the same error mapping. */
  private async statement<T>(fn: (q: Pick<PoolClient, 'query'>) => Promise<T>): Promise<T> {
    this.open();
    try {
      return await fn(this.pool);
    } catch (e) {
      throw postgresStorageError(e, this.rawUrl, 'write to');
    }
  }

  /**
   * Run `fn` in one transaction on one connection. A throw rolls everything back, so `fn` may check
   * after it has locked and read. Deadlock and serialization losers are retried.
   */
  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    this.open();
    for (let attempt = 0; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        throw postgresStorageError(e, this.rawUrl, 'connect to');
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        const code = (e as { code?: string }).code ?? '';
        if (RETRYABLE.has(code) && attempt < TX_RETRIES) continue;
        throw postgresStorageError(e, this.rawUrl, 'write to');
      } finally {
        client.release(broken);
      }
    }
  }

  private async studyDirections(c: PoolClient | null, studyId: number, lock = false): Promise<StudyDirection[]> {
    const text = `SELECT directions FROM cryptotune_studies WHERE study_id = $1${lock ? ' FOR UPDATE' : ''}`;
    const rows = c ? (await c.query<{ directions: StudyDirection[] }>(text, [studyId])).rows : await this.query<{ directions: StudyDirection[] }>(text, [studyId]);
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return rows[0]!.directions;
  }

  /** Check unfinished, edit and write a trial whose row `c`'s transaction has locked. */
  private async change(c: PoolClient, old: FrozenTrial, edit: (t: MutableTrial) => void): Promise<FrozenTrial> {
    assertUnfinished(old);
    const next = { ...old } as MutableTrial;
    edit(next);
    await writeTrialChanges(c, old, next);
    return next;
  }

  /**
   * Apply an edit that does not read the record (params, steps, attrs, heartbeat, state moves) in
   * one statement, only while the trial is in one of `allowed`; false when it was not.
   */
  private async editInPlace(trialId: number, edit: (t: MutableTrial) => void, allowed: readonly TrialState[]): Promise<{ written: boolean; state: TrialState; number: number }> {
    const blank = blankTrial(trialId);
    const next = { ...blank } as MutableTrial;
    edit(next);
    const st = changeStatement(trialId, blank, next, allowed);
    const rows = await this.query<ChangeRow>(st.text, st.values);
    if (rows.length === 0) throw new StudyError('ERR_TRIAL_NOT_FOUND', `no trial with id ${trialId}`, { trialId });
    const r = rows[0]!;
    // A step that was already reported was left as it was: the edit, shown the step, says so.
    if (r.written && st.steps > 0 && (r.steps ?? 0) < st.steps) edit({ ...blankTrial(trialId), number: r.number, intermediateValues: next.intermediateValues });
    return r;
  }

  private async update(trialId: number, edit: (t: MutableTrial) => void): Promise<void> {
    const r = await this.editInPlace(trialId, edit, UNFINISHED);
    if (!r.written) assertUnfinished({ ...blankTrial(trialId), state: r.state, number: r.number });
  }

  // ---------------------------------------------------------------- studies

  async createStudy(name: string, directions: readonly StudyDirection[]): Promise<number> {
    const rows = await this.query<{ study_id: number }>('INSERT INTO cryptotune_studies (name, directions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING study_id', [
      name,
      JSON.stringify(directions),
    ]);
    if (rows.length === 0) throw new StudyError('ERR_STUDY_EXISTS', `a study named "${name}" already exists; pass loadIfExists: true to reuse it`, { name });
    return rows[0]!.study_id;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const rows = await this.query('DELETE FROM cryptotune_studies WHERE study_id = $1 RETURNING study_id', [studyId]);
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
  }

  async getStudyIdFromName(name: string): Promise<number> {
    const rows = await this.query<{ study_id: number }>('SELECT study_id FROM cryptotune_studies WHERE name = $1', [name]);
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study named "${name}"`, { name });
    return rows[0]!.study_id;
  }

  async getStudyNameFromId(studyId: number): Promise<string> {
    const rows = await this.query<{ name: string }>('SELECT name FROM cryptotune_studies WHERE study_id = $1', [studyId]);
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return rows[0]!.name;
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    return this.studyDirections(null, studyId);
  }

  private async setStudyAttr(studyId: number, kind: 'user' | 'system', key: string, value: JsonValue): Promise<void> {
    // The INSERT … SELECT writes nothing for a missing study, so one statement both checks and writes.
    const rows = await this.query(
      `INSERT INTO cryptotune_study_attrs (study_id, kind, key, value) SELECT study_id, $2, $3, $4 FROM cryptotune_studies WHERE study_id = $1
       ON CONFLICT (study_id, kind, key) DO UPDATE SET value = EXCLUDED.value RETURNING study_id`,
      [studyId, kind, key, JSON.stringify(value)],
    );
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.setStudyAttr(studyId, 'user', key, value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.setStudyAttr(studyId, 'system', key, value);
  }

  private async studyAttrs(studyId: number, kind: 'user' | 'system'): Promise<Record<string, JsonValue>> {
    const rows = await this.query<{ attrs: Record<string, JsonValue> | null }>(
      'SELECT (SELECT json_object_agg(a.key, a.value) FROM cryptotune_study_attrs a WHERE a.study_id = s.study_id AND a.kind = $2) AS attrs FROM cryptotune_studies s WHERE s.study_id = $1',
      [studyId, kind],
    );
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return rows[0]!.attrs ?? {};
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return this.studyAttrs(studyId, 'user');
  }

  async getStudySystemAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return this.studyAttrs(studyId, 'system');
  }

  async getAllStudies(): Promise<StudyInfo[]> {
    const rows = await this.query<{ study_id: number; name: string; directions: StudyDirection[]; n_trials: number; datetime_start: number | null; user_attrs: Record<string, JsonValue> | null; system_attrs: Record<string, JsonValue> | null }>(
      `SELECT s.study_id, s.name, s.directions, s.n_trials, s.datetime_start,
        (SELECT json_object_agg(a.key, a.value) FROM cryptotune_study_attrs a WHERE a.study_id = s.study_id AND a.kind = 'user') AS user_attrs,
        (SELECT json_object_agg(a.key, a.value) FROM cryptotune_study_attrs a WHERE a.study_id = s.study_id AND a.kind = 'system') AS system_attrs
       FROM cryptotune_studies s ORDER BY s.study_id`,
    );
    return rows.map((r) => ({
      studyId: r.study_id,
      name: r.name,
      directions: r.directions,
      userAttrs: r.user_attrs ?? {},
      systemAttrs: r.system_attrs ?? {},
      nTrials: r.n_trials,
      datetimeStart: r.datetime_start,
    }));
  }

  // ---------------------------------------------------------------- trials

  async createTrial(studyId: number, template: TrialTemplate = {}): Promise<FrozenTrial> {
    const draft = buildTrial(template, 0, -1, this.now());
    const bare = { ...draft, values: null, params: {}, distributions: {}, intermediateValues: {}, userAttrs: {}, systemAttrs: {} };
    const children = !changeStatement(-1, bare, draft, TRIAL_STATES).empty;
    const insert = async (q: Pick<PoolClient, 'query'>): Promise<FrozenTrial> => {
      // The study row's lock orders concurrent creators, so numbers are dense and unique.
      const rows = (
        await q.query<{ trial_id: number; number: number }>(
          `WITH n AS (UPDATE cryptotune_studies SET n_trials = n_trials + 1, datetime_start = LEAST(datetime_start, $2::bigint) WHERE study_id = $1 RETURNING n_trials - 1 AS number)
           INSERT INTO cryptotune_trials (study_id, number, state, datetime_start, datetime_complete, heartbeat, retry_of, retry_history)
           SELECT $1, n.number, $3, $2, $4, $5, $6, $7 FROM n RETURNING trial_id, number`,
          [studyId, draft.datetimeStart, draft.state, draft.datetimeComplete, draft.heartbeat, draft.retryOf, JSON.stringify(draft.retryHistory)],
        )
      ).rows;
      if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
      return { ...draft, number: rows[0]!.number, trialId: rows[0]!.trial_id };
    };
    // A bare trial is one statement; one with params, values or attrs adds them in the same transaction.
    if (!children) return this.statement(insert);
    return this.tx(async (c) => {
      const trial = await insert(c);
      await writeTrialChanges(c, { ...bare, number: trial.number, trialId: trial.trialId }, trial);
      return trial;
    });
  }

  async claimWaitingTrial(studyId: number, options: { heartbeat?: boolean } = {}): Promise<FrozenTrial | null> {
    const now = this.now();
    return this.tx(async (c) => {
      // SKIP LOCKED: a WAITING row another claimer holds is passed over, never waited on.
      const rows = (
        await c.query<TrialRow>(trialQuery("t.study_id = $1 AND t.state = 'WAITING'", 'ORDER BY t.number LIMIT 1 FOR UPDATE OF t SKIP LOCKED'), [studyId])
      ).rows;
      if (rows.length === 0) {
        await this.studyDirections(c, studyId);
        return null;
      }
      return this.change(c, trialFromRow(rows[0]!), editClaim(now, options.heartbeat ?? false));
    });
  }

  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    await this.update(trialId, editParam(name, internalValue, distribution));
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean> {
    const from = TRIAL_STATES.filter((s) => canMove(s, state));
    return (await this.editInPlace(trialId, editStateValues(state, values, this.now()), from)).written;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    await this.update(trialId, editIntermediate(step, value));
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.update(trialId, editAttr('userAttrs', key, value));
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.update(trialId, editAttr('systemAttrs', key, value));
  }

  async updateTrial(trialId: number, edits: readonly TrialEdit[]): Promise<void> {
    if (edits.length > 0) await this.update(trialId, editAll(edits));
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const rows = await this.query<TrialRow>(trialQuery('t.trial_id = $1'), [trialId]);
    if (rows.length === 0) throw new StudyError('ERR_TRIAL_NOT_FOUND', `no trial with id ${trialId}`, { trialId });
    return trialFromRow(rows[0]!);
  }

  async getTrialIdFromNumber(studyId: number, number: number): Promise<number> {
    const rows = await this.query<{ trial_id: number }>('SELECT trial_id FROM cryptotune_trials WHERE study_id = $1 AND number = $2', [studyId, number]);
    if (rows.length === 0) throw new StudyError('ERR_TRIAL_NOT_FOUND', `study ${studyId} has no trial number ${number}`, { studyId, number });
    return rows[0]!.trial_id;
  }

  async getAllTrials(studyId: number, options: GetTrialsOptions = {}): Promise<FrozenTrial[]> {
    const from = Math.max(0, options.fromNumber ?? 0);
    const states = options.states ? [...options.states] : null;
    const rows = await this.query<TrialRow & { study: number | null }>(
      `WITH s AS (SELECT study_id FROM cryptotune_studies WHERE study_id = $1)
       SELECT s.study_id AS study, x.* FROM s LEFT JOIN LATERAL (${trialQuery('t.study_id = s.study_id AND t.number >= $2 AND ($3::text[] IS NULL OR t.state = ANY($3))')}) x ON true
       ORDER BY x.number`,
      [studyId, from, states],
    );
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    // Every read decodes fresh objects, so `deepcopy` needs no extra copy.
    return rows.filter((r) => r.trial_id !== null).map(trialFromRow);
  }

  async getNTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    const rows = await this.query<{ n: number }>(
      `SELECT CASE WHEN $2::text[] IS NULL THEN s.n_trials ELSE (SELECT count(*) FROM cryptotune_trials t WHERE t.study_id = s.study_id AND t.state = ANY($2))::integer END AS n
       FROM cryptotune_studies s WHERE s.study_id = $1`,
      [studyId, states ? [...states] : null],
    );
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return rows[0]!.n;
  }

  async getBestTrial(studyId: number): Promise<FrozenTrial> {
    const directions = await this.studyDirections(null, studyId);
    if (directions.length !== 1) throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'a multi-objective study has no single best trial; use bestTrials()', { studyId });
    const order = directions[0] === 'maximize' ? 'DESC' : 'ASC';
    // Lowest number wins ties, as in the other stores.
    const rows = await this.query<TrialRow>(
      trialQuery(
        "t.study_id = $1 AND t.state = 'COMPLETE' AND (SELECT count(*) FROM cryptotune_trial_values c WHERE c.trial_id = t.trial_id) = 1",
        `ORDER BY (SELECT v.value FROM cryptotune_trial_values v WHERE v.trial_id = t.trial_id AND v.objective = 0) ${order}, t.number ASC LIMIT 1`,
      ),
      [studyId],
    );
    if (rows.length === 0) throw new StudyError('ERR_STUDY_NO_COMPLETE_TRIALS', 'no trial has completed yet', { studyId });
    return trialFromRow(rows[0]!);
  }

  // ---------------------------------------------------------------- dead workers

  async recordHeartbeat(trialId: number): Promise<void> {
    const now = this.now();
    await this.update(trialId, (t) => {
      t.heartbeat = now;
    });
  }

  async failStaleTrials(studyId: number, graceMs: number): Promise<FrozenTrial[]> {
    const now = this.now();
    return this.tx(async (c) => {
      await this.studyDirections(c, studyId);
      // Rows another sweeper (or the trial's own worker) holds are skipped: it decides them.
      const rows = (
        await c.query<TrialRow>(trialQuery("t.study_id = $1 AND t.state = 'RUNNING' AND t.heartbeat IS NOT NULL AND t.heartbeat < $2::float8", 'ORDER BY t.number FOR UPDATE OF t SKIP LOCKED'), [studyId, now - graceMs])
      ).rows;
      const failed: FrozenTrial[] = [];
      for (const r of rows) {
        const t = trialFromRow(r);
        if (isStale(t, now, graceMs)) failed.push(await this.change(c, t, editStaleFail(now, graceMs)));
      }
      return failed;
    });
  }

  /** End the pool; further calls throw ERR_STORAGE_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }
}

