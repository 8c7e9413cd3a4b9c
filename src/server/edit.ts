// Corrections as the command line and the web app make them: input checked at
// the edge, due_date and cost_gbp parsed again from corrected due and
// resources text, a repair undone by putting its text back.
import { userInfo } from 'node:os';
import { z } from 'zod';
import { TEXT_FIELDS, type TextField } from '../model.ts';
import { parseDueDate } from '../normalise/dates.ts';
import { parseCost } from '../normalise/money.ts';
import type { DB } from '../store/db.ts';
import { addCorrection, CorrectionError, revertCorrection, THEMED_FIELDS, type CorrectionRow } from '../store/corrections.ts';
import { classifyAction, type ThemeInput } from '../research/themes.ts';

export const MAX_VALUE_CHARS = 20_000;

export const CorrectionInput = z.object({
  actionId: z.number().int().positive(),
  field: z.enum(TEXT_FIELDS as unknown as [TextField, ...TextField[]]),
  /** empty text clears the field */
  value: z.string().max(MAX_VALUE_CHARS).nullable().transform((v) => (v === null || v.trim() === '' ? null : v.trim())),
  author: z.string().min(1).max(200),
});

export function defaultAuthor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER || 'unknown';
  }
}

function derive(field: TextField) {
  if (field === 'due') return (v: string | null) => ({ due_date: parseDueDate(v) });
  if (field === 'resources') return (v: string | null) => ({ cost_gbp: parseCost(v) });
  return undefined;
}

export function correctField(db: DB, input: z.input<typeof CorrectionInput>, extra: { kind?: 'edit' | 'undo-repair'; note?: string } = {}): CorrectionRow {
  const parsed = CorrectionInput.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new CorrectionError(`${i.path.join('.') || 'input'}: ${i.message}`);
  }
  const c = parsed.data;
  return db.transaction(() => {
    const row = addCorrection(db, { actionId: c.actionId, field: c.field, value: c.value, author: c.author, derive: derive(c.field), ...extra });
    if (THEMED_FIELDS.has(c.field)) retheme(db, c.actionId);
    return row;
  }).immediate();
}

/** Revert a correction; a text the themes read is themed again. */
export function revertField(db: DB, correctionId: number, author: string): CorrectionRow {
  return db.transaction(() => {
    const row = revertCorrection(db, correctionId, author);
    if (row.action_id !== null && THEMED_FIELDS.has(row.field)) retheme(db, row.action_id);
    return row;
  }).immediate();
}

/** The theme follows the corrected text (the store cleared it with the write). */
function retheme(db: DB, actionId: number): void {
  const r = db.prepare('SELECT section, action, output, outcome FROM actions WHERE id = ?').get(actionId) as ThemeInput | undefined;
  if (!r) return;
  const t = classifyAction(r);
  db.prepare('UPDATE actions SET theme = ?, theme_confidence = ? WHERE id = ?').run(t.theme, Math.round(t.confidence * 1000) / 1000, actionId);
}

/** Undo one repair: the repaired text in the field goes back to what was read. */
export function undoRepair(db: DB, repairId: number, author: string): CorrectionRow {
  const r = db.prepare('SELECT id, action_id, field, "from", "to", rule FROM repairs WHERE id = ?').get(repairId) as
    { id: number; action_id: number; field: string; from: string; to: string; rule: string } | undefined;
  if (!r) throw new CorrectionError(`no repair with id ${repairId}`);
  if (!(TEXT_FIELDS as readonly string[]).includes(r.field)) throw new CorrectionError(`repair ${repairId} is not in a record field`);
  const current = db.prepare(`SELECT "${r.field}" FROM actions WHERE id = ?`).pluck().get(r.action_id) as string | null;
  const at = current?.indexOf(r.to) ?? -1;
  if (!r.to) throw new CorrectionError(`repair ${repairId} removed text: there is no place to put it back`);
  if (!current || at < 0) throw new CorrectionError(`the repaired text "${r.to}" is no longer in ${r.field}`);
  const value = current.slice(0, at) + r.from + current.slice(at + r.to.length);
  return correctField(db, { actionId: r.action_id, field: r.field as TextField, value, author }, { kind: 'undo-repair', note: `${r.rule}: "${r.to}" back to "${r.from}"` });
}
