// npm run demo: ingest the bundled fixtures into a fresh database and print
// what was found: documents, actions per plan, repairs, failures.
import { rmSync } from 'node:fs';
import { openDatabase } from '../src/store/db.ts';
import { ingestPaths } from '../src/pipeline.ts';

const dbPath = process.argv[2] ?? 'demo.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
const db = openDatabase(dbPath);
const t0 = performance.now();
const summary = await ingestPaths(db, ['fixtures/corpus'], {
  onEvent: (e) => {
    if (e.type === 'file' && e.result.status === 'failed') console.log(`  failed: ${e.result.path} [${e.result.stage}] ${e.result.reason}`);
  },
});
const secs = ((performance.now() - t0) / 1000).toFixed(1);
const c = summary.counts;
console.log(`\n${c.files_seen} files in ${secs}s: ${c.imported} imported, ${c.skipped} skipped, ${c.failed} failed  (database: ${dbPath})\n`);
const rows = db.prepare(`
  SELECT d.path, d.extractor, d.kind, coalesce(d.area, '-') AS area, count(a.id) AS actions,
         (SELECT count(*) FROM repairs r JOIN actions x ON x.id = r.action_id WHERE x.document_id = d.id) AS repairs
  FROM documents d LEFT JOIN actions a ON a.document_id = d.id GROUP BY d.id ORDER BY d.path`).all() as Array<Record<string, string | number>>;
const w = Math.max(...rows.map((r) => String(r.path).length));
console.log(`${'document'.padEnd(w)}  ${'extractor'.padEnd(9)}  ${'area'.padEnd(13)}  actions  repairs`);
for (const r of rows) {
  console.log(`${String(r.path).padEnd(w)}  ${String(r.extractor).padEnd(9)}  ${String(r.area).padEnd(13)}  ${String(r.actions).padStart(7)}  ${String(r.repairs).padStart(7)}`);
}
const rules = db.prepare('SELECT rule, count(*) AS n FROM repairs GROUP BY rule ORDER BY n DESC').all() as Array<{ rule: string; n: number }>;
if (rules.length) console.log(`\nrepairs by rule: ${rules.map((r) => `${r.rule} ${r.n}`).join(', ')}`);
db.close();
