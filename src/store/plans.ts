// Plan identity in the database (migration 007): plans, each document's link
// to its plan, the similarity index's band keys and recorded changes. Plain
// SQL only; the matching itself is done above the store (src/identity/).
import type { DB } from './db.ts';
import { insertRows, prepared } from './rows.ts';
import { engineOf } from './engine.ts';
import { STORE } from './thresholds.ts';
import { mapped } from '../arrays.ts';

/** SQL condition on documents `d`: the document is its plan's best file
 * (one count per plan). A document not yet linked to a plan counts too. */
export const ONE_PER_PLAN = `(d.id IN (SELECT best_document_id FROM plans) OR d.id NOT IN (SELECT document_id FROM plan_documents))`;

export type PlanLink = 'same' | 'version';

const stmt = prepared;

/** What identity compares of a stored action. */
export interface StoredAction {
  position: number;
  section: string | null;
  ref: string | null;
  action: string | null;
  status: string | null;
  due: string | null;
  due_date: string | null;
  lead: string | null;
  cost_gbp: number | null;
}

export interface StoredDocument {
  id: number;
  path: string;
  source: string;
  format: string;
  extractor: string;
  title: string | null;
  organisation: string | null;
  area: string | null;
  period: string | null;
  pages: number;
  records: number;
  /** OCR words below the confidence threshold, over all actions */
  low_confidence: number;
}

export interface PlanDocumentRow {
  document_id: number;
  plan_id: number;
  version: number;
  link: PlanLink;
  similarity: number;
  matched_document_id: number | null;
  /** JSON: what the file says of its version (migration 010) */
  evidence?: string | null;
}

export interface StoredChange {
  kind: 'added' | 'removed' | 'reworded' | 'status' | 'due' | 'lead' | 'cost';
  ref: string | null;
  action: string | null;
  before: string | null;
  after: string | null;
}

const DOC_COLUMNS = `d.id, d.path, d.source, d.format, d.extractor, d.title, d.organisation, d.area, d.period, d.pages,
  (SELECT count(*) FROM actions a WHERE a.document_id = d.id) AS records,
  (SELECT coalesce(sum(json_array_length(a.low_confidence)), 0) FROM actions a WHERE a.document_id = d.id AND a.low_confidence IS NOT NULL) AS low_confidence`;

/** What comparing needs of a document: no counts over its actions. */
export type DocumentHeader = Omit<StoredDocument, 'records' | 'low_confidence'>;
export function documentHeader(db: DB, id: number): DocumentHeader | undefined {
  return stmt(db, 'SELECT id, path, source, format, extractor, title, organisation, area, period, pages FROM documents WHERE id = ?').get(id) as DocumentHeader | undefined;
}

export function getDocument(db: DB, id: number): StoredDocument | undefined {
  return stmt(db, `SELECT ${DOC_COLUMNS} FROM documents d WHERE d.id = ?`).get(id) as StoredDocument | undefined;
}

/** Documents stored under this path (as given, or as the absolute path). */
export function documentsAtPath(db: DB, paths: string[]): number[] {
  const q = stmt(db, 'SELECT id FROM documents WHERE path = ? ORDER BY id DESC');
  for (const p of paths) {
    const ids = q.pluck().all(p) as number[];
    if (ids.length) return ids;
  }
  return [];
}

export function documentActions(db: DB, documentId: number): StoredAction[] {
  return stmt(db, `SELECT position, section, ref, action, status, due, due_date, lead, cost_gbp
    FROM actions WHERE document_id = ? ORDER BY position`).all(documentId) as StoredAction[];
}

export function insertIndexKeys(db: DB, documentId: number, keys: number[]): void {
  insertRows(db, 'plan_index', ['key', 'document_id'], [...new Set(keys)].map((k) => [k, documentId]));
}

/** Stored documents sharing band keys with a new one, most keys first. A key
 * held by more than `cap` documents is passed over (boilerplate). */
export function candidateDocuments(db: DB, keys: number[], cap: number, limit: number, exclude: number): { document_id: number; hits: number }[] {
  const hits = new Map<number, number>();
  const unique = [...new Set(keys)];
  const count = (ids: number[]) => {
    if (ids.length > cap) return;
    for (const id of ids) if (id !== exclude) hits.set(id, (hits.get(id) ?? 0) + 1);
  };
  if (engineOf(db) === 'sqlite') {
    // every key's look-up in one call, each key's documents as one text: a
    // call a key cost twice the CPU (the union below, run as a compound query, 2.4x)
    const lists = stmt(db, `SELECT (SELECT group_concat(document_id) FROM (SELECT document_id FROM plan_index WHERE key = k.value LIMIT ?))
      FROM json_each(?) AS k`).pluck().all(cap + 1, JSON.stringify(unique)) as (string | null)[];
    for (const list of lists) if (list !== null) count(mapped(list.split(','), Number));
    return ranked(hits, limit);
  }
  // all keys in one statement (one round trip on PostgreSQL), each key's look-up still stopping at cap + 1
  for (let i = 0; i < unique.length; i += STORE.rowsPerStatement) {
    const chunk = unique.slice(i, i + STORE.rowsPerStatement);
    const sql = mapped(chunk, (_, j) => `SELECT ${j} AS k, document_id FROM (SELECT document_id FROM plan_index WHERE key = ? LIMIT ?) AS q${j}`).join(' UNION ALL ');
    const byKey = new Map<number, number[]>();
    for (const r of stmt(db, sql).all(chunk.flatMap((k) => [k, cap + 1])) as { k: number; document_id: number }[]) {
      const ids = byKey.get(r.k) ?? [];
      ids.push(r.document_id);
      byKey.set(r.k, ids);
    }
    for (const ids of byKey.values()) count(ids);
  }
  return ranked(hits, limit);
}

function ranked(hits: Map<number, number>, limit: number): { document_id: number; hits: number }[] {
  const found: { document_id: number; hits: number }[] = [];
  for (const [document_id, n] of hits) found.push({ document_id, hits: n });
  return found.sort((a, b) => b.hits - a.hits || b.document_id - a.document_id).slice(0, limit);
}

export function planLink(db: DB, documentId: number): PlanDocumentRow | undefined {
  return stmt(db, 'SELECT * FROM plan_documents WHERE document_id = ?').get(documentId) as PlanDocumentRow | undefined;
}

export function unlinkedDocuments(db: DB): number[] {
  return stmt(db, 'SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM plan_documents) ORDER BY id').pluck().all() as number[];
}

export function createPlan(db: DB, doc: StoredDocument): number {
  const info = stmt(db, 'INSERT INTO plans (title, organisation, area, created_at) VALUES (?, ?, ?, ?)').run(doc.title, doc.organisation, doc.area, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function insertLink(db: DB, row: PlanDocumentRow): void {
  stmt(db, `INSERT INTO plan_documents (document_id, plan_id, version, link, similarity, matched_document_id, evidence)
    VALUES (@document_id, @plan_id, @version, @link, @similarity, @matched_document_id, @evidence)
    ON CONFLICT (document_id) DO UPDATE SET plan_id = excluded.plan_id, version = excluded.version, link = excluded.link,
      similarity = excluded.similarity, matched_document_id = excluded.matched_document_id, evidence = excluded.evidence`).run({ evidence: null, ...row });
}

/** Makes room for a version placed before later ones: versions from `from` on move up one. */
export function shiftVersions(db: DB, planId: number, from: number): void {
  stmt(db, 'UPDATE plan_documents SET version = version + 1 WHERE plan_id = ? AND version >= ?').run(planId, from);
}

export function latestVersion(db: DB, planId: number): number {
  return (stmt(db, 'SELECT coalesce(max(version), 0) FROM plan_documents WHERE plan_id = ?').pluck().get(planId) as number) ?? 0;
}

export function planDocuments(db: DB, planId: number, version?: number): (PlanDocumentRow & StoredDocument)[] {
  const rows = stmt(db, `SELECT pd.*, ${DOC_COLUMNS} FROM plan_documents pd JOIN documents d ON d.id = pd.document_id
    WHERE pd.plan_id = ? ${version === undefined ? '' : 'AND pd.version = ?'} ORDER BY pd.version, d.id`)
    .all(...(version === undefined ? [planId] : [planId, version])) as (PlanDocumentRow & StoredDocument)[];
  return rows;
}

/** Sets a plan's best document and takes its title, organisation and area. */
export function setBestDocument(db: DB, planId: number, documentId: number | null): void {
  stmt(db, `UPDATE plans SET best_document_id = ?,
      title = coalesce((SELECT title FROM documents WHERE id = ?), title),
      organisation = coalesce((SELECT organisation FROM documents WHERE id = ?), organisation),
      area = coalesce((SELECT area FROM documents WHERE id = ?), area)
    WHERE id = ?`).run(documentId, documentId, documentId, documentId, planId);
}

/** Moves the files of a one-version plan into another plan's version, and
 * drops the emptied plan. */
export function mergePlan(db: DB, from: number, into: number, version: number): void {
  stmt(db, 'UPDATE plan_documents SET plan_id = ?, version = ? WHERE plan_id = ?').run(into, version, from);
  stmt(db, 'DELETE FROM plans WHERE id = ?').run(from);
}

/** Drops these plans if no file of theirs is left. */
export function deleteEmptyPlans(db: DB, ids?: number[]): void {
  if (!ids) {
    stmt(db, 'DELETE FROM plans WHERE id NOT IN (SELECT plan_id FROM plan_documents)').run();
    return;
  }
  for (const id of ids) stmt(db, 'DELETE FROM plans WHERE id = ? AND NOT EXISTS (SELECT 1 FROM plan_documents WHERE plan_id = ?)').run(id, id);
}

export function bestDocumentOf(db: DB, planId: number): number | null {
  return (stmt(db, 'SELECT best_document_id FROM plans WHERE id = ?').pluck().get(planId) as number | null | undefined) ?? null;
}

/** Plans whose best document went away while others remain. */
export function plansWithoutBest(db: DB): number[] {
  return stmt(db, 'SELECT id FROM plans WHERE best_document_id IS NULL').pluck().all() as number[];
}

export interface PlanRow {
  id: number;
  title: string | null;
  organisation: string | null;
  area: string | null;
  best_document_id: number | null;
}

export function listPlanRows(db: DB): PlanRow[] {
  return stmt(db, 'SELECT id, title, organisation, area, best_document_id FROM plans ORDER BY id').all() as PlanRow[];
}

export function insertChanges(db: DB, documentId: number, fromDocumentId: number | null, changes: StoredChange[]): void {
  stmt(db, 'DELETE FROM plan_changes WHERE document_id = ?').run(documentId);
  insertRows(db, 'plan_changes', ['document_id', 'from_document_id', 'kind', 'ref', 'action', 'before', 'after'],
    changes.map((c) => [documentId, fromDocumentId, c.kind, c.ref, c.action, c.before, c.after]));
}

export function recordedChanges(db: DB, documentId: number): { from_document_id: number | null; changes: StoredChange[] } {
  const rows = stmt(db, 'SELECT from_document_id, kind, ref, action, before, after FROM plan_changes WHERE document_id = ? ORDER BY id').all(documentId) as (StoredChange & { from_document_id: number | null })[];
  return { from_document_id: rows[0]?.from_document_id ?? null, changes: rows.map(({ from_document_id: _, ...c }) => c) };
}

/** Ids of each plan's best document: what one-count-per-plan queries keep. */
export function bestDocumentIds(db: DB): number[] {
  return stmt(db, 'SELECT best_document_id FROM plans WHERE best_document_id IS NOT NULL ORDER BY id').pluck().all() as number[];
}
