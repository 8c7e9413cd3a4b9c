// Reference numbers OCR damaged, restored from the column's own sequence.
// Recognisers drop the dot of a short outline number ("1.2" read as "12",
// "1.2a" as "12a"), lose a tail ("2.1" read as "2") and read digits as
// lookalike letters ("1.1" as "iL", "A5" as "AS", "5" as "S"). The only
// evidence used is the ref column itself: the form most of its refs take, and
// a restored ref must continue the sequence from the ref before it (the same
// ref again, the next at its level, or the next level's first) and lead on to
// the ref after it. A ref that fits no such reading, or more than one, is left
// alone.

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

/** 1.2, 1.2a */
const OUTLINE = /^(\d{1,2})\.(\d{1,2})([a-h]?)$/;
/** A2 */
const LETTERED = /^([A-Z]{1,2})(\d{1,2})$/;
/** 7, 7. */
const PLAIN = /^(\d{1,3})\.?$/;

type Pattern = 'outline' | 'lettered' | 'plain';

interface Parsed {
  head: string;
  n: number;
  /** letter after an outline number ('' when none) */
  sub: string;
}

function parse(ref: string, pattern: Pattern): Parsed | null {
  if (pattern === 'plain') {
    const m = PLAIN.exec(ref);
    return m ? { head: '', n: Number(m[1]), sub: '' } : null;
  }
  const m = (pattern === 'outline' ? OUTLINE : LETTERED).exec(ref);
  return m ? { head: m[1], n: Number(m[2]), sub: m[3] ?? '' } : null;
}

const nextLetter = (s: string) => s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + 1);

/** Can `b` come right after `a` in a ref column of this pattern? The same
 * ref again counts (the rows of one action each carry it). */
function follows(a: string, b: string, pattern: Pattern): boolean {
  const p = parse(a, pattern);
  const q = parse(b, pattern);
  if (!p || !q) return false;
  if (p.head === q.head && p.n === q.n && p.sub === q.sub) return true;
  if (pattern === 'plain') return q.n === p.n + 1;
  if (pattern === 'lettered') return (q.head === p.head && q.n === p.n + 1) || (q.head === nextLetter(p.head) && q.n === 1);
  // outline: the next sub-item, the next item, or the next section's first
  const first = q.sub === '' || q.sub === 'a';
  if (q.head === p.head && q.n === p.n && p.sub && q.sub === nextLetter(p.sub)) return true;
  if (q.head === p.head && q.n === p.n + 1 && first) return true;
  return Number(q.head) === Number(p.head) + 1 && q.n === 1 && first;
}

/** Readings of a damaged ref in the pattern: digit lookalikes swapped back,
 * and for outline refs the dot put back after the first digit or two. */
function readings(raw: string, pattern: Pattern): string[] {
  const ref = raw.replace(/[.:;,]+$/, '');
  const out = new Set<string>();
  const digitsOf = (s: string) => [...s].map((ch) => (/\d/.test(ch) ? ch : DIGIT_LOOKALIKES[ch] ?? '?')).join('');
  if (pattern === 'outline') {
    // a last lowercase letter may be a sub-item's letter or a digit's lookalike
    const forms = [ref];
    const sub = /^(.+?)([a-h])$/.exec(ref);
    if (sub) forms.push(sub[1]);
    for (const form of forms) {
      const tail = form === ref ? '' : sub![2];
      const digits = digitsOf(form.replace(/\./g, ''));
      if (!/^\d{2,4}$/.test(digits)) continue;
      for (let k = 1; k < digits.length && k <= 2; k++) out.add(`${digits.slice(0, k)}.${digits.slice(k)}${tail}`);
    }
  } else if (pattern === 'lettered') {
    const m = /^([A-Za-z]{1,2})(.{1,2})$/.exec(ref);
    if (!m) return [];
    const tail = digitsOf(m[2]);
    if (/^\d+$/.test(tail)) out.add(m[1].toUpperCase() + tail);
  } else {
    const digits = digitsOf(ref.replace(/\s+/g, ''));
    if (/^\d{1,3}$/.test(digits)) out.add(String(Number(digits)));
  }
  // numbering starts at 1 at every level: "1.0" or "0.5" is no ref
  return [...out].filter((r) => {
    const p = parse(r, pattern);
    return p !== null && p.n > 0 && !/^0/.test(p.head) && r !== raw;
  });
}

/** The refs that may follow `ref`: the candidates for a ref between two
 * neighbours when no reading of it fits. */
function successors(ref: string, pattern: Pattern, lettersUsed: boolean): string[] {
  const p = parse(ref, pattern);
  if (!p) return [];
  if (pattern === 'plain') return [String(p.n + 1)];
  if (pattern === 'lettered') return [`${p.head}${p.n + 1}`, `${nextLetter(p.head)}1`];
  const out = [`${p.head}.${p.n + 1}`, `${Number(p.head) + 1}.1`];
  // sub-item letters only where the column uses them
  if (lettersUsed) out.push(`${p.head}.${p.n + 1}a`, `${Number(p.head) + 1}.1a`);
  if (p.sub) out.unshift(`${p.head}.${p.n}${nextLetter(p.sub)}`);
  return out;
}

/** The pattern most of the column's clean refs follow. Bare numbers of two
 * digits or more that do not count up one by one are outline refs that lost
 * their dots; bare numbers that do are a plain numbering. */
function columnPattern(refs: (string | null)[]): Pattern | null {
  const present = refs.filter((r): r is string => !!r);
  if (present.length < 3) return null;
  const outline = present.filter((r) => OUTLINE.test(r)).length;
  const lettered = present.filter((r) => LETTERED.test(r)).length;
  const bare = present.filter((r) => /^\d{2,4}[a-h]?$/.test(r)).length;
  if (lettered >= 2 && lettered >= outline && lettered >= 0.3 * present.length) return 'lettered';
  const numbers = present.filter((r) => PLAIN.test(r)).map((r) => parseInt(r, 10));
  // (a ref repeated on the rows of one action counts once)
  const steps = numbers.slice(1).filter((n, i) => n === numbers[i] + 1 || n === numbers[i]).length;
  const counting = numbers.length >= 2 && steps === numbers.length - 1;
  if ((outline >= 1 || bare >= 3) && outline + bare >= 0.6 * present.length && !counting) return 'outline';
  // a plain numbering: most refs bare numbers, most of them one more than (or
  // the same as) the number before, and more than one number
  const distinct = new Set(numbers).size;
  if (outline === 0 && numbers.length >= 0.6 * present.length && distinct >= 3 && steps >= 0.6 * (numbers.length - 1)) return 'plain';
  return null;
}

/** Restores damaged refs of one ref column (refs in document order, null
 * where a record has none). Returns the changes. */
export function restoreRefs(refs: (string | null)[]): RefFix[] {
  const pattern = columnPattern(refs);
  if (!pattern) return [];
  // rows that repeat the ref before them (a merged cell filled down) are one
  // reading of one ref: restore runs, not rows
  const runs: { raw: string; at: number[] }[] = [];
  refs.forEach((r, i) => {
    if (!r) return;
    const last = runs[runs.length - 1];
    if (last && last.raw === r && last.at[last.at.length - 1] === i - 1) last.at.push(i);
    else runs.push({ raw: r, at: [i] });
  });
  const value = runs.map((r) => (parse(r.raw, pattern) ? r.raw : null));
  const lettersUsed = runs.some((r) => /\d[a-h]$/.test(r.raw));
  // a clean ref that fits neither neighbour while a reading of it would (a
  // plain '3' where the sequence says 1) is damaged too
  if (pattern === 'plain') {
    for (let i = 0; i < runs.length; i++) {
      const next = value[i + 1];
      if (value[i] && next && !follows(value[i]!, next, pattern) && (i === 0 || (value[i - 1] && !follows(value[i - 1]!, value[i]!, pattern)))) value[i] = null;
    }
  }
  const fixes: RefFix[] = [];
  // left to right, so a restored ref is the evidence for the next one
  for (let i = 0; i < runs.length; i++) {
    if (value[i]) continue;
    const raw = runs[i].raw;
    const prev = i > 0 ? value[i - 1] : null;
    const hasPrev = i > 0;
    const nextReadings = i + 1 < runs.length ? (value[i + 1] ? [value[i + 1]!] : readings(runs[i + 1].raw, pattern)) : [];
    const hasNext = i + 1 < runs.length;
    const fits = (c: string) => (prev ? follows(prev, c, pattern) : !hasPrev)
      && (nextReadings.length ? nextReadings.some((n) => follows(c, n, pattern)) : !!prev);
    let pick = readings(raw, pattern).filter(fits);
    if (parse(raw, pattern) && fits(raw)) pick = [];
    if (pick.length === 0 && prev && nextReadings.length === 1) {
      // a glyph no lookalike covers ("A4" read as "Ad", "7" as "ZT") or a
      // lost tail ("2.1" read as "2"): the one ref that fits between its
      // neighbours, if the damaged one has its length and start, or is its start
      const stem = raw.replace(/[.:;,]+$/, '');
      pick = successors(prev, pattern, lettersUsed).filter((c) => follows(c, nextReadings[0], pattern) && c !== nextReadings[0]
        && ((c.length === stem.length && c[0] === stem[0].toUpperCase()) || (/^\d+$/.test(stem) && c.startsWith(`${stem}.`)) || pattern === 'plain'));
    }
    if (pick.length === 0 && !hasPrev && hasNext && nextReadings.length === 1 && pattern === 'plain') {
      // the first number of a plain numbering, damaged: the one before the next
      const n = parseInt(nextReadings[0], 10) - 1;
      if (n >= 1) pick = [String(n)];
    }
    if (pick.length !== 1) continue;
    value[i] = pick[0];
    for (const at of runs[i].at) fixes.push({ index: at, from: raw, to: pick[0] });
  }
  return fixes;
}
