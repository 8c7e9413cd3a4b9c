// Renders a revised version of a plan from its gold file, as a Word file, with
// known changes planted: 3 actions reworded, 1 added, 1 removed (the refs
// after it in its section renumbered), 2 statuses changed, 1 due date moved.
// Prints (or returns) the changes `plan-ingest changes` should report.
//   npx tsx scripts/make-revision.ts <plan folder with gold.json> <out.docx>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

type Cell = string | null;
interface Column { header: string; field: string | null }
interface Row { kind: 'data' | 'section' | 'header'; cells?: Cell[]; text?: string }
type Block = { type: 'heading' | 'paragraph'; text: string } | { type: 'table'; columns: Column[]; rows: Row[] };

export interface PlantedChange {
  kind: 'added' | 'removed' | 'reworded' | 'status' | 'due';
  ref: string;
  before: string | null;
  after: string | null;
}

const NEXT_STATUS: Record<string, string> = { R: 'A', A: 'G', G: 'A', Red: 'Amber', Amber: 'Green', Green: 'Amber' };
const STATUS_NAME: Record<string, string> = { R: 'red', A: 'amber', G: 'green', Red: 'red', Amber: 'amber', Green: 'green' };
const NEW_DUE = '31/12/2013';
const ADDED_ACTION = 'Set up a joint task group with the voluntary sector to review how small grants are advertised and awarded';

/** A rewording: another opening verb and a closing phrase. */
function reword(text: string): string {
  const [first, ...rest] = text.split(' ');
  const verb = ['Agree', 'Develop', 'Deliver'].find((v) => v.toLowerCase() !== first.toLowerCase())!;
  return `${verb} ${rest.join(' ')} jointly with partners`;
}

export function makeRevision(planDir: string, outFile: string): PlantedChange[] {
  const gold = JSON.parse(readFileSync(join(planDir, 'gold.json'), 'utf8')) as { blocks: Block[] };
  const blocks = structuredClone(gold.blocks);
  const tables = blocks.filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
  // the data rows of every table, with where each field sits
  const rows = tables.flatMap((t) => {
    const col = (f: string) => t.columns.findIndex((c) => c.field === f);
    // a section row, or a section column whose merged cells are filled down
    let section = '';
    return t.rows.map((r, i) => {
      if (r.kind === 'section') section = `row ${i}`;
      else if (col('section') >= 0 && r.cells?.[col('section')]) section = r.cells[col('section')]!;
      return { t, r, i, section, ref: col('ref'), action: col('action'), status: col('status'), due: col('due') };
    }).filter((x) => x.r.kind === 'data');
  });
  if (rows.some((x) => x.ref < 0 || x.action < 0)) throw new Error(`${planDir}: the revision needs a ref and an action column`);
  const changes: PlantedChange[] = [];
  const used = new Set<Row>();
  const pick = (ok: (x: (typeof rows)[number]) => boolean) => {
    const x = rows.find((y) => !used.has(y.r) && ok(y));
    if (!x) throw new Error(`${planDir}: no row left for a planted change`);
    used.add(x.r);
    return x;
  };
  const cell = (x: (typeof rows)[number], k: number) => x.r.cells![k] ?? '';
  // removed: a row followed by others in its section, whose refs move up
  const sectionRows = (x: (typeof rows)[number]) => rows.filter((y) => y.t === x.t && y.section === x.section);
  const gone = pick((x) => sectionRows(x).length >= 3 && sectionRows(x)[0] === x && cell(x, x.ref) !== '' && !!cell(sectionRows(x)[1], x.ref));
  const after = sectionRows(gone).slice(1);
  const refs = [gone, ...after].map((y) => cell(y, y.ref));
  after.forEach((y, k) => {
    y.r.cells![y.ref] = refs[k];
    used.add(y.r);
  });
  if (gone.section && after.length) {
    const sc = gone.t.columns.findIndex((c) => c.field === 'section');
    if (sc >= 0 && !cell(after[0], sc)) after[0].r.cells![sc] = cell(gone, sc);
  }
  changes.push({ kind: 'removed', ref: refs[0], before: cell(gone, gone.action), after: null });
  gone.t.rows.splice(gone.t.rows.indexOf(gone.r), 1);
  // statuses, a due date, rewordings (rows whose ref stays)
  for (let k = 0; k < 2; k++) {
    const x = pick((y) => y.status >= 0 && !!NEXT_STATUS[cell(y, y.status)]);
    const was = cell(x, x.status);
    x.r.cells![x.status] = NEXT_STATUS[was];
    changes.push({ kind: 'status', ref: cell(x, x.ref), before: STATUS_NAME[was], after: STATUS_NAME[NEXT_STATUS[was]] });
  }
  const d = pick((y) => y.due >= 0 && /\d{4}|\d\d$/.test(cell(y, y.due)));
  changes.push({ kind: 'due', ref: cell(d, d.ref), before: cell(d, d.due), after: NEW_DUE });
  d.r.cells![d.due] = NEW_DUE;
  for (let k = 0; k < 3; k++) {
    const x = pick((y) => cell(y, y.action).split(' ').length >= 5);
    const was = cell(x, x.action);
    x.r.cells![x.action] = reword(was);
    changes.push({ kind: 'reworded', ref: cell(x, x.ref), before: was, after: x.r.cells![x.action] });
  }
  // added: a new last row of the last table, with the next ref
  const last = rows.filter((x) => x.t === tables[tables.length - 1]).at(-1)!;
  const lastRef = cell(last, last.ref);
  const ref = /\d+$/.test(lastRef) ? lastRef.replace(/\d+$/, (n) => String(Number(n) + 1)) : `${lastRef}a`;
  const added = last.r.cells!.map(() => '' as Cell);
  added[last.ref] = ref;
  added[last.action] = ADDED_ACTION;
  const sectionCol = last.t.columns.findIndex((c) => c.field === 'section');
  if (sectionCol >= 0) added[sectionCol] = cell(last, sectionCol);
  last.t.rows.push({ kind: 'data', cells: added });
  changes.push({ kind: 'added', ref, before: null, after: ADDED_ACTION });
  writeFileSync(outFile, docx(blocks));
  return changes;
}

// --- a minimal Word file: headings, paragraphs, tables with a header row

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (text: string, style?: string, bold = false) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${text.split('\n').map((line, i) => `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}${i ? '<w:br/>' : ''}<w:t xml:space="preserve">${esc(line)}</w:t></w:r>`).join('')}</w:p>`;
const tc = (inner: string, span = 1) => `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${inner}</w:tc>`;

function table(t: Extract<Block, { type: 'table' }>): string {
  const n = t.columns.length;
  const border = '<w:tblBorders>' + ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:sz="4"/>`).join('') + '</w:tblBorders>';
  let xml = `<w:tbl><w:tblPr>${border}</w:tblPr><w:tblGrid>${'<w:gridCol w:w="1400"/>'.repeat(n)}</w:tblGrid>`;
  xml += `<w:tr><w:trPr><w:tblHeader/></w:trPr>${t.columns.map((c) => tc(para(c.header, undefined, true))).join('')}</w:tr>`;
  // a section column's merged cells written out in every row
  const sc = t.columns.findIndex((c) => c.field === 'section');
  let section = '';
  for (const r of t.rows) {
    if (r.kind === 'section') xml += `<w:tr>${tc(para(r.text ?? '', undefined, true), n)}</w:tr>`;
    else if (r.kind === 'data') {
      if (sc >= 0) section = r.cells?.[sc] || section;
      xml += `<w:tr>${(r.cells ?? []).map((c, k) => tc(para(k === sc ? section : c ?? ''))).join('')}</w:tr>`;
    }
  }
  return xml + '</w:tbl>';
}

const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
  + '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>';

function docx(blocks: Block[]): Buffer {
  const body = blocks.map((b) => (b.type === 'table' ? table(b) + '<w:p/>' : para(b.text, b.type === 'heading' ? 'Heading1' : undefined))).join('');
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return zip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      + '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'word/styles.xml': STYLES,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
  });
}

/** A zip of stored (uncompressed) entries. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [], central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8'), nameBuf = Buffer.from(name, 'utf8'), crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0x800, 8);
    cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(data.length, 20); cen.writeUInt32LE(data.length, 24); cen.writeUInt16LE(nameBuf.length, 28); cen.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    central.push(cen, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cenBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cenBuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cenBuf, end]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) throw new Error('usage: make-revision.ts <plan folder> <out.docx>');
  process.stdout.write(JSON.stringify(makeRevision(dir, out), null, 2) + '\n');
}
