/**
 * Panel features: computed per time step across the assets of a multi-asset frame. `group` names
 * a categorical metadata column (narrative); without it the whole market is one group. Rows whose
 * group value is empty get NaN.
 */
import { FeatureError } from '../errors.js';
import { callNative } from '../native.js';
import type { CategoricalColumn, Frame } from '../data/frame.js';
import type { FeatureSpec } from './feature-plan.js';

export const PANEL_KINDS = ['groupAverage', 'priceRelativeGroup', 'capRank', 'groupLeaderCorrelation', 'oneHot'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

const PARAMS: Record<PanelKind, string[]> = {
  groupAverage: ['group'],
  priceRelativeGroup: ['group'],
  capRank: ['group', 'cap'],
  groupLeaderCorrelation: ['group', 'cap', 'period'],
  oneHot: ['column'],
};

const MISSING = 0xffffffff;

export function isPanelKind(kind: string): kind is PanelKind {
  return (PANEL_KINDS as readonly string[]).includes(kind);
}

/** Check a panel spec's parameters and fill defaults (`cap: 'market_cap'`, `period: 30`). */
export function validatePanelSpec(s: FeatureSpec): FeatureSpec {
  const kind = s.kind as PanelKind;
  const allowed = PARAMS[kind];
  for (const [k, v] of Object.entries(s)) {
    if (k === 'kind' || k === 'optional' || v === undefined) continue;
    if (!allowed.includes(k)) {
      throw new FeatureError('ERR_FEATURE_PARAM_UNKNOWN', `feature '${kind}' has no parameter '${k}'; allowed: ${allowed.join(', ')}`, { kind, param: k });
    }
    if (k !== 'period' && (typeof v !== 'string' || v === '')) {
      throw new FeatureError('ERR_FEATURE_PARAM_RANGE', `${kind}.${k} must be a column name, got ${JSON.stringify(v)}`, { kind, param: k });
    }
  }
  const out: FeatureSpec = { kind };
  if (s.group !== undefined) out.group = s.group;
  if (kind === 'capRank' || kind === 'groupLeaderCorrelation') out.cap = s.cap ?? 'market_cap';
  if (kind === 'groupLeaderCorrelation') {
    const p = s.period ?? 30;
    if (!Number.isInteger(p) || p < 2 || p > 1_000_000) {
      throw new FeatureError('ERR_FEATURE_PARAM_RANGE', `groupLeaderCorrelation.period must be an integer in [2, 1000000], got ${p}`, { kind, param: 'period' });
    }
    out.period = p;
  }
  if (kind === 'oneHot') {
    if (s.column === undefined) throw new FeatureError('ERR_FEATURE_PARAM_RANGE', 'oneHot needs `column`: the categorical metadata column to encode', { kind, param: 'column' });
    out.column = s.column;
  }
  if (s.optional) out.optional = true;
  return out;
}

function categorical(frame: Frame, name: string): CategoricalColumn | undefined {
  const c = frame.metadata[name];
  return c && c.kind === 'u32' ? c : undefined;
}

/** What the spec is missing on this frame, or undefined when it can be computed. */
function missing(s: FeatureSpec, frame: Frame): string | undefined {
  if (s.kind === 'oneHot') return categorical(frame, s.column!) ? undefined : `a categorical metadata column '${s.column}'`;
  if (frame.assets < 2) return 'more than one asset';
  if (s.group !== undefined && !categorical(frame, s.group)) return `a categorical metadata column '${s.group}'`;
  if (s.cap !== undefined && frame.metadata[s.cap]?.kind !== 'f64') return `a numeric metadata column '${s.cap}'`;
  return undefined;
}

export function panelApplies(s: FeatureSpec, frame: Frame): boolean {
  return missing(s, frame) === undefined;
}

function oneHotValues(s: FeatureSpec, frame: Frame): { value: string; code: number }[] {
  return categorical(frame, s.column!)!
    .dictionary.map((value, code) => ({ value, code }))
    .filter((v) => v.value !== '');
}

/** Output columns of a panel spec (oneHot needs the frame to know its categories). */
export function panelColumnNames(s: FeatureSpec, frame?: Frame): string[] {
  const g = s.group ?? 'market';
  switch (s.kind as PanelKind) {
    case 'groupAverage':
      return [`group_avg_close_${g}`];
    case 'priceRelativeGroup':
      return [`close_rel_group_${g}`];
    case 'capRank':
      return [`cap_rank_${g}`, `cap_percentile_${g}`];
    case 'groupLeaderCorrelation':
      return [`leader_corr_${s.period}_${g}`];
    case 'oneHot':
      return frame && categorical(frame, s.column!) ? oneHotValues(s, frame).map((v) => `${s.column}_${v.value}`) : [];
  }
}

/** Compute one panel spec into `out` (its columns, column-major, rows = frame rows). */
export function computePanelFeature(s: FeatureSpec, frame: Frame, out: Float32Array): void {
  const why = missing(s, frame);
  if (why) throw new FeatureError('ERR_FEATURE_COLUMN_MISSING', `feature '${s.kind}' needs ${why}; add it to the frame or mark the spec optional`, { kind: s.kind });
  if (s.kind === 'oneHot') {
    const codes = categorical(frame, s.column!)!.codes;
    oneHotValues(s, frame).forEach((v, i) => callNative((b) => b.oneHot(codes, v.code, out.subarray(i * frame.rows, (i + 1) * frame.rows))));
    return;
  }
  let group: Uint32Array | undefined;
  if (s.group !== undefined) {
    const c = categorical(frame, s.group)!;
    const empty = c.dictionary.map((v) => v === '');
    group = new Uint32Array(frame.rows);
    for (let r = 0; r < frame.rows; r++) group[r] = empty[c.codes[r]!] ? MISSING : c.codes[r]!;
  }
  const capCol = s.cap !== undefined ? frame.metadata[s.cap] : undefined;
  const input = {
    time: frame.time,
    close: frame.close,
    offsets: frame.offsets,
    group,
    cap: capCol && capCol.kind === 'f64' ? capCol.values : undefined,
  };
  callNative((b) => b.computePanelFeature(s.kind, input, s.period ?? 0, out));
}
