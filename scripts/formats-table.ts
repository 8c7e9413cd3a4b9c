// Prints the README's table of formats from the reader registry; with --write,
// replaces the table in README.md. A test holds the README to the registry.
// Run: npx tsx scripts/formats-table.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { formatsTable } from '../dev/formats-table.ts';

const table = formatsTable();
if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const re = /\| format \| files \| read as \| extractors \|\n(?:\|.*\|\n)+/;
  if (!re.test(readme)) throw new Error('README.md has no formats table to replace');
  writeFileSync(path, readme.replace(re, table + '\n'));
} else process.stdout.write(table + '\n');
