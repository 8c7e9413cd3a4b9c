// Outside programs the readers run (LibreOffice, coreutils' stdbuf), looked up
// on the PATH as a shell would, without starting them.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first of `names` found executable in a folder of `path`, or null. */
export function findOnPath(names: string[], path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
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
