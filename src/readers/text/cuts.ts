// Some exports cut a line of text at fixed column positions, so a title or a
// spanning section row arrives as "Comr<TAB>nunity Engagement DRAFT Imple<TAB>mentation".
// We recognise such a line by its boundaries falling inside words and put the
// pieces back together with a single space (repair joins "Dev velop" later).

/** Does the boundary between two adjacent non-empty cells fall inside a word? */
export function isCutBoundary(left: string, right: string): boolean {
  const l = left.trimEnd();
  const r = right.trimStart();
  if (/[A-Za-z]$/.test(l) && /^[a-z]/.test(r)) return true;
  // "PARTNERSHIP<TAB>S", "INVESTMEN<TAB>T": a short capital fragment
  if (/[A-Z]$/.test(l) && /^[A-Z]{1,2}\b/.test(r)) return true;
  if (/\b[A-Z][a-z]{0,1}$/.test(l) && /^[a-z]/.test(r)) return true;
  // "November 2<TAB>011-2016", "(e.g<TAB>. Adult"
  // (but "2010<TAB>250 staff" is two numbers: a cut number is one of at most
  // four digits)
  if (/\d$/.test(l) && /^\d/.test(r)) return (/\d+$/.exec(l)![0].length + /^\d+/.exec(r)![0].length) <= 4;
  if (/[A-Za-z]$/.test(l) && /^\.\s/.test(r)) return true;
  // a numbered heading in capitals cut anywhere: "2. COMMU" | "NITY COHESION"
  if (/^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][A-Z ,&'’-]*$/.test(l) && /^[A-Z][A-Z ,&'’()\-]*[A-Z)]$/.test(r) && /[A-Z]{2}/.test(r)) return true;
  // a numbered heading cut after its number: "Strand 1" | "– Monitoring and review"
  if (/^\p{L}+ (?:\d{1,3}|[A-Z])$/u.test(l) && /^[\u2013\u2014:-]\s+\p{L}/u.test(r)) return true;
  // the letter at the cut printed on both sides: "Owner: W" | "Wyvernham"
  const lone = /(?:^|[\s:])(\p{Lu})$/u.exec(l);
  if (lone && r.startsWith(lone[1]) && /^\p{Lu}\p{L}+/u.test(r)) return true;
  // no cell starts with a colon or a comma: "Status" | ": DRAFT"
  if (/[A-Za-z]$/.test(l) && /^[:;,]\s/.test(r)) return true;
  // a numbered heading cut after its first word: "Outcome<TAB>1: Stronger voice"
  if (/^\p{L}+(?: \p{L}+){0,2}$/u.test(l) && /^\d+(?:\.\d+)*\s*[:.)\-\u2013]\s+\p{L}/u.test(r)) return true;
  return false;
}

export interface CutLine {
  /** a short leading code kept as its own cell ("G" of an R/A/G key) */
  lead?: { col: number; text: string };
  /** the rejoined text and the columns it came from */
  text: string;
  startCol: number;
  endCol: number;
}

/** Indices of cells that carry text. */
export function filledColumns(cells: string[]): number[] {
  const out: number[] = [];
  cells.forEach((c, i) => {
    if (c.trim()) out.push(i);
  });
  return out;
}

/** If the line's pieces look like one text cut at column boundaries, return it
 * rejoined; otherwise null. */
export function detectCutLine(cells: string[]): CutLine | null {
  const cols = filledColumns(cells);
  if (cols.length < 2) return null;
  for (let i = 1; i < cols.length; i++) if (cols[i] !== cols[i - 1] + 1) return null;
  let start = 0;
  let lead: CutLine['lead'];
  const first = cells[cols[0]].trim();
  if (first.length <= 3 && cols.length >= 3 && !isCutBoundary(first, cells[cols[1]])) {
    lead = { col: cols[0], text: first };
    start = 1;
  }
  const pieces = cols.slice(start).map((c) => cells[c].trim());
  if (pieces.length < 2) return null;
  let cuts = 0;
  for (let i = 1; i < pieces.length; i++) if (isCutBoundary(pieces[i - 1], pieces[i])) cuts++;
  const boundaries = pieces.length - 1;
  if (cuts === 0 || cuts * 2 < boundaries) return null;
  // pieces rejoin with a space (repair joins "Dev velop"), but a number cut in
  // two ("November 2<TAB>011-2016") is put back whole
  let text = pieces[0];
  // and a stop or colon that the cut sent to the next cell goes back ("2013" | ": Delivery")
  for (let i = 1; i < pieces.length; i++) {
    const close = (/\d$/.test(pieces[i - 1]) && /^\d/.test(pieces[i])) || /^[:;,.](?:\s|$)/.test(pieces[i]);
    text += (close ? '' : ' ') + pieces[i];
  }
  return {
    lead,
    text,
    startCol: cols[start],
    endCol: cols[cols.length - 1],
  };
}

/** Split a line's cells into runs separated by empty cells, each run rejoined
 * with single spaces (used for title lines and prose). */
export function textGroups(cells: string[]): string[] {
  const groups: string[] = [];
  let cur: string[] = [];
  for (const c of cells) {
    if (c.trim()) cur.push(c.trim());
    else if (cur.length) {
      groups.push(cur.join(' '));
      cur = [];
    }
  }
  if (cur.length) groups.push(cur.join(' '));
  return groups;
}
