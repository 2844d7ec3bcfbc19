/**
 * The standard normal distribution in double precision: CDF and log-CDF without underflow in the
 * tails (W. J. Cody's rational approximations, as R's pnorm uses them), the inverse CDF (Acklam's
 * approximation polished by one Halley step), and the truncated normal helpers the Parzen
 * estimator and CMA-ES margin need. Hot paths call these per kernel, so no allocation here.
 */

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT32 = 5.656854249492380195206754896838;
const M_1_SQRT_2PI = 0.398942280401432677939946059934;
/** log(√(2π)) */
export const LOG_SQRT_2PI = 0.918938533204672741780329736406;

/**
 * Lower-tail Φ(x) (or log Φ(x) when `log`), accurate in both tails. Upper tail: use −x.
 */
function pnormLower(x: number, log: boolean): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      xnum = A[4]! * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]!) * xsq;
        xden = (xden + B[i]!) * xsq;
      }
    }
    const temp = (x * (xnum + A[3]!)) / (xden + B[3]!);
    return log ? Math.log(0.5 + temp) : 0.5 + temp;
  }
  let temp: number;
  if (y <= SQRT32) {
    let xnum = C[8]! * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    temp = (xnum + C[7]!) / (xden + D[7]!);
  } else {
    if (!log && y > 38.4674) return x > 0 ? 1 : 0;
    if (!Number.isFinite(y)) return x > 0 ? (log ? 0 : 1) : log ? -Infinity : 0;
    const xsq = 1 / (x * x);
    let xnum = P[5]! * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]!) * xsq;
      xden = (xden + Q[i]!) * xsq;
    }
    temp = (xsq * (xnum + P[4]!)) / (xden + Q[4]!);
    temp = (M_1_SQRT_2PI - temp) / y;
  }
  // The tail mass is exp(-y²/2)·temp; y² is split so the exponent keeps full precision.
  const xsq = Math.trunc(y * 16) / 16;
  const del = (y - xsq) * (y + xsq);
  if (x < 0) {
    // lower tail is the small one
    return log ? -xsq * xsq * 0.5 - del * 0.5 + Math.log(temp) : Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
  }
  const small = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
  return log ? Math.log1p(-small) : 1 - small;
}

/** Φ(x), the standard normal CDF. */
export function normCdf(x: number): number {
  return pnormLower(x, false);
}

/** log Φ(x), finite far into the lower tail. */
export function logNormCdf(x: number): number {
  return pnormLower(x, true);
}

/** log(e^a − e^b) for a ≥ b. */
function logDiff(a: number, b: number): number {
  if (b === -Infinity) return a;
  return a + Math.log1p(-Math.exp(b - a));
}

/** log(e^a + e^b). */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log(Φ(b) − Φ(a)) for a ≤ b, stable in every region (the mass of a standard normal on [a, b]). */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNormCdf(b), logNormCdf(a));
  if (a > 0) return logDiff(logNormCdf(-a), logNormCdf(-b));
  return Math.log1p(-normCdf(a) - normCdf(-b));
}

const AK = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const BK = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const CK = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const DK = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Acklam's rational approximation of Φ⁻¹ from log p (relative error ~1e-9 before polishing). */
function acklam(p: number, logp: number): number {
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * logp);
    return (((((CK[0]! * q + CK[1]!) * q + CK[2]!) * q + CK[3]!) * q + CK[4]!) * q + CK[5]!) / ((((DK[0]! * q + DK[1]!) * q + DK[2]!) * q + DK[3]!) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -(((((CK[0]! * q + CK[1]!) * q + CK[2]!) * q + CK[3]!) * q + CK[4]!) * q + CK[5]!) / ((((DK[0]! * q + DK[1]!) * q + DK[2]!) * q + DK[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((AK[0]! * r + AK[1]!) * r + AK[2]!) * r + AK[3]!) * r + AK[4]!) * r + AK[5]!) * q) / (((((BK[0]! * r + BK[1]!) * r + BK[2]!) * r + BK[3]!) * r + BK[4]!) * r + 1);
}

/** Φ⁻¹(exp(logp)): the normal quantile of a probability given by its log (works for p down to 1e-300). */
export function normPpfFromLog(logp: number): number {
  if (logp >= 0) return Infinity;
  if (logp === -Infinity) return -Infinity;
  const p = Math.exp(logp);
  let x = acklam(p, logp);
  // Two Newton steps on log Φ(x) = logp (quadratic convergence from 1e-9 relative).
  for (let i = 0; i < 2; i++) {
    if (p < 0.5) {
      const lc = logNormCdf(x);
      // d/dx log Φ(x) = φ(x)/Φ(x)
      const ratio = Math.exp(-0.5 * x * x - LOG_SQRT_2PI - lc);
      x -= (lc - logp) / ratio;
    } else {
      const e = normCdf(x) - p;
      const u = e * Math.exp(0.5 * x * x + LOG_SQRT_2PI);
      x -= u / (1 + (x * u) / 2);
    }
  }
  return x;
}

/** Φ⁻¹(p). */
export function normPpf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  // 1 − p is exact for p > 0.5, so the upper half keeps full precision by symmetry.
  return p > 0.5 ? -normPpfFromLog(Math.log1p(-p)) : normPpfFromLog(Math.log(p));
}

/**
 * Φ⁻¹(p) for p ≤ 0.5 the fast way: Acklam's approximation and one Halley step on Φ (Acklam's own
 * refinement), accurate to a few ulps where Φ is relative-accurate — the lower half, which is
 * all the caller passes (the upper half by symmetry, 1 − p being exact there).
 */
function lowerPpfFast(p: number): number {
  const x = acklam(p, p < 0.02425 ? Math.log(p) : 0);
  const e = normCdf(x) - p;
  const u = e * Math.exp(0.5 * x * x + LOG_SQRT_2PI);
  return x - u / (1 + (x * u) / 2);
}


/**
 * Quantile q of a standard normal truncated to [a, b] (Optuna's `_truncnorm.ppf`): computed in the
 * tail nearer to zero so samples far out in a tail stay exact. `logMass` = logGaussMass(a, b) when
 * the caller already has it.
 */
export function truncNormPpf(q: number, a: number, b: number, logMass?: number): number {
  if (a === b) return a;
  if (a < 0 && b > -30) {
    const pa = normCdf(a);
    const pb = normCdf(-b);
    const mass = logMass === undefined ? (b <= 0 ? normCdf(b) - pa : 1 - pa - pb) : Math.exp(logMass);
    const x = truncNormPpfFromMasses(q, a, b, pa, pb, mass);
    if (x === x) return x;
  }
  if (logMass === undefined) logMass = logGaussMass(a, b);
  if (a < 0) {
    const logPhiX = logAddExp(logNormCdf(a), Math.log(q) + logMass);
    return clamp(normPpfFromLog(logPhiX), a, b);
  }
  const logPhiX = logAddExp(logNormCdf(-b), Math.log1p(-q) + logMass);
  return clamp(-normPpfFromLog(logPhiX), a, b);
}

/**
 * The fast path of truncNormPpf for a < 0, given Φ(a), Φ(−b) and the mass Φ(b) − Φ(a) (callers
 * drawing often from one kernel keep them): the target probability Φ(a) + q·mass, or its
 * complement Φ(−b) + (1 − q)·mass from the other tail, is a sum of positive terms and keeps its
 * digits. NaN when the target is too deep in a tail (use truncNormPpf).
 */
export function truncNormPpfFromMasses(q: number, a: number, b: number, pa: number, pb: number, mass: number): number {
  const lower = pa + q * mass;
  if (lower <= 0.5) return lower > 1e-290 ? clamp(lowerPpfFast(lower), a, b) : NaN;
  const upper = pb + (1 - q) * mass;
  return upper > 1e-290 ? clamp(-lowerPpfFast(upper), a, b) : NaN;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
