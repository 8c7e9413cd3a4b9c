// Document facts (title, organisation, area, period) read from whole files
// through the real text reader and the whole pipeline, on small plans written
// here, and the season convention of due dates.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../dev/eval/run-pipeline.ts';
import { parseDueDate } from '../src/normalise/dates.ts';
import { documentMeta } from '../src/normalise/meta.ts';
import { tempDir } from './helpers/cli.ts';

interface Facts { title: string | null; organisation: string | null; area: string | null; period: string | null }

/** Ingests a tab-separated export made of `lines` and returns its document facts. */
async function facts(lines: string[]): Promise<Facts> {
  const file = join(tempDir(), 'plan.tsv');
  writeFileSync(file, lines.join('\n') + '\n');
  const doc = (await runPipeline(file)).documents[0] as Record<string, unknown>;
  const meta = (doc.document ?? doc) as Record<string, unknown>;
  const pick = (k: string) => (meta[k] ?? doc[k] ?? null) as string | null;
  return { title: pick('title'), organisation: pick('organisation'), area: pick('area'), period: pick('period') };
}

const TABLE = [
  'Ref\tAction\tLead\tBy when',
  '1\tPublish a directory of local voluntary groups\tPolicy Officer\tMarch 2011',
  '2\tHold two funding fairs for small community groups\tCommunity Development Manager\tOctober 2011',
  '3\tAgree a protocol for consulting the sector on budgets\tHead of Policy\tJanuary 2012',
];

describe('document facts by the form of names and where they stand', () => {
  it('mends a name cut at a column stop before reading the owner ("Owner: T" | "Tarnfield ...")', async () => {
    const f = await facts([
      'Tarnfield Volunteering Plan 2011/12\t\t\t',
      'Owner: T\tTarnfield Borough Council\t\t',
      'The plan sets out what Tarnfield partners will do.\t\t\t',
      ...TABLE,
    ]);
    expect(f.organisation).toBe('Tarnfield Borough Council');
    expect(f.area).toBe('Tarnfield');
    expect(f.period).toBe('2011/12');
  }, 60_000);

  it('joins a capital cut from the rest of its word ("L" | "ondon Borough of ...")', async () => {
    const f = await facts([
      'Greyhurst Compact Plan\t\t\t',
      'Owner: L\tondon Borough of Greyhurst\t\t',
      ...TABLE,
    ]);
    expect(f.organisation).toBe('London Borough of Greyhurst');
    expect(f.area).toBe('Greyhurst');
  }, 60_000);

  it('takes no owner from a list of partners, and the place named most as the area', async () => {
    const f = await facts([
      'ASHCOMBE VILLAGE PLAN\t\t\t',
      'The plan was written by residents of Ashcombe with help from Ashcombe Parish Council, Wealdon District Council and Kentish County Council.\t\t\t',
      'Residents of Ashcombe will review it each spring.\t\t\t',
      ...TABLE,
    ]);
    expect(f.organisation).toBeNull();
    expect(f.area).toBe('Ashcombe');
  }, 60_000);

  it('reads a listed place by its short form ("Stockton" for Stockton-on-Tees) and invents no council', async () => {
    const f = await facts([
      'Community Cohesion Action Plan\t\t\t',
      'This plan sets out how Stockton will respond to the recommendations made to councils.\t\t\t',
      ...TABLE,
    ]);
    expect(f.area).toBe('Stockton');
    expect(f.organisation).toBeNull();
  }, 60_000);

  it('names the area\'s council when the title names the place and the text speaks of the council', async () => {
    const f = await facts([
      'Lewisham Volunteering Strategy 2010-2013: Delivery Plan\t\t\t',
      '',
      'Partners will report to the council each spring.\t\t\t',
      ...TABLE,
    ]);
    expect(f.title).toBe('Lewisham Volunteering Strategy 2010-2013: Delivery Plan');
    expect(f.organisation).toBe('Lewisham Council');
    expect(f.area).toBe('Lewisham');
  }, 60_000);

  it('counts a place named inside a longer place\'s name as the longer one ("Lincolnshire" in "North East Lincolnshire")', async () => {
    // the council named only in the table's rows, "the" before it
    const f = await facts([
      TABLE[0]!,
      '1\tAdopt the North East Lincolnshire Council volunteering policy\tPolicy Officer\tMarch 2011',
      '2\tPublish the North East Lincolnshire Council compact\tHead of Policy\tJanuary 2012',
      ...TABLE.slice(3),
    ]);
    expect(f.area).toBe('North East Lincolnshire');
    expect(f.organisation).toBe('North East Lincolnshire Council');
  }, 60_000);

  it('takes no title from an opening sentence ("This version ... was revised in ...")', async () => {
    const f = await facts([
      'This version of the action plan was revised in March 2010.\t\t\t',
      ...TABLE,
    ]);
    expect(f.title).toBeNull();
  }, 60_000);

  it('still takes the title run together with a sentence under it (its first line, as OCR leaves it)', () => {
    const meta = documentMeta([
      { type: 'paragraph', page: 1, text: 'Tarnfield Compact Action Plan 2010-11\nThis plan is agreed by the partners and will be reviewed each year.' },
    ], 'action_plan');
    expect(meta.title).toBe('Tarnfield Compact Action Plan 2010-11');
    expect(meta.period).toBe('2010-11');
  });
});

describe('season due dates', () => {
  // A season names no month, and winter not even one year: the gold files of
  // every corpus give null (fixtures/unseen were aligned to that).
  it.each(['Summer 2010', 'Spring 2009', 'Autumn 2011', 'Winter 2012', "Winter '11", "Spring '12", 'by Autumn 2010'])('%j -> null', (due) => {
    expect(parseDueDate(due)).toBeNull();
  });

  it('a month printed beside a season still gives the month', () => {
    expect(parseDueDate('Summer 2010 (by July 2010)')).toBe('2010-07');
  });
});

describe('bodies named in a long text', () => {
  it('are found after a long run of capitalised words, and after punctuation', async () => {
    const { findBodies } = await import('../src/normalise/bodies.ts');
    const run = Array.from({ length: 30 }, (_, i) => `Word${String.fromCharCode(97 + (i % 26))}`).join(' ');
    const text = `${run} Upper Lower Middle Thurrock Council, (see) Kestrelmoor Community Partnership and 2011: Voluntary Norfolk.`;
    const found = findBodies(text).map((b) => b.name);
    expect(found).toEqual(['Wordd Upper Lower Middle Thurrock Council', 'Kestrelmoor Community Partnership', 'Voluntary Norfolk']);
    // the same bodies, each alone
    for (const name of found.slice(1)) expect(findBodies(name).map((b) => b.name)).toEqual([name]);
  });
});
