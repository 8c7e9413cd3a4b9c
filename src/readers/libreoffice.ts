// Legacy and foreign formats (.doc, .xls, .ppt, .rtf) are converted by
// LibreOffice, when it is installed, into a format a reader here reads. Each
// run is headless with a private profile (so it neither touches nor waits for
// a user's LibreOffice) under a time limit, in a temporary folder removed
// afterwards; files in flight together share a run.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError } from '../model.ts';
import { Barrier } from './barrier.ts';
import { findOnPath } from './on-path.ts';

export const LIBREOFFICE_HINT = 'apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui';
export const DEFAULT_CONVERT_TIMEOUT_MS = 120_000;

/** soffice on the PATH, or null. */
export const findSoffice = (path?: string): string | null => findOnPath(['soffice', 'libreoffice'], path);

// One profile per process slot and thread, made on first use: LibreOffice
// refuses two instances on one profile, and a fresh profile costs seconds to
// set up.
const profiles = new Map<number, string>();
// conversions on a slot run one after another
const slots = new Map<number, Promise<unknown>>();

function profileDir(slot: number): string {
  let dir = profiles.get(slot);
  if (!dir) {
    if (profiles.size === 0) sweepProfiles();
    dir = join(tmpdir(), `plan-ingest-soffice-${process.pid}-${threadId}-${slot}`);
    mkdirSync(dir, { recursive: true });
    profiles.set(slot, dir);
    const made = dir;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return dir;
}

const PROFILE = /^plan-ingest-soffice-(\d+)-/;

/** Profiles left by processes that are gone (killed before their exit
 * handlers ran) are removed; a live process's, or another user's, are kept. */
function sweepProfiles(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(PROFILE.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // not ours to remove
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function onSlot<T>(slot: number, run: () => Promise<T>): Promise<T> {
  const next = (slots.get(slot) ?? Promise.resolve()).then(run);
  slots.set(slot, next.catch(() => undefined));
  return next;
}

export interface ConvertOptions {
  timeoutMs?: number;
  /** what the source is, for messages ("Word 97-2003 document") */
  what: string;
  /** told the time (ms) it waited: at the barrier, for a free run, and for the
   * other files of its run (a run's time is shared evenly among its files) */
  onWait?: (ms: number) => void;
}

interface Request {
  bytes: Uint8Array;
  ext: string;
  target: string;
  opts: ConvertOptions;
  /** when it was made */
  asked: number;
  resolve: (out: Uint8Array) => void;
  reject: (err: unknown) => void;
}

// Files in flight together share LibreOffice's start (about 0.9 s; one run
// converted ten .doc files in 3.0 s): their requests wait at a barrier
// (barrier.ts), then go together, shared over as many runs at once as there
// are cores, each target its own runs; runs go to the slots in turn, so two
// targets' runs go side by side too.
let nextSlot = 0;
const barrier = new Barrier<Request>((r) => r.target, (group) => {
  const runs = Math.max(1, availableParallelism());
  const per = Math.ceil(group.length / Math.min(runs, group.length));
  for (let i = 0; i < group.length; i += per) {
    const part = group.slice(i, i + per);
    const slot = nextSlot++ % runs;
    void onSlot(slot, () => convertTogether(part, slot));
  }
});

/** A file that will (or may) be converted: requests wait for it until the
 * returned function is called, or until it makes its own. */
export const expectConversion = (): (() => void) => barrier.expect();

/** Converts bytes of the given extension to the target (a LibreOffice filter
 * name such as "odt" or "xlsx"): with files gathered, in a run shared with
 * them; else one conversion at a time per thread. */
export function convertWithLibreOffice(bytes: Uint8Array, ext: string, target: string, opts: ConvertOptions): Promise<Uint8Array> {
  const asked = performance.now();
  if (barrier.holding) return new Promise((resolve, reject) => barrier.add({ bytes, ext, target, opts, asked, resolve, reject }));
  return onSlot(0, () => {
    opts.onWait?.(performance.now() - asked);
    return convertAlone(bytes, ext, target, opts, 0);
  });
}

/** One run for the part; a file it did not convert is tried again alone, so
 * its failure (and its reason) is its own. */
async function convertTogether(part: Request[], slot: number): Promise<void> {
  const start = performance.now();
  const results = part.length === 1 ? [null] : await convertRun(part, part[0]!.target, slot).catch(() => part.map(() => null));
  const share = (performance.now() - start) / part.length;
  for (let i = 0; i < part.length; i++) {
    const r = part[i]!;
    const got = results[i];
    if (got) {
      r.opts.onWait?.(performance.now() - r.asked - share);
      r.resolve(got);
    } else {
      r.opts.onWait?.(performance.now() - r.asked);
      await convertAlone(r.bytes, r.ext, r.target, r.opts, slot).then(r.resolve, r.reject);
    }
  }
}

async function convertAlone(bytes: Uint8Array, ext: string, target: string, opts: ConvertOptions, slot: number): Promise<Uint8Array> {
  const soffice = findSoffice();
  if (!soffice) throw new InputError(`${opts.what} needs LibreOffice to be read, and it is not installed (${LIBREOFFICE_HINT})`, 'read');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONVERT_TIMEOUT_MS;
  const { outputs, code, timedOut, stderr } = await runSoffice(soffice, [{ bytes, ext }], target, timeoutMs, slot);
  if (timedOut) throw new InputError(`LibreOffice took longer than ${Math.round(timeoutMs / 1000)} s to convert the ${opts.what}: stopped`, 'read');
  const result = outputs[0];
  if (!result) {
    const why = stderr.trim().split('\n').pop();
    throw new InputError(`LibreOffice could not convert the ${opts.what} (corrupt, password-protected or not what it seems)${code ? `; exit ${code}` : ''}${why ? `: ${why}` : ''}`, 'read');
  }
  if (result.length === 0) throw new InputError(`LibreOffice made nothing of the ${opts.what} (corrupt or empty)`, 'read');
  return result;
}

/** Several files in one run: each one's output, or null where there is none
 * (the run stopped, or that file could not be converted). */
async function convertRun(part: Request[], target: string, slot: number): Promise<(Uint8Array | null)[]> {
  const soffice = findSoffice();
  if (!soffice) return part.map(() => null);
  // no longer than one file may take: a run stopped is tried again file by
  // file, each with its own limit, so a file that hangs holds up only itself
  const timeoutMs = Math.max(...part.map((r) => r.opts.timeoutMs ?? DEFAULT_CONVERT_TIMEOUT_MS));
  const { outputs } = await runSoffice(soffice, part, target, timeoutMs, slot);
  return outputs.map((o) => (o && o.length > 0 ? o : null));
}

/** soffice converting the inputs (as 1.ext, 2.ext ... in a temporary folder)
 * to the target, under a time limit; the outputs read back in order. */
async function runSoffice(soffice: string, inputs: { bytes: Uint8Array; ext: string }[], target: string, timeoutMs: number, slot: number): Promise<{ outputs: (Uint8Array | null)[]; code: number | null; timedOut: boolean; stderr: string }> {
  const work = mkdtempSync(join(tmpdir(), 'plan-ingest-convert-'));
  try {
    const files = inputs.map((x, i) => {
      const f = join(work, `${i + 1}.${x.ext}`);
      writeFileSync(f, x.bytes);
      return f;
    });
    const args = [`-env:UserInstallation=file://${profileDir(slot)}`, '--headless', '--norestore', '--nolockcheck', '--nodefault', '--convert-to', target, '--outdir', work, ...files];
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
    const ext = target.split(':')[0];
    const outputs = inputs.map((_, i) => {
      try {
        return new Uint8Array(readFileSync(join(work, `${i + 1}.${ext}`)));
      } catch {
        return null;
      }
    });
    return { outputs, code, timedOut, stderr };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
