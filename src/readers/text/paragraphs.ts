// One cell per paragraph: a web table copied as paragraphs, a blank line after
// every cell, no marks at all.
import type { Block } from '../../model.ts';
import { looksLikeHeader, mapHeaderRow } from '../../normalise/headers.ts';
import { dropChrome } from './chrome.ts';
import { toGrid, type Row } from './joined.ts';
import { lineKind } from './kinds.ts';
import { proseBlocks, type ProseLine } from './prose.ts';
import type { TextLine } from './rows.ts';
import { segmentScored, type Token } from './segment.ts';

// The header is the first run of short label
// paragraphs that reads as a plan header (a label wrapped onto a paragraph of
// its own, "& Review Date", rejoined); every later paragraph is the next cell,
// rows taking as many cells as the header has labels. Paragraphs holding only
// white space are empty paragraphs inside a cell, not cells.
//
// A word processor's text export (one paragraph a line, an empty line an
// empty cell) does not mark where a cell of several paragraphs ends: its rows
// are the split that best fits what each column holds (segment.ts).
//
// Some copies mark an empty cell by an extra blank line instead (one blank
// line between cells, two or more round an empty one). There the header's
// column count lies (unlabelled columns), so rows come from content: numbered
// items in sequence ("1.", "2.", ...) open rows, a numbered item right before
// one of the same number is the group cell in the column before it, and the
// labels stand over the columns their blank lines count out.

interface Para {
  text: string;
  no: number;
  page: number;
  /** blank lines right before the paragraph */
  gap: number;
}

/** A word processor's text export: one paragraph a line, an empty line an
 * empty cell. Told by the lines themselves: few lines stand before a blank. */
function linePerParagraph(lines: TextLine[]): boolean {
  let text = 0;
  let beforeBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].raw.trim()) continue;
    text++;
    if (i + 1 < lines.length && !lines[i + 1].raw.trim()) beforeBlank++;
  }
  return text >= 20 && beforeBlank < text * LINE_PARA_MAX_BLANK_SHARE;
}

function paragraphs(lines: TextLine[], perLine: boolean): Para[] {
  const out: Para[] = [];
  if (perLine) return lines.map((l) => ({ text: l.raw.trim(), no: l.no, page: l.page, gap: 0 }));
  let cur: Para | null = null;
  let gap = 0;
  for (const l of lines) {
    if (!l.raw.trim()) {
      // a line of white space only is an empty paragraph of its own
      if (l.raw.length > 0 && /^[\s\u00a0]+$/.test(l.raw)) {
        out.push({ text: '', no: l.no, page: l.page, gap });
        gap = 0;
      } else gap++;
      cur = null;
      continue;
    }
    if (cur) cur.text += ' ' + l.raw.trim();
    else {
      cur = { text: l.raw.trim(), no: l.no, page: l.page, gap };
      out.push(cur);
    }
    gap = 0;
  }
  return out;
}

const LABEL_MAX = 40;
/** a reference cell: a short code holding a digit ("3", "2.1", "A4") */
const REF_LIKE = /^(?=\S*\d)[\w.()/-]{1,12}$/;
/** below this share of text lines right before a blank one, every line is a paragraph */
const LINE_PARA_MAX_BLANK_SHARE = 0.3;
/** a numbered item ("1. Adopt ...", "2) ..."): a row's opening cell, never a label */
const NUMBERED = /^(\d{1,3})[.)]\s+\S/;
/** a short abbreviation with its stop ("Ref.", "Action No.") still reads as a label */
const ABBREV = /^\p{L}{1,4}\.$|^(?:\p{L}+\s+){1,2}\p{L}{1,3}\.$/u;
/** a numbered heading over a group of rows ("Theme 1 – Mapping", "Objective 2: ...") */
const NUMBERED_HEADING = /^\p{L}+\.?\s+\d{1,2}(?:\.\d{1,2})*\s*[:.–—-]\s*\S/u;
const isLabel = (t: string) =>
  !!t &&
  t.length <= LABEL_MAX &&
  t.split(/\s+/).length <= 6 &&
  (!/[.;:,]$/.test(t) || ABBREV.test(t)) &&
  !NUMBERED.test(t) &&
  !REF_LIKE.test(t) &&
  !NUMBERED_HEADING.test(t);

export interface ParaReading {
  start: number;
  end: number;
  labels: string[];
  /** the blank lines before each label */
  gaps: number[];
  paras: Para[];
  /** empty cells are marked by extra blank lines; rows open at numbered items */
  gapped: boolean;
  /** one paragraph a line: an empty line is an empty cell */
  perLine: boolean;
}

/** Extra blank lines mark empty cells: cells are mostly one blank line
 * apart, and some two or more. */
function marksEmptyByGaps(body: Para[]): boolean {
  const gaps = body.filter((p) => p.text).map((p) => p.gap);
  const single = gaps.filter((g) => g === 1).length;
  const wide = gaps.filter((g) => g >= 2).length;
  return wide >= 2 && single > wide && !body.some((p) => !p.text);
}

/** Numbered items in sequence (1, 2, 3 ...) among the paragraphs: how many. */
function numberedRun(body: Para[]): number {
  let next = -1;
  let n = 0;
  for (const p of body) {
    const m = NUMBERED.exec(p.text);
    if (!m) continue;
    const k = Number(m[1]);
    if (next < 0 || k === next) {
      n++;
      next = k + 1;
    }
  }
  return n;
}

/** The header of a table copied one cell per paragraph, or null. */
export function findParaHeader(lines: TextLine[]): ParaReading | null {
  if (lines.some((l) => l.raw.includes('\t'))) return null;
  const perLine = linePerParagraph(lines);
  const paras = paragraphs(lines, perLine);
  for (let i = 0; i < paras.length; i++) {
    if (!isLabel(paras[i].text)) continue;
    let j = i;
    while (j < paras.length && isLabel(paras[j].text)) j++;
    // the labels are the run's last short paragraphs (a title may stand above
    // them): the start that names the most fields and whose first label names one
    let best: ParaReading | null = null;
    let bestScore = -1;
    const body = paras.slice(j);
    const gapped = !perLine && marksEmptyByGaps(body) && numberedRun(body) >= 2;
    for (let s = i; s <= j - 3; s++) {
      const labels: string[] = [];
      const gaps: number[] = [];
      for (const p of paras.slice(s, j)) {
        if (labels.length && /^[&/(\p{Ll}]/u.test(p.text)) labels[labels.length - 1] += ' ' + p.text;
        else {
          labels.push(p.text);
          gaps.push(p.gap);
        }
      }
      const fields = mapHeaderRow(labels);
      const named = fields.filter(Boolean).length;
      // with rows numbered in sequence, any header naming three fields will do
      if (labels.length < 3 || !(looksLikeHeader(labels) || (gapped && named >= 3))) continue;
      const score = named * 2 + (fields[0] ? 1 : 0);
      if (score > bestScore) [best, bestScore] = [{ start: s, end: j, labels, gaps, paras, gapped, perLine }, score];
    }
    if (best) return best;
    i = j;
  }
  return null;
}

/** Rows of a gapped copy: cells in turn, an extra blank line an empty cell,
 * a numbered item in sequence opening a row; a numbered item right before
 * another of the same number is the group cell before the row's first. */
function gappedRows(body: Para[]): { rows: Row[]; anchor: number } {
  const rows: Array<Row & { pre: string[] }> = [];
  let cur: (Row & { pre: string[] }) | null = null;
  let next = -1;
  for (const p of body) {
    if (!p.text) continue;
    const m = NUMBERED.exec(p.text);
    const k = m ? Number(m[1]) : NaN;
    if (m && cur && cur.cells.length === 1 && k === next - 1) {
      // the row so far held one numbered item of the same number: a group cell
      cur.pre.push(cur.cells[0]);
      cur.cells = [p.text];
      continue;
    }
    if (m && (next < 0 || k === next)) {
      cur = { cells: [p.text], pre: [], no: p.no, page: p.page };
      rows.push(cur);
      next = k + 1;
      continue;
    }
    if (!cur) continue;
    for (let e = 1; e < p.gap; e++) cur.cells.push('');
    cur.cells.push(p.text);
  }
  const anchor = Math.max(0, ...rows.map((r) => r.pre.length));
  const out = rows.map((r) => {
    const cells = [...Array(anchor - r.pre.length).fill(''), ...r.pre, ...r.cells];
    while (cells.length > anchor + 1 && !cells[cells.length - 1]) cells.pop();
    return { cells, no: r.no, page: r.page };
  });
  return { rows: out, anchor };
}

/** Labels over the columns their blank lines count out (an extra blank line
 * an unlabelled column), pulled left to fit the rows' width. */
function placeLabels(labels: string[], gaps: number[], width: number): string[] {
  const pos: number[] = [];
  labels.forEach((_, i) => pos.push(i === 0 ? 0 : pos[i - 1] + Math.max(1, gaps[i])));
  const n = Math.max(width, labels.length);
  for (let i = labels.length - 1; i >= 0; i--) pos[i] = Math.min(pos[i], (i + 1 < labels.length ? pos[i + 1] : n) - 1);
  const out: string[] = Array(n).fill('');
  labels.forEach((l, i) => (out[pos[i]] = l));
  return out;
}

function readGapped(reading: ParaReading): { rows: Row[]; labels: string[] } {
  const { rows } = gappedRows(reading.paras.slice(reading.end));
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const labels = placeLabels(reading.labels, reading.gaps, width);
  return { rows: rows.map((r) => ({ ...r, cells: [...r.cells, ...Array(labels.length - r.cells.length).fill('')] })), labels };
}

/** One paragraph a line: the split of the paragraphs into cells that best
 * fits what each column holds (segment.ts); a heading across the table is a
 * row of one cell. */
function perLineRows(body: Para[], labels: string[], lastLabel: Para): { rows: Row[]; labels: string[] } {
  let last = body.length;
  while (last > 0 && !body[last - 1].text) last--;
  const toToken = (p: Para): Token => ({ text: p.text, sep: 'line', no: p.no, page: p.page });
  const tokens = body.slice(0, last).map(toToken);
  let best = { ...segmentScored(tokens, labels, { dropLeading: false }), labels };
  // the last short paragraph may be the first rows' heading rather than a label: the better fit decides
  if (labels.length >= 4 && labels[labels.length - 1] === lastLabel.text) {
    const shorter = labels.slice(0, -1);
    const alt = segmentScored([toToken(lastLabel), ...tokens], shorter, { dropLeading: false });
    if (alt.cost < best.cost) best = { ...alt, labels: shorter };
  }
  const rows = best.rows.map((r) =>
    r.section !== undefined ? { cells: [], section: r.section, no: r.no, page: r.page } : { cells: r.cells, no: r.no, page: r.page },
  );
  return { rows, labels: best.labels };
}

/** A blank line after every cell: cells in turn, a paragraph unlike its
 * column and like the column before it a second paragraph of the cell before. */
function paragraphRows(body: Para[], labels: string[]): Row[] {
  const cells = body.filter((p) => p.text);
  const n = labels.length;
  // first reading: cells in turn; it tells what each column holds
  const profile: string[] = [];
  for (let c = 0; c < n; c++) {
    const kinds = cells.filter((p, k) => k % n === c && p.text).map((p) => lineKind(p.text));
    profile.push(kinds.sort((a, b) => kinds.filter((x) => x === b).length - kinds.filter((x) => x === a).length)[0] ?? 'text');
  }
  const rows: Row[] = [];
  let cur: Row | null = null;
  let blankBefore = false;
  for (const p of body) {
    const c: number = cur ? cur.cells.length : 0;
    if (!p.text) {
      blankBefore = true;
      continue;
    }
    const kind = lineKind(p.text);
    // after empty paragraphs, a paragraph unlike the next column and like the
    // first one starts a row: the cells left were empty
    if (cur && blankBefore && c < n && kind !== profile[c] && kind === profile[0]) cur = null;
    blankBefore = false;
    if (cur && c > 0 && c < n && kind !== profile[c] && kind === profile[c - 1] && profile[c] !== profile[c - 1]) {
      cur.cells[c - 1] += '\n' + p.text;
      continue;
    }
    if (!cur || c >= n) {
      cur = { cells: [], no: p.no, page: p.page };
      rows.push(cur);
    }
    cur.cells.push(p.text);
  }
  return rows;
}

export function readParagraphCells(lines: TextLine[], reading: ParaReading): { blocks: Block[]; notes: string[] } {
  const { paras, start, end } = reading;
  const before: ProseLine[] = [];
  for (const p of paras.slice(0, start)) before.push({ text: p.text, no: p.no, page: p.page }, { text: '', no: p.no, page: p.page });
  const chrome = dropChrome(before);
  const blocks: Block[] = proseBlocks(chrome.lines);
  const head = { no: paras[start].no, page: paras[start].page, raw: '', cells: [] };
  if (reading.gapped) {
    const g = readGapped(reading);
    blocks.push({ type: 'table', grid: toGrid(g.labels, g.rows, head) });
    const notes = ['text copy: table copied one cell per paragraph, an extra blank line for an empty cell; rows opened at numbered items (weak evidence: check the rows)'];
    if (chrome.removed) notes.push(`text copy: ${chrome.removed} line(s) of site chrome or repeats removed`);
    return { blocks, notes };
  }
  let rows: Row[];
  let labels = reading.labels;
  if (reading.perLine) ({ rows, labels } = perLineRows(paras.slice(end), reading.labels, paras[end - 1]));
  else rows = paragraphRows(paras.slice(end), labels);
  // a short last row lost its later cells (the copy ends there): keep it left-aligned
  const grid = toGrid(labels, rows.map((r) => ({ ...r, cells: [...r.cells, ...Array(Math.max(0, labels.length - r.cells.length)).fill('')] })), head);
  blocks.push({ type: 'table', grid });
  const notes = ['text copy: table copied one cell per paragraph; rows rebuilt from the header\'s column count (weak evidence: check the rows)'];
  if (chrome.removed) notes.push(`text copy: ${chrome.removed} line(s) of site chrome or repeats removed`);
  return { blocks, notes };
}
