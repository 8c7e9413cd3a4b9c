// Writing one document: its row, sections, actions and repairs, all in one
// transaction, so a crash or an error leaves either the whole document or none.
import type { NormalisedDocument, SourceFile } from '../model.ts';
import type { DB } from './db.ts';
import { readStoredDocument } from './read.ts';
import { reapplyCorrections, type ReapplyResult } from './corrections.ts';
import { insertRows } from './rows.ts';

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<DB, Statements>();

function prepare(db: DB) {
  return {
    findBySha: db.prepare('SELECT id, path FROM documents WHERE sha256 = ?'),
    findByPath: db.prepare('SELECT id FROM documents WHERE path = ?'),
    deleteDoc: db.prepare('DELETE FROM documents WHERE id = ?'),
    insertDoc: db.prepare(`INSERT INTO documents
      (sha256, path, source, format, extractor, kind, title, organisation, area, period, pages, size_bytes, notes, ingested_at, run_id, columns)
      VALUES (@sha256, @path, @source, @format, @extractor, @kind, @title, @organisation, @area, @period, @pages, @size_bytes, @notes, @ingested_at, @run_id, @columns)`),
    insertSection: db.prepare('INSERT INTO sections (document_id, path) VALUES (?, ?) ON CONFLICT (document_id, path) DO UPDATE SET path = excluded.path RETURNING id'),
    insertAction: db.prepare(`INSERT INTO actions
      (document_id, section_id, position, section, ref, action, output, outcome, milestone, due, lead, resources, funding, status, progress, due_date, cost_gbp, page, row, low_confidence, theme, theme_confidence, cells)
      VALUES (@document_id, @section_id, @position, @section, @ref, @action, @output, @outcome, @milestone, @due, @lead, @resources, @funding, @status, @progress, @due_date, @cost_gbp, @page, @row, @low_confidence, @theme, @theme_confidence, @cells)`),
    themeModel: db.prepare('INSERT OR IGNORE INTO theme_model (id, version, applied_at) VALUES (1, ?, ?)'),
    insertHistory: db.prepare(`INSERT INTO document_history
      (document_id, sha256, path, ingested_at, replaced_at, replaced_by, reason, document)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
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
  /** corrections of earlier versions re-applied, or orphaned (migration 008) */
  corrections?: ReapplyResult;
}

/** Store a document, replacing any earlier version at the same path (and,
 * when forced, the same bytes), in one transaction. */
export function saveDocument(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force = false): SaveResult {
  const s = statements(db);
  const run = db.transaction((): SaveResult => {
    const replaced: number[] = [];
    const same = s.findBySha.get(file.sha256) as { id: number } | undefined;
    if (same && !force) return { documentId: null, replaced };
    if (same) replaced.push(same.id);
    for (const row of s.findByPath.all(file.path) as { id: number }[]) if (!replaced.includes(row.id)) replaced.push(row.id);
    const now = new Date().toISOString();
    for (const id of replaced) {
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
    const sectionIds = new Map<string, number>();
    const repairs: unknown[][] = [];
    doc.records.forEach((r, position) => {
      let sectionId: number | null = null;
      if (r.section) {
        sectionId = sectionIds.get(r.section) ?? null;
        if (sectionId === null) {
          sectionId = (s.insertSection.get(documentId, r.section) as { id: number }).id;
          sectionIds.set(r.section, sectionId);
        }
      }
      const a = s.insertAction.run({
        document_id: documentId, section_id: sectionId, position,
        section: r.section, ref: r.ref, action: r.action, output: r.output, outcome: r.outcome,
        milestone: r.milestone, due: r.due, lead: r.lead, resources: r.resources, funding: r.funding,
        status: r.status, progress: r.progress, due_date: r.due_date, cost_gbp: r.cost_gbp,
        page: r.provenance.page, row: r.provenance.row,
        low_confidence: r.provenance.low_confidence?.length ? JSON.stringify(r.provenance.low_confidence) : null,
        theme: doc.themes?.[position]?.theme ?? null,
        theme_confidence: doc.themes?.[position] ? Math.round(doc.themes[position].confidence * 1000) / 1000 : null,
        cells: r.provenance.cells ? JSON.stringify(r.provenance.cells) : null,
      });
      const actionId = Number(a.lastInsertRowid);
      for (const rep of r.provenance.repairs) repairs.push([actionId, rep.field, rep.from, rep.to, rep.rule, rep.confidence]);
    });
    insertRows(db, 'repairs', ['action_id', 'field', '"from"', '"to"', 'rule', 'confidence'], repairs);
    if (doc.themeModel) s.themeModel.run(doc.themeModel, now);
    const corrections = reapplyCorrections(db, documentId, file);
    return { documentId, replaced, corrections };
  });
  return run.immediate();
}
