// Text copies of ../shared/corpus-dev plans made at test time the ways real
// copies are made (pdftotext -layout, LibreOffice's text export, each with page
// furniture inserted), scored by the eval's code: plans none of the text
// reader's rules were written from. Plus the mechanisms on small texts.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block } from '../src/model.ts';
import { dropPageFurniture } from '../src/readers/text/chrome.ts';
import { readText } from '../src/readers/text/index.ts';
import { makeCopies, scoreCopies, withPages } from '../dev/text-copies.ts';
import { sharedDir } from './helpers/fixtures.ts';
import { bytes, rowTexts, tables } from './helpers/blocks.ts';

/** The rows of the first table among the blocks (a row's trailing empty
 * cells dropped: a heading across the table may be one spanning cell). */
const firstTableRows = (blocks: Block[]) =>
  rowTexts(tables(blocks)[0]).map((r) => {
    const cells = [...r];
    while (cells.length > 1 && !cells[cells.length - 1]) cells.pop();
    return cells;
  });

describe('a word processor\'s text export: one paragraph a line, an empty line an empty cell', () => {
  const body = [
    'Ref.', 'Action', 'Lead', 'Due date', 'Progress',
    'Theme 1: Stronger local groups across the district',
    '1', 'Run a funding fair for small groups', 'Grants Officer', 'March 2011', 'Booked for the spring',
    '', '', 'Community Team', 'Ongoing', 'Two fairs held',
    '2', 'Review the grant criteria with the sector:', '• publish the draft', 'Policy Officer', '31.12.2010', '',
  ];
  // padded to the size a real export has, so the file's own evidence is enough
  const text = ['Riverside Voluntary Sector Plan', ...body, ...Array.from({ length: 4 }, (_, i) => [`${i + 3}`, `Hold quarterly forum meeting number ${i + 3}`, 'Forum Chair', 'Quarterly', 'On track']).flat()].join('\n');

  it('keeps empty cells in place, a heading across the table as its own row, a bullet in its cell', () => {
    const doc = readText(bytes(text));
    const rows = firstTableRows(doc.blocks);
    expect(rows.slice(0, 5)).toEqual([
      ['Ref.', 'Action', 'Lead', 'Due date', 'Progress'],
      ['Theme 1: Stronger local groups across the district'],
      ['1', 'Run a funding fair for small groups', 'Grants Officer', 'March 2011', 'Booked for the spring'],
      ['', '', 'Community Team', 'Ongoing', 'Two fairs held'],
      ['2', 'Review the grant criteria with the sector:\n• publish the draft', 'Policy Officer', '31.12.2010'],
    ]);
    // the same copy with page furniture reads the same
    const paged = readText(bytes(withPages(text, 'Riverside Voluntary Sector Plan')));
    expect(firstTableRows(paged.blocks).slice(0, 5)).toEqual(rows.slice(0, 5));
  });
});

describe('a browser\'s copy of a table with cells merged down', () => {
  it('keeps the cells of a row under merged cells under the last columns', () => {
    const text = [
      'Ref\tAction\tLead\tDue date\tProgress',
      '1\tRun a funding fair for small groups\tGrants Officer\tMarch 2011\tBooked',
      'Community Team\tOngoing\tTwo fairs held',
      '2\tReview the grant criteria\tPolicy Officer\t31.12.2010\tDraft out',
    ].join('\n');
    const doc = readText(bytes(text));
    expect(firstTableRows(doc.blocks)[2]).toEqual(['', '', 'Community Team', 'Ongoing', 'Two fairs held']);
    expect(doc.notes.join(' ')).toMatch(/1 row\(s\) short of cells/);
  });
});

describe('page furniture', () => {
  it('drops page numbers and a line repeated beside them, with the blank line each leaves; a title once at the top stays', () => {
    const lines = ['Plan title', 'x', 'y', 'z', 'a', 'b', 'Page 1 of 3', '', 'Plan title', '', 'c', 'd', 'Page 2 of 3', '', 'Plan title', '', 'e', '', 'f', '3 of 3'].map((raw) => ({ raw }));
    const r = dropPageFurniture(lines);
    expect(r.lines.map((l) => l.raw)).toEqual(['Plan title', 'x', 'y', 'z', 'a', 'b', 'c', 'd', 'e', '', 'f']);
    expect(r.removed).toBe(5);
  });

  it('drops the title repeated once beside a page number (a two-page copy\'s running header)', () => {
    const lines = ['Plan title', 'a', 'b', 'c', 'd', 'e', 'Page 1 of 2', '', 'Plan title', '', 'f', 'Page 2 of 2'].map((raw) => ({ raw }));
    const r = dropPageFurniture(lines);
    expect(r.lines.map((l) => l.raw)).toEqual(['Plan title', 'a', 'b', 'c', 'd', 'e', 'f']);
    expect(r.removed).toBe(3);
  });
});

describe('a browser\'s copy whose cells hold several paragraphs', () => {
  it('rejoins a row split over lines where only some lines hold tabs', () => {
    const rows = [
      'Ref\tAction\tLead\tDue date\tProgress',
      '1\tImprove communication with the sector:',
      'a page on the council website',
      'a named link officer\tDirector of Community Services\t31st October 2009\tDraft prepared',
      '2\tRun a funding fair for small groups\tGrants Officer\tMarch 2011\tBooked',
      '3\tReview the grant criteria with the sector:',
      'publish the draft',
      'consult the forum\tPolicy Officer\t31.12.2010\tDraft out',
      '4\tHold a forum meeting each quarter\tForum Chair\tQuarterly\tOn track',
    ];
    const doc = readText(bytes(rows.join('\n')));
    expect(firstTableRows(doc.blocks).slice(1, 4)).toEqual([
      ['1', 'Improve communication with the sector:\na page on the council website\na named link officer', 'Director of Community Services', '31st October 2009', 'Draft prepared'],
      ['2', 'Run a funding fair for small groups', 'Grants Officer', 'March 2011', 'Booked'],
      ['3', 'Review the grant criteria with the sector:\npublish the draft\nconsult the forum', 'Policy Officer', '31.12.2010', 'Draft out'],
    ]);
    expect(doc.notes.join(' ')).toMatch(/split over lines/);
  });
});

describe('rows joined by " / " with empty cells dropped', () => {
  it('places a short row\'s cells under the columns whose content they fit', () => {
    const lines = [
      'Ref / Action / Lead / Due date / RAG / Progress',
      '1 / Run a funding fair for small groups / Grants Officer / March 2011 / G / Booked for the spring',
      '2 / Review the grant criteria / Policy Officer / 31.12.2010 / A / Draft out for comment',
      '3 / Publish a directory of local groups / Communications Team / June 2011 / Printed in May',
      '4 / Hold a forum meeting each quarter / Forum Chair / Quarterly / G / Two meetings held',
      '5 / Agree a volunteering policy / 30.09.2011 / R',
    ];
    const doc = readText(bytes(lines.join('\n')));
    const rows = firstTableRows(doc.blocks);
    expect(rows[3]).toEqual(['3', 'Publish a directory of local groups', 'Communications Team', 'June 2011', '', 'Printed in May']);
    expect(rows[5]).toEqual(['5', 'Agree a volunteering policy', '', '30.09.2011', 'R']); // trailing empty cells are dropped by firstTableRows
    expect(doc.notes.join(' ')).toMatch(/2 row\(s\) short of cells/);
  });
});

describe('a text browser\'s dump: columns wrapped, cells one space apart', () => {
  it('cuts a piece at a column start where the file keeps its columns exactly', () => {
    const text = [
      'Ref  Action                   Lead             Due date',
      '',
      '1.   Carry out a survey of    Research Team    31/03/2010',
      '     the local sector',
      '',
      '2.   Publish the directory of Communications   01/11/2010',
      '     local groups             Team',
      '',
      '3.   Hold a forum meeting     Forum Chair      Quarterly',
    ].join('\n');
    const rows = firstTableRows(readText(bytes(text)).blocks);
    expect(rows[2]).toEqual(['2.', 'Publish the directory of local groups', 'Communications Team', '01/11/2010']);
  });
});

describe('a list whose markers the copy lost', () => {
  it('reads one-sentence paragraphs after a lead-in as numbered items', () => {
    const text = [
      'Progress report to the Partnership',
      '',
      'Since the last report the following has been achieved:',
      '',
      'The Compact was refreshed and signed by every partner in June.',
      '',
      'A commissioning framework was agreed by the Partnership Board.',
      '',
      'Funding of £60,000 was secured for a capacity building programme.',
      '',
      'Next steps',
    ].join('\n');
    const list = readText(bytes(text)).blocks.find((b) => b.type === 'list');
    expect(list).toMatchObject({ numbered: true, items: ['The Compact was refreshed and signed by every partner in June.', 'A commissioning framework was agreed by the Partnership Board.', 'Funding of £60,000 was secured for a capacity building programme.'] });
  });
});

describe('accuracy on text copies of ../shared/corpus-dev plans', () => {
  const kinds = ['layout', 'layout+pages', 'soffice', 'soffice+pages', 'html-tabs', 'html-tabs+pages', 'slash-joined+pages', 'w3m+pages', 'html-lines', 'html-lines+pages', 'raw', 'flat+pages'] as const;
  const made = makeCopies(sharedDir('corpus-dev'), kinds);
  afterAll(() => rmSync(made.root, { recursive: true, force: true }));
  // measured (before -> after, records F1 / fields): layout 0.944 / 0.813 ->
  // 0.993 / 0.954; layout+pages 0.943 / 0.807 -> 0.992 / 0.947; soffice and
  // soffice+pages 0.575 / 0.428 -> 0.990 / 0.885; html-tabs 0.612 / 0.568 ->
  // 0.979 / 0.889; html-tabs+pages 0.609 / 0.565 -> 0.979 / 0.883;
  // slash-joined+pages (new) 0.601 / 0.397 -> 0.972 / 0.903; w3m+pages (new)
  // 0.868 / 0.691 -> 0.947 / 0.910.
  // Rows rebuilt from content (content.ts): html-lines (a browser's copy one
  // cell per line) 0.356 / 0.074 -> 0.887 / 0.876, +pages 0.377 / 0.071 ->
  // 0.847 / 0.824; raw (pdftotext -raw) 0.237 / 0.100 -> 0.820 / 0.442;
  // flat+pages (plain pdftotext) 0.159 / 0.026 -> 0.595 / 0.476. With lists
  // whose markers a copy lost (prose.ts): html-lines 0.965 / 0.960, +pages
  // 0.925 / 0.908. A heading across the table as a section row spanning it
  // (not a first cell alone): soffice and soffice+pages 0.990 / 0.885 -> 0.990 / 0.942
  const gates: Record<(typeof kinds)[number], readonly [number, number]> = {
    layout: [0.96, 0.92],
    'layout+pages': [0.96, 0.92],
    soffice: [0.96, 0.9],
    'soffice+pages': [0.96, 0.9],
    'html-tabs': [0.95, 0.86],
    'html-tabs+pages': [0.95, 0.85],
    'slash-joined+pages': [0.94, 0.87],
    'w3m+pages': [0.91, 0.88],
    'html-lines': [0.93, 0.92],
    'html-lines+pages': [0.89, 0.87],
    raw: [0.79, 0.41],
    'flat+pages': [0.56, 0.44],
  };
  for (const kind of kinds) {
    const [recF1, fields] = gates[kind];
    // (w3m is a Debian package .ci/run installs; without it the kind cannot be made)
    it.skipIf(made.skipped.has(kind))(`${kind}: records F1 >= ${recF1}, fields >= ${fields}`, async () => {
      const { aggregate } = await scoreCopies(made.dirs.get(kind)!);
      expect(aggregate.records_f1).toBeGreaterThanOrEqual(recF1);
      expect(aggregate.fields).toBeGreaterThanOrEqual(fields);
    }, 120_000);
  }
});
