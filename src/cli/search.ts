import type { Command } from 'commander';
import { JSON_MARKERS, searchActions, type Markers } from '../research/search.ts';

const ANSI_BOLD: Markers = { open: '\u001b[1m', close: '\u001b[22m' };
const PLAIN: Markers = { open: '*', close: '*' };

export function searchCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('search')
    .description('Full-text search over every action (FTS5: words, "phrases", prefix*, OR, NOT), best matches first.')
    .argument('<query...>', 'words to find')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--area <area>', 'only documents of this area')
    .option('--organisation <name>', 'only documents whose organisation contains this')
    .option('--theme <theme>', 'only actions of this theme')
    .option('--limit <n>', 'at most this many hits', '20')
    .option('--all-files', 'hits from every stored file (default: each plan once, its best file of the latest version)')
    .option('--json', `print JSON (matching words between ${JSON_MARKERS.open} and ${JSON_MARKERS.close})`)
    .action(async (words: string[], o: { db: string; area?: string; organisation?: string; theme?: string; limit: string; json?: boolean; allFiles?: boolean }) => {
      const { openForResearch } = await import('./db.ts');
      const db = await openForResearch(o.db);
      try {
        const markers = o.json ? JSON_MARKERS : process.stdout.isTTY ? ANSI_BOLD : PLAIN;
        const res = searchActions(db, words.join(' '), { area: o.area, organisation: o.organisation, theme: o.theme, limit: Number(o.limit) || 20, markers, allFiles: o.allFiles });
        if (o.json) {
          process.stdout.write(JSON.stringify({ ...res, markers: JSON_MARKERS }, null, 2) + '\n');
        } else {
          for (const h of res.hits) {
            const d = h.document;
            const where = [d.area, d.title ?? d.source].filter(Boolean).join(' / ');
            process.stdout.write(`${where}  (${d.path}, page ${h.page}, row ${h.row})\n`);
            const head = [h.section, h.ref ? `ref ${h.ref}` : null, h.theme ? `theme: ${h.theme}` : null].filter(Boolean).join('  ');
            if (head) process.stdout.write(`  ${head}\n`);
            const fields = Object.keys(h.highlights).length ? h.highlights : { action: h.action ?? '' };
            for (const [f, text] of Object.entries(fields)) process.stdout.write(`  ${f}: ${text.replace(/\s*\n\s*/g, ' / ')}\n`);
            process.stdout.write('\n');
          }
          process.stdout.write(`${res.hits.length} hit${res.hits.length === 1 ? '' : 's'}\n`);
        }
      } finally {
        db.close();
      }
      setExit(0);
    });
}
