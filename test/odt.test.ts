// The OpenDocument text reader: structure from real LibreOffice files, and
// hostile packages refused with a reason, nothing stored.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../src/model.ts';
import { processBytes, readBlocks } from '../src/pipeline/process.ts';
import { fixture } from './helpers/fixtures.ts';
import { expectRefused } from './helpers/refused.ts';
import { BILLION_LAUGHS, EXTERNAL_ENTITY, makeZip } from './helpers/zip-writer.ts';

const MIME = 'application/vnd.oasis.opendocument.text';
const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
const odt = (content: string, mime = MIME) => makeZip([{ name: 'mimetype', data: mime, store: true }, { name: 'content.xml', data: content }]);
const doc = (body: string) => `<?xml version="1.0"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`;

describe('odt reader', () => {
  it('reads headings, numbered lists and a table with spanned and covered cells', async () => {
    const bytes = odt(doc(`<text:h text:outline-level="2">Action plan</text:h>
      <text:p>Intro <text:span>text</text:span><text:s text:c="2"/>here</text:p>
      <table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Ref</text:p></table:table-cell><table:table-cell><text:p>Action</text:p></table:table-cell><table:table-cell><text:p>Lead</text:p></table:table-cell></table:table-row></table:table-header-rows>
      <table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>SECTION ONE</text:p></table:table-cell><table:covered-table-cell/><table:covered-table-cell/></table:table-row>
      <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>1.1</text:p></table:table-cell><table:table-cell><text:p>First</text:p><text:p>second line</text:p></table:table-cell><table:table-cell/></table:table-row>
      <table:table-row><table:covered-table-cell/><table:table-cell><text:p>Next</text:p></table:table-cell><table:table-cell><text:p>CVS</text:p></table:table-cell></table:table-row></table:table>`));
    const inter = await readBlocks(bytes, {}, 'x.odt');
    expect(inter.format).toBe('odt');
    const [h, p, t] = inter.blocks as [Block & { type: 'heading' }, Block & { type: 'paragraph' }, Block & { type: 'table' }];
    expect(h).toMatchObject({ type: 'heading', text: 'Action plan', level: 2 });
    expect(p.text).toBe('Intro text  here');
    expect(t.grid.rows[0].header).toBe(true);
    expect(t.grid.cells).toContainEqual({ row: 1, col: 0, rowspan: 1, colspan: 3, text: 'SECTION ONE' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 0, rowspan: 2, colspan: 1, text: '1.1' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 1, rowspan: 1, colspan: 1, text: 'First\nsecond line' });
    expect(t.grid.cells).toContainEqual({ row: 3, col: 2, rowspan: 1, colspan: 1, text: 'CVS' });
  });

  it('numbers list items as LibreOffice shows them, from the list style', async () => {
    const inter = await readBlocks(new Uint8Array(readFileSync(fixture('converted', 'thurrock-cvs-ni7-report', 'plan.odt'))), {}, 'plan.odt');
    const list = inter.blocks.find((b) => b.type === 'list');
    expect(list).toMatchObject({ type: 'list', numbered: true });
    expect((list as { numbers: string[] }).numbers.slice(0, 3)).toEqual(['1.', '2.', '3.']);
  });

  it('the same records as the Word file it was made from', async () => {
    const slug = 'thurrock-ni7-action-plan';
    const a = await processBytes(new Uint8Array(readFileSync(fixture('corpus', slug, 'plan.docx'))));
    const b = await processBytes(new Uint8Array(readFileSync(fixture('converted', slug, 'plan.odt'))));
    expect(b.extractor).toBe('odt');
    expect(b.records.map((r) => [r.section, r.ref, r.action, r.lead])).toEqual(a.records.map((r) => [r.section, r.ref, r.action, r.lead]));
  });

  it.each([
    ['billion laughs', odt(`${BILLION_LAUGHS}${doc('<text:p>&lol4;</text:p>').replace(/^<\?xml[^>]*>/, '')}`), /malformed XML.*document type declarations are not supported/],
    ['an external entity', odt(`${EXTERNAL_ENTITY}${doc('<text:p>&xxe;</text:p>').replace(/^<\?xml[^>]*>/, '')}`), /malformed XML.*document type declarations are not supported/],
    ['a zip bomb', makeZip([{ name: 'mimetype', data: MIME, store: true }, { name: 'content.xml', data: new Uint8Array(40 * 1024 * 1024) }]), /zip bomb/],
    ['a broken content.xml', odt(doc('<text:p>unclosed')), /malformed XML in the OpenDocument text file/],
    ['a truncated file', odt(doc('<text:p>x</text:p>')).subarray(0, 60), /truncated|not a zip/],
  ])('refuses %s with a reason and stores nothing', async (_, bytes, reason) => {
    await expectRefused('plan.odt', bytes, reason);
  });
});
