import { describe, expect, it } from 'vitest';
import { fuzzFixtures } from '../scripts/fuzz.ts';
import { ROOT } from './helpers/fixtures.ts';

describe('fuzz (bounded)', () => {
  it('mutated fixtures never crash the CLI or the database', () => {
    const res = fuzzFixtures(ROOT, 24, 20261124, 60);
    expect(res.problems).toEqual([]);
    expect(res.exitCode === 0 || res.exitCode === 1).toBe(true);
    expect(res.integrity).toBe('ok');
  }, 600_000);
});
