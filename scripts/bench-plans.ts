// Benchmark of plan matching with many stored documents: synthetic plans
// (words from the en-GB word list and the fixtures' action texts), each
// stored as several noisy copies, then new documents linked one at a time.
//   npx tsx scripts/bench-plans.ts [--docs 100000] [--copies 5] [--probes 200] [--db FILE [--reuse]]
// (--reuse: probe a database an earlier run loaded with --db, without loading again)
// Prints the time to link a new document (median, p95, max), how many probes
// found the right plan (noisy copies) or started a new one (new plans), and
// how many were linked 'same' (all the copies and none of the new plans should be).
import { readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import dictionary from 'dictionary-en-gb';
import { join } from 'node:path';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase, type DB } from '../src/store/db.ts';
import { documentKeys, linkDocument } from '../src/identity/link.ts';
import type { StoredAction } from '../src/store/plans.ts';

const { values: o } = parseArgs({ options: {
  docs: { type: 'string', default: '100000' }, copies: { type: 'string', default: '5' },
  probes: { type: 'string', default: '200' }, db: { type: 'string' }, seed: { type: 'string', default: '7' },
  reuse: { type: 'boolean' },
} });
const DOCS = Number(o.docs), COPIES = Number(o.copies), PROBES = Number(o.probes);

// a small seeded generator, so runs are comparable
let state = Number(o.seed) >>> 0 || 1;
const rand = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
const int = (n: number) => Math.floor(rand() * n);
/** Zipf-like: low ranks far more often. */
const zipf = (n: number) => Math.min(n - 1, Math.floor(n ** rand()) - 1 + int(2));

const dic = Buffer.from(dictionary.dic).toString('utf8')
  .split('\n').slice(1).map((l) => l.split('/')[0]).filter((w) => /^[a-z]{3,}$/.test(w));
const fixtureWords: string[] = [];
for (const set of ['corpus', 'unseen']) {
  const dir = join('fixtures', set);
  for (const p of readdirSync(dir)) {
    const g = join(dir, p, 'gold.json');
    if (!existsSync(g)) continue;
    for (const r of JSON.parse(readFileSync(g, 'utf8')).records) fixtureWords.push(...String(r.action ?? '').split(/\s+/).filter(Boolean));
  }
}
const word = () => (rand() < 0.5 ? fixtureWords[int(fixtureWords.length)] : dic[zipf(dic.length)]);
const sentence = () => Array.from({ length: 6 + int(10) }, word).join(' ');

interface Plan { title: string; actions: string[] }
const newPlan = (): Plan => ({ title: `${sentence().split(' ').slice(0, 5).join(' ')} action plan`, actions: Array.from({ length: 8 + int(15) }, sentence) });

/** A copy as another format or a scan would give it: a few letters misread, now and then a row lost. */
function noisy(p: Plan): StoredAction[] {
  const rows = p.actions.filter(() => rand() > 0.03).map((a) => a.split(' ').map((w) => (rand() < 0.03 && w.length > 3 ? w.slice(0, 1) + 'x' + w.slice(2) : w)).join(' '));
  return rows.map((action, position) => ({ position, section: null, ref: String(position + 1), action, status: null, due: null, due_date: null, lead: null, cost_gbp: null }));
}

const dbPath = o.db ?? join(tmpdir(), `bench-plans-${DOCS}.db`);
const reuse = o.reuse && existsSync(dbPath);
if (!reuse) for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
const db = openDatabase(dbPath);
// bulk load: the search index is not needed to match plans
db.exec('DROP TRIGGER IF EXISTS actions_fts_insert');

let docSeq = 0;
const insDoc = db.prepare(`INSERT INTO documents (sha256, path, source, format, extractor, kind, title, ingested_at) VALUES (?, ?, ?, 'docx', 'docx', 'action_plan', ?, '2026-01-01')`);
const insAction = db.prepare('INSERT INTO actions (document_id, position, ref, action, page, row) VALUES (?, ?, ?, ?, 1, ?)');
const insKey = db.prepare('INSERT INTO plan_index (key, document_id) VALUES (?, ?)');
const insPlan = db.prepare(`INSERT INTO plans (title, best_document_id, created_at) VALUES (?, ?, '2026-01-01')`);
const insLink = db.prepare(`INSERT INTO plan_documents (document_id, plan_id, version, link, similarity, matched_document_id) VALUES (?, ?, 1, 'same', 1, NULL)`);

function storeDoc(title: string, actions: StoredAction[]): number {
  const n = ++docSeq;
  const id = Number(insDoc.run(`sha-${n}-${rand()}`, `synthetic/${n}.docx`, `${n}.docx`, title).lastInsertRowid);
  for (const a of actions) insAction.run(id, a.position, a.ref, a.action, a.position + 1);
  return id;
}

const t0 = performance.now();
const load = db.transaction((count: number) => {
  for (let k = 0; k < count; k++) {
    const plan = newPlan();
    let planId = 0;
    for (let c = 0; c < COPIES && docSeq < DOCS; c++) {
      const actions = noisy(plan);
      const id = storeDoc(plan.title, actions);
      for (const key of new Set(documentKeys({ title: plan.title }, actions))) insKey.run(key, id);
      if (!planId) planId = Number(insPlan.run(plan.title, id).lastInsertRowid);
      insLink.run(id, planId);
    }
  }
});
if (!reuse) {
  while (docSeq < DOCS) load(Math.min(2000, Math.ceil((DOCS - docSeq) / COPIES)));
  db.exec('ANALYZE');
}
docSeq = db.prepare('SELECT max(id) FROM documents').pluck().get() as number;
const loadMs = performance.now() - t0;
const planIds = db.prepare('SELECT id FROM plans').pluck().all() as number[];
const storedPlan = (id: number): Plan => {
  const p = db.prepare('SELECT d.title, d.id FROM plans p JOIN documents d ON d.id = p.best_document_id WHERE p.id = ?').get(id) as { title: string; id: number };
  return { title: p.title, actions: db.prepare('SELECT action FROM actions WHERE document_id = ? ORDER BY position').pluck().all(p.id) as string[] };
};

// probes: half noisy copies of stored plans, half new plans (another seed
// than the load's, so a "new" plan is not one loaded before)
state = (Number(o.seed) + 1_000_003) >>> 0;
const times: number[] = [], cpu: number[] = [], misses: string[] = [];
let right = 0, same = 0;
for (let k = 0; k < PROBES; k++) {
  const copy = k % 2 === 0;
  const target = { id: planIds[int(planIds.length)] };
  const plan = copy ? storedPlan(target.id) : newPlan();
  db.exec('SAVEPOINT probe');
  const id = storeDoc(plan.title, noisy(plan));
  const t = performance.now(), c = process.cpuUsage();
  const r = linkDocument(db, id);
  times.push(performance.now() - t);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
  if (copy ? r.planId === target.id : r.matchedDocumentId === null) right++;
  else misses.push(copy ? `copy of plan ${target.id} -> plan ${r.planId} (${r.link})` : `new plan -> plan ${r.planId}`);
  if (r.link === 'same') same++;
  db.exec('ROLLBACK TO probe; RELEASE probe');
}
const stats = (xs: number[]) => {
  xs.sort((a, b) => a - b);
  const q = (p: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] * 100) / 100;
  return { median: q(0.5), p95: q(0.95), max: q(1) };
};
const rows = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
console.log(JSON.stringify({
  stored_documents: rows('documents'), plans: rows('plans'), actions: rows('actions'), index_keys: rows('plan_index'),
  load_s: Math.round(loadMs / 100) / 10, probes: PROBES, right_plan: right, linked_same: same,
  // wall time, and the CPU time this process spent (what a busy machine does not inflate)
  link_ms: stats(times), link_cpu_ms: stats(cpu), load_average: loadavg().map((x) => Math.round(x * 10) / 10), cores: availableParallelism(),
  misses: misses.slice(0, 10),
}, null, 2));
db.close();
if (!o.db) for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
