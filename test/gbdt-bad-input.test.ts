import { describe, expect, it } from 'vitest';
import { Dataset, Model, train } from '../src/index.js';
import { range, synthetic } from './support/gbdt-synthetic.js';

const d = synthetic(500);
const ds = Dataset.from(d, d.label);
const trainRows = range(0, 400);
const code = (code: string) => expect.objectContaining({ code });

describe('GBDT bad input gets coded errors', () => {
  it('refuses NaN and Inf labels in the fold, naming the row', () => {
    for (const bad of [NaN, Infinity]) {
      const y = d.label.slice();
      y[7] = bad;
      expect(() => train('lightgbm', {}, { trainRows }, Dataset.from(d, y))).toThrow(code('ERR_MODEL_LABEL_NOT_FINITE'));
    }
    // a NaN label outside the fold is fine (tail rows of a forward label)
    const y = d.label.slice();
    y[499] = NaN;
    expect(() => train('lightgbm', { n_estimators: 2 }, { trainRows }, Dataset.from(d, y))).not.toThrow();
  });

  it('refuses a fold holding a single class and non-binary labels', () => {
    expect(() => train('xgboost', {}, { trainRows }, Dataset.from(d, new Float32Array(d.rows)))).toThrow(code('ERR_MODEL_SINGLE_CLASS'));
    const y = d.label.slice();
    y[3] = 2;
    expect(() => train('xgboost', {}, { trainRows }, Dataset.from(d, y))).toThrow(code('ERR_MODEL_LABEL_NOT_BINARY'));
  });

  it('refuses empty folds and rows outside the dataset', () => {
    expect(() => train('lightgbm', {}, { trainRows: new Uint32Array(0) }, ds)).toThrow(code('ERR_MODEL_EMPTY_FOLD'));
    expect(() => train('lightgbm', {}, { trainRows, validRows: new Uint32Array(0) }, ds)).toThrow(code('ERR_MODEL_EMPTY_FOLD'));
    expect(() => train('lightgbm', {}, { trainRows: Uint32Array.of(1, 600) }, ds)).toThrow(code('ERR_MODEL_ROW_RANGE'));
  });

  it('refuses mismatched lengths and zero features', () => {
    expect(() => Dataset.from(d, d.label.subarray(0, 10))).toThrow(code('ERR_MODEL_LENGTH_MISMATCH'));
    expect(() => Dataset.from({ ...d, columns: d.columns.slice(0, 4) }, d.label)).toThrow(code('ERR_MODEL_LENGTH_MISMATCH'));
    expect(() => Dataset.from({ data: new Float32Array(0), rows: 500, columns: [] }, d.label)).toThrow(code('ERR_MODEL_NO_FEATURES'));
    const m = train('lightgbm', { n_estimators: 3 }, { trainRows }, ds);
    expect(() => m.predict({ data: new Float32Array(2000), rows: 500, columns: ['a', 'b', 'c', 'd'] })).toThrow(code('ERR_MODEL_COLUMNS'));
  });

  it('refuses more than 255 bins (and fewer than 2), naming the range', () => {
    expect(() => Dataset.from(d, d.label, { maxBins: 256 })).toThrow(/\[2, 255\]/);
    expect(() => Dataset.from(d, d.label, { maxBins: 256 })).toThrow(code('ERR_BIN_MAX_BINS'));
    expect(() => Dataset.from(d, d.label, { maxBins: 1 })).toThrow(code('ERR_BIN_MAX_BINS'));
  });

  it('refuses parameters out of range, of the wrong type, unknown or not a choice, naming the allowed values', () => {
    expect(() => train('lightgbm', { num_leaves: 1 }, { trainRows }, ds)).toThrow(/num_leaves must be in \[2, 131072\]/);
    expect(() => train('lightgbm', { learning_rate: 0 }, { trainRows }, ds)).toThrow(code('ERR_PARAM_RANGE'));
    expect(() => train('xgboost', { max_depth: 2.5 }, { trainRows }, ds)).toThrow(code('ERR_PARAM_TYPE'));
    expect(() => train('xgboost', { subsample: 1.5 }, { trainRows }, ds)).toThrow(/subsample must be in \(0, 1\]/);
    expect(() => train('catboost', { depth: 13 }, { trainRows }, ds)).toThrow(code('ERR_PARAM_RANGE'));
    expect(() => train('catboost', { bootstrap_type: 'MVS' }, { trainRows }, ds)).toThrow(code('ERR_PARAM_CHOICE'));
    expect(() => train('catboost', { num_leaves: 8 }, { trainRows }, ds)).toThrow(code('ERR_PARAM_UNKNOWN'));
    expect(() => train('lightgbm', {}, { trainRows, threads: 0 }, ds)).toThrow(code('ERR_PARAM_RANGE'));
    expect(() => train('lightgbm', {}, { trainRows, earlyStoppingRounds: 5 }, ds)).toThrow(code('ERR_MODEL_NO_VALIDATION'));
    expect(() => train('forest' as 'lightgbm', {}, { trainRows }, ds)).toThrow(code('ERR_MODEL_FAMILY'));
  });

  it('refuses corrupt model JSON and bytes', () => {
    const m = train('lightgbm', { n_estimators: 3 }, { trainRows }, ds);
    const j = m.toJSON();
    expect(() => Model.fromJSON({ ...j, left: j.left.map(() => 0) })).toThrow(code('ERR_MODEL_CORRUPT'));
    expect(() => Model.fromJSON({ ...j, format: 'x' as 'cryptotune-gbdt' })).toThrow(code('ERR_MODEL_CORRUPT'));
    const b = m.toBytes();
    expect(() => Model.fromBytes(b.subarray(0, b.length - 5))).toThrow(code('ERR_MODEL_CORRUPT'));
  });
});
