// SQLite's SQL as PostgreSQL runs it: the store's queries are written once, in
// the SQLite dialect, and translated here where the engines differ
// (placeholders, INSERT OR IGNORE, JSON arrays kept as text, LIKE's case,
// sums of comparisons, NULLs' place in ORDER BY, the id a plain INSERT made,
// column types in DDL).

export interface Translated {
  text: string;
  /** parameter names in $n order (named binding), or null for positional ? */
  names: string[] | null;
  count: number;
  /** the table a plain INSERT writes (RETURNING id is added when it has an id) */
  insertInto: string | null;
}

const cache = new Map<string, Translated>();

/** Splits SQL into code and quoted/commented parts so rewrites touch code only. */
function pieces(sql: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  let i = 0;
  let start = 0;
  const push = (code: boolean, end: number) => {
    if (end > start) out.push({ code, text: sql.slice(start, end) });
    start = end;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      push(true, i);
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j++;
      }
      i = j + 1;
      push(false, Math.min(i, sql.length));
    } else if (c === '-' && sql[i + 1] === '-') {
      push(true, i);
      const j = sql.indexOf('\n', i);
      i = j < 0 ? sql.length : j;
      push(false, i);
    } else i++;
  }
  push(true, sql.length);
  return out;
}

/** Quoted strings and comments set aside (as \u0000n\u0000) while the code is rewritten. */
function masked(sql: string, rewrite: (code: string) => string): string {
  const kept: string[] = [];
  const code = pieces(sql).map((p) => (p.code ? p.text : `\u0000${kept.push(p.text) - 1}\u0000`)).join('');
  return rewrite(code).replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]);
}

const CLAUSE_END = /^(LIMIT|OFFSET|UNION|INTERSECT|EXCEPT|FOR|WINDOW|RETURNING|ON\s+CONFLICT)\b/i;

/** SQLite sorts NULLs first ascending and last descending; PostgreSQL the
 * reverse. Each ORDER BY term without NULLS gets SQLite's order spelt out. */
export function sqliteNullOrder(code: string): string {
  let out = '';
  let i = 0;
  const re = /\bORDER\s+BY\b/gi;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    let j = m.index + m[0].length;
    out += code.slice(i, j);
    const terms: string[] = [];
    let depth = 0;
    let start = j;
    for (; j < code.length; j++) {
      const c = code[j];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && c === ';') break;
      else if (depth === 0 && c === ',') {
        terms.push(code.slice(start, j));
        start = j + 1;
      } else if (depth === 0 && /\s/.test(code[j - 1]) && CLAUSE_END.test(code.slice(j))) break;
    }
    terms.push(code.slice(start, j));
    out += terms.map((t) => {
      if (/\bNULLS\s+(FIRST|LAST)\b/i.test(t) || !t.trim()) return t;
      const trail = /\s*$/.exec(t)![0];
      const body = t.slice(0, t.length - trail.length);
      return `${body} ${/\bDESC$/i.test(body) ? 'NULLS LAST' : 'NULLS FIRST'}${trail}`;
    }).join(',');
    i = j;
    re.lastIndex = j;
  }
  return out + code.slice(i);
}

function rewriteCode(code: string): string {
  return sqliteNullOrder(code)
    .replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, 'INSERT INTO')
    .replace(/\bjson_array_length\(([^()]+)\)/gi, 'json_array_length(($1)::json)')
    .replace(/\bNOT\s+LIKE\b/gi, 'NOT ILIKE')
    .replace(/(?<!NOT\s+|I)\bLIKE\b/gi, 'ILIKE')
    .replace(/\bCOLLATE\s+NOCASE\b/gi, '')
    // SQLite sums comparisons as 0/1; PostgreSQL needs the cast
    .replace(/\bsum\(([^()]*?(?:=|\bIS\s+(?:NOT\s+)?NULL)[^()]*)\)/gi, 'sum(($1)::int)');
}

export function translate(sql: string): Translated {
  const hit = cache.get(sql);
  if (hit) return hit;
  let names = null as string[] | null;
  let count = 0;
  let text = masked(sql, (c) => {
    const code = rewriteCode(c);
    return code.replace(/\?|(?<![:\w])[@:$]([A-Za-z_]\w*)/g, (m, name?: string) => {
      if (m === '?') return `$${++count}`;
      names ??= [];
      let i = names.indexOf(name!);
      if (i < 0) i = names.push(name!) - 1;
      return `$${i + 1}`;
    });
  });
  text = text.trim().replace(/;\s*$/, '');
  const ignore = /^\s*INSERT\s+OR\s+IGNORE\b/i.test(sql);
  if (ignore) text += ' ON CONFLICT DO NOTHING';
  const m = /^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?/i.exec(sql);
  const insertInto = m && !/\bRETURNING\b/i.test(sql) ? m[1].toLowerCase() : null;
  const t: Translated = { text, names, count: names ? names.length : count, insertInto };
  cache.set(sql, t);
  return t;
}

/** Values in $n order from better-sqlite3-style arguments (positional, or one object of named values). */
export function bindValues(t: Translated, params: unknown[]): unknown[] {
  const fix = (v: unknown) => (v === undefined ? null : typeof v === 'bigint' ? v.toString() : typeof v === 'boolean' ? Number(v) : v);
  if (t.names) {
    const obj = (params[0] ?? {}) as Record<string, unknown>;
    return t.names.map((n) => {
      if (!(n in obj)) throw new Error(`missing named parameter "${n}"`);
      return fix(obj[n]);
    });
  }
  const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
  if (flat.length !== t.count) throw new Error(`expected ${t.count} parameters, got ${flat.length}`);
  return flat.map(fix);
}

/** A SQLite migration's DDL as PostgreSQL's: 64-bit integers, identity ids,
 * binary text order (as SQLite's), doubles. Migrations whose SQL differs
 * more have a hand-written file in migrations/postgres/. */
export function translateDdl(sql: string): string {
  return deferForwardKeys(masked(sql, (code) => rewriteCode(code)
      .replace(/^\s*PRAGMA\b[^;]*;/gim, '')
      .replace(/\bid\s+INTEGER\s+PRIMARY\s+KEY\b/gi, 'id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
      .replace(/\bINTEGER\b/g, 'BIGINT')
      .replace(/\bREAL\b/g, 'DOUBLE PRECISION')
      .replace(/(^|[\s,(])TEXT\b/g, '$1TEXT COLLATE "C"')));
}

/** SQLite lets a table refer to one created after it; PostgreSQL does not:
 * such a reference is added once both tables exist. */
function deferForwardKeys(sql: string): string {
  const created = [...sql.matchAll(/CREATE\s+TABLE\s+(\w+)/gi)].map((m) => ({ name: m[1].toLowerCase(), at: m.index! }));
  const later: string[] = [];
  const out = sql.replace(/^(\s*)(\w+)(\s+[^,\n]*?)\s+REFERENCES\s+(\w+)\s*\((\w+)\)((?:\s+ON\s+(?:DELETE|UPDATE)\s+(?:SET\s+NULL|CASCADE|RESTRICT|NO\s+ACTION))*)/gim,
    (whole, indent: string, col: string, rest: string, target: string, key: string, actions: string, offset: number) => {
      const own = created.filter((c) => c.at < offset).pop();
      const targetAt = created.find((c) => c.name === target.toLowerCase())?.at;
      if (!own || targetAt === undefined || targetAt < offset) return whole;
      later.push(`ALTER TABLE ${own.name} ADD FOREIGN KEY (${col}) REFERENCES ${target} (${key})${actions};`);
      return `${indent}${col}${rest}`;
    });
  return later.length ? `${out}\n${later.join('\n')}\n` : out;
}
