/**
 * Top-K beam prediction accuracy (paper 001 §IV-A, metric 1): the fraction of samples whose optimal beam (label) is
 * among the K beams with the largest predicted scores.
 *
 * Ranking: the label's rank is the number of beams scored strictly higher plus the number of lower-indexed beams
 * scored equal (a stable descending sort); a hit is rank < K. NaN scores rank below every number.
 * @param scores `[batch, N]` row-major predicted scores (logits, probabilities or predicted RSRPs)
 * @param labels `[batch]` optimal beam indices in [0, N)
 */
export function topKAccuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, numBeams: number, k: number): number {
  const hits = topKHits(scores, labels, numBeams, k);
  let count = 0;
  for (let i = 0; i < hits.length; i++) count += hits[i];
  return count / hits.length;
}

/** Per-sample 0/1 hits of the top-K rule above: `[batch]`. */
export function topKHits(scores: ArrayLike<number>, labels: ArrayLike<number>, numBeams: number, k: number): Uint8Array {
  if (!Number.isInteger(numBeams) || numBeams < 1) {
    throw new RangeError(`topKAccuracy: numBeams must be a positive integer; got ${numBeams}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > numBeams) {
    throw new RangeError(`topKAccuracy: K must be an integer in [1, ${numBeams}]; got ${k}`);
  }
  if (scores.length !== labels.length * numBeams) {
    throw new RangeError(
      `topKAccuracy: scores must be [batch, ${numBeams}] for ${labels.length} labels; expected length ${labels.length * numBeams}, got ${scores.length}`,
    );
  }
  if (labels.length === 0) throw new RangeError('topKAccuracy: need at least one sample; got 0');
  const out = new Uint8Array(labels.length);
  const key = (x: number): number => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x);
  for (let b = 0; b < labels.length; b++) {
    const label = labels[b];
    if (!Number.isInteger(label) || label < 0 || label >= numBeams) {
      throw new RangeError(`topKAccuracy: label ${b} must be an integer beam index in [0, ${numBeams}); got ${label}`);
    }
    const row = b * numBeams;
    const target = key(scores[row + label]);
    let rank = 0;
    for (let i = 0; i < numBeams && rank < k; i++) {
      const s = key(scores[row + i]);
      if (s > target || (s === target && i < label)) rank++;
    }
    out[b] = rank < k ? 1 : 0;
  }
  return out;
}

/** Index of the largest entry of each row: `[batch, N]` → `[batch]` (first index on ties). */
export function argmaxRows(values: ArrayLike<number>, numColumns: number): Int32Array {
  if (!Number.isInteger(numColumns) || numColumns < 1 || values.length % numColumns !== 0) {
    throw new RangeError(`argmaxRows: numColumns must be a positive integer dividing ${values.length}; got ${numColumns}`);
  }
  const rows = values.length / numColumns;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numColumns; c++) {
      const v = values[r * numColumns + c];
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}
