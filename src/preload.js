import zlib from 'node:zlib';

// How pdf.js is loaded, in one place. Plain JavaScript, so the command can load
// it before tsx is registered: taken through tsx's loader, pdf.js costs
// hundreds of MB and a second in every process and worker thread. Once loaded,
// later imports of it are served from the module cache untouched.

// pdf.js's legacy build bundles core-js, which on load replaces built-ins for
// the whole process with JavaScript versions several times slower (every
// array push, JSON.parse, JSON.stringify of every module). The engine's own
// are kept here, taken when this module is first loaded (before pdf.js), and
// put back after it.
const NATIVES = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
].map(([owner, key]) => ({ owner, key, desc: Object.getOwnPropertyDescriptor(owner, key) }));

/** Puts back the built-ins pdf.js's polyfills replaced. */
export function restoreNatives() {
  for (const { owner, key, desc } of NATIVES) {
    if (desc && Object.getOwnPropertyDescriptor(owner, key)?.value !== desc.value) Object.defineProperty(owner, key, desc);
  }
}

// pdf.js inflates each content stream and font through the web-streams
// DecompressionStream when there is one: in Node that is an async zlib stream
// per object, costing far more than the inflating itself on small PDF
// objects. This one does the same work in one synchronous zlib call; on bad
// data it fails the same way, and pdf.js falls back to its own decoder.
class SyncDecompressionStream {
  constructor(format) {
    const inflate = { deflate: zlib.inflateSync, 'deflate-raw': zlib.inflateRawSync, gzip: zlib.gunzipSync, brotli: zlib.brotliDecompressSync }[format];
    if (!inflate) throw new TypeError(`unsupported compression format: ${format}`);
    const chunks = [];
    let closed;
    const ended = new Promise((resolve) => (closed = resolve));
    this.writable = {
      getWriter: () => ({
        ready: Promise.resolve(),
        write: (chunk) => (chunks.push(chunk), Promise.resolve()),
        close: () => (closed(), Promise.resolve()),
      }),
    };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await ended;
        yield new Uint8Array(inflate(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      },
    };
  }
}

// Reading text never draws a glyph, yet with `disableFontFace` pdf.js compiles
// an outline for every glyph shown and posts it from its worker half to its
// main half (about a tenth of the instructions of reading a text-layer PDF).
// With font faces on, it hands each font to the document's font set instead:
// Node has neither, so these stand-ins take the fonts and drop them. Only the
// text reader asks for this (TEXT_ONLY_FONTS); rendering keeps the outlines.
class FontFaceStandIn {
  constructor(family) {
    this.family = family;
    this.loaded = Promise.resolve(this);
  }
}
export const TEXT_ONLY_FONTS = { disableFontFace: false, ownerDocument: { fonts: { add() {}, delete() {} } } };

// pdf.js in Node runs its worker half on the main thread behind a loopback
// port that structuredClones every message (each operator list and text
// chunk): pure overhead, a tenth of reading a text-layer PDF. This port hands
// messages over as they are. pdf.js empties an operator list's arrays right
// after posting them, so a payload's containers are copied one level down
// (cheap); what they hold is built afresh for every message.
class HandOverPort {
  #listeners = new Set();
  #deferred = Promise.resolve();
  postMessage(message) {
    const event = { data: handOver(message) };
    // delivered later, in order, as the loopback port does
    this.#deferred.then(() => {
      for (const listener of this.#listeners) listener.call(this, event);
    });
  }
  addEventListener(_type, listener, options) {
    // pdf.js ends a document's listener through its abort signal
    const signal = options?.signal;
    if (signal?.aborted) return;
    this.#listeners.add(listener);
    signal?.addEventListener('abort', () => this.#listeners.delete(listener), { once: true });
  }
  /** listeners attached: the process's worker and its open documents */
  get listenerCount() {
    return this.#listeners.size;
  }
  removeEventListener(_type, listener) {
    this.#listeners.delete(listener);
  }
  terminate() {
    this.#listeners.clear();
  }
}

function handOver(message) {
  if (!message || typeof message !== 'object') return message;
  const out = { ...message };
  if (isContainer(out.data)) out.data = copyContainer(out.data);
  if (isContainer(out.chunk)) out.chunk = copyContainer(out.chunk);
  return out;
}

const isContainer = (v) => Array.isArray(v) || (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype);
const copyOne = (v) => (Array.isArray(v) ? v.slice() : v);

function copyContainer(v) {
  if (Array.isArray(v)) return v.map(copyOne);
  const out = {};
  for (const key in v) out[key] = copyOne(v[key]);
  return out;
}

let worker;

/** pdf.js's worker for the process, on the hand-over port (made by
 * loadPdfJs); documents given it leave it running when destroyed. */
export function pdfWorker() {
  if (!worker) throw new Error('pdf.js is not loaded yet (loadPdfJs)');
  return worker;
}

// On load pdf.js checks that Response has bytes() (it does in every Node this
// runs on). Node makes Response on first touch by loading its whole fetch
// stack (tens of ms per process and worker thread) which reading a local PDF
// never uses. Node's lazy global is set aside while pdf.js loads and put
// back after, untouched.
class ResponseStandIn {
  bytes() {
    throw new Error('a stand-in used only while pdf.js loads');
  }
}

function setResponseAside() {
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  // already made, or not Node's lazy global: nothing to save
  if (!desc?.get) return () => {};
  Object.defineProperty(globalThis, 'Response', { configurable: true, writable: true, value: ResponseStandIn });
  return () => Object.defineProperty(globalThis, 'Response', desc);
}

let loading;

/** pdf.js, loaded once. Importing the worker module first registers its
 * message handler on globalThis, so pdf.js runs it on the main thread ("fake
 * worker") instead of spawning or fetching anything. */
export function loadPdfJs() {
  loading ??= (async () => {
    globalThis.DecompressionStream = SyncDecompressionStream;
    globalThis.FontFace ??= FontFaceStandIn;
    const putResponseBack = setResponseAside();
    try {
      const workerModule = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const port = new HandOverPort();
      workerModule.WorkerMessageHandler.initializeFromPort(port);
      // errors only, as each document asks (verbosity 0): the shared worker's
      // side is configured once, here, not by getDocument
      worker = new pdfjs.PDFWorker({ port, verbosity: 0 });
      // pdf.js detaches ArrayBuffers as it reads (core-js's transferToFixedLength):
      // V8's first detach in a thread throws away every optimised function that
      // reads a typed array, so it is done here, before pdf.js's own are optimised
      const spent = new ArrayBuffer(8);
      structuredClone(spent, { transfer: [spent] });
      return pdfjs;
    } finally {
      putResponseBack();
      restoreNatives();
    }
  })();
  return loading;
}

export async function preloadPdfJs() {
  await loadPdfJs();
}

let jpeg;

/** pdf.js's JPEG decoder alone (its image_decoders build: the same decoder
 * pdf.js runs for a page), loaded once; it brings its own polyfills, put back
 * after as for pdf.js. */
export function loadJpegDecoder() {
  jpeg ??= (async () => {
    try {
      return await import('pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs');
    } finally {
      restoreNatives();
    }
  })();
  return jpeg;
}
