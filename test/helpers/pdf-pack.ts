// Rewrites a PDF the way PDF 1.5 writers (Word among them) store it: every
// object that is not a stream packed into one compressed object stream, and
// the cross-reference as a compressed stream with a PNG predictor, so tests
// can read the same document through both structures.
import zlib from 'node:zlib';

export function packWithObjectStreams(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const plain: { num: number; body: string }[] = [];
  const streams: { num: number; raw: string }[] = [];
  const head = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text))) {
    const num = Number(m[1]);
    const from = m.index + m[0].length;
    const end = text.indexOf('endobj', from);
    const streamAt = text.slice(from, end).search(/\bstream\r?\n/);
    if (streamAt >= 0) {
      const endStream = text.indexOf('endstream', from + streamAt);
      const endObj = text.indexOf('endobj', endStream);
      streams.push({ num, raw: text.slice(m.index, endObj + 'endobj'.length) });
      head.lastIndex = endObj;
    } else {
      plain.push({ num, body: text.slice(from, end).trim() });
      head.lastIndex = end;
    }
  }
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(text);
  if (!trailer) throw new Error('no trailer');
  const ref = (key: string) => new RegExp(`/${key}\\s+(\\d+ \\d+ R)`).exec(trailer[1])?.[1];
  const max = Math.max(...plain.map((o) => o.num), ...streams.map((o) => o.num));
  const objStm = max + 1;
  const xrefNum = max + 2;

  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0].length;
  const add = (b: Buffer) => {
    parts.push(b);
    at += b.length;
  };
  const rows = new Map<number, [number, number, number]>();
  for (const s of streams) {
    rows.set(s.num, [1, at, 0]);
    add(Buffer.from(s.raw + '\n', 'latin1'));
  }
  // the object stream: "num offset" pairs, then the objects
  let index = '';
  let bodies = '';
  plain.forEach((o, i) => {
    index += `${o.num} ${bodies.length} `;
    bodies += o.body + '\n';
    rows.set(o.num, [2, objStm, i]);
  });
  const packed = zlib.deflateSync(Buffer.from(index + bodies, 'latin1'));
  rows.set(objStm, [1, at, 0]);
  add(Buffer.concat([Buffer.from(`${objStm} 0 obj\n<< /Type /ObjStm /N ${plain.length} /First ${index.length} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream\nendobj\n', 'latin1')]));
  // the cross-reference stream, W [1 4 2], each row PNG "Up" filtered
  const xrefAt = at;
  rows.set(xrefNum, [1, xrefAt, 0]);
  const size = xrefNum + 1;
  const raw = Buffer.alloc(size * 8);
  const prev = Buffer.alloc(7);
  for (let n = 0; n < size; n++) {
    const [t, f1, f2] = rows.get(n) ?? [0, 0, n === 0 ? 65535 : 0];
    const row = Buffer.from([t, (f1 >>> 24) & 255, (f1 >>> 16) & 255, (f1 >>> 8) & 255, f1 & 255, (f2 >>> 8) & 255, f2 & 255]);
    raw[n * 8] = 2;
    for (let k = 0; k < 7; k++) raw[n * 8 + 1 + k] = (row[k] - prev[k]) & 255;
    row.copy(prev);
  }
  const xref = zlib.deflateSync(raw);
  const info = ref('Info');
  add(
    Buffer.concat([
      Buffer.from(
        `${xrefNum} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] /Root ${ref('Root')}${info ? ` /Info ${info}` : ''} /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> /Length ${xref.length} >>\nstream\n`,
        'latin1',
      ),
      xref,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
    ]),
  );
  return new Uint8Array(Buffer.concat(parts));
}
