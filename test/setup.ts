// Run before each test file: the temp folders its tests made are removed when
// the file is done (vitest ends its worker processes without their exit handlers).
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/cli.ts';

afterAll(removeTempDirs);
