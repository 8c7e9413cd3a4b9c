import type { Block } from '../../model.ts';
import type { TextLine } from './rows.ts';
export function looksFlat(_lines: TextLine[]): boolean {
  return false;
}
export function readFlat(_lines: TextLine[]): { blocks: Block[]; notes: string[] } {
  return { blocks: [], notes: [] };
}
