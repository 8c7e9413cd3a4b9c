// Comparing councils: themes (counts and shares), due dates by year and RAG
// status counts, per area or per organisation.
import type { DB } from '../store/db.ts';
import { THEMES } from './themes.ts';
import { ONE_PER_PLAN } from '../store/plans.ts';

export type CompareBy = 'area' | 'organisation';

export interface CouncilSummary {
  council: string;
  actions: number;
  documents: number;
  /** distinct plans (a plan stored as several files or versions counts once) */
  plans: number;
  themes: Record<string, { count: number; share: number }>;
  dueByYear: Record<string, number>;
  /** actions with no parseable due date */
  noDueDate: number;
  rag: { R: number; A: number; G: number; none: number };
}

export interface Comparison {
  by: CompareBy;
  themes: { id: string; label: string }[];
  years: string[];
  councils: CouncilSummary[];
}

/** By default each plan counts once (the best extraction of its latest
 * version); allFiles counts every stored file. */
export function compareCouncils(db: DB, by: CompareBy = 'area', opts: { allFiles?: boolean } = {}): Comparison {
  const col = by === 'organisation' ? 'd.organisation' : 'd.area';
  const rows = db.prepare(`SELECT coalesce(${col}, '(unknown)') AS council, a.theme, a.status, substr(a.due_date, 1, 4) AS year, a.document_id,
      (SELECT pd.plan_id FROM plan_documents pd WHERE pd.document_id = d.id) AS plan_id
    FROM actions a JOIN documents d ON d.id = a.document_id ${opts.allFiles ? '' : `WHERE ${ONE_PER_PLAN}`}`).all() as { council: string; theme: string | null; status: string | null; year: string | null; document_id: number; plan_id: number | null }[];
  const map = new Map<string, CouncilSummary & { docs: Set<number>; planIds: Set<number> }>();
  const years = new Set<string>();
  for (const r of rows) {
    let c = map.get(r.council);
    if (!c) {
      c = { council: r.council, actions: 0, documents: 0, plans: 0, themes: {}, dueByYear: {}, noDueDate: 0, rag: { R: 0, A: 0, G: 0, none: 0 }, docs: new Set(), planIds: new Set() };
      for (const t of THEMES) c.themes[t.id] = { count: 0, share: 0 };
      map.set(r.council, c);
    }
    c.actions++;
    c.docs.add(r.document_id);
    c.planIds.add(r.plan_id ?? -r.document_id);
    const t = r.theme ?? 'unclassified';
    (c.themes[t] ??= { count: 0, share: 0 }).count++;
    if (r.year && /^\d{4}$/.test(r.year)) {
      c.dueByYear[r.year] = (c.dueByYear[r.year] ?? 0) + 1;
      years.add(r.year);
    } else c.noDueDate++;
    if (r.status === 'R' || r.status === 'A' || r.status === 'G') c.rag[r.status]++;
    else c.rag.none++;
  }
  const councils = [...map.values()].sort((a, b) => a.council.localeCompare(b.council)).map(({ docs, planIds, ...c }) => {
    for (const t of Object.values(c.themes)) t.share = c.actions ? Math.round((t.count / c.actions) * 1000) / 1000 : 0;
    return { ...c, documents: docs.size, plans: planIds.size };
  });
  return { by, themes: THEMES.map((t) => ({ id: t.id, label: t.label })), years: [...years].sort(), councils };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n') + '\n';
}

/** The comparison as plain-text tables: themes (count and share), due years, RAG. */
export function formatComparison(c: Comparison): string {
  const names = c.councils.map((x) => x.council);
  const pct = (n: number) => `${Math.round(n * 100)}%`;
  let out = `Themes by ${c.by} (actions, share of the ${c.by}'s actions)\n`;
  out += table([
    ['theme', ...names],
    ...c.themes.map((t) => [t.label, ...c.councils.map((x) => `${x.themes[t.id].count} ${pct(x.themes[t.id].share).padStart(4)}`)]),
    ['all actions', ...c.councils.map((x) => String(x.actions))],
    ['plans', ...c.councils.map((x) => String(x.plans))],
    ['documents', ...c.councils.map((x) => String(x.documents))],
  ]);
  out += `\nDue dates by year\n`;
  out += table([['year', ...names], ...c.years.map((y) => [y, ...c.councils.map((x) => String(x.dueByYear[y] ?? 0))]), ['no date', ...c.councils.map((x) => String(x.noDueDate))]]);
  out += `\nRAG status\n`;
  out += table([['status', ...names], ...(['R', 'A', 'G'] as const).map((s) => [{ R: 'red', A: 'amber', G: 'green' }[s], ...c.councils.map((x) => String(x.rag[s]))]), ['none', ...c.councils.map((x) => String(x.rag.none))]]);
  return out;
}
