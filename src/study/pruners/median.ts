/** Prune a trial whose best intermediate value is worse than the median of completed trials at the same step. */
import { PercentilePruner, type PercentilePrunerOptions } from './percentile.js';

export class MedianPruner extends PercentilePruner {
  override readonly name = 'MedianPruner';
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}
