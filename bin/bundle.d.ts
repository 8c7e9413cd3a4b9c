// Types for bundle.js (plain JavaScript: it runs before anything is compiled).
import type { Script } from 'node:vm';

export const BUNDLE: string;
export const PDFJS_BUNDLE: string;
export function cacheOf(file: string): string;
export function hasBundle(): boolean;
export function loadedScripts(): { script: Script; file: string; cache: string }[];
export function loadBundle(opts?: { useCache?: boolean }): { exports: { main(argv: string[]): Promise<number> }; script: Script };
export function tuneJitFirst(): Promise<void>;
