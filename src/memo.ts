// Memos that last one document. A plan's cells repeat (statuses, dates, leads)
// and some texts are read at several stages, so remembering them within a
// document pays; each new document starts them empty, so a second copy of a
// plan costs what a new plan does.

const memos: Map<string, unknown>[] = [];

/** A map the pipeline empties at the start of every document. */
export function documentMemo<V>(): Map<string, V> {
  const m = new Map<string, V>();
  memos.push(m);
  return m;
}

/** Called by the pipeline as a document starts. */
export function forgetDocumentMemos(): void {
  for (const m of memos) m.clear();
}
