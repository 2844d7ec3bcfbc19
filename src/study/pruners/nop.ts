/** A pruner that never prunes (for studies without intermediate values, or to switch pruning off). */
import type { Pruner } from './pruner.js';

export class NopPruner implements Pruner {
  readonly name = 'NopPruner';
  readonly neverPrunes = true;
  prune(): boolean {
    return false;
  }
}
