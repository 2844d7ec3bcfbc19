/**
 * A validated, hashable list of feature specs. Per-asset kinds (indicators computed along each
 * asset's series) are validated against the native kind table, the single source of kinds,
 * parameters, defaults and ranges; panel kinds (across assets per time step) are validated here.
 */
import { createHash } from 'node:crypto';
import { FeatureError } from '../errors.js';
import { callNative } from '../native.js';
import type { Frame } from '../data/frame.js';
import { PANEL_KINDS, isPanelKind, panelColumnNames, panelApplies, validatePanelSpec, type PanelKind } from './panel-features.js';
import { PRESETS, type PresetName } from './presets.js';

/** Per-asset feature kinds (see the README table for what each computes). */
export type AssetFeatureKind =
  | 'return' | 'logReturn' | 'volatility' | 'sma' | 'ema' | 'wma' | 'smaRatio' | 'emaRatio' | 'wmaRatio'
  | 'rsi' | 'macd' | 'bollinger' | 'atr' | 'stochastic' | 'williamsR' | 'momentum' | 'roc' | 'pricePosition'
  | 'obv' | 'vwap' | 'volumeSma' | 'volumeRatio' | 'volumeRoc' | 'volumeSpike' | 'dollarVolume' | 'dollarVolumeSma'
  | 'maxReturn' | 'minReturn' | 'barsSinceHigh' | 'barsSinceLow' | 'breakout' | 'supportResistance'
  | 'momentumConsistency' | 'acceleration' | 'calendar' | 'barsSinceStart';

export type FeatureKind = AssetFeatureKind | PanelKind;

/**
 * One feature: its kind and parameters. Numeric parameters by kind: `period` (most kinds),
 * `fast`/`slow`/`signal` (macd), `stdDev` (bollinger, volumeSpike), `smooth` (stochastic %D).
 * Panel kinds take `group` (a categorical metadata column; omitted = the whole market), `cap`
 * (numeric metadata, default `market_cap`) and `column` (oneHot). `optional: true` skips the spec
 * on frames that lack what it needs (volume, the metadata column, more than one asset).
 */
export interface FeatureSpec {
  kind: FeatureKind;
  period?: number;
  fast?: number;
  slow?: number;
  signal?: number;
  stdDev?: number;
  smooth?: number;
  group?: string;
  cap?: string;
  column?: string;
  optional?: boolean;
}

/** What the native table says about a per-asset kind. */
interface KindInfo {
  name: string;
  params: { name: string; default: number; min: number; max: number; integer: boolean }[];
  needsVolume: boolean;
}

let kindTable: Map<string, KindInfo> | undefined;

/** The per-asset kinds with their parameters, defaults and ranges. */
export function featureKinds(): KindInfo[] {
  if (!kindTable) kindTable = new Map(callNative((b) => b.featureKinds()).map((k) => [k.name, k]));
  return [...kindTable.values()];
}

function kindInfo(kind: string): KindInfo | undefined {
  featureKinds();
  return kindTable!.get(kind);
}

/** Every kind a spec may name. */
export function allowedKinds(): string[] {
  return [...featureKinds().map((k) => k.name), ...PANEL_KINDS];
}

/** The native form of a per-asset spec: kind + parallel name/value lists. */
export function nativeSpec(s: FeatureSpec): { kind: string; names: string[]; values: number[] } {
  const names: string[] = [];
  const values: number[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (k === 'kind' || k === 'optional' || v === undefined) continue;
    if (typeof v !== 'number') {
      throw new FeatureError('ERR_FEATURE_PARAM_RANGE', `${s.kind}.${k} must be a number, got ${JSON.stringify(v)}`, { kind: s.kind, param: k });
    }
    names.push(k);
    values.push(v);
  }
  return { kind: s.kind, names, values };
}

/** A spec with its per-asset layout (columns and warm-up rows), once validated. */
export interface ResolvedSpec {
  spec: FeatureSpec;
  panel: boolean;
  /** Per-asset kinds: output columns and the first fully defined row of an asset. */
  names: string[];
  warmup: number;
}

/** Whether a frame has what a per-asset spec reads. */
function assetSpecApplies(r: ResolvedSpec, frame: Frame): boolean {
  return !kindInfo(r.spec.kind)!.needsVolume || frame.volume !== undefined;
}

/** A validated, hashable feature plan (see `FeaturePlan.from`). */
export class FeaturePlan {
  /** Specs with every default filled in. */
  readonly specs: readonly FeatureSpec[];
  /** Stable hash of the normalised specs (part of cache keys). */
  readonly hash: string;
  /** @internal */
  readonly resolved: readonly ResolvedSpec[];

  private constructor(resolved: ResolvedSpec[]) {
    this.resolved = resolved;
    this.specs = resolved.map((r) => r.spec);
    this.hash = createHash('sha256').update(`cryptotune-features-v1:${stableJson(this.specs)}`).digest('hex').slice(0, 32);
  }

  /**
   * Validate specs (or name a preset: `seed`, `intraday`, `minimal`). Unknown kinds, unknown
   * parameters and out-of-range values throw `FeatureError` (`ERR_FEATURE_UNKNOWN_KIND`,
   * `ERR_FEATURE_PARAM_UNKNOWN`, `ERR_FEATURE_PARAM_RANGE`, `ERR_FEATURE_DUPLICATE`,
   * `ERR_FEATURE_EMPTY_PLAN`) whose message lists what is allowed.
   */
  static from(specs: readonly FeatureSpec[] | PresetName | string | FeaturePlan): FeaturePlan {
    if (specs instanceof FeaturePlan) return specs;
    if (typeof specs === 'string') {
      const preset = PRESETS[specs as PresetName];
      if (!preset) {
        throw new FeatureError('ERR_FEATURE_PRESET', `unknown feature preset '${specs}'; allowed: ${Object.keys(PRESETS).join(', ')}`);
      }
      return FeaturePlan.from(preset());
    }
    if (!Array.isArray(specs) || specs.length === 0) {
      throw new FeatureError('ERR_FEATURE_EMPTY_PLAN', 'a feature plan needs at least one spec, e.g. [{ kind: "rsi", period: 14 }] or a preset name');
    }
    const resolved: ResolvedSpec[] = [];
    const assetSpecs: FeatureSpec[] = [];
    for (const s of specs) {
      if (!s || typeof s !== 'object' || typeof s.kind !== 'string' || (!isPanelKind(s.kind) && !kindInfo(s.kind))) {
        throw new FeatureError(
          'ERR_FEATURE_UNKNOWN_KIND',
          `unknown feature kind '${(s as { kind?: unknown })?.kind}'; allowed kinds: ${allowedKinds().join(', ')}`,
          { kind: String((s as { kind?: unknown })?.kind) },
        );
      }
      if (isPanelKind(s.kind)) {
        resolved.push({ spec: validatePanelSpec(s), panel: true, names: [], warmup: 0 });
      } else {
        assetSpecs.push(s);
        resolved.push({ spec: s, panel: false, names: [], warmup: 0 });
      }
    }
    if (assetSpecs.length > 0) {
      const layout = callNative((b) => b.describeFeatures(assetSpecs.map(nativeSpec)));
      let i = 0;
      let col = 0;
      for (const r of resolved) {
        if (r.panel) continue;
        const info = kindInfo(r.spec.kind)!;
        const normal: FeatureSpec = { kind: r.spec.kind };
        info.params.forEach((p, j) => ((normal as unknown as Record<string, number>)[p.name] = layout.values[i]![j]!));
        if (r.spec.optional) normal.optional = true;
        r.spec = normal;
        r.names = layout.names.slice(col, col + layout.widths[i]!);
        r.warmup = layout.warmups[i]!;
        col += layout.widths[i]!;
        i++;
      }
    }
    const plan = new FeaturePlan(resolved);
    plan.columnNames();
    return plan;
  }

  /** The specs that apply to `frame` (optional specs it cannot feed are left out). */
  applicable(frame?: Frame): ResolvedSpec[] {
    return this.resolved.filter((r) => {
      if (!frame) return true;
      const ok = r.panel ? panelApplies(r.spec, frame) : assetSpecApplies(r, frame);
      return ok || !r.spec.optional;
    });
  }

  /**
   * Output column names, in plan order. With a frame, optional specs it cannot feed are left out
   * and oneHot columns are named after the frame's categories (without one, oneHot columns are
   * left out because the categories are not known).
   */
  columnNames(frame?: Frame): string[] {
    const names: string[] = [];
    for (const r of this.applicable(frame)) names.push(...(r.panel ? panelColumnNames(r.spec, frame) : r.names));
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) throw new FeatureError('ERR_FEATURE_DUPLICATE', `column '${n}' is produced twice; remove the repeated feature spec`, { column: n });
      seen.add(n);
    }
    return names;
  }

  /** Largest per-asset warm-up of the plan, in rows. */
  warmup(frame?: Frame): number {
    return Math.max(0, ...this.applicable(frame).map((r) => (r.panel ? (r.spec.kind === 'groupLeaderCorrelation' ? r.spec.period! : 0) : r.warmup)));
  }

  toJSON(): { specs: readonly FeatureSpec[]; hash: string } {
    return { specs: this.specs, hash: this.hash };
  }
}

/** JSON with object keys sorted, so equal specs hash equally whatever their key order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
