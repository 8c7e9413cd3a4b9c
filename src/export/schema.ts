// The records export contract as a zod schema, for validating exports at the
// edge (tests, and anyone reading an export back).
import { z } from 'zod';
import { ActionRecordSchema, TableColumnsSchema } from '../model.ts';
import { EXTRACTOR_IDS, FORMAT_IDS } from '../readers/registry.ts';

export const ExportDocumentSchema = z.object({
  source: z.string(),
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(FORMAT_IDS),
  extractor: z.enum(EXTRACTOR_IDS),
  kind: z.enum(['action_plan', 'narrative']),
  title: z.string().nullable(),
  organisation: z.string().nullable(),
  area: z.string().nullable(),
  period: z.string().nullable(),
  records: z.array(ActionRecordSchema.strict()),
  // added later: absent from exports written before column mappings were kept
  provenance: z.object({ columns: z.array(TableColumnsSchema) }).passthrough().optional(),
}).passthrough();

export const RecordsExportSchema = z.object({
  schema: z.literal('plan-records/1'),
  documents: z.array(ExportDocumentSchema),
});
