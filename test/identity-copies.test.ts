// Plan identity over many copies of a plan (real files through the real
// readers): the answers kept by content and the best file kept per link must
// be exactly what comparing afresh and reading the whole version give.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.ts';
import { ingestPaths } from '../src/pipeline.ts';
import { bestOf } from '../src/identity/link.ts';
import { compareDocuments } from '../src/identity/compare.ts';
import { compareStored } from '../src/identity/content.ts';
import { bestDocumentOf, documentActions, documentHeader, latestVersion, listPlanRows, planDocuments } from '../src/store/plans.ts';
import { variedCopy } from '../dev/bench/vary.ts';
import { tempDir } from './helpers/cli.ts';
import { fixture } from './helpers/fixtures.ts';

const PLANS = ['thurrock-ni7-action-plan', 'tower-hamlets-third-sector-2009'];
const FILES = ['plan.docx', 'plan.pdf', 'export.tsv'];

describe('plan identity over copies', async () => {
  const dir = tempDir();
  // four copies of each file of two plans, in separate folders (as researchers keep them)
  for (const p of PLANS) {
    for (const f of FILES) {
      const bytes = new Uint8Array(readFileSync(fixture('corpus', p, f)));
      for (let n = 0; n < 4; n++) {
        const d = join(dir, 'in', `${p}-${n}`);
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, f), variedCopy(bytes, n));
      }
    }
  }
  const db = openDatabase(join(dir, 'plans.db'));
  const run = await ingestPaths(db, [join(dir, 'in')], { jobs: 0 });

  it('links every copy to its plan, and each plan keeps the best file of its latest version', () => {
    expect(run.counts.imported).toBe(PLANS.length * FILES.length * 4);
    const plans = listPlanRows(db);
    expect(plans).toHaveLength(PLANS.length);
    for (const p of plans) {
      const docs = planDocuments(db, p.id, latestVersion(db, p.id));
      expect(docs).toHaveLength(FILES.length * 4);
      expect(docs.every((d) => d.link === 'same')).toBe(true);
      // the whole version read again picks the same file
      expect(bestDocumentOf(db, p.id)).toBe(bestOf(docs)!.id);
      expect(p.best_document_id).toBe(bestOf(docs)!.id);
    }
  });

  it('answers a comparison kept by content exactly as comparing afresh, for copies and across formats', () => {
    const ids = (db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[]);
    let compared = 0;
    for (const a of ids.slice(0, 8)) {
      for (const b of ids) {
        const [ha, hb] = [documentHeader(db, a)!, documentHeader(db, b)!];
        // fresh arrays each time: the key is the content, not the objects
        const kept = compareStored(ha, documentActions(db, a), hb, documentActions(db, b), compared % 2 === 0);
        const fresh = compareDocuments(ha, documentActions(db, a), hb, documentActions(db, b), compared % 2 === 0);
        expect(kept).toEqual(fresh);
        compared++;
      }
    }
    // an action reworded is another content: its answer is not the copy's
    const [first] = ids;
    const h = documentHeader(db, first)!;
    const changed = documentActions(db, first);
    changed[0] = { ...changed[0]!, action: `${changed[0]!.action} with a new partner` };
    const before = compareStored(h, documentActions(db, first), h, documentActions(db, first));
    const after = compareStored(h, documentActions(db, first), h, changed);
    expect(before.changes).toEqual([]);
    expect(after).toEqual(compareDocuments(h, documentActions(db, first), h, changed));
    expect(after.changes.map((c) => c.kind)).toContain('reworded');
  });
});
