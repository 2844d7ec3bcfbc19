/**
 * A study: one optimisation problem, its trials in a storage, a sampler that proposes parameters
 * and a pruner that stops bad trials early. The successor of Optuna's `Study`, async where storage
 * is involved, with `optimize` running several async objectives at once (`concurrency`).
 */
import { randomUUID } from 'node:crypto';
import { AbortError, StudyError } from '../errors.js';
import { MemoryStorage } from '../storage/memory.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage, StudyDirection } from '../storage/storage.js';
import {
  assertCompatible,
  containsValue,
  describe,
  parseDistribution,
  type Distribution,
  type ParamValue,
} from './distributions.js';
import { DuplicateIndex } from './duplicate-index.js';
import { FinishedTrialScanner } from './finished-trial-scanner.js';
import { FAIL_REASON_ATTR, FIXED_PARAMS_ATTR, lastStep, type FrozenTrial, type JsonValue, type TrialTemplate } from './frozen-trial.js';
import { paretoFront } from './pareto.js';
import { MedianPruner } from './pruners/median.js';
import type { Pruner } from './pruners/pruner.js';
import type { Sampler } from './samplers/sampler.js';
import { TPESampler } from './samplers/tpe.js';
import type { StudyView } from './study-view.js';
import { Trial, type TrialHost } from './trial.js';
import { TrialPruned } from './trial-pruned.js';
import { isFinishedState, isTrialState, TrialState } from './trial-state.js';

/** An objective: takes a trial, returns one value per direction (a number for one objective). */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** Called after each trial of `optimize` finishes (may call `study.stop()`). */
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

export interface HeartbeatOptions {
  /** How often a running trial records that its worker is alive, ms. */
  intervalMs: number;
  /** A RUNNING trial whose heartbeat is older than this is failed (default 2 × intervalMs). */
  graceMs?: number;
  /** Re-enqueue a failed stale trial (same params) up to this many times (default 0). */
  maxRetry?: number;
}

export interface CreateStudyOptions {
  /** Study name; a random one when omitted. */
  name?: string;
  /** 'minimize' (default) or 'maximize' for one objective… */
  direction?: StudyDirection;
  /** …or one direction per objective. */
  directions?: readonly StudyDirection[];
  /** Default: TPESampler. */
  sampler?: Sampler;
  /** Default: MedianPruner. */
  pruner?: Pruner;
  /** Default: a new MemoryStorage. A string is opened with `openStorage` (a directory → LMDB, `memory:`, `lmdb:<dir>`, `postgres://…`). */
  storage?: Storage | string;
  /** Reuse an existing study of that name instead of failing with ERR_STUDY_EXISTS. */
  loadIfExists?: boolean;
  /** Detect dead workers in shared storages (LMDB, PostgreSQL). */
  heartbeat?: HeartbeatOptions;
}

export interface LoadStudyOptions {
  name: string;
  /** A Storage, or a URL / directory for `openStorage`. */
  storage: Storage | string;
  sampler?: Sampler;
  pruner?: Pruner;
  heartbeat?: HeartbeatOptions;
}

export interface OptimizeOptions {
  /** Stop after this many trials started by this call. */
  nTrials?: number;
  /** Start no new trial after this many milliseconds (running ones finish). */
  timeout?: number;
  /** Abort: no new trials; running ones are failed with reason "aborted"; optimize rejects with ERR_ABORTED. */
  signal?: AbortSignal;
  callbacks?: readonly StudyCallback[];
  /** Objective calls in flight at once (default 1). */
  concurrency?: number;
  /**
   * Which objective errors are recorded as FAIL and let the study go on: `true` (default) all of
   * them, `false` none (optimize rejects after recording the FAIL), or a predicate.
   */
  catch?: boolean | ((error: unknown) => boolean);
}

/** What `tell` accepts besides plain values. */
export interface TellOptions {
  state?: TrialState;
  values?: number | readonly number[];
  /** Why the trial failed (stored as system attr `fail_reason`). */
  failReason?: string;
  /** Return the stored trial instead of throwing when it had already finished. */
  skipIfFinished?: boolean;
}

export interface EnqueueOptions {
  /** Do nothing when a trial with exactly these params already exists (any state). */
  skipIfExists?: boolean;
  userAttrs?: Record<string, JsonValue>;
}

/** Event of the study's EventTarget: 'trialstart', 'trialcomplete', 'trialprune', 'trialfail'. */
export class TrialEvent extends Event {
  constructor(
    type: 'trialstart' | 'trialcomplete' | 'trialprune' | 'trialfail',
    readonly trial: FrozenTrial,
  ) {
    super(type);
  }
}

function parseDirections(options: { direction?: StudyDirection; directions?: readonly StudyDirection[] }): StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new StudyError('ERR_STUDY_DIRECTIONS', 'pass either direction or directions, not both');
  }
  const dirs = options.directions ? [...options.directions] : [options.direction ?? 'minimize'];
  if (dirs.length === 0) throw new StudyError('ERR_STUDY_DIRECTIONS', 'directions must name at least one objective');
  for (const d of dirs) {
    if (d !== 'minimize' && d !== 'maximize') throw new StudyError('ERR_STUDY_DIRECTIONS', `direction must be 'minimize' or 'maximize', got ${JSON.stringify(d)}`);
  }
  return dirs;
}

/** Create a study (or load it with `loadIfExists`). */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const directions = parseDirections(options);
  const storage = typeof options.storage === 'string' ? await openStorage(options.storage) : (options.storage ?? new MemoryStorage());
  const name = options.name ?? `no-name-${randomUUID()}`;
  let studyId: number;
  try {
    studyId = await storage.createStudy(name, directions);
  } catch (e) {
    if (!(options.loadIfExists && (e as { code?: string }).code === 'ERR_STUDY_EXISTS')) throw e;
    studyId = await storage.getStudyIdFromName(name);
    const stored = await storage.getStudyDirections(studyId);
    if (stored.length !== directions.length || stored.some((d, i) => d !== directions[i])) {
      throw new StudyError('ERR_STUDY_DIRECTION_MISMATCH', `study "${name}" exists with directions ${JSON.stringify(stored)}, not ${JSON.stringify(directions)}`, { name });
    }
  }
  const study = new Study(storage, studyId, name, directions, options.sampler, options.pruner, options.heartbeat);
  await study._refresh();
  return study;
}

/** Open an existing study. */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  const storage = typeof options.storage === 'string' ? await openStorage(options.storage) : options.storage;
  const studyId = await storage.getStudyIdFromName(options.name);
  const directions = await storage.getStudyDirections(studyId);
  const study = new Study(storage, studyId, options.name, directions, options.sampler, options.pruner, options.heartbeat);
  await study._refresh();
  return study;
}

/** Delete a study and its trials from a storage. */
export async function deleteStudy(options: { name: string; storage: Storage }): Promise<void> {
  await options.storage.deleteStudy(await options.storage.getStudyIdFromName(options.name));
}

function isTrialRef(x: unknown): x is Trial {
  return x instanceof Trial;
}

export class Study extends EventTarget implements StudyView, TrialHost {
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** @internal */
  readonly _storage: Storage;
  private cache: FrozenTrial[] = [];
  private watermark = 0;
  private readonly live = new Map<number, Trial>();
  private readonly kinds = new Map<string, Distribution>();
  private readonly kindScanner = new FinishedTrialScanner();
  private readonly duplicates = new DuplicateIndex();
  private stopRequested = false;

  /** @internal use createStudy / loadStudy */
  constructor(
    storage: Storage,
    readonly studyId: number,
    readonly studyName: string,
    readonly directions: readonly StudyDirection[],
    sampler: Sampler | undefined,
    pruner: Pruner | undefined,
    private readonly heartbeat: HeartbeatOptions | undefined,
  ) {
    super();
    this._storage = storage;
    this.sampler = sampler ?? new TPESampler();
    this.pruner = pruner ?? new MedianPruner();
    if (heartbeat && !(heartbeat.intervalMs > 0)) throw new StudyError('ERR_STUDY_HEARTBEAT', 'heartbeat.intervalMs must be > 0');
  }

  get storage(): Storage {
    return this._storage;
  }

  get isMultiObjective(): boolean {
    return this.directions.length > 1;
  }

  /** The single direction (throws ERR_STUDY_MULTI_OBJECTIVE for several objectives). */
  get direction(): StudyDirection {
    if (this.isMultiObjective) throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'this study has several directions; read study.directions');
    return this.directions[0]!;
  }

  // ---------------------------------------------------------------- cache (StudyView)

  /** @internal Pull new and changed trials from storage (finished trials are fetched once). */
  async _refresh(): Promise<void> {
    const fresh = await this._storage.getAllTrials(this.studyId, { fromNumber: this.watermark, deepcopy: false });
    for (const t of fresh) {
      const mine = this.live.get(t.number);
      this.cache[t.number] = mine ? mine._snapshot : t;
    }
    while (this.watermark < this.cache.length && this.cache[this.watermark] && isFinishedState(this.cache[this.watermark]!.state)) this.watermark++;
    this.kindScanner.scan(this.cache, (t) => {
      for (const [n, d] of Object.entries(t.distributions)) if (!this.kinds.has(n)) this.kinds.set(n, d);
    });
    this.duplicates.update(this.cache);
  }

  cachedTrials(): readonly FrozenTrial[] {
    return this.cache;
  }

  cachedTrialsIn(states: readonly TrialState[]): FrozenTrial[] {
    const out: FrozenTrial[] = [];
    for (const t of this.cache) if (t && states.includes(t.state)) out.push(t);
    return out;
  }

  setTrialSystemAttr(trialNumber: number, key: string, value: JsonValue): void {
    const trial = this.live.get(trialNumber);
    if (!trial) throw new StudyError('ERR_TRIAL_NOT_RUNNING_HERE', `trial ${trialNumber} is not running in this process`, { trial: trialNumber });
    trial.setSystemAttr(key, value);
  }

  /** Ask `optimize` to start no new trial; running trials finish. */
  stop(): void {
    this.stopRequested = true;
  }

  // ---------------------------------------------------------------- TrialHost

  /** @internal */
  _sampleIndependent(snapshot: FrozenTrial, name: string, distribution: Distribution): number {
    return this.sampler.sampleIndependent(this, snapshot, name, distribution);
  }

  /** @internal */
  _knownDistribution(name: string): Distribution | undefined {
    return this.kinds.get(name);
  }

  /** @internal */
  _rememberDistribution(name: string, distribution: Distribution): void {
    if (!this.kinds.has(name)) this.kinds.set(name, distribution);
  }

  /** @internal */
  _wouldDuplicate(snapshot: FrozenTrial, name: string, value: ParamValue): boolean {
    return this.duplicates.size > 0 && this.duplicates.exhausted(snapshot.params, name, value);
  }

  /** @internal */
  get _prunes(): boolean {
    return this.pruner.neverPrunes !== true;
  }

  /** @internal */
  async _prune(snapshot: FrozenTrial): Promise<boolean> {
    await this._refresh();
    return this.pruner.prune(this, snapshot);
  }

  // ---------------------------------------------------------------- ask / tell

  /**
   * Start a trial: an enqueued (WAITING) one first, else a new one. Parameters given in
   * `fixedDistributions` are suggested right away (define-and-run style).
   */
  async ask(fixedDistributions: Record<string, Distribution> = {}, signal?: AbortSignal): Promise<Trial> {
    const parsed = Object.entries(fixedDistributions).map(([n, d]) => [n, parseDistribution(d, n)] as const);
    await this._refresh();
    if (this.heartbeat) await this.failStale();
    const beat = this.heartbeat !== undefined;
    let frozen = await this._storage.claimWaitingTrial(this.studyId, { heartbeat: beat });
    if (!frozen) {
      // The first heartbeat is written with the trial, so a worker killed right after creating it
      // still leaves a trial that goes stale (a RUNNING trial without heartbeat is never failed).
      frozen = await this._storage.createTrial(this.studyId, beat ? { heartbeat: Date.now() } : undefined);
    }
    const trial = new Trial(this, this, frozen, signal);
    this.live.set(trial.number, trial);
    this.cache[trial.number] = trial._snapshot;
    const s = trial._snapshot;
    this.sampler.beforeTrial?.(this, s);
    const space = this.sampler.inferRelativeSearchSpace(this, s);
    if (Object.keys(space).length > 0) {
      trial._relativeSpace = space;
      trial._relativeParams = this.sampler.sampleRelative(this, s, space);
    }
    for (const [n, d] of parsed) trial.suggest(n, d);
    this.dispatchEvent(new TrialEvent('trialstart', s));
    return trial;
  }

  private async failStale(): Promise<void> {
    const hb = this.heartbeat!;
    const failed = await this._storage.failStaleTrials(this.studyId, hb.graceMs ?? 2 * hb.intervalMs);
    for (const t of failed) {
      this.live.delete(t.number);
      this.cache[t.number] = t;
      this.dispatchEvent(new TrialEvent('trialfail', t));
      const maxRetry = hb.maxRetry ?? 0;
      if (t.retryHistory.length < maxRetry) {
        await this._storage.createTrial(this.studyId, {
          state: 'WAITING',
          userAttrs: t.userAttrs,
          systemAttrs: { [FIXED_PARAMS_ATTR]: t.params as Record<string, JsonValue> },
          retryOf: t.retryOf ?? t.number,
          retryHistory: [...t.retryHistory, t.number],
        });
      }
    }
  }

  /**
   * Finish a trial (a Trial from `ask`, or a trial number): pass its values (a number, or one per
   * objective) for COMPLETE, or a state ('PRUNED', 'FAIL'), or `{ state, values, failReason }`.
   * Values that are not finite numbers of the right count make the trial FAIL with the reason.
   * Throws ERR_TRIAL_NOT_FOUND for an unknown trial and ERR_TRIAL_ALREADY_FINISHED when it was
   * already told (unless `skipIfFinished`).
   */
  async tell(trialOrNumber: Trial | number, result: number | readonly number[] | TrialState | TellOptions): Promise<FrozenTrial> {
    let trialId: number;
    let number: number;
    const liveTrial = isTrialRef(trialOrNumber) ? trialOrNumber : this.live.get(trialOrNumber);
    if (isTrialRef(trialOrNumber)) {
      if (trialOrNumber.study !== this) throw new StudyError('ERR_TRIAL_NOT_FOUND', `trial ${trialOrNumber.number} belongs to another study`);
      trialId = trialOrNumber.trialId;
      number = trialOrNumber.number;
    } else {
      if (!Number.isInteger(trialOrNumber) || trialOrNumber < 0) throw new StudyError('ERR_TRIAL_NOT_FOUND', `no trial number ${String(trialOrNumber)} in study "${this.studyName}"`);
      number = trialOrNumber;
      trialId = liveTrial ? liveTrial.trialId : await this._storage.getTrialIdFromNumber(this.studyId, number);
    }
    const opts: TellOptions =
      typeof result === 'number' || Array.isArray(result)
        ? { values: result as number | number[] }
        : typeof result === 'string'
          ? { state: result }
          : (result as TellOptions);

    let state: TrialState = opts.state ?? (opts.values !== undefined ? 'COMPLETE' : ('' as TrialState));
    if (!isTrialState(state)) throw new StudyError('ERR_TRIAL_TELL', 'tell needs values (for COMPLETE) or a state', { trial: number });
    if (state === 'WAITING' || state === 'RUNNING') throw new StudyError('ERR_TRIAL_TELL', `cannot tell a trial to be ${state}; tell COMPLETE, PRUNED or FAIL`, { trial: number });

    const current = liveTrial ? liveTrial._snapshot : await this._storage.getTrial(trialId);
    if (isFinishedState(current.state)) {
      if (opts.skipIfFinished) return current;
      throw new StudyError('ERR_TRIAL_ALREADY_FINISHED', `trial ${number} is already ${current.state}; each trial is told once`, { trial: number });
    }

    let values: number[] | null = null;
    let failReason = opts.failReason;
    if (state === 'COMPLETE') {
      const raw = opts.values === undefined ? undefined : typeof opts.values === 'number' ? [opts.values] : [...opts.values];
      const bad = checkValues(raw, this.directions.length);
      if (bad) {
        state = 'FAIL';
        failReason = bad;
      } else values = raw!;
    } else if (state === 'PRUNED') {
      // A pruned trial keeps its last reported value so samplers can rank it (as Optuna does).
      const step = lastStep(current);
      if (opts.values !== undefined) values = typeof opts.values === 'number' ? [opts.values] : [...opts.values];
      else if (step !== null && !this.isMultiObjective) values = [current.intermediateValues[step]!];
    }

    if (liveTrial) {
      try {
        await liveTrial.flush();
      } catch (e) {
        if (state !== 'FAIL') {
          state = 'FAIL';
          values = null;
          failReason = `a storage write of this trial failed: ${(e as Error).message}`;
        }
      }
    }
    try {
      this.sampler.afterTrial?.(this, liveTrial ? liveTrial._snapshot : current, state, values);
    } catch (e) {
      // e.g. a constraints function that throws: the trial cannot be ranked, so it fails
      state = 'FAIL';
      values = null;
      failReason = `the sampler's afterTrial failed: ${describeError(e)}`;
    }
    if (state === 'FAIL') {
      const reason = failReason ?? 'told FAIL';
      if (liveTrial) liveTrial.setSystemAttr(FAIL_REASON_ATTR, reason);
      else await this._storage.setTrialSystemAttr(trialId, FAIL_REASON_ATTR, reason);
    }
    if (liveTrial) await liveTrial.flush().catch(() => undefined);
    const ok = await this._storage.setTrialStateValues(trialId, state, values);
    this.live.delete(number);
    const stored = await this._storage.getTrial(trialId);
    this.cache[number] = stored;
    if (!ok) {
      if (opts.skipIfFinished) return stored;
      throw new StudyError('ERR_TRIAL_ALREADY_FINISHED', `trial ${number} was finished by someone else first (it is ${stored.state})`, { trial: number });
    }
    this.dispatchEvent(new TrialEvent(state === 'COMPLETE' ? 'trialcomplete' : state === 'PRUNED' ? 'trialprune' : 'trialfail', stored));
    return stored;
  }

  // ---------------------------------------------------------------- optimize

  /**
   * Run the objective on new trials until `nTrials`, `timeout`, `stop()` or `signal`. An objective
   * that throws, or returns NaN/Infinity, makes its trial FAIL with the reason and the study goes
   * on; throwing `TrialPruned` makes it PRUNED.
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new StudyError('ERR_STUDY_CONCURRENCY', `concurrency must be an integer ≥ 1, got ${concurrency}`);
    if (options.nTrials !== undefined && (!Number.isInteger(options.nTrials) || options.nTrials < 0)) {
      throw new StudyError('ERR_STUDY_N_TRIALS', `nTrials must be an integer ≥ 0, got ${options.nTrials}`);
    }
    const signal = options.signal;
    if (signal?.aborted) throw new AbortError('optimize was aborted before it started');
    const deadline = options.timeout !== undefined ? Date.now() + options.timeout : Infinity;
    const catchPolicy = options.catch ?? true;
    const shouldCatch = (e: unknown): boolean => (typeof catchPolicy === 'function' ? catchPolicy(e) : catchPolicy);
    const inner = new AbortController();
    const onAbort = (): void => inner.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.stopRequested = false;
    let started = 0;
    let fatal: { error: unknown } | undefined;
    const aborted = new Promise<'aborted'>((resolve) => inner.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));

    const worker = async (): Promise<void> => {
      for (;;) {
        if (this.stopRequested || inner.signal.aborted || fatal) return;
        if (options.nTrials !== undefined && started >= options.nTrials) return;
        if (Date.now() >= deadline) return;
        started++;
        const trial = await this.ask({}, inner.signal);
        const timer = this.heartbeat ? setInterval(() => void this._storage.recordHeartbeat(trial.trialId).catch(() => undefined), this.heartbeat.intervalMs) : undefined;
        let frozen: FrozenTrial;
        try {
          const run = Promise.resolve().then(() => objective(trial));
          const outcome = await Promise.race([run.then((v) => ({ v }), (e: unknown) => ({ e })), aborted]);
          if (outcome === 'aborted') {
            run.catch(() => undefined);
            await this.tell(trial, { state: 'FAIL', failReason: 'aborted', skipIfFinished: true });
            return;
          }
          if ('e' in outcome) {
            const e = outcome.e;
            if (e instanceof TrialPruned) frozen = await this.tell(trial, { state: 'PRUNED', skipIfFinished: true });
            else {
              frozen = await this.tell(trial, { state: 'FAIL', failReason: describeError(e), skipIfFinished: true });
              if (!shouldCatch(e)) fatal ??= { error: e };
            }
          } else {
            frozen = await this.tell(trial, { values: outcome.v as number | number[], skipIfFinished: true });
          }
        } finally {
          if (timer) clearInterval(timer);
        }
        for (const cb of options.callbacks ?? []) {
          try {
            await cb(this, frozen);
          } catch (e) {
            fatal ??= { error: e };
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, worker));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (fatal) throw fatal.error;
    if (inner.signal.aborted) throw new AbortError('optimize was aborted; running trials were failed with reason "aborted"');
  }

  // ---------------------------------------------------------------- enqueue / add

  /**
   * Queue a trial with fixed parameter values; the next `ask` (or an optimize worker) runs it.
   * Values are checked against the distributions this study already uses for those names
   * (ERR_SPACE_VALUE_OUTSIDE), and again when the objective suggests them. Returns the new trial's
   * number, or null when `skipIfExists` found the same params.
   */
  async enqueueTrial(params: Record<string, ParamValue>, options: EnqueueOptions = {}): Promise<number | null> {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new StudyError('ERR_SPACE_VALUE', 'enqueueTrial needs an object of parameter values');
    await this._refresh();
    for (const [name, value] of Object.entries(params)) {
      const t = typeof value;
      if (!(value === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(value)))) {
        throw new StudyError('ERR_SPACE_VALUE', `enqueued value for "${name}" must be a JSON scalar, got ${String(value)}`, { param: name });
      }
      const known = this.kinds.get(name);
      if (known && !this.valueFitsAnyKnown(name, value)) {
        throw new StudyError('ERR_SPACE_VALUE_OUTSIDE', `enqueued value ${JSON.stringify(value)} for "${name}" is outside its space ${describe(known)}`, { param: name });
      }
    }
    if (options.skipIfExists) {
      const keys = Object.keys(params).sort().join('\u0000');
      for (const t of this.cache) {
        if (!t) continue;
        const f = t.systemAttrs[FIXED_PARAMS_ATTR];
        const tp = (f && typeof f === 'object' && !Array.isArray(f) ? f : t.params) as Record<string, ParamValue>;
        if (Object.keys(tp).sort().join('\u0000') !== keys) continue;
        if (Object.entries(params).every(([k, v]) => tp[k] === v)) return null;
      }
    }
    const created = await this._storage.createTrial(this.studyId, {
      state: 'WAITING',
      userAttrs: options.userAttrs ?? {},
      systemAttrs: { [FIXED_PARAMS_ATTR]: { ...params } as Record<string, JsonValue> },
    });
    await this._refresh();
    return created.number;
  }

  /** The latest distribution this study used for `name` in a finished trial, or the first seen. */
  private valueFitsAnyKnown(name: string, value: ParamValue): boolean {
    for (let i = this.cache.length - 1; i >= 0; i--) {
      const d = this.cache[i]?.distributions[name];
      if (d) return containsValue(d, value);
    }
    const k = this.kinds.get(name);
    return k ? containsValue(k, value) : true;
  }

  /**
   * Add a finished trial made elsewhere (a previous run, another tool): `{ params, distributions,
   * values, state? = 'COMPLETE', intermediateValues?, userAttrs?, systemAttrs? }`. Validated like a
   * real trial would be.
   */
  async addTrial(template: TrialTemplate): Promise<FrozenTrial> {
    const state = template.state ?? 'COMPLETE';
    if (!isFinishedState(state)) throw new StudyError('ERR_TRIAL_STATE', `addTrial takes finished trials (COMPLETE, PRUNED, FAIL), got ${state}`);
    const params = template.params ?? {};
    const dists = template.distributions ?? {};
    const names = new Set([...Object.keys(params), ...Object.keys(dists)]);
    const clean: Record<string, Distribution> = {};
    for (const n of names) {
      if (!(n in params) || !(n in dists)) throw new StudyError('ERR_TRIAL_PARAMS', `"${n}" needs both a value and a distribution`, { param: n });
      const d = parseDistribution(dists[n], n);
      if (!containsValue(d, params[n])) throw new StudyError('ERR_SPACE_VALUE_OUTSIDE', `value ${JSON.stringify(params[n])} of "${n}" is outside ${describe(d)}`, { param: n });
      const known = this.kinds.get(n);
      if (known) assertCompatible(n, known, d);
      clean[n] = d;
    }
    if (state === 'COMPLETE') {
      const bad = checkValues(template.values ?? undefined, this.directions.length);
      if (bad) throw new StudyError('ERR_TRIAL_VALUES', bad);
    }
    for (const [k, v] of Object.entries(template.intermediateValues ?? {})) {
      if (!Number.isInteger(Number(k)) || Number(k) < 0 || typeof v !== 'number' || !Number.isFinite(v)) {
        throw new StudyError('ERR_TRIAL_REPORT_VALUE', `intermediate value at step ${k} must be a finite number at an integer step ≥ 0`);
      }
    }
    const now = Date.now();
    const stored = await this._storage.createTrial(this.studyId, {
      ...template,
      state,
      params: { ...params },
      distributions: clean,
      datetimeStart: template.datetimeStart ?? now,
      datetimeComplete: template.datetimeComplete ?? now,
    });
    for (const [n, d] of Object.entries(clean)) this._rememberDistribution(n, d);
    await this._refresh();
    return stored;
  }

  /** Add several finished trials (see addTrial). */
  async addTrials(templates: readonly TrialTemplate[]): Promise<void> {
    for (const t of templates) await this.addTrial(t);
  }

  // ---------------------------------------------------------------- results

  /** Trials from storage (fresh copies), by number, optionally only some states. */
  async getTrials(options: { states?: readonly TrialState[]; deepcopy?: boolean } = {}): Promise<FrozenTrial[]> {
    return this._storage.getAllTrials(this.studyId, { states: options.states, deepcopy: options.deepcopy ?? true });
  }

  /** How many trials the study holds (in `states`, when given), without reading them. */
  async countTrials(options: { states?: readonly TrialState[] } = {}): Promise<number> {
    return this._storage.getNTrials(this.studyId, options.states);
  }

  /**
   * Iterate over the study's trials by number (fresh copies). With `follow`, then keep yielding
   * trials as they finish in this process, in finishing order, until `signal` aborts or the loop
   * breaks: `for await (const t of study.trials({ follow: true, signal })) …`.
   */
  async *trials(options: { states?: readonly TrialState[]; follow?: boolean; signal?: AbortSignal } = {}): AsyncGenerator<FrozenTrial> {
    const queue: FrozenTrial[] = [];
    let wake: (() => void) | undefined;
    const onEvent = (e: Event): void => {
      queue.push((e as TrialEvent).trial);
      wake?.();
    };
    const onAbort = (): void => wake?.();
    const types = ['trialcomplete', 'trialprune', 'trialfail'];
    if (options.follow) {
      for (const ty of types) this.addEventListener(ty, onEvent);
      options.signal?.addEventListener('abort', onAbort);
    }
    const wanted = (t: FrozenTrial): boolean => !options.states || options.states.includes(t.state);
    try {
      const finishedInSnapshot = new Set<number>();
      for (const t of await this._storage.getAllTrials(this.studyId, { deepcopy: true })) {
        if (isFinishedState(t.state)) finishedInSnapshot.add(t.number);
        if (wanted(t)) yield t;
      }
      if (!options.follow) return;
      for (;;) {
        while (queue.length) {
          const t = queue.shift()!;
          if (!finishedInSnapshot.has(t.number) && wanted(t)) yield t;
        }
        if (options.signal?.aborted) return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      if (options.follow) {
        for (const ty of types) this.removeEventListener(ty, onEvent);
        options.signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  /** The best COMPLETE trial (single objective). Throws ERR_STUDY_NO_COMPLETE_TRIALS. */
  async bestTrial(): Promise<FrozenTrial> {
    if (this.isMultiObjective) throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'a multi-objective study has no single best trial; use bestTrials()');
    return this._storage.getBestTrial(this.studyId);
  }

  async bestValue(): Promise<number> {
    return (await this.bestTrial()).values![0]!;
  }

  async bestParams(): Promise<Record<string, ParamValue>> {
    return (await this.bestTrial()).params;
  }

  /** The Pareto set: COMPLETE trials no other COMPLETE trial dominates (feasible ones only). */
  async bestTrials(): Promise<FrozenTrial[]> {
    const done = await this._storage.getAllTrials(this.studyId, { states: ['COMPLETE'], deepcopy: true });
    return paretoFront(done, this.directions);
  }

  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    await this._storage.setStudyUserAttr(this.studyId, key, value);
  }

  async userAttrs(): Promise<Record<string, JsonValue>> {
    return this._storage.getStudyUserAttrs(this.studyId);
  }

  async setSystemAttr(key: string, value: JsonValue): Promise<void> {
    await this._storage.setStudySystemAttr(this.studyId, key, value);
  }

  async systemAttrs(): Promise<Record<string, JsonValue>> {
    return this._storage.getStudySystemAttrs(this.studyId);
  }
}

function checkValues(values: readonly number[] | undefined, n: number): string | undefined {
  if (values === undefined) return 'the objective returned no value';
  if (values.length !== n) return `the objective returned ${values.length} value(s) for ${n} direction(s)`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') return `the objective returned ${JSON.stringify(v)} (not a number) for objective ${i}`;
    if (!Number.isFinite(v)) return `the objective returned ${v} for objective ${i}; values must be finite`;
  }
  return undefined;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}${(e as { code?: string }).code ? ` ${(e as { code?: string }).code}` : ''}: ${e.message}`;
  return `thrown: ${String(e)}`;
}

export { TrialState };
