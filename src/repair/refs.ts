// Reference numbers OCR damaged, restored from the column's own sequence.
// Recognisers drop the dot of a short outline number ("1.2" read as "12") and
// read digits as lookalike letters ("1.1" as "iL", "A5" as "AS"). The only
// evidence used is the ref column itself: its other refs show the pattern
// (some written "1.3", "A2"), and a restored ref must continue the sequence
// from the ref before it (same level + 1, or the next level's first) and lead
// on to the ref after it. A ref that fits no such reading is left alone.

export interface RefFix {
  /** index into the refs given */
  index: number;
  from: string;
  to: string;
}

/** Glyphs OCR gives for digits. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  i: '1', I: '1', l: '1', L: '1', '|': '1', '!': '1', ']': '1',
  o: '0', O: '0', Q: '0', D: '0',
  S: '5', s: '5', Z: '2', z: '2', B: '8', G: '6', b: '6', g: '9', q: '9', T: '7', A: '4',
};

const OUTLINE = /^(\d{1,2})\.(\d{1,2})$/;
const LETTERED = /^([A-Z]{1,2})(\d{1,2})$/;

type Pattern = 'outline' | 'lettered';

interface Parsed {
  head: string;
  n: number;
}

function parse(ref: string, pattern: Pattern): Parsed | null {
  const m = (pattern === 'outline' ? OUTLINE : LETTERED).exec(ref);
  return m ? { head: m[1], n: Number(m[2]) } : null;
}

/** The refs that may follow `ref` in a sequence of this pattern. */
function successors(ref: string, pattern: Pattern): string[] {
  const p = parse(ref, pattern);
  if (!p) return [];
  if (pattern === 'outline') return [`${p.head}.${p.n + 1}`, `${Number(p.head) + 1}.1`];
  const next = p.head.slice(0, -1) + String.fromCharCode(p.head.charCodeAt(p.head.length - 1) + 1);
  return [`${p.head}${p.n + 1}`, `${next}1`];
}

const follows = (a: string, b: string, pattern: Pattern) => successors(a, pattern).includes(b);

/** Readings of a damaged ref in the pattern: digit lookalikes swapped back,
 * and for outline refs the dot put back after the first digit or two. */
function readings(raw: string, pattern: Pattern): string[] {
  const ref = raw.replace(/[.:;,]+$/, '');
  const out = new Set<string>();
  if (pattern === 'outline') {
    const digits = [...ref.replace(/\./g, '')].map((ch) => (/\d/.test(ch) ? ch : DIGIT_LOOKALIKES[ch] ?? '?')).join('');
    if (!/^\d{2,4}$/.test(digits)) return [];
    for (let k = 1; k < digits.length && k <= 2; k++) out.add(`${digits.slice(0, k)}.${digits.slice(k)}`);
  } else {
    const m = /^([A-Za-z]{1,2})(.{1,2})$/.exec(ref);
    if (!m) return [];
    const tail = [...m[2]].map((ch) => (/\d/.test(ch) ? ch : DIGIT_LOOKALIKES[ch] ?? '?')).join('');
    if (/^\d+$/.test(tail)) out.add(m[1].toUpperCase() + tail);
  }
  // numbering starts at 1 at every level: "1.0" or "0.5" is no outline ref
  return [...out].filter((r) => { const p = parse(r, pattern); return p !== null && p.n > 0 && !/^0/.test(p.head) && r !== raw; });
}

/** The pattern most of the column's clean refs follow, when at least two do
 * (or one does and the others are bare numbers that lost their dot). */
function columnPattern(refs: (string | null)[]): Pattern | null {
  const present = refs.filter((r): r is string => !!r);
  if (present.length < 3) return null;
  const outline = present.filter((r) => OUTLINE.test(r)).length;
  const lettered = present.filter((r) => LETTERED.test(r)).length;
  // bare numbers of two digits or more are what an outline ref that lost its dot looks like
  const bare = present.filter((r) => /^\d{2,4}$/.test(r)).length;
  if (lettered >= 2 && lettered >= outline && lettered >= 0.3 * present.length) return 'lettered';
  // bare numbers that count up one by one are a plain numbering (10, 11, 12)
  const bareRun = present.filter((r) => /^\d+$/.test(r)).map(Number);
  // (a ref repeated on the rows of one action counts once)
  const counting = bareRun.length >= 2 && bareRun.every((n, i) => i === 0 || n === bareRun[i - 1] + 1 || n === bareRun[i - 1]);
  if (outline >= 1 && outline + bare >= 0.6 * present.length && !counting) return 'outline';
  return null;
}

/** Restores damaged refs of one ref column (refs in document order, null
 * where a record has none). Returns the changes. */
export function restoreRefs(refs: (string | null)[]): RefFix[] {
  const pattern = columnPattern(refs);
  if (!pattern) return [];
  const value = refs.map((r) => (r && parse(r, pattern) ? r : null));
  const fixes: RefFix[] = [];
  const neighbour = (i: number, step: 1 | -1): { ref: string | null; at: number } => {
    for (let j = i + step; j >= 0 && j < refs.length; j += step) if (refs[j]) return { ref: value[j], at: j };
    return { ref: null, at: -1 };
  };
  // left to right, so a restored ref is the evidence for the next one
  for (let i = 0; i < refs.length; i++) {
    const raw = refs[i];
    if (!raw || value[i]) continue;
    const prev = neighbour(i, -1);
    const next = neighbour(i, 1);
    const nextReadings = next.ref ? [next.ref] : next.at >= 0 ? readings(refs[next.at]!, pattern) : [];
    const fits = (c: string) => (prev.ref ? follows(prev.ref, c, pattern) : prev.at < 0)
      && (nextReadings.length ? nextReadings.some((n) => follows(c, n, pattern)) : !!prev.ref);
    let pick = readings(raw, pattern).filter(fits);
    if (pick.length === 0 && prev.ref && nextReadings.length === 1) {
      // a glyph no lookalike covers ("A4" read as "Ad"): the one ref that
      // fits between its neighbours, if the damaged one has its length and start
      pick = successors(prev.ref, pattern).filter((c) => follows(c, nextReadings[0], pattern)
        && c.length === raw.length && c[0] === raw[0].toUpperCase());
    }
    if (pick.length !== 1) continue;
    value[i] = pick[0];
    fixes.push({ index: i, from: raw, to: pick[0] });
  }
  return fixes;
}
