// Legacy and foreign formats (.doc, .xls, .ppt, .rtf) are converted by
// LibreOffice, when it is installed, into a format a reader here reads. Each
// conversion runs headless with a private profile (so it neither touches nor
// waits for a user's LibreOffice) under a time limit, in a temporary folder
// removed afterwards.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError } from '../model.ts';

export const LIBREOFFICE_HINT = 'apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui';
export const DEFAULT_CONVERT_TIMEOUT_MS = 120_000;

/** soffice on the PATH, or null. */
export function findSoffice(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of ['soffice', 'libreoffice']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return null;
}

// One profile per thread, made on first use: LibreOffice refuses two
// instances on one profile, and a fresh profile costs seconds to set up.
let profile: string | null = null;
let queue: Promise<unknown> = Promise.resolve();

function profileDir(): string {
  if (!profile) {
    profile = join(tmpdir(), `plan-ingest-soffice-${process.pid}-${threadId}`);
    mkdirSync(profile, { recursive: true });
    const dir = profile;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return profile;
}

export interface ConvertOptions {
  timeoutMs?: number;
  /** what the source is, for messages ("Word 97-2003 document") */
  what: string;
}

/** Converts bytes of the given extension to the target (a LibreOffice filter
 * name such as "docx" or "xlsx"); one conversion at a time per thread. */
export function convertWithLibreOffice(bytes: Uint8Array, ext: string, target: string, opts: ConvertOptions): Promise<Uint8Array> {
  const run = queue.then(() => convertNow(bytes, ext, target, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function convertNow(bytes: Uint8Array, ext: string, target: string, opts: ConvertOptions): Promise<Uint8Array> {
  const soffice = findSoffice();
  if (!soffice) throw new InputError(`${opts.what} needs LibreOffice to be read, and it is not installed (${LIBREOFFICE_HINT})`, 'read');
  const work = mkdtempSync(join(tmpdir(), 'plan-ingest-convert-'));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONVERT_TIMEOUT_MS;
  try {
    const input = join(work, `in.${ext}`);
    writeFileSync(input, bytes);
    const args = [`-env:UserInstallation=file://${profileDir()}`, '--headless', '--norestore', '--nolockcheck', '--nodefault', '--convert-to', target, '--outdir', work, input];
    const { code, timedOut, stderr } = await new Promise<{ code: number | null; timedOut: boolean; stderr: string }>((resolve, reject) => {
      // its own process group, so a hung conversion is stopped with every child it started
      const child = spawn(soffice, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, HOME: work } });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, timedOut, stderr: err });
      });
    });
    if (timedOut) throw new InputError(`LibreOffice took longer than ${Math.round(timeoutMs / 1000)} s to convert the ${opts.what}: stopped`, 'read');
    const out = join(work, `in.${target.split(':')[0]}`);
    let result: Uint8Array;
    try {
      result = new Uint8Array(readFileSync(out));
    } catch {
      const why = stderr.trim().split('\n').pop();
      throw new InputError(`LibreOffice could not convert the ${opts.what} (corrupt, password-protected or not what it seems)${code ? `; exit ${code}` : ''}${why ? `: ${why}` : ''}`, 'read');
    }
    if (result.length === 0) throw new InputError(`LibreOffice made nothing of the ${opts.what} (corrupt or empty)`, 'read');
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
