// Plans as the commands show them: each plan with its files and versions, and
// what changed between two documents.
import { basename, resolve } from 'node:path';
import type { DB } from '../store/db.ts';
import {
  documentActions, documentsAtPath, getDocument, listPlanRows, planDocuments, planLink, recordedChanges,
  type PlanLink, type StoredChange,
} from '../store/plans.ts';
import { bestOf } from './link.ts';
import { diffActions } from './match.ts';

export interface PlanListing {
  id: number;
  title: string | null;
  organisation: string | null;
  documents: { id: number; path: string; format: string; link: PlanLink; similarity: number }[];
}

export interface PlanDetail extends PlanListing {
  area: string | null;
  best_document_id: number | null;
  versions: number;
  files: { id: number; path: string; format: string; extractor: string; version: number; link: PlanLink; similarity: number; records: number }[];
}

export function listPlans(db: DB): PlanDetail[] {
  return listPlanRows(db).map((p) => {
    const docs = planDocuments(db, p.id);
    return {
      id: p.id, title: p.title, organisation: p.organisation, area: p.area, best_document_id: p.best_document_id,
      versions: Math.max(0, ...docs.map((d) => d.version)),
      documents: docs.map((d) => ({ id: d.id, path: d.path, format: d.format, link: d.link, similarity: d.similarity })),
      files: docs.map((d) => ({ id: d.id, path: d.path, format: d.format, extractor: d.extractor, version: d.version, link: d.link, similarity: d.similarity, records: d.records })),
    };
  });
}

/** The `plans --json` shape. */
export function plansJson(plans: PlanDetail[]): { plans: PlanListing[] } {
  return { plans: plans.map((p) => ({ id: p.id, title: p.title, organisation: p.organisation, documents: p.documents })) };
}

/** A document named by its id or by its path (as stored, or the same file). */
export function resolveDocument(db: DB, arg: string): number {
  if (/^\d+$/.test(arg) && getDocument(db, Number(arg))) return Number(arg);
  const direct = documentsAtPath(db, [arg, resolve(arg)]);
  if (direct.length) return direct[0];
  const abs = resolve(arg);
  const same = (db.prepare('SELECT id, path FROM documents WHERE source = ? ORDER BY id DESC').all(basename(arg)) as { id: number; path: string }[])
    .find((d) => resolve(d.path) === abs);
  if (same) return same.id;
  throw new Error(`no stored document "${arg}" (give a document id or the path it was ingested from)`);
}

export interface ChangeReport {
  from: number | null;
  to: number;
  changes: StoredChange[];
}

export function changesBetween(db: DB, from: number, to: number): ChangeReport {
  return { from, to, changes: diffActions(documentActions(db, from), documentActions(db, to)) };
}

/** A document against the previous version of its plan (its best file), or
 * the changes recorded at import when that version's files are gone. */
export function changesFromPrevious(db: DB, to: number): ChangeReport {
  const link = planLink(db, to);
  if (!link) throw new Error(`document ${to} is not linked to a plan`);
  if (link.version <= 1) throw new Error(`document ${to} is the first version of plan ${link.plan_id}: nothing earlier to compare with`);
  const prev = bestOf(planDocuments(db, link.plan_id, link.version - 1));
  if (prev) return changesBetween(db, prev.id, to);
  const rec = recordedChanges(db, to);
  return { from: rec.from_document_id, to, changes: rec.changes };
}
