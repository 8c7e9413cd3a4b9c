// The fast PDF reader (src/readers/pdf-lite/) against pdf.js on every PDF
// under fixtures/: a file the fast reader takes must read exactly as pdf.js
// reads it (text, bold and direction equal, boxes within 0.01 pt, rulings and
// figures equal); the rest go to pdf.js whole.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PositionedPage, Ruling } from '../src/model.ts';
import { readCff } from '../src/readers/pdf-lite/cff.ts';
import { CFF_STANDARD_STRINGS } from '../src/readers/pdf-lite/encodings.generated.ts';
import { OPS, openLite } from '../src/readers/pdf-lite/index.ts';
import { lastPdfReader, readPdfPages, type PdfPages } from '../src/readers/pdf.ts';
import { objectBody, onePagePdf } from './helpers/pdf-build.ts';
import { packWithObjectStreams } from './helpers/pdf-pack.ts';

const pdfsUnder = (dir: string): string[] =>
  fs.readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (fs.statSync(p).isDirectory()) return pdfsUnder(p);
    return /\.pdf$/i.test(n) ? [p] : [];
  });
const FILES = pdfsUnder('fixtures').sort();
const load = (p: string) => new Uint8Array(fs.readFileSync(p));
const TOL = 0.01;

const near = (a: number, b: number) => Math.abs(a - b) <= TOL;
const boxNear = (r: Ruling, s: Ruling) => near(r.x0, s.x0) && near(r.y0, s.y0) && near(r.x1, s.x1) && near(r.y1, s.y1);

function pageDifference(p: PositionedPage, q: PositionedPage): string | null {
  if (p.width !== q.width || p.height !== q.height || p.rotation !== q.rotation) return 'page size or rotation';
  if (p.words.length !== q.words.length) return `${p.words.length} words against ${q.words.length}`;
  for (let i = 0; i < p.words.length; i++) {
    const w = p.words[i];
    const v = q.words[i];
    if (w.text !== v.text) return `word ${i}: "${w.text}" against "${v.text}"`;
    if (!boxNear(w, v) || !near(w.size ?? 0, v.size ?? 0)) return `word ${i} "${w.text}" moved`;
    if (!!w.bold !== !!v.bold || !!w.vertical !== !!v.vertical) return `word ${i} "${w.text}": bold or direction`;
  }
  for (const [name, xs, ys] of [['rulings', p.rulings, q.rulings], ['figures', p.figures ?? [], q.figures ?? []]] as const) {
    if (xs.length !== ys.length) return `${xs.length} ${name} against ${ys.length}`;
    for (let i = 0; i < xs.length; i++) if (!boxNear(xs[i], ys[i])) return `${name} ${i} moved`;
  }
  return null;
}

async function read(bytes: Uint8Array, reader: 'lite' | 'pdf.js'): Promise<{ out: PdfPages | { error: string }; by: string }> {
  try {
    const out = await readPdfPages(bytes, { reader });
    return { out, by: lastPdfReader };
  } catch (err) {
    return { out: { error: (err as Error).message }, by: lastPdfReader };
  }
}

/** Each case: the fast reader refuses it with its reason, and the reader then
 * falls back to pdf.js. */
async function expectLeftToPdfJs(cases: [string, Uint8Array][]): Promise<void> {
  for (const [reason, bytes] of cases) {
    expect(() => openLite(bytes).page(1)).toThrow(reason);
    const ref = await read(bytes, 'lite');
    expect([reason, ref.by]).toEqual([reason, 'pdf.js']);
  }
}

describe('the fast PDF reader', () => {
  // first in the file: nothing here has loaded pdf.js yet
  it('reads a text-layer plan without loading pdf.js', async () => {
    const { pages, pageCount, textless } = await readPdfPages(load('fixtures/corpus/thurrock-ni7-action-plan/plan.pdf'));
    expect(lastPdfReader).toBe('lite');
    expect(pageCount).toBe(2);
    expect(textless).toEqual([]);
    expect(pages[0].words.length).toBeGreaterThan(100);
    expect(pages[0].rulings.length).toBeGreaterThan(10);
    // pdf.js's worker half registers itself globally when its module loads
    expect((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker).toBeUndefined();
  });

  it("holds pdf.js's encoding tables as the installed pdfjs-dist gives them", () => {
    const r = spawnSync(process.execPath, ['scripts/make-pdf-encodings.mjs', '--check']);
    expect(r.status).toBe(0);
  });

  it("uses pdf.js's operator codes", async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    for (const [k, v] of Object.entries(OPS)) expect([k, v]).toEqual([k, (pdfjs.OPS as Record<string, number>)[k]]);
  });

  it('reads every fixture PDF it takes exactly as pdf.js does', async () => {
    const taken = await sameAsPdfJs(FILES);
    // every corpus plan PDF takes the fast path
    for (const plan of FILES.filter((f) => f.startsWith('fixtures/corpus/') && f.endsWith('plan.pdf'))) expect(taken).toContain(plan);
    expect(taken.length).toBeGreaterThanOrEqual(20);
  }, 120_000);

  // other producers' fonts: Type1 and Type1C programs, standard fonts (Symbol
  // too) and TrueType fonts not embedded, /Differences without /ToUnicode:
  // every one of them now takes the fast path
  it('reads the ICDAR 2013 PDFs it takes exactly as pdf.js does', async () => {
    const taken = await sameAsPdfJs(pdfsUnder('../shared/icdar2013-dev').sort());
    expect(taken.length).toBe(27);
  }, 180_000);
});

/** Both readers on each file; the files the fast reader took, each checked
 * to read as pdf.js reads it. */
async function sameAsPdfJs(files: string[]): Promise<string[]> {
  {
    const taken: string[] = [];
    for (const f of files) {
      const bytes = load(f);
      const lite = await read(bytes, 'lite');
      if (lite.by !== 'lite') continue;
      taken.push(f);
      const ref = await read(bytes, 'pdf.js');
      expect(ref.by).toBe('pdf.js');
      if ('error' in ref.out || 'error' in lite.out) {
        expect([f, 'error' in lite.out]).toEqual([f, 'error' in ref.out]);
        continue;
      }
      expect([f, lite.out.pageCount, lite.out.textless]).toEqual([f, ref.out.pageCount, ref.out.textless]);
      for (let i = 0; i < ref.out.pages.length; i++) {
        const textless = ref.out.textless.includes(ref.out.pages[i].page);
        const d = textless ? null : pageDifference(lite.out.pages[i], ref.out.pages[i]);
        expect([f, ref.out.pages[i].page, d]).toEqual([f, ref.out.pages[i].page, null]);
      }
    }
    return taken;
  }
}

describe('the fast PDF reader beside pdf.js', () => {
  it('reads PDF 1.5 structure (object streams, a cross-reference stream with a predictor) as pdf.js does', async () => {
    for (const f of FILES.filter((x) => x.startsWith('fixtures/corpus/') && x.endsWith('plan.pdf'))) {
      const packed = packWithObjectStreams(load(f));
      const lite = await read(packed, 'lite');
      expect([f, lite.by]).toEqual([f, 'lite']);
      const ref = await read(packed, 'pdf.js');
      const orig = await read(load(f), 'pdf.js');
      if ('error' in lite.out || 'error' in ref.out || 'error' in orig.out) throw new Error(`${f}: not read`);
      expect(ref.out.pages.length).toBe(orig.out.pages.length);
      for (let i = 0; i < ref.out.pages.length; i++) {
        expect([f, i, pageDifference(lite.out.pages[i], ref.out.pages[i])]).toEqual([f, i, null]);
        // the same document as before it was packed
        expect([f, i, pageDifference(ref.out.pages[i], orig.out.pages[i])]).toEqual([f, i, null]);
      }
    }
  }, 60_000);

  it('leaves encrypted and damaged files to pdf.js, with its messages', async () => {
    for (const f of ['fixtures/bad/password.pdf', 'fixtures/bad/truncated.pdf', 'fixtures/bad/broken-xref.pdf']) {
      await read(load(f), 'lite');
      expect([f, lastPdfReader]).toEqual([f, 'pdf.js']);
    }
    await expect(readPdfPages(load('fixtures/bad/password.pdf'))).rejects.toThrow(/encrypted with a password/);
  });

  it('refuses a file over the page limit before reading it', async () => {
    await expect(readPdfPages(load('fixtures/corpus/thurrock-community-engagement-2011/plan.pdf'), { maxPages: 2 })).rejects.toThrow(/5 pages, over the 2-page limit/);
  });
});

// Font forms no dev PDF holds, written around one line of text: the fast
// reader must read them as pdf.js does, or leave the file to it.
describe('fonts the fast reader maps through glyph names', () => {
  const line = (s: string) => `BT /F1 12 Tf 72 700 Td (${s}) Tj ET`;
  const bothRead = async (pdf: Uint8Array): Promise<string[]> => {
    const lite = await read(pdf, 'lite');
    expect(lite.by).toBe('lite');
    const ref = await read(pdf, 'pdf.js');
    if ('error' in lite.out || 'error' in ref.out) throw new Error('not read');
    expect(pageDifference(lite.out.pages[0], ref.out.pages[0])).toBeNull();
    return lite.out.pages[0].words.map((w) => w.text);
  };

  it("reads /Differences without /ToUnicode as pdf.js does: its glyph list, uniXXXX, uXXXX, gXXXX, GXX, Cdd, ligatures, .notdef", async () => {
    const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [65 /uni00E9 /g0042 /G43 /C68 /f_t /Euro /.notdef /u0141 /nosuchglyph] >> >>';
    // codes 65-73; .notdef keeps StandardEncoding's G, an unknown name the code
    expect(await bothRead(onePagePdf(font, line('ABCDEFGHI')))).toEqual(['\u00e9BCDft\u20acG\u0141I']);
  });

  it('reads hexadecimal Cxx names as pdf.js does once one of them is not decimal', async () => {
    const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Differences [65 /C46 /Cff /C41] >> >>';
    expect(await bothRead(onePagePdf(font, line('ABC')))).toEqual(['F\u00ffA']);
  });

  it('reads a TrueType font that is not embedded by its /Widths and encoding, and the standard Symbol font', async () => {
    const widths = Array.from({ length: 224 }, (_, i) => 400 + ((i * 37) % 300)).join(' ');
    const font = `<< /Type /Font /Subtype /TrueType /BaseFont /Arial,Bold /FirstChar 32 /LastChar 255 /Widths [${widths}] /Encoding /WinAnsiEncoding /FontDescriptor 6 0 R >>`;
    const descriptor = '<< /Type /FontDescriptor /FontName /Arial,Bold /Flags 32 /FontBBox [-628 -376 2000 1056] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 165 >>';
    // enough text for pdf.js's fonts to be loaded, whose names tell bold
    const words = ['Caf\u00e9', 'plan', '\u20ac', '12', 'for', 'community', 'groups'];
    expect(await bothRead(onePagePdf(font, line('Caf\\351 plan \\200 12 for community groups'), [descriptor]))).toEqual(words);
    const lite = await readPdfPages(onePagePdf(font, line('Caf\\351 plan \\200 12 for community groups'), [descriptor]), { reader: 'lite' });
    expect(lite.pages[0].words.every((w) => w.bold)).toBe(true);
    const symbol = '<< /Type /Font /Subtype /Type1 /BaseFont /Symbol /Encoding /WinAnsiEncoding >>';
    expect(await bothRead(onePagePdf(symbol, line('abg')))).toEqual(['\u03b1\u03b2\u03b3']);
  });

  it('leaves to pdf.js the fonts whose unicode it cannot be sure of', async () => {
    const cases: [string, Uint8Array][] = [
      ['Type1 font not embedded', onePagePdf('<< /Type /Font /Subtype /Type1 /BaseFont /Garamond /FirstChar 32 /LastChar 32 /Widths [250] /FontDescriptor 6 0 R >>', line('Plan'), ['<< /Type /FontDescriptor /FontName /Garamond /Flags 34 >>'])],
      ['symbol font', onePagePdf('<< /Type /Font /Subtype /TrueType /BaseFont /Wingdings /FirstChar 32 /LastChar 32 /Widths [250] /FontDescriptor 6 0 R >>', line('Plan'), ['<< /Type /FontDescriptor /FontName /Wingdings /Flags 4 >>'])],
      ['MacExpert encoding', onePagePdf('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /MacExpertEncoding >>', line('Plan'))],
      ['odd Differences entry', onePagePdf('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [65 (A)] >> >>', line('Plan'))],
    ];
    await expectLeftToPdfJs(cases);
  });
});

// An embedded Type1 program (CMR10 from an ICDAR 2013 PDF, uncompressed here
// so its clear-text header can be changed): pdf.js lays its own encoding over
// the font's and takes its FontMatrix.
describe('Type1 programs in the fast reader', () => {
  const icdar = load('../shared/icdar2013-dev/eu-026.pdf');
  const program = zlib.inflateSync(Buffer.from(objectBody(icdar, 17).replace(/^[\s\S]*?stream\r?\n/, '').replace(/\s*endstream$/, ''), 'latin1')).toString('latin1');
  const descriptor = objectBody(icdar, 16).replace('/FontFile 17 0 R', '/FontFile 7 0 R');
  const widths = Array.from({ length: 95 }, (_, i) => 300 + ((i * 53) % 400)).join(' ');
  const font = (w = widths) => `<< /Type /Font /Subtype /Type1 /BaseFont /ZEUSRB+CMR10 /FirstChar 32 /LastChar 126 /Widths [${w}] /FontDescriptor 6 0 R >>`;
  const pdf = (header: (h: string) => string = (h) => h, opts: { length1Off?: number; w?: string } = {}) => {
    const cut = program.indexOf('eexec') + 'eexec'.length + 1;
    const head = header(program.slice(0, cut));
    const body = head + program.slice(cut);
    const stream = `<< /Length ${body.length} /Length1 ${head.length + (opts.length1Off ?? 0)} /Length2 ${body.length - head.length} /Length3 0 >>\nstream\n${body}\nendstream`;
    return onePagePdf(font(opts.w), 'BT /F1 12 Tf 72 700 Td (The e\\013ort of Plan 2012 \\050A\\051) Tj ET', [descriptor, stream]);
  };

  it("reads its built-in encoding as pdf.js does", async () => {
    const bytes = pdf();
    const lite = await read(bytes, 'lite');
    const ref = await read(bytes, 'pdf.js');
    expect(lite.by).toBe('lite');
    if ('error' in lite.out || 'error' in ref.out) throw new Error('not read');
    expect(pageDifference(lite.out.pages[0], ref.out.pages[0])).toBeNull();
    // code 11 is the program's ff ligature (split as pdf.js does); the rest its letters
    expect(lite.out.pages[0].words.map((w) => w.text)).toEqual(['The', 'effort', 'of', 'Plan', '2012', '(A)']);
  });

  it('leaves to pdf.js the Type1 programs it cannot be sure of', async () => {
    const cases: [string, Uint8Array][] = [
      ['font matrix in the program', pdf((h) => h.replace('/FontMatrix [0.001 0 0 0.001 0 0 ]', '/FontMatrix [0.002 0 0 0.002 0 0 ]'))],
      ['Type1 program encoding', pdf((h) => h.replace(/\/Encoding 256 array[\s\S]*?readonly def/, '/Encoding ExpertEncoding readonly def'))],
      ['Type1 header block', pdf(undefined, { length1Off: 3 })],
      ['Type1 font with widths left out', pdf(undefined, { w: widths.split(' ').slice(0, 60).join(' ') })],
      ['odd Type1 program', onePagePdf(font(), 'BT /F1 12 Tf 72 700 Td (Plan) Tj ET', [descriptor, '<< /Length1 10 >>'])],
    ];
    await expectLeftToPdfJs(cases);
  });
});

// An embedded Type1C program (from an ICDAR 2013 PDF) whose font has neither
// /ToUnicode nor /Encoding: pdf.js takes the program's own charset and encoding.
describe('Type1C programs with their own encoding in the fast reader', () => {
  const icdar = load('../shared/icdar2013-dev/eu-026.pdf');
  const program = zlib.inflateSync(Buffer.from(objectBody(icdar, 42).replace(/^[\s\S]*?stream\r?\n/, '').replace(/\s*endstream$/, ''), 'latin1'));
  const descriptor = objectBody(icdar, 41).replace('/FontFile3 42 0 R', '/FontFile3 7 0 R');
  const widths = Array.from({ length: 90 }, (_, i) => 250 + ((i * 41) % 300)).join(' ');
  const font = `<< /Type /Font /Subtype /Type1 /BaseFont /NJLLLN+GillSansMyriad-Condensed /FirstChar 32 /LastChar 121 /Widths [${widths}] /FontDescriptor 6 0 R >>`;
  // the top DICT holds "247 175 15" (charset at 283), "247 221 16" (encoding at
  // 329) and "247 223 17" (charstrings); `patch` swaps bytes of equal length
  const pdf = (patch: (b: Buffer) => void = () => {}) => {
    const b = Buffer.from(program);
    patch(b);
    const body = b.toString('latin1');
    return onePagePdf(font, 'BT /F1 12 Tf 72 700 Td (This is the plan for 2012: more groups) Tj ET', [descriptor, `<< /Subtype /Type1C /Length ${body.length} >>\nstream\n${body}\nendstream`]);
  };
  const swap = (from: number[], to: number[]) => (b: Buffer) => {
    const at = b.indexOf(Buffer.from(from));
    expect(at).toBeGreaterThan(0);
    Buffer.from(to).copy(b, at);
  };

  it('reads a program with an empty encoding of its own as pdf.js does', async () => {
    const bytes = pdf();
    const lite = await read(bytes, 'lite');
    const ref = await read(bytes, 'pdf.js');
    expect(lite.by).toBe('lite');
    if ('error' in lite.out || 'error' in ref.out) throw new Error('not read');
    expect(pageDifference(lite.out.pages[0], ref.out.pages[0])).toBeNull();
    expect(lite.out.pages[0].words.map((w) => w.text).join(' ')).toBe('This is the plan for 2012: more groups');
  });

  it("reads a program's own encoding as pdf.js does", async () => {
    // a small CFF written here: glyphs eacute, fi, sterling at codes 65-67
    const sids = ['eacute', 'fi', 'sterling'].map((n) => CFF_STANDARD_STRINGS.indexOf(n));
    const int = (v: number) => [28, (v >> 8) & 0xff, v & 0xff];
    const header = [1, 0, 4, 1];
    const name = [0, 1, 1, 1, 2, 0x46];
    const top = (charset: number, encoding: number, charStrings: number, priv: number) => [...int(charset), 15, ...int(encoding), 16, ...int(charStrings), 17, ...int(0), ...int(priv), 18];
    const topLength = top(0, 0, 0, 0).length;
    const topIndex = (t: number[]) => [0, 1, 1, 1, 1 + t.length, ...t];
    const charsetAt = header.length + name.length + topLength + 5 + 2 + 2;
    const charset = [0, ...sids.flatMap((sid) => [sid >> 8, sid & 0xff])];
    const encoding = [0, 3, 65, 66, 67];
    const charStrings = [0, 4, 1, 1, 2, 3, 4, 5, 14, 14, 14, 14];
    const encodingAt = charsetAt + charset.length;
    const charStringsAt = encodingAt + encoding.length;
    const privAt = charStringsAt + charStrings.length;
    const cff = [...header, ...name, ...topIndex(top(charsetAt, encodingAt, charStringsAt, privAt)), 0, 0, 0, 0, ...charset, ...encoding, ...charStrings];
    const body = Buffer.from(cff).toString('latin1');
    const small = '<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Small /FirstChar 65 /LastChar 67 /Widths [500 550 600] /FontDescriptor 6 0 R >>';
    const desc = '<< /Type /FontDescriptor /FontName /ABCDEF+Small /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile3 7 0 R >>';
    const bytes = onePagePdf(small, 'BT /F1 12 Tf 72 700 Td (ABC CBA ABC CBA ABC CBA) Tj ET', [desc, `<< /Subtype /Type1C /Length ${body.length} >>\nstream\n${body}\nendstream`]);
    expect(readCff(new Uint8Array(Buffer.from(cff))).builtIn?.slice(65)).toEqual(['eacute', 'fi', 'sterling']);
    const lite = await read(bytes, 'lite');
    const ref = await read(bytes, 'pdf.js');
    expect(lite.by).toBe('lite');
    if ('error' in lite.out || 'error' in ref.out) throw new Error('not read');
    expect(pageDifference(lite.out.pages[0], ref.out.pages[0])).toBeNull();
    expect(lite.out.pages[0].words[0].text).toBe('\u00e9fi\u00a3');
  });

  it('leaves to pdf.js the charsets and encodings it does not read', async () => {
    const cases: [string, Uint8Array][] = [
      ['CFF expert charset', pdf(swap([247, 175, 15], [139, 140, 15]))],
      ['odd CFF charset', pdf((b) => (b[283] = 7))],
      ['CFF expert encoding', pdf(swap([247, 221, 16], [139, 140, 16]))],
      ['odd CFF encoding', pdf((b) => (b[329] = 5))],
      ['CFF without charstrings', pdf(swap([247, 223, 17], [139, 139, 17]))],
    ];
    await expectLeftToPdfJs(cases);
  });
});
