// The content reader: copies whose rows are marked by nothing but their text
// (a web table copied one cell per paragraph, a PDF's text in content order),
// on small texts written here, through the real text reader and pipeline.
import { describe, expect, it } from 'vitest';
import { normaliseBlocks } from '../src/normalise/document.ts';
import { splitLabels } from '../src/readers/text/content-header.ts';
import { lineKind, paragraphKind, pieceKind } from '../src/readers/text/kinds.ts';
import { detectLayout, readText, splitLines } from '../src/readers/text/index.ts';
import { bytes, rowTexts, tables } from './helpers/blocks.ts';

/** A browser's copy of a table: a blank line between cells, a bare line break between rows. */
function browserCopy(rows: (string | null)[][], header: string[]): string {
  const cell = (cells: (string | null)[]) => cells.filter((c): c is string => c !== null && c !== '').join('\n\n');
  return ['Riverside Community Action Plan', '', 'Owner: Riverside Borough Council', '', header.join('\n\n'), ...rows.map(cell)].join('\n') + '\n';
}

const header = ['Ref', 'Action', 'Lead officer', 'Target date', 'RAG', 'Progress'];
const people = ['Grants Officer', 'Policy Officer', 'Community Team', 'Forum Chair', 'Volunteer Centre Manager'];
const dates = ['March 2011', '31/10/2010', 'Ongoing', 'June 2012', '30 September 2011'];
const rag = ['G', 'A', 'R', 'G', 'A'];
const bodies = [
  'Run a funding fair for small groups in each ward',
  'Review the grant criteria with the sector and publish them',
  'Hold a quarterly forum for faith and community groups',
  'Publish a directory of local volunteering opportunities',
  'Train officers in the local compact and its codes',
];
const progress = ['Booked for the spring, venues confirmed', 'Draft out for comment with partners', 'Two meetings held so far this year', 'Delayed until the new website is live', 'First course held in May with 20 places'];

function sampleRows(): (string | null)[][] {
  const rows: (string | null)[][] = [['1. STRONGER LOCAL GROUPS']];
  for (let i = 0; i < 10; i++) {
    const k = i % 5;
    if (i === 5) rows.push(['2. BETTER INFORMATION']);
    rows.push([`${Math.floor(i / 5) + 1}.${(i % 5) + 1}`, bodies[k], people[k], dates[k], rag[k], progress[k]]);
    // a second line of the same action under merged ref and action cells
    if (i === 2 || i === 7) rows.push([null, null, people[(k + 1) % 5], dates[(k + 2) % 5], rag[(k + 1) % 5], progress[(k + 3) % 5]]);
  }
  return rows;
}

describe('a web table copied one cell per paragraph, rows marked by nothing', () => {
  const text = browserCopy(sampleRows(), header);

  it('is read by content: refs open rows, sections stay sections, rows under merged cells keep their columns', () => {
    expect(detectLayout(splitLines(text))).toBe('content');
    const doc = readText(bytes(text));
    const rows = rowTexts(tables(doc.blocks)[0]);
    expect(rows[0]).toEqual(header);
    expect(rows[1]).toEqual(['1. STRONGER LOCAL GROUPS']);
    expect(rows[2]).toEqual(['1.1', bodies[0], people[0], dates[0], 'G', progress[0]]);
    expect(rows[5]).toEqual(['', '', people[3], dates[4], 'G', progress[0]]);
    expect(rows.some((r) => r.length === 1 && r[0] === '2. BETTER INFORMATION')).toBe(true);
    expect(doc.notes.join(' ')).toMatch(/rows rebuilt from the cells' content/);

    const parts = normaliseBlocks(doc.blocks);
    expect(parts.records).toHaveLength(12);
    expect(parts.records[0]).toMatchObject({ section: '1. STRONGER LOCAL GROUPS', ref: '1.1', action: bodies[0], lead: people[0], status: 'G' });
    // the row under merged cells is a record of the action above it
    expect(parts.records[3]).toMatchObject({ ref: '1.3', lead: people[3] });
    // no record for a heading
    expect(parts.records.some((r) => /BETTER INFORMATION/.test(r.action ?? ''))).toBe(false);
  });

  it('drops an empty cell from its row and still places the cells after it', () => {
    const rows = sampleRows();
    (rows[1] as string[])[4] = ''; // 1.1 without a RAG rating
    const doc = readText(bytes(browserCopy(rows, header)));
    const got = rowTexts(tables(doc.blocks)[0])[2];
    expect(got).toEqual(['1.1', bodies[0], people[0], dates[0], '', progress[0]]);
  });
});

describe('a PDF table copied in content order, cells wrapped over lines', () => {
  const lines = ['Riverside Community Action Plan', 'Ref Action Lead officer Target date RAG'];
  const expected: string[] = [];
  for (let i = 0; i < 8; i++) {
    const k = i % 5;
    const [first, ...rest] = bodies[k].split(' ');
    const cut = Math.ceil(rest.length / 2);
    const top = `${first} ${rest.slice(0, cut).join(' ')}`;
    const wrap = rest.slice(cut).join(' ').toLowerCase();
    if (i === 0) expected.push(top, wrap);
    lines.push(`${i + 1}.1 ${top}`, wrap, `${people[k]} ${dates[k]} ${rag[k]}`);
  }
  const text = lines.join('\n') + '\n';

  it('splits the header run together on one line and cuts lines where their kinds change', () => {
    const doc = readText(bytes(text));
    const rows = rowTexts(tables(doc.blocks)[0]);
    expect(rows[0]).toEqual(['Ref', 'Action', 'Lead officer', 'Target date', 'RAG']);
    expect(rows[1][0]).toBe('1.1');
    expect(rows[1][1]).toBe(`${expected[0]}\n${expected[1]}`);
    expect(rows[1].slice(2)).toEqual([people[0], dates[0], 'G']);
    expect(rows).toHaveLength(9);
  });
});

describe('pieces by their form', () => {
  it('tells refs, dates, money, RAG words, headings, names and bodies apart', () => {
    expect(['1.2', 'A3', '4.1b', '12.'].map(pieceKind)).toEqual(['ref', 'ref', 'ref', 'ref']);
    expect(['By 1 July 2009', '31.12.2010', 'Ongoing', "Autumn '09", 'Q3 2011'].map(pieceKind)).toEqual(['date', 'date', 'date', 'date', 'date']);
    expect(['£2,000 p.a.', 'Within existing budgets'].map(pieceKind)).toEqual(['money', 'money']);
    expect(['G', 'Amber', 'Complete'].map(pieceKind)).toEqual(['rag', 'rag', 'rag']);
    expect(['2. COMMUNITY COHESION AND SAFETY', 'Theme 1 – Mapping and intelligence'].map(pieceKind)).toEqual(['heading', 'heading']);
    expect(pieceKind('Head of Community Development')).toBe('name');
    expect(pieceKind('Hold a quarterly forum for faith and community groups')).toBe('long');
  });

  it('gives the paragraph splitter and the joined reader the same forms, refined or coarsened', () => {
    // one ref, RAG word and month pattern for every reader
    expect(['1.5a', '(iv)', 'b)', 'A3'].map(paragraphKind)).toEqual(['ref', 'ref', 'ref', 'ref']);
    expect(['Complete', 'On target', 'R/A'].map(paragraphKind)).toEqual(['rag', 'rag', 'rag']);
    // a month is a whole word: "decisions" and "market" name no date
    expect(paragraphKind('decisions')).toBe('text');
    expect(paragraphKind('Funding decisions are')).toBe('name');
    expect(paragraphKind('March 2011')).toBe('date');
    expect(paragraphKind('Report to the board by March 2011')).toBe('dated');
    expect(['• Early market engagement before tenders', '• Review in Sept. 2011'].map(paragraphKind)).toEqual(['bullet', 'bullet-dated']);
    expect(['£2,000', '500 pa', '5k', ''].map(paragraphKind)).toEqual(['money', 'money', 'money', 'empty']);
    expect(pieceKind('5k')).toBe('money');
    expect(paragraphKind('Head of Policy & Performance (Chief Executive)')).toBe('name');
    expect(['End of March 2011', '• Lead Officer', 'Agree the terms of reference.'].map(lineKind)).toEqual(['date', 'name', 'text']);
  });

  it('splits a header whose labels run together by the header vocabulary', () => {
    expect(splitLabels('No. Objective/Action Success Measures By when Responsible Budget (£)')).toEqual(['No.', 'Objective/Action', 'Success Measures', 'By when', 'Responsible', 'Budget (£)']);
    expect(splitLabels('Ref Action Output / Deliverable Lead When Resources RAG')).toEqual(['Ref', 'Action', 'Output / Deliverable', 'Lead', 'When', 'Resources', 'RAG']);
    expect(splitLabels('The council will work with partners on these')).toBeNull();
  });
});
