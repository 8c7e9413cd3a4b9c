// word/styles.xml: the names of paragraph and character styles (headings are
// found by style id or name), their basedOn parents, and the numId behind
// each numbering style.
import { parseXml } from './xml.ts';

export interface Style {
  id: string;
  name: string | null;
  basedOn: string | null;
}

export interface Styles {
  paragraph: Map<string, Style>;
  character: Map<string, Style>;
  /** numbering style id -> numId */
  numbering: Map<string, string | undefined>;
}

export const NO_STYLES: Styles = { paragraph: new Map(), character: new Map(), numbering: new Map() };

// only what is read below is kept; run and paragraph formatting is skipped
const SKIP = new Set([
  'w:rPr', 'w:tblPr', 'w:trPr', 'w:tcPr', 'w:tblStylePr', 'mc:Choice', 'w:latentStyles', 'w:docDefaults',
  'w:uiPriority', 'w:rsid', 'w:semiHidden', 'w:unhideWhenUsed', 'w:qFormat', 'w:link', 'w:next', 'w:spacing',
  'w:ind', 'w:jc', 'w:keepNext', 'w:keepLines', 'w:outlineLvl', 'w:contextualSpacing', 'w:tabs', 'w:pBdr', 'w:shd',
]);

export function readStyles(xml: string): Styles {
  const root = parseXml(xml, { skip: SKIP });
  const styles: Styles = { paragraph: new Map(), character: new Map(), numbering: new Map() };
  for (const el of root.children) {
    if (typeof el === 'string' || el.name !== 'w:style') continue;
    const type = el.attrs['w:type'];
    const id = el.attrs['w:styleId'];
    // the first definition of an id wins (ECMA-376 17.7.4.17)
    if (type === 'numbering') {
      if (!styles.numbering.has(id)) styles.numbering.set(id, el.first('w:pPr')?.first('w:numPr')?.first('w:numId')?.attrs['w:val']);
      continue;
    }
    const set = type === 'paragraph' ? styles.paragraph : type === 'character' ? styles.character : null;
    if (!set || set.has(id)) continue;
    set.set(id, { id, name: el.first('w:name')?.attrs['w:val'] ?? null, basedOn: el.first('w:basedOn')?.attrs['w:val'] ?? null });
  }
  return styles;
}
