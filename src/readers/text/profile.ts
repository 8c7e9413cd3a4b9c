// What a column holds, learnt: how often each kind opens its cells in the
// file, on top of what its header leads us to expect (pseudo-counts) and a
// little smoothing so that no kind is ever impossible. The content reader and
// the paragraph splitter both score a cell's kind by this estimate.

/** log P(kind) of a column: `count` of `total` cells in the file were of the
 * kind; the header's expectation adds `pseudo` of `pseudoTotal`; every one of
 * `kinds` kinds gets `smooth` more. */
export function kindLogShare(count: number, total: number, pseudo: number, pseudoTotal: number, smooth: number, kinds: number): number {
  return Math.log((count + pseudo + smooth) / (total + pseudoTotal + smooth * kinds));
}

/** The costs (-log P) of every kind from counts that already hold the
 * header's pseudo-counts. */
export function kindCosts<K extends string>(kinds: readonly K[], counts: Partial<Record<K, number>>, smooth: number): Map<K, number> {
  const total = kinds.reduce((s, k) => s + (counts[k] ?? 0), 0);
  return new Map(kinds.map((k) => [k, -kindLogShare(counts[k] ?? 0, total, 0, 0, smooth, kinds.length)]));
}
