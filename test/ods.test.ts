// The OpenDocument spreadsheet reader: spans, covered cells, the repeats ODF
// writes for runs of empty cells, and hostile packages refused.
import { describe, expect, it } from 'vitest';
import type { Block } from '../src/model.ts';
import { readBlocks } from '../src/pipeline/process.ts';
import { expectRefused } from './helpers/refused.ts';
import { BILLION_LAUGHS, makeZip } from './helpers/zip-writer.ts';

const MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
const ods = (tables: string, prolog = '<?xml version="1.0"?>') => makeZip([{ name: 'mimetype', data: MIME, store: true },
  { name: 'content.xml', data: `${prolog}<office:document-content ${NS}><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>` }]);
const cell = (t: string, attrs = '') => `<table:table-cell ${attrs}><text:p>${t}</text:p></table:table-cell>`;
const empty = (n: number) => `<table:table-cell table:number-columns-repeated="${n}"/>`;

describe('ods reader', () => {
  it('reads a sheet with spans, covered cells and the repeats of empty rows and columns', async () => {
    const sheet = `<table:table table:name="Sheet1">
      <table:table-row>${cell('Ref')}${cell('Action')}${cell('Lead')}${empty(16381)}</table:table-row>
      <table:table-row>${cell('SECTION ONE', 'table:number-columns-spanned="3"')}<table:covered-table-cell table:number-columns-repeated="2"/>${empty(16381)}</table:table-row>
      <table:table-row>${cell('1.1', 'table:number-rows-spanned="2"')}${cell('First')}${empty(16382)}</table:table-row>
      <table:table-row><table:covered-table-cell/>${cell('Next')}${cell('CVS')}${empty(16381)}</table:table-row>
      <table:table-row table:number-rows-repeated="1048572">${empty(16384)}</table:table-row></table:table>`;
    const inter = await readBlocks(ods(sheet), {}, 'plan.ods');
    expect(inter.format).toBe('ods');
    const [t] = inter.blocks.filter((b): b is Block & { type: 'table' } => b.type === 'table');
    expect(t.grid.ncols).toBe(3);
    expect(t.grid.nrows).toBe(4);
    expect(t.grid.cells).toContainEqual({ row: 1, col: 0, rowspan: 1, colspan: 3, text: 'SECTION ONE' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 0, rowspan: 2, colspan: 1, text: '1.1' });
    expect(t.grid.cells).toContainEqual({ row: 3, col: 2, rowspan: 1, colspan: 1, text: 'CVS' });
  });

  it.each([
    ['billion laughs', () => ods(`<table:table><table:table-row>${cell('&lol4;')}</table:table-row></table:table>`, BILLION_LAUGHS), /document type declarations are not supported/],
    ['a zip bomb', () => makeZip([{ name: 'mimetype', data: MIME, store: true }, { name: 'content.xml', data: new Uint8Array(40 * 1024 * 1024) }]), /zip bomb/],
    ['a filled cell repeated a billion times', () => ods(`<table:table><table:table-row table:number-rows-repeated="1000000000">${cell('x', 'table:number-columns-repeated="16384"')}</table:table-row></table:table>`), /more than .* filled cells/],
    ['a corrupt content.xml', () => ods('<table:table><table:table-row>'), /malformed XML in the OpenDocument spreadsheet/],
  ])('refuses %s with a reason and stores nothing', async (_, make, reason) => {
    await expectRefused('plan.ods', make(), reason);
  });
});
