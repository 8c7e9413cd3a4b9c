// The direct OOXML reader against the mammoth-based reference reader: on every
// corpus plan and every Word fixture the blocks must be equal. Where mammoth's
// output is wrong and the direct reader is right, the difference is written
// out below (the reference's blocks are corrected, with the reason) and the
// direct reader's value is asserted on its own as well.
import { readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDocxDirect } from '../src/readers/docx/index.ts';
import { readDocxMammoth } from '../dev/reference/docx-mammoth.ts';
import { readDocx } from '../src/readers/docx.ts';
import { parseXml, XmlError } from '../src/readers/docx/xml.ts';
import { listZip, readZipEntry } from '../src/readers/zip.ts';
import { InputError, type Block, type Grid } from '../src/model.ts';
import { fixture, gold, plans } from './helpers/fixtures.ts';

type Fix = (blocks: Block[]) => void;

function paragraph(blocks: Block[], text: string): Extract<Block, { type: 'paragraph' }> {
  const b = blocks.find((x) => x.type === 'paragraph' && x.text === text);
  if (!b) throw new Error(`no paragraph ${JSON.stringify(text)}`);
  return b as Extract<Block, { type: 'paragraph' }>;
}

function tables(blocks: Block[]): Grid[] {
  return blocks.filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table').map((b) => b.grid);
}

function lists(blocks: Block[]): Extract<Block, { type: 'list' }>[] {
  return blocks.filter((b): b is Extract<Block, { type: 'list' }> => b.type === 'list');
}

/** Word's numbers are an addition the reference cannot give: compared on their own. */
function withoutNumbers(blocks: Block[]): Block[] {
  return blocks.map((b) => {
    if (b.type !== 'list') return b;
    const { numbers: _numbers, ...rest } = b;
    return rest;
  });
}

// Where the reference is wrong, per fixture.
const FIXES: Record<string, Fix> = {
  'heading-styles.docx': (blocks) => {
    // mammoth's default style map has no rule for Title (it becomes a paragraph);
    // Word shows it as the document's top heading
    blocks[0] = { type: 'heading', text: 'Third Sector Strategy', page: 1, level: 1 };
    // "Plan Section" is based on Heading 2 and inherits its outline level; mammoth
    // looks at the paragraph's own style only
    const i = blocks.findIndex((b) => b.type === 'paragraph' && b.text === 'Custom section style');
    blocks[i] = { type: 'heading', text: 'Custom section style', page: 1, level: 2 };
  },
  'hyperlinks.docx': (blocks) => {
    // the space between the two links is a run of its own; the reference drops
    // white space that sits alone between two formatting boundaries
    paragraph(blocks, 'Bold linkafter').text = 'Bold link after';
  },
  'merged-cells.docx': (blocks) => {
    // w:gridBefore="1": the row's first cell sits in the second grid column;
    // mammoth ignores gridBefore and shifts the row left
    for (const c of tables(blocks)[0].cells) if (c.row === 5) c.col += 1;
  },
  'nested-table.docx': (blocks) => {
    // a table two levels down: the reference walk visits its cell once for the
    // middle table's cell text and again as a cell of the outer walk
    const cell = tables(blocks)[0].cells.find((c) => c.text.startsWith('Milestones:'))!;
    cell.text = cell.text.replace('Deepest cell\nDeepest cell', 'Deepest cell');
  },
  'numbered-lists.docx': (blocks) => {
    // nested and in-cell items start with the number Word shows: level 2 of that
    // list is "a)", the outline list's is "1.1", and the list in the cell
    // continues numId 2 (items 1-4 are above it), so it shows 5. and 6.
    const [first, , , , outline] = lists(blocks);
    first.items[1] = 'Second action\na) A sub-point\nb) Another sub-point';
    outline.items = ['Outline one\n1.1 Outline one point one', 'Outline two\n2.1 Outline two point one'];
    tables(blocks)[0].cells[1].text = '5. Draft\n6. Consult\n\u2022 Point';
  },
  'run-content.docx': (blocks) => {
    // w:cr is a line break; mammoth does not know the element and drops it
    paragraph(blocks, 'Lineafter a carriage return').text = 'Line\nafter a carriage return';
    // a soft hyphen is an optional hyphenation point, not text: mammoth keeps U+00AD
    paragraph(blocks, 'Non\u2011breaking and co\u00adoperation').text = 'Non\u2011breaking and cooperation';
    // white space alone in an italic run and in a bold run, between words
    paragraph(blocks, 'Bolditalic plain strongstruckH2O').text = 'Bold italic plain strong struck\tH2O';
    // a simple field (w:fldSimple) shows its result; mammoth leaves it out
    paragraph(blocks, ' after a simple field').text = 'Simple field text after a simple field';
  },
};

const corpus = plans().map((p) => [`corpus/${p}`, fixture('corpus', p, 'plan.docx')] as const);
const own = readdirSync(fixture('docx')).filter((f) => f.endsWith('.docx')).sort().map((f) => [f, fixture('docx', f)] as const);

describe('direct OOXML reader = mammoth-based reader', () => {
  it('covers the corpus and the feature fixtures', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(5);
    expect(own.map(([f]) => f)).toEqual(expect.arrayContaining([
      'nested-table.docx', 'hyperlinks.docx', 'tracked-changes.docx', 'heading-styles.docx',
      'numbered-lists.docx', 'merged-cells.docx', 'run-content.docx', 'other-prefix.docx',
    ]));
  });

  for (const [name, path] of [...corpus, ...own]) {
    it(`${name}: same blocks`, async () => {
      const bytes = readFileSync(path);
      const reference = (await readDocxMammoth(bytes)).blocks;
      const direct = await readDocxDirect(bytes);
      const fix = FIXES[name];
      if (fix) fix(reference);
      expect(withoutNumbers(direct.blocks)).toEqual(reference);
      expect(direct).toMatchObject({ format: 'docx', extractor: 'docx', pageCount: 1, notes: [] });
    });
  }

  it('every documented difference is still one (the reference is not already right)', async () => {
    for (const name of Object.keys(FIXES)) {
      const bytes = readFileSync(fixture('docx', name));
      const reference = (await readDocxMammoth(bytes)).blocks;
      const direct = await readDocxDirect(bytes);
      expect(withoutNumbers(direct.blocks), name).not.toEqual(reference);
    }
  });
});

describe('direct OOXML reader on its own', () => {
  const read = async (name: string) => (await readDocxDirect(readFileSync(fixture('docx', name)))).blocks;

  it('numbers list items as Word does: continuing after a break, restarting, starting at 5', async () => {
    const [first, second, third, bullets] = lists(await read('numbered-lists.docx'));
    expect(first.items).toEqual(['First action', 'Second action\na) A sub-point\nb) Another sub-point', 'Third action']);
    expect(first.numbers).toEqual(['1', '2', '3']);
    // numId 2 continues (4) after the paragraph; numId 3 restarts it (startOverride 1)
    expect(second.items).toEqual(['Fourth action, continuing', 'Restarted one', 'Restarted two']);
    expect(second.numbers).toEqual(['4', '1', '2']);
    // w:start 5 and lvlText "(%1)"
    expect(third.numbers).toEqual(['5', '6']);
    expect(bullets).toMatchObject({ numbered: false, items: ['Bullet one', 'Bullet two\n\u2022 Dash', 'Styled bullet'] });
    expect(bullets.numbers).toBeUndefined();
  });

  it('gives the corpus report its item numbers (the gold refs)', async () => {
    const blocks = (await readDocxDirect(readFileSync(fixture('corpus', 'thurrock-cvs-ni7-report', 'plan.docx')))).blocks;
    const list = lists(blocks).find((l) => l.numbered)!;
    expect(list.numbers).toEqual(gold('thurrock-cvs-ni7-report').records.map((r) => r.ref));
  });

  it('merges a cell over two rows and two columns at once, and keeps header rows', async () => {
    const grid = tables(await read('merged-cells.docx'))[0];
    expect(grid.cells.find((c) => c.text === 'Shared lead and date')).toMatchObject({ row: 1, col: 1, rowspan: 2, colspan: 2 });
    expect(grid.cells.find((c) => c.text === 'Capacity')).toMatchObject({ row: 1, col: 0, rowspan: 2, colspan: 1 });
    expect(grid.cells.find((c) => c.text === 'June 2010')).toMatchObject({ row: 2, col: 3 });
    expect(grid.cells.find((c) => c.text === 'Funding')).toMatchObject({ row: 3, col: 0, colspan: 4 });
    expect(grid.cells.find((c) => c.text.startsWith('Indented'))).toMatchObject({ row: 5, col: 1 });
    expect(grid.rows.map((r) => !!r.header)).toEqual([true, false, false, false, false, false]);
    expect([grid.nrows, grid.ncols, grid.explicitMerges]).toEqual([6, 4, true]);
  });

  it('reads tracked changes as accepted: insertions in, deletions and moved-from text out', async () => {
    const blocks = await read('tracked-changes.docx');
    expect(blocks.slice(1, 4).map((b) => (b as { text: string }).text)).toEqual([
      'The forum agreed the plan.', 'Merged start, merged end.', 'Stays and moved here',
    ]);
    expect(tables(blocks)[0].cells.map((c) => c.text)).toEqual(['Ref', 'Action', '1', 'Recruit ten volunteers', '3', 'Kept row']);
  });

  it('reads hyperlinks, fields, text boxes once, content controls and symbols', async () => {
    const links = await read('hyperlinks.docx');
    expect(links.map((b) => (b as { text?: string }).text)).toContain('Agreed in the local Compact in 2009.');
    expect(links.map((b) => (b as { text?: string }).text)).toContain('Back to the top, page 4.');
    const run = await read('run-content.docx');
    const texts = run.filter((b) => b.type === 'paragraph').map((b) => (b as { text: string }).text);
    // the Fallback of the AlternateContent, once, after its paragraph
    expect(texts.indexOf('Fallback text box')).toBe(texts.indexOf('Holds a text box') + 1);
    expect(texts.join('\n')).not.toContain('Choice text box');
    expect(texts).toContain('Tick \u2713 and bullet \u2022');
    expect(texts).toContain('Entities & <tags> "quoted" \u20ac5 \u2013 done');
    expect(texts).toContain('Inline control and Thurrock');
    expect(texts).toContain('Due\tMarch\n2010');
  });

  it('reads a document whose WordprocessingML prefix is not "w"', async () => {
    const blocks = await read('other-prefix.docx');
    expect(blocks[0]).toMatchObject({ type: 'heading', text: 'Plan written by another tool', level: 1 });
    expect(tables(blocks)[0].cells.map((c) => c.text)).toEqual(['Ref', 'Action', '1', 'Prefix declared on the paragraph']);
  });
});

describe('direct OOXML reader: broken input', () => {
  it.each([
    ['truncated.docx', /truncated/],
    ['not-a-zip.docx', /not a zip archive/],
    ['malformed-xml.docx', /^malformed XML in the Word document: close tag <\/w:r> does not match <w:t>/],
    ['zip-bomb.docx', /zip bomb/],
  ])('%s: the same refusal as the reference', async (name, reason) => {
    const bytes = readFileSync(fixture('bad', name));
    const direct = await readDocxDirect(bytes).catch((e) => e);
    const reference = await readDocxMammoth(bytes).catch((e) => e);
    expect(direct).toBeInstanceOf(InputError);
    expect(direct.message).toMatch(reason);
    expect(reference).toBeInstanceOf(InputError);
    // same kind of reason (the XML detail is the parser's own)
    expect(direct.message.split(':')[0]).toBe(reference.message.split(':')[0]);
  });

  it('refuses a package without word/document.xml as the reference does', async () => {
    const bytes = zip({ 'word/other.xml': '<a/>' });
    const direct = await readDocxDirect(bytes).catch((e) => e);
    expect(direct).toBeInstanceOf(InputError);
    expect(direct.message).toBe('zip archive without word/document.xml: not a Word document');
    expect((await readDocxMammoth(bytes).catch((e) => e)).message).toBe(direct.message);
  });

  it('refuses a part that inflates past the cap, whatever its header says', async () => {
    const big = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${'<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(2000)}</w:body></w:document>`;
    const bytes = zip({ 'word/document.xml': big }, { lieAboutSize: true });
    const err = await readDocxDirect(bytes, { maxPartBytes: 10_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/word\/document.xml would inflate past/);
    // under the default cap it reads
    expect((await readDocxDirect(bytes)).blocks).toHaveLength(2000);
  });
});

describe('damaged document.xml (seeded mutations of a corpus plan)', () => {
  it('the direct reader refuses with an InputError or reads the same blocks as the reference', async () => {
    const src = new Uint8Array(readFileSync(fixture('corpus', 'tower-hamlets-third-sector-2009', 'plan.docx')));
    const parts = Object.fromEntries(listZip(src).map((e) => [e.name, Buffer.from(readZipEntry(src, e)).toString('utf8')]));
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let read = 0;
    for (let t = 0; t < 60; t++) {
      let xml = parts['word/document.xml'];
      const at = rnd(xml.length);
      const kind = rnd(3);
      if (kind === 0) xml = xml.slice(0, at) + xml.slice(at + 1 + rnd(5));
      else if (kind === 1) xml = xml.slice(0, at) + '<>&"/'[rnd(5)] + xml.slice(at);
      else {
        const b = rnd(xml.length);
        xml = xml.slice(0, Math.min(at, b)) + xml.slice(Math.max(at, b), Math.max(at, b) + 20) + xml.slice(Math.min(at, b));
      }
      const bytes = zip({ ...parts, 'word/document.xml': xml });
      const direct = await readDocxDirect(bytes).catch((e: Error) => e);
      if (direct instanceof Error) {
        expect(direct).toBeInstanceOf(InputError);
        expect(direct.message).toMatch(/^(malformed XML in the Word document|Word document could not be read): /);
        continue;
      }
      // xmldom recovers from some close tags that do not match; the direct
      // parser refuses them, so only documents both read are compared
      const reference = await readDocxMammoth(bytes).catch(() => null);
      if (reference === null) continue;
      expect(withoutNumbers(direct.blocks)).toEqual(reference.blocks);
      read++;
    }
    expect(read).toBeGreaterThan(10);
  });
});

describe('XML parser', () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  it('decodes entities, keeps CDATA, skips comments and processing instructions', () => {
    const root = parseXml(`<?xml version="1.0"?><!-- c --><w:t ${W} a="&lt;&#65;&#x42;&quot;&apos;">x &amp; y<![CDATA[ <z> ]]><?pi x?><!-- c -->&#8364;</w:t>`, { textIn: new Set(['w:t']) });
    expect(root.name).toBe('w:t');
    expect(root.attrs.a).toBe('<AB"\'');
    expect(root.text()).toBe('x & y <z> \u20ac');
  });
  it('names elements by namespace, not by the prefix written', () => {
    const root = parseXml('<x:doc xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body xmlns="urn:schemas-microsoft-com:vml"/></x:doc>');
    expect(root.name).toBe('w:doc');
    expect((root.children[0] as { name: string }).name).toBe('v:body');
  });
  it('replaces mc:AlternateContent by its Fallback', () => {
    const root = parseXml(`<w:r ${W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent><mc:Choice><w:a/></mc:Choice><mc:Fallback><w:b/></mc:Fallback></mc:AlternateContent></w:r>`, { skip: new Set(['mc:Choice']) });
    expect(root.children.map((c) => (c as { name: string }).name)).toEqual(['w:b']);
  });
  it('skips an element with its tags, self-closed or not, quoted > and / included', () => {
    const root = parseXml('<a><s x="1>2" y=\'/\'><t z="a/"><u/></t><v w="/"/></s><k q="/>"/></a>', { skip: new Set(['s']) });
    expect(root.children.map((c) => (c as { name: string }).name)).toEqual(['k']);
    expect((root.children[0] as { attrs: Record<string, string> }).attrs.q).toBe('/>');
  });
  it.each([
    ['<a><s><t x="<"/></s></a>', /< in an attribute value of <t>/],
    ['<a><s><t x="1></s></a>', /unterminated attribute value in <t>/],
    ['<a><s><t x="1" y="a<b"/></s></a>', /< in an attribute value of <t>/],
    ['<a><s><t <u/></s></a>', /unterminated tag <t/],
    ['<a><s><t></s></a>', /does not match/],
  ])('refuses %s inside a skipped element', (xml, reason) => {
    expect(() => parseXml(xml, { skip: new Set(['s']) })).toThrow(reason);
  });
  it.each([
    ['<a><b></a>', /does not match/],
    ['<a>', /not closed/],
    ['<a>&nbsp;</a>', /undefined entity/],
    ['<a>x & y</a>', /bare &/],
    ['<a b="1" b="2"/>', /repeated/],
    ['<a b=1/>', /unquoted/],
    ['<p:a/>', /unbound namespace prefix/],
    ['<a/><b/>', /second root/],
    ['<a><b&c/></a>', /bad tag name/],
    ['<a x"y="1"/>', /bad attribute name/],
    ['<a><!-- x </a>', /unterminated comment/],
  ])('refuses %s', (xml, reason) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
    expect(() => parseXml(xml)).toThrow(reason);
  });
});

describe('readDocx', () => {
  it('is the direct reader', async () => {
    const bytes = readFileSync(fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx'));
    expect(await readDocx(bytes)).toEqual(await readDocxDirect(bytes));
  });
});

/** A stored-or-deflated zip written here, so a test can say exactly what is in it. */
function zip(files: Record<string, string>, opts: { lieAboutSize?: boolean } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const size = opts.lieAboutSize ? 100 : data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}
