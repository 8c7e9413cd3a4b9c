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
  S: '5', s: '5', Z: '2', z: '2', B: '8', G: '6', b: '6', g: '9', q: '9', T: '7', A: '4', a: '4',
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

interface Run { raw: string; at: number[] }

/** Rows that repeat the ref before them (a merged cell filled down) are one
 * reading of one ref: the column is restored by runs, not rows. */
function runsOf(refs: (string | null)[]): Run[] {
  const runs: Run[] = [];
  refs.forEach((r, i) => {
    if (!r) return;
    const last = runs[runs.length - 1];
    if (last && last.raw === r && last.at[last.at.length - 1] === i - 1) last.at.push(i);
    else runs.push({ raw: r, at: [i] });
  });
  return runs;
}

/** How many neighbouring runs read as one step of the pattern's sequence. */
function chain(runs: Run[], pattern: Pattern): number {
  // runs no reading of which fits the pattern are passed over
  const forms = runs.map((r) => (parse(r.raw, pattern) ? [r.raw] : readings(r.raw, pattern))).filter((f) => f.length);
  let n = 0;
  for (let i = 1; i < forms.length; i++) {
    if (forms[i - 1].some((a) => forms[i].some((b) => a !== b && follows(a, b, pattern)))) n++;
  }
  return n;
}

/** The pattern the column's refs follow. Bare numbers of two digits or more
 * may be outline refs that lost their dots or a plain numbering past 9: the
 * one whose sequence more neighbouring refs continue. */
function columnPattern(runs: Run[]): Pattern | null {
  const present = runs.map((r) => r.raw);
  if (present.length < 3) return null;
  const outline = present.filter((r) => OUTLINE.test(r)).length;
  const lettered = present.filter((r) => LETTERED.test(r)).length;
  const bare = present.filter((r) => /^\d{2,4}[a-h]?$/.test(r)).length;
  if (lettered >= 2 && lettered >= outline && lettered >= 0.3 * present.length) return 'lettered';
  const numbers = present.filter((r) => PLAIN.test(r)).length;
  const plain = outline === 0 && numbers >= 0.6 * present.length && new Set(present).size >= 3 ? chain(runs, 'plain') : -1;
  if ((outline >= 1 || bare >= 3) && outline + bare >= 0.6 * present.length && chain(runs, 'outline') > plain) return 'outline';
  return plain >= 1 && plain >= 0.3 * (present.length - 1) ? 'plain' : null;
}

/** Restores damaged refs of one ref column (refs in document order, null
 * where a record has none). Returns the changes. */
export function restoreRefs(refs: (string | null)[]): RefFix[] {
  const runs = runsOf(refs);
  const pattern = columnPattern(runs);
  if (!pattern) return [];
  const value = pattern === 'plain' ? restorePlain(runs) : restoreOutline(runs, pattern);
  const fixes: RefFix[] = [];
  runs.forEach((r, i) => {
    const v = value[i];
    if (v && v !== r.raw && !(pattern === 'plain' && parse(r.raw, pattern)?.n === Number(v))) {
      for (const at of r.at) fixes.push({ index: at, from: r.raw, to: v });
    }
  });
  return fixes;
}

/** Outline and lettered refs, left to right, so a restored ref is the
 * evidence for the next one. */
function restoreOutline(runs: Run[], pattern: Pattern): (string | null)[] {
  const value = runs.map((r) => (parse(r.raw, pattern) ? r.raw : null));
  const lettersUsed = runs.some((r) => /\d[a-h]$/.test(r.raw));
  for (let i = 0; i < runs.length; i++) {
    if (value[i]) continue;
    const raw = runs[i].raw;
    const prev = i > 0 ? value[i - 1] : null;
    // an unreadable ref before this one says nothing: the next one decides
    const hasPrev = prev !== null;
    const nextReadings = i + 1 < runs.length ? (value[i + 1] ? [value[i + 1]!] : readings(runs[i + 1].raw, pattern)) : [];
    const fits = (c: string) => (prev ? follows(prev, c, pattern) : !hasPrev)
      && (nextReadings.length ? nextReadings.some((n) => follows(c, n, pattern)) : !!prev);
    let pick = readings(raw, pattern).filter(fits);
    const stem = raw.replace(/[.:;,]+$/, '');
    // a glyph no lookalike covers ("A4" read as "Ad", "7.1" as "7%") or a
    // lost tail ("2.1" read as "2"): the one ref that fits between its
    // neighbours (or before the next, for the column's first), if the damaged
    // one has its start
    const like = (c: string) => nextReadings.some((n) => c !== n && follows(c, n, pattern))
      && c[0] === (pattern === 'lettered' ? stem[0].toUpperCase() : DIGIT_LOOKALIKES[stem[0]] ?? stem[0]) && Math.abs(c.length - stem.length) <= 1 + (/^\d+$/.test(stem) ? 1 : 0);
    if (pick.length === 0 && prev && nextReadings.length) pick = closest(stem, successors(prev, pattern, lettersUsed).filter(like));
    if (pick.length === 0 && i === 0 && nextReadings.length) pick = closest(stem, predecessors(nextReadings[0], pattern).filter(like));
    if (pick.length === 1) value[i] = pick[0];
  }
  return value;
}

/** The candidates that agree with the damaged ref longest from its start
 * (dots aside, lookalikes read as digits). */
function closest(stem: string, candidates: string[]): string[] {
  const plainOf = (t: string) => [...t.replace(/\./g, '')].map((ch) => DIGIT_LOOKALIKES[ch] ?? ch).join('');
  const s = plainOf(stem);
  const common = (c: string) => { const t = c.replace(/\./g, ''); let k = 0; while (k < t.length && t[k] === s[k]) k++; return k; };
  const best = Math.max(0, ...candidates.map(common));
  return candidates.filter((c) => common(c) === best);
}

/** The refs right before `ref` within its own level (for a column's first). */
function predecessors(ref: string, pattern: Pattern): string[] {
  const p = parse(ref, pattern);
  if (!p || p.n < 2 || p.sub) return [];
  return [pattern === 'outline' ? `${p.head}.${p.n - 1}` : `${p.head}${p.n - 1}`];
}

/** A plain numbering (1, 2, 3 ...; runs of one number are one run): each
 * run's number is its position plus an offset that holds between restarts
 * and repeats. A run's reading that agrees with a neighbour's offset anchors
 * it; a run between anchors of one offset takes that offset, and between
 * anchors of two offsets the one its reading gives. */
function restorePlain(runs: Run[]): (string | null)[] {
  const read = runs.map((r) => {
    const p = parse(r.raw, 'plain');
    if (p) return p.n;
    const rs = readings(r.raw, 'plain');
    return rs.length === 1 ? Number(rs[0]) : null;
  });
  const offset = read.map((v, i) => (v === null ? null : v - i));
  const anchored = offset.map((o, i) => o !== null && [i - 2, i - 1, i + 1, i + 2].some((j) => offset[j] === o));
  const value: (string | null)[] = runs.map(() => null);
  for (let i = 0; i < runs.length; i++) {
    if (anchored[i]) { value[i] = String(read[i]); continue; }
    let l = i - 1;
    while (l >= 0 && !anchored[l]) l--;
    let r = i + 1;
    while (r < runs.length && !anchored[r]) r++;
    const ol = l >= 0 ? offset[l]! : null;
    const or = r < runs.length ? offset[r]! : null;
    const options = [...new Set([ol, or].filter((o): o is number => o !== null).map((o) => i + o))].filter((n) => n >= 1);
    const digits = readings(runs[i].raw, 'plain').concat(parse(runs[i].raw, 'plain') ? [String(parse(runs[i].raw, 'plain')!.n)] : []);
    // a reading that is one of the options, or starts with it ('Ss' for 5)
    const agreed = options.filter((n) => digits.some((d) => d === String(n) || d.startsWith(String(n))));
    if (agreed.length === 1) value[i] = String(agreed[0]);
    else if (options.length === 1 && (ol === or || read[i] === null || l < 0)) value[i] = String(options[0]);
  }
  return value;
}
