// Writes a one-page PDF around a font dictionary and a content stream, so
// tests can try font forms no fixture holds. Objects 1-4 are the catalog,
// pages, page and content; `font` is object 5 (named /F1 on the page) and
// `extra` objects follow it from 6, each a complete body ("<< ... >>" or a
// dictionary with its stream).
export function onePagePdf(font: string, content: string, extra: string[] = []): Uint8Array {
  const bodies = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    font,
    ...extra,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  bodies.forEach((b, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${b}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** the body of object `num` in a PDF (its stream's bytes as they are) */
export function objectBody(pdf: Uint8Array, num: number): string {
  const text = Buffer.from(pdf).toString('latin1');
  const m = new RegExp(`(?:^|[\\r\\n])${num} 0 obj\\b`).exec(text);
  if (!m) throw new Error(`no object ${num}`);
  const from = m.index + m[0].length;
  return text.slice(from, text.indexOf('endobj', from)).trim();
}
