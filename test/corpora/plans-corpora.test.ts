// Plan identity over whole corpora, every format including the scans and page
// images (OCR: slow, so the three corpora are ingested once into one
// database): each plan's files linked 'same' to one plan, and no two
// different plans joined, every pair of documents checked.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/store/db.ts';
import { ingestPaths } from '../../src/pipeline.ts';
import { cli, tempDir } from '../helpers/cli.ts';
import { fixture, sharedDir } from '../helpers/fixtures.ts';


const CORPORA = {
  corpus: fixture('corpus'),
  unseen: fixture('unseen'),
  'corpus-dev': sharedDir('corpus-dev'),
};

interface Row { id: number; path: string; extractor: string; records: number; plan_id: number; link: string }

describe('plan identity over the corpora (all formats)', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'plans.db');
  let db: DB;
  let rows: Row[] = [];
  const under = (root: string) => rows.filter((r) => r.path.startsWith(root + '/'));

  beforeAll(async () => {
    db = openDatabase(dbPath);
    const run = await ingestPaths(db, Object.values(CORPORA), { jobs: 2 });
    expect(run.counts.failed).toBe(0);
    rows = db.prepare(`SELECT d.id, d.path, d.extractor, pd.plan_id, pd.link,
        (SELECT count(*) FROM actions a WHERE a.document_id = d.id) AS records
      FROM documents d JOIN plan_documents pd ON pd.document_id = d.id ORDER BY d.id`).all() as Row[];
    db.close();
  }, 3_600_000);

  for (const name of ['corpus', 'unseen'] as const) {
    it(`${name}: 5 plans, each with all six of its files linked 'same'`, () => {
      const docs = under(CORPORA[name]);
      expect(docs).toHaveLength(30);
      const plans = new Map<number, Row[]>();
      for (const r of docs) plans.set(r.plan_id, [...(plans.get(r.plan_id) ?? []), r]);
      expect(plans.size).toBe(5);
      for (const files of plans.values()) {
        expect(files).toHaveLength(6);
        expect(new Set(files.map((f) => dirname(f.path))).size).toBe(1);
        expect(files.map((f) => f.link)).toEqual(Array(6).fill('same'));
      }
    });
  }

  it("corpus-dev: every file that yields actions linked 'same' to its plan's one plan; 12 plans", () => {
    const docs = under(CORPORA['corpus-dev']);
    expect(docs).toHaveLength(60);
    const folders = new Map<string, Row[]>();
    for (const r of docs) folders.set(dirname(r.path), [...(folders.get(dirname(r.path)) ?? []), r]);
    expect(folders.size).toBe(12);
    for (const files of folders.values()) {
      const read = files.filter((f) => f.records > 0);
      expect(new Set(read.map((f) => f.plan_id)).size).toBe(1);
      expect(read.every((f) => f.link === 'same')).toBe(true);
    }
    // a file that yields no actions (a text export read as prose) has nothing
    // to be matched by: it stays a plan of its own
    expect(docs.filter((f) => f.records === 0).length).toBeLessThanOrEqual(3);
  });

  it('no two different plans joined: every pair of documents from different folders, across all three corpora', () => {
    expect(rows.length).toBe(120);
    let pairs = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        if (dirname(rows[i].path) === dirname(rows[j].path)) continue;
        pairs++;
        if (rows[i].plan_id === rows[j].plan_id) throw new Error(`joined: ${rows[i].path} and ${rows[j].path}`);
      }
    }
    expect(pairs).toBeGreaterThan(6000);
  });

  it('compare and report show Norfolk as one plan with its 3 actions (every file with --all-files)', () => {
    const cmp = JSON.parse(cli(['compare', '--db', dbPath, '--json']).stdout);
    const norfolk = cmp.councils.find((c: { council: string }) => c.council === 'Norfolk');
    expect([norfolk.plans, norfolk.documents, norfolk.actions]).toEqual([1, 1, 3]);
    const all = JSON.parse(cli(['compare', '--db', dbPath, '--json', '--all-files']).stdout).councils.find((c: { council: string }) => c.council === 'Norfolk');
    expect([all.plans, all.documents, all.actions]).toEqual([1, 6, 18]);
    expect(cli(['compare', '--db', dbPath]).stdout).toMatch(/^plans +.*$/m);
    const out = join(dir, 'report.html');
    expect(cli(['report', '--db', dbPath, '--out', out]).status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<li><b>Norfolk</b>: 3 actions in 1 plan</li>');
  });
});
