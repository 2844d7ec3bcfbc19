/**
 * Benchmark objectives for the samplers suite, defined identically in bench/peers/samplers_optuna.py.
 * Each reports its known minimum so results are compared as regret (value − minimum ≥ 0).
 */
import type { Trial } from '../../src/index.js';

export interface TestFunction {
  name: string;
  /** Known global minimum. */
  optimum: number;
  objective: (trial: Trial) => number;
}

const HART_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HART_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));
const HART_ALPHA = [1.0, 1.2, 3.0, 3.2];

export const TEST_FUNCTIONS: TestFunction[] = [
  {
    name: 'branin',
    optimum: 0.397887357729739,
    objective: (t) => {
      const x1 = t.suggestFloat('x1', -5, 10);
      const x2 = t.suggestFloat('x2', 0, 15);
      const b = 5.1 / (4 * Math.PI * Math.PI);
      const c = 5 / Math.PI;
      const s = 1 / (8 * Math.PI);
      return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - s) * Math.cos(x1) + 10;
    },
  },
  {
    name: 'hartmann6',
    optimum: -3.322368011415511,
    objective: (t) => {
      const x = Array.from({ length: 6 }, (_, j) => t.suggestFloat(`x${j}`, 0, 1));
      let f = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HART_A[i]![j]! * (x[j]! - HART_P[i]![j]!) ** 2;
        f -= HART_ALPHA[i]! * Math.exp(-inner);
      }
      return f;
    },
  },
  {
    name: 'sphere10',
    optimum: 0,
    objective: (t) => {
      let f = 0;
      for (let j = 0; j < 10; j++) f += t.suggestFloat(`x${j}`, -5, 5) ** 2;
      return f;
    },
  },
  {
    name: 'rosenbrock4',
    optimum: 0,
    objective: (t) => {
      const x = Array.from({ length: 4 }, (_, j) => t.suggestFloat(`x${j}`, -2.048, 2.048));
      let f = 0;
      for (let j = 0; j < 3; j++) f += 100 * (x[j + 1]! - x[j]! ** 2) ** 2 + (1 - x[j]!) ** 2;
      return f;
    },
  },
  {
    name: 'mixed9',
    optimum: 0,
    objective: (t) => {
      const lr = t.suggestFloat('lr', 1e-4, 1, { log: true });
      const depth = t.suggestInt('depth', 2, 12);
      const n = t.suggestInt('n_estimators', 50, 1000, { step: 50 });
      const sub = t.suggestFloat('subsample', 0.5, 1);
      const col = t.suggestFloat('colsample', 0.5, 1);
      const mcw = t.suggestInt('min_child_weight', 1, 100, { log: true });
      const alpha = t.suggestFloat('alpha', 1e-8, 10, { log: true });
      const lam = t.suggestFloat('lambda', 1e-8, 10, { log: true });
      const booster = t.suggestCategorical('booster', ['gbtree', 'dart', 'gblinear']);
      return (
        (Math.log10(lr) + 1.5) ** 2 +
        0.05 * (depth - 7) ** 2 +
        ((n - 600) / 400) ** 2 +
        4 * (sub - 0.8) ** 2 +
        4 * (col - 0.7) ** 2 +
        0.3 * (Math.log10(mcw) - 1) ** 2 +
        0.02 * (Math.log10(alpha) + 3) ** 2 +
        0.02 * Math.log10(lam) ** 2 +
        (booster === 'gbtree' ? 0 : booster === 'dart' ? 0.3 : 1)
      );
    },
  },
];
