// What plan identity computes from a document depends only on the fields it
// reads (the header's format, extractor and pages; each action's compared
// cells; the title), so it is kept by that content: researchers hold many
// copies of one plan, and the tenth copy's comparison with the ninth is the
// first copy's again. Keys are the content itself, never a hash of it, so a
// kept answer is exactly the one computing it again would give.
import type { StoredAction } from '../store/plans.ts';
import { compareDocuments, type Comparison } from './compare.ts';
import { CONTENT_MEMO } from './thresholds.ts';

type Compared = Parameters<typeof compareDocuments>[0];

// the text of an actions list, once per list (a new document's actions are compared with every candidate)
const actionsText = new WeakMap<StoredAction[], string>();
function textOf(actions: StoredAction[]): string {
  let t = actionsText.get(actions);
  if (t === undefined) {
    const rows: unknown[] = [];
    // (-0 apart from 0: a cost is printed with its sign)
    for (const a of actions) rows.push([a.position, a.section, a.ref, a.action, a.status, a.due, a.due_date, a.lead, Object.is(a.cost_gbp, -0) ? '-0' : a.cost_gbp]);
    actionsText.set(actions, (t = JSON.stringify(rows)));
  }
  return t;
}

/** A small integer per distinct content, so pairs of contents key a map cheaply. */
const contentIds = new Map<string, number>();
const comparisons = new Map<string, Comparison>();
const keysByContent = new Map<string, number[]>();

function contentId(doc: Compared, actions: StoredAction[]): number {
  const key = `${doc.format}\u0000${doc.extractor}\u0000${doc.pages}\u0000${textOf(actions)}`;
  let id = contentIds.get(key);
  if (id === undefined) {
    // bounded: a run of all-different documents keeps only the latest
    if (contentIds.size >= CONTENT_MEMO.contents) {
      contentIds.clear();
      comparisons.clear();
    }
    contentIds.set(key, (id = contentIds.size + 1));
  }
  return id;
}

/** compareDocuments, kept by the two documents' compared content. The result
 * is shared between callers: read it, do not change it. */
export function compareStored(beforeDoc: Compared, before: StoredAction[], afterDoc: Compared, after: StoredAction[], quick = false): Comparison {
  const key = `${contentId(beforeDoc, before)},${contentId(afterDoc, after)},${quick ? 1 : 0}`;
  let cmp = comparisons.get(key);
  if (!cmp) {
    if (comparisons.size >= CONTENT_MEMO.comparisons) comparisons.clear();
    comparisons.set(key, (cmp = compareDocuments(beforeDoc, before, afterDoc, after, quick)));
  }
  return cmp;
}

/** A document's band keys, kept by its title and its actions' texts and sections. */
export function keysByText(title: string | null, actions: StoredAction[], compute: () => number[]): number[] {
  const parts: unknown[] = [title];
  for (const a of actions) parts.push(a.action, a.section);
  const key = JSON.stringify(parts);
  let keys = keysByContent.get(key);
  if (!keys) {
    if (keysByContent.size >= CONTENT_MEMO.contents) keysByContent.clear();
    keysByContent.set(key, (keys = compute()));
  }
  return keys;
}
