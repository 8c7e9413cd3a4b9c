// One-to-one alignment of gold and predicted records (score.py's align): word
// overlap plus a ref bonus, a threshold, and the Hungarian algorithm on each
// connected component of eligible pairs, with score.py's tie-breaks.
import { pyStrip } from './py.ts';
import { ALIGN_FIELDS, MATCH_THRESHOLD, REF_BONUS, TEXT_FIELDS, get, norm, wordTokens, type JsonObject } from './text.ts';


/** Minimum-cost assignment for an n x m cost matrix with n <= m: each row's column. */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0]!.length;
  if (n > m) throw new Error('hungarian: needs rows <= columns');
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Infinity);
    const used = new Array<boolean>(m + 1).fill(false);
    for (;;) {
      used[j0] = true;
      const i0 = p[j0]!;
      const row = cost[i0 - 1]!;
      const ui0 = u[i0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (!used[j]) {
          const cur = row[j - 1]! - ui0 - v[j]!;
          if (cur < minv[j]!) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j]! < delta) {
            delta = minv[j]!;
            j1 = j;
          }
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
      if (p[j0] === 0) break;
    }
    for (;;) {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
      if (j0 === 0) break;
    }
  }
  const res = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]) res[p[j]! - 1] = j - 1;
  return res;
}

/** Maximum-weight one-to-one assignment of a dense matrix of weights >= 0:
 * the [row, col] pairs with weight > 0. */
export function maxWeightAssignment(weights: number[][]): [number, number][] {
  const n = weights.length;
  const m = n ? weights[0]!.length : 0;
  if (n === 0 || m === 0) return [];
  const transpose = n > m;
  const w = transpose ? weights[0]!.map((_, j) => weights.map((r) => r[j]!)) : weights;
  let top = -Infinity;
  for (const r of w) {
    let rowMax = -Infinity;
    for (const x of r) if (x > rowMax) rowMax = x;
    if (rowMax > top) top = rowMax;
  }
  const cols = hungarian(w.map((r) => r.map((x) => top - x)));
  const pairs: [number, number][] = [];
  cols.forEach((j, i) => {
    if (j >= 0 && w[i]![j]! > 0) pairs.push(transpose ? [j, i] : [i, j]);
  });
  return pairs;
}

export type AlignedPair = [goldIndex: number, predIndex: number, similarity: number];

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}

/** Optimal one-to-one alignment of gold and pred records: Jaccard of the
 * lower-cased word sets of ref+action+output+outcome+milestone, + REF_BONUS when
 * the refs are equal; pairs at or above the threshold are eligible; on each
 * connected component of eligible pairs the Hungarian algorithm maximises total
 * similarity, ties broken by all-field similarity, then by relative position. */
export function align(goldRecs: JsonObject[], predRecs: JsonObject[], threshold = MATCH_THRESHOLD): AlignedPair[] {
  const toks = (r: JsonObject, fields: readonly string[]): Set<string> => {
    const parts = fields.map((f) => norm(get(r, f))).filter((x): x is string => !!x);
    return new Set(wordTokens(parts.join(' ').toLowerCase()));
  };
  const refkey = (r: JsonObject): string | null => {
    const s = norm(get(r, 'ref'));
    if (s === null) return null;
    return pyStrip(s.replace(/\.+$/u, '')) || null;
  };
  const allFields = [...TEXT_FIELDS, 'due_date', 'cost_gbp'];
  const alignToks = (r: JsonObject) => {
    const t = toks(r, ALIGN_FIELDS);
    return t.size ? t : toks(r, allFields);
  };
  const gTok = goldRecs.map(alignToks);
  const pTok = predRecs.map(alignToks);
  const gAll = goldRecs.map((r) => toks(r, allFields));
  const pAll = predRecs.map((r) => toks(r, allFields));
  const gRef = goldRecs.map(refkey);
  const pRef = predRecs.map(refkey);
  const n = goldRecs.length;
  const m = predRecs.length;

  const edges = new Map<number, number>(); // i * m + j -> similarity
  const adjG: number[][] = Array.from({ length: n }, () => []);
  const adjP: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = jaccard(gTok[i]!, pTok[j]!);
      if (gRef[i] !== null && gRef[i] === pRef[j]) s += REF_BONUS;
      if (s >= threshold) {
        edges.set(i * m + j, s);
        adjG[i]!.push(j);
        adjP[j]!.push(i);
      }
    }
  }

  const pairs: AlignedPair[] = [];
  const seenG = new Array<boolean>(n).fill(false);
  for (let start = 0; start < n; start++) {
    if (seenG[start] || !adjG[start]!.length) continue;
    const compG: number[] = [];
    const compP: number[] = [];
    const seenP = new Set<number>();
    const stack = [start];
    seenG[start] = true;
    while (stack.length) {
      const i = stack.pop()!;
      compG.push(i);
      for (const j of adjG[i]!) {
        if (!seenP.has(j)) {
          seenP.add(j);
          compP.push(j);
          for (const i2 of adjP[j]!) {
            if (!seenG[i2]) {
              seenG[i2] = true;
              stack.push(i2);
            }
          }
        }
      }
    }
    compG.sort((a, b) => a - b);
    compP.sort((a, b) => a - b);
    if (compG.length === 1 && compP.length === 1) {
      const i = compG[0]!;
      const j = compP[0]!;
      pairs.push([i, j, edges.get(i * m + j)!]);
      continue;
    }
    const w = compG.map((i) =>
      compP.map((j) => {
        const s = edges.get(i * m + j);
        if (s === undefined) return 0;
        const tie = 1e-3 * jaccard(gAll[i]!, pAll[j]!);
        const pos = 1e-6 * (1 - Math.abs(i / Math.max(n, 1) - j / Math.max(m, 1)));
        return s + tie + pos;
      }),
    );
    for (const [a, b] of maxWeightAssignment(w)) {
      const i = compG[a]!;
      const j = compP[b]!;
      const s = edges.get(i * m + j);
      if (s !== undefined) pairs.push([i, j, s]);
    }
  }
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  return pairs;
}
