// Grey PNGs unpacked directly (png-gray.ts) give exactly the pixels the
// canvas decoder gives, for every row filter; other PNGs are left to the canvas.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { grayFromRgba } from '../src/readers/ocr/gray.ts';
import { grayPngPixels } from '../src/readers/ocr/png-gray.ts';
import { decodeImage } from '../src/readers/ocr/decode-image.ts';
import { sharedDir } from './helpers/fixtures.ts';

async function viaCanvas(b: Uint8Array): Promise<Uint8Array> {
  const img = await loadImage(Buffer.from(b));
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  return grayFromRgba(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height, 0).data;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  let c = 0xffffffff;
  for (const x of [...head.subarray(4), ...body]) c = crcTable[(c ^ x) & 255]! ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** A grey PNG of `px` with row y written with filter filterOf(y), in IDAT pieces of `split` bytes. */
function encodeGray(px: Uint8Array, w: number, h: number, filterOf: (y: number) => number, extra: Buffer[] = [], split = 1 << 30): Uint8Array {
  const raw = new Uint8Array((w + 1) * h);
  for (let y = 0; y < h; y++) {
    const f = filterOf(y);
    raw[y * (w + 1)] = f;
    for (let x = 0; x < w; x++) {
      const a = x > 0 ? px[y * w + x - 1]! : 0;
      const b = y > 0 ? px[(y - 1) * w + x]! : 0;
      const c = x > 0 && y > 0 ? px[(y - 1) * w + x - 1]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][f]!;
      raw[y * (w + 1) + 1 + x] = (px[y * w + x]! - pred) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  const z = deflateSync(raw);
  const idats: Buffer[] = [];
  for (let i = 0; i < z.length; i += split) idats.push(chunk('IDAT', z.subarray(i, i + split)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...extra, ...idats, chunk('IEND', new Uint8Array())]);
}

const pagePngs = (dir: string | null) => (dir && existsSync(dir)
  ? readdirSync(dir).map((d) => path.join(dir, d, 'page1.png')).filter((f) => existsSync(f))
  : []);

describe('grey PNG decoding', () => {
  const files = [...pagePngs(path.resolve('fixtures/corpus')), ...pagePngs(path.resolve('fixtures/unseen')), ...pagePngs(sharedDir('corpus-dev'))];

  it('gives the canvas decoder\'s pixels on every page image of the corpora it takes', async () => {
    let direct = 0;
    for (const f of files) {
      const b = new Uint8Array(readFileSync(f));
      const got = grayPngPixels(b);
      if (!got) {
        // the unseen page images record a gamma (gAMA 1/2.2), which the canvas
        // converts: on 5-20% of their pixels
        expect(Buffer.from(b).includes('gAMA'), f).toBe(true);
        continue;
      }
      direct++;
      expect(Buffer.compare(Buffer.from(got.data), Buffer.from(await viaCanvas(b))), f).toBe(0);
    }
    expect(direct).toBeGreaterThanOrEqual(5);
  });

  it('undoes each of the five row filters, mixed row by row, over several IDAT chunks', async () => {
    const page = grayPngPixels(new Uint8Array(readFileSync(files[0]!)))!;
    // a 300 x 200 crop with ink and paper
    const w = 300;
    const h = 200;
    const px = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) px.set(page.data.subarray((y + 300) * page.width + 200, (y + 300) * page.width + 200 + w), y * w);
    expect(new Set(px).size).toBeGreaterThan(50);
    for (const filterOf of [() => 0, () => 1, () => 2, () => 3, () => 4, (y: number) => y % 5]) {
      const png = encodeGray(px, w, h, filterOf, [], 997);
      expect(Buffer.compare(Buffer.from(grayPngPixels(png)!.data), Buffer.from(px))).toBe(0);
      expect(Buffer.compare(Buffer.from(await viaCanvas(png)), Buffer.from(px))).toBe(0);
    }
  });

  it('leaves colour, transparency and gamma to the canvas, with the same result through decodeImage', async () => {
    const px = new Uint8Array(64 * 32).map((_, i) => (i * 7) & 255);
    const gamma = Buffer.alloc(4);
    gamma.writeUInt32BE(100000, 0);
    const withGamma = encodeGray(px, 64, 32, () => 1, [chunk('gAMA', gamma)]);
    expect(grayPngPixels(withGamma)).toBeNull();
    const withTrns = encodeGray(px, 64, 32, () => 1, [chunk('tRNS', new Uint8Array([0, 0]))]);
    expect(grayPngPixels(withTrns)).toBeNull();
    const [t] = await decodeImage(withTrns);
    expect(t!.data[0]).toBe(255); // grey 0 is transparent: white paper
    // more data than the header's rows (a decompression bomb): not inflated past them
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(10, 0);
    ihdr.writeUInt32BE(10, 4);
    ihdr[8] = 8;
    const bomb = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(new Uint8Array(50 << 20))), chunk('IEND', new Uint8Array())]);
    expect(grayPngPixels(bomb)).toBeNull();
    const rgb = createCanvas(20, 10).encodeSync('png');
    expect(grayPngPixels(new Uint8Array(rgb))).toBeNull();
    const [plain] = await decodeImage(encodeGray(px, 64, 32, (y) => y % 5));
    expect(Buffer.compare(Buffer.from(plain!.data), Buffer.from(px))).toBe(0);
    expect(plain!.dpi).toBe(300); // no pHYs: the assumed resolution
  });
});
