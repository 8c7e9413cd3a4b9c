// A reader's blocks -> the document's records and metadata. Plan tables give
// one record per data row; a document without a plan table but with numbered
// items is a narrative report whose items are its records.
import type { ActionRecord, Block, DocumentMeta, TableColumns } from '../model.ts';
import { documentMeta } from './meta.ts';
import { draftToRecord } from './records.ts';
import { newTableState, tableToDrafts } from './table.ts';
import { fieldText } from './text.ts';

export interface NormalisedParts {
  meta: DocumentMeta;
  records: ActionRecord[];
  notes: string[];
  /** each plan table's column mapping */
  columns: TableColumns[];
}

const NUMBERED_ITEM = /^\s*(\d{1,3})[.)]\s+(\S[\s\S]*)$/;

function narrativeRecords(blocks: Block[]): ActionRecord[] {
  const records: ActionRecord[] = [];
  for (const b of blocks) {
    if (b.type !== 'list' || !b.numbered) continue;
    b.items.forEach((item, i) => {
      let ref = b.numbers?.[i] ?? String(i + 1);
      let text = item;
      const m = NUMBERED_ITEM.exec(item);
      if (m && !b.numbers?.[i]) {
        ref = m[1];
        text = m[2];
      }
      records.push({
        section: null, ref: ref.replace(/[.)]$/, ''), action: fieldText(text), output: null, outcome: null,
        milestone: null, due: null, lead: null, resources: null, funding: null, status: null,
        progress: null, due_date: null, cost_gbp: null,
        provenance: { page: b.page, row: i + 1, repairs: [] },
      });
    });
  }
  return records.filter((r) => r.action);
}

export function normaliseBlocks(blocks: Block[]): NormalisedParts {
  const state = newTableState();
  const records: ActionRecord[] = [];
  let planTables = 0;
  for (const b of blocks) {
    if (b.type !== 'table') continue;
    const drafts = tableToDrafts(b.grid, state);
    if (drafts.length) planTables++;
    for (const d of drafts) records.push(draftToRecord(d));
  }
  const notes: string[] = [];
  let kind: DocumentMeta['kind'] = 'action_plan';
  if (records.length === 0) {
    const items = narrativeRecords(blocks);
    kind = 'narrative';
    if (items.length) records.push(...items);
    else notes.push('no plan table or numbered list found: stored without actions');
  }
  return { meta: documentMeta(blocks, kind), records, notes, columns: state.mappings };
}

/** The column mapping of each table block, in order (null for a table that is
 * not a plan table), as normalisation makes it. */
export function tableColumnMappings(blocks: Block[]): (TableColumns['columns'] | null)[] {
  const state = newTableState();
  const out: (TableColumns['columns'] | null)[] = [];
  for (const b of blocks) {
    if (b.type !== 'table') continue;
    const before = state.mappings.length;
    tableToDrafts(b.grid, state);
    out.push(state.mappings.length > before ? state.mappings[state.mappings.length - 1].columns : null);
  }
  return out;
}
