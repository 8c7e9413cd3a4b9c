// Copies whose separators lie: a web table flattened to one cell per line, a
// PDF's text in content order. Only the text says where a row starts and which
// column a piece belongs to. We find the header's labels (one per line, or run
// together on one line), then place every line by a best path over the whole
// table: each line is a cell's first line, a cell's next line, a row's first
// cell or a section heading across the table. A path is scored by how well
// each line's kind (ref, date, money, RAG word, name, body...) fits its
// column, learnt from the file itself in a few rounds, and by what the breaks
// between lines say (a blank line between cells, where the copy keeps one).
import type { Block, ColumnField } from '../../model.ts';
import { dropChrome } from './chrome.ts';
import { labelKey, nextHeader, readingAt, splitLabels, type ContentReading, type Unit } from './content-header.ts';
import { toGrid, type Row } from './joined.ts';
import { fieldKinds, isBullet, KINDS, MONTH_TITLED, pieceKind, REF_FORM, type PieceKind } from './kinds.ts';
import { kindLogShare } from './profile.ts';
import { proseBlocks } from './prose.ts';
import type { TextLine } from './rows.ts';
import { CONTENT_SETTINGS, PROFILE_SETTINGS } from './settings.ts';

const STRONG_KINDS = new Set<PieceKind>(['date', 'money', 'rag', 'ref']);

const { cost: COST, blankPrior: BLANK_PRIOR, blankPriorWeight: BLANK_PRIOR_WEIGHT, rounds: ROUNDS, smooth: SMOOTH, unexpected: UNEXPECTED } = CONTENT_SETTINGS;
const PRIOR_WEIGHT = PROFILE_SETTINGS.priorWeight;

const DATE_PHRASE = String.raw`(?:(?:[Bb]y|[Ee]nd of|[Ff]rom)?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?${MONTH_TITLED}(?:\s+\d{2,4})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|On-?going|Annually|Quarterly|TBC)`;
/** Where one line holds the end of a cell and the start of the next: a ref
 * opening the line, a RAG word closing it, a date or money after a name, a
 * name after a date. `whole` names the group that is one piece, not cut again. */
const CUTS: { re: RegExp; whole?: 'a' | 'b' }[] = [
  { re: new RegExp(String.raw`^(?<a>${REF_FORM})\s+(?<b>\S.*)$`), whole: 'a' },
  { re: /^(?<a>.*\S)\s+(?<b>R|A|G|Red|Amber|Green|Complete[d]?)$/, whole: 'b' },
  { re: new RegExp(String.raw`^(?<a>.*?\S)\s+(?<b>${DATE_PHRASE})(?<c>\s+\S.*)?$`), whole: 'b' },
  { re: new RegExp(String.raw`^(?<a>${DATE_PHRASE})\s+(?<b>[\p{Lu}£].*)$`, 'u'), whole: 'a' },
  { re: /^(?<a>.*[^\s£])\s+(?<b>£.*)$/ },
];

/** A line of a copy without blank lines cut where its kinds change. */
function cutLine(u: Unit): Unit[] {
  for (const { re, whole } of CUTS) {
    const m = re.exec(u.text);
    if (!m?.groups) continue;
    const { a, b, c } = m.groups;
    // a numbered heading keeps its number ("1. EQUALITY AND COHESION")
    if (re === CUTS[0].re && u.kind === 'heading' && /^\d+\./.test(u.text)) continue;
    // a lower-case word after the cut goes on the sentence before it
    if (!a || !b || (/^\p{Ll}/u.test(b) && !/^(?:by|end of|from)\b/.test(b))) continue;
    const parts = [
      { text: a, whole: whole === 'a' },
      { text: b, whole: whole === 'b' },
      { text: c?.trim() ?? '', whole: false },
    ].filter((p) => p.text);
    return parts.flatMap((p, k) => {
      const piece = { ...u, text: p.text, blank: k === 0 ? u.blank : false, gap: k === 0 ? u.gap : 0, sameLine: k === 0 ? u.sameLine : true, kind: pieceKind(p.text) };
      return p.whole ? [piece] : cutLine(piece);
    });
  }
  return [u];
}

type Move = 'cont' | 'cell' | 'row' | 'section';
interface Step {
  col: number;
  move: Move;
}

/** How well each kind fits each column: the header's expectation, then the file's counts. */
class Profile {
  private counts: number[][];
  private conts: number[];
  /** per move (cont, cell, row): lines after a blank line, all lines */
  private blanks = { cont: [0, 0], cell: [0, 0], row: [0, 0] };
  constructor(private fields: (ColumnField | null)[]) {
    this.counts = fields.map(() => KINDS.map(() => 0));
    this.conts = KINDS.map(() => 0);
  }
  learn(us: Unit[], path: Step[]): void {
    this.counts = this.fields.map(() => KINDS.map(() => 0));
    this.conts = KINDS.map(() => 0);
    this.blanks = { cont: [0, 0], cell: [0, 0], row: [0, 0] };
    path.forEach((s, i) => {
      const k = KINDS.indexOf(us[i].kind);
      if (s.move === 'cont') this.conts[k]++;
      else if (s.move !== 'section') this.counts[s.col][k]++;
      const b = this.blanks[s.move === 'section' ? 'row' : s.move];
      if (i > 0) {
        b[0] += us[i].blank ? 1 : 0;
        b[1]++;
      }
    });
  }
  /** What the break before a line says of the move: log P(blank or not | move). */
  mark(move: 'cont' | 'cell' | 'row', blank: boolean): number {
    const [seen, all] = this.blanks[move];
    const p = (seen + BLANK_PRIOR_WEIGHT * BLANK_PRIOR[move]) / (all + BLANK_PRIOR_WEIGHT);
    return Math.log(blank ? p : 1 - p);
  }
  start(col: number, kind: PieceKind): number {
    const prior = fieldKinds(this.fields[col]);
    const p = prior.includes(kind) ? 1 / prior.length : prior.length ? UNEXPECTED : 1 / KINDS.length;
    const row = this.counts[col];
    const total = row.reduce((a, b) => a + b, 0);
    return kindLogShare(row[KINDS.indexOf(kind)], total, PRIOR_WEIGHT * p, PRIOR_WEIGHT, SMOOTH, KINDS.length);
  }
  cont(col: number, kind: PieceKind): number {
    const base: Record<PieceKind, number> = { bullet: 0.35, long: 0.25, short: 0.12, name: 0.1, date: 0.08, money: 0.04, heading: 0.02, ref: 0.005, rag: 0.005 };
    const total = this.conts.reduce((a, b) => a + b, 0);
    const global = (this.conts[KINDS.indexOf(kind)] + PRIOR_WEIGHT * base[kind]) / (total + PRIOR_WEIGHT);
    return Math.log(0.5 * global + 0.5 * Math.exp(this.start(col, kind)));
  }
}

const SECTION_FIT: Record<PieceKind, number> = { heading: -0.3, name: -3, short: -4, long: -5, bullet: -8, date: -8, money: -8, ref: -8, rag: -8 };

/** The best path through the body: a column and a move for every line. */
function bestPath(us: Unit[], n: number, profile: Profile, blankCells: boolean, wrapped: boolean): Step[] {
  // a word processor's export: one paragraph a line, a blank line an empty cell
  const emptyLines = !blankCells && !wrapped && us.some((u) => u.blank);
  const S = n; // the section state
  const states: Step[] = [];
  for (let c = 0; c < n; c++) for (const move of ['cont', 'cell', 'row'] as Move[]) states.push({ col: c, move });
  states.push({ col: S, move: 'section' });
  const m = states.length;
  let score = new Float64Array(m).fill(-Infinity);
  const back: Int32Array[] = [];
  const emit = (st: Step, u: Unit, prevText: string): number => {
    if (st.move === 'section') return SECTION_FIT[u.kind];
    if (st.move === 'cont') {
      let s = profile.cont(st.col, u.kind);
      if (/^\p{Ll}/u.test(u.text) || /[:,]$/.test(prevText)) s += 0.7;
      if (isBullet(u.text)) s += 0.3;
      // a date, money, a RAG word or a ref after a line of another kind opens a cell
      if (STRONG_KINDS.has(u.kind) && pieceKind(prevText) !== u.kind) s -= COST.kindChange;
      return s;
    }
    // in a copy wrapped over lines a line in lower case goes on the line before
    return profile.start(st.col, u.kind) - (wrapped && /^\p{Ll}/u.test(u.text) ? COST.lowerStart : 0);
  };
  const trans = (a: Step, b: Step, u: Unit): number => {
    const prevEnd = a.move === 'section' ? n - 1 : a.col;
    if (b.move === 'cont') {
      if (a.move === 'section' || a.col !== b.col) return -Infinity;
      if (emptyLines && u.blank) return -Infinity;
      // (one paragraph a line: a cell's next paragraph is mostly a list item)
      if (emptyLines && !isBullet(u.text)) return -COST.paragraphInCell;
      return blankCells ? profile.mark('cont', u.blank) : 0;
    }
    if (b.move === 'cell') {
      if (a.move === 'section' || b.col <= a.col) return -Infinity;
      // one paragraph a line: each blank line is an empty cell
      if (emptyLines) return -COST.skipCell * Math.abs(b.col - a.col - 1 - u.gap);
      const skip = -COST.skipCell * (b.col - a.col - 1);
      return skip + (blankCells ? profile.mark('cell', u.blank) : -COST.lineCellBreak);
    }
    // a new row (or a section heading across the table)
    const empties = n - 1 - prevEnd + (b.move === 'row' ? b.col : 0);
    if (emptyLines && b.move === 'row') return -COST.skipCell * Math.abs(empties - u.gap);
    const trailing = -COST.trailing * (n - 1 - prevEnd);
    const leading = b.move === 'row' ? -COST.leading * b.col : 0;
    return trailing + leading + (blankCells ? profile.mark('row', u.blank) : -COST.lineCellBreak);
  };
  // the first line opens a row or a section
  states.forEach((st, j) => {
    if (st.move === 'row') score[j] = -COST.leading * st.col + emit(st, us[0], '');
    if (st.move === 'section') score[j] = emit(st, us[0], '');
  });
  for (let i = 1; i < us.length; i++) {
    const next = new Float64Array(m).fill(-Infinity);
    const bk = new Int32Array(m).fill(-1);
    for (let j = 0; j < m; j++) {
      const e = emit(states[j], us[i], us[i - 1].text);
      for (let k = 0; k < m; k++) {
        if (score[k] === -Infinity) continue;
        const t = trans(states[k], states[j], us[i]);
        if (t === -Infinity) continue;
        const s = score[k] + t + e;
        if (s > next[j]) {
          next[j] = s;
          bk[j] = k;
        }
      }
    }
    back.push(bk);
    score = next;
  }
  // the last row's trailing empty cells
  let best = -1;
  let bestScore = -Infinity;
  states.forEach((st, j) => {
    const s = score[j] - (st.move === 'section' ? 0 : COST.trailing * (n - 1 - st.col));
    if (s > bestScore) [best, bestScore] = [j, s];
  });
  const path: Step[] = Array(us.length);
  for (let i = us.length - 1; i >= 0; i--) {
    path[i] = states[best];
    if (i > 0) best = back[i - 1][best];
  }
  return path;
}

function pathRows(us: Unit[], path: Step[], n: number): Row[] {
  const rows: Row[] = [];
  let cur: Row | null = null;
  path.forEach((st, i) => {
    const u = us[i];
    if (st.move === 'section') {
      rows.push({ cells: [], no: u.no, page: u.page, section: u.text });
      cur = null;
      return;
    }
    const text = isBullet(u.text) ? '• ' + u.text.replace(/^\s*\S\s+/, '') : u.text;
    if (st.move === 'row' || !cur) {
      cur = { cells: Array(n).fill(''), no: u.no, page: u.page };
      rows.push(cur);
    }
    const row: Row = cur;
    row.cells[st.col] = row.cells[st.col] ? row.cells[st.col] + (u.sameLine ? ' ' : '\n') + text : text;
  });
  return rows;
}


/** The body of one table: repeated headers dropped, lines cut by kind where cells wrap. */
function tableBody(rest: Unit[], reading: ContentReading): { body: Unit[]; repeats: number } {
  const n = reading.labels.length;
  const labelKeys = new Set(reading.labels.map(labelKey));
  const body: Unit[] = [];
  let repeats = 0;
  for (let i = 0; i < rest.length; i++) {
    let j = i;
    while (j < rest.length && labelKeys.has(labelKey(rest[j].text)) && j - i < n) j++;
    // a header run together on one line, repeated at a page break
    const together = splitLabels(rest[i].text);
    const repeated = !!together && together.length >= Math.min(3, n) && together.every((l) => labelKeys.has(labelKey(l)));
    if (j - i >= Math.min(3, n) || repeated) {
      if (repeated) j = i + 1;
      repeats++;
      i = j - 1;
      continue;
    }
    if (reading.blankCells || !reading.wrapped) body.push(rest[i]);
    else body.push(...cutLine(rest[i]));
  }
  return { body, repeats };
}

/** Each table of the copy read by content; `explained` counts the rows of
 * two cells or more, the evidence for this reading. */
export function readContent(lines: TextLine[], first: ContentReading): { blocks: Block[]; notes: string[]; explained: number } {
  const us = first.units;
  const before = us.slice(0, first.start).flatMap((u) => [{ text: u.text, no: u.no, page: u.page }, { text: '', no: u.no, page: u.page }]);
  const chrome = dropChrome(before);
  const blocks: Block[] = proseBlocks(chrome.lines);
  let explained = 0;
  let repeats = 0;
  let tables = 0;
  // one table per header; a later header naming other labels starts the next
  for (let reading: ContentReading | null = first; reading; ) {
    const next = nextHeader(us, reading);
    const { body, repeats: r } = tableBody(us.slice(reading.end, next ? next.start : us.length), reading);
    repeats += r;
    const n = reading.labels.length;
    if (body.length) {
      const profile = new Profile(reading.fields);
      let path: Step[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        path = bestPath(body, n, profile, reading.blankCells, reading.wrapped);
        profile.learn(body, path);
      }
      const rows = pathRows(body, path, n);
      const head = { no: us[reading.start].no, page: us[reading.start].page, raw: '', cells: [] };
      blocks.push({ type: 'table', grid: toGrid(reading.labels, rows, head) });
      explained += rows.filter((row) => row.section === undefined && row.cells.filter(Boolean).length >= 2).length;
      tables++;
    }
    reading = next ? readingAt(us, next) : null;
  }
  const notes: string[] = [];
  if (!tables) return { blocks, notes, explained: 0 };
  notes.push(
    `text copy: table rows rebuilt from the cells' content (${first.blankCells ? 'one cell per paragraph' : 'one piece per line'}, ${tables} table(s), ${explained} rows; weak evidence: check the rows)`,
  );
  if (repeats) notes.push(`text copy: ${repeats} repeated header(s) removed`);
  if (chrome.removed) notes.push(`text copy: ${chrome.removed} line(s) of site chrome or repeats removed`);
  return { blocks, notes, explained };
}
