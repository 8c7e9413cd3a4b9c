// OCR slips inside dates, undone only where a date is certain from the
// surrounding token: a month name before it, a quarter before a year.
//   Nov "11    -> Nov '11     (the apostrophe of a short year read as a quote)
//   Q12011/12  -> Q1 2011/12  (the space between quarter and year lost)
//   201 0      -> 2010        (a year cut by a speck; after a month only)

export interface DateSlip {
  from: string;
  to: string;
  rule: string;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const QUOTED_YEAR = new RegExp(`\\b(${MONTH})(\\s*)["“”]\\s?(\\d{2})\\b`, 'g');
const GLUED_QUARTER = /\b(Q[1-4])((?:19|20)\d{2}(?:[/-]\d{2,4})?)\b/g;
const CUT_YEAR = new RegExp(`\\b(${MONTH}\\s+)((?:19|20)\\d) (\\d)\\b`, 'g');

export function fixDateSlips(text: string): { text: string; slips: DateSlip[] } {
  const slips: DateSlip[] = [];
  let out = text.replace(QUOTED_YEAR, (m, month: string, space: string, yy: string) => {
    const to = `${month}${space || ' '}'${yy}`;
    slips.push({ from: m, to, rule: 'ocr-date-quote' });
    return to;
  });
  out = out.replace(GLUED_QUARTER, (m, q: string, year: string) => {
    const to = `${q} ${year}`;
    slips.push({ from: m, to, rule: 'ocr-date-quarter' });
    return to;
  });
  out = out.replace(CUT_YEAR, (m, month: string, a: string, b: string) => {
    const to = `${month}${a}${b}`;
    slips.push({ from: m, to, rule: 'ocr-date-cut-year' });
    return to;
  });
  return { text: out, slips };
}
