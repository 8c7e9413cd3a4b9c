// Whether dist/ (npm run build) is up to date with src/: the command runs it
// then, else the sources through tsx (bin/plan-ingest.js); the bench checks
// it too, so it measures what users run.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

// paths joined by hand: path.join's normalising was most of this check's
// cost (about 5 ms a run over src/'s 200 files)
function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    const t = e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function builtIsFresh() {
  const stamp = join(root, 'dist/.built');
  if (process.env.PLAN_INGEST_FROM_SOURCE || !existsSync(stamp)) return false;
  return statSync(stamp).mtimeMs >= newestMtime(join(root, 'src'));
}

exports.builtIsFresh = builtIsFresh;
