// The CSV export: one row per record, the document's source, title,
// organisation and area first, then the fourteen fields, then provenance.
import { RECORD_FIELDS } from '../model.ts';
import type { DB } from '../store/db.ts';
import { iterateDocuments } from './records.ts';

const COLUMNS = ['source', 'title', 'organisation', 'area', ...RECORD_FIELDS, 'page', 'row', 'repairs'];

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* exportCsvChunks(db: DB): Generator<string> {
  yield COLUMNS.join(',') + '\r\n';
  for (const d of iterateDocuments(db)) {
    for (const r of d.records) {
      const row: unknown[] = [d.source, d.title, d.organisation, d.area];
      for (const f of RECORD_FIELDS) row.push(r[f]);
      row.push(r.provenance.page, r.provenance.row, r.provenance.repairs.length ? JSON.stringify(r.provenance.repairs) : '');
      yield row.map(csvCell).join(',') + '\r\n';
    }
  }
}
