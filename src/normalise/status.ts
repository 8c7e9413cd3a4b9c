// RAG status from a status cell: a letter (R/A/G) or a colour word at the start,
// or a completion word. Anything else is not a status.

const WORDS: Array<[RegExp, 'R' | 'A' | 'G']> = [
  [/^(?:r|red)\b/i, 'R'],
  [/^(?:a|amber|yellow)\b/i, 'A'],
  [/^(?:g|green|complete[d]?|achieved|on target|on track)\b/i, 'G'],
];

export function parseStatus(text: string | null | undefined): 'R' | 'A' | 'G' | null {
  if (!text) return null;
  const s = text.trim().replace(/^[([]\s*/, '');
  if (!s) return null;
  // "A" must stand alone (or before punctuation): "A new ..." is prose, not amber.
  if (/^a\s+[a-z]/i.test(s) && !/^amber/i.test(s)) return null;
  for (const [re, code] of WORDS) if (re.test(s)) return code;
  return null;
}

/** Text after a leading RAG token, if any ("G - on target" -> "on target"). */
export function statusRemainder(text: string): string {
  // a cell that is only a completion word ("Complete") is all status
  if (/^\s*(?:complete[d]?|achieved|on target|on track)\s*\.?\s*$/i.test(text)) return '';
  return text.replace(/^\s*[([]?\s*(?:red|amber|green|r|a|g)\b\s*[)\]]?\s*[-:–]?\s*/i, '').trim();
}
