// Plan identity on real files through the real readers (Word, text-layer PDF
// and text exports; the scans are in plans-corpora.test.ts): a plan's files
// linked 'same', a revision rendered from the gold linked 'version' with
// exactly its planted changes, and what the commands print.
import { copyFileSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.ts';
import { ingestPaths } from '../src/pipeline.ts';
import { ensurePlans } from '../src/identity/link.ts';
import { candidateDocuments, insertIndexKeys } from '../src/store/plans.ts';
import { changedWords, matchActions } from '../src/identity/match.ts';
import { dice, trigrams } from '../src/identity/text.ts';
import { compareDocuments } from '../src/identity/compare.ts';
import { bandKeys, estimateJaccard, signature } from '../src/identity/minhash.ts';
import { compareVersions, dateIn, versionEvidence, versionNumberIn } from '../src/identity/version-order.ts';
import { makeRevision } from '../scripts/make-revision.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture } from './helpers/fixtures.ts';

const FORMATS = ['plan.docx', 'plan.pdf', 'export.tsv', 'source.txt'];
const KIRKLEES = fixture('unseen', 'kirklees-compact-action-plan-2010');
const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

type Change = { kind: string; ref: string | null; action: string | null; before: string | null; after: string | null };
const key = (c: { kind: string; ref: string | null; before: string | null; after: string | null }) => [c.kind, c.ref, clean(c.before), clean(c.after)].join(' | ');

describe('plan identity: files of one plan, a revision and its changes', async () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const files = ['kirklees-compact-action-plan-2010', 'cumbria-vcs-commissioning-plan-2011', 'lewisham-volunteering-strategy-2010']
    .flatMap((p) => FORMATS.map((f) => fixture('unseen', p, f)));
  const revised = join(dir, 'kirklees-v2.docx');
  const planted = makeRevision(KIRKLEES, revised);
  const sqlite = openDatabase(db);
  await ingestPaths(sqlite, files, { jobs: 0 });
  const first = JSON.parse(cli(['plans', '--db', db, '--json']).stdout);
  await ingestPaths(sqlite, [revised], { jobs: 0 });
  sqlite.close();

  it('links every file of a plan as the same, one plan per plan, and prints the issue\'s JSON shape', () => {
    expect(first.plans).toHaveLength(3);
    for (const p of first.plans) {
      expect(Object.keys(p).sort()).toEqual(['documents', 'id', 'organisation', 'title']);
      expect(p.documents).toHaveLength(4);
      const folders = new Set(p.documents.map((d: { path: string }) => d.path.split('/').at(-2)));
      expect(folders.size).toBe(1);
      for (const d of p.documents) {
        expect(Object.keys(d).sort()).toEqual(['format', 'id', 'link', 'path', 'similarity']);
        expect(d.link).toBe('same');
        expect(d.similarity).toBeGreaterThan(0.9);
      }
    }
    const kirklees = first.plans.find((p: { title: string }) => /Kirklees/.test(p.title));
    expect(kirklees.organisation).toBe('Kirklees Council');
    expect(kirklees.documents.map((d: { format: string }) => d.format).sort()).toEqual(['docx', 'pdf', 'text', 'text']);
  });

  it('links the rendered revision as a version of its plan, and nothing else moves', () => {
    const res = JSON.parse(cli(['plans', '--db', db, '--json']).stdout);
    expect(res.plans).toHaveLength(3);
    const kirklees = res.plans.find((p: { title: string }) => /Kirklees/.test(p.title));
    const rev = kirklees.documents.find((d: { path: string }) => d.path === revised);
    expect(rev.link).toBe('version');
    expect(rev.similarity).toBeGreaterThan(0.6);
    expect(rev.similarity).toBeLessThan(1);
    expect(kirklees.documents.filter((d: { link: string }) => d.link === 'same')).toHaveLength(4);
    const text = cli(['plans', '--db', db]).stdout;
    expect(text).toMatch(/Kirklees Compact Action Plan 2010\/11 .*2 versions, 5 files/);
  });

  it('changes reports exactly the planted changes: rewordings, the added and removed action, statuses, the due date; renumbered refs are not changes', () => {
    expect(planted.map((c) => c.kind).sort()).toEqual(['added', 'due', 'removed', 'reworded', 'reworded', 'reworded', 'status', 'status']);
    const one = cli(['changes', revised, '--db', db, '--json']);
    expect(one.status).toBe(0);
    const res = JSON.parse(one.stdout) as { from: number; to: number; changes: Change[] };
    expect(res.changes.map(key).sort()).toEqual(planted.map(key).sort());
    for (const c of res.changes) expect(Object.keys(c).sort()).toEqual(['action', 'after', 'before', 'kind', 'ref']);
    // the same with both documents named, by path and by id
    const two = JSON.parse(cli(['changes', join(KIRKLEES, 'plan.docx'), String(res.to), '--db', db, '--json']).stdout);
    expect(two.changes.map(key).sort()).toEqual(planted.map(key).sort());
    // recorded at import, and shown in the text output as a word diff
    const text = cli(['changes', revised, '--db', db]).stdout;
    expect(text).toMatch(/reworded +C\d+ +\[-\w+-\] \{\+\w+\+\}/);
    expect(text).toMatch(/8 changes/);
    const sql = openDatabase(db);
    try {
      const recorded = sql.prepare('SELECT kind, ref, before, after FROM plan_changes WHERE document_id = ?').all(res.to) as Change[];
      expect(recorded.map(key).sort()).toEqual(planted.map(key).sort());
    } finally {
      sql.close();
    }
  });

  it('the report has a changes section for the plan; compare and search count the plan once', () => {
    const out = join(dir, 'report.html');
    expect(cli(['report', '--db', db, '--out', out]).status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<h2 id="changes">Changes<\/h2>/);
    expect(html).toMatch(/Kirklees Compact Action Plan 2010\/11 \(Kirklees\): version 2/);
    expect((html.match(/<tr class="change-/g) ?? []).length).toBe(8);
    // one plan, its latest version's best file: the revision's 15 actions
    const cmp = JSON.parse(cli(['compare', '--db', db, '--json']).stdout);
    const k = cmp.councils.find((c: { council: string }) => c.council === 'Kirklees');
    expect([k.plans, k.documents, k.actions]).toEqual([1, 1, 15]);
    const all = JSON.parse(cli(['compare', '--db', db, '--json', '--all-files']).stdout).councils.find((c: { council: string }) => c.council === 'Kirklees');
    expect([all.plans, all.documents]).toEqual([1, 5]);
    const hits = JSON.parse(cli(['search', 'mediators', '--db', db, '--json']).stdout).hits;
    expect(hits).toHaveLength(1);
    expect(hits[0].document.path).toBe(revised);
    expect(JSON.parse(cli(['search', 'mediators', '--db', db, '--json', '--all-files']).stdout).hits).toHaveLength(5);
  });

  it('a database made before plan identity is linked when first opened, with the same result', () => {
    const copy = join(dir, 'backfill.db');
    copyFileSync(db, copy);
    const sql = openDatabase(copy);
    try {
      sql.exec('DELETE FROM plan_changes; DELETE FROM plan_index; DELETE FROM plan_documents; DELETE FROM plans');
      expect(ensurePlans(sql)).toBe(13);
      const links = sql.prepare('SELECT link, count(*) AS n FROM plan_documents GROUP BY link ORDER BY link').all();
      expect(links).toEqual([{ link: 'same', n: 12 }, { link: 'version', n: 1 }]);
      expect(sql.prepare('SELECT count(*) FROM plans').pluck().get()).toBe(3);
      expect(ensurePlans(sql)).toBe(0);
    } finally {
      sql.close();
    }
  });

  it('the SQLite views count each plan once, and every file in the _all_files views', () => {
    const sql = openDatabase(db);
    try {
      const rag = sql.prepare("SELECT actions FROM rag_by_area WHERE area = 'Kirklees'").pluck().get();
      const ragAll = sql.prepare("SELECT actions FROM rag_by_area_all_files WHERE area = 'Kirklees'").pluck().get() as number;
      expect(rag).toBe(15);
      expect(ragAll).toBeGreaterThanOrEqual(70);
      expect(sql.prepare("SELECT sum(actions) FROM themes_by_area WHERE area = 'Kirklees'").pluck().get()).toBe(15);
      expect(sql.prepare('SELECT count(DISTINCT plan_id) FROM plan_actions').pluck().get()).toBe(3);
    } finally {
      sql.close();
    }
  });

  it('changes names a missing document and a first version clearly', () => {
    const r = cli(['changes', 'no/such/file.docx', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no stored document "no\/such\/file.docx"/);
    const f = cli(['changes', join(KIRKLEES, 'plan.docx'), '--db', db]);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/first version of plan \d+/);
  });
});

describe('a revised file saved over the old one (same path)', async () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const path = join(dir, 'compact-plan.docx');
  const revised = join(dir, 'revised.docx');
  const planted = makeRevision(KIRKLEES, revised);
  copyFileSync(join(KIRKLEES, 'plan.docx'), path);
  const sqlite = openDatabase(db);
  await ingestPaths(sqlite, [path], { jobs: 0 });
  copyFileSync(revised, path);
  await ingestPaths(sqlite, [path], { jobs: 0 });
  sqlite.close();

  it('continues the plan as its next version and records the changes, though the old file is gone', () => {
    const res = JSON.parse(cli(['plans', '--db', db, '--json']).stdout);
    expect(res.plans).toHaveLength(1);
    expect(res.plans[0].documents).toHaveLength(1);
    expect(res.plans[0].documents[0].link).toBe('version');
    const changes = JSON.parse(cli(['changes', path, '--db', db, '--json']).stdout);
    expect(changes.from).toBeNull(); // the earlier file is gone (kept in document_history)
    expect(changes.changes.map(key).sort()).toEqual(planted.map(key).sort());
  });
});

describe('versions ingested in the reverse order', async () => {
  // the later version first; the evidence the files carry puts them in order
  const cases = [
    { name: 'version numbers in the file names', v1: 'compact-plan-v1.docx', v2: 'compact-plan-v2.docx', mtimes: false },
    { name: 'modification times alone', v1: 'compact-plan.docx', v2: 'compact-plan-revised.docx', mtimes: true },
  ];
  for (const c of cases) {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const v1 = join(dir, c.v1), v2 = join(dir, c.v2);
    const planted = makeRevision(KIRKLEES, v2);
    copyFileSync(join(KIRKLEES, 'plan.docx'), v1);
    if (c.mtimes) {
      utimesSync(v1, new Date('2010-03-01'), new Date('2010-03-01'));
      utimesSync(v2, new Date('2010-10-01'), new Date('2010-10-01'));
    } else {
      // times that would say otherwise: the names decide first
      utimesSync(v2, new Date('2010-03-01'), new Date('2010-03-01'));
    }
    const sqlite = openDatabase(db);
    await ingestPaths(sqlite, [v2], { jobs: 0 });
    await ingestPaths(sqlite, [v1], { jobs: 0 });
    const rows = sqlite.prepare('SELECT d.path, pd.version, p.best_document_id = d.id AS best FROM plan_documents pd JOIN documents d ON d.id = pd.document_id JOIN plans p ON p.id = pd.plan_id ORDER BY pd.version').all();
    const recorded = sqlite.prepare('SELECT d.path, count(*) AS n FROM plan_changes c JOIN documents d ON d.id = c.document_id GROUP BY d.path').all();
    sqlite.close();

    it(`orders them by ${c.name}: the later one is the latest version, its changes told against the earlier`, () => {
      expect(rows).toEqual([{ path: v1, version: 1, best: 0 }, { path: v2, version: 2, best: 1 }]);
      const changes = JSON.parse(cli(['changes', v2, '--db', db, '--json']).stdout);
      expect(changes.changes.map(key).sort()).toEqual(planted.map(key).sort());
      expect(recorded).toEqual([{ path: v2, n: planted.length }]);
      const first = cli(['changes', v1, '--db', db]);
      expect(first.stderr).toMatch(/first version of plan \d+/);
      // compare counts the plan once, by its latest version's file
      const cmp = JSON.parse(cli(['compare', '--db', db, '--json']).stdout);
      expect(cmp.councils.reduce((n: number, x: { documents: number }) => n + x.documents, 0)).toBe(1);
    });
  }
});

describe('a copy of some pages', () => {
  // one plan's actions, and a page image of six of them: read alike, or another
  // plan of the same template (the same refs, half of each text other words)
  const gold = JSON.parse(readFileSync(join(KIRKLEES, 'gold.json'), 'utf8')).records as { ref: string | null; action: string | null }[];
  const other = JSON.parse(readFileSync(fixture('unseen', 'lewisham-volunteering-strategy-2010', 'gold.json'), 'utf8')).records as { action: string | null }[];
  const act = (ref: string | null, action: string | null, position: number) => ({ position, section: null, ref, action, status: null, due: null, due_date: null, lead: null, cost_gbp: null });
  const plan = gold.map((r, i) => act(r.ref ?? String(i + 1), r.action, i));
  const doc = { format: 'docx', extractor: 'docx', pages: 3 };
  const page = { format: 'image', extractor: 'image-ocr', pages: 1 };
  it('joins when its actions read as the plan\'s, not when they only share refs', () => {
    const copy = plan.slice(0, 6);
    expect(compareDocuments(doc, plan, page, copy).joined).toBe(true);
    const template = copy.map((a, i) => {
      const w = (a.action ?? '').split(' '), o = (other[i].action ?? '').split(' ');
      return { ...a, action: [...w.slice(0, Math.ceil(w.length / 2)), ...o.slice(0, Math.floor(w.length / 2))].join(' ') };
    });
    const m = matchActions(plan, template);
    expect(m.pairs.length).toBeGreaterThanOrEqual(4); // paired by ref: the rule this guards
    expect(compareDocuments(doc, plan, page, template).joined).toBe(false);
  });
});

describe('version evidence', () => {
  it('reads dates and version numbers from titles and file names, not periods', () => {
    expect(dateIn('Compact action plan V3 October 2010')).toBe('2010-10');
    expect(versionNumberIn('Compact action plan V3 October 2010')).toBe(3);
    expect(dateIn('Delivery Plan 2011/12')).toBeUndefined();
    expect(dateIn('Action plan 2010-2013')).toBeUndefined();
    expect(dateIn('draft_2 12/03/2011')).toBe('2011-03-12');
    expect(versionNumberIn('plan_draft_2')).toBe(2);
    expect(versionNumberIn('Level 2 review')).toBeUndefined();
    expect(compareVersions(versionEvidence({ title: 'Plan V2 October 2010', path: 'a.docx' }), versionEvidence({ title: 'Plan V3 March 2010', path: 'b.docx' }))).toBeGreaterThan(0);
    expect(compareVersions(versionEvidence({ title: 'Plan 2010', path: 'plan-v2.docx' }), versionEvidence({ title: 'Plan 2010', path: 'plan-v10.docx' }))).toBeLessThan(0);
    expect(compareVersions(versionEvidence({ title: null, path: 'a.docx' }), versionEvidence({ title: null, path: 'b.docx' }))).toBe(0);
  });
});

describe('action matching', () => {
  const a = (ref: string, action: string, extra: Partial<Record<'status' | 'lead', string>> = {}) =>
    ({ position: 0, section: null, ref, action, status: extra.status ?? null, due: null, due_date: null, lead: extra.lead ?? null, cost_gbp: null });

  it('pairs a renumbered action by its text, a reworded one by its ref, and rows sharing a merged action cell by their other cells', () => {
    const before = [a('1', 'Publish the Compact summary for all partners'), a('2', 'Hold four forums a year with the sector', { lead: 'CVS' }), a('2', 'Hold four forums a year with the sector', { lead: 'Council' }), a('3', 'Train officers in commissioning')];
    const after = [a('2', 'Hold four forums a year with the sector', { lead: 'Council' }), a('2', 'Hold four forums a year with the sector', { lead: 'CVS' }), a('1', 'Publish the Compact summary for all partners'), a('3', 'Train staff and members in the new commissioning code')];
    const m = matchActions(before, after);
    expect(m.pairs.map((p) => [p.before, p.after]).sort()).toEqual([[0, 2], [1, 1], [2, 0], [3, 3]]);
    expect(m.added).toEqual([]);
    expect(m.removed).toEqual([]);
  });

  it('scores each pair by Dice of its trigram sets (counted through the trigrams\' postings), empty texts included, and notices a list changed since it was matched', () => {
    const before = [a('1', 'Publish the Compact summary for all partners'), a('2', ''), a('3', 'Train officers in commissioning'), a('4', 'Hold four forums a year')];
    const after = [a('1', 'Publish a Compact summary for partners'), a('2', ''), a('3', 'Train staff in the commissioning code'), a('5', 'Map the sector')];
    const m = matchActions(before, after);
    expect(m.pairs.map((p) => [p.before, p.after])).toEqual([[0, 0], [1, 1], [2, 2]]);
    for (const p of m.pairs) expect(p.similarity).toBe(dice(trigrams(before[p.before].action), trigrams(after[p.after].action)));
    expect(m.pairs[1].similarity).toBe(1); // two empty texts, as dice() has it
    after[3] = a('4', 'Hold four forums a year');
    expect(matchActions(before, after).pairs.map((p) => [p.before, p.after])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3]]);
  });

  it('counts misread letters and specks as no change, other words as changed', () => {
    expect(changedWords('Agree data-sharing arrangements up to date', 'Agree data-sharing arrangernents i up to date')).toBe(0);
    expect(changedWords('Review the Compact disputes procedure', 'Agree the Compact disputes procedure jointly with partners')).toBe(4);
  });

  it('MinHash: equal sets share every band key, overlapping sets about their Jaccard share of rows, unrelated sets no key', () => {
    const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`);
    const a = signature(words(0, 200)), b = signature(words(100, 200)), c = signature(words(1000, 200));
    expect(bandKeys(signature(words(0, 200)))).toEqual(bandKeys(a));
    expect(estimateJaccard(a, b)).toBeGreaterThan(0.2); // true Jaccard 1/3
    expect(estimateJaccard(a, b)).toBeLessThan(0.5);
    const ka = new Set(bandKeys(a));
    expect(bandKeys(c).filter((k) => ka.has(k))).toEqual([]);
    for (const k of ka) expect(Number.isSafeInteger(k)).toBe(true);
  });

  it('finds candidates by shared band keys, most first, passing over a key held by more documents than the cap', () => {
    const db = openDatabase(':memory:');
    const add = db.prepare(`INSERT INTO documents (sha256, path, source, format, extractor, kind, ingested_at) VALUES (?, ?, ?, 'pdf', 'pdf-text', 'action_plan', '')`);
    const ids = [1, 2, 3, 4, 5].map((n) => Number(add.run(`sha${n}`, `/p/${n}`, `${n}.pdf`).lastInsertRowid));
    const big = 2 ** 52 + 7; // keys reach 2^53: passed and compared exactly
    insertIndexKeys(db, ids[0], [big, 10, 11, 12]);
    insertIndexKeys(db, ids[1], [big, 10, 11]);
    insertIndexKeys(db, ids[2], [big, 10]);
    insertIndexKeys(db, ids[3], [big, 99]);
    insertIndexKeys(db, ids[4], [big + 1]);
    // the new document (ids[0]) is left out; key `big` (4 documents) is over a cap of 3
    expect(candidateDocuments(db, [big, 10, 11, 12, 10, 13], 3, 8, ids[0])).toEqual([
      { document_id: ids[1], hits: 2 }, { document_id: ids[2], hits: 1 },
    ]);
    // under a cap of 4 it counts, and the limit keeps the best
    expect(candidateDocuments(db, [big, 10, 11], 4, 2, ids[0])).toEqual([
      { document_id: ids[1], hits: 3 }, { document_id: ids[2], hits: 2 },
    ]);
    expect(candidateDocuments(db, [big + 1], 4, 8, ids[0])).toEqual([{ document_id: ids[4], hits: 1 }]);
    expect(candidateDocuments(db, [], 4, 8, ids[0])).toEqual([]);
    db.close();
  });
});
