// Corrections: an analyst's fix of one field of one action. The fix is written
// into `actions` (so search, views and reports see it) and kept here with the
// extracted value, who and when. A re-import deletes and re-creates a
// document's actions; its corrections are then re-applied to the records that
// match the one they were made on (same ref and much the same text), and a
// correction whose record is gone is kept as orphaned, never dropped.
import { TEXT_FIELDS, type TextField } from '../model.ts';
import type { DB } from './db.ts';
import { prepared } from './rows.ts';

/** Fields a correction may change; due_date and cost_gbp follow due and resources. */
export const CORRECTABLE_FIELDS = TEXT_FIELDS;
/** Fields whose text the theme classifier reads: a correction there clears the
 * action's theme, and the writer (src/server/edit.ts, the ingest) themes it again. */
export const THEMED_FIELDS = new Set<string>(['section', 'action', 'output', 'outcome']);

/** Record matching on re-import (token overlap of the extracted text fields). */
export const MATCH = {
  /** least overlap for a record with the same ref */
  sameRef: 0.5,
  /** least overlap for a record whose ref changed */
  otherRef: 0.85,
} as const;

export type CorrectionStatus = 'applied' | 'orphaned' | 'superseded' | 'reverted';
export type DerivedValues = Partial<Record<'due_date' | 'cost_gbp', { from: string | number | null; to: string | number | null }>>;

export interface CorrectionRow {
  id: number;
  action_id: number | null;
  document_path: string;
  document_sha256: string;
  record_ref: string | null;
  record_position: number;
  record_fields: string;
  field: TextField;
  old_value: string | null;
  new_value: string | null;
  derived: string | null;
  kind: 'edit' | 'undo-repair';
  note: string | null;
  author: string;
  created_at: string;
  status: CorrectionStatus;
  status_reason: string | null;
  status_at: string | null;
  /** the correction this one was carried from (another file of the plan), migration 010 */
  origin_id?: number | null;
}

export interface NewCorrection {
  actionId: number;
  field: TextField;
  value: string | null;
  author: string;
  /** values of due_date / cost_gbp parsed from the new text (the caller parses) */
  derive?: (value: string | null) => Partial<Record<'due_date' | 'cost_gbp', string | number | null>>;
  kind?: 'edit' | 'undo-repair';
  note?: string;
}

export class CorrectionError extends Error {}

type ActionRow = Record<string, unknown> & { id: number; document_id: number; position: number; ref: string | null };

function applied(db: DB, actionId: number): CorrectionRow[] {
  return db.prepare("SELECT * FROM corrections WHERE action_id = ? AND status = 'applied' ORDER BY id").all(actionId) as CorrectionRow[];
}

/** The action's fields as extracted: applied corrections undone. */
function extracted(action: ActionRow, corrections: CorrectionRow[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of TEXT_FIELDS) out[f] = (action[f] as string | null) ?? null;
  for (const c of corrections) out[c.field] = c.old_value;
  return out;
}

function writeField(db: DB, actionId: number, field: string, value: string | null, derived: Record<string, unknown>): void {
  if (!(CORRECTABLE_FIELDS as readonly string[]).includes(field)) throw new CorrectionError(`"${field}" cannot be corrected`);
  const sets = [`"${field}" = @value`, ...Object.keys(derived).map((k) => `"${k}" = @${k}`)];
  if (THEMED_FIELDS.has(field)) sets.push('theme = NULL', 'theme_confidence = NULL');
  db.prepare(`UPDATE actions SET ${sets.join(', ')} WHERE id = @id`).run({ ...derived, value, id: actionId });
}

function derivedTo(c: Pick<CorrectionRow, 'derived'>, side: 'from' | 'to'): Record<string, unknown> {
  const d = c.derived ? (JSON.parse(c.derived) as DerivedValues) : {};
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v![side]]));
}

/** Store a correction and write it into the action, in one short transaction.
 * Correcting a field back to its extracted value reverts the earlier correction. */
export function addCorrection(db: DB, c: NewCorrection): CorrectionRow {
  if (!(CORRECTABLE_FIELDS as readonly string[]).includes(c.field)) {
    throw new CorrectionError(`"${c.field}" cannot be corrected (one of: ${CORRECTABLE_FIELDS.join(', ')})`);
  }
  if (c.field === 'status' && c.value !== null && !['R', 'A', 'G'].includes(c.value)) {
    throw new CorrectionError('status must be R, A, G or empty');
  }
  const run = db.transaction((): CorrectionRow => {
    const action = db.prepare('SELECT * FROM actions WHERE id = ?').get(c.actionId) as ActionRow | undefined;
    if (!action) throw new CorrectionError(`no action with id ${c.actionId}`);
    const doc = db.prepare('SELECT path, sha256 FROM documents WHERE id = ?').get(action.document_id) as { path: string; sha256: string };
    const earlier = applied(db, action.id);
    const fields = extracted(action, earlier);
    const prior = earlier.find((e) => e.field === c.field);
    const original = fields[c.field];
    const current = (action[c.field] as string | null) ?? null;
    if (c.value === current) throw new CorrectionError(`${c.field} already reads that`);
    const now = new Date().toISOString();
    if (prior) {
      db.prepare('UPDATE corrections SET status = ?, status_reason = ?, status_at = ? WHERE id = ?')
        .run(c.value === original ? 'reverted' : 'superseded', c.value === original ? `set back by ${c.author}` : null, now, prior.id);
    }
    const next = c.derive?.(c.value) ?? {};
    const before = prior ? derivedTo(prior, 'from') : Object.fromEntries(Object.keys(next).map((k) => [k, action[k] ?? null]));
    if (c.value === original) {
      // back to the extracted text: nothing stays corrected
      writeField(db, action.id, c.field, c.value, before);
      return { ...prior!, status: 'reverted' };
    }
    const derived: DerivedValues = {};
    for (const k of Object.keys(next) as (keyof DerivedValues)[]) derived[k] = { from: (before[k] ?? null) as string | number | null, to: next[k] ?? null };
    writeField(db, action.id, c.field, c.value, next);
    const info = db.prepare(`INSERT INTO corrections
      (action_id, document_path, document_sha256, record_ref, record_position, record_fields, field, old_value, new_value, derived, kind, note, author, created_at, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')`).run(
      action.id, doc.path, doc.sha256, fields.ref, action.position, JSON.stringify(fields), c.field, original, c.value,
      Object.keys(derived).length ? JSON.stringify(derived) : null, c.kind ?? 'edit', c.note ?? null, c.author, now,
    );
    return db.prepare('SELECT * FROM corrections WHERE id = ?').get(Number(info.lastInsertRowid)) as CorrectionRow;
  });
  return run.immediate();
}

/** Undo an applied correction: the field gets its extracted value back. */
export function revertCorrection(db: DB, id: number, author: string): CorrectionRow {
  const run = db.transaction((): CorrectionRow => {
    const c = db.prepare('SELECT * FROM corrections WHERE id = ?').get(id) as CorrectionRow | undefined;
    if (!c) throw new CorrectionError(`no correction with id ${id}`);
    if (c.status !== 'applied' && c.status !== 'orphaned') throw new CorrectionError(`correction ${id} is ${c.status}`);
    if (c.action_id !== null && c.status === 'applied') writeField(db, c.action_id, c.field, c.old_value, derivedTo(c, 'from'));
    const now = new Date().toISOString();
    db.prepare("UPDATE corrections SET status = 'reverted', status_reason = ?, status_at = ? WHERE id = ?").run(`reverted by ${author}`, now, id);
    return { ...c, status: 'reverted', status_reason: `reverted by ${author}`, status_at: now };
  });
  return run.immediate();
}

export interface ListOptions {
  status?: CorrectionStatus;
  documentId?: number;
}

export interface ListedCorrection extends CorrectionRow {
  /** the document the corrected action is in now (null when orphaned) */
  document_id: number | null;
}

export function listCorrections(db: DB, o: ListOptions = {}): ListedCorrection[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (o.status) {
    where.push('c.status = ?');
    args.push(o.status);
  }
  if (o.documentId !== undefined) {
    where.push('a.document_id = ?');
    args.push(o.documentId);
  }
  return db.prepare(`SELECT c.*, a.document_id FROM corrections c LEFT JOIN actions a ON a.id = c.action_id
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY c.id`).all(...args) as ListedCorrection[];
}

/** Applied corrections of a document's actions, by action id. */
export function appliedByAction(db: DB, documentId: number): Map<number, CorrectionRow[]> {
  const rows = db.prepare(`SELECT c.* FROM corrections c JOIN actions a ON a.id = c.action_id
    WHERE a.document_id = ? AND c.status = 'applied' ORDER BY c.id`).all(documentId) as CorrectionRow[];
  const out = new Map<number, CorrectionRow[]>();
  for (const r of rows) {
    const list = out.get(r.action_id!) ?? [];
    list.push(r);
    out.set(r.action_id!, list);
  }
  return out;
}

const words = (fields: Record<string, string | null>) =>
  new Set(TEXT_FIELDS.flatMap((f) => (fields[f] ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));

function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let same = 0;
  for (const w of a) if (b.has(w)) same++;
  return same / (a.size + b.size - same);
}

export interface ReapplyResult {
  applied: number;
  orphaned: number;
  /** carried from the plan's other files (after linking, src/identity/carry.ts) */
  carried?: number;
}

/** After a document is stored: re-apply the corrections made on an earlier
 * version of it (same path, or same bytes) that are not attached to an action.
 * Runs inside the caller's transaction. */
export function reapplyCorrections(db: DB, documentId: number, doc: { path: string; sha256: string }): ReapplyResult {
  const live = prepared(db, `SELECT * FROM corrections WHERE action_id IS NULL AND status IN ('applied', 'orphaned')
    AND (document_path = ? OR document_sha256 = ?) ORDER BY id`).all(doc.path, doc.sha256) as CorrectionRow[];
  if (!live.length) return { applied: 0, orphaned: 0 };
  const actions = db.prepare('SELECT * FROM actions WHERE document_id = ? ORDER BY position').all(documentId) as ActionRow[];
  const targets = actions.map((a) => ({ a, fields: extracted(a, []), words: words(extracted(a, [])) }));

  // one group per record the corrections were made on
  const groups = new Map<string, CorrectionRow[]>();
  for (const c of live) {
    const key = `${c.document_sha256}\u0000${c.record_position}\u0000${c.record_fields}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const pairs: { key: string; target: number; score: number }[] = [];
  for (const [key, cs] of groups) {
    const rec = JSON.parse(cs[0].record_fields) as Record<string, string | null>;
    const recWords = words(rec);
    targets.forEach((t, i) => {
      const sameRef = (t.fields.ref ?? null) === (rec.ref ?? null);
      const sim = overlap(recWords, t.words);
      if (sim < (sameRef ? MATCH.sameRef : MATCH.otherRef)) return;
      // ties go to the record nearest the old position
      pairs.push({ key, target: i, score: sim + (sameRef ? 1 : 0) - Math.abs(t.a.position - cs[0].record_position) * 1e-6 });
    });
  }
  pairs.sort((x, y) => y.score - x.score);
  const matched = new Map<string, number>();
  const used = new Set<number>();
  for (const p of pairs) {
    if (matched.has(p.key) || used.has(p.target)) continue;
    matched.set(p.key, p.target);
    used.add(p.target);
  }

  const now = new Date().toISOString();
  const setStatus = db.prepare('UPDATE corrections SET action_id = ?, status = ?, status_reason = ?, status_at = ? WHERE id = ?');
  // a re-applied correction follows its record: the next version is matched against this one
  const follow = db.prepare('UPDATE corrections SET document_path = ?, document_sha256 = ?, record_ref = ?, record_position = ?, record_fields = ? WHERE id = ?');
  const result: ReapplyResult = { applied: 0, orphaned: 0 };
  for (const [key, cs] of groups) {
    const i = matched.get(key);
    for (const c of cs) {
      if (i === undefined) {
        setStatus.run(null, 'orphaned', `no record like ref ${c.record_ref ?? '(none)'} at position ${c.record_position + 1} in the version imported ${now}`, now, c.id);
        result.orphaned++;
        continue;
      }
      const t = targets[i];
      const now_reads = t.fields[c.field] ?? null;
      if (now_reads !== c.old_value && now_reads !== c.new_value) {
        setStatus.run(null, 'orphaned', `the source's ${c.field} changed: it now reads ${JSON.stringify(now_reads)}`, now, c.id);
        result.orphaned++;
        continue;
      }
      if (now_reads !== c.new_value) writeField(db, t.a.id, c.field, c.new_value, derivedTo(c, 'to'));
      setStatus.run(t.a.id, 'applied', c.status === 'orphaned' ? 'matched again on re-import' : null, c.status === 'orphaned' ? now : c.status_at, c.id);
      follow.run(doc.path, doc.sha256, t.fields.ref ?? null, t.a.position, JSON.stringify(t.fields), c.id);
      result.applied++;
    }
  }
  return result;
}

// Carrying corrections between the files of one plan (another format, a new
// version at another path). Which record matches is decided above the store
// (src/identity/carry.ts); these read and write the rows.

export type SourceCorrection = CorrectionRow & { document_id: number; position: number };

/** Applied corrections in a plan's files other than one (one statement
 * prepared once: it runs for every document stored). */
export function appliedInPlan(db: DB, planId: number, except: number): SourceCorrection[] {
  // most databases hold no applied correction: asked first, as the query below
  // reads every action of the plan's files (a plan held in forty copies, for none)
  if (prepared(db, `SELECT 1 FROM corrections WHERE status = 'applied' LIMIT 1`).get() === undefined) return [];
  return prepared(db, `SELECT c.*, a.document_id, a.position FROM corrections c JOIN actions a ON a.id = c.action_id
    WHERE c.status = 'applied' AND a.document_id IN (SELECT document_id FROM plan_documents WHERE plan_id = ?)
    AND a.document_id <> ? ORDER BY c.id`).all(planId, except) as SourceCorrection[];
}

/** Origins of every correction made in or carried to this document, in any
 * status (one reverted there is not carried again). */
export function originsInDocument(db: DB, documentId: number): Set<number> {
  const ids = db.prepare(`SELECT DISTINCT coalesce(c.origin_id, c.id) FROM corrections c, documents d WHERE d.id = ?
    AND (c.action_id IN (SELECT id FROM actions WHERE document_id = d.id) OR c.document_path = d.path OR c.document_sha256 = d.sha256)`).pluck().all(documentId) as number[];
  return new Set(ids);
}

/** A document's action at a position as stored now, with its applied corrections. */
export function actionAt(db: DB, documentId: number, position: number): { action: ActionRow; applied: CorrectionRow[] } | undefined {
  const action = db.prepare('SELECT * FROM actions WHERE document_id = ? AND position = ?').get(documentId, position) as ActionRow | undefined;
  return action && { action, applied: applied(db, action.id) };
}

/** Copies a correction onto the matching action of another file of its plan,
 * in the caller's transaction. The copy names its origin. */
export function carryCorrection(db: DB, source: CorrectionRow, actionId: number, reason: string): CorrectionRow {
  const action = db.prepare('SELECT * FROM actions WHERE id = ?').get(actionId) as ActionRow;
  const doc = db.prepare('SELECT path, sha256 FROM documents WHERE id = ?').get(action.document_id) as { path: string; sha256: string };
  const fields = extracted(action, applied(db, actionId));
  const to = derivedTo(source, 'to');
  const derived: DerivedValues = {};
  for (const k of Object.keys(to) as (keyof DerivedValues)[]) derived[k] = { from: (action[k] ?? null) as string | number | null, to: (to[k] ?? null) as string | number | null };
  writeField(db, actionId, source.field, source.new_value, to);
  const info = db.prepare(`INSERT INTO corrections
    (action_id, document_path, document_sha256, record_ref, record_position, record_fields, field, old_value, new_value, derived, kind, note, author, created_at, status, status_reason, status_at, origin_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?)`).run(
    actionId, doc.path, doc.sha256, fields.ref, action.position, JSON.stringify(fields), source.field, fields[source.field], source.new_value,
    Object.keys(derived).length ? JSON.stringify(derived) : null, source.kind, source.note, source.author, source.created_at,
    reason, new Date().toISOString(), source.origin_id ?? source.id,
  );
  return db.prepare('SELECT * FROM corrections WHERE id = ?').get(Number(info.lastInsertRowid)) as CorrectionRow;
}
