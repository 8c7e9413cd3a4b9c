// Writes the small PDFs of fixtures/rotated/ byte by byte (no PDF library):
// one borderless table drawn four ways, so the tables command can be tested
// on pages turned by /Rotate and on text drawn sideways by its text matrix.
//   node scripts/make-rotated-pdfs.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const ROWS = [
  ['Ref', 'Action', 'Lead', 'Due'],
  ['1.1', 'Map local groups', 'CVS', 'March 2010'],
  ['1.2', 'Agree the compact', 'Council', 'June 2010'],
  ['2.1', 'Train volunteers', 'Volunteer Centre', 'Sept 2010'],
];
const COLS = [0, 60, 220, 360];

/** The table's text as content-stream operators; `tm(x, y)` places a run. */
function table(tm) {
  const ops = ['BT', '/F1 10 Tf'];
  ROWS.forEach((row, r) => row.forEach((text, c) => ops.push(`${tm(COLS[c], -r * 24)} Tm (${text}) Tj`)));
  ops.push('ET');
  return ops.join('\n');
}

function pdf(pageDict, content) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R ${pageDict} >>`,
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/** The table ruled, drawn upright in landscape coordinates. */
function ruledTable() {
  const xs = [95, 155, 315, 455, 540];
  const ys = [466, 442, 418, 394, 370];
  const lines = [
    ...ys.map((y) => `${xs[0]} ${y} m ${xs[xs.length - 1]} ${y} l S`),
    ...xs.map((x) => `${x} ${ys[0]} m ${x} ${ys[ys.length - 1]} l S`),
  ];
  return `0.5 w\n${lines.join('\n')}\n${table((x, y) => `1 0 0 1 ${100 + x} ${450 + y}`)}`;
}

const dir = path.resolve(import.meta.dirname, '..', 'fixtures', 'rotated');
const portrait = '/MediaBox [0 0 595 842]';
const landscape = '/MediaBox [0 0 842 595]';
// upright on a landscape page
writeFileSync(path.join(dir, 'upright.pdf'), pdf(landscape, table((x, y) => `1 0 0 1 ${100 + x} ${450 + y}`)));
// the same page stored portrait with /Rotate 90: the viewer turns it upright
writeFileSync(path.join(dir, 'rotate-90.pdf'), pdf(`${portrait} /Rotate 90`, table((x, y) => `0 1 -1 0 ${145 - y} ${100 + x}`)));
// text drawn reading upwards on a portrait page, no /Rotate
writeFileSync(path.join(dir, 'text-up.pdf'), pdf(portrait, table((x, y) => `0 1 -1 0 ${145 - y} ${100 + x}`)));
// text drawn reading downwards on a portrait page, no /Rotate
writeFileSync(path.join(dir, 'text-down.pdf'), pdf(portrait, table((x, y) => `0 -1 1 0 ${450 + y} ${742 - x}`)));
// a ruled table set sideways by the page's transform (cm), text and rules alike
writeFileSync(path.join(dir, 'ruled-up.pdf'), pdf(portrait, `q 0 1 -1 0 595 0 cm\n${ruledTable()}\nQ`));
