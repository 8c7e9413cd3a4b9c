// The records export (shared/contract/EXPORT.md, schema plan-records/1): every
// document with every action, its provenance and repairs. Stable: fields may
// be added, never renamed or dropped.
import type { DB } from '../store/db.ts';
import { iterateStoredDocuments, readStoredDocument, type StoredDocument } from '../store/read.ts';

export type ExportDocument = StoredDocument;

export interface RecordsExport {
  schema: 'plan-records/1';
  documents: ExportDocument[];
}

export const documentExport = readStoredDocument;
export const iterateDocuments = iterateStoredDocuments;

export function exportRecords(db: DB): RecordsExport {
  return { schema: 'plan-records/1', documents: [...iterateDocuments(db)] };
}

/** The JSON export written piece by piece, so a large database never sits in memory whole. */
export function* exportRecordsJsonChunks(db: DB): Generator<string> {
  yield '{\n  "schema": "plan-records/1",\n  "documents": [';
  let first = true;
  for (const doc of iterateDocuments(db)) {
    yield (first ? '\n' : ',\n') + JSON.stringify(doc, null, 2).replace(/^/gm, '    ');
    first = false;
  }
  yield (first ? ']' : '\n  ]') + '\n}\n';
}
