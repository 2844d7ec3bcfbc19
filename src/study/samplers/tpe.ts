/**
 * Tree-structured Parzen Estimator (Optuna's TPESampler, Bergstra et al. 2011; Watanabe 2023).
 * Finished trials are split into a "good" group (the best gamma(n)) and the rest; each group gets a
 * Parzen estimator; 24 candidates are drawn from the good one and the candidate maximising
 * log l(x) − log g(x) wins.
 *
 * Modes, as in Optuna: `multivariate` (the default here: one joint estimator over the intersection
 * search space, with a narrower bandwidth than Optuna's — tpe-joint-estimator.ts), univariate
 * (`multivariate: false`, Optuna's default: one estimator per parameter, and the path for
 * parameters outside the intersection), `group` (joint per group of parameters that occur
 * together, for conditional spaces), `constantLiar` (running trials count as bad so parallel
 * workers spread out). Multi-objective studies split by non-dominated rank, the last front by
 * crowding distance (Optuna uses hypervolume contributions there).
 *
 * Speed: per-parameter observations live in typed arrays kept incrementally (tpe-observations.ts:
 * a finished trial is read once, then inserted into a value-sorted index), and the bad-group
 * estimator is updated in place between asks — box moments for continuous parameters
 * (tpe-bad-group.ts), per-value records for discrete and categorical ones (tpe-value-groups.ts) —
 * so an ask costs about O(boxes + distinct values) per parameter, not O(trials). A change that
 * shifts age ranks (a new good trial, constant-liar kernels, custom weights) takes the full O(n)
 * path below, which the incremental ones are tested against.
 *
 * Ties: Optuna orders equal values with NumPy's unstable argsort, so which of several equal
 * observations gets which bandwidth is arbitrary there; here ties are ordered by trial number.
 */
import { StudyError } from '../../errors.js';
import type { Rng } from '../../rng.js';
import { isSingle, type Distribution, type FloatDistribution, type IntDistribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { GroupDecomposedSearchSpace, IntersectionSearchSpace, type SearchSpace } from '../search-space.js';
import type { StudyView } from '../study-view.js';
import { GRID_CACHE_MAX_CELLS, GridMasses, gridCells } from './grid-masses.js';
import { IncrementalBadGroup } from './tpe-bad-group.js';
import { ValueGroups } from './tpe-value-groups.js';
import { FINISHED, Observations, ParamColumn, boxTrial, internalOf, type BoxCache } from './tpe-observations.js';
import { GridTables, JointKernelStore, JointParzenEstimator, usesGridTables, type JointDimension } from './tpe-joint-estimator.js';
import {
  BOX_TERMS,
  BOX_WIDTH,
  CategoricalMixture,
  KernelBoxes,
  NumericMixture,
  categoricalProbs,
  defaultGamma,
  defaultWeights,
  isDiscreteBounds,
  kernelLogZ,
  maxSigma,
  minSigma,
  univariateSigmas,
  type NumericBounds,
  type ParzenEstimatorParameters,
} from './parzen-estimator.js';
import { RandomSampler } from './random.js';
import type { Sampler } from './sampler.js';
import { randomSeed, trialRng } from './trial-rng.js';

export interface TPESamplerOptions {
  seed?: number;
  /** Random trials before TPE takes over (default 10). */
  nStartupTrials?: number;
  /** Candidates drawn from the good estimator per suggestion (default 24). */
  nEiCandidates?: number;
  /** Size of the good group for n finished trials (default min(ceil(0.1 n), 25)). */
  gamma?: (n: number) => number;
  /** Kernel weights by age (default: ramp for all but the 25 newest). */
  weights?: (n: number) => Float64Array;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  /**
   * Model the intersection search space jointly (default true: on our benchmarks it beats the
   * univariate estimator everywhere, on the 10-D sphere by a wide margin; `false` is Optuna's default).
   */
  multivariate?: boolean;
  /**
   * Multivariate bandwidth: σ = bandwidthFactor · n^(−1/(d+4)) · range per dimension (Scott-like;
   * default 0.05, Optuna uses 0.2 — narrower kernels exploit the good group more).
   */
  bandwidthFactor?: number;
  /**
   * Multivariate lower clip of σ as a fraction of the range (default 0.03, Watanabe 2023's
   * minimum bandwidth factor); null uses Optuna's magic clip range / min(100, 1 + kernels) instead.
   */
  minBandwidthFactor?: number | null;
  /** With multivariate: model each group of co-occurring parameters jointly (conditional spaces). */
  group?: boolean;
  /** Treat running trials as bad observations so parallel workers explore apart (default false). */
  constantLiar?: boolean;
}

/** Bounds of a numeric distribution in the estimator's space (log-scale integers on a log grid, as Optuna 4.9). */
function boundsOf(d: Distribution): NumericBounds {
  if (d.type === 'categorical') throw new Error('unreachable');
  if (d.log) {
    if (d.type === 'int') return { low: Math.log(d.low - 0.5 * d.step), high: Math.log(d.high + 0.5 * d.step), step: 0, logGrid: { low: d.low, high: d.high, step: d.step } };
    return { low: Math.log(d.low), high: Math.log(d.high), step: 0 };
  }
  return { low: d.low, high: d.high, step: d.type === 'int' ? d.step : (d.step ?? 0) };
}

/** Estimator-space value → internal value of `d` (exp for log scale, snapped to the grid). */
function untransform(d: Distribution, x: number): number {
  if (d.type === 'categorical') return x;
  let v = d.log ? Math.exp(x) : x;
  const step = d.type === 'int' ? d.step : d.step;
  if (step !== null && step !== 0) v = d.low + Math.round((v - d.low) / step) * step;
  if (d.type === 'int') v = Math.round(v);
  return v < d.low ? d.low : v > d.high ? d.high : v;
}

export class TPESampler implements Sampler {
  readonly name = 'TPESampler';
  readonly seed: number;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly params: ParzenEstimatorParameters;
  private readonly multivariate: boolean;
  private readonly bandwidthFactor: number;
  private readonly minBandwidthFactor: number | null;
  private readonly group: boolean;
  private readonly constantLiar: boolean;
  private readonly random: RandomSampler;
  private readonly stores = new Map<number, Observations>();
  private readonly spaces = new Map<number, IntersectionSearchSpace | GroupDecomposedSearchSpace>();
  /** per study: split cached for the current (trial, finished count) */
  private splitCache = new Map<number, { key: string; below: Uint8Array; belowList: number[] }>();

  constructor(options: TPESamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    this.gamma = options.gamma ?? defaultGamma;
    this.params = {
      priorWeight: options.priorWeight ?? 1,
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      weights: options.weights ?? defaultWeights,
    };
    this.multivariate = options.multivariate ?? true;
    this.bandwidthFactor = options.bandwidthFactor ?? 0.05;
    this.minBandwidthFactor = options.minBandwidthFactor === undefined ? 0.03 : options.minBandwidthFactor;
    if (!(this.bandwidthFactor > 0)) throw new StudyError('ERR_SAMPLER_OPTION', `bandwidthFactor must be > 0, got ${this.bandwidthFactor}`);
    if (this.minBandwidthFactor !== null && !(this.minBandwidthFactor >= 0 && this.minBandwidthFactor <= 1)) throw new StudyError('ERR_SAMPLER_OPTION', `minBandwidthFactor must be in [0, 1] or null, got ${this.minBandwidthFactor}`);
    this.group = options.group ?? false;
    this.constantLiar = options.constantLiar ?? false;
    if (this.group && !this.multivariate) throw new StudyError('ERR_SAMPLER_OPTION', 'group decomposition needs multivariate: true');
    if (!(this.params.priorWeight > 0)) throw new StudyError('ERR_SAMPLER_OPTION', `priorWeight must be > 0, got ${this.params.priorWeight}`);
    if (!(this.nEiCandidates >= 1)) throw new StudyError('ERR_SAMPLER_OPTION', `nEiCandidates must be ≥ 1, got ${this.nEiCandidates}`);
    this.random = new RandomSampler({ seed: this.seed ^ 0x5bd1e995 });
  }

  private store(study: StudyView): Observations {
    let s = this.stores.get(study.studyId);
    if (!s) this.stores.set(study.studyId, (s = new Observations(study.directions)));
    s.update(study.cachedTrials());
    return s;
  }

  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    if (!this.multivariate) return {};
    let sp = this.spaces.get(study.studyId);
    if (!sp) this.spaces.set(study.studyId, (sp = this.group ? new GroupDecomposedSearchSpace({ includePruned: true }) : new IntersectionSearchSpace({ includePruned: true })));
    const trials = study.cachedTrials();
    if (sp instanceof IntersectionSearchSpace) {
      // the intersection stays one object while it holds, and so does its filtered copy
      const whole = sp.calculate(trials);
      let out = this.relativeSpaces.get(whole);
      if (!out) this.relativeSpaces.set(whole, (out = Object.freeze(withoutSingles([whole]))));
      return out;
    }
    return withoutSingles(sp.calculate(trials));
  }

  private readonly relativeSpaces = new WeakMap<SearchSpace, SearchSpace>();
  private readonly spaceKeys = new WeakMap<SearchSpace, string>();

  /** A joint space as a cache key (names and distributions), made once per space object. */
  private spaceKey(space: SearchSpace): string {
    let k = this.spaceKeys.get(space);
    if (k === undefined) this.spaceKeys.set(space, (k = Object.keys(space).map((n) => `${n}:${JSON.stringify(space[n])}`).join(',')));
    return k;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, number> {
    if (Object.keys(searchSpace).length === 0) return {};
    const obs = this.store(study);
    if (obs.nFinished < this.nStartupTrials) return {};
    const result: Record<string, number> = {};
    const groups = this.group
      ? (this.spaces.get(study.studyId) as GroupDecomposedSearchSpace).calculate(study.cachedTrials()).map((g) => Object.fromEntries(Object.entries(g).filter(([n]) => n in searchSpace)))
      : [searchSpace];
    for (const g of groups) {
      if (Object.keys(g).length === 0) continue;
      Object.assign(result, this.sampleJoint(study, obs, trial, g));
    }
    return result;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    const obs = this.store(study);
    if (obs.nFinished < this.nStartupTrials) return this.random.sampleIndependent(study, trial, name, distribution);
    return this.sampleUnivariate(study, obs, trial, name, distribution);
  }

  /** Good-group membership for this trial's asks, cached while nothing new finished. */
  private split(study: StudyView, obs: Observations): { below: Uint8Array; belowList: number[] } {
    const key = `${obs.nFinished}`;
    const cached = this.splitCache.get(study.studyId);
    if (cached && cached.key === key) return cached;
    const belowList = obs.below(this.gamma(obs.nFinished));
    const below = new Uint8Array(obs.flags.length);
    for (const n of belowList) below[n] = 1;
    const entry = { key, below, belowList };
    this.splitCache.set(study.studyId, entry);
    return entry;
  }

  private readonly belowKeys = new WeakMap<number[], string>();

  /** The good group as a key (its numbers joined), made once per split: several caches compare it per ask. */
  private belowKey(belowList: number[]): string {
    let k = this.belowKeys.get(belowList);
    if (k === undefined) this.belowKeys.set(belowList, (k = belowList.join(',')));
    return k;
  }

  /** Running trials that count as bad observations (constant liar), excluding `self`. */
  private liars(study: StudyView, self: number): FrozenTrial[] {
    if (!this.constantLiar) return [];
    return study.cachedTrialsIn(['RUNNING']).filter((t) => t.number !== self);
  }

  private sampleUnivariate(study: StudyView, obs: Observations, trial: FrozenTrial, name: string, d: Distribution): number {
    const rng = trialRng(this.seed, trial.number, name);
    const col = obs.column(name);
    const { below, belowList } = this.split(study, obs);
    const liars = this.liars(study, trial.number).filter((t) => name in t.distributions);
    const p = this.params;

    if (d.type === 'categorical') {
      const vals = col.values;
      const bObs: number[] = [];
      for (const n of belowList) if (!Number.isNaN(vals[n] ?? NaN)) bObs.push(vals[n]!);
      const lProbs = categoricalProbs(bObs, p.weights(bObs.length), bObs.length, d.choices.length, p.priorWeight);
      // bad group in number order: members (finished, has it, not good) and liars, by age rank
      let gProbs: Float64Array;
      if (liars.length === 0 && p.weights === defaultWeights && !this._fullRebuild) {
        const groups = this.valueGroups(col, vals, obs, below, belowList, 'categorical');
        const { byChoice, total } = groups.choiceWeights(vals, d.choices.length);
        gProbs = categoricalFromWeights(byChoice, total, groups.members, d.choices.length, p.priorWeight);
      } else gProbs = this.categoricalBadFull(col, vals, obs, below, liars, name, d.choices.length);
      const l = new CategoricalMixture(lProbs);
      const g = new CategoricalMixture(gProbs);
      const cands = l.sample(rng, this.nEiCandidates);
      return pickBest(cands, l.logPdf(cands), g.logPdf(cands));
    }
    return this.sampleNumeric(obs, col, below, belowList, liars, name, d, rng);
  }

  /** Categorical bad group by a full pass (liars or custom weights). */
  private categoricalBadFull(col: ParamColumn, vals: Float64Array, obs: Observations, below: Uint8Array, liars: FrozenTrial[], name: string, nChoices: number): Float64Array {
    const p = this.params;
    {
      const liarNums = Int32Array.from(liars.map((t) => t.number).sort((a, b) => a - b));
      let maxNum = obs.flags.length;
      for (let i = 0; i < liarNums.length; i++) if (liarNums[i]! + 1 > maxNum) maxNum = liarNums[i]! + 1;
      const rank = this.scratchInt('rank', maxNum);
      const na = rankMembers(col.has, below, liarNums, maxNum, rank);
      const liarVal = new Map(liars.map((t) => [t.number, internalOf(t, name)]));
      return categoricalFromRanks(vals, rank, maxNum, na, liarVal, p.weights === defaultWeights ? null : p.weights(na), nChoices, p.priorWeight);
    }
  }

  /** The records per distinct value of a discrete or categorical parameter, brought up to date. */
  private valueGroups(col: ParamColumn, vals: Float64Array, obs: Observations, below: Uint8Array, belowList: number[], key: string): ValueGroups {
    const groups = (col.groups ??= new ValueGroups(col));
    const belowKey = this.belowKey(belowList);
    groups.sync(obs.allTrials, vals, obs.flags, below, belowKey, key);
    return groups;
  }

  private sampleNumeric(obs: Observations, col: ParamColumn, below: Uint8Array, belowList: number[], liars: FrozenTrial[], name: string, d: FloatDistribution | IntDistribution, rng: Rng): number {
    const b = boundsOf(d);
    const log = d.log;
    const vals = col.transformed(log);
    const masses = gridMassesOf(col, b);
    // the good group's estimator holds as long as the group and the bounds do (finished trials never change)
    const goodKey = `${this.belowKey(belowList)}|${log}|${boundsKey(b)}`;
    if (col.good?.key !== goodKey) col.good = { key: goodKey, mixture: this.goodNumeric(vals, belowList, b, masses) };
    const l = col.good.mixture;
    const g = this.badNumeric(col, vals, obs, below, belowList, liars, name, log, b, masses);
    const cands = l.sample(rng, this.nEiCandidates);
    const x = g.boxed ? pickBestBounded(cands, l.logPdf(cands), g) : pickBest(cands, l.logPdf(cands), g.logPdf(cands));
    return untransform(d, x);
  }

  /** Estimator of the good group (≤ 25 observations, plus the prior). */
  private goodNumeric(vals: Float64Array, belowList: number[], b: NumericBounds, masses: GridMasses | undefined): NumericMixture {
    const p = this.params;
    let nb = 0;
    const idx: number[] = [];
    for (const n of belowList) if (n < vals.length && vals[n] === vals[n]) idx.push(n);
    nb = idx.length;
    const bw = p.weights(nb);
    // insertion sort by value (≤ 25 items), carrying the age weights
    const mus = new Float64Array(nb + 1);
    const w = new Float64Array(nb + 1);
    for (let i = 0; i < nb; i++) {
      const v = vals[idx[i]!]!;
      const wi = bw[i]!;
      let j = i;
      while (j > 0 && mus[j - 1]! > v) {
        mus[j] = mus[j - 1]!;
        w[j] = w[j - 1]!;
        j--;
      }
      mus[j] = v;
      w[j] = wi;
    }
    const sig = new Float64Array(nb + 1);
    univariateSigmas(mus, nb, b, p, sig);
    mus[nb] = 0.5 * (b.low + b.high);
    sig[nb] = maxSigma(b);
    w[nb] = p.priorWeight;
    return new NumericMixture(b, mus, sig, w, nb + 1, undefined, undefined, masses);
  }

  /**
   * Estimator of the bad group: every other finished observation (and the liars), walked in value
   * order from the column's sorted index. Kernels at the clipped minimum σ go into boxes whose
   * per-kernel factors are cached per trial; the rest (wide kernels, liars, the prior) stay explicit,
   * with runs of identical (μ, σ) merged. The loops live in small functions over typed arrays so V8
   * keeps them optimised whatever the parameter's kind.
   */
  private badNumeric(col: ParamColumn, vals: Float64Array, obs: Observations, below: Uint8Array, belowList: number[], liars: FrozenTrial[], name: string, log: boolean, b: NumericBounds, masses: GridMasses | undefined): NumericMixture {
    const p = this.params;
    const flags = obs.flags;
    if (liars.length === 0 && isDiscreteBounds(b) && p.weights === defaultWeights && !this._fullRebuild) {
      let nBelowHere = 0;
      for (const n of belowList) if (n < col.has.length && col.has[n] === 1) nBelowHere++;
      const na = col.size - nBelowHere;
      if (na > 0) {
        const sMin = minSigma(b, na + 1, p);
        const sMax = maxSigma(b);
        const groups = this.valueGroups(col, vals, obs, below, belowList, boundsKey(b));
        const k = groups.kernels(vals, b, sMin, sMax, p.considerEndpoints, p.priorWeight);
        return new NumericMixture(b, k.mus, k.sigmas, k.weights, k.n, k.logZ, undefined, masses);
      }
    }
    if (liars.length === 0 && b.step === 0 && !b.logGrid && p.considerMagicClip && p.weights === defaultWeights) {
      let nBelowHere = 0;
      for (const n of belowList) if (n < col.has.length && col.has[n] === 1) nBelowHere++;
      const na = col.size - nBelowHere;
      if (na > 384 && !this._fullRebuild) return this.incrementalBad(col, vals, obs, below, belowList, na, b);
    }
    const liarPairs = liars.map((t) => [log ? Math.log(internalOf(t, name)) : internalOf(t, name), t.number] as const).sort((x, y) => x[0] - y[0]);
    const liarMus = Float64Array.from(liarPairs, (x) => x[0]);
    const liarNums = Int32Array.from(liarPairs, (x) => x[1]);
    let maxNum = flags.length;
    for (let i = 0; i < liarNums.length; i++) if (liarNums[i]! + 1 > maxNum) maxNum = liarNums[i]! + 1;
    const rank = this.scratchInt('rank', maxNum);
    const na = rankMembers(col.has, below, liarNums, maxNum, rank);
    const total = na;
    const lMus = this.scratchFloat('lMus', total);
    const lNums = this.scratchInt('lNums', total);
    const prior = 0.5 * (b.low + b.high);
    mergeInValueOrder(col.sorted, col.size, rank, vals, liarMus, liarNums, lMus, lNums);
    const sMin = minSigma(b, na + 1, p);
    const sMax = maxSigma(b);
    const boxes = b.step === 0 && !b.logGrid && na > 384 && p.considerMagicClip ? this.boxesFor(col, b, sMin) : null;
    const z = kernelConstants(col, b);
    const out = {
      mus: this.scratchFloat('mMus', total + 1),
      sigmas: this.scratchFloat('mSig', total + 1),
      weights: this.scratchFloat('mW', total + 1),
      logZ: this.scratchFloat('mZ', total + 1),
    };
    const custom = p.weights === defaultWeights ? null : p.weights(na);
    if (boxes) boxes.boxes.reset();
    const nm = kernelPass(
      lMus,
      lNums,
      total,
      rank,
      na,
      custom,
      flags,
      b,
      p.considerEndpoints,
      sMin,
      sMax,
      boxes,
      z.zSigma,
      z.zValue,
      out.mus,
      out.sigmas,
      out.weights,
      out.logZ,
    );
    out.mus[nm] = prior;
    out.sigmas[nm] = sMax;
    out.weights[nm] = p.priorWeight;
    out.logZ[nm] = kernelLogZ(prior, sMax, b);
    return new NumericMixture(b, out.mus, out.sigmas, out.weights, nm + 1, out.logZ, boxes?.boxes, masses);
  }

  /** The bad group of a continuous parameter with many observations, updated in place (see tpe-bad-group.ts). */
  private incrementalBad(col: ParamColumn, vals: Float64Array, obs: Observations, below: Uint8Array, belowList: number[], na: number, b: NumericBounds): NumericMixture {
    const p = this.params;
    const sMin = minSigma(b, na + 1, p);
    const sMax = maxSigma(b);
    const cache = this.boxesFor(col, b, sMin);
    const z = kernelConstants(col, b);
    const group = (cache.incremental ??= new IncrementalBadGroup(col, cache));
    const key = `${b.low}|${b.high}|${b.step}|${sMin}|${p.considerEndpoints}`;
    const belowKey = this.belowKey(belowList);
    group.sync(obs.allTrials, vals, obs.flags, below, belowKey, key, b, sMin, sMax, p.considerEndpoints);
    const k = group.kernels(vals, b, sMax, p.priorWeight, z.zSigma, z.zValue);
    return new NumericMixture(b, k.mus, k.sigmas, k.weights, k.n, k.logZ, k.boxes);
  }

  /**
   * The column's boxes for bandwidth σ0 (the magic-clip minimum, fixed once 99+ kernels exist), with
   * each finished trial's box, offset and factor e^{−u²/2}/Z computed once.
   */
  private boxesFor(col: ParamColumn, b: NumericBounds, sigma0: number): BoxCache {
    const key = `${b.low}|${b.high}|${sigma0}`;
    let c = col.boxCache;
    if (!c || c.key !== key) {
      const origin = b.low - 9 * sigma0;
      const nBoxes = Math.ceil((b.high - b.low + 18 * sigma0) / (BOX_WIDTH * sigma0)) + 1;
      c = { key, boxes: new KernelBoxes(origin, sigma0, nBoxes), box: new Int32Array(0), terms: new Float64Array(0), incremental: null };
      col.boxCache = c;
    }
    if (c.box.length < col.values.length) {
      const box = new Int32Array(col.values.length).fill(-2);
      box.set(c.box);
      const terms = new Float64Array(col.values.length * BOX_TERMS);
      terms.set(c.terms);
      c.box = box;
      c.terms = terms;
    }
    return c;
  }

  /** @internal tests compare the incremental bad group with a full rebuild */
  _fullRebuild = false;

  private readonly scratch = new Map<string, Float64Array | Int32Array>();

  private scratchFloat(key: string, n: number): Float64Array {
    let a = this.scratch.get(key) as Float64Array | undefined;
    if (!a || a.length < n) this.scratch.set(key, (a = new Float64Array(Math.max(n, 64) * 2)));
    return a;
  }

  private scratchInt(key: string, n: number): Int32Array {
    let a = this.scratch.get(key) as Int32Array | undefined;
    if (!a || a.length < n) this.scratch.set(key, (a = new Int32Array(Math.max(n, 64) * 2)));
    return a;
  }

  private sampleJoint(study: StudyView, obs: Observations, trial: FrozenTrial, space: SearchSpace): Record<string, number> {
    const rng = trialRng(this.seed, trial.number, 'relative');
    const names = Object.keys(space);
    const { below, belowList } = this.split(study, obs);
    const liars = this.liars(study, trial.number).filter((t) => names.every((n) => n in t.distributions));
    const cols = names.map((n) => obs.column(n));
    const spaceKey = `${study.studyId}|${this.spaceKey(space)}`;
    const l = this.jointEstimator(this.goodStore(spaceKey, space, names, cols, obs, belowList), names.length);
    const bad = liars.length === 0 ? this.badStore(spaceKey, space, names, cols, obs, below, belowList) : this.badStoreWithLiars(spaceKey, space, names, cols, obs, below, liars);
    const g = this.jointEstimator(bad, names.length);
    const count = this.nEiCandidates;
    const cands = l.sample(rng, count);
    const ll = l.logPdf(cands, count);
    const gl = g.logPdf(cands, count, this.scratchFloat('joint', bad.n), this.scratchInt('jointAct', bad.n));
    let best = 0;
    for (let i = 1; i < count; i++) if (ll[i]! - gl[i]! > ll[best]! - gl[best]!) best = i;
    const out: Record<string, number> = {};
    names.forEach((n, j) => (out[n] = untransform(space[n]!, cands[j]![best]!)));
    return out;
  }

  private readonly jointStores = new Map<string, JointKernelStore>();
  private readonly gridTables = new Map<string, GridTables>();

  /** A store for one group of one joint space (grid tables are per group: each has its own σ). */
  private storeFor(key: string, group: string, space: SearchSpace, names: string[]): JointKernelStore {
    const k = `${key}|${group}`;
    let st = this.jointStores.get(k);
    if (!st) {
      const dims: JointDimension[] = names.map((n) => {
        const d = space[n]!;
        return d.type === 'categorical' ? { kind: 'categorical', nChoices: d.choices.length } : { kind: 'numeric', bounds: boundsOf(d) };
      });
      const grids = dims.map((d, j) => {
        if (d.kind !== 'numeric' || !usesGridTables(d.bounds)) return null;
        const gk = `${k}|${names[j]}`;
        let g = this.gridTables.get(gk);
        if (!g) this.gridTables.set(gk, (g = new GridTables(d.bounds)));
        return g;
      });
      this.jointStores.set(k, (st = new JointKernelStore(dims, grids)));
    }
    return st;
  }

  /** Append trial n's kernel (estimator-space values read from the columns). */
  private pushMember(st: JointKernelStore, n: number, space: SearchSpace, names: string[], cols: ParamColumn[], row: Float64Array): void {
    for (let j = 0; j < names.length; j++) {
      const d = space[names[j]!]!;
      row[j] = d.type === 'categorical' ? cols[j]!.values[n]! : cols[j]!.transformed(d.log)[n]!;
    }
    st.push(n, row);
  }

  private hasAll(cols: ParamColumn[], n: number): boolean {
    for (let j = 0; j < cols.length; j++) {
      const h = cols[j]!.has;
      if (n >= h.length || h[n] !== 1) return false;
    }
    return true;
  }

  /** The good group (≤ 25 trials), rebuilt when it changed. */
  private goodStore(key: string, space: SearchSpace, names: string[], cols: ParamColumn[], obs: Observations, belowList: number[]): JointKernelStore {
    const st = this.storeFor(key, 'good', space, names);
    const k = this.belowKey(belowList);
    if (st.key !== k) {
      st.reset(k, obs.allTrials.length);
      const row = new Float64Array(names.length);
      for (const n of belowList) if (this.hasAll(cols, n)) this.pushMember(st, n, space, names, cols, row);
    }
    return st;
  }

  /**
   * The bad group: every finished trial with all the parameters outside the good group, in number
   * order. New trials with higher numbers are appended; a changed good group or an out-of-order
   * finish rebuilds (O(n)).
   */
  private badStore(key: string, space: SearchSpace, names: string[], cols: ParamColumn[], obs: Observations, below: Uint8Array, belowList: number[]): JointKernelStore {
    const st = this.storeFor(key, 'bad', space, names);
    const k = this.belowKey(belowList);
    const row = new Float64Array(names.length);
    const all = obs.allTrials;
    let rebuild = st.key !== k || this._fullRebuild;
    if (!rebuild) {
      const fresh: number[] = [];
      for (let i = st.seen; i < all.length; i++) {
        const n = all[i]!.number;
        if (below[n] === 1 || !this.hasAll(cols, n)) continue;
        fresh.push(n);
      }
      fresh.sort((x, y) => x - y);
      if (fresh.length > 0 && fresh[0]! <= st.last) rebuild = true;
      else {
        for (const n of fresh) this.pushMember(st, n, space, names, cols, row);
        st.seen = all.length;
      }
    }
    if (rebuild) {
      st.reset(k, all.length);
      const flags = obs.flags;
      for (let n = 0; n < flags.length; n++) if (flags[n] === FINISHED && below[n] !== 1 && this.hasAll(cols, n)) this.pushMember(st, n, space, names, cols, row);
    }
    return st;
  }

  /** The bad group with running trials (constant liar) merged in by number, built afresh. */
  private badStoreWithLiars(key: string, space: SearchSpace, names: string[], cols: ParamColumn[], obs: Observations, below: Uint8Array, liars: FrozenTrial[]): JointKernelStore {
    const st = this.storeFor(key, 'bad+liars', space, names);
    st.reset('', 0);
    const row = new Float64Array(names.length);
    const byNum = new Map(liars.map((t) => [t.number, t]));
    const flags = obs.flags;
    const top = Math.max(flags.length, ...liars.map((t) => t.number + 1));
    for (let n = 0; n < top; n++) {
      const liar = byNum.get(n);
      if (liar) {
        names.forEach((name, j) => {
          const d = space[name]!;
          const v = internalOf(liar, name);
          row[j] = d.type !== 'categorical' && d.log ? Math.log(v) : v;
        });
        st.push(n, row);
      } else if (n < flags.length && flags[n] === FINISHED && below[n] !== 1 && this.hasAll(cols, n)) this.pushMember(st, n, space, names, cols, row);
    }
    return st;
  }

  /**
   * The joint estimator of a group: one bandwidth per numeric dimension —
   * `bandwidthFactor` · n^(−1/(d+4)) · range (Scott-like), clipped below at `minBandwidthFactor` ·
   * range (or Optuna's magic clip) and above at the range — and age weights in number order.
   */
  private jointEstimator(st: JointKernelStore, d: number): JointParzenEstimator {
    const p = this.params;
    const n = st.n;
    st.dims.forEach((dim, j) => {
      if (dim.kind !== 'numeric') return;
      const b = dim.bounds;
      const range = maxSigma(b);
      const sigma0 = this.bandwidthFactor * Math.pow(Math.max(n, 1), -1 / (d + 4)) * range;
      const floor = this.minBandwidthFactor === null ? minSigma(b, n + 1, p) : this.minBandwidthFactor * range;
      st.setSigma(j, Math.min(range, Math.max(floor, sigma0)));
    });
    return new JointParzenEstimator(st, this.weightsFor(n), p.priorWeight);
  }

  private readonly weightCache = new Map<number, Float64Array>();

  /** Age weights for n kernels; the default ones are reused while n holds (they are read-only here). */
  private weightsFor(n: number): Float64Array {
    const p = this.params;
    if (p.weights !== defaultWeights) return p.weights(n);
    let w = this.weightCache.get(n);
    if (!w) {
      // good and bad groups ask for two sizes per ask; older sizes are not asked for again
      if (this.weightCache.size >= 4) this.weightCache.clear();
      this.weightCache.set(n, (w = defaultWeights(n)));
    }
    return w;
  }
}

/** Discrete or continuous bounds as a cache key. */
function boundsKey(b: NumericBounds): string {
  return `${b.low}|${b.high}|${b.step}|${b.logGrid?.step ?? 0}`;
}

/** The column's per-trial kernel constants for bounds `b`, made afresh when the bounds changed or trials outgrew them. */
function kernelConstants(col: ParamColumn, b: NumericBounds): { zSigma: Float64Array; zValue: Float64Array } {
  const key = `${b.low}|${b.high}|${b.step}`;
  if (col.zBoundsKey !== key || !col.zSigma || !col.zValue || col.zSigma.length < col.values.length) {
    col.zSigma = new Float64Array(col.values.length).fill(NaN);
    col.zValue = new Float64Array(col.values.length);
    col.zBoundsKey = key;
  }
  return { zSigma: col.zSigma, zValue: col.zValue };
}

/** The parameters of `spaces` that can take more than one value. */
function withoutSingles(spaces: readonly SearchSpace[]): SearchSpace {
  const out: SearchSpace = {};
  for (const s of spaces) for (const [n, d] of Object.entries(s)) if (!isSingle(d)) out[n] = d;
  return out;
}

/** The column's cell-mass cache for discrete bounds `b` (made or remade for them), or undefined. */
function gridMassesOf(col: ParamColumn, b: NumericBounds): GridMasses | undefined {
  if (!isDiscreteBounds(b)) return undefined;
  if (col.masses && col.masses.fits(b)) return col.masses;
  if (gridCells(b) > GRID_CACHE_MAX_CELLS) return undefined;
  return (col.masses = new GridMasses(b));
}

/**
 * Age rank (number order) of each bad-group member — finished with the parameter (`has`), not in
 * the good group, or a liar — in `rank`; −1 for non-members. Returns the member count.
 */
function rankMembers(has: Uint8Array, below: Uint8Array, liarNums: Int32Array, maxNum: number, rank: Int32Array): number {
  const nh = Math.min(has.length, below.length, maxNum);
  let r = 0;
  if (liarNums.length === 0) {
    // branch-free: rank = members before n, then −1 where n is not a member
    for (let n = 0; n < nh; n++) {
      const m = has[n]! & (below[n]! ^ 1);
      rank[n] = (r + 1) * m - 1;
      r += m;
    }
    for (let n = nh; n < maxNum; n++) rank[n] = -1;
    return r;
  }
  for (let n = 0; n < maxNum; n++) rank[n] = n < nh && has[n] === 1 && below[n] !== 1 ? 1 : -1;
  for (let i = 0; i < liarNums.length; i++) rank[liarNums[i]!] = 1;
  for (let n = 0; n < maxNum; n++) if (rank[n] === 1) rank[n] = r++;
  return r;
}

/** Members in value order with the liars merged in; returns the count. */
function mergeInValueOrder(
  sorted: Int32Array,
  size: number,
  rank: Int32Array,
  vals: Float64Array,
  liarMus: Float64Array,
  liarNums: Int32Array,
  outMus: Float64Array,
  outNums: Int32Array,
): number {
  let q = 0;
  let li = 0;
  const nl = liarMus.length;
  for (let i = 0; i < size; i++) {
    const n = sorted[i]!;
    if (rank[n]! < 0) continue;
    const v = vals[n]!;
    while (li < nl && liarMus[li]! <= v) {
      outMus[q] = liarMus[li]!;
      outNums[q++] = liarNums[li++]!;
    }
    outMus[q] = v;
    outNums[q++] = n;
  }
  while (li < nl) {
    outMus[q] = liarMus[li]!;
    outNums[q++] = liarNums[li++]!;
  }
  return q;
}

/**
 * One pass over the value-ordered bad-group list: each kernel's bandwidth (the
 * larger gap to its neighbours, endpoints as Optuna handles them, clipped), its weight from its age
 * rank, then either its cached Taylor terms into the boxes (kernels at the minimum σ) or an explicit
 * kernel (runs of equal μ and σ merged, log Z cached per trial). Returns the explicit count. The
 * edges are handled outside the loop to keep its body branch-light.
 */
function kernelPass(
  mus: Float64Array,
  nums: Int32Array,
  total: number,
  rank: Int32Array,
  na: number,
  custom: Float64Array | null,
  flags: Uint8Array,
  b: NumericBounds,
  considerEndpoints: boolean,
  sMin: number,
  sMax: number,
  boxes: BoxCache | null,
  zSigma: Float64Array,
  zValue: Float64Array,
  oMus: Float64Array,
  oSig: Float64Array,
  oW: Float64Array,
  oZ: Float64Array,
): number {
  const ramp = na - 25;
  const alpha = 1 / na;
  const beta = ramp > 1 ? (1 - 1 / na) / (ramp - 1) : 0;
  const nf = flags.length;
  const lowEnd = b.low - b.step / 2;
  const highEnd = b.high + b.step / 2;
  const boxOf = boxes ? boxes.box : null;
  const terms = boxes ? boxes.terms : null;
  const moments = boxes ? boxes.boxes.moments : null;
  let boxWeight = 0;
  let nm = 0;
  for (let k = 0; k < total; k++) {
    const v = mus[k]!;
    let s: number;
    if (k > 0 && k < total - 1) s = Math.max(v - mus[k - 1]!, mus[k + 1]! - v);
    else if (total === 1) s = Math.max(v - lowEnd, highEnd - v);
    else if (k === 0) s = considerEndpoints ? Math.max(v - lowEnd, mus[1]! - v) : mus[1]! - v;
    else s = considerEndpoints ? Math.max(v - mus[k - 1]!, highEnd - v) : v - mus[k - 1]!;
    s = Math.min(Math.max(s, sMin), sMax);
    const n = nums[k]!;
    const r = rank[n]!;
    const w = custom !== null ? custom[r]! : r >= ramp ? 1 : alpha + beta * r;
    const finished = n < nf && flags[n] === FINISHED;
    if (boxOf !== null && s === sMin && finished) {
      let bi = boxOf[n]!;
      if (bi === -2) bi = boxTrial(v, n, sMin, b, boxes!);
      if (bi >= 0) {
        const mb = bi * BOX_TERMS;
        const tb = n * BOX_TERMS;
        moments![mb]! += w * terms![tb]!;
        moments![mb + 1]! += w * terms![tb + 1]!;
        moments![mb + 2]! += w * terms![tb + 2]!;
        moments![mb + 3]! += w * terms![tb + 3]!;
        moments![mb + 4]! += w * terms![tb + 4]!;
        moments![mb + 5]! += w * terms![tb + 5]!;
        moments![mb + 6]! += w * terms![tb + 6]!;
        moments![mb + 7]! += w * terms![tb + 7]!;
        boxWeight += w;
        continue;
      }
    }
    if (nm > 0 && oMus[nm - 1] === v && oSig[nm - 1] === s) {
      oW[nm - 1]! += w;
      continue;
    }
    let z: number;
    if (finished && zSigma[n] === s) z = zValue[n]!;
    else {
      z = kernelLogZ(v, s, b);
      if (finished) {
        zSigma[n] = s;
        zValue[n] = z;
      }
    }
    oMus[nm] = v;
    oSig[nm] = s;
    oW[nm] = w;
    oZ[nm++] = z;
  }
  if (boxes) boxes.boxes.weight = boxWeight;
  return nm;
}

/**
 * The categorical bad-group table from age ranks without materialising the observations: the
 * weighted count of each choice, then Optuna's rows (see categoricalProbs).
 */
export function categoricalFromRanks(vals: Float64Array, rank: Int32Array, maxNum: number, na: number, liarVal: Map<number, number>, custom: Float64Array | null, nChoices: number, priorWeight: number): Float64Array {
  const byChoice = new Float64Array(nChoices);
  const ramp = na - 25;
  const alpha = 1 / na;
  const beta = ramp > 1 ? (1 - 1 / na) / (ramp - 1) : 0;
  const nv = vals.length;
  let total = 0;
  for (let n = 0; n < maxNum; n++) {
    const r = rank[n]!;
    if (r < 0) continue;
    const w = custom !== null ? custom[r]! : r >= ramp ? 1 : alpha + beta * r;
    const c = liarVal.size > 0 && liarVal.has(n) ? liarVal.get(n)! : n < nv ? vals[n]! : NaN;
    if (c !== c) continue;
    byChoice[c]! += w;
    total += w;
  }
  return categoricalFromWeights(byChoice, total, na, nChoices, priorWeight);
}

/** Optuna's categorical rows mixed, from the bad group's total weight per choice. */
export function categoricalFromWeights(byChoice: Float64Array, total: number, na: number, nChoices: number, priorWeight: number): Float64Array {
  const probs = new Float64Array(nChoices);
  const all = total + priorWeight;
  const rowExtra = priorWeight / (na + 1);
  const rowSum = nChoices * rowExtra + 1;
  const base = ((total / all) * rowExtra) / rowSum + priorWeight / all / nChoices;
  for (let c = 0; c < nChoices; c++) probs[c] = base + byChoice[c]! / all / rowSum;
  return probs;
}

/** The candidate with the largest log l − log g (first on ties). @internal exported for tests */
export function pickBest(cands: Float64Array, ll: Float64Array, gl: Float64Array): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < cands.length; i++) {
    const s = ll[i]! - gl[i]!;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return cands[best]!;
}

/** Slack on a lower bound of log g (logPdfBelow): far above the rounding of the two sums. */
const BOUND_SLACK = 1e-9;

/**
 * pickBest without evaluating g exactly at every candidate: a cheap lower bound of log g gives each
 * candidate an upper bound of its score; candidates are scored exactly in decreasing bound order
 * until the bound falls below the best exact score. Same candidate as pickBest (first on ties).
 * @internal exported for tests
 */
export function pickBestBounded(cands: Float64Array, ll: Float64Array, g: NumericMixture): number {
  const lower = g.logPdfBelow(cands);
  const n = cands.length;
  const ub = new Float64Array(n);
  for (let i = 0; i < n; i++) ub[i] = ll[i]! - lower[i]! + BOUND_SLACK;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ub[b]! - ub[a]! || a - b);
  let best = -Infinity;
  let bestI = -1;
  const one = new Float64Array(1);
  for (const i of order) {
    if (ub[i]! < best) break;
    one[0] = cands[i]!;
    const score = ll[i]! - g.logPdf(one)[0]!;
    if (score > best || (score === best && i < bestI)) {
      best = score;
      bestI = i;
    }
  }
  return cands[bestI < 0 ? 0 : bestI]!;
}

export type { Rng };
