// Comparing two documents' actions: are they one plan, and if so the same
// content (only extraction differs) or a new version (evidence of revision)?
import type { DocumentHeader, PlanLink, StoredAction, StoredChange } from '../store/plans.ts';
import { changedWords, diffActions, matchActions } from './match.ts';
import { words } from './text.ts';
import { CLEAN_CHANGE_SHARE, JOIN_COVER, JOIN_MIN_SHARED, JOIN_PARTIAL_TEXT, NOISY_CHANGE_SHARE, NOISY_WORD_SHARE } from './thresholds.ts';

const NOISY = new Set(['pdf-ocr', 'image-ocr', 'text']);
const PAGED = new Set(['pdf', 'image']);

export interface Comparison {
  /** joined: the two documents are one plan */
  joined: boolean;
  link: PlanLink;
  similarity: number;
  changes: StoredChange[];
  shared: number;
}

/** Compares a stored document (before) with a new one (after). */
type Compared = Pick<DocumentHeader, 'format' | 'extractor' | 'pages'>;
/** `quick`: when the two are not one plan, return at once (no changes, similarity 0). */
export function compareDocuments(beforeDoc: Compared, before: StoredAction[], afterDoc: Compared, after: StoredAction[], quick = false): Comparison {
  const m = matchActions(before, after);
  const shared = m.pairs.length;
  const smaller = Math.min(before.length, after.length);
  const cover = smaller ? shared / smaller : 0;
  // A copy of some pages only (a scanned page, an image of page 1): the
  // larger file's unmatched actions before the first and after the last
  // shared one are not on the copy, not removed from it.
  const [smallDoc, largeDoc] = before.length <= after.length ? [beforeDoc, afterDoc] : [afterDoc, beforeDoc];
  const partial = smallDoc.format === 'image' || (PAGED.has(smallDoc.format) && PAGED.has(largeDoc.format) && smallDoc.pages < largeDoc.pages);
  // a page's copy joins on a few actions: they must read nearly the same, not
  // merely share refs (plans of one template number their actions alike)
  const textCover = smaller ? m.pairs.reduce((n, p) => n + p.similarity, 0) / smaller : 0;
  const joined = smaller > 0 && shared >= Math.min(JOIN_MIN_SHARED, smaller) && cover >= JOIN_COVER && (!partial || textCover >= JOIN_PARTIAL_TEXT);
  // not one plan: what changed is not asked (most candidates end here)
  if (quick && !joined) return { joined, link: 'version', similarity: 0, changes: [], shared };
  let removed = m.removed, added = m.added;
  if (partial && shared) {
    const inRun = (idxs: number[], side: number[]) => {
      const lo = Math.min(...side), hi = Math.max(...side);
      return idxs.filter((k) => k >= lo && k <= hi);
    };
    if (smallDoc === afterDoc) removed = inRun(removed, m.pairs.map((p) => p.before));
    else added = inRun(added, m.pairs.map((p) => p.after));
  }
  const considered = shared + removed.length + added.length;
  const similarity = considered ? m.pairs.reduce((n, p) => n + p.similarity, 0) / considered : 0;
  const changes = diffActions(before, after, { ...m, removed, added });
  const noisy = NOISY.has(beforeDoc.extractor) || NOISY.has(afterDoc.extractor);
  const allowed = Math.ceil(considered * (noisy ? NOISY_CHANGE_SHARE : CLEAN_CHANGE_SHARE));
  let texts: string[] | undefined; // only an added or removed action asks
  const allTexts = () => (texts ??= [...before, ...after].map((a) => ` ${words(a.action).join(' ')} `));
  const evidence = changes.filter((c) => isEvidence(c, noisy, allTexts)).length;
  return { joined, link: evidence <= allowed ? 'same' : 'version', similarity: Math.round(similarity * 1000) / 1000, changes, shared };
}

const inside = (a: string | null, b: string | null) => {
  const x = words(a).join(' '), y = words(b).join(' ');
  return !!x && !!y && (` ${y} `.includes(` ${x} `) || ` ${x} `.includes(` ${y} `));
};

/** Whether a difference is evidence of a revision rather than of extraction:
 * a cell cut short (one text inside the other), a date read less precisely,
 * a row split in two, and (when either file is OCR or an export) a row lost
 * or split off are what extraction does to one version. */
function isEvidence(c: StoredChange, noisy: boolean, texts: () => string[]): boolean {
  switch (c.kind) {
    case 'reworded':
    case 'lead': {
      if (inside(c.before, c.after)) return false;
      // OCR garbles a word or two; a rewording changes more of the text
      const n = Math.max(words(c.before).length, words(c.after).length);
      return !noisy || changedWords(c.before, c.after) > n * NOISY_WORD_SHARE;
    }
    case 'added':
    case 'removed': {
      if (noisy) return false;
      const t = ` ${words(c.action).join(' ')} `;
      return texts().filter((x) => x.includes(t)).length <= 1; // only itself: not a fragment of another row
    }
    default:
      return true;
  }
}
