// Corrections from the command line: stored, shown by the export and search,
// kept through --force, a changed file at the same path, and listed as
// orphaned when their record is gone.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RecordsExportSchema } from '../src/export/schema.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture } from './helpers/fixtures.ts';
import { makeRevision } from '../scripts/make-revision.ts';

const HEADER = 'Ref\tAction\tLead officer\tDue date\tResources\tRAG status';
const ROWS = [
  '1.1\tSet up a volunteering forum for local groups\tJane Smith\tMarch 2012\t£5,000\tG',
  '1.2\tPublish a directory of community buildings\tTom Brown\tJune 2012\tWithin existing resources\tA',
  '1.3\tReview the grants programme with partners\tAmy Patel\tDec 2012\t£12,500\tR',
];
const planText = (rows: string[]) => `Community action plan 2012\n\n${HEADER}\n${rows.join('\n')}\n`;

function exported(db: string) {
  const r = cli(['export', '--db', db]);
  expect(r.status).toBe(0);
  return RecordsExportSchema.parse(JSON.parse(r.stdout));
}

function recordByRef(db: string, ref: string) {
  const rec = exported(db).documents.flatMap((d) => d.records).find((r) => r.ref === ref);
  expect(rec, `record ${ref}`).toBeDefined();
  return rec!;
}

function corrections(db: string, status?: string) {
  const r = cli(['corrections', '--db', db, '--json', ...(status ? ['--status', status] : [])]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { id: number; action_id: number | null; field: string; old_value: string | null; new_value: string | null; status: string; status_reason: string | null }[];
}

describe('plan-ingest correct and corrections', () => {
  it('stores a correction that the export, search and re-imports keep', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const file = join(dir, 'plan.tsv');
    writeFileSync(file, planText(ROWS));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);

    const before = recordByRef(db, '1.2');
    const id = before.provenance.action_id!;
    expect(id).toBeGreaterThan(0);
    const r = cli(['correct', String(id), 'lead', 'Tom Browne', '--db', db, '--user', 'analyst1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"Tom Brown" -> "Tom Browne"');

    let rec = recordByRef(db, '1.2');
    expect(rec.lead).toBe('Tom Browne');
    expect(rec.provenance.corrections).toEqual([expect.objectContaining({ field: 'lead', from: 'Tom Brown', to: 'Tom Browne', by: 'analyst1', kind: 'edit' })]);
    // research commands read the corrected value
    const s = cli(['search', 'Browne', '--db', db, '--json']);
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).hits.map((h: { ref: string }) => h.ref)).toEqual(['1.2']);

    // a due date corrected: its parsed date follows
    expect(cli(['correct', String(id), 'due', 'Sept 2012', '--db', db]).status).toBe(0);
    expect(recordByRef(db, '1.2').due_date).toBe('2012-09');

    // --force re-import: the actions written anew, the corrections re-applied
    expect(cli(['ingest', file, '--db', db, '--jobs', '0', '--force']).status).toBe(0);
    rec = recordByRef(db, '1.2');
    expect(rec.lead).toBe('Tom Browne');
    expect(rec.due).toBe('Sept 2012');
    expect(rec.due_date).toBe('2012-09');
    expect(rec.provenance.corrections!.map((c) => c.from)).toEqual(['Tom Brown', 'June 2012']);

    // a changed file at the same path (another row edited, a row added): still applied
    writeFileSync(file, planText([ROWS[0], ROWS[1], ROWS[2].replace('partners', 'our partners'), '1.4\tHold an annual conference\tJane Smith\tMarch 2013\t£2,000\tG']));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    expect(recordByRef(db, '1.2').lead).toBe('Tom Browne');
    expect(corrections(db, 'applied')).toHaveLength(2);

    // the corrected row gone from the next version: orphaned, listed, not dropped
    writeFileSync(file, planText([ROWS[0], ROWS[2]]));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    const orphans = corrections(db, 'orphaned');
    expect(orphans.map((c) => [c.field, c.old_value, c.new_value])).toEqual([['lead', 'Tom Brown', 'Tom Browne'], ['due', 'June 2012', 'Sept 2012']]);
    expect(orphans.every((c) => c.action_id === null && /no record like ref 1\.2/.test(c.status_reason ?? ''))).toBe(true);
    const listed = cli(['corrections', '--db', db]);
    expect(listed.stdout).toMatch(/orphaned .*lead: "Tom Brown" -> "Tom Browne"/);
    expect(exported(db).documents[0].records.map((x) => x.ref)).toEqual(['1.1', '1.3']);

    // and back again when the row returns
    writeFileSync(file, planText(ROWS));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    expect(recordByRef(db, '1.2').lead).toBe('Tom Browne');
    expect(corrections(db, 'orphaned')).toEqual([]);
  });

  it('leaves a correction orphaned when the source changed the corrected cell', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const file = join(dir, 'plan.tsv');
    writeFileSync(file, planText(ROWS));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    const id = recordByRef(db, '1.3').provenance.action_id!;
    expect(cli(['correct', String(id), 'resources', '£13,500', '--db', db]).status).toBe(0);
    expect(recordByRef(db, '1.3').cost_gbp).toBe(13500);
    writeFileSync(file, planText([ROWS[0], ROWS[1], ROWS[2].replace('£12,500', '£14,000')]));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    expect(recordByRef(db, '1.3').resources).toBe('£14,000');
    const [o] = corrections(db, 'orphaned');
    expect(o.status_reason).toContain('now reads "£14,000"');
  });

  it('reverts, and refuses bad input with a reason', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const file = join(dir, 'plan.docx');
    copyFileSync(fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx'), file);
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    const rec = exported(db).documents[0].records[0];
    const id = rec.provenance.action_id!;

    const c = cli(['correct', String(id), 'status', 'A', '--db', db, '--json']);
    expect(c.status).toBe(0);
    const made = JSON.parse(c.stdout);
    expect(exported(db).documents[0].records[0].status).toBe('A');
    expect(cli(['corrections', '--db', db, '--revert', String(made.id)]).status).toBe(0);
    expect(exported(db).documents[0].records[0].status).toBe(rec.status);
    expect(corrections(db).map((x) => x.status)).toEqual(['reverted']);

    const bad = [
      [['correct', '999999', 'lead', 'x'], /no action with id 999999/],
      [['correct', String(id), 'colour', 'x'], /field/],
      [['correct', String(id), 'status', 'purple'], /status must be R, A, G or empty/],
      [['correct', 'abc', 'lead', 'x'], /action id must be a number/],
      [['correct', String(id), 'action', rec.action ?? ''], /already reads that/],
      [['corrections', '--revert', '424242'], /no correction with id 424242/],
    ] as const;
    for (const [args, reason] of bad) {
      const r = cli([...args, '--db', db]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(reason);
    }
    const missing = cli(['correct', '1', 'lead', 'x', '--db', join(dir, 'none.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no database at .*none\.db/);
  });
});

describe('corrections across the files of a plan', () => {
  it('carries a correction to a new version at another path and to the plan\'s other formats, once; what has no counterpart stays with its file', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const kirklees = fixture('unseen', 'kirklees-compact-action-plan-2010');
    const v1 = join(dir, 'v1', 'plan.docx');
    const v2 = join(dir, 'v2', 'compact-plan-revised.docx');
    mkdirSync(dirname(v1), { recursive: true });
    mkdirSync(dirname(v2), { recursive: true });
    copyFileSync(join(kirklees, 'plan.docx'), v1);
    const planted = makeRevision(kirklees, v2);
    expect(cli(['ingest', v1, '--db', db, '--jobs', '0']).status).toBe(0);

    const records = exported(db).documents[0].records;
    const touched = new Set(planted.map((p) => p.ref));
    const kept = records.find((r) => r.ref && !touched.has(r.ref) && r.lead)!;
    const removed = records.find((r) => r.ref === planted.find((p) => p.kind === 'removed')!.ref)!;
    const restatused = records.find((r) => r.ref === planted.find((p) => p.kind === 'status')!.ref)!;
    const id = (r: typeof kept) => String(r.provenance.action_id);
    expect(cli(['correct', id(kept), 'lead', 'Corrected Lead Officer', '--db', db]).status).toBe(0);
    expect(cli(['correct', id(removed), 'lead', 'Lead Of A Removed Action', '--db', db]).status).toBe(0);
    // the revision changes this status itself: the correction is not carried over it
    expect(cli(['correct', id(restatused), 'status', restatused.status === 'R' ? 'A' : 'R', '--db', db]).status).toBe(0);
    const made = corrections(db);
    expect(made).toHaveLength(3);

    expect(cli(['ingest', v2, '--db', db, '--jobs', '0']).status).toBe(0);
    const plans = JSON.parse(cli(['plans', '--db', db, '--json']).stdout).plans;
    expect(plans).toHaveLength(1);
    expect(plans[0].documents.find((d: { path: string }) => d.path === v2).link).toBe('version');
    const docOf = (path: string) => exported(db).documents.find((d) => d.path === path)!;
    const carried = docOf(v2).records.find((r) => r.action === kept.action)!;
    expect(carried.lead).toBe('Corrected Lead Officer');
    expect(carried.provenance.corrections).toEqual([expect.objectContaining({ field: 'lead', from: kept.lead, to: 'Corrected Lead Officer' })]);
    const after = corrections(db) as (ReturnType<typeof corrections>[number] & { origin_id: number | null; document_path: string })[];
    const copies = after.filter((c) => c.origin_id !== null);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ origin_id: made[0].id, document_path: v2, status: 'applied' });
    expect(copies[0].status_reason).toContain(`carried from correction ${made[0].id} made in ${v1}`);
    // the corrections with no counterpart in the new version stay listed, applied to the first file
    expect(after.filter((c) => c.origin_id === null).map((c) => [c.id, c.status, c.document_path])).toEqual(made.map((c) => [c.id, 'applied', v1]));
    expect(docOf(v2).records.find((r) => r.ref === restatused.ref)!.provenance.corrections ?? []).toEqual([]);

    // re-imported (--force) and joined by another format of the first version: never applied twice
    expect(cli(['ingest', v2, '--db', db, '--jobs', '0', '--force']).status).toBe(0);
    const pdf = join(dir, 'v1', 'plan.pdf');
    copyFileSync(join(kirklees, 'plan.pdf'), pdf);
    expect(cli(['ingest', pdf, '--db', db, '--jobs', '0']).status).toBe(0);
    const last = corrections(db) as (typeof after);
    expect(last.filter((c) => c.document_path === v2).map((c) => [c.origin_id, c.status])).toEqual([[made[0].id, 'applied']]);
    expect(docOf(v2).records.find((r) => r.action === kept.action)!.provenance.corrections).toHaveLength(1);
    // the PDF of the first version takes all three (its cells read as the Word file's)
    expect(last.filter((c) => c.document_path === pdf).map((c) => c.origin_id).sort()).toEqual(made.map((c) => c.id).sort());
    expect(docOf(pdf).records.find((r) => r.ref === removed.ref)!.lead).toBe('Lead Of A Removed Action');
  }, 600_000);

  it('themes a corrected action by its corrected text', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const file = join(dir, 'plan.tsv');
    writeFileSync(file, planText(ROWS));
    expect(cli(['ingest', file, '--db', db, '--jobs', '0']).status).toBe(0);
    const rec = recordByRef(db, '1.2');
    const theme = (_ref: string) => {
      const d = new Database(db, { readonly: true });
      try {
        return d.prepare('SELECT theme FROM actions WHERE id = ?').pluck().get(rec.provenance.action_id);
      } finally {
        d.close();
      }
    };
    expect(theme('1.2')).toBe('assets');
    const c = cli(['correct', String(rec.provenance.action_id), 'action', 'Run an open tender for the contract to procure advice services', '--db', db, '--json']);
    expect(c.status).toBe(0);
    expect(theme('1.2')).toBe('commissioning');
    // reverted: the theme of the extracted text again
    expect(cli(['corrections', '--db', db, '--revert', String(JSON.parse(c.stdout).id)]).status).toBe(0);
    expect(theme('1.2')).toBe('assets');
  });
});
