// What the review pages show, read from the database in short statements
// (WAL: a nightly import writing at the same time is neither blocked nor
// blocks these reads).
import { TEXT_FIELDS } from '../model.ts';
import type { DB } from '../store/db.ts';
import { appliedByAction, listCorrections } from '../store/corrections.ts';

/** How many recent runs the documents page reports failures for. */
export const RECENT_RUNS = 5;

interface DocRow {
  id: number; source: string; path: string; sha256: string; format: string; extractor: string; kind: string;
  title: string | null; organisation: string | null; area: string | null; period: string | null;
  pages: number; ingested_at: string; run_id: number | null; notes: string | null;
}

type ActionRow = Record<string, unknown> & { id: number; document_id: number; low_confidence: string | null; cells: string | null };

/** Fields of an action holding a word OCR was unsure of. */
export function lowConfidenceFields(a: ActionRow): string[] {
  if (!a.low_confidence) return [];
  const unsure = new Set(JSON.parse(a.low_confidence) as string[]);
  return TEXT_FIELDS.filter((f) => typeof a[f] === 'string' && (a[f] as string).split(/\s+/).some((w) => unsure.has(w)));
}

export function listDocuments(db: DB) {
  const docs = db.prepare('SELECT * FROM documents ORDER BY path, id').all() as DocRow[];
  const counts = new Map<number, { records: number; repairs: number; low: number; corrections: number }>();
  for (const d of docs) counts.set(d.id, { records: 0, repairs: 0, low: 0, corrections: 0 });
  for (const a of db.prepare('SELECT id, document_id, low_confidence, section, ref, action, output, outcome, milestone, due, lead, resources, funding, status, progress FROM actions').iterate() as Iterable<ActionRow>) {
    const c = counts.get(a.document_id);
    if (!c) continue;
    c.records++;
    c.low += lowConfidenceFields(a).length;
  }
  for (const r of db.prepare('SELECT a.document_id, count(*) AS n FROM repairs r JOIN actions a ON a.id = r.action_id GROUP BY a.document_id').all() as { document_id: number; n: number }[]) {
    const c = counts.get(r.document_id);
    if (c) c.repairs = r.n;
  }
  for (const r of db.prepare(`SELECT a.document_id, count(*) AS n FROM corrections k JOIN actions a ON a.id = k.action_id
    WHERE k.status = 'applied' GROUP BY a.document_id`).all() as { document_id: number; n: number }[]) {
    const c = counts.get(r.document_id);
    if (c) c.corrections = r.n;
  }
  const recent = db.prepare('SELECT id FROM import_runs ORDER BY id DESC LIMIT ?').pluck().all(RECENT_RUNS) as number[];
  const failures = recent.length
    ? db.prepare(`SELECT run_id, path, stage, reason, at FROM import_failures WHERE run_id >= ? ORDER BY id DESC`).all(Math.min(...recent)) as
      { run_id: number; path: string; stage: string; reason: string; at: string }[]
    : [];
  const failedByPath = new Map<string, number>();
  for (const f of failures) failedByPath.set(f.path, (failedByPath.get(f.path) ?? 0) + 1);
  return {
    documents: docs.map((d) => ({
      id: d.id, source: d.source, path: d.path, format: d.format, extractor: d.extractor, kind: d.kind,
      title: d.title, organisation: d.organisation, area: d.area, period: d.period, pages: d.pages,
      ingested_at: d.ingested_at, run_id: d.run_id,
      ...counts.get(d.id)!, failures: failedByPath.get(d.path) ?? 0,
    })),
    failures,
    orphaned: listCorrections(db, { status: 'orphaned' }).length,
  };
}

export function documentDetail(db: DB, id: number) {
  const d = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocRow | undefined;
  if (!d) return undefined;
  const actions = db.prepare('SELECT * FROM actions WHERE document_id = ? ORDER BY position').all(id) as ActionRow[];
  const repairs = db.prepare(`SELECT r.id, r.action_id, r.field, r."from", r."to", r.rule, r.confidence
    FROM repairs r JOIN actions a ON a.id = r.action_id WHERE a.document_id = ? ORDER BY r.id`).all(id) as { action_id: number }[];
  const corrected = appliedByAction(db, id);
  const orphaned = db.prepare(`SELECT * FROM corrections WHERE status = 'orphaned' AND (document_path = ? OR document_sha256 = ?) ORDER BY id`).all(d.path, d.sha256);
  return {
    document: {
      id: d.id, source: d.source, path: d.path, format: d.format, extractor: d.extractor, kind: d.kind, title: d.title,
      organisation: d.organisation, area: d.area, period: d.period, pages: d.pages, ingested_at: d.ingested_at,
      notes: d.notes ? JSON.parse(d.notes) : [],
      geometry: d.format === 'pdf' || d.format === 'image',
    },
    records: actions.map((a) => {
      const rec: Record<string, unknown> = { id: a.id, position: a.position, page: a.page, row: a.row };
      for (const f of TEXT_FIELDS) rec[f] = a[f] ?? null;
      rec.due_date = a.due_date ?? null;
      rec.cost_gbp = a.cost_gbp ?? null;
      rec.cells = a.cells ? JSON.parse(a.cells) : {};
      rec.low_confidence = a.low_confidence ? JSON.parse(a.low_confidence) : [];
      rec.low_fields = lowConfidenceFields(a);
      rec.repairs = repairs.filter((r) => r.action_id === a.id);
      rec.corrections = (corrected.get(a.id) ?? []).map((c) => ({ id: c.id, field: c.field, from: c.old_value, to: c.new_value, kind: c.kind, note: c.note, by: c.author, at: c.created_at }));
      return rec;
    }),
    orphaned,
  };
}

/** The stored identity of a document's source file: the only way a request reaches a file. */
export function documentSource(db: DB, id: number): { path: string; sha256: string; format: string; pages: number } | undefined {
  return db.prepare('SELECT path, sha256, format, pages FROM documents WHERE id = ?').get(id) as
    { path: string; sha256: string; format: string; pages: number } | undefined;
}
