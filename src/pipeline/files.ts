// Paths on the command line -> the files to ingest: folders are walked
// recursively (hidden entries skipped, each real folder visited once, so a
// symlink loop ends), files are taken as given. A folder is read with
// synchronous calls: the walk plans the run before any file starts, and two
// awaited round trips through libuv's pool per folder were most of its time.
import { readdirSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

// Inside folders, files that are plainly not documents (data, code, notes,
// databases) are passed over; a file named on the command line is always tried.
// (.html and .htm are read: saved web pages are a format.)
const NOT_DOCUMENTS = /\.(json|md|markdown|db|db-wal|db-shm|sqlite|sqlite3|js|mjs|cjs|ts|map|ya?ml|lock|log|sql|sh|py|css|xml|gz|zip)$/i;

export interface FoundFile {
  path: string;
}
export interface PathProblem {
  path: string;
  reason: string;
}

export async function* findFiles(paths: string[], problems: PathProblem[] = []): AsyncGenerator<FoundFile> {
  const seenDirs = new Set<string>();
  async function* walk(dir: string): AsyncGenerator<FoundFile> {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err) {
      problems.push({ path: dir, reason: describe(err) });
      return;
    }
    if (seenDirs.has(real)) {
      problems.push({ path: dir, reason: 'folder already visited (symbolic link loop): skipped' });
      return;
    }
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir, reason: describe(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || (!e.isDirectory() && NOT_DOCUMENTS.test(e.name))) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) yield* walk(p);
      else if (e.isFile()) yield { path: p };
      else if (e.isSymbolicLink()) {
        try {
          const st = await stat(p);
          if (st.isDirectory()) yield* walk(p);
          else if (st.isFile()) yield { path: p };
        } catch (err) {
          problems.push({ path: p, reason: describe(err) });
        }
      }
    }
  }
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      // let the ingest report it per file, with the stage
      yield { path: p };
      continue;
    }
    if (st.isDirectory()) yield* walk(p);
    else yield { path: p };
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ELOOP') return 'symbolic link loop';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'ENOENT') return 'not found';
  return e?.message ?? String(err);
}
