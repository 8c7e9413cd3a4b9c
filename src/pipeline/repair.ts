// Repair applied to a normalised document: every text field of every record
// and the title, with each change recorded in the record's provenance.
import { TEXT_FIELDS, type ActionRecord, type Block, type DocumentMeta } from '../model.ts';
import { documentMeta } from '../normalise/meta.ts';
import { createRepairer } from '../repair/index.ts';
import { restoreRefs } from '../repair/refs.ts';
import { parseCost } from '../normalise/money.ts';
import { parseDueDate } from '../normalise/dates.ts';

export interface RepairOptions {
  /** 1-based pages whose words came from OCR (each page carries its own mark):
   * the OCR rules apply to the records on those pages only */
  ocrPages?: ReadonlySet<number>;
  /** the document's blocks, from which `meta` was read: document facts are read
   * again from their repaired text */
  blocks?: Block[];
}

export function repairDocument(meta: DocumentMeta, records: ActionRecord[], extraTexts: string[], opts: RepairOptions = {}): void {
  // The document's vocabulary counts each word as often as the document has it:
  // its blocks when the reader gave them, else its records (never both, or a
  // damaged word would look like one seen elsewhere in the document).
  const texts: string[] = [...extraTexts];
  if (texts.length === 0) for (const r of records) for (const f of TEXT_FIELDS) if (r[f]) texts.push(r[f] as string);
  const ocrPages = opts.ocrPages ?? new Set<number>();
  const plain = createRepairer(texts, { ocr: false });
  const ocr = ocrPages.size ? createRepairer(texts, { ocr: true }) : plain;
  const onOcrPage = (r: ActionRecord) => ocrPages.has(r.provenance.page);
  for (const r of records) {
    const repairer = onOcrPage(r) ? ocr : plain;
    for (const f of TEXT_FIELDS) {
      if (f === 'status') continue;
      const value = r[f];
      if (!value) continue;
      const { text, repairs } = repairer.repair(value, f);
      if (repairs.length === 0) continue;
      (r as Record<string, unknown>)[f] = text || null;
      r.provenance.repairs.push(...repairs);
    }
    // derived fields follow the repaired text ("Nov 2O11" -> "Nov 2011")
    r.due_date = parseDueDate(r.due);
    r.cost_gbp = parseCost(r.resources);
  }
  // OCR drops the dots of outline refs and reads digits as letters: the ref
  // column's own sequence says what they were
  if (ocrPages.size) {
    for (const fix of restoreRefs(records.map((r) => r.ref))) {
      const r = records[fix.index];
      if (!onOcrPage(r)) continue;
      r.ref = fix.to;
      r.provenance.repairs.push({ field: 'ref', from: fix.from, to: fix.to, rule: 'ref-sequence', confidence: 0.8 });
    }
  }
  // document facts read again from repaired prose: a body's name cut in two by
  // extraction ("Kestrelmo oor District Council") is recognised once whole
  // (meta is what documentMeta read from these blocks: when repair changed none
  // of their text, reading it again would give the same)
  if (opts.blocks) {
    const repairer = ocrPages.has(1) ? ocr : plain;
    let changed = false;
    const fix = (t: string, field = 'text') => {
      const out = repairer.repair(t, field).text || t;
      if (out !== t) changed = true;
      return out;
    };
    const repaired = opts.blocks.map((b): Block => {
      if (b.type === 'list') return { ...b, items: b.items.map((t) => fix(t)) };
      if (b.type === 'table') return b;
      return { ...b, text: fix(b.text, b.type === 'heading' ? 'title' : 'text') };
    });
    if (changed) Object.assign(meta, documentMeta(repaired, meta.kind));
  }
  for (const key of ['title', 'organisation'] as const) {
    const v = meta[key];
    if (v) meta[key] = (ocrPages.has(1) ? ocr : plain).repair(v, key).text || null;
  }
}
