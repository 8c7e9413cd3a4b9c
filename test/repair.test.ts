import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRepairer, isSpace, repairText } from '../src/repair/index.ts';
import { RepairSchema } from '../src/model.ts';
import { corpusDirs, goldStrings, measureColumns, measureInput, readGold } from '../scripts/repair-measure.ts';

const corpus = new URL('../fixtures/corpus/', import.meta.url).pathname;
const plan = (name: string) => `${corpus}${name}`;
const lines = (name: string, file: string) =>
  readFileSync(`${plan(name)}/${file}`, 'utf8').split(/\r?\n/).map((l) => l.replace(/\t+/g, ' '));

/** The repaired text of one raw line, with the whole file as the document. */
function repairLine(name: string, file: string, contains: string): string {
  const all = lines(name, file);
  const line = all.find((l) => l.includes(contains));
  if (!line) throw new Error(`no line with ${contains} in ${name}/${file}`);
  return createRepairer(all).repair(line, 'action').text;
}

/** A cell of the gold text (records or blocks) that contains `s`. */
function goldHas(name: string, s: string): boolean {
  return goldStrings(readGold(plan(name))).some((g) => g.includes(s));
}

describe('repairs real damage from the fixtures', () => {
  const TE = 'thurrock-community-engagement-2011';
  it.each([
    // source.txt: split at a cut, with a glyph slip or a doubled glyph
    [TE, 'source.txt', 'Comr', 'Community Engagement DRAFT Implementation Plan November 2011-2016'],
    [TE, 'source.txt', 'Objective 1 : Dev', 'Objective 1 : Develop and support communities and local people to get involved'],
    [TE, 'source.txt', 'Commissio ning', 'Head of Strategic Commissioning'],
    [TE, 'source.txt', 'Communic ations Manager', 'Communications Manager'],
    [TE, 'source.txt', 'Developme nt Team.', 'Community Development Team.'],
    // hyphens the document keeps, and the spaced prefix hyphen
    [TE, 'source.txt', 'Well- Being', 'Health and Well-Being Plan 2012'],
    [TE, 'source.txt', 'implement e- portal', 'implement e-portal and joint calendar'],
    [TE, 'source.txt', 'Co- ordination', 'Co-ordination Community Dev. Manager'],
    [TE, 'source.txt', 'engagement tool- kit', 'including engagement tool-kit'],
    [TE, 'source.txt', 'bi - annual', 'Measure success through bi-annual Customer Survey'],
    [TE, 'source.txt', 'Active Citizens Training', 'On-going'],
    [TE, 'source.txt', '2011/ 12', '2011/12'],
    [TE, 'source.txt', 'helping elected', 'HoS are supported in helping elected Cllrs develop Community Councils'],
    // export.tsv: line-break hyphens and OCR slips
    [TE, 'export.tsv', 'oppo- rtunities', 'opportunities'],
    [TE, 'export.tsv', 'officcrs', 'officers,'],
    [TE, 'export.tsv', 'proposaIs', 'proposals'],
    [TE, 'export.tsv', 'considercd', 'considered'],
    [TE, 'export.tsv', 'decisi0ns', 'decisions'],
    [TE, 'export.tsv', 'CouncilIors', 'Councillors'],
    [TE, 'export.tsv', 'structu res', 'structures'],
    [TE, 'export.tsv', 'c0nnect', 'connect'],
    [TE, 'export.tsv', 'nctworks', 'networks'],
    [TE, 'export.tsv', 'imp roved', 'improved'],
    [TE, 'export.tsv', 'DeveIopment', 'Development'],
    ['tower-hamlets-third-sector-2009', 'export.tsv', 'App- ropriate', 'Appropriate'],
    ['tower-hamlets-third-sector-2009', 'export.tsv', 'AcceIerated', 'Accelerated'],
    ['tower-hamlets-third-sector-2009', 'export.tsv', 'Irnproved', 'Improved'],
    ['tower-hamlets-third-sector-2009', 'export.tsv', 'alongs ide', 'alongside'],
    ['tower-hamlets-third-sector-2009', 'export.tsv', 'tim- escales', 'timescales'],
    ['thurrock-ni7-action-plan', 'export.tsv', 'STRATEGlC', 'STRATEGIC PARTNERSHIPS'],
    ['thurrock-ni7-action-plan', 'export.tsv', 'INVESTMEN', 'INVESTMENT'],
    ['thurrock-ni7-action-plan', 'export.tsv', 'pro- vision', 'provision'],
    ['thurrock-ni7-action-plan', 'export.tsv', 'partners- hip', 'partnership'],
    ['thurrock-cvs-ni7-report', 'export.tsv', 'Train ing', 'Training'],
    ['thurrock-cvs-ni7-report', 'export.tsv', 'Nevertheless l am', 'Nevertheless I am hopeful'],
    ['norfolk-ni7-laa-action-plan', 'export.tsv', 'availa ble', 'available'],
    ['norfolk-ni7-laa-action-plan', 'export.tsv', 'incrcase', 'increase'],
    ['norfolk-ni7-laa-action-plan', 'export.tsv', 'bi-a annually', '(bi-annually)'],
  ])('%s %s: %s', (name, file, damaged, expected) => {
    expect(goldHas(name, expected)).toBe(true);
    expect(repairLine(name, file, damaged)).toContain(expected);
  });

  it('removes stray list markup and keeps the text', () => {
    const name = 'thurrock-ni7-action-plan';
    const r = repairText(lines(name, 'source.txt')[2], 'action');
    expect(r.text).toBe('Establish a local NI7 measurement & evidence of good practice');
    expect(goldHas(name, r.text)).toBe(true);
    expect(r.repairs.map((x) => x.rule)).toEqual(['markup']);
  });

  it('replaces a Greek capital alpha used for the A of R/A/G', () => {
    const line = lines('thurrock-community-engagement-2011', 'source.txt')[3];
    expect(line.startsWith('\u0391')).toBe(true);
    const r = repairText(line, 'text');
    expect(r.text.trim()).toBe('A Significant progress has been achieved');
    expect(r.repairs).toHaveLength(1);
    expect(r.repairs[0]).toMatchObject({ from: '\u0391', to: 'A', rule: 'homoglyph' });
  });

  it('records one valid entry per change with its rule', () => {
    const all = lines('thurrock-community-engagement-2011', 'source.txt');
    const r = createRepairer(all).repair(all[0], 'section');
    expect(r.text.trim()).toBe('Community Engagement DRAFT Implementation Plan November 2011-2016 Document control: V3 October \'11');
    for (const x of r.repairs) expect(RepairSchema.parse(x)).toEqual(x);
    expect(r.repairs.map((x) => `${x.from}>${x.to}`)).toEqual([
      'Comr nunity>Community', 'Imple mentation>Implementation', 'Pla an>Plan', 'Nov ember>November',
    ]);
    expect(r.repairs[0].rule).toBe('split-join+ocr-rn-m');
    expect(r.repairs[2].rule).toBe('split-join');
    expect(r.repairs.every((x) => x.field === 'section' && x.confidence > 0 && x.confidence <= 1)).toBe(true);
  });

  it('uses the document: "Ngagc" is "Ngage" when the document has "Ngage"', () => {
    const cell = 'Three year funding agreement with Ngagc up to 2014';
    expect(goldHas('thurrock-community-engagement-2011', 'Three year funding agreement with Ngage up to 2014')).toBe(true);
    const withName = createRepairer([cell, 'Volunteer Centre run by Ngage', 'Ngage annual report']);
    const sure = withName.repair(cell, 'resources');
    expect(sure.text).toBe('Three year funding agreement with Ngage up to 2014');
    // without it, only the impossible ending "-gc" speaks for the change: less sure
    const unsure = createRepairer([cell]).repair(cell, 'resources');
    expect(unsure.text).toBe(sure.text);
    expect(unsure.repairs[0].confidence).toBeLessThan(sure.repairs[0].confidence);
  });

  it('leaves unknown names alone when only a letter sequence looks odd', () => {
    const names = ['Szczecin twinning', 'Fylde Coast', 'Kovac', 'Llanelli', 'Tchaikovsky Hall', 'Dzmitry Ilyin'];
    for (const s of names) expect(repairText(s, 'lead').text).toBe(s);
  });
});

describe('leaves correct text alone', () => {
  const sentences = readFileSync(new URL('../fixtures/repair/clean-sentences.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));

  it('has a few hundred clean sentences to try', () => {
    expect(sentences.length).toBeGreaterThan(100);
  });

  it('changes none of the written council sentences', () => {
    const repairer = createRepairer(sentences);
    const changed = sentences
      .map((s) => ({ s, r: repairer.repair(s, 'action') }))
      .filter(({ s, r }) => r.text !== s || r.repairs.length > 0)
      .map(({ s, r }) => `${s} => ${r.text}`);
    expect(changed).toEqual([]);
  });

  for (const dir of corpusDirs(corpus)) {
    it(`changes no gold text of ${dir.split('/').pop()}`, () => {
      const texts = goldStrings(readGold(dir)).filter((s) => /\p{L}/u.test(s));
      const repairer = createRepairer(texts);
      const changed = texts
        .map((s) => ({ s, r: repairer.repair(s, 'action') }))
        .filter(({ s, r }) => r.text !== s)
        .map(({ s, r }) => `${s} => ${r.text}`);
      expect(changed).toEqual([]);
    });
  }

  it('keeps the author\'s spelling and real word pairs', () => {
    const doc = [
      'Develop a culture of engagement within pubic services',
      'policies are actively imbedded within all LSP organisations',
      'PROGRSS update to follow',
      'look in to the options as set out in the asset plan',
      'it is to be agreed; maybe later, into next year',
    ];
    const repairer = createRepairer(doc);
    for (const s of doc) expect(repairer.repair(s, 'progress').text).toBe(s);
  });
});

describe('on the corpus inputs, line by line', () => {
  for (const dir of corpusDirs(corpus)) {
    for (const input of ['source.txt', 'export.tsv']) {
      it(`${dir.split('/').pop()} ${input}: no false repairs`, () => {
        const r = measureInput(dir, input);
        expect(r.falseRepairs).toEqual([]);
      });
    }
  }

  for (const dir of corpusDirs(corpus)) {
    it(`${dir.split('/').pop()} export.tsv read down its columns: no false repairs`, () => {
      expect(measureColumns(dir, 'export.tsv').falseRepairs).toEqual([]);
    });
  }

  it('reaches the export\'s repairs when wrapped cells are read whole', () => {
    let found = 0;
    let targets = 0;
    for (const dir of corpusDirs(corpus)) {
      const lines = measureInput(dir, 'export.tsv');
      const cols = measureColumns(dir, 'export.tsv');
      found += new Set([...lines.found, ...cols.found]).size;
      targets += lines.targets.length;
    }
    expect(found / targets).toBeGreaterThanOrEqual(0.95);
  });

  it('produces the gold\'s repaired words (recall over all fixtures)', () => {
    const totals = { 'source.txt': [0, 0], 'export.tsv': [0, 0] } as Record<string, [number, number]>;
    for (const dir of corpusDirs(corpus)) {
      for (const input of ['source.txt', 'export.tsv']) {
        const r = measureInput(dir, input);
        totals[input][0] += r.found.length;
        totals[input][1] += r.targets.length;
      }
    }
    const [sf, st] = totals['source.txt'];
    const [ef, et] = totals['export.tsv'];
    expect(st).toBeGreaterThan(0);
    expect(sf / st).toBeGreaterThanOrEqual(0.95);
    // per line, words cut across two lines of a column cannot be joined
    expect(ef / et).toBeGreaterThanOrEqual(0.85);
  });
});

describe('speed', () => {
  it('repairs thousands of cells per second', () => {
    const cells = readFileSync(`${plan('thurrock-community-engagement-2011')}/source.txt`, 'utf8')
      .split(/[\t\n]/)
      .filter((c) => c.trim());
    const repairer = createRepairer(cells);
    repairer.repair(cells[0], 'action');
    const t0 = performance.now();
    let n = 0;
    while (n < 3000) for (const c of cells) (repairer.repair(c, 'action'), n++);
    const perSecond = n / ((performance.now() - t0) / 1000);
    expect(perSecond).toBeGreaterThan(2000);
  });
});

describe('glyph slips in plans unlike the corpus (fixtures/unseen)', () => {
  const unseen = new URL('../fixtures/unseen/', import.meta.url).pathname;
  it('an "i" read as "l" is mended to the lower-case word, not to a mid-word capital I', () => {
    const damage = JSON.parse(readFileSync(`${unseen}/wakefield-ni7-progress-report-2009/export.damage.json`, 'utf8')) as Array<{ from: string; to: string }>;
    const slip = damage.find((d) => d.from === 'Strategic');
    expect(slip?.to).toBe('Strateglc');
    const all = readFileSync(`${unseen}/wakefield-ni7-progress-report-2009/export.tsv`, 'utf8').split(/\r?\n/).map((l) => l.replace(/\t+/g, ' '));
    const line = all.find((l) => l.includes('Strateglc'))!;
    expect(createRepairer(all).repair(line, 'action').text).toContain('Strategic Group');
    expect(createRepairer(['Give one-to-one funding advice']).repair('Give one-to-one fundlng advice', 'action').text).toBe('Give one-to-one funding advice');
  });
});

describe('hyphens, cut capitals and cut headings in cell-splitting exports', () => {
  /** `text` repaired with `context` as the rest of its document. */
  const fix = (text: string, ...context: string[]) => createRepairer([text, ...context]).repair(text, 'action');

  it.each([
    // a compound of two words with no closed form keeps its hyphen
    ['agree the annual price- setting round', 'agree the annual price-setting round'],
    ['a one- off grant', 'a one-off grant'],
    ['the year- end report', 'the year-end report'],
    // two long words keep it even where a closed form exists
    ['support under- funded groups', 'support under-funded groups'],
    // a short first piece is a cut piece
    ['better service pro- vision', 'better service provision'],
    ['Pro- gress reported', 'Progress reported'],
    // a piece that is no word before a lower-case piece: a cut word, even one
    // no lexicon lists, when its letters read as English
    ['a new microv- olunteering scheme', 'a new microvolunteering scheme'],
  ])('%j -> %j', (text, expected) => {
    expect(fix(text).text).toBe(expected);
  });

  it('keeps a cell ending in a hyphen apart from the next cell in another case ("Well- reduces")', () => {
    expect(fix('Health and Well- reduces isolation').text).toBe('Health and Well- reduces isolation');
  });

  it('the closed form the document uses wins over the hyphenated one', () => {
    expect(fix('work with under- represented groups', 'the underrepresented wards').text).toBe('work with underrepresented groups');
  });

  it('joins a capital cut from its word, and drops a capital printed on both sides of a cut', () => {
    expect(fix('Owner: L ondon Borough of Greyhurst').text).toBe('Owner: London Borough of Greyhurst');
    expect(fix('Owner: T Tarnfield Borough Council', 'Tarnfield partners').text).toBe('Owner: Tarnfield Borough Council');
    // "A" and "I" are words, and a lone capital before a word stays
    expect(fix('Plan B includes two phases').text).toBe('Plan B includes two phases');
    expect(fix('A ction plan').text).toBe('A ction plan');
  });

  it('joins a word cut in three when the document has it whole and the middle piece is no word', () => {
    expect(fix('Brackley Par tners hip Delivery Plan', 'Brackley Strategic Partnership').text).toBe('Brackley Partnership Delivery Plan');
    expect(fix('in differe nt ways', 'indifferent').text).toBe('in different ways');
  });

  it('joins two words only into a word the document has, in whatever case it has it', () => {
    // (the vocabulary's hashes are of lower case, and so is a join's, made from its pieces')
    expect(fix('tar gets met', 'TARGETS for the year').text).toBe('targets met');
    expect(fix('Tar gets met', 'Targets for the year').text).toBe('Targets met');
    expect(fix('tar gets met', 'Plans for the year').text).toBe('tar gets met');
    // pieces that are not ASCII are looked up as before
    expect(fix('tar gets café', 'targets').text).toBe('targets café');
  });

  it('joins a two-letter fragment left by a doubled glyph only into a word of the document', () => {
    expect(fix('Theme 2 – Health and social ca are', 'Director of Adult Social Care').text).toBe('Theme 2 – Health and social care');
    expect(fix('in the area as well', 'areas').text).toBe('in the area as well');
    expect(fix('Theme 2 – Health and social ca are').text).toBe('Theme 2 – Health and social ca are');
  });
});

describe('a word split before a suffix that is a word', () => {
  it.each([
    ['2. Sustain able funding', '2. Sustainable funding'],
    ['Partner ship working', 'Partnership working'],
    ['we are able to help', 'we are able to help'],
    ['more able pupils', 'more able pupils'],
  ])('%j -> %j', (text, expected) => {
    expect(repairText(text, 'section').text).toBe(expected);
  });
});

describe('a name misread by OCR', () => {
  it('is mended to the name the document prints far more often, one glyph away, on OCR text only', () => {
    const doc = Array.from({ length: 6 }, (_, i) => `Action ${i} for Brackenshire partners`);
    const ocr = createRepairer(doc, { ocr: true });
    expect(ocr.repair('Owner: Bracksnshire County Council', 'text').text).toBe('Owner: Brackenshire County Council');
    expect(createRepairer(doc).repair('Owner: Bracksnshire County Council', 'text').text).toBe('Owner: Bracksnshire County Council');
    // two names one glyph away: no choice
    const two = [...doc, ...Array.from({ length: 6 }, () => 'Brackinshire')];
    expect(createRepairer(two, { ocr: true }).repair('Bracksnshire', 'text').text).toBe('Bracksnshire');
  });
});

describe('white space', () => {
  it('is what JavaScript\'s \\s is, for every UTF-16 unit', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('of every kind is kept as written around repaired words', () => {
    const text = '\u00a0 Comm unity\u2028work\tin\u3000the  Community \ufeff';
    const r = createRepairer([text, 'Community Community Community']).repair(text, 'action');
    expect(r.text).toBe('\u00a0 Community\u2028work\tin\u3000the  Community \ufeff');
    expect(r.repairs.map((x) => x.rule)).toEqual(['split-join']);
  });
});
