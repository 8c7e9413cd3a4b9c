// Stream filters: Flate (with PNG predictors) and none. Anything else sends
// the file to pdf.js.
import zlib from 'node:zlib';
import { Dict, Fallback, Name, type PdfObj } from './objects.ts';

export function decodeStream(raw: Uint8Array, dict: Dict, resolve: (o: PdfObj | undefined) => PdfObj | undefined): Uint8Array {
  const f = resolve(dict.get('Filter'));
  const filters = f === undefined || f === null ? [] : Array.isArray(f) ? f.map((x) => resolve(x)) : [f];
  let p = resolve(dict.get('DecodeParms'));
  if (Array.isArray(p)) p = p.length ? resolve(p[0]) : null;
  if (filters.length > 1) throw new Fallback('a chain of filters');
  let out = raw;
  for (const name of filters) {
    if (!(name instanceof Name) || (name.name !== 'FlateDecode' && name.name !== 'Fl')) throw new Fallback(`filter ${String((name as Name)?.name ?? name)}`);
    try {
      // a plain view on zlib's Buffer (no copy): the lexer then meets one kind of array
      const buf = zlib.inflateSync(out);
      out = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch {
      throw new Fallback('damaged Flate data');
    }
    if (p instanceof Dict) out = unpredict(out, p, resolve);
  }
  return out;
}

function unpredict(data: Uint8Array, parms: Dict, resolve: (o: PdfObj | undefined) => PdfObj | undefined): Uint8Array {
  const predictor = (resolve(parms.get('Predictor')) as number | undefined) ?? 1;
  if (predictor === 1) return data;
  if (predictor < 10) throw new Fallback('TIFF predictor');
  const colors = (resolve(parms.get('Colors')) as number | undefined) ?? 1;
  const bpc = (resolve(parms.get('BitsPerComponent')) as number | undefined) ?? 8;
  const columns = (resolve(parms.get('Columns')) as number | undefined) ?? 1;
  if (bpc !== 8) throw new Fallback('predictor bits');
  const bpp = colors;
  const rowLen = colors * columns;
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v = src[i];
      if (type === 1) v += a;
      else if (type === 2) v += b;
      else if (type === 3) v += (a + b) >> 1;
      else if (type === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (type !== 0) throw new Fallback('odd PNG row');
      row[i] = v & 0xff;
    }
    prev = row;
  }
  return out;
}
