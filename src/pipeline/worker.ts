// A processing worker: bytes in, normalised document out. Parsing and OCR are
// CPU-bound and can hang or blow up on hostile files, so they run here, where
// the main thread can time them out and a crash costs only this thread.
import { parentPort } from 'node:worker_threads';
import { InputError } from '../model.ts';
import { prepareReaders, type ReaderNeeds } from '../readers/index.ts';
import { processBytes, type ProcessOptions } from './process.ts';
import { themeDocument } from './themes.ts';

export interface WorkRequest {
  id: number;
  bytes: Uint8Array;
  name: string;
  opts: ProcessOptions;
}

/** Answers the pool's requests on this worker thread (started by worker-entry.js). */
export function serveWork(): void {
  const port = parentPort;
  if (!port) throw new Error('serveWork runs in a worker thread');
  // files wait for the preparation the pool asked for (messages arrive in order)
  let ready: Promise<void> = Promise.resolve();
  port.on('message', async (msg: WorkRequest | { prepare: ReaderNeeds } | { close: true }) => {
    // asked to end by the pool: exiting (not being terminated) runs the exit
    // handlers that remove this thread's temporary folders (LibreOffice profiles)
    if ('close' in msg) process.exit(0);
    if ('prepare' in msg) {
      const needs = msg.prepare;
      ready = ready.then(() => prepareReaders(needs)).catch(() => undefined);
      return;
    }
    const req = msg;
    await ready;
    const t = performance.now();
    try {
      const onPages = (pages: number) => port.postMessage({ id: req.id, pages });
      const doc = await processBytes(req.bytes, { ...req.opts, onPages }, req.name);
      // themed here: the main thread, which every worker waits on, only writes
      themeDocument(doc);
      port.postMessage({ id: req.id, ok: true, doc, ms: performance.now() - t });
    } catch (err) {
      const e = err as Error;
      port.postMessage({
        id: req.id,
        ok: false,
        error: { message: e?.message ?? String(err), stage: err instanceof InputError ? err.stage : 'read' },
      });
    }
  });
}
