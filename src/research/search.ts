// Full-text search over actions: the engine's own index finds the matches
// (SQLite's FTS5 table actions_fts, migration 002; PostgreSQL's tsvector),
// and rank.ts orders and marks them the same way on both engines: BM25 with
// the action's own text weighted above the document's, ties by document and
// position.
import { engineOf, type DB } from '../store/db.ts';
import { ONE_PER_PLAN } from '../store/plans.ts';
import { highlight, queryTerms, scoreRows } from './rank.ts';
import { SEARCH } from './thresholds.ts';

/** Markers put around matching words in highlighted text. */
export interface Markers {
  open: string;
  close: string;
}
export const JSON_MARKERS: Markers = { open: '[[', close: ']]' };

// Columns of actions_fts in order, with their weights.
const COLUMNS = ['section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead', 'resources', 'funding', 'progress', 'title', 'area', 'organisation', 'source'] as const;
const WEIGHTS = [2, 1, 4, 3, 3, 2, 1, 1, 1, 2, 2, 1, 1, 1, 0.5];
/** Fields reported with highlights, when they match. */
const SHOWN = ['section', 'action', 'output', 'outcome', 'milestone', 'lead', 'resources', 'funding', 'progress'] as const;

export interface SearchOptions {
  area?: string;
  organisation?: string;
  theme?: string;
  limit?: number;
  markers?: Markers;
  /** every stored file; by default each plan's best file only (one hit per plan) */
  allFiles?: boolean;
}

export interface SearchHit {
  action_id: number;
  /** minus the BM25 score (rank.ts): lower is better, as FTS5's bm25 */
  rank: number;
  document: { id: number; source: string; path: string; title: string | null; area: string | null; organisation: string | null; plan_id: number | null };
  section: string | null;
  ref: string | null;
  action: string | null;
  theme: string | null;
  status: string | null;
  due_date: string | null;
  page: number;
  row: number;
  /** every shown field that matched, with the matching words between the markers */
  highlights: Record<string, string>;
}

export interface SearchResult {
  query: string;
  /** the FTS5 query actually run (the input, or the input quoted when it was not valid FTS syntax) */
  fts: string;
  hits: SearchHit[];
}

/** Each word as an FTS5 string, so any user input is a valid query: "NI7:"
 * or "asset-transfer" then mean the words, not column filters or operators.
 * A trailing * stays outside the quotes and keeps its prefix meaning. */
export function quoteQuery(input: string): string {
  const words = input.split(/\s+/).filter(Boolean).map((w) => {
    const prefix = /\*+$/.test(w);
    const core = w.replace(/\*+$/, '').replace(/"/g, '""');
    return core ? `"${core}"${prefix ? '*' : ''}` : '';
  }).filter(Boolean);
  return words.join(' ');
}

// PostgreSQL: the words as websearch syntax ("phrases", or, -not), and words
// ending in * as prefixes; both must match.
const POSTGRES_QUERY = `websearch_to_tsquery('english', @words) && to_tsquery('english', @prefixes)`;

/** A query split for PostgreSQL: prefix words (volunt*) apart from the rest. */
function postgresWords(q: string): { words: string; prefixes: string } {
  const prefixes: string[] = [];
  const words = q.replace(/(^|\s)([\p{L}\p{N}]+)\*+(?=\s|$)/gu, (_, sp: string, w: string) => {
    prefixes.push(`${w.toLowerCase()}:*`);
    return sp;
  });
  return { words: words.trim(), prefixes: prefixes.join(' & ') };
}

function isFtsSyntaxError(err: unknown): boolean {
  const m = (err as Error).message ?? '';
  return /fts5|syntax error|no such column|unterminated string|unknown special query/i.test(m);
}

export function searchActions(db: DB, query: string, opts: SearchOptions = {}): SearchResult {
  const q = query.trim();
  if (!q) throw new Error('empty search query');
  const markers = opts.markers ?? JSON_MARKERS;
  const pg = engineOf(db) === 'postgres';
  const where: string[] = [pg ? 'actions_fts.document @@ (SELECT tsq FROM query)' : 'actions_fts MATCH @q'];
  const limit = Math.max(1, Math.min(opts.limit ?? 20, 10_000));
  const params: Record<string, unknown> = { candidates: Math.max(limit, SEARCH.candidates) };
  if (opts.area) {
    where.push(pg ? 'lower(d.area) = lower(@area)' : 'd.area = @area COLLATE NOCASE');
    params.area = opts.area;
  }
  if (opts.organisation) {
    where.push('d.organisation LIKE @organisation');
    params.organisation = `%${opts.organisation}%`;
  }
  if (opts.theme) {
    where.push('a.theme = @theme');
    params.theme = opts.theme;
  }
  if (!opts.allFiles) where.push(ONE_PER_PLAN);
  const owner = (c: string) => (['title', 'area', 'organisation', 'source'].includes(c) ? 'd' : 'a');
  // the engine's own rank only picks the candidates when there are more matches than that
  const sql = `${pg ? `WITH query AS (SELECT ${POSTGRES_QUERY} AS tsq) ` : ''}SELECT a.id AS action_id, a.position,
      d.id AS document_id, d.source, d.path, d.title, d.area, d.organisation,
      (SELECT pd.plan_id FROM plan_documents pd WHERE pd.document_id = d.id) AS plan_id,
      a.theme, a.status, a.due_date, a.page, a.row, ${COLUMNS.map((c) => `${owner(c)}.${c} AS c_${c}`).join(', ')}
    FROM actions_fts
    JOIN actions a ON a.id = actions_fts.rowid
    JOIN documents d ON d.id = a.document_id
    WHERE ${where.join(' AND ')}
    ORDER BY ${pg ? 'ts_rank(actions_fts.document, (SELECT tsq FROM query)) DESC' : 'bm25(actions_fts)'}, a.document_id, a.position
    LIMIT @candidates`;
  const stmt = db.prepare(sql);
  let fts = q;
  let rows: Record<string, unknown>[];
  try {
    rows = stmt.all(pg ? { ...params, ...postgresWords(q) } : { ...params, q }) as Record<string, unknown>[];
  } catch (err) {
    if (!isFtsSyntaxError(err)) throw err;
    fts = quoteQuery(q);
    if (!fts) return { query, fts, hits: [] };
    rows = stmt.all(pg ? { ...params, ...postgresWords(fts) } : { ...params, q: fts }) as Record<string, unknown>[];
  }
  const terms = queryTerms(q);
  const scores = scoreRows(rows.map((r) => COLUMNS.map((c) => r[`c_${c}`] as string | null)), WEIGHTS, terms);
  const order = rows.map((r, i) => ({ r, score: scores[i] }))
    .sort((x, y) => y.score - x.score || (x.r.document_id as number) - (y.r.document_id as number) || (x.r.position as number) - (y.r.position as number))
    .slice(0, limit);
  const hits = order.map(({ r, score }): SearchHit => {
    const highlights: Record<string, string> = {};
    for (const c of SHOWN) {
      const text = r[`c_${c}`] as string | null;
      const h = text ? highlight(text, terms, markers.open, markers.close) : null;
      if (h && h !== text) highlights[c] = h;
    }
    return {
      action_id: r.action_id as number,
      rank: Math.round(-score * 1000) / 1000 || 0,
      document: {
        id: r.document_id as number, source: r.source as string, path: r.path as string,
        title: r.title as string | null, area: r.area as string | null, organisation: r.organisation as string | null,
        plan_id: (r.plan_id as number | null) ?? null,
      },
      section: r.c_section as string | null,
      ref: r.c_ref as string | null,
      action: r.c_action as string | null,
      theme: r.theme as string | null,
      status: r.status as string | null,
      due_date: r.due_date as string | null,
      page: r.page as number,
      row: r.row as number,
      highlights,
    };
  });
  return { query, fts, hits };
}
