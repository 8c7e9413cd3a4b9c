// The one place the evaluation calls the pipeline in-process: a fresh in-memory
// database per input, ingest, export. The pipeline modules are imported lazily so
// that scoring existing exports (--pred) works without them.

/** One document of a `plan-records/1` export (see contract/EXPORT.md). */
export interface ExportDocument {
  source?: string;
  records: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface RecordsExport {
  schema: 'plan-records/1';
  documents: ExportDocument[];
}

interface Closable {
  close(): unknown;
}
interface DbModule {
  openDatabase(path: string): Closable;
}
interface PipelineModule {
  ingestPaths(db: Closable, paths: string[], opts: { repair?: boolean }): Promise<unknown>;
}
interface ExportModule {
  exportRecords(db: Closable): RecordsExport;
}

const moduleUrl = (rel: string): string => new URL(rel, import.meta.url).href;

let loaded: Promise<[DbModule, PipelineModule, ExportModule]> | null = null;

function loadPipeline(): Promise<[DbModule, PipelineModule, ExportModule]> {
  loaded ??= Promise.all([
    import(moduleUrl('../../src/store/db.ts')) as Promise<DbModule>,
    import(moduleUrl('../../src/pipeline.ts')) as Promise<PipelineModule>,
    import(moduleUrl('../../src/export/records.ts')) as Promise<ExportModule>,
  ]);
  return loaded;
}

/** '<stage>: <reason>' of each file the run summary reports as failed. */
function failedFiles(summary: unknown): string[] {
  const files = (summary as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  return files
    .filter((f): f is { status: string; stage?: string; reason?: string } => f?.status === 'failed')
    .map((f) => `${f.stage ?? 'ingest'}: ${f.reason ?? 'failed'}`);
}

export interface PipelineOptions {
  repair?: boolean;
}

/** Ingest one file into a fresh in-memory database and return its export, as
 * JSON text would carry it (what `plan-ingest export --format json` prints). */
export async function runPipeline(file: string, opts: PipelineOptions = {}): Promise<RecordsExport> {
  const [{ openDatabase }, { ingestPaths }, { exportRecords }] = await loadPipeline();
  const db = openDatabase(':memory:');
  try {
    const summary = await ingestPaths(db, [file], { repair: opts.repair ?? true });
    // the pipeline records a failed file and goes on; for scoring that is a failure
    const failed = failedFiles(summary);
    if (failed.length) throw new Error(failed.join('; '));
    return JSON.parse(JSON.stringify(exportRecords(db))) as RecordsExport;
  } finally {
    db.close();
  }
}
