// Each corpus plan converted by LibreOffice (.doc, .odt, .rtf, .html) or laid
// out as a workbook (.xlsx, .ods, .xls) imports with the records of its gold, scored
// by the shared scorer's rules: records F1 >= 0.98, fields >= 0.97.
// fixtures/converted is made by scripts/make-converted.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../dev/eval/run-pipeline.ts';
import { scoreDocument, type JsonObject } from '../dev/eval/score.ts';
import { fixture } from './helpers/fixtures.ts';

/** The input formats made from each plan; each reader's commit adds its own. */
const FORMATS = ['odt', 'html', 'xlsx', 'ods', 'doc', 'rtf', 'xls'];

/** Where the converted file itself differs from the plan: LibreOffice's .doc export
 * writes the first item of thurrock-cvs-ni7-report's numbered list as a list of its
 * own, so the .doc shows 1., 1., 2., ... 8. (LibreOffice's own PDF of the .doc shows
 * the same). The reader must give what the file shows; every other field is scored. */
const SHOWN: Record<string, { field: string; values: string[] }> = {
  'doc/thurrock-cvs-ni7-report': { field: 'ref', values: ['1', '1', '2', '3', '4', '5', '6', '7', '8'] },
};

const DIR = fixture('converted');
const plans = readdirSync(DIR).filter((d) => existsSync(join(fixture('corpus', d), 'gold.json'))).sort();

describe.each(FORMATS)('plans as .%s', (ext) => {
  const files = plans.map((slug) => ({ slug, file: join(DIR, slug, `plan.${ext}`) })).filter((p) => existsSync(p.file));

  it.each(files)('$slug', async ({ slug, file }) => {
    const gold = JSON.parse(readFileSync(fixture('corpus', slug, 'gold.json'), 'utf8')) as JsonObject;
    const exported = await runPipeline(file);
    const doc = exported.documents[0] as unknown as JsonObject;
    expect(doc.format).toBe(ext === 'html' ? 'html' : ext);
    const shown = SHOWN[`${ext}/${slug}`];
    if (shown) {
      const records = doc.records as Record<string, unknown>[];
      expect(records.map((r) => r[shown.field])).toEqual(shown.values);
      (gold.records as Record<string, unknown>[]).forEach((g, i) => (g[shown.field] = shown.values[i]));
    }
    const res = scoreDocument(gold, doc);
    expect(res.records.f1, res.summary).toBeGreaterThanOrEqual(0.98);
    expect(res.fields.accuracy, res.summary).toBeGreaterThanOrEqual(0.97);
  }, 120_000);
});
