export { buildBlocks } from './blocks.ts';
export { groupLines, wordsText, type Line } from './lines.ts';
export { removeFurniture } from './furniture.ts';
export { gridsToTablesJson, type TablesJson } from './tables-json.ts';
