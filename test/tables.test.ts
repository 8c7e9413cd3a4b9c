import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { fixture, gold } from './helpers/fixtures.ts';

interface TablesJson {
  schema: string;
  source: string;
  tables: Array<{ page: number; pages: number[]; bbox: number[] | null; cells: Array<{ row: number; col: number; rowspan: number; colspan: number; text: string }> }>;
}

const headerOf = (plan: string) => (gold(plan).blocks.filter((b) => b.type === 'table').pop() as { columns: Array<{ header: string }> }).columns.map((c) => c.header);

describe('plan-ingest tables', () => {
  it('prints the grids of a text-layer PDF with page spans and a bottom-left bbox in points', () => {
    const r = cli(['tables', fixture('corpus', 'thurrock-ni7-action-plan', 'plan.pdf')]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as TablesJson;
    expect(out.schema).toBe('plan-tables/1');
    expect(out.source).toBe('plan.pdf');
    const t = out.tables[0];
    expect(t.pages).toEqual([1, 2]);
    const [x0, y0, x1, y1] = t.bbox!;
    expect(0 <= x0 && x0 < x1 && x1 <= 842 && 0 <= y0 && y0 < y1 && y1 <= 595).toBe(true);
    // raw grid text, before repair: a label wrapped mid-word keeps its break
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(t.cells.filter((c) => c.row === 0).map((c) => squash(c.text))).toEqual(headerOf('thurrock-ni7-action-plan').map(squash));
    const section = t.cells.find((c) => c.text === 'LOCAL PARTNERSHIP')!;
    expect(section.colspan).toBe(6);
  });

  it('works for Word files, with merges as rowspans', () => {
    const out = JSON.parse(cli(['tables', fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx')]).stdout) as TablesJson;
    expect(out.tables).toHaveLength(1);
    expect(out.tables[0].cells.find((c) => c.text === 'Consultation and Involvement')!.rowspan).toBe(6);
  });

  it('--pages keeps only tables on those pages', () => {
    const out = JSON.parse(cli(['tables', fixture('corpus', 'thurrock-community-engagement-2011', 'plan.pdf'), '--pages', '3-4']).stdout) as TablesJson;
    expect(out.tables.length).toBeGreaterThan(0);
    for (const t of out.tables) expect(t.pages.some((p) => p === 3 || p === 4)).toBe(true);
  });
});
