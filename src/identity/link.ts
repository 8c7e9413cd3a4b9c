// Linking a stored document to its plan: candidates from the similarity
// index, each compared action by action; the document joins the plan of the
// best match as 'same' (nothing but extraction noise differs) or 'version'
// (most actions shared, some changed), else it starts a plan of its own.
// Runs as a pipeline step after the document is stored, inside its transaction.
import type { DB } from '../store/db.ts';
import {
  candidateDocuments, createPlan, documentHeader, deleteEmptyPlans, mergePlan, documentActions, getDocument, insertChanges, insertIndexKeys,
  bestDocumentOf, insertLink, latestVersion, planDocuments, planLink, plansWithoutBest, setBestDocument, shiftVersions, unlinkedDocuments,
  type DocumentHeader, type PlanDocumentRow, type PlanLink, type StoredAction, type StoredChange, type StoredDocument,
} from '../store/plans.ts';
import type { Comparison } from './compare.ts';
import { compareStored, keysByText } from './content.ts';
import { bandKeys, signature } from './minhash.ts';
import { contentWords } from './text.ts';
import { CANDIDATES, CLEAR_SAME, KEY_POSTING_CAP } from './thresholds.ts';
import { compareVersions, versionEvidence, type VersionEvidence } from './version-order.ts';
import { mapped } from '../arrays.ts';

/** What a document's identity is hashed from: pairs of neighbouring content
 * words (their first letters) of its actions, sections and title. Pairs, not
 * single words: plans of one field share most words but few word pairs. */
export function identityFeatures(doc: Pick<StoredDocument, 'title'>, actions: StoredAction[]): string[] {
  const out = new Set<string>();
  const add = (text: string | null) => {
    // word starts: a misread or inflected ending does not change the pair
    const w = mapped(contentWords(text), (x) => x.slice(0, 5));
    if (w.length === 1) out.add(w[0]);
    for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i]} ${w[i + 1]}`);
  };
  for (const a of actions) {
    add(a.action);
    add(a.section);
  }
  add(doc.title);
  return [...out];
}

export function documentKeys(doc: Pick<StoredDocument, 'title'>, actions: StoredAction[]): number[] {
  return keysByText(doc.title, actions, () => {
    const features = identityFeatures(doc, actions);
    return features.length ? bandKeys(signature(features)) : [];
  });
}

// Best extraction: a text layer over OCR, fewer low-confidence words, more
// records; then the cleaner extractor, then the latest file.
const EXTRACTOR_RANK: Record<string, number> = { docx: 0, 'pdf-text': 1, text: 2, 'pdf-ocr': 3, 'image-ocr': 4 };
export function bestOf<T extends StoredDocument>(docs: T[]): T | undefined {
  const ocr = (d: T) => (d.extractor.endsWith('-ocr') ? 1 : 0);
  return [...docs].sort((a, b) => ocr(a) - ocr(b) || a.low_confidence - b.low_confidence || b.records - a.records
    || (EXTRACTOR_RANK[a.extractor] ?? 9) - (EXTRACTOR_RANK[b.extractor] ?? 9) || b.id - a.id)[0];
}

export function refreshBest(db: DB, planId: number): void {
  const v = latestVersion(db, planId);
  const best = bestOf(planDocuments(db, planId, v));
  setBestDocument(db, planId, best?.id ?? null);
  fullyRefreshed(db).add(planId);
}

// Plans whose best file this connection chose from all of their latest
// version's files: from then on each link keeps it the best (as every writer
// does), so one more file needs only a comparison with it, not the whole
// version read again (a plan held in forty copies).
const refreshed = new WeakMap<DB, Set<number>>();
function fullyRefreshed(db: DB): Set<number> {
  let s = refreshed.get(db);
  if (!s) refreshed.set(db, (s = new Set()));
  return s;
}

/** refreshBest after `doc` joined a version of a plan and nothing else of the
 * plan changed: bestOf orders files totally, so the best of the version is
 * the best of its stored best and the new file. */
function refreshBestWith(db: DB, planId: number, doc: StoredDocument, version: number): void {
  const latest = latestVersion(db, planId);
  if (version < latest) return; // the latest version's files did not change (version is never above it)
  const current = bestDocumentOf(db, planId);
  const link = current === null ? undefined : planLink(db, current);
  const stored = current === null ? undefined : getDocument(db, current);
  if (!fullyRefreshed(db).has(planId) || !link || !stored || link.plan_id !== planId || link.version !== latest) {
    refreshBest(db, planId);
    return;
  }
  const best = bestOf([stored, doc])!;
  if (best.id !== current) setBestDocument(db, planId, best.id);
}

export interface LinkResult {
  planId: number;
  link: PlanLink;
  version: number;
  similarity: number;
  matchedDocumentId: number | null;
  changes: StoredChange[];
}

/** A document as it was before a changed file at its path replaced it. */
export interface Replaced {
  doc: StoredDocument;
  actions: StoredAction[];
  link: PlanDocumentRow;
}

/** What identity needs of the documents a new file will replace: read before
 * the store deletes them, so the new file can continue their plan. */
export function captureReplaced(db: DB, ids: number[]): Replaced[] {
  const out: Replaced[] = [];
  for (const id of ids) {
    const doc = getDocument(db, id), link = planLink(db, id);
    if (doc && link) out.push({ doc, actions: documentActions(db, id), link });
  }
  return out;
}

/** What a version of a plan says of itself: its first file's evidence. */
function groupEvidence(docs: (PlanDocumentRow & StoredDocument)[]): VersionEvidence | undefined {
  const first = [...docs].sort((a, b) => a.id - b.id)[0];
  if (!first) return undefined;
  return first.evidence ? (JSON.parse(first.evidence) as VersionEvidence) : versionEvidence(first);
}

/** Finds the plan of a stored document and records the link (and, for a new
 * version, what changed). Call inside the document's write transaction.
 * `mtime`: the file's modification time, evidence of its version. */
export function linkDocument(db: DB, documentId: number, replaced: Replaced[] = [], mtime?: number): LinkResult {
  const doc = getDocument(db, documentId);
  if (!doc) throw new Error(`no document ${documentId}`);
  const evidence = versionEvidence(doc, mtime);
  // a later version placed before this one by the evidence: its changes are told again
  let next: number | null = null;
  const actions = documentActions(db, documentId);
  const keys = documentKeys(doc, actions);
  const gone = new Map(replaced.map((r) => [r.doc.id, r]));
  const actionsOf = (id: number) => gone.get(id)?.actions ?? documentActions(db, id);
  let best: { cand: DocumentHeader; cmp: Comparison; planId: number; version: number } | null = null;
  // plans this document is the same as: more than one means they are one plan
  // whose files had not been seen together (a poor export, a page's scan)
  const sameAs = new Map<number, number>();
  const clear = new Set<number>();
  // the file this one replaced first: the same path is the likeliest same plan
  const candidates = [...replaced.map((r) => r.doc.id), ...candidateDocuments(db, keys, KEY_POSTING_CAP, CANDIDATES, documentId).map((c) => c.document_id)];
  for (const id of candidates) {
    const link = gone.get(id)?.link ?? planLink(db, id);
    if (!link || clear.has(link.plan_id)) continue; // not yet linked (a database being backfilled), or already settled
    const cand = gone.get(id)?.doc ?? documentHeader(db, id)!;
    const cmp = compareStored(cand, actionsOf(cand.id), doc, actions, true);
    if (!cmp.joined) continue;
    if (cmp.link === 'same' && !sameAs.has(link.plan_id)) sameAs.set(link.plan_id, link.version);
    if (cmp.link === 'same' && cmp.similarity >= CLEAR_SAME) clear.add(link.plan_id);
    const better = !best || (cmp.link === 'same' && best.cmp.link !== 'same')
      || (cmp.link === best.cmp.link && (cmp.similarity > best.cmp.similarity || (cmp.similarity === best.cmp.similarity && link.version > best.version)));
    if (better) best = { cand, cmp, planId: link.plan_id, version: link.version };
  }
  let result: LinkResult;
  if (!best) {
    const planId = createPlan(db, doc);
    result = { planId, link: 'same', version: 1, similarity: 1, matchedDocumentId: null, changes: [] };
  } else if (best.cmp.link === 'same') {
    result = { planId: best.planId, link: 'same', version: best.version, similarity: best.cmp.similarity, matchedDocumentId: best.cand.id, changes: [] };
  } else {
    // a new version: its changes are told against the best file of the latest one
    const remaining = latestVersion(db, best.planId);
    const replacedHere = replaced.filter((r) => r.link.plan_id === best!.planId);
    const latest = Math.max(remaining, ...replacedHere.map((r) => r.link.version));
    // its place among the stored versions: before each later one the evidence shows it precedes
    let slot = latest + 1;
    for (let v = latest; v >= 1; v--) {
      const g = groupEvidence(planDocuments(db, best.planId, v));
      if (!g || compareVersions(evidence, g) >= 0) break;
      slot = v;
    }
    if (slot <= latest) {
      shiftVersions(db, best.planId, slot);
      next = slot + 1;
    }
    const prevVersion = slot - 1;
    const prev = prevVersion < 1 ? undefined
      : bestOf([...planDocuments(db, best.planId, prevVersion), ...replacedHere.filter((r) => r.link.version === prevVersion).map((r) => r.doc)]) ?? (slot > latest ? gone.get(best.cand.id)?.doc ?? getDocument(db, best.cand.id) : undefined);
    const cmp = !prev ? best.cmp : prev.id === best.cand.id ? best.cmp : compareStored(prev, actionsOf(prev.id), doc, actions);
    result = { planId: best.planId, link: 'version', version: slot, similarity: cmp.similarity, matchedDocumentId: prev?.id ?? best.cand.id, changes: prev ? cmp.changes : [] };
  }
  const matched = result.matchedDocumentId !== null && gone.has(result.matchedDocumentId) ? null : result.matchedDocumentId;
  insertLink(db, { document_id: documentId, plan_id: result.planId, version: result.version, link: result.link, similarity: result.similarity, matched_document_id: matched, evidence: JSON.stringify(evidence) });
  // against a replaced file, recorded with no id: ids of deleted rows are reused
  if (result.link === 'version' && result.matchedDocumentId !== null) insertChanges(db, documentId, matched, result.changes);
  if (next !== null) {
    // the version after this one now changes from it: its best file tells how
    const files = planDocuments(db, result.planId, next);
    const after = bestOf(files);
    for (const f of files) insertChanges(db, f.id, null, []);
    if (after) insertChanges(db, after.id, documentId, compareStored(doc, actions, after, actionsOf(after.id)).changes);
  }
  insertIndexKeys(db, documentId, keys);
  let merged = false;
  if (result.link === 'same') {
    for (const [other, version] of sameAs) {
      if (other !== result.planId && latestVersion(db, other) === version) {
        mergePlan(db, other, result.planId, result.version);
        merged = true;
      }
    }
  }
  // one more file in an existing plan, nothing moved: only it can change the best
  if (best && !replaced.length && next === null && !merged) refreshBestWith(db, result.planId, doc, result.version);
  else refreshBest(db, result.planId);
  // a document replaced by this one may have left its plan empty or without a best file
  deleteEmptyPlans(db, replaced.map((r) => r.link.plan_id));
  for (const id of plansWithoutBest(db)) refreshBest(db, id);
  return result;
}

/** Links every stored document that has no plan yet (databases made before
 * plan identity, or documents written by other tools), oldest first. */
/** For commands that only read: what is not yet linked to a plan (a database
 * made before plans were kept is linked by the next ingest). */
export function plansNote(db: DB): string | null {
  const n = unlinkedDocuments(db).length;
  return n ? `${n} stored document${n === 1 ? ' is' : 's are'} not linked to a plan yet (made before plans were kept); any ingest into this database links them` : null;
}

export function ensurePlans(db: DB): number {
  const ids = unlinkedDocuments(db);
  if (!ids.length) return 0;
  deleteEmptyPlans(db);
  db.transaction(() => {
    for (const id of ids) linkDocument(db, id);
  }).immediate();
  return ids.length;
}
