// The HTML reader: saved pages and exports, scripts and styles ignored,
// tables with spans, lists, headings, the page's own encoding.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../src/model.ts';
import { processBytes, readBlocks } from '../src/pipeline/process.ts';
import { fixture } from './helpers/fixtures.ts';

const page = (body: string, head = '') => new TextEncoder().encode(`<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`);
const tables = (blocks: Block[]) => blocks.filter((b): b is Block & { type: 'table' } => b.type === 'table');

describe('html reader', () => {
  it('reads headings, lists and a table with colspan, rowspan and a th header row', async () => {
    const inter = await readBlocks(page(`<h2>Third sector plan</h2><div>Loose text <b>bold</b></div>
      <ol start="3"><li>Third</li><li>Fourth</li></ol>
      <table><tr><th>Ref</th><th>Action</th><th>Lead</th></tr>
      <tr><td colspan="3">SECTION ONE</td></tr>
      <tr><td rowspan="2">1.1</td><td><p>First</p><p>second   line</p></td><td></td></tr>
      <tr><td>Next</td><td>CVS</td></tr></table>`), {}, 'x.html');
    expect(inter.format).toBe('html');
    expect(inter.blocks[0]).toMatchObject({ type: 'heading', text: 'Third sector plan', level: 2 });
    expect(inter.blocks[1]).toMatchObject({ type: 'paragraph', text: 'Loose text bold' });
    expect(inter.blocks[2]).toMatchObject({ type: 'list', numbered: true, numbers: ['3.', '4.'], items: ['Third', 'Fourth'] });
    const [t] = tables(inter.blocks);
    expect(t.grid.rows[0].header).toBe(true);
    expect(t.grid.cells).toContainEqual({ row: 1, col: 0, rowspan: 1, colspan: 3, text: 'SECTION ONE' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 0, rowspan: 2, colspan: 1, text: '1.1' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 1, rowspan: 1, colspan: 1, text: 'First\nsecond line' });
    expect(t.grid.cells).toContainEqual({ row: 3, col: 2, rowspan: 1, colspan: 1, text: 'CVS' });
  });

  it('ignores scripts, styles and other page furniture, and runs nothing', async () => {
    const marker = `globalThis.__htmlRan = true`;
    const inter = await readBlocks(page(`<script>${marker}; document.write("<table><tr><td>Injected</td></tr></table>")</script>
      <noscript>Enable JavaScript</noscript><img src="x" onerror="${marker}"><form><input value="Search"></form>
      <p>Real text</p>`, `<style>p { color: red }</style><script src="http://example.invalid/x.js"></script><title>Page</title>`), {}, 'x.html');
    expect(inter.blocks).toEqual([{ type: 'paragraph', text: 'Real text', page: 1 }]);
    expect((globalThis as Record<string, unknown>).__htmlRan).toBeUndefined();
  });

  it('decodes the charset the page declares, and Windows-1252 when UTF-8 fails', async () => {
    const latin = Uint8Array.from([...new TextEncoder().encode('<html><head><meta charset="windows-1252"></head><body><p>Cost '), 0xa3, ...new TextEncoder().encode('500</p></body></html>')]);
    expect((await readBlocks(latin, {}, 'x.htm')).blocks).toEqual([{ type: 'paragraph', text: 'Cost £500', page: 1 }]);
    const undeclared = Uint8Array.from([...new TextEncoder().encode('<html><body><p>Cost '), 0xa3, ...new TextEncoder().encode('5k</p></body></html>')]);
    expect((await readBlocks(undeclared, {}, 'x.htm')).blocks[0]).toMatchObject({ text: 'Cost £5k' });
  });

  it('caps absurd spans', async () => {
    const inter = await readBlocks(page('<table><tr><td colspan="99999999">a</td></tr><tr><td rowspan="99999999">b</td></tr></table>'), {}, 'x.html');
    const [t] = tables(inter.blocks);
    expect(t.grid.ncols).toBeLessThanOrEqual(1000);
  });

  it('the same records as the Word file it was made from', async () => {
    const slug = 'tower-hamlets-third-sector-2009';
    const a = await processBytes(new Uint8Array(readFileSync(fixture('corpus', slug, 'plan.docx'))));
    const b = await processBytes(new Uint8Array(readFileSync(fixture('converted', slug, 'plan.html'))));
    expect(b.format).toBe('html');
    expect(b.records.map((r) => [r.section, r.ref, r.action, r.lead, r.due])).toEqual(a.records.map((r) => [r.section, r.ref, r.action, r.lead, r.due]));
  });
});
