// The record contract's cell boxes are checked by a plain function (cheaper
// than zod walking every tuple); it must accept and refuse exactly what the
// zod form `z.record(z.string(), CellBoxSchema)` does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActionRecordSchema, CellBoxesSchema, CellBoxSchema } from '../src/model.ts';
import { processBytes } from '../src/pipeline/process.ts';

const zodForm = z.record(z.string(), CellBoxSchema);

describe('cell boxes check', () => {
  it('agrees with the zod form on a real PDF\'s boxes and on broken ones', async () => {
    const doc = await processBytes(readFileSync('fixtures/corpus/norfolk-ni7-laa-action-plan/plan.pdf'), {}, 'plan.pdf');
    const real = doc.records.map((r) => r.provenance.cells).filter((c) => c !== undefined);
    expect(real.length).toBeGreaterThan(2);
    const box = Object.values(real[0]!)[0]!;
    const broken: unknown[] = [
      null, [], 'x', 3, [box], new Map(), { a: null }, { a: [] },
      { a: { ...box, page: 0 } }, { a: { ...box, page: 1.5 } }, { a: { ...box, page: '1' } },
      { a: { ...box, page: 2 ** 60 } }, { a: { bbox: box.bbox } },
      { a: { ...box, bbox: box.bbox.slice(0, 3) } }, { a: { ...box, bbox: [...box.bbox, 1] } },
      { a: { ...box, bbox: [1, 2, 3, Number.NaN] } }, { a: { ...box, bbox: [1, 2, Infinity, 4] } },
      { a: { ...box, bbox: [1, 2, 3, '4'] } }, { a: { ...box, bbox: { 0: 1, 1: 2, 2: 3, 3: 4, length: 4 } } },
      { a: { ...box, conf: -1 } }, { a: { ...box, conf: 101 } }, { a: { ...box, conf: Number.NaN } },
      { a: { ...box, conf: null } }, { a: box, b: { ...box, page: -2 } },
    ];
    const fine: unknown[] = [...real, {}, { a: { ...box, conf: 0 } }, { a: { ...box, conf: 100 } }, { a: { ...box, extra: 1 } }, Object.assign(Object.create(null), { a: box })];
    for (const v of fine) {
      expect(zodForm.safeParse(v).success).toBe(true);
      expect(CellBoxesSchema.safeParse(v).success).toBe(true);
    }
    for (const v of broken) {
      expect(zodForm.safeParse(v).success, JSON.stringify(v)).toBe(false);
      expect(CellBoxesSchema.safeParse(v).success, JSON.stringify(v)).toBe(false);
    }
    // and through the record schema, at the field's path
    const r = structuredClone(doc.records[0]!);
    r.provenance.cells = { action: { ...box, bbox: [1, 2, 3] as unknown as [number, number, number, number] } };
    const check = ActionRecordSchema.safeParse(r);
    expect(check.success).toBe(false);
    expect(check.error?.issues[0]?.path).toEqual(['provenance', 'cells']);
  });
});
