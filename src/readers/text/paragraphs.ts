// One cell per paragraph: a web table copied as paragraphs, a blank line after
// every cell, no marks at all.
import type { Block } from '../../model.ts';
import { looksLikeHeader, mapHeaderRow } from '../../normalise/headers.ts';
import { dropChrome } from './chrome.ts';
import { pieceKind, toGrid, type Row } from './joined.ts';
import { proseBlocks, type ProseLine } from './prose.ts';
import type { TextLine } from './rows.ts';

// The header is the first run of short label
// paragraphs that reads as a plan header (a label wrapped onto a paragraph of
// its own, "& Review Date", rejoined); every later paragraph is the next cell,
// rows taking as many cells as the header has labels. Paragraphs holding only
// white space are empty paragraphs inside a cell, not cells.

interface Para {
  text: string;
  no: number;
  page: number;
}

function paragraphs(lines: TextLine[]): Para[] {
  const out: Para[] = [];
  let cur: Para | null = null;
  for (const l of lines) {
    if (!l.raw.trim()) {
      // a line of white space only is an empty paragraph of its own
      if (l.raw.length > 0 && /^[\s\u00a0]+$/.test(l.raw)) out.push({ text: '', no: l.no, page: l.page });
      cur = null;
      continue;
    }
    if (cur) cur.text += ' ' + l.raw.trim();
    else {
      cur = { text: l.raw.trim(), no: l.no, page: l.page };
      out.push(cur);
    }
  }
  return out;
}

const LABEL_MAX = 40;
const isLabel = (t: string) => !!t && t.length <= LABEL_MAX && t.split(/\s+/).length <= 6 && !/[.;:,]$/.test(t);

export interface ParaReading {
  start: number;
  end: number;
  labels: string[];
  paras: Para[];
}

/** The header of a table copied one cell per paragraph, or null. */
export function findParaHeader(lines: TextLine[]): ParaReading | null {
  if (lines.some((l) => l.raw.includes('\t'))) return null;
  const paras = paragraphs(lines);
  for (let i = 0; i < paras.length; i++) {
    if (!isLabel(paras[i].text)) continue;
    let j = i;
    while (j < paras.length && isLabel(paras[j].text)) j++;
    // the labels are the run's last short paragraphs (a title may stand above
    // them): the start that names the most fields and whose first label names one
    let best: ParaReading | null = null;
    let bestScore = -1;
    for (let s = i; s <= j - 3; s++) {
      const labels: string[] = [];
      for (const p of paras.slice(s, j)) {
        if (labels.length && /^[&/(\p{Ll}]/u.test(p.text)) labels[labels.length - 1] += ' ' + p.text;
        else labels.push(p.text);
      }
      if (labels.length < 3 || !looksLikeHeader(labels)) continue;
      const fields = mapHeaderRow(labels);
      const score = fields.filter(Boolean).length * 2 + (fields[0] ? 1 : 0);
      if (score > bestScore) [best, bestScore] = [{ start: s, end: j, labels, paras }, score];
    }
    if (best) return best;
    i = j;
  }
  return null;
}

export function readParagraphCells(lines: TextLine[], reading: ParaReading): { blocks: Block[]; notes: string[] } {
  const { paras, start, end, labels } = reading;
  const before: ProseLine[] = [];
  for (const p of paras.slice(0, start)) before.push({ text: p.text, no: p.no, page: p.page }, { text: '', no: p.no, page: p.page });
  const chrome = dropChrome(before);
  const blocks: Block[] = proseBlocks(chrome.lines);
  const cells = paras.slice(end).filter((p) => p.text);
  const n = labels.length;
  // first reading: cells in turn; it tells what each column holds
  const profile: string[] = [];
  for (let c = 0; c < n; c++) {
    const kinds = cells.filter((_, k) => k % n === c).map((p) => pieceKind(p.text));
    profile.push(kinds.sort((a, b) => kinds.filter((x) => x === b).length - kinds.filter((x) => x === a).length)[0] ?? 'text');
  }
  // second reading: a paragraph unlike its column and like the column before
  // it is a second paragraph of the cell before
  const rows: Row[] = [];
  let cur: Row | null = null;
  let blankBefore = false;
  for (const p of paras.slice(end)) {
    if (!p.text) {
      blankBefore = true;
      continue;
    }
    const kind = pieceKind(p.text);
    const c: number = cur ? cur.cells.length : 0;
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
  // a short last row lost its later cells (the copy ends there): keep it left-aligned
  const grid = toGrid(labels, rows.map((r) => ({ ...r, cells: [...r.cells, ...Array(Math.max(0, labels.length - r.cells.length)).fill('')] })), { no: paras[start].no, page: paras[start].page, raw: '', cells: [] });
  blocks.push({ type: 'table', grid });
  const notes = ['text copy: table copied one cell per paragraph; rows rebuilt from the header\'s column count (weak evidence: check the rows)'];
  if (chrome.removed) notes.push(`text copy: ${chrome.removed} line(s) of site chrome or repeats removed`);
  return { blocks, notes };
}
