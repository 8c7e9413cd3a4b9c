// npm run fuzz [-- --iterations N --seed S --timeout SECONDS]: mutated copies
// of the fixtures through the real CLI. Passes when the CLI never crashes
// (exit 0 or 1), no file overruns the time limit unreported, every failure has
// a one-line reason, and the database passes PRAGMA integrity_check.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { MUTATIONS, mutate, rng } from '../test/helpers/mutate.ts';

export interface FuzzResult {
  files: number;
  exitCode: number | null;
  imported: number;
  failed: number;
  integrity: string;
  problems: string[];
}

export function fuzzFixtures(root: string, iterations: number, seed: number, timeoutS: number): FuzzResult {
  const inputs: string[] = [];
  const corpus = join(root, 'fixtures/corpus');
  for (const plan of readdirSync(corpus)) {
    for (const f of ['plan.docx', 'plan.pdf', 'scan.pdf', 'page1.png', 'export.tsv', 'source.txt']) {
      try {
        readFileSync(join(corpus, plan, f), { flag: 'r' });
        inputs.push(join(corpus, plan, f));
      } catch {
        /* not rendered for this plan */
      }
    }
  }
  const random = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'plan-ingest-fuzz-'));
  const inDir = join(dir, 'in');
  mkdirSync(inDir);
  for (let i = 0; i < iterations; i++) {
    const src = inputs[Math.floor(random() * inputs.length)];
    const other = inputs[Math.floor(random() * inputs.length)];
    const kind = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
    const out = mutate(readFileSync(src), readFileSync(other), kind, random);
    writeFileSync(join(inDir, `${String(i).padStart(4, '0')}-${kind}-${src.split('/').slice(-2).join('-')}`), out);
  }
  const db = join(dir, 'fuzz.db');
  const r = spawnSync(process.execPath, [join(root, 'bin/plan-ingest.js'), 'ingest', inDir, '--db', db, '--json', '--timeout', String(timeoutS), '--jobs', '2'], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: (timeoutS * iterations + 120) * 1000,
  });
  const problems: string[] = [];
  let imported = 0;
  let failed = 0;
  if (r.status !== 0 && r.status !== 1) problems.push(`CLI exit ${r.status} (signal ${r.signal}): ${r.stderr.slice(-2000)}`);
  try {
    const summary = JSON.parse(r.stdout);
    imported = summary.counts.imported;
    failed = summary.counts.failed;
    if (summary.counts.files_seen !== iterations) problems.push(`saw ${summary.counts.files_seen} of ${iterations} files`);
    for (const f of summary.files) {
      if (f.status === 'failed' && (!f.reason || /\n/.test(f.reason))) problems.push(`${f.path}: reason is not one line: ${JSON.stringify(f.reason)}`);
      if (f.status === 'failed' && /^(TypeError|RangeError|ReferenceError|Cannot read|undefined is not)/.test(f.reason)) problems.push(`${f.path}: an internal error, not a reason: ${f.reason}`);
    }
  } catch {
    problems.push(`no JSON summary: ${r.stdout.slice(0, 500)} ${r.stderr.slice(-1000)}`);
  }
  let integrity = 'missing';
  try {
    const d = new Database(db, { readonly: true });
    integrity = String(d.pragma('integrity_check', { simple: true }));
    d.close();
  } catch (err) {
    problems.push(`database: ${(err as Error).message}`);
  }
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  rmSync(dir, { recursive: true, force: true });
  return { files: iterations, exitCode: r.status, imported, failed, integrity, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { iterations: { type: 'string', default: '300' }, seed: { type: 'string', default: String(Date.now() % 100000) }, timeout: { type: 'string', default: '60' } } });
  const seed = Number(values.seed);
  const res = fuzzFixtures(process.cwd(), Number(values.iterations), seed, Number(values.timeout));
  console.log(`fuzz seed ${seed}: ${res.files} mutated files, exit ${res.exitCode}, ${res.imported} imported, ${res.failed} failed, integrity ${res.integrity}`);
  for (const p of res.problems) console.log(`PROBLEM ${p}`);
  process.exitCode = res.problems.length ? 1 : 0;
}
