// Array helpers for hot code.

/** `xs.map(fn)`, with one array kind wherever it runs. Node 20's V8 makes
 * Array.prototype.map's result packed in its builtin but holey when the call
 * is inlined into optimised code, so the first use of a map() result in
 * optimised code throws that code away (a "wrong map" deoptimisation), once
 * per place it is used: hot functions were compiled again and again
 * (bench/findings.md). An array pushed one element at a time has one kind. */
export function mapped<T, U>(xs: readonly T[], fn: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(fn(xs[i]!, i));
  return out;
}

/** `xs.flatMap(fn)` for arrays: Node 20's flatMap is a generic builtin,
 * several times slower than pushing (a third of buildBlocks' own time went
 * to one flatMap over a document's words). */
export function flatMapped<T, U>(xs: readonly T[], fn: (x: T, i: number) => readonly U[]): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) {
    const part = fn(xs[i]!, i);
    for (let j = 0; j < part.length; j++) out.push(part[j]!);
  }
  return out;
}

/** `Array.from({ length: n }, fn)`, without the generic array-like walk. */
export function filled<T>(n: number, fn: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(fn(i));
  return out;
}

/** An empty array for strings or objects, held as such from the start. `[]`
 * starts as an array of small integers and changes kind at its first push of
 * anything else: optimised code that pushed to one such array and then met a
 * new one took the new one for small integers and was thrown away ("not a
 * Smi"). A slice of a one-element literal of null has the general kind. */
export function emptyArray<T>(): T[] {
  return ([null] as unknown as T[]).slice(1);
}

/** Whether `xs` is already in `cmp`'s order: each neighbour pair compared as
 * the sort would (a NaN fails, so such lists still go to the sort). */
export function isSortedBy<T>(xs: readonly T[], cmp: (a: T, b: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (!(cmp(xs[i]!, xs[i - 1]!) >= 0)) return false;
  return true;
}

/** `xs.sort(cmp)` in place, without the sort when `xs` is in order already
 * (lines and words often come so): the same order either way, as the sort is stable. */
export function sortedBy<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  return isSortedBy(xs, cmp) ? xs : xs.sort(cmp);
}
