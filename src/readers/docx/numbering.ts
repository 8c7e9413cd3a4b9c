// word/numbering.xml: which paragraphs are list items, bullet or numbered,
// and the number Word shows for each numbered item.
import { parseXml, type El } from './xml.ts';
import type { Styles } from './styles.ts';

export interface Level {
  /** ilvl as written */
  level: string;
  ordered: boolean;
  paragraphStyleId?: string;
  start: number;
  numFmt: string;
  lvlText: string;
  /** restart after an item of a level above this one (0-based), -1 never; default: any higher level */
  restart: number | null;
}

interface AbstractNum {
  levels: Map<string, Level>;
  numStyleLink?: string;
}

export interface Numbering {
  nums: Map<string, { abstractNumId?: string; startOverrides: Map<string, number> }>;
  abstracts: Map<string, AbstractNum>;
  byParagraphStyle: Map<string, Level>;
  styles: Styles;
}

export function emptyNumbering(styles: Styles): Numbering {
  return { nums: new Map(), abstracts: new Map(), byParagraphStyle: new Map(), styles };
}

const SKIP = new Set(['w:rPr', 'w:pPr', 'mc:Choice', 'w:numPicBullet']);

function readLevel(el: El, level: string): Level {
  const numFmt = el.first('w:numFmt')?.attrs['w:val'];
  const start = Number.parseInt(el.first('w:start')?.attrs['w:val'] ?? '1', 10);
  const restart = el.first('w:lvlRestart')?.attrs['w:val'];
  return {
    level,
    ordered: numFmt !== 'bullet',
    paragraphStyleId: el.first('w:pStyle')?.attrs['w:val'],
    start: Number.isFinite(start) ? start : 1,
    numFmt: numFmt ?? 'decimal',
    lvlText: el.first('w:lvlText')?.attrs['w:val'] ?? '',
    restart: restart === undefined ? null : Number.parseInt(restart, 10) - 1,
  };
}

export function readNumbering(xml: string, styles: Styles): Numbering {
  const root = parseXml(xml, { skip: SKIP });
  const numbering = emptyNumbering(styles);
  for (const el of root.children) {
    if (typeof el === 'string') continue;
    if (el.name === 'w:abstractNum') {
      const levels = new Map<string, Level>();
      // a level without w:ilvl stands for level 0 when there is none
      let unindexed: Level | null = null;
      for (const lvl of el.children) {
        if (typeof lvl === 'string' || lvl.name !== 'w:lvl') continue;
        const ilvl = lvl.attrs['w:ilvl'];
        if (ilvl === undefined) unindexed = readLevel(lvl, '0');
        else levels.set(ilvl, readLevel(lvl, ilvl));
      }
      if (unindexed && !levels.has('0')) levels.set('0', unindexed);
      numbering.abstracts.set(el.attrs['w:abstractNumId'], { levels, numStyleLink: el.first('w:numStyleLink')?.attrs['w:val'] });
    } else if (el.name === 'w:num') {
      const startOverrides = new Map<string, number>();
      for (const o of el.children) {
        if (typeof o === 'string' || o.name !== 'w:lvlOverride') continue;
        const v = o.first('w:startOverride')?.attrs['w:val'];
        if (v !== undefined && o.attrs['w:ilvl'] !== undefined) startOverrides.set(o.attrs['w:ilvl'], Number.parseInt(v, 10));
      }
      numbering.nums.set(el.attrs['w:numId'], { abstractNumId: el.first('w:abstractNumId')?.attrs['w:val'], startOverrides });
    }
  }
  // the last level naming a paragraph style is the one that style uses
  for (const a of numbering.abstracts.values()) {
    for (const l of a.levels.values()) if (l.paragraphStyleId !== undefined) numbering.byParagraphStyle.set(l.paragraphStyleId, l);
  }
  return numbering;
}

export function findLevel(n: Numbering, numId: string, level: string, seen = new Set<string>()): Level | null {
  if (seen.has(numId)) return null;
  seen.add(numId);
  const num = n.nums.get(numId);
  if (!num || num.abstractNumId === undefined) return null;
  const abstract = n.abstracts.get(num.abstractNumId);
  if (!abstract) return null;
  if (abstract.numStyleLink === undefined) return abstract.levels.get(level) ?? null;
  const linked = n.styles.numbering.get(abstract.numStyleLink);
  return linked === undefined ? null : findLevel(n, linked, level, seen);
}

/** The numbering of a paragraph: its numPr, else its style's list level. */
export function paragraphNumbering(n: Numbering, styleId: string | null, numPr: El | undefined): { level: Level; numId: string | null } | null {
  const ilvl = numPr?.first('w:ilvl')?.attrs['w:val'];
  const numId = numPr?.first('w:numId')?.attrs['w:val'];
  if (ilvl !== undefined && numId !== undefined) {
    const level = findLevel(n, numId, ilvl);
    return level ? { level, numId } : null;
  }
  if (styleId !== null) {
    const level = n.byParagraphStyle.get(styleId);
    if (level) return { level, numId: null };
  }
  if (numId !== undefined) {
    const level = findLevel(n, numId, '0');
    return level ? { level, numId } : null;
  }
  return null;
}

const ROMAN: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];

function roman(v: number): string {
  let s = '';
  for (const [n, r] of ROMAN) while (v >= n) { s += r; v -= n; }
  return s;
}

function letters(v: number): string {
  // Word repeats the letter: a..z, aa..zz, aaa..
  if (v < 1) return String(v);
  const ch = String.fromCharCode(97 + ((v - 1) % 26));
  return ch.repeat(Math.floor((v - 1) / 26) + 1);
}

export function formatNumber(v: number, fmt: string): string {
  switch (fmt) {
    case 'lowerLetter': return letters(v);
    case 'upperLetter': return letters(v).toUpperCase();
    case 'lowerRoman': return roman(v);
    case 'upperRoman': return roman(v).toUpperCase();
    case 'decimalZero': return v < 10 ? `0${v}` : String(v);
    default: return String(v);
  }
}

/** Word's list counters, per numId and level, as the document is read. */
export class ListCounter {
  private counters = new Map<string, (number | undefined)[]>();
  constructor(private n: Numbering) {}

  /** The marker of a numbered item as Word renders it ("3.", "2.1", "b)"); null for bullets. */
  next(numId: string | null, level: Level): string | null {
    const key = numId ?? `style:${level.paragraphStyleId}`;
    const lvl = Number.parseInt(level.level, 10) || 0;
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = []));
    const levels = this.levelsOf(numId, level);
    const start = (l: number) => {
      const ov = numId !== null ? this.n.nums.get(numId)?.startOverrides.get(String(l)) : undefined;
      return ov ?? levels?.get(String(l))?.start ?? 1;
    };
    c[lvl] = c[lvl] === undefined ? start(lvl) : c[lvl]! + 1;
    // deeper levels restart after this item unless they say otherwise
    for (let d = lvl + 1; d < 9; d++) {
      const r = levels?.get(String(d))?.restart ?? null;
      if (r === -1) continue;
      if (r === null || lvl <= r) c[d] = undefined;
    }
    if (!level.ordered) return null;
    const text = level.lvlText.replace(/%([1-9])/g, (_m, k: string) => {
      const l = Number(k) - 1;
      const fmt = l === lvl ? level.numFmt : levels?.get(String(l))?.numFmt ?? 'decimal';
      return formatNumber(c[l] ?? start(l), fmt);
    });
    return text.trim() || null;
  }

  private levelsOf(numId: string | null, level: Level): Map<string, Level> | undefined {
    if (numId === null) return new Map([[level.level, level]]);
    const num = this.n.nums.get(numId);
    const a = num?.abstractNumId !== undefined ? this.n.abstracts.get(num.abstractNumId) : undefined;
    if (a?.numStyleLink !== undefined) {
      const linked = this.n.styles.numbering.get(a.numStyleLink);
      const la = linked !== undefined ? this.n.nums.get(linked)?.abstractNumId : undefined;
      return la !== undefined ? this.n.abstracts.get(la)?.levels : undefined;
    }
    return a?.levels;
  }
}

/** The number in a marker: "3." -> "3", "(5)" -> "5", "b)" -> "b". */
export function markerNumber(marker: string | null): string | null {
  if (marker === null) return null;
  return marker.replace(/^\(|[.)]$/g, '') || null;
}
