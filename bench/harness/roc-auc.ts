/**
 * ROC-AUC by sorting (ties share their average rank), for benches and parity tests that score
 * hundreds of thousands of predictions. Kept beside the harness so peers and ours are scored by
 * the same code; the library's own metrics live in src/models/metrics.
 */
export function rocAucSorted(label: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = label.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && score[order[j]!] === score[order[i]!]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (label[order[k]!] === 1) (pos++, (rankSum += avg));
    i = j;
  }
  const neg = n - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
