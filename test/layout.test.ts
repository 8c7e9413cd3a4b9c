import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlocks } from '../src/layout/blocks.ts';
import { removeFurniture } from '../src/layout/furniture.ts';
import { groupLines, median, wordHeight } from '../src/layout/lines.ts';
import { gridsToTablesJson } from '../src/layout/tables-json.ts';
import type { Block, PositionedPage, PositionedWord } from '../src/model.ts';
import { readPdfPages } from '../src/readers/pdf.ts';
import { goldRows, gridRows, norm, scoreRows } from './gold-tables.ts';

const PLANS = fs
  .readdirSync('fixtures/corpus')
  .filter((p) => fs.existsSync(path.join('fixtures/corpus', p, 'plan.pdf')))
  .sort();

async function layout(pdf: string): Promise<{ pages: PositionedPage[]; blocks: Block[] }> {
  const { pages } = await readPdfPages(new Uint8Array(fs.readFileSync(pdf)));
  return { pages, blocks: buildBlocks(pages) };
}

interface GoldDoc {
  title: string | null;
  blocks: { type: string; text?: string; rows?: unknown[] }[];
}
const gold = (set: string, plan: string): GoldDoc => JSON.parse(fs.readFileSync(path.join(set, plan, 'gold.json'), 'utf8'));

// Share of gold table rows (header rows included) reproduced cell for cell.
async function rowAccuracy(set: string) {
  const out: Record<string, { matched: number; gold: number }> = {};
  for (const plan of PLANS) {
    const { blocks } = await layout(path.join(set, plan, 'plan.pdf'));
    const s = scoreRows(goldRows(path.join(set, plan, 'gold.json')), blocks);
    out[plan] = { matched: s.matched, gold: s.gold };
  }
  return out;
}

describe('buildBlocks on ruled plan PDFs', () => {
  let acc: Awaited<ReturnType<typeof rowAccuracy>>;
  beforeAll(async () => {
    acc = await rowAccuracy('fixtures/corpus');
  });

  it('reproduces the gold table rows', () => {
    let m = 0;
    let g = 0;
    for (const [plan, s] of Object.entries(acc)) {
      m += s.matched;
      g += s.gold;
      if (s.gold) expect(s.matched / s.gold, plan).toBeGreaterThanOrEqual(0.9);
    }
    expect(m / g).toBeGreaterThanOrEqual(0.95);
  });

  it('finds no table in a narrative document', () => {
    expect(acc['thurrock-cvs-ni7-report'].gold).toBe(0);
  });
});

describe('buildBlocks on borderless plan PDFs', () => {
  let acc: Awaited<ReturnType<typeof rowAccuracy>>;
  beforeAll(async () => {
    acc = await rowAccuracy('fixtures/borderless');
  });

  it('reproduces the gold table rows from white space alone', () => {
    let m = 0;
    let g = 0;
    for (const s of Object.values(acc)) {
      m += s.matched;
      g += s.gold;
    }
    expect(m / g).toBeGreaterThanOrEqual(0.92);
    for (const plan of ['tower-hamlets-third-sector-2009', 'thurrock-ni7-action-plan', 'thurrock-community-engagement-2011']) {
      expect(acc[plan].matched / acc[plan].gold, plan).toBeGreaterThanOrEqual(0.89);
    }
    // all but the first table's header, whose label the renderer broke
    // inside a word ("Improvemen t")
    expect(acc['norfolk-ni7-laa-action-plan'].matched).toBeGreaterThanOrEqual(acc['norfolk-ni7-laa-action-plan'].gold - 1);
  });

  it('keeps a cell merged down beside new rows in the row it starts in', async () => {
    const plan = 'thurrock-community-engagement-2011';
    const { blocks } = await layout(`fixtures/borderless/${plan}/plan.pdf`);
    const goldTable = gold('fixtures/borderless', plan).blocks.filter((b) => b.type === 'table')[1] as unknown as {
      rows: { kind: string; cells?: (string | null)[] }[];
    };
    const data = goldTable.rows.filter((r) => r.kind === 'data');
    // the first action's task runs on beside its second and third rows
    const [first, second, third] = data;
    expect(second.cells![1]).toBeNull();
    expect(third.cells![1]).toBeNull();
    const grid = blocks.filter((b) => b.type === 'table')[1];
    if (grid?.type !== 'table') throw new Error('no table');
    const rows = gridRows(grid.grid);
    const at = rows.findIndex((r) => r.startsWith(norm(first.cells![0]!) + ' |'));
    expect(rows[at].split(' | ')[1]).toBe(norm(first.cells![1]!));
    expect(rows[at + 1].split(' | ').slice(2)).toEqual(second.cells!.slice(2).map((c) => norm(c ?? '')));
    expect(rows[at + 2].split(' | ').slice(2)).toEqual(third.cells!.slice(2).map((c) => norm(c ?? '')));
  });

  it('does not claim explicit merges for tables read from white space', async () => {
    const { blocks } = await layout('fixtures/borderless/thurrock-ni7-action-plan/plan.pdf');
    const tables = blocks.filter((b) => b.type === 'table');
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) if (t.type === 'table') expect(t.grid.explicitMerges).toBe(false);
    const ruled = (await layout('fixtures/corpus/thurrock-ni7-action-plan/plan.pdf')).blocks.filter((b) => b.type === 'table');
    for (const t of ruled) if (t.type === 'table') expect(t.grid.explicitMerges).toBe(true);
  });
});

describe('tables over page breaks', () => {
  it('joins a table running over five pages into one grid, dropping repeated headers', async () => {
    const plan = 'thurrock-community-engagement-2011';
    const { blocks } = await layout(`fixtures/corpus/${plan}/plan.pdf`);
    const tables = blocks.filter((b) => b.type === 'table');
    const goldTables = gold('fixtures/corpus', plan).blocks.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(goldTables.length);
    const main = tables[1].grid;
    expect(main.pages).toEqual([1, 2, 3, 4, 5]);
    // gold rows plus the table's own header row
    expect(main.nrows).toBe(goldTables[1].rows!.length + 1);
    // header rows inside the table are kept and marked
    const marked = main.rows.filter((r) => r.header).length;
    const goldHeaders = (goldTables[1].rows as { kind: string }[]).filter((r) => r.kind === 'header').length;
    expect(marked).toBe(goldHeaders + 1);
    expect(main.rows.map((r) => r.sourceRow)).toEqual(main.rows.map((_, i) => i + 1));
  });
});

describe('text around tables', () => {
  it('reads the title as the first heading', async () => {
    for (const plan of ['tower-hamlets-third-sector-2009', 'thurrock-community-engagement-2011']) {
      const { blocks } = await layout(`fixtures/corpus/${plan}/plan.pdf`);
      const first = blocks[0];
      expect(first.type).toBe('heading');
      expect(first.type === 'heading' && first.text).toBe(gold('fixtures/corpus', plan).title);
    }
  });

  it('keeps the prose of a narrative document as paragraphs', async () => {
    const plan = 'thurrock-cvs-ni7-report';
    const { blocks } = await layout(`fixtures/corpus/${plan}/plan.pdf`);
    const text = blocks.map((b) => ('text' in b ? b.text : '')).join(' ').replace(/\s+/g, ' ');
    const paragraphs = gold('fixtures/corpus', plan).blocks.filter((b) => b.type === 'paragraph');
    for (const p of paragraphs.slice(0, 3)) expect(text).toContain(p.text!.slice(0, 60));
  });
});

describe('lists', () => {
  it('reads numbered items as one numbered list, markers taken off', async () => {
    const plan = 'thurrock-cvs-ni7-report';
    const { blocks } = await layout(`fixtures/corpus/${plan}/plan.pdf`);
    const goldList = gold('fixtures/corpus', plan).blocks.find((b) => b.type === 'list') as unknown as { items: string[] };
    const list = blocks.find((b) => b.type === 'list');
    if (list?.type !== 'list') throw new Error('no list block');
    expect(list.numbered).toBe(true);
    expect(list.items).toHaveLength(goldList.items.length);
    expect(list.numbers).toEqual(goldList.items.map((_, i) => String(i + 1)));
    expect(list.items.map((t) => t.replace(/\s+/g, ' '))).toEqual(goldList.items);
  });
});

describe('removeFurniture', () => {
  const word = (text: string, x0: number, y0: number): PositionedWord => ({ text, x0, y0, x1: x0 + 6 * text.length, y1: y0 + 10, size: 10 });
  const page = (n: number): PositionedPage => ({
    page: n,
    width: 595,
    height: 842,
    source: 'text',
    rulings: [],
    words: [
      word('Thurrock', 40, 20),
      word('Council', 100, 20),
      word('Body', 40, 300),
      word('text', 80, 300),
      word('Page', 260, 815),
      word(String(n), 295, 815),
    ],
  });

  it('drops running headers and page numbers, keeps the body', () => {
    const out = removeFurniture([page(1), page(2), page(3)]);
    for (const p of out) expect(p.words.map((w) => w.text)).toEqual(['Body', 'text']);
  });
});

describe('gridsToTablesJson', () => {
  it('writes plan-tables/1 with the bbox flipped to a bottom-left origin', async () => {
    const plan = 'tower-hamlets-third-sector-2009';
    const { pages, blocks } = await layout(`fixtures/corpus/${plan}/plan.pdf`);
    const heights = new Map(pages.map((p) => [p.page, p.height]));
    const json = gridsToTablesJson('plan.pdf', blocks, heights);
    expect(json.schema).toBe('plan-tables/1');
    expect(json.tables).toHaveLength(1);
    const t = json.tables[0];
    const grid = blocks.find((b) => b.type === 'table')!;
    if (grid.type !== 'table') throw new Error('no table');
    const [, y0, , y1] = grid.grid.bbox!;
    expect(t.bbox![1]).toBeCloseTo(pages[0].height - y1, 1);
    expect(t.bbox![3]).toBeCloseTo(pages[0].height - y0, 1);
    expect(t.pages).toEqual([1, 2, 3]);
    const header = (gold('fixtures/corpus', plan).blocks.find((b) => b.type === 'table') as unknown as { columns: { header: string }[] }).columns;
    const row0 = t.cells.filter((c) => c.row === 0).map((c) => c.text.replace(/\s+/g, ' '));
    expect(row0).toEqual(header.map((h) => h.header.replace(/\s+/g, ' ')));
  });
});

describe('median', () => {
  // the sizes counted by value give what a sorted copy gives, to the bit
  const sorted = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };

  it('of every page and line of the corpus plans equals the sorted middle', async () => {
    let checked = 0;
    for (const plan of PLANS) {
      const { pages } = await layout(`fixtures/corpus/${plan}/plan.pdf`);
      const all: number[] = [];
      for (const p of pages) {
        const sizes = p.words.map(wordHeight);
        all.push(...sizes);
        expect(Object.is(median(sizes), sorted(sizes))).toBe(true);
        for (const l of groupLines(p.words)) {
          const ys = l.words.map((w) => w.y1);
          expect(Object.is(median(ys), sorted(ys))).toBe(true);
          checked++;
        }
      }
      expect(median(all)).toBe(sorted(all));
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('of more distinct values than it counts, zeros and an even count', () => {
    const many = Array.from({ length: 41 }, (_, i) => ((i * 37) % 41) / 4);
    expect(median(many)).toBe(sorted(many));
    expect(median([0, 3, -0, 2])).toBe(sorted([0, 3, -0, 2]));
    expect(median([10.5, 9, 10.5, 9])).toBe(9.75);
    expect(median([])).toBe(0);
  });
});
