// The shapes every stage shares. Readers produce an Intermediate; layout turns
// positioned words into Grids; normalise turns blocks into records; repair edits
// records; store and export only ever see records.
import { z } from 'zod';
import type { ExtractorId, FormatId } from './readers/registry.ts';

// ---------------------------------------------------------------------------
// Reader output

// Formats and extractors are whatever the reader registry lists (readers/registry.ts).
export type Format = FormatId;
export type Extractor = ExtractorId;

/** A word or text run on a page, in page units with the origin at top-left
 * (y grows downwards). PDF readers convert from PDF's bottom-left origin. */
export interface PositionedWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** OCR confidence 0..100; absent for a text layer. */
  conf?: number;
  /** font size or line height, when known */
  size?: number;
  bold?: boolean;
  /** drawn across the page's lines (an axis title, a margin note), not along them */
  vertical?: boolean;
}

/** A straight ruling line (table border) in the same units as words. */
export interface Ruling {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PositionedPage {
  /** 1-based */
  page: number;
  width: number;
  height: number;
  /** rotation already applied to the coordinates; kept for the record */
  rotation?: number;
  words: PositionedWord[];
  rulings: Ruling[];
  /** areas drawn with curves and slanted lines (plots, diagrams), as boxes:
   * their words belong to no table */
  figures?: Ruling[];
  /** 'text' for a text layer, 'ocr' for recognised words */
  source: 'text' | 'ocr';
}

/** A table cell with spans, as a table grid has it (before normalisation). */
export interface GridCell {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  text: string;
  /** where the cell sits on its page (PDF and OCR pages only) */
  box?: CellBox;
}

/** A source cell's place: 1-based page, [x0, y0, x1, y1] in page units (PDF
 * points, origin top-left), mean OCR confidence of its words when OCR'd. */
export const CellBoxSchema = z.object({
  page: z.number().int().positive(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  conf: z.number().min(0).max(100).optional(),
});
export type CellBox = z.infer<typeof CellBoxSchema>;

const finite = Number.isFinite;
const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
/** What CellBoxSchema accepts, as a plain check. */
function isCellBox(b: unknown): boolean {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  const { page, bbox, conf } = b as Record<string, unknown>;
  if (!Number.isSafeInteger(page) || (page as number) <= 0) return false;
  if (!Array.isArray(bbox) || bbox.length !== 4) return false;
  if (!finite(bbox[0]) || !finite(bbox[1]) || !finite(bbox[2]) || !finite(bbox[3])) return false;
  return conf === undefined || (finite(conf) && (conf as number) >= 0 && (conf as number) <= 100);
}
/** A record of CellBoxes checked as one value: the same rule as
 * `z.record(z.string(), CellBoxSchema)`, without zod walking each box's
 * tuple (most of a first pass's validation time: code not yet compiled). */
export const CellBoxesSchema = z.custom<Record<string, CellBox>>(
  (v) => isPlain(v) && Object.keys(v).every((k) => isCellBox(v[k])),
  { message: 'each cell box must be { page: positive integer, bbox: 4 finite numbers, conf?: 0..100 }' },
);

export interface GridRowInfo {
  /** 1-based page the row sits on (its first line) */
  page: number;
  /** 1-based row (or line) number in the source, for provenance */
  sourceRow: number;
  /** the source marks it as a (repeating) header row */
  header?: boolean;
}

export interface Grid {
  /** 1-based first page */
  page: number;
  pages: number[];
  /** [x0, y0, x1, y1] in the page's own units (PDF points for PDFs), origin top-left */
  bbox?: [number, number, number, number];
  nrows: number;
  ncols: number;
  cells: GridCell[];
  rows: GridRowInfo[];
  /** true when the source marks merged cells (Word, ruled tables): an empty
   * cell is then really empty; false or absent when only emptiness is seen */
  explicitMerges?: boolean;
}

export type Block =
  | { type: 'heading'; text: string; page: number; level?: number }
  | { type: 'paragraph'; text: string; page: number }
  | { type: 'list'; items: string[]; numbers?: (string | null)[]; numbered: boolean; page: number }
  | { type: 'table'; grid: Grid };

/** What every reader returns. Paginated readers (pdf, ocr) may return only
 * `pages`; the layout stage then builds the blocks. */
export interface Intermediate {
  format: Format;
  extractor: Extractor;
  pageCount: number;
  orientation?: 'portrait' | 'landscape';
  pages?: PositionedPage[];
  blocks: Block[];
  /** things a user should know about this document (not errors) */
  notes: string[];
}

// ---------------------------------------------------------------------------
// Records (the contract's fourteen fields)

export const RECORD_FIELDS = [
  'section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
  'resources', 'funding', 'status', 'progress', 'due_date', 'cost_gbp',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];
export const TEXT_FIELDS = RECORD_FIELDS.slice(0, 12) as readonly TextField[];
export type TextField = Exclude<RecordField, 'due_date' | 'cost_gbp'>;

/** Canonical fields a table column can map to. */
export const COLUMN_FIELDS = [
  'section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
  'resources', 'funding', 'status', 'progress',
] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

export const RepairSchema = z.object({
  field: z.string(),
  from: z.string(),
  to: z.string(),
  rule: z.string(),
  confidence: z.number().min(0).max(1),
});
export type Repair = z.infer<typeof RepairSchema>;

const nullableText = z.string().nullable();

export const ProvenanceSchema = z.object({
  /** the action's id in the database (export only; `plan-ingest correct` takes it) */
  action_id: z.number().int().positive().optional(),
  page: z.number().int().positive(),
  row: z.number().int().positive(),
  repairs: z.array(RepairSchema),
  /** words OCR was unsure of (confidence below the threshold) */
  low_confidence: z.array(z.string()).optional(),
  /** the source cell of each field, where the page has geometry */
  cells: CellBoxesSchema.optional(),
  /** analysts' corrections: the field now holds `to`; `from` is what was extracted */
  corrections: z.array(z.object({
    field: z.string(), from: z.string().nullable(), to: z.string().nullable(),
    kind: z.enum(['edit', 'undo-repair']), by: z.string(), at: z.string(), id: z.number().int(),
  })).optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ActionRecordSchema = z.object({
  section: nullableText,
  ref: nullableText,
  action: nullableText,
  output: nullableText,
  outcome: nullableText,
  milestone: nullableText,
  due: nullableText,
  lead: nullableText,
  resources: nullableText,
  funding: nullableText,
  status: z.enum(['R', 'A', 'G']).nullable(),
  progress: nullableText,
  due_date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).nullable(),
  cost_gbp: z.number().nullable(),
  provenance: ProvenanceSchema,
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;

export const DocumentMetaSchema = z.object({
  kind: z.enum(['action_plan', 'narrative']),
  title: nullableText,
  organisation: nullableText,
  area: nullableText,
  period: nullableText,
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

/** How one table column was mapped to a field, and why (export provenance,
 * `plan-ingest tables`). */
export const ColumnMappingSchema = z.object({
  col: z.number().int().nonnegative(),
  header: z.string(),
  field: z.enum(COLUMN_FIELDS).nullable(),
  /** 0..1: how far the choice stands above the column's next best */
  confidence: z.number().min(0).max(1),
  /** what the header label and the cells each gave the chosen field */
  label_score: z.number(),
  content_score: z.number(),
  /** what the cells hold, e.g. "12 cells: sentence 92%" */
  cells: z.string(),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

export const TableColumnsSchema = z.object({
  /** 1-based page where the table (its header) starts */
  page: z.number().int().positive(),
  columns: z.array(ColumnMappingSchema),
});
export type TableColumns = z.infer<typeof TableColumnsSchema>;

/** A document after normalisation and repair, ready to store. */
export interface NormalisedDocument extends DocumentMeta {
  format: Format;
  extractor: Extractor;
  pageCount: number;
  records: ActionRecord[];
  notes: string[];
  /** each record's primary theme, same order as records (set by the theming stage) */
  themes?: { theme: string; confidence: number }[];
  /** version of the theme model that set them */
  themeModel?: string;
  /** each plan table's column mapping (additive; absent from older stores) */
  columns?: TableColumns[];
}

/** Identity of an input file. */
export interface SourceFile {
  /** path as given on the command line (or found under a given folder) */
  path: string;
  /** basename */
  source: string;
  sha256: string;
  size: number;
}

export class InputError extends Error {
  constructor(
    message: string,
    readonly stage: 'detect' | 'read' | 'layout' | 'normalise' | 'repair' | 'store' = 'read',
  ) {
    super(message);
    this.name = 'InputError';
  }
}
