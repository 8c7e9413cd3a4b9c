// What the stage timers (scripts/time-*.mjs) share: the files under a folder,
// the command's V8 flags set as bin/ sets them, and CPU time in ms.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every file under `dir` (dot files aside), sorted, that `keep` accepts. */
export function filesUnder(dir, keep = () => true) {
  return readdirSync(dir).filter((n) => !n.startsWith('.')).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p, keep) : keep(p) ? [p] : [];
  });
}

/** A module of a built dist/ folder (default ./dist). */
export const fromDist = (p, dist = 'dist') => import(pathToFileURL(join(resolve(dist), p)).href);

/** The command's V8 flags, set before the timed code is compiled. */
export async function tuneLikeCommand(dist = 'dist') {
  (await fromDist('pipeline/jit.js', dist)).tuneJit();
}

/** This process's CPU time (user + system, every thread) in ms. */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
