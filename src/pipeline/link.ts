// The store step with plan identity: the document is written and linked to
// its plan in one transaction, so a crash leaves neither or both.
import type { NormalisedDocument, SourceFile } from '../model.ts';
import type { DB } from '../store/db.ts';
import { saveDocument, type SaveResult } from '../store/documents.ts';
import { captureReplaced, linkDocument } from '../identity/link.ts';
import { documentsAtPath } from '../store/plans.ts';

export function storeAndLink(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force = false): SaveResult {
  return db.transaction((): SaveResult => {
    // the files this one will replace (same path), read before they go
    const replaced = captureReplaced(db, documentsAtPath(db, [file.path]));
    const saved = saveDocument(db, file, doc, runId, force); // nested: a savepoint
    if (saved.documentId !== null) linkDocument(db, saved.documentId, replaced.filter((r) => saved.replaced.includes(r.doc.id)));
    return saved;
  }).immediate();
}
