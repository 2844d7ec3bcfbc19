/**
 * Memory settings and their presets. `default` carries the Python system's numbers (8 GiB limit,
 * GC above 6 GiB, 512 MiB chunks, alert at 85 %); the other two are starting points for a big
 * single machine and for one of several machines sharing a study.
 */

export interface MemorySettings {
  /** Budget for the whole run, MiB. */
  limitMb: number;
  /** Above this RSS (MiB) the monitor collects garbage between trials (when global.gc exists). */
  gcThresholdMb: number;
  /** Largest chunk of rows processed at once, MiB. */
  chunkSizeMb: number;
  /** Fraction of the limit (0..1) past which `memory-alert` fires. */
  alertThreshold: number;
  /** Monitor sampling period, ms. */
  monitorIntervalMs: number;
}

export type MemoryPresetName = 'default' | 'high-performance' | 'distributed';

export const MEMORY_PRESETS: Readonly<Record<MemoryPresetName, Readonly<MemorySettings>>> = {
  default: { limitMb: 8192, gcThresholdMb: 6144, chunkSizeMb: 512, alertThreshold: 0.85, monitorIntervalMs: 1000 },
  'high-performance': { limitMb: 32768, gcThresholdMb: 24576, chunkSizeMb: 2048, alertThreshold: 0.9, monitorIntervalMs: 2000 },
  distributed: { limitMb: 4096, gcThresholdMb: 3072, chunkSizeMb: 256, alertThreshold: 0.8, monitorIntervalMs: 1000 },
};
