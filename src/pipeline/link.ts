// The store step with plan identity: the document is written, linked to its
// plan and given the plan's corrections in one transaction, so a crash leaves
// none or all.
import { statSync } from 'node:fs';
import type { NormalisedDocument, SourceFile } from '../model.ts';
import type { DB } from '../store/db.ts';
import type { Transaction } from '../store/engine.ts';
import { findDocumentBySha, saveDocument, type SaveResult } from '../store/documents.ts';
import { captureReplaced, linkDocument } from '../identity/link.ts';
import { carryPlanCorrections } from '../identity/carry.ts';
import { deleteEmptyPlans, documentsAtPath } from '../store/plans.ts';
import { assignThemes } from '../research/themes.ts';

/** The file's modification time: evidence of which version it is. */
function modified(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** `mtime`: the file's modification time when it was read (else it is looked up now). */
export function storeAndLink(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force = false, mtime?: number): SaveResult {
  let tx = transactions.get(db);
  if (!tx) transactions.set(db, (tx = db.transaction(storeAndLinkIn)));
  return tx.immediate(db, file, doc, runId, force, mtime) as SaveResult;
}

// the transaction function, made once a connection, not a document
const transactions = new WeakMap<DB, Transaction<typeof storeAndLinkIn>>();

function storeAndLinkIn(db: DB, file: SourceFile, doc: NormalisedDocument, runId: number | null, force: boolean, mtime: number | undefined): SaveResult {
  // the files this one will replace (same path; forced, the same bytes at any path), read before they go
  const ids = documentsAtPath(db, [file.path]);
  const same = force ? findDocumentBySha(db, file.sha256) : undefined;
  if (same && !ids.includes(same.id)) ids.push(same.id);
  const replaced = captureReplaced(db, ids);
  const saved = saveDocument(db, file, doc, runId, force); // nested: a savepoint
  if (saved.documentId === null) return saved;
  const link = linkDocument(db, saved.documentId, replaced.filter((r) => saved.replaced.includes(r.doc.id)), mtime ?? modified(file.path));
  // a replaced file another writer stored after the capture above: its plan may be left empty
  deleteEmptyPlans(db, saved.replacedPlans);
  // the plan's other files' corrections, to the matching records of this one
  const carried = carryPlanCorrections(db, saved.documentId, link.planId, link.matchedDocumentId);
  // a corrected text is themed again (its theme was cleared with the correction)
  if (carried.carried || saved.corrections?.applied) assignThemes(db, saved.documentId);
  return { ...saved, corrections: { applied: saved.corrections?.applied ?? 0, orphaned: saved.corrections?.orphaned ?? 0, carried: carried.carried } };
}
