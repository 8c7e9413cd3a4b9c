// Plan identity measured on ingested corpora: every document's true plan is
// its folder. Prints the plans found, documents not linked 'same' to their
// folder's plan, and any plan joining two folders.
// npx tsx scripts/eval-plans.ts DB [DB...]   (databases ingested from corpus folders)
import { copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { ensurePlans } from '../src/identity/link.ts';

const dbs = process.argv.slice(2);
let problems = 0;
for (const path of dbs) {
  const copy = join(tmpdir(), `eval-plans-${process.pid}-${basename(path)}`);
  copyFileSync(path, copy);
  for (const s of ['-wal', '-shm']) if (existsSync(path + s)) copyFileSync(path + s, copy + s);
  const db = openDatabase(copy);
  db.exec('DELETE FROM plan_documents; DELETE FROM plans; DELETE FROM plan_index; DELETE FROM plan_changes;');
  const t0 = performance.now();
  ensurePlans(db);
  const ms = performance.now() - t0;
  const rows = db.prepare(`SELECT d.id, d.path, d.extractor, pd.plan_id, pd.version, pd.link, pd.similarity, pd.matched_document_id
    FROM documents d JOIN plan_documents pd ON pd.document_id = d.id ORDER BY pd.plan_id, d.id`).all() as Record<string, string | number>[];
  const byPlan = new Map<number, Record<string, string | number>[]>();
  for (const r of rows) byPlan.set(r.plan_id as number, [...(byPlan.get(r.plan_id as number) ?? []), r]);
  const folders = new Set(rows.map((r) => dirname(r.path as string)));
  console.log(`\n${path}: ${rows.length} documents, ${folders.size} folders, ${byPlan.size} plans (${ms.toFixed(0)} ms)`);
  for (const [id, docs] of byPlan) {
    const fs = new Set(docs.map((d) => basename(dirname(d.path as string))));
    const flag = fs.size > 1 ? '  JOINED DIFFERENT PLANS' : '';
    if (fs.size > 1) problems++;
    console.log(`plan ${id}: ${[...fs].join(', ')}${flag}`);
    for (const d of docs) {
      const bad = d.link !== 'same' ? '  <-- not same' : '';
      if (bad) problems++;
      console.log(`   ${String(d.id).padStart(3)} ${basename(d.path as string).padEnd(12)} ${String(d.extractor).padEnd(9)} v${d.version} ${d.link} ${d.similarity} (vs ${d.matched_document_id ?? '-'})${bad}`);
    }
  }
  const split = [...folders].filter((f) => new Set(rows.filter((r) => dirname(r.path as string) === f).map((r) => r.plan_id)).size > 1);
  for (const f of split) console.log(`SPLIT: ${f}`);
  problems += split.length;
  db.close();
}
console.log(`\n${problems} problem(s)`);
process.exitCode = problems ? 1 : 0;
