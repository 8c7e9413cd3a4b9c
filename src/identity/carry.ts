// Corrections follow a plan across its files: when a document is linked to a
// plan (the same content in another format, or a new version at another
// path), each correction made in the plan's other files is carried to the
// matching record (matched by content and ref together, as versions are
// compared), once. A correction whose record has no counterpart, or whose
// cell reads otherwise in the new file, stays where it was made.
import type { DB } from '../store/db.ts';
import { actionAt, appliedInPlan, carryCorrection, originsInDocument, type SourceCorrection } from '../store/corrections.ts';
import { documentActions } from '../store/plans.ts';
import { matchActions } from './match.ts';

export interface CarryResult {
  /** corrections carried to this document */
  carried: number;
  /** corrections of the plan left where they were: no matching record, or the cell reads otherwise */
  unmatched: number;
}

const same = (a: string | null, b: string | null) => (a ?? '').replace(/\s+/g, ' ').trim().toLowerCase() === (b ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Call inside the document's write transaction, after it is linked. */
export function carryPlanCorrections(db: DB, documentId: number, planId: number, preferFrom: number | null): CarryResult {
  const sources = appliedInPlan(db, planId, documentId);
  const result: CarryResult = { carried: 0, unmatched: 0 };
  if (!sources.length) return result;
  const done = originsInDocument(db, documentId);
  const target = documentActions(db, documentId);
  // the file the new one was matched with first, then the latest corrections
  const order = [...sources].sort((a, b) => Number(b.document_id === preferFrom) - Number(a.document_id === preferFrom) || b.id - a.id);
  const positions = new Map<number, Map<number, number>>();
  const counterpart = (c: SourceCorrection): number | undefined => {
    let m = positions.get(c.document_id);
    if (!m) {
      const src = documentActions(db, c.document_id);
      m = new Map(matchActions(src, target).pairs.map((p) => [src[p.before].position, target[p.after].position]));
      positions.set(c.document_id, m);
    }
    return m.get(c.position);
  };
  for (const c of order) {
    const origin = c.origin_id ?? c.id;
    if (done.has(origin)) continue;
    done.add(origin);
    const at = counterpart(c);
    const here = at === undefined ? undefined : actionAt(db, documentId, at);
    // only where this file reads what the correction was made over, and has no correction of its own there
    if (!here || here.applied.some((x) => x.field === c.field) || !same(here.action[c.field] as string | null, c.old_value)) {
      result.unmatched++;
      continue;
    }
    carryCorrection(db, c, here.action.id, `carried from correction ${origin} made in ${c.document_path}`);
    result.carried++;
  }
  return result;
}
