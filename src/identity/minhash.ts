// MinHash signatures and LSH band keys. A small implementation: the npm
// packages found offer MinHash without banding, or are unmaintained, and the
// keys must be plain integers stored in SQLite (store/plans.ts).
import { MINHASH_BANDS, MINHASH_ROWS } from './thresholds.ts';

const HASHES = MINHASH_BANDS * MINHASH_ROWS;

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mix (murmur3 finaliser) of a word hash with a seed: one hash
 * function per seed. */
function mix(h: number, seed: number): number {
  return finalise(h ^ Math.imul(seed, 0x9e3779b1));
}

function finalise(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

// mix's seed term of hash function i (seed i + 1), worked out once
const SEED_TERMS = Int32Array.from({ length: HASHES }, (_, i) => Math.imul(i + 1, 0x9e3779b1));

export function signature(features: Iterable<string>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const f of new Set(features)) {
    const h = fnv1a(f);
    for (let i = 0; i < HASHES; i++) {
      const v = finalise(h ^ SEED_TERMS[i]); // mix(h, i + 1)
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/** One integer key per band (band number and its rows hashed together),
 * kept within 2^53 so SQLite and JavaScript agree on it. */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < MINHASH_BANDS; b++) {
    let h = mix(b + 1, 0x5bd1e995);
    let lo = h;
    for (let r = 0; r < MINHASH_ROWS; r++) {
      const v = sig[b * MINHASH_ROWS + r];
      h = mix(h ^ v, r + 17);
      lo = mix(lo + v, r + 101);
    }
    keys.push((h & 0x1fffff) * 0x100000000 + lo);
  }
  return keys;
}

/** Share of equal rows: an estimate of the Jaccard similarity of the sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
