/**
 * Visits each finished trial of a study exactly once, however out of order trials finish. Finished
 * trials never change, so anything derived from them (search spaces, observation arrays, the
 * duplicate index) can be built incrementally: each call only looks at trials from the lowest
 * number that was still unfinished last time.
 */
import type { FrozenTrial } from './frozen-trial.js';
import { isFinishedState } from './trial-state.js';

export class FinishedTrialScanner {
  /** Every trial below this number is finished and visited. */
  private cursor = 0;
  private visited = new Uint8Array(64);

  /** Call `visit` for each finished trial not seen before, in number order. */
  scan(trials: readonly FrozenTrial[], visit: (trial: FrozenTrial) => void): void {
    if (this.visited.length < trials.length) {
      const grown = new Uint8Array(Math.max(trials.length, this.visited.length * 2));
      grown.set(this.visited);
      this.visited = grown;
    }
    let advancing = true;
    for (let i = this.cursor; i < trials.length; i++) {
      // A hole: a trial another process created but whose write this one cannot see yet.
      const t = trials[i];
      const finished = t !== undefined && isFinishedState(t.state);
      if (finished && this.visited[i] === 0) {
        this.visited[i] = 1;
        visit(t!);
      }
      if (advancing) {
        if (finished) this.cursor = i + 1;
        else advancing = false;
      }
    }
  }

  /** Forget everything (the study was replaced). */
  reset(): void {
    this.cursor = 0;
    this.visited.fill(0);
  }
}
