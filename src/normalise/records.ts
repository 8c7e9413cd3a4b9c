// Draft records -> the contract's fourteen fields: refs split from action
// text, bullets dropped, due dates, costs and RAG parsed.
import type { ActionRecord, CellBox, ColumnField } from '../model.ts';
import { parseDueDate } from './dates.ts';
import { parseCost } from './money.ts';
import { parseStatus, statusRemainder } from './status.ts';
import { fieldText } from './text.ts';
import type { DraftRecord } from './table.ts';

// "1.1 Develop ...", "1. On-going provision ...": a number with a dot (or a
// dotted number) before the text. A bare "2 meetings" is prose, not a ref.
const LEADING_REF = /^(\d{1,3}(?:\.\d{1,3})+|\d{1,3}\.(?!\d))\s*(?=[\p{L}(])/u;

export function splitRef(action: string): { ref: string; rest: string } | null {
  const m = LEADING_REF.exec(action);
  if (!m) return null;
  const rest = action.slice(m[0].length).trim();
  if (!rest) return null;
  return { ref: m[1].replace(/\.$/, ''), rest };
}

export function cleanRef(ref: string | null): string | null {
  if (!ref) return null;
  const r = ref.replace(/\s+/g, ' ').trim().replace(/[.:)]+$/, '').trim();
  return r || null;
}

export function draftToRecord(d: DraftRecord): ActionRecord {
  const get = (f: ColumnField) => fieldText(d.cells[f]);
  let ref = cleanRef(get('ref'));
  let action = get('action');
  if (action) {
    const split = splitRef(action);
    if (split && (!ref || ref === split.ref)) {
      ref = split.ref;
      action = split.rest;
    }
  }
  const statusCell = get('status');
  const status = parseStatus(statusCell);
  let progress = get('progress');
  if (statusCell && !progress) {
    const rest = status ? statusRemainder(statusCell) : statusCell;
    if (rest) progress = rest;
  }
  const due = get('due');
  const resources = get('resources');
  const rec: ActionRecord = {
    section: d.sectionPath.length ? d.sectionPath.join(' > ') : null,
    ref,
    action,
    output: get('output'),
    outcome: get('outcome'),
    milestone: get('milestone'),
    due,
    lead: get('lead'),
    resources,
    funding: get('funding'),
    status,
    progress,
    due_date: parseDueDate(due),
    cost_gbp: parseCost(resources),
    provenance: { page: Math.max(1, d.page), row: Math.max(1, d.row), repairs: [] },
  };
  if (d.boxes) {
    // each field's source cell; a ref split from the action text, and progress
    // read from the status cell, come from those cells
    const from: Partial<Record<ColumnField, CellBox | undefined>> = { ...d.boxes };
    from.ref ??= d.boxes.action;
    from.progress ??= d.boxes.status;
    const cells: Record<string, CellBox> = {};
    for (const [f, box] of Object.entries(from)) if (box && rec[f as ColumnField] !== null) cells[f] = box;
    if (Object.keys(cells).length) rec.provenance.cells = cells;
  }
  return rec;
}
