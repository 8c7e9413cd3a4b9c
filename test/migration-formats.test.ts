// Migration 006 rebuilds documents without the CHECK on format: on a database
// made by the schema before it, no row and no link may be lost.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { processBytes } from '../src/pipeline/process.ts';
import { listMigrations, migrate } from '../src/store/db.ts';
import { saveDocument } from '../src/store/documents.ts';
import { themeDocument } from '../src/pipeline/themes.ts';
import { fixture } from './helpers/fixtures.ts';

const counts = (db: Database.Database) => Object.fromEntries(
  ['documents', 'sections', 'actions', 'repairs', 'actions_fts', 'document_history'].map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]),
);
const links = (db: Database.Database) => db.prepare(`
  SELECT d.sha256, a.position, s.path AS section, count(r.id) AS repairs
  FROM actions a JOIN documents d ON d.id = a.document_id LEFT JOIN sections s ON s.id = a.section_id LEFT JOIN repairs r ON r.action_id = a.id
  GROUP BY a.id ORDER BY a.id`).all();

describe('migration 006 (formats)', () => {
  it('keeps every row and link of a database made before it, and drops the format CHECK', async () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, listMigrations().filter((m) => m.version < 6));
    // real documents, with sections, repairs (the tsv export carries damage) and a
    // replaced version in history, stored by today's code in a database of today's
    // schema, then copied into the old one column for column
    const full = new Database(':memory:');
    migrate(full);
    const files = [['corpus', 'thurrock-ni7-action-plan', 'plan.docx'], ['corpus', 'tower-hamlets-third-sector-2009', 'export.tsv']];
    for (const [i, f] of files.entries()) {
      const bytes = new Uint8Array(readFileSync(fixture(...f)));
      const doc = await processBytes(bytes, {}, f[2]);
      themeDocument(doc);
      saveDocument(full, { path: `p${i}`, source: f[2], sha256: String(i).repeat(64), size: bytes.length }, doc, null);
    }
    const again = await processBytes(new Uint8Array(readFileSync(fixture(...files[0]))), {}, 'plan.docx');
    themeDocument(again);
    saveDocument(full, { path: 'p0', source: 'plan.docx', sha256: '9'.repeat(64), size: 1 }, again, null);
    const columns = (d: Database.Database, t: string) => (d.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    for (const t of ['documents', 'sections', 'actions', 'repairs', 'document_history']) {
      const old = new Set(columns(db, t));
      const shared = columns(full, t).filter((c) => old.has(c)).map((c) => `"${c}"`).join(', ');
      const insert = db.prepare(`INSERT INTO ${t} (${shared}) VALUES (${shared.split(', ').map(() => '?').join(', ')})`);
      for (const row of full.prepare(`SELECT ${shared} FROM ${t} ORDER BY rowid`).raw().all() as unknown[][]) insert.run(...row);
    }
    full.close();
    const before = { counts: counts(db), links: links(db), themed: db.prepare('SELECT count(*) FROM actions WHERE theme IS NOT NULL').pluck().get() };
    expect(before.counts.repairs).toBeGreaterThan(0);
    expect(before.counts.document_history).toBe(1);
    expect(() => db.prepare("UPDATE documents SET format = 'odt' WHERE id = 2").run()).toThrow(/CHECK/);

    expect(migrate(db)).toContain(6);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(counts(db)).toEqual(before.counts);
    expect(links(db)).toEqual(before.links);
    expect(db.prepare('SELECT count(*) FROM actions WHERE theme IS NOT NULL').pluck().get()).toBe(before.themed);
    // a new format is accepted; the views and the search trigger on documents work again
    db.prepare("UPDATE documents SET format = 'odt', extractor = 'odt', title = 'Zanzibar plan' WHERE sha256 = ?").run('9'.repeat(64));
    expect(db.prepare("SELECT count(*) FROM actions_fts WHERE actions_fts MATCH 'zanzibar'").pluck().get()).toBe(before.links.filter((l) => (l as { sha256: string }).sha256 === '9'.repeat(64)).length);
    expect(db.prepare("SELECT count(*) FROM actions_flat WHERE format = 'odt'").pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT sum(actions) FROM rag_by_area_all_files').pluck().get()).toBe(before.counts.actions);
    // deleting a document still cascades to its sections, actions and repairs
    db.prepare('DELETE FROM documents').run();
    expect(counts(db)).toMatchObject({ sections: 0, actions: 0, repairs: 0, actions_fts: 0 });
  }, 60_000);
});
