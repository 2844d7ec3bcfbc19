/**
 * A running trial, handed to the objective. Suggestions are synchronous (the sampler works on the
 * study's cached trials) and their storage writes are queued; `shouldPrune`, `flush` and the
 * study's `tell` wait for the queue, so a storage error surfaces at the next await.
 *
 * Define-by-run: whatever the objective suggests is the search space, so conditional spaces are
 * just `if`s in the objective.
 *
 * Duplicates: when every parameter suggested so far and the one being suggested are discrete, and
 * every configuration extending the sampled value has already been evaluated (COMPLETE or PRUNED —
 * in the simplest case, the value would make the trial an exact repeat), the trial asks the sampler
 * again (up to 4 times) and then takes the first value of the distribution whose sub-space is not
 * exhausted. Only when every value's is (the whole space below this point is evaluated) is the
 * repeat kept. Enqueued (fixed) values are never changed.
 */
import { StudyError } from '../errors.js';
import type { Storage, TrialEdit } from '../storage/storage.js';
import {
  assertCompatible,
  cardinality,
  categoricalDistribution,
  containsValue,
  describe,
  distributionsEqual,
  floatDistribution,
  intDistribution,
  isSingle,
  toExternal,
  toInternal,
  type CategoricalChoice,
  type Distribution,
  type FloatOptions,
  type IntOptions,
  type ParamValue,
} from './distributions.js';
import { isDiscrete } from './duplicate-index.js';
import { FIXED_PARAMS_ATTR, type FrozenTrial, type JsonValue } from './frozen-trial.js';
import type { Study } from './study.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** @internal What a Trial needs from its study (kept narrow so the two files stay decoupled). */
export interface TrialHost {
  readonly studyId: number;
  readonly isMultiObjective: boolean;
  readonly _storage: Storage;
  _sampleIndependent(snapshot: FrozenTrial, name: string, distribution: Distribution): number;
  _knownDistribution(name: string): Distribution | undefined;
  _rememberDistribution(name: string, distribution: Distribution): void;
  _wouldDuplicate(snapshot: FrozenTrial, name: string, value: ParamValue): boolean;
  _prune(snapshot: FrozenTrial): Promise<boolean>;
  /** False when the study's pruner never prunes (see `Pruner.neverPrunes`). */
  readonly _prunes: boolean;
}

export class Trial {
  /** @internal live snapshot shared with the study's cache (samplers see running trials). */
  readonly _snapshot: Mutable<FrozenTrial>;
  /** @internal */
  _relativeSpace: Record<string, Distribution> = {};
  /** @internal */
  _relativeParams: Record<string, number> = {};
  private pending: Promise<void> = Promise.resolve();
  private edits: TrialEdit[] = [];
  private failure: unknown = undefined;
  private ownSignal: AbortSignal | undefined;

  /** @internal created by Study.ask */
  constructor(
    readonly study: Study,
    private readonly host: TrialHost,
    frozen: FrozenTrial,
    signal?: AbortSignal,
  ) {
    this._snapshot = {
      ...frozen,
      params: { ...frozen.params },
      distributions: { ...frozen.distributions },
      intermediateValues: { ...frozen.intermediateValues },
      userAttrs: { ...frozen.userAttrs },
      systemAttrs: { ...frozen.systemAttrs },
    };
    this.ownSignal = signal;
  }

  /** Aborted when `optimize` is aborted; long objectives should pass it on. */
  get signal(): AbortSignal {
    // made on first use: an AbortController costs more than the rest of an ask's bookkeeping
    return (this.ownSignal ??= new AbortController().signal);
  }

  /** Position of the trial in its study. */
  get number(): number {
    return this._snapshot.number;
  }

  get trialId(): number {
    return this._snapshot.trialId;
  }

  /** Parameters suggested so far (external values). */
  get params(): Record<string, ParamValue> {
    return { ...this._snapshot.params };
  }

  get distributions(): Record<string, Distribution> {
    return { ...this._snapshot.distributions };
  }

  get userAttrs(): Record<string, JsonValue> {
    return { ...this._snapshot.userAttrs };
  }

  get systemAttrs(): Record<string, JsonValue> {
    return { ...this._snapshot.systemAttrs };
  }

  get intermediateValues(): Record<number, number> {
    return { ...this._snapshot.intermediateValues };
  }

  get datetimeStart(): number | null {
    return this._snapshot.datetimeStart;
  }

  /** Parameters fixed for this trial by `enqueueTrial`. */
  get fixedParams(): Record<string, ParamValue> {
    const f = this._snapshot.systemAttrs[FIXED_PARAMS_ATTR];
    return f && typeof f === 'object' && !Array.isArray(f) ? ({ ...f } as Record<string, ParamValue>) : {};
  }

  /** A float in [low, high]; `log` for log scale, `step` for a discrete grid low + k·step. */
  suggestFloat(name: string, low: number, high: number, options: FloatOptions = {}): number {
    return this.suggest(name, floatDistribution(low, high, options, name)) as number;
  }

  /** An integer in [low, high] on the grid low + k·step (`log` needs step 1). */
  suggestInt(name: string, low: number, high: number, options: IntOptions = {}): number {
    return this.suggest(name, intDistribution(low, high, options, name)) as number;
  }

  /** One of `choices`. */
  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(choices, name)) as T;
  }

  /**
   * Suggest a parameter from a distribution. Suggesting a name again in the same trial returns the
   * same value when the distribution is the same, and throws ERR_SPACE_DISTRIBUTION_CONFLICT when
   * it is not.
   */
  suggest(name: string, distribution: Distribution): ParamValue {
    if (typeof name !== 'string' || name.length === 0) throw new StudyError('ERR_SPACE_NAME', 'a parameter name must be a non-empty string');
    const s = this._snapshot;
    const previous = s.distributions[name];
    if (previous) {
      if (!distributionsEqual(previous, distribution)) {
        throw new StudyError(
          'ERR_SPACE_DISTRIBUTION_CONFLICT',
          `"${name}" was already suggested in trial ${s.number} as ${describe(previous)}; it cannot be suggested again as ${describe(distribution)}`,
          { param: name, trial: s.number },
        );
      }
      return s.params[name]!;
    }
    const known = this.host._knownDistribution(name);
    if (known) assertCompatible(name, known, distribution);

    let internal: number;
    const fixed = this.fixedParams;
    if (Object.prototype.hasOwnProperty.call(fixed, name)) {
      const value = fixed[name];
      if (!containsValue(distribution, value)) {
        throw new StudyError(
          'ERR_SPACE_VALUE_OUTSIDE',
          `enqueued value ${JSON.stringify(value)} for "${name}" is outside ${describe(distribution)}; enqueue a value inside the space`,
          { param: name, trial: s.number },
        );
      }
      internal = toInternal(distribution, value, name);
    } else if (isSingle(distribution)) {
      internal = distribution.type === 'categorical' ? 0 : distribution.low;
    } else {
      const rel = this._relativeSpace[name];
      if (rel && distributionsEqual(rel, distribution) && name in this._relativeParams) internal = this._relativeParams[name]!;
      else internal = this.host._sampleIndependent(s, name, distribution);
      internal = this.avoidDuplicate(name, distribution, internal);
    }
    const value = toExternal(distribution, internal);
    s.params = { ...s.params, [name]: value };
    s.distributions = { ...s.distributions, [name]: distribution };
    this.host._rememberDistribution(name, distribution);
    this.queue({ kind: 'param', name, internalValue: internal, distribution });
    return value;
  }

  private avoidDuplicate(name: string, distribution: Distribution, internal: number): number {
    const s = this._snapshot;
    if (!isDiscrete(distribution)) return internal;
    for (const n in s.distributions) if (!isDiscrete(s.distributions[n]!)) return internal;
    const dup = (v: number): boolean => this.host._wouldDuplicate(s, name, toExternal(distribution, v));
    if (!dup(internal)) return internal;
    for (let i = 0; i < 4; i++) {
      const again = this.host._sampleIndependent(s, name, distribution);
      if (!dup(again)) return again;
    }
    const n = cardinality(distribution);
    if (n > 100_000) return internal;
    for (let k = 0; k < n; k++) {
      const v = distribution.type === 'categorical' ? k : distribution.low + k * (distribution.type === 'int' ? distribution.step : distribution.step!);
      if (!dup(v)) return v;
    }
    return internal;
  }

  /**
   * Report an intermediate objective value at `step` (an integer ≥ 0, each step once) for pruners.
   * Not available in multi-objective studies.
   */
  report(value: number, step: number): void {
    const s = this._snapshot;
    if (this.host.isMultiObjective) {
      throw new StudyError('ERR_TRIAL_REPORT_MULTI_OBJECTIVE', 'report() is not supported in multi-objective studies; pruning needs a single objective');
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new StudyError('ERR_TRIAL_REPORT_VALUE', `reported value must be a finite number, got ${String(value)} at step ${step}`, { trial: s.number, step });
    }
    if (!Number.isInteger(step) || step < 0) {
      throw new StudyError('ERR_TRIAL_REPORT_STEP', `step must be an integer ≥ 0, got ${String(step)}`, { trial: s.number, step });
    }
    if (Object.prototype.hasOwnProperty.call(s.intermediateValues, step)) {
      throw new StudyError('ERR_TRIAL_STEP_REPORTED', `trial ${s.number} already reported a value at step ${step}; report each step once`, { trial: s.number, step });
    }
    s.intermediateValues = { ...s.intermediateValues, [step]: value };
    this.queue({ kind: 'intermediate', step, value });
  }

  /**
   * Whether the study's pruner would stop this trial now, given the values reported so far. Waits
   * for queued writes and refreshes the study's view of other trials first.
   */
  async shouldPrune(): Promise<boolean> {
    if (this.host.isMultiObjective) {
      throw new StudyError('ERR_TRIAL_PRUNE_MULTI_OBJECTIVE', 'shouldPrune() is not supported in multi-objective studies');
    }
    if (!this.host._prunes) return false;
    await this.flush();
    return this.host._prune(this._snapshot);
  }

  /** Attach a JSON value to the trial (kept with it in storage). */
  setUserAttr(key: string, value: JsonValue): void {
    const s = this._snapshot;
    s.userAttrs = { ...s.userAttrs, [key]: value };
    this.queue({ kind: 'userAttr', key, value });
  }

  /** Library-internal attributes (samplers, pruners); prefer `setUserAttr` in objectives. */
  setSystemAttr(key: string, value: JsonValue): void {
    const s = this._snapshot;
    s.systemAttrs = { ...s.systemAttrs, [key]: value };
    this.queue({ kind: 'systemAttr', key, value });
  }

  /** Wait until every queued storage write is done; rethrows the first write error. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Edits made between two awaits go to storage as one `updateTrial` call: the first edit of a
   * batch schedules the write after the writes before it, later ones join it until it starts.
   */
  private queue(edit: TrialEdit): void {
    this.edits.push(edit);
    if (this.edits.length > 1) return;
    const storage = this.host._storage;
    const trialId = this._snapshot.trialId;
    this.pending = this.pending
      .then(async () => {
        const batch = this.edits;
        this.edits = [];
        if (this.failure === undefined) await storage.updateTrial(trialId, batch);
      })
      .catch((e: unknown) => {
        if (this.failure === undefined) this.failure = e;
      });
  }

}
