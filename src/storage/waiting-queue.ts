/**
 * The WAITING trials of one study in a memory store, so claiming the lowest-numbered one does not
 * walk every trial on each ask (10 000 trials made that scan a good part of an ask's time). Numbers
 * are kept ascending; a trial that stopped waiting is dropped lazily when it reaches the front.
 */
export class WaitingQueue {
  private numbers: number[] = [];
  private head = 0;

  /** Record that trial `number` is WAITING (usually the newest, so an append). */
  add(number: number): void {
    const a = this.numbers;
    let lo = this.head;
    let hi = a.length;
    if (hi === lo || a[hi - 1]! < number) {
      a.push(number);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! < number) lo = mid + 1;
      else hi = mid;
    }
    if (a[lo] !== number) a.splice(lo, 0, number);
  }

  /** The lowest number for which `isWaiting` holds, dropping the ones before it; null when none. */
  first(isWaiting: (number: number) => boolean): number | null {
    const a = this.numbers;
    while (this.head < a.length && !isWaiting(a[this.head]!)) this.head++;
    if (this.head === a.length) {
      // everything was claimed: start over instead of keeping a dead prefix
      this.numbers = [];
      this.head = 0;
      return null;
    }
    if (this.head > 1024 && this.head * 2 > a.length) {
      this.numbers = a.slice(this.head);
      this.head = 0;
    }
    return this.numbers[this.head]!;
  }
}
