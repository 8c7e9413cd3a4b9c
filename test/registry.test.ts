// The reader registry: detection from the bytes, the lists derived from it, and
// OCR decided per page (repair reads each page's own mark).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatsTable } from '../dev/formats-table.ts';
import { ExportDocumentSchema } from '../src/export/schema.ts';
import type { ActionRecord } from '../src/model.ts';
import { repairDocument } from '../src/pipeline/repair.ts';
import { detectFormat } from '../src/readers/detect.ts';
import { EXTRACTOR_IDS, FORMAT_IDS, REGISTRY } from '../src/readers/registry.ts';
import { fixture, ROOT } from './helpers/fixtures.ts';

const bytes = (...p: string[]) => new Uint8Array(readFileSync(fixture(...p)));

describe('reader registry', () => {
  it('detects each format from the bytes, whatever the name says', () => {
    const plan = 'thurrock-ni7-action-plan';
    expect(detectFormat(bytes('corpus', plan, 'plan.pdf'), 'x.docx')).toBe('pdf');
    expect(detectFormat(bytes('corpus', plan, 'plan.docx'), 'x.pdf')).toBe('docx');
    expect(detectFormat(bytes('corpus', plan, 'page1.png'))).toBe('image');
    expect(detectFormat(bytes('corpus', plan, 'export.tsv'))).toBe('text');
    expect(detectFormat(bytes('corpus', plan, 'source.txt'))).toBe('text');
  });

  it('sends a broken zip to the reader its name suggests, Word by default, so the reader can say what is wrong', () => {
    expect(detectFormat(bytes('bad', 'truncated.docx'), 'truncated.docx')).toBe('docx');
    expect(detectFormat(bytes('bad', 'truncated.docx'))).toBe('docx');
  });

  it('refuses an encrypted Office file and an unknown binary with a reason', () => {
    // an OLE2 header followed by a directory entry named EncryptedPackage (as Office writes for a password)
    const b = new Uint8Array(1024);
    b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const name = 'EncryptedPackage';
    for (let i = 0; i < name.length; i++) b[512 + i * 2] = name.charCodeAt(i);
    new DataView(b.buffer).setUint16(512 + 64, (name.length + 1) * 2, true);
    b[512 + 66] = 2;
    expect(() => detectFormat(b, 'plan.xlsx')).toThrow(/encrypted \(password-protected\) Office file/);
    expect(() => detectFormat(new Uint8Array([0, 1, 2, 3, 0, 0, 0, 7, 8, 9]))).toThrow(/unrecognised binary content/);
  });

  it('derives the format and extractor lists and the export enum from the registry', () => {
    expect(FORMAT_IDS).toEqual(REGISTRY.map((e) => e.id));
    expect(new Set(EXTRACTOR_IDS).size).toBe(EXTRACTOR_IDS.length);
    const doc = { source: 's', path: 'p', sha256: 'a'.repeat(64), kind: 'action_plan', title: null, organisation: null, area: null, period: null, records: [] };
    for (const e of REGISTRY) for (const x of e.extractors) expect(ExportDocumentSchema.safeParse({ ...doc, format: e.id, extractor: x }).success).toBe(true);
    expect(ExportDocumentSchema.safeParse({ ...doc, format: 'wpd', extractor: 'text' }).success).toBe(false);
  });

  it('the README lists the formats as the registry has them', () => {
    expect(readFileSync(`${ROOT}/README.md`, 'utf8')).toContain(formatsTable());
  });
});

describe('OCR per page', () => {
  const record = (ref: string, page: number): ActionRecord => ({
    section: null, ref, action: `Action ${ref}`, output: null, outcome: null, milestone: null, due: null, lead: null,
    resources: null, funding: null, status: null, progress: null, due_date: null, cost_gbp: null,
    provenance: { page, row: 1, repairs: [] },
  });

  it('repairs OCR slips only on the pages read by OCR', () => {
    // the same lost outline dot ("13" for "1.3") on a text page and on a scanned page
    const recs = [record('1.1', 1), record('1.2', 1), record('13', 1), record('1.4', 1), record('2.1', 2), record('2.2', 2), record('23', 2), record('2.4', 2)];
    repairDocument({ kind: 'action_plan', title: null, organisation: null, area: null, period: null }, recs, [], { ocrPages: new Set([2]) });
    expect(recs[2].ref).toBe('13'); // text layer: what the page says is what it says
    expect(recs[6].ref).toBe('2.3');
    expect(recs[6].provenance.repairs.map((r) => r.rule)).toContain('ref-sequence');
  });
});
