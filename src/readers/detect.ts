// Format from the bytes, not the file name: a renamed file still goes to the
// right reader, and an unknown binary gets a clear refusal. Each registered
// format says how it is recognised (registry.ts); this file adds the refusals.
import { InputError } from '../model.ts';
import { REGISTRY, ZIP_FALLBACK, type FormatId } from './registry.ts';
import { isCfb, isZip, makeProbe, startsWith } from './sniff.ts';

export { imageKind, looksLikeText, type ImageKind } from './sniff.ts';

/** What the file name claims, and what the bytes lack for it, for clearer refusals. */
function claimed(ext: string | null): string | null {
  const entry = ext ? REGISTRY.find((e) => (e.extensions as readonly string[]).includes(ext)) : undefined;
  if (!entry) return null;
  const lack = entry.container === 'zip' ? 'not a zip archive' : entry.container === 'cfb' ? 'not an OLE2 compound file' : `no ${entry.id} signature`;
  return `named as ${entry.label.split(':')[0]} but is not one (${lack})`;
}

export function detectFormat(bytes: Uint8Array, name?: string): FormatId {
  if (bytes.length === 0) throw new InputError('empty file (0 bytes)', 'detect');
  const probe = makeProbe(bytes, name);
  for (const entry of REGISTRY) if (entry.sniff(probe)) return entry.id;
  if (isCfb(bytes)) {
    const names = probe.cfb();
    if (names?.has('EncryptedPackage') || names?.has('EncryptionInfo')) {
      throw new InputError('encrypted (password-protected) Office file: open it, remove the password and save it again', 'detect');
    }
    throw new InputError('OLE2 compound file that is not a Word, Excel or PowerPoint document: not supported', 'detect');
  }
  // a zip no format claims: the reader its name suggests (or Word's) says what is wrong with it
  if (isZip(bytes)) {
    const byName = REGISTRY.find((e) => e.container === 'zip' && probe.ext && (e.extensions as readonly string[]).includes(probe.ext));
    return byName?.id ?? ZIP_FALLBACK;
  }
  if (startsWith(bytes, [0x1f, 0x8b])) throw new InputError('gzip-compressed file: decompress it first', 'detect');
  const claim = claimed(probe.ext);
  const known = REGISTRY.map((e) => e.id).join(', ');
  throw new InputError(claim ? `${claim}: unrecognised binary content` : `unrecognised binary content: not one of the formats read (${known})`, 'detect');
}
