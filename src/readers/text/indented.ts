import type { Block } from '../../model.ts';
import type { TextLine } from './rows.ts';
export function looksIndented(_lines: TextLine[]): boolean {
  return false;
}
export function readIndented(_lines: TextLine[]): Block[] {
  return [];
}
