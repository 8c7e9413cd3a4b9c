// The ingest's limits and defaults, in one place and free of imports, so the
// command can show them in --help without loading the pipeline.
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 500;
export const DEFAULT_MAX_MEGAPIXELS = 150;
export const defaultJobs = (): number => Math.max(1, availableParallelism());
/** --jobs auto: a batch smaller than this runs in the command's own thread,
 * where starting workers (each loads the pipeline) would cost more than it gains */
export const AUTO_POOL_MIN_FILES = 16;
