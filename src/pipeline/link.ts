// The store step with plan identity: the document is written and linked to
// its plan in one transaction, so a crash leaves neither or both.
import type { NormalisedDocument, SourceFile } from '../model.ts';
import type { DB } from '../store/db.ts';
import { saveDocument, type SaveResult } from '../store/documents.ts';
import { linkDocument } from '../identity/link.ts';

export function storeAndLink(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force = false): SaveResult {
  return db.transaction((): SaveResult => {
    const saved = saveDocument(db, file, doc, runId, force); // nested: a savepoint
    if (saved.documentId !== null) linkDocument(db, saved.documentId);
    return saved;
  }).immediate();
}
