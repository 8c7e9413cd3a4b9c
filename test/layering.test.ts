// Layers point one way, the theme model is a committed build artefact kept
// equal to a fresh training, and the commands that only read never write.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildSavedModel } from '../dev/themes/train.ts';
import { listMigrations, migrate } from '../src/store/db.ts';
import { THEME_MODEL_PATH } from '../src/research/themes.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, ROOT } from './helpers/fixtures.ts';

const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);

describe('layers', () => {
  it('the store imports nothing from export or research; readers nothing from the stages after them; nothing in src imports dev or scripts', () => {
    for (const f of walk(join(ROOT, 'src')).filter((x) => x.endsWith('.ts'))) {
      const rel = relative(ROOT, f);
      for (const spec of importsOf(f)) {
        expect(spec, `${rel} imports ${spec}`).not.toMatch(/(^|\/)(dev|scripts|test)\//);
        if (rel.startsWith('src/store/')) expect(spec, `${rel} imports ${spec}`).not.toMatch(/\/(export|research|pipeline|readers|cli)\//);
        // text readers recognise header labels (normalise/headers) to give finished blocks
        if (rel.startsWith('src/readers/')) expect(spec, `${rel} imports ${spec}`).not.toMatch(/\/(layout|repair|store|identity|export|research|pipeline|server|cli)\//);
      }
    }
  });
});

describe('runtime dependencies', () => {
  it('every package the command depends on is loaded by it (src/ or bin/) or by the build npm ci runs, none only by tests or dev code', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const deps = Object.keys(pkg.dependencies as Record<string, string>);
    // the build `prepare` runs at install (it bundles the command) counts as the command's own
    const build = [...(pkg.scripts.prepare as string).matchAll(/scripts\/[\w.-]+\.mjs/g)].map((m) => join(ROOT, m[0]));
    const buildCode = build.flatMap((f) => [f, ...[...readFileSync(f, 'utf8').matchAll(/['"]\.\/([\w.-]+\.mjs)['"]/g)].map((m) => join(ROOT, 'scripts', m[1]!))]);
    const code = [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'bin')), ...buildCode].filter((f) => /\.(ts|js|mjs)$/.test(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const d of deps) expect(code, d).toMatch(new RegExp(`['"]${d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^'"]*)?['"]`));
  });
});

describe('theme model', () => {
  it('the committed model is the one the labelled file and the method give now', () => {
    const committed = JSON.parse(readFileSync(THEME_MODEL_PATH, 'utf8'));
    const fresh = buildSavedModel();
    expect(committed.version).toBe(fresh.version);
    expect(committed).toEqual(JSON.parse(JSON.stringify(fresh)));
  }, 60_000);
});

describe('read-only commands', () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const ingest = cli(['ingest', fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx'), '--db', db, '--jobs', '0']);
  // the database file itself, and what its write-ahead log holds (a reader of a
  // WAL database may create an empty log and the shared-memory index, no more)
  const digest = () => {
    const wal = join(dir, 'plans.db-wal');
    return `${createHash('sha256').update(readFileSync(db)).digest('hex')}:${statSync(db).mtimeMs}:wal ${existsSync(wal) ? statSync(wal).size : 0}`;
  };

  it('search, compare, report, export, runs and failures leave the database as it was', () => {
    expect(ingest.status, ingest.stderr).toBe(0);
    const before = digest();
    for (const args of [['search', 'asset transfer'], ['compare'], ['report', '--out', join(dir, 'r.html')], ['export', '--format', 'json', '--out', join(dir, 'e.json')], ['runs'], ['failures']]) {
      const r = cli([...args, '--db', db]);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stderr, args[0]).not.toMatch(/note:/);
    }
    expect(JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8')).documents[0].records).toHaveLength(27);
    expect(digest()).toBe(before);
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
  });

  it('a database from an earlier release is not upgraded by a command that only reads', () => {
    const old = join(dir, 'old.db');
    const sqlite = new Database(old);
    migrate(sqlite, listMigrations().filter((m) => m.version < 6));
    sqlite.close();
    const r = cli(['search', 'grant', '--db', old]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/made by an earlier plan-ingest.*6.*not applied.*only reads/);
    const check = new Database(old, { readonly: true });
    expect(check.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(5);
    check.close();
  });
});
