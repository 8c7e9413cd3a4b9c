// Reading a stored document back whole: its row, its actions in order, each
// with its provenance and repairs. The export and the history of replaced
// versions both use it.
import { z } from 'zod';
import { RECORD_FIELDS, TableColumnsSchema, type ActionRecord, type Repair, type TableColumns } from '../model.ts';
import type { DB } from './db.ts';
import { appliedByAction, type CorrectionRow } from './corrections.ts';

export interface StoredDocument {
  source: string;
  path: string;
  sha256: string;
  format: string;
  extractor: string;
  kind: string;
  title: string | null;
  organisation: string | null;
  area: string | null;
  period: string | null;
  pages: number;
  ingested_at: string;
  notes: string[];
  records: ActionRecord[];
  /** how each plan table's columns were mapped to fields, and how surely */
  provenance: { columns: TableColumns[] };
}

interface DocRow {
  id: number; source: string; path: string; sha256: string; format: string; extractor: string; kind: string;
  title: string | null; organisation: string | null; area: string | null; period: string | null;
  pages: number; ingested_at: string; notes: string | null; columns?: string | null;
}
type ActionRow = Record<string, unknown> & { id: number; page: number; row: number; low_confidence: string | null; cells?: string | null };

/** A correction as the export shows it: the extracted value stays in `from`. */
function exportedCorrection(c: CorrectionRow) {
  return { field: c.field, from: c.old_value, to: c.new_value, kind: c.kind, by: c.author, at: c.created_at, id: c.id };
}
type RepairRow = Repair & { action_id: number };

function statements(db: DB) {
  return {
    db,
    actions: db.prepare('SELECT * FROM actions WHERE document_id = ? ORDER BY position'),
    repairs: db.prepare(`SELECT r.action_id, r.field, r."from", r."to", r.rule, r.confidence
      FROM repairs r JOIN actions a ON a.id = r.action_id WHERE a.document_id = ? ORDER BY r.id`),
  };
}

export function readStoredDocument(db: DB, id: number): StoredDocument | undefined {
  const d = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocRow | undefined;
  return d ? buildDocument(d, statements(db)) : undefined;
}

export function* iterateStoredDocuments(db: DB): Generator<StoredDocument> {
  const st = statements(db);
  // Ids first: better-sqlite3 allows no other statement while an iterator is open.
  const ids = db.prepare('SELECT id FROM documents ORDER BY path, id').pluck().all() as number[];
  const one = db.prepare('SELECT * FROM documents WHERE id = ?');
  for (const id of ids) {
    const d = one.get(id) as DocRow | undefined;
    if (d) yield buildDocument(d, st);
  }
}

function buildDocument(d: DocRow, { actions, repairs, db }: ReturnType<typeof statements>): StoredDocument {
  {
    const corrected = appliedByAction(db, d.id);
    const byAction = new Map<number, Repair[]>();
    for (const r of repairs.all(d.id) as RepairRow[]) {
      const list = byAction.get(r.action_id) ?? [];
      list.push({ field: r.field, from: r.from, to: r.to, rule: r.rule, confidence: r.confidence });
      byAction.set(r.action_id, list);
    }
    const records = (actions.all(d.id) as ActionRow[]).map((a) => {
      const rec: Record<string, unknown> = {};
      for (const f of RECORD_FIELDS) rec[f] = a[f] ?? null;
      rec.provenance = {
        action_id: a.id,
        page: a.page,
        row: a.row,
        repairs: byAction.get(a.id) ?? [],
        ...(a.low_confidence ? { low_confidence: JSON.parse(a.low_confidence) } : {}),
        ...(a.cells ? { cells: JSON.parse(a.cells) } : {}),
        ...(corrected.has(a.id) ? { corrections: corrected.get(a.id)!.map(exportedCorrection) } : {}),
      };
      return rec as ActionRecord;
    });
    return {
      source: d.source, path: d.path, sha256: d.sha256, format: d.format, extractor: d.extractor, kind: d.kind,
      title: d.title, organisation: d.organisation, area: d.area, period: d.period, pages: d.pages,
      ingested_at: d.ingested_at, notes: d.notes ? JSON.parse(d.notes) : [], records,
      provenance: { columns: storedColumns(d.columns) },
    };
  }
}


const StoredColumns = z.array(TableColumnsSchema);

/** The stored column mappings, checked; none for documents stored before they were kept. */
function storedColumns(json: string | null | undefined): TableColumns[] {
  if (!json) return [];
  const parsed = StoredColumns.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
}
