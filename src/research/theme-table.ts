// The trained theme model as a prepared table: `npm run build` writes the
// weights of theme-model.json as one block of doubles and the feature names as
// one string, which open in about a millisecond where parsing the JSON's
// tens of thousands of numbers takes ten, in every process. The doubles are
// the JSON's own values, so scores are the same to the last bit.
//
// File layout: "PLANTHM1", u32 header length, header JSON (padded to 8 bytes),
// f64 weights[features x labels], then the feature names as UTF-8, "\n" between.
import type { Scorer } from './theme-model.ts';

const MAGIC = 'PLANTHM1';

export interface ThemeTableHeader {
  version: string;
  labels: string[];
  bias: number[];
  /** everything else the model file holds besides its weights (settings) */
  rest: Record<string, unknown>;
  count: number;
}

/** The table of a model file's parsed JSON (checked by the caller). */
export function prepareThemeTable(model: { version: string; labels: string[]; bias: number[]; weights: Record<string, number[]> } & Record<string, unknown>): Uint8Array {
  const { version, labels, bias, weights, ...rest } = model;
  const names = Object.keys(weights);
  if (names.some((n) => n.includes('\n'))) throw new Error('theme table: a feature name holds a line break');
  const header: ThemeTableHeader = { version, labels, bias, rest, count: names.length };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - ((MAGIC.length + 4 + json.length) % 8)) % 8;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const table = new Float64Array(names.length * labels.length);
  names.forEach((n, i) => table.set(weights[n], i * labels.length));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), len, json, Buffer.from(table.buffer), Buffer.from(names.join('\n'), 'utf8')]);
}

/** The header and a scorer over the table; throws on bytes of another format. */
export function openThemeTable(bytes: Uint8Array): { header: ThemeTableHeader; scorer: Scorer } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a prepared theme table');
  const headerLen = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = JSON.parse(buf.toString('utf8', start, start + headerLen)) as ThemeTableHeader;
  const k = header.labels.length;
  const at = start + headerLen;
  const end = at + 8 * header.count * k;
  // an aligned copy: a Float64Array needs its offset a multiple of 8
  const table = new Float64Array(Uint8Array.prototype.slice.call(buf, at, end).buffer);
  const names = header.count ? buf.toString('utf8', end).split('\n') : [];
  if (names.length !== header.count || header.bias.length !== k) throw new Error('theme table: sizes do not match');
  const index = new Map<string, number>();
  names.forEach((n, i) => index.set(n, i * k));
  const { labels, bias } = header;
  return {
    header,
    scorer: {
      labels,
      // as scorerFrom: bias, then each present feature's weights in order
      scores(f) {
        const s = [...bias];
        // (forEach: no [key, value] array per feature, same order)
        f.forEach((w, x) => {
          const row = index.get(x);
          if (row !== undefined) for (let j = 0; j < k; j++) s[j] += table[row + j] * w;
        });
        return s;
      },
      // a feature's number is its row: the same sums in the same order as scores()
      size: header.count,
      numberOf: (feature) => {
        const row = index.get(feature);
        return row === undefined ? -1 : row / k;
      },
      scoresOf(numbers, weights, n) {
        const s = [...bias];
        for (let t = 0; t < n; t++) {
          const row = numbers[t] * k;
          const w = weights[t];
          for (let j = 0; j < k; j++) s[j] += table[row + j] * w;
        }
        return s;
      },
    },
  };
}
