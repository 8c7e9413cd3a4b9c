// Optimal assignment (the Hungarian method, O(n^3)): give each row at most one
// column so that the total score is the largest possible. Used to give table
// columns their fields jointly, not first come first served.

/** `score[i][j]` is the gain of giving row i column j; a row may also stay
 * unassigned at no gain. Returns, per row, its column or -1. */
export function bestAssignment(score: number[][]): number[] {
  const rows = score.length;
  if (rows === 0) return [];
  const cols = score[0].length;
  const clear = clearBest(score, cols);
  if (clear) return clear;
  // square cost matrix: every row may take a real column or its own "none" column
  const n = cols + rows;
  // (worked out once into typed arrays: the loops below read each cost n times)
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) cost[i * n + j] = i >= rows ? 0 : j < cols ? -score[i][j] : j - cols === i ? 0 : 1e9;
  }
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const row = (i0 - 1) * n;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[row + j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) {
    const i = p[j] - 1;
    if (i >= 0 && i < rows && j - 1 < cols && score[i][j - 1] > 0) result[i] = j - 1;
  }
  return result;
}

/** Each row's best column, when every row with a gain has one that beats its
 * others by more than rounding could blur and no two rows share it: that is
 * the only assignment with the highest total (no row can gain more), found
 * without the O(n^3) search. Otherwise null. */
function clearBest(score: number[][], cols: number): number[] | null {
  const out: number[] = [];
  for (const row of score) {
    let best = -1;
    let top = 0;
    let second = 0;
    for (let j = 0; j < cols; j++) {
      const s = row[j];
      if (s !== s) return null;
      if (s > top) {
        second = top;
        top = s;
        best = j;
      } else if (s > second) second = s;
    }
    if (best >= 0 && (top - second <= CLEAR_MARGIN * top || out.includes(best))) return null;
    out.push(best);
  }
  return out;
}

const CLEAR_MARGIN = 1e-9;
