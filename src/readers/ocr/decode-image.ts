// PNG, JPEG and TIFF (every page) to greyscale rasters, after the header
// check. An 8-bit grey PNG is unpacked directly (png-gray.ts); other PNGs and
// JPEG go through @napi-rs/canvas (native decoders); TIFF,
// which canvas does not read, through utif2 (pure JS; handles the CCITT G3/G4,
// LZW and Deflate compressions scanners write).
import { InputError } from '../../model.ts';
import { grayFromRgba, type GrayImage } from './gray.ts';
import { grayPngPixels } from './png-gray.ts';
import { assertPixelLimit, DEFAULT_MAX_PIXELS, readImageInfo, toArrayBuffer, utif, type ImageInfo } from './image-info.ts';

/** Resolution assumed when an image records none (typical office scan). */
export const DEFAULT_IMAGE_DPI = 300;

export interface DecodeOptions {
  maxPixels?: number;
  /** used when the file records no resolution */
  assumeDpi?: number;
}

export async function decodeImage(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<GrayImage[]> {
  const info: ImageInfo = readImageInfo(bytes);
  assertPixelLimit(info, opts.maxPixels ?? DEFAULT_MAX_PIXELS);
  const fallbackDpi = opts.assumeDpi ?? DEFAULT_IMAGE_DPI;
  if (info.format === 'tiff') return decodeTiff(bytes, fallbackDpi);
  const frame = info.frames[0];
  const gray = info.format === 'png' ? grayPngPixels(bytes) : null;
  if (gray) return [{ ...gray, dpi: frame.dpi ?? fallbackDpi }];
  // the canvas (a native module, ~20 ms of CPU to load) only for the images that need it
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  let img;
  try {
    img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new InputError(`${info.format.toUpperCase()} could not be decoded: ${(e as Error).message}`);
  }
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  return [grayFromRgba(rgba, img.width, img.height, frame.dpi ?? fallbackDpi)];
}

function decodeTiff(bytes: Uint8Array, fallbackDpi: number): GrayImage[] {
  const buf = toArrayBuffer(bytes);
  const info = readImageInfo(bytes);
  const UTIF = utif();
  const ifds = UTIF.decode(buf).filter((ifd) => !(Number(ifd.t254 ?? 0) & 1) && ifd.t256 !== undefined);
  return ifds.map((ifd, i) => {
    try {
      UTIF.decodeImage(buf, ifd);
    } catch (e) {
      throw new InputError(`TIFF page ${i + 1} could not be decoded: ${(e as Error).message}`);
    }
    const rgba = UTIF.toRGBA8(ifd);
    if (!ifd.width || !ifd.height || rgba.length < ifd.width * ifd.height * 4) {
      throw new InputError(`TIFF page ${i + 1} uses an encoding that cannot be decoded`);
    }
    return grayFromRgba(rgba, ifd.width, ifd.height, info.frames[i]?.dpi ?? fallbackDpi);
  });
}
