// Matching the actions of two documents by content and ref together: the same
// text under another ref is the same action (renumbered); under the same ref,
// a changed text is a rewording. Then what changed: added, removed,
// reworded, and the fields that matter (status, due, lead, cost).
import type { StoredAction, StoredChange } from '../store/plans.ts';
import { editDistance } from '../edit-distance.ts';
import { dice, normaliseText, trigrams, words } from './text.ts';
import { REWORDED_OTHER_REF, REWORDED_SAME_REF, SAME_ACTION, WORD_NOISE } from './thresholds.ts';
import { mapped } from '../arrays.ts';

export interface ActionPair {
  before: number;
  after: number;
  similarity: number;
}

export interface Matching {
  pairs: ActionPair[];
  /** positions (indexes) with no counterpart */
  removed: number[];
  added: number[];
}

/** Weight of the row's other cells against the action text when pairing. */
const ROW_WEIGHT = 0.3;
// trigram sets kept per action object (a new document is compared with several
// candidates) and per text: a candidate's actions are read afresh from the store
// for every document it is compared with, and the copies of a plan share texts
const gramCache = new WeakMap<StoredAction, { action: Int32Array; rest: Int32Array }>();
const gramsByText = new Map<string, Int32Array>();
const GRAM_TEXTS_KEPT = 50_000;
function textGrams(s: string): Int32Array {
  let g = gramsByText.get(s);
  if (!g) {
    if (gramsByText.size >= GRAM_TEXTS_KEPT) gramsByText.clear();
    gramsByText.set(s, (g = trigrams(s)));
  }
  return g;
}
function grams(a: StoredAction) {
  let g = gramCache.get(a);
  if (!g) gramCache.set(a, (g = { action: textGrams(a.action ?? ''), rest: textGrams([a.lead, a.due, a.status, a.section].filter(Boolean).join(' ')) }));
  return g;
}
const actionGrams = (a: StoredAction) => grams(a).action;
const restGrams = (a: StoredAction) => grams(a).rest;

const normRef = (r: string | null) => (r ? r.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '') : '');

/** Positions below n not in used, in order. */
function unused(n: number, used: Set<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!used.has(i)) out.push(i);
  return out;
}

// Which of a list's actions hold each trigram, kept per list (a new document's
// actions are matched with every candidate's) while its actions' trigrams are the same.
const postingsCache = new WeakMap<StoredAction[], { grams: Int32Array[]; postings: Map<number, number[]> }>();
function postingsOf(actions: StoredAction[], grams: Int32Array[]): Map<number, number[]> {
  const kept = postingsCache.get(actions);
  if (kept && kept.grams.length === grams.length && kept.grams.every((g, j) => g === grams[j])) return kept.postings;
  const postings = new Map<number, number[]>();
  for (let j = 0; j < grams.length; j++) {
    const g = grams[j];
    for (let k = 0; k < g.length; k++) {
      const list = postings.get(g[k]);
      if (list) list.push(j);
      else postings.set(g[k], [j]);
    }
  }
  postingsCache.set(actions, { grams, postings });
  return postings;
}

export function matchActions(before: StoredAction[], after: StoredAction[]): Matching {
  const tb = mapped(before, actionGrams);
  const ta = mapped(after, actionGrams);
  // the row's other cells tell apart rows sharing one action text (a merged
  // action cell filled down over several leads or dates)
  const rb = mapped(before, restGrams), ra = mapped(after, restGrams);
  const all: { i: number; j: number; sim: number; score: number; sameRef: boolean }[] = [];
  const least = Math.min(REWORDED_SAME_REF, REWORDED_OTHER_REF);
  // trigrams shared by action i with every action of `after` at once, through
  // the trigrams' postings: Dice's count without merging every pair of sets
  const postings = postingsOf(after, ta);
  const shared = new Int32Array(after.length);
  // refs normalised once an action, when a pair first asks
  const refsA: (string | undefined)[] = new Array(after.length).fill(undefined);
  // (indexed loops, no iterators: the first documents run this before it is optimised)
  for (let i = 0; i < before.length; i++) {
    const gi = tb[i], nb = gi.length;
    shared.fill(0);
    for (let k = 0; k < nb; k++) {
      const list = postings.get(gi[k]);
      if (list) for (let q = 0; q < list.length; q++) shared[list[q]]++;
    }
    let refB: string | undefined;
    for (let j = 0; j < after.length; j++) {
      // Dice is at most 2 min / (sum) of the two sets' sizes: far apart, no merge needed
      const na = ta[j].length;
      if (nb + na > 0 && (2 * Math.min(nb, na)) / (nb + na) < least) continue;
      // (as dice(): an empty set is like only another empty one)
      const sim = nb && na ? (2 * shared[j]) / (nb + na) : dice(tb[i], ta[j]);
      if (sim < least) continue;
      refB ??= normRef(before[i].ref);
      const sameRef = refB !== '' && refB === (refsA[j] ??= normRef(after[j].ref));
      all.push({ i, j, sim, score: sim + ROW_WEIGHT * dice(rb[i], ra[j]), sameRef });
    }
  }
  const usedB = new Set<number>(), usedA = new Set<number>();
  const pairs: ActionPair[] = [];
  // best first; between equals, the same ref, then the nearer position (sorted
  // once: a stable sort's order of a part is the part of its order)
  all.sort((x, y) => y.score - x.score || Number(y.sameRef) - Number(x.sameRef) || Math.abs(x.i - x.j) - Math.abs(y.i - y.j));
  const take = (ok: (p: (typeof all)[number]) => boolean) => {
    for (const p of all) {
      if (!ok(p)) continue;
      if (usedB.has(p.i) || usedA.has(p.j)) continue;
      usedB.add(p.i);
      usedA.add(p.j);
      pairs.push({ before: p.i, after: p.j, similarity: p.sim });
    }
  };
  take((p) => p.sim >= SAME_ACTION); // same text, whatever the ref
  take((p) => p.sameRef && p.sim >= REWORDED_SAME_REF); // reworded under its ref
  take((p) => p.sim >= REWORDED_OTHER_REF); // reworded and renumbered
  pairs.sort((x, y) => x.after - y.after);
  return {
    pairs,
    removed: unused(before.length, usedB),
    added: unused(after.length, usedA),
  };
}

type Op = { op: '=' | '-' | '+'; word: string };

/** Word diff by longest common subsequence of normalised words, keeping the
 * words as written. */
export function wordDiff(a: string, b: string): Op[] {
  const wa = a.split(/\s+/).filter(Boolean), wb = b.split(/\s+/).filter(Boolean);
  const na = wa.map(normaliseText), nb = wb.map(normaliseText);
  const n = wa.length, m = wb.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = na[i] === nb[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const ops: Op[] = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (na[i] === nb[j]) {
      ops.push({ op: '=', word: wb[j] });
      i++;
      j++;
    } else if (L[i + 1][j] >= L[i][j + 1]) ops.push({ op: '-', word: wa[i++] });
    else ops.push({ op: '+', word: wb[j++] });
  }
  while (i < n) ops.push({ op: '-', word: wa[i++] });
  while (j < m) ops.push({ op: '+', word: wb[j++] });
  return ops;
}

/** "[-old-]{+new+}" marks around the changed words. */
export function formatWordDiff(ops: Op[]): string {
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === '=') {
      out.push(ops[k++].word);
      continue;
    }
    const del: string[] = [], ins: string[] = [];
    while (k < ops.length && ops[k].op !== '=') (ops[k].op === '-' ? del : ins).push(ops[k++].word);
    if (del.length) out.push(`[-${del.join(' ')}-]`);
    if (ins.length) out.push(`{+${ins.join(' ')}+}`);
  }
  return out.join(' ');
}

/** How many words differ between two texts beyond misread letters, split
 * or joined words, punctuation and stray one-letter specks: each run of
 * changed words, joined up, must be nearly the same letters to be noise. */
export function changedWords(a: string | null, b: string | null): number {
  const na = words(a).join(' '), nb = words(b).join(' ');
  if (na === nb) return 0;
  const ops = wordDiff(na, nb);
  let changed = 0;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === '=') {
      k++;
      continue;
    }
    const del: string[] = [], ins: string[] = [];
    while (k < ops.length && ops[k].op !== '=') {
      (ops[k].op === '-' ? del : ins).push(ops[k].word);
      k++;
    }
    const d = del.join(''), i = ins.join('');
    if (d.length <= 1 && i.length <= 1) continue; // a speck read as a letter
    const len = Math.max(d.length, i.length);
    if (d.length && i.length && editDistance(d, i) <= Math.max(1, Math.floor(len * WORD_NOISE))) continue;
    changed += Math.max(del.length, ins.length);
  }
  return changed;
}

export const substantiveDifference = (a: string | null, b: string | null): boolean => changedWords(a, b) > 0;

const RAG_NAME: Record<string, string> = { R: 'red', A: 'amber', G: 'green' };
const money = (v: number) => `£${v.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;

/** What changed from one document's actions to another's. */
export function diffActions(before: StoredAction[], after: StoredAction[], m: Matching = matchActions(before, after)): StoredChange[] {
  const out: StoredChange[] = [];
  for (const p of m.pairs) {
    const b = before[p.before], a = after[p.after];
    const ref = a.ref ?? b.ref;
    const action = a.action;
    if (substantiveDifference(b.action, a.action)) out.push({ kind: 'reworded', ref, action, before: b.action, after: a.action });
    if (b.status && a.status && b.status !== a.status) out.push({ kind: 'status', ref, action, before: RAG_NAME[b.status] ?? b.status, after: RAG_NAME[a.status] ?? a.status });
    if (dueChanged(b, a)) out.push({ kind: 'due', ref, action, before: b.due ?? b.due_date, after: a.due ?? a.due_date });
    if (b.lead && a.lead && substantiveDifference(b.lead, a.lead)) out.push({ kind: 'lead', ref, action, before: b.lead, after: a.lead });
    if (b.cost_gbp !== null && a.cost_gbp !== null && Math.abs(b.cost_gbp - a.cost_gbp) >= 0.005) out.push({ kind: 'cost', ref, action, before: money(b.cost_gbp), after: money(a.cost_gbp) });
  }
  dedupe(out);
  for (const i of m.removed) out.push({ kind: 'removed', ref: before[i].ref, action: before[i].action, before: before[i].action, after: null });
  for (const j of m.added) out.push({ kind: 'added', ref: after[j].ref, action: after[j].action, before: null, after: after[j].action });
  return out;
}

/** One change per rewording: an action text filled down over several rows
 * is reworded once. */
function dedupe(changes: StoredChange[]): void {
  const seen = new Set<string>();
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k];
    const key = JSON.stringify([c.kind, c.ref, c.before, c.after, c.kind === 'reworded' ? '' : c.action]);
    if (seen.has(key)) changes.splice(k--, 1);
    else seen.add(key);
  }
}

function dueChanged(b: StoredAction, a: StoredAction): boolean {
  // "2010" and "2010-12-31" are one date read at two precisions
  if (b.due_date && a.due_date) return !b.due_date.startsWith(a.due_date) && !a.due_date.startsWith(b.due_date);
  if (b.due_date || a.due_date) return false; // one unparsed: not evidence of a move
  return !!(b.due && a.due && substantiveDifference(b.due, a.due));
}
