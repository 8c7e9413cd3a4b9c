// Scans of unseen councils' plans: the rules that turn OCR words and image
// rulings into the gold tables, each on real fixture files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { afterAll } from 'vitest';
import type { Block } from '../src/model.ts';
import { buildBlocks } from '../src/layout/blocks.ts';
import { closeOcr, ocrPdf } from '../src/readers/ocr/index.ts';
import { decodeImage } from '../src/readers/ocr/decode-image.ts';
import { norm } from './gold-tables.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { restoreRefs } from '../src/repair/refs.ts';
import { repairText } from '../src/repair/index.ts';
import { preparePage } from '../src/readers/ocr/page.ts';
import { pdfText } from './support/pdf-text.ts';

const fixture = (set: string, plan: string, file: string) => path.resolve('fixtures', set, plan, file);
const bytes = (set: string, plan: string, file: string) => new Uint8Array(readFileSync(fixture(set, plan, file)));
const goldColumns = (set: string, plan: string): string[] => {
  const gold = JSON.parse(readFileSync(fixture(set, plan, 'gold.json'), 'utf8')) as { blocks: { type: string; columns?: { header: string }[] }[] };
  return gold.blocks.find((b) => b.type === 'table')!.columns!.map((c) => c.header);
};

describe('rulings of a one-line header row', () => {
  it('finds the column borders of a header row lower than the shortest vertical ruling', async () => {
    const plan = 'lewisham-volunteering-strategy-2010';
    const [img] = await decodeImage(bytes('unseen', plan, 'page1.png'));
    const { rulings } = preparePage(img);
    const hs = rulings.filter((r) => r.dir === 'h').sort((a, b) => a.y0 - b.y0);
    // the header row is the band between the first two horizontal rulings
    const top = hs[0].y1;
    const bottom = hs[1].y0;
    expect(bottom - top).toBeLessThan(0.2 * img.dpi); // under the 0.2 in minimum of the plain search
    const crossing = rulings.filter((r) => r.dir === 'v' && r.y0 <= top + 2 && r.y1 >= bottom - 2);
    // gold: No. | What we will do | Who | When | Success measures
    expect(crossing).toHaveLength(goldColumns('unseen', plan).length + 1);
  });

  it('finds the row borders of a reference column narrower than the shortest horizontal ruling', async () => {
    const plan = 'kirklees-compact-action-plan-2010';
    const [img] = await decodeImage(bytes('unseen', plan, 'page1.png'));
    const { rulings } = preparePage(img);
    const vs = rulings.filter((r) => r.dir === 'v').sort((a, b) => a.x0 - b.x0);
    // the first column (Ref) lies between the first two vertical rulings
    const left = vs[0].x1;
    const right = vs[1].x0;
    expect(right - left).toBeLessThanOrEqual(0.5 * img.dpi);
    const across = rulings.filter((r) => r.dir === 'h' && r.x0 <= left + 2 && r.x1 >= right - 2);
    // every gold record on the page has its own reference cell: a border
    // above the header, one under it and one under each record's row
    const gold = JSON.parse(readFileSync(fixture('unseen', plan, 'gold.json'), 'utf8')) as { records: { ref: string }[] };
    const page1 = new Set((await pdfText(fixture('unseen', plan, 'plan.pdf'), 1)).split(/\s+/));
    const onPage1 = gold.records.filter((g) => page1.has(g.ref));
    expect(onPage1.length).toBeGreaterThan(5);
    expect(across).toHaveLength(onPage1.length + 2);
  });
});

afterAll(async () => {
  await closeOcr();
});

interface GoldRecord { ref: string | null; action: string | null; resources: string | null }
const goldRecords = (set: string, plan: string): GoldRecord[] =>
  (JSON.parse(readFileSync(fixture(set, plan, 'gold.json'), 'utf8')) as { records: GoldRecord[] }).records;
const cellTexts = (blocks: Block[]): string[] => blocks.flatMap((b) => (b.type === 'table' ? b.grid.cells.map((c) => c.text) : []));
/** the scorer's view of a text: dashes and quotes unified, white space collapsed */
const flat = (s: string) => norm(s).replace(/[\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'");

describe('OCR marks that are not the document\'s words', () => {
  it('reads bullets read as « (alone or glued to the word after) as bullets, and drops a ruling crossing read as ~~', async () => {
    const plan = 'norfolk-ni7-laa-action-plan';
    const [page] = await ocrPdf(bytes('corpus', plan, 'scan.pdf'), { pages: [1] });
    expect(page.words.filter((w) => w.text.includes('«') || w.text === '~~')).toEqual([]);
    const cells = cellTexts(buildBlocks([page]));
    // the first two actions sit whole on page 1, each in a cell after its
    // number ('1. On-going provision ...'): the cell reads as the gold text
    const actions = cells.map((c) => flat(c).replace(/^\d+\.\s*/, ''));
    for (const g of goldRecords('corpus', plan).slice(0, 2)) expect(actions).toContain(flat(g.action!));
  });

  it('keeps a dash read as a flat ~ or a low-confidence dash, on its own line of text', async () => {
    const plan = 'thurrock-community-engagement-2011';
    const [page] = await ocrPdf(bytes('corpus', plan, 'scan.pdf'), { pages: [3] });
    expect(page.words.filter((w) => /^~+$/.test(w.text))).toEqual([]);
    const cells = cellTexts(buildBlocks([page])).map(flat);
    const staff = goldRecords('corpus', plan).filter((g) => g.resources?.startsWith('Staff time –'));
    expect(staff.length).toBeGreaterThanOrEqual(2);
    // gold: 'Staff time – within existing budgets' (with and without a full stop)
    for (const g of staff) expect(cells).toContain(flat(g.resources!));
  });
});

describe('refs restored from the ref column\'s sequence', () => {
  const plans = (set: string) => readdirSync(path.resolve('fixtures', set)).filter((p) => existsSync(fixture(set, p, 'gold.json')));

  it('puts back the dots and digits OCR lost, as the gold refs have them', async () => {
    for (const [plan, file] of [['lewisham-volunteering-strategy-2010', 'scan.pdf'], ['cumbria-vcs-commissioning-plan-2011', 'page1.png']]) {
      const doc = await processBytes(bytes('unseen', plan, file), {}, file);
      const gold = goldRecords('unseen', plan).map((g) => g.ref);
      expect(doc.records.map((r) => r.ref)).toEqual(gold);
      // recorded as repairs
      expect(doc.records.some((r) => r.provenance.repairs.some((x) => x.rule === 'ref-sequence'))).toBe(true);
      // and the due dates whole ('Q12011/12' read for 'Q1 2011/12' in cumbria)
      const goldDue = (JSON.parse(readFileSync(fixture('unseen', plan, 'gold.json'), 'utf8')) as { records: { due: string | null }[] }).records.map((g) => g.due);
      expect(doc.records.map((r) => r.due?.replace(/\s+/g, ' ') ?? null)).toEqual(goldDue);
    }
  });

  it('changes no clean ref column: the gold refs of every plan come back as they are', () => {
    for (const set of ['corpus', 'unseen']) {
      for (const plan of plans(set)) expect(restoreRefs(goldRecords(set, plan).map((g) => g.ref))).toEqual([]);
    }
  });

  it('takes bare numbers that count up one by one for a plain numbering, not outline refs without dots', () => {
    // the corpus numbers its actions 1, 2, ... 11 (thurrock-community-engagement-2011)
    const refs = goldRecords('corpus', 'thurrock-community-engagement-2011').map((g) => g.ref);
    expect(refs.filter((r) => r && /^\d\d$/.test(r)).length).toBeGreaterThan(2);
    expect(restoreRefs([...refs, '11.2'])).toEqual([]);
  });
});

describe('tables over a page break in a scan', () => {
  it('joins a table whose next page lies shifted on the glass, and the row the break cut in two', async () => {
    const plan = 'thurrock-community-engagement-2011';
    const pages = await ocrPdf(bytes('corpus', plan, 'scan.pdf'), { pages: [1, 2] });
    // the two page images place the table ~11 pt apart
    const left = (p: typeof pages[number]) => Math.min(...p.rulings.filter((r) => r.x0 === r.x1).map((r) => r.x0));
    expect(Math.abs(left(pages[0]) - left(pages[1]))).toBeGreaterThan(8);
    const tables = buildBlocks(pages).filter((b) => b.type === 'table');
    expect(tables.some((t) => t.type === 'table' && t.grid.pages.join() === '1,2')).toBe(true);
    // gold: the output that starts on page 1 and ends on page 2 is one text
    const gold = (JSON.parse(readFileSync(fixture('corpus', plan, 'gold.json'), 'utf8')) as { records: { output: string | null }[] })
      .records.map((r) => r.output).find((o) => o?.startsWith('Develop clear, joint'))!;
    const firstLine = gold.split('\n')[0];
    const cells = cellTexts(tables).map(flat);
    const cell = cells.find((c) => c.startsWith('Develop clear, joint'))!;
    // its first line whole (the engines read 'e.g.:' as 'e.g.' or 'eg.': the dots are not the point here), the rest after it
    const undotted = (s: string) => s.replace(/[.:]/g, '');
    expect(undotted(cell).startsWith(undotted(flat(firstLine)))).toBe(true);
    expect(cell).toContain(flat(gold.split('\n').slice(1).join(' ')));
  });
});

describe('dates OCR damaged', () => {
  it("reads a short year's apostrophe read as a quote as the apostrophe, after a month name", async () => {
    const plan = 'thurrock-community-engagement-2011';
    const [page] = await ocrPdf(bytes('corpus', plan, 'scan.pdf'), { pages: [2] });
    const cells = cellTexts(buildBlocks([page]));
    const gold = (JSON.parse(readFileSync(fixture('corpus', plan, 'gold.json'), 'utf8')) as { records: { milestone: string | null }[] })
      .records.map((r) => r.milestone).filter((m): m is string => !!m && /^First Community Council events/.test(m));
    expect(gold).toHaveLength(1);
    const cell = cells.find((c) => flat(c).startsWith('First Community Council events'))!;
    expect(flat(repairText(cell, 'milestone', { ocr: true }).text)).toBe(flat(gold[0]));
  });
});
