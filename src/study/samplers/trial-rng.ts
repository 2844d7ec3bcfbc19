/**
 * Per-trial random streams. A sampler's randomness for trial n comes from (seed, n, purpose), not
 * from one stream consumed in ask order, so a resumed study does not replay its first samples and
 * a trial's random draws do not depend on how many workers asked before it.
 */
import { Rng } from '../../rng.js';

/** 32-bit FNV-1a of a string (parameter names → stream ids). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A generator for one trial and one purpose (a parameter name, "relative", …). */
export function trialRng(seed: number, trialNumber: number, purpose: string | number = 0): Rng {
  const p = typeof purpose === 'number' ? purpose : hashString(purpose);
  return new Rng(mix(mix(seed >>> 0, trialNumber + 0x9e3779b9), p));
}

/** A fresh random 32-bit seed, for samplers created without one. */
export function randomSeed(): number {
  return (Math.random() * 0x100000000) >>> 0;
}
