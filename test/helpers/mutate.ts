// Deterministic damage for fuzzing: bit flips, truncations, spliced bytes.

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export type Mutation = 'flip' | 'truncate' | 'splice' | 'zero-run' | 'duplicate';
export const MUTATIONS: Mutation[] = ['flip', 'truncate', 'splice', 'zero-run', 'duplicate'];

export function mutate(bytes: Uint8Array, other: Uint8Array, kind: Mutation, random: () => number): Uint8Array {
  const n = bytes.length;
  const at = Math.floor(random() * n);
  switch (kind) {
    case 'flip': {
      const out = Uint8Array.from(bytes);
      const flips = 1 + Math.floor(random() * 16);
      for (let i = 0; i < flips; i++) out[Math.floor(random() * n)] ^= 1 << Math.floor(random() * 8);
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'splice': {
      const from = Math.floor(random() * other.length);
      const len = Math.floor(random() * Math.min(4096, other.length - from));
      return concat(bytes.subarray(0, at), other.subarray(from, from + len), bytes.subarray(at));
    }
    case 'zero-run': {
      const out = Uint8Array.from(bytes);
      out.fill(0, at, Math.min(n, at + 1 + Math.floor(random() * 2048)));
      return out;
    }
    case 'duplicate': {
      const len = Math.floor(random() * Math.min(8192, n - at));
      return concat(bytes.subarray(0, at + len), bytes.subarray(at, at + len), bytes.subarray(at + len));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
