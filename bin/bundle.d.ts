// Types for bundle.js (plain JavaScript: it runs before anything is compiled).
import type { Script } from 'node:vm';

export const BUNDLE: string;
export const CODE_CACHE: string;
export function hasBundle(): boolean;
export function loadBundle(opts?: { useCache?: boolean }): { exports: { main(argv: string[]): Promise<number> }; script: Script };
