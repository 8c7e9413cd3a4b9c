// The file's cross-reference (tables, streams, object streams), objects by
// reference, and the page tree.
import { decodeStream } from './filters.ts';
import { Cmd, Dict, EOF, Fallback, Lexer, Name, Parser, Ref, Stream, latin1, type PdfObj } from './objects.ts';

type Entry = { type: 1; offset: number } | { type: 2; stream: number; index: number };

export interface LitePage {
  dict: Dict;
  resources: Dict | null;
  mediaBox: PdfObj | undefined;
  cropBox: PdfObj | undefined;
  rotate: PdfObj | undefined;
}

export class LiteDocument {
  private readonly entries = new Map<number, Entry>();
  private readonly cache = new Map<number, PdfObj>();
  private readonly objStreams = new Map<number, { objs: Map<number, number>; lexer: Lexer }>();
  readonly trailer: Dict;

  constructor(readonly bytes: Uint8Array) {
    const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
    const at = tail.lastIndexOf('startxref');
    if (at < 0) throw new Fallback('no startxref');
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) throw new Fallback('odd startxref');
    let trailer: Dict | null = null;
    const seen = new Set<number>();
    let next: number | null = Number(m[1]);
    while (next !== null) {
      if (seen.has(next) || next >= bytes.length) throw new Fallback('xref loop or out of range');
      seen.add(next);
      const t = this.readXref(next);
      trailer ??= t;
      const prev = t.get('Prev');
      next = typeof prev === 'number' ? prev : null;
    }
    this.trailer = trailer!;
    if (this.trailer.get('Encrypt') !== undefined) throw new Fallback('encrypted');
  }

  private readXref(offset: number): Dict {
    const lx = new Lexer(this.bytes, offset);
    const p = new Parser(lx, true);
    const first = p.obj();
    if (first instanceof Cmd && first.cmd === 'xref') return this.readTable(lx);
    // an xref stream: n g obj << >> stream
    lx.pos = offset;
    const s = this.readIndirect(offset, null);
    if (!(s instanceof Stream)) throw new Fallback('no xref at startxref');
    this.readXrefStream(s);
    return s.dict;
  }

  private readTable(lx: Lexer): Dict {
    const b = this.bytes;
    for (;;) {
      const p = new Parser(lx, false);
      const t = p.obj();
      if (t instanceof Cmd && t.cmd === 'trailer') break;
      const count = p.obj();
      if (typeof t !== 'number' || typeof count !== 'number') throw new Fallback('odd xref table');
      lx.skipWhite();
      for (let i = 0; i < count; i++) {
        // "oooooooooo ggggg n": read from the bytes (no string a line)
        const offset = digitsAt(b, lx.pos, 10);
        const kind = b[lx.pos + 17];
        if (offset < 0 || b[lx.pos + 10] !== 32 || digitsAt(b, lx.pos + 11, 5) < 0 || b[lx.pos + 16] !== 32 || (kind !== 110 && kind !== 102)) throw new Fallback('odd xref entry');
        const num = t + i;
        if (kind === 110 && !this.entries.has(num)) this.entries.set(num, { type: 1, offset });
        else if (!this.entries.has(num)) this.entries.set(num, { type: 1, offset: -1 });
        lx.pos += 20;
        lx.skipWhite();
      }
    }
    const trailer = new Parser(lx, true).obj();
    if (!(trailer instanceof Dict)) throw new Fallback('odd trailer');
    const stm = trailer.get('XRefStm');
    if (typeof stm === 'number') {
      const s = this.readIndirect(stm, null);
      if (!(s instanceof Stream)) throw new Fallback('odd XRefStm');
      this.readXrefStream(s);
    }
    return trailer;
  }

  private readXrefStream(s: Stream): void {
    const d = s.dict;
    const w = d.get('W');
    const size = d.get('Size');
    if (!Array.isArray(w) || w.length !== 3 || typeof size !== 'number') throw new Fallback('odd xref stream');
    const [w0, w1, w2] = w as number[];
    const index = (d.get('Index') as number[] | undefined) ?? [0, size];
    const data = decodeStream(s.raw, d, (o) => o);
    const rowLen = w0 + w1 + w2;
    let at = 0;
    const field = (n: number): number => {
      let v = 0;
      for (let k = 0; k < n; k++) v = v * 256 + data[at++];
      return v;
    };
    for (let i = 0; i < index.length; i += 2) {
      const start = index[i];
      const count = index[i + 1];
      for (let k = 0; k < count; k++) {
        if (at + rowLen > data.length) throw new Fallback('short xref stream');
        const type = w0 ? field(w0) : 1;
        const f1 = field(w1);
        const f2 = field(w2);
        const num = start + k;
        if (this.entries.has(num)) continue;
        if (type === 1) this.entries.set(num, { type: 1, offset: f1 });
        else if (type === 2) this.entries.set(num, { type: 2, stream: f1, index: f2 });
        else this.entries.set(num, { type: 1, offset: -1 });
      }
    }
  }

  /** the object at a byte offset: `n g obj ... endobj` */
  private readIndirect(offset: number, expect: number | null): PdfObj {
    const lx = new Lexer(this.bytes, offset);
    const p = new Parser(lx, true);
    const n = p.obj();
    const g = p.obj();
    const kw = p.obj();
    if (typeof n !== 'number' || typeof g !== 'number' || !(kw instanceof Cmd) || kw.cmd !== 'obj') throw new Fallback('no object at its offset');
    if (expect !== null && n !== expect) throw new Fallback('object number differs from the xref');
    const o = p.obj();
    if (o === EOF || o instanceof Cmd) throw new Fallback('odd object');
    if (!(o instanceof Dict)) return o;
    const after = p.obj();
    if (!(after instanceof Cmd) || after.cmd !== 'stream') return o;
    if (p.pending) throw new Fallback('odd stream start');
    let start = lx.pos;
    const b = this.bytes;
    if (b[start] === 13 && b[start + 1] === 10) start += 2;
    else if (b[start] === 10 || b[start] === 13) start += 1;
    else throw new Fallback('odd stream start');
    const len = this.resolve(o.get('Length'));
    if (typeof len !== 'number' || start + len > b.length) throw new Fallback('odd stream length');
    // "endstream" follows the data (after optional white space)
    const end = new Lexer(b, start + len);
    const t = end.token();
    if (!(t instanceof Cmd) || t.cmd !== 'endstream') throw new Fallback('stream length disagrees');
    return new Stream(o, b.subarray(start, start + len));
  }

  fetch(ref: Ref): PdfObj {
    const hit = this.cache.get(ref.num);
    if (hit !== undefined) return hit;
    const e = this.entries.get(ref.num);
    let o: PdfObj;
    if (!e || (e.type === 1 && e.offset < 0)) o = null;
    else if (e.type === 1) o = this.readIndirect(e.offset, ref.num);
    else o = this.fromObjStream(e.stream, e.index, ref.num);
    this.cache.set(ref.num, o);
    return o;
  }

  private fromObjStream(num: number, _index: number, want: number): PdfObj {
    let os = this.objStreams.get(num);
    if (!os) {
      const s = this.fetch(new Ref(num, 0));
      if (!(s instanceof Stream)) throw new Fallback('odd object stream');
      const data = decodeStream(s.raw, s.dict, (o) => this.resolve(o));
      const n = this.resolve(s.dict.get('N'));
      const first = this.resolve(s.dict.get('First'));
      if (typeof n !== 'number' || typeof first !== 'number') throw new Fallback('odd object stream');
      const p = new Parser(new Lexer(data), false);
      const objs = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const on = p.obj();
        const off = p.obj();
        if (typeof on !== 'number' || typeof off !== 'number') throw new Fallback('odd object stream index');
        if (!objs.has(on)) objs.set(on, first + off);
      }
      os = { objs, lexer: new Lexer(data) };
      this.objStreams.set(num, os);
    }
    const off = os.objs.get(want);
    if (off === undefined) throw new Fallback('object missing from its stream');
    const o = new Parser(new Lexer(os.lexer.bytes, off), true).obj();
    if (o === EOF || o instanceof Cmd) throw new Fallback('odd object in a stream');
    return o;
  }

  resolve(o: PdfObj | undefined): PdfObj | undefined {
    let x = o;
    for (let k = 0; x instanceof Ref; k++) {
      if (k > 20) throw new Fallback('reference chain');
      x = this.fetch(x);
    }
    return x;
  }

  get(d: Dict, key: string): PdfObj | undefined {
    return this.resolve(d.get(key));
  }

  decoded(s: Stream): Uint8Array {
    return decodeStream(s.raw, s.dict, (o) => this.resolve(o));
  }

  /** the pages, in order, with what they inherit */
  pages(): LitePage[] {
    const root = this.resolve(this.trailer.get('Root'));
    if (!(root instanceof Dict)) throw new Fallback('no catalog');
    const top = this.get(root, 'Pages');
    if (!(top instanceof Dict)) throw new Fallback('no page tree');
    const out: LitePage[] = [];
    const seen = new Set<Dict>();
    const walk = (node: Dict, inh: Omit<LitePage, 'dict'>): void => {
      if (seen.has(node)) throw new Fallback('page tree loop');
      seen.add(node);
      const here = {
        resources: mergeResources(this.get(node, 'Resources'), inh.resources),
        mediaBox: node.get('MediaBox') !== undefined ? this.get(node, 'MediaBox') : inh.mediaBox,
        cropBox: node.get('CropBox') !== undefined ? this.get(node, 'CropBox') : inh.cropBox,
        rotate: node.get('Rotate') !== undefined ? this.get(node, 'Rotate') : inh.rotate,
      };
      if (here.resources !== null && !(here.resources instanceof Dict)) throw new Fallback('odd resources');
      const kids = this.get(node, 'Kids');
      const type = this.get(node, 'Type');
      if (Array.isArray(kids) && !(type instanceof Name && type.name === 'Page')) {
        for (const k of kids) {
          const kid = this.resolve(k);
          if (!(kid instanceof Dict)) throw new Fallback('odd page tree node');
          walk(kid, here);
        }
      } else if (type instanceof Name && type.name === 'Page') out.push({ dict: node, ...here });
      else throw new Fallback('odd page tree node');
    };
    walk(top, { resources: null, mediaBox: undefined, cropBox: undefined, rotate: undefined });
    if (this.get(top, 'Count') !== out.length) throw new Fallback('page count disagrees with the tree');
    return out;
  }
}

/** the number written in `n` decimal digits at `at`, or -1 */
function digitsAt(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = b[i];
    if (!(c >= 48 && c <= 57)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** pdf.js merges inherited resources: the nearer dictionary's keys win */
function mergeResources(own: PdfObj | undefined, inherited: Dict | null): Dict | null {
  if (own === undefined || own === null) return inherited;
  if (!(own instanceof Dict)) throw new Fallback('odd resources');
  if (!inherited) return own;
  const d = new Dict();
  for (const [k, v] of inherited.map) d.map.set(k, v);
  for (const [k, v] of own.map) d.map.set(k, v);
  return d;
}
