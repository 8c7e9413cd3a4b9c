// Writing one document: its row, sections, actions and repairs, all in one
// transaction, so a crash or an error leaves either the whole document or none.
import type { NormalisedDocument, SourceFile } from '../model.ts';
import type { DB } from './db.ts';
import { readStoredDocument } from './read.ts';
import { reapplyCorrections, type ReapplyResult } from './corrections.ts';
import { insertRows, insertRowsIds } from './rows.ts';

const ACTION_COLUMNS = ['document_id', 'section_id', 'position', 'section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
  'resources', 'funding', 'status', 'progress', 'due_date', 'cost_gbp', 'page', 'row', 'low_confidence', 'theme', 'theme_confidence', 'cells'];

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<DB, Statements>();

function prepare(db: DB) {
  return {
    findBySha: db.prepare('SELECT id, path FROM documents WHERE sha256 = ?'),
    findByPath: db.prepare('SELECT id FROM documents WHERE path = ?'),
    planOf: db.prepare('SELECT plan_id FROM plan_documents WHERE document_id = ?').pluck(),
    deleteDoc: db.prepare('DELETE FROM documents WHERE id = ?'),
    insertDoc: db.prepare(`INSERT INTO documents
      (sha256, path, source, format, extractor, kind, title, organisation, area, period, pages, size_bytes, notes, ingested_at, run_id, columns)
      VALUES (@sha256, @path, @source, @format, @extractor, @kind, @title, @organisation, @area, @period, @pages, @size_bytes, @notes, @ingested_at, @run_id, @columns)`),
    themeModel: db.prepare('INSERT OR IGNORE INTO theme_model (id, version, applied_at) VALUES (1, ?, ?)'),
    insertHistory: db.prepare(`INSERT INTO document_history
      (document_id, sha256, path, ingested_at, replaced_at, replaced_by, reason, document)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    // made once a connection, not a document (each is a few functions and properties)
    save: db.transaction((file: SourceFile, doc: NormalisedDocument, runId: number | null, force: boolean) => writeDocument(db, file, doc, runId, force)),
  };
}

function statements(db: DB): Statements {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

export function findDocumentBySha(db: DB, sha256: string): { id: number; path: string } | undefined {
  return statements(db).findBySha.get(sha256) as { id: number; path: string } | undefined;
}

export interface SaveResult {
  /** null when another run stored the same bytes first */
  documentId: number | null;
  /** ids of documents this one replaced (same path, other bytes; or same bytes with --force) */
  replaced: number[];
  /** plans the replaced documents were linked to: one may be left empty */
  replacedPlans?: number[];
  /** corrections of earlier versions re-applied, or orphaned (migration 008) */
  corrections?: ReapplyResult;
}

/** Store a document, replacing any earlier version at the same path (and,
 * when forced, the same bytes), in one transaction. */
export function saveDocument(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force = false): SaveResult {
  return statements(db).save.immediate(file, doc, runId, force) as SaveResult;
}

function writeDocument(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force: boolean): SaveResult {
  const s = statements(db);
  const replaced: number[] = [];
  const same = s.findBySha.get(file.sha256) as { id: number } | undefined;
  if (same && !force) return { documentId: null, replaced };
  if (same) replaced.push(same.id);
  for (const row of s.findByPath.all(file.path) as { id: number }[]) if (!replaced.includes(row.id)) replaced.push(row.id);
  const now = new Date().toISOString();
  const replacedPlans: number[] = [];
  for (const id of replaced) {
    const plan = s.planOf.get(id) as number | undefined;
    if (plan !== undefined && !replacedPlans.includes(plan)) replacedPlans.push(plan);
    const old = readStoredDocument(db, id);
    if (old) s.insertHistory.run(id, old.sha256, old.path, old.ingested_at, now, file.sha256, old.sha256 === file.sha256 ? 'forced' : 'changed', JSON.stringify(old));
    s.deleteDoc.run(id);
  }
  const info = s.insertDoc.run({
    sha256: file.sha256, path: file.path, source: file.source, format: doc.format, extractor: doc.extractor,
    kind: doc.kind, title: doc.title, organisation: doc.organisation, area: doc.area, period: doc.period,
    pages: doc.pageCount, size_bytes: file.size, notes: doc.notes.length ? JSON.stringify(doc.notes) : null,
    ingested_at: now, run_id: runId, columns: doc.columns?.length ? JSON.stringify(doc.columns) : null,
  });
  const documentId = Number(info.lastInsertRowid);
  // sections, then actions, then repairs (rows.ts: few round trips on PostgreSQL)
  const sectionIds = new Map<string, number>();
  const sections = [...new Set(doc.records.map((r) => r.section).filter((x): x is string => Boolean(x)))];
  const ids = insertRowsIds(db, 'sections', ['document_id', 'path'], sections.map((p) => [documentId, p]), 'path');
  sections.forEach((p, i) => sectionIds.set(p, ids[i]));
  // (undefined is bound as null: each value that may be undefined is made null here, not by a pass over every row)
  const actionRows = doc.records.map((r, position) => {
    const theme = doc.themes?.[position];
    return [
      documentId, r.section ? sectionIds.get(r.section) ?? null : null, position,
      r.section ?? null, r.ref ?? null, r.action ?? null, r.output ?? null, r.outcome ?? null, r.milestone ?? null, r.due ?? null,
      r.lead ?? null, r.resources ?? null, r.funding ?? null, r.status ?? null, r.progress ?? null, r.due_date ?? null,
      r.cost_gbp ?? null, r.provenance.page ?? null, r.provenance.row ?? null,
      r.provenance.low_confidence?.length ? JSON.stringify(r.provenance.low_confidence) : null,
      theme?.theme ?? null,
      theme ? Math.round(theme.confidence * 1000) / 1000 : null,
      r.provenance.cells ? JSON.stringify(r.provenance.cells) : null,
    ];
  });
  // (a position is the row's index)
  const actionIds = insertRowsIds(db, 'actions', ACTION_COLUMNS, actionRows, 'position');
  const repairs: unknown[][] = [];
  doc.records.forEach((r, position) => {
    for (const rep of r.provenance.repairs) repairs.push([actionIds[position], rep.field, rep.from, rep.to, rep.rule, rep.confidence]);
  });
  insertRows(db, 'repairs', ['action_id', 'field', '"from"', '"to"', 'rule', 'confidence'], repairs);
  if (doc.themeModel) s.themeModel.run(doc.themeModel, now);
  const corrections = reapplyCorrections(db, documentId, file);
  return { documentId, replaced, replacedPlans, corrections };
}
