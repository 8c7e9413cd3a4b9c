// A self-contained HTML report: inline CSS, inline SVG charts drawn here, the
// actions as embedded JSON with a small inline script to filter the table.
// Nothing is fetched when the page is viewed.
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DB } from '../store/db.ts';
import { compareCouncils, type Comparison } from './compare.ts';
import { THEMES } from './themes.ts';
import { ONE_PER_PLAN } from '../store/plans.ts';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const RAG_COLOURS: Record<string, string> = { R: '#c0392b', A: '#e6a117', G: '#2e8b57', none: '#b8b8b8' };

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Horizontal stacked bars, one per council, one segment per series. */
function stackedBars(title: string, rows: { label: string; parts: { key: string; value: number }[] }[], legend: { key: string; label: string; colour: string }[], id: string): string {
  const barH = 26, gap = 12, left = 150, width = 520, top = 30;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((n, p) => n + p.value, 0)));
  const colour = new Map(legend.map((l) => [l.key, l.colour]));
  const name = new Map(legend.map((l) => [l.key, l.label]));
  const h = top + rows.length * (barH + gap) + 20 + Math.ceil(legend.length / 3) * 18;
  let svg = `<svg id="${id}" class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${left + width + 60} ${h}" width="${left + width + 60}" height="${h}" xmlns="http://www.w3.org/2000/svg">`;
  svg += `<text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>`;
  rows.forEach((r, i) => {
    const y = top + i * (barH + gap);
    svg += `<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end" class="axis">${escapeHtml(r.label)}</text>`;
    let x = left;
    for (const p of r.parts) {
      if (!p.value) continue;
      const w = (p.value / max) * width;
      svg += `<rect class="bar" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colour.get(p.key)}"><title>${escapeHtml(r.label)}: ${escapeHtml(name.get(p.key) ?? p.key)} ${p.value}</title></rect>`;
      x += w;
    }
    svg += `<text x="${x + 6}" y="${y + barH / 2 + 4}" class="axis">${r.parts.reduce((n, p) => n + p.value, 0)}</text>`;
  });
  const ly = top + rows.length * (barH + gap) + 6;
  legend.forEach((l, i) => {
    const x = (i % 3) * 240, y = ly + Math.floor(i / 3) * 18;
    svg += `<rect x="${x}" y="${y}" width="12" height="12" fill="${l.colour}"/><text x="${x + 16}" y="${y + 10}" class="legend">${escapeHtml(l.label)}</text>`;
  });
  return svg + '</svg>';
}

/** Vertical grouped bars: actions due per year, one bar per council. */
function yearBars(c: Comparison, id: string): string {
  const years = c.years;
  const councils = c.councils;
  const left = 40, top = 30, plotH = 180, groupW = Math.max(40, councils.length * 18 + 16);
  const w = left + Math.max(1, years.length) * groupW + 20;
  const max = Math.max(1, ...councils.flatMap((x) => years.map((y) => x.dueByYear[y] ?? 0)));
  const h = top + plotH + 40 + Math.ceil(councils.length / 3) * 18;
  let svg = `<svg id="${id}" class="chart" role="img" aria-label="Actions due by year" viewBox="0 0 ${Math.max(w, 520)} ${h}" width="${Math.max(w, 520)}" height="${h}" xmlns="http://www.w3.org/2000/svg">`;
  svg += `<text x="0" y="16" class="chart-title">Actions due by year</text>`;
  svg += `<line x1="${left}" y1="${top + plotH}" x2="${w - 10}" y2="${top + plotH}" stroke="#555"/>`;
  svg += `<text x="${left - 6}" y="${top + 8}" text-anchor="end" class="axis">${max}</text><text x="${left - 6}" y="${top + plotH}" text-anchor="end" class="axis">0</text>`;
  if (!years.length) svg += `<text x="${left + 10}" y="${top + plotH / 2}" class="axis">no parseable due dates</text>`;
  years.forEach((y, gi) => {
    const gx = left + gi * groupW + 8;
    councils.forEach((x, ci) => {
      const v = x.dueByYear[y] ?? 0;
      const bh = (v / max) * plotH;
      if (v) svg += `<rect class="bar" x="${gx + ci * 18}" y="${(top + plotH - bh).toFixed(1)}" width="16" height="${bh.toFixed(1)}" fill="${PALETTE[ci % PALETTE.length]}"><title>${escapeHtml(x.council)} ${y}: ${v}</title></rect>`;
    });
    svg += `<text x="${gx + (councils.length * 18) / 2}" y="${top + plotH + 16}" text-anchor="middle" class="axis">${y}</text>`;
  });
  const ly = top + plotH + 28;
  councils.forEach((x, i) => {
    const lx = (i % 3) * 200, yy = ly + Math.floor(i / 3) * 18;
    svg += `<rect x="${lx}" y="${yy}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${lx + 16}" y="${yy + 10}" class="legend">${escapeHtml(x.council)}</text>`;
  });
  return svg + '</svg>';
}

export interface ReportAction {
  id: number;
  area: string | null;
  organisation: string | null;
  title: string | null;
  source: string;
  href: string;
  section: string | null;
  ref: string | null;
  action: string | null;
  output: string | null;
  lead: string | null;
  due: string | null;
  due_date: string | null;
  status: string | null;
  theme: string | null;
  page: number;
  row: number;
}

/** A link to the source file: relative to the report when the report sits
 * beside or above it, else an absolute file URL; PDFs open at the page. */
export function sourceHref(docPath: string, outFile: string, format: string, page: number): string {
  const abs = resolve(docPath);
  const rel = relative(dirname(resolve(outFile)), abs);
  const base = rel.startsWith('..') || rel.startsWith(sep) ? pathToFileURL(abs).href : rel.split(sep).map(encodeURIComponent).join('/');
  return format === 'pdf' ? `${base}#page=${page}` : base;
}

const CHANGE_LABEL: Record<string, string> = { added: 'Added', removed: 'Removed', reworded: 'Reworded', status: 'Status', due: 'Due date', lead: 'Lead', cost: 'Cost' };

/** Per plan with more than one version: what each new version changed, as
 * recorded when it was imported. */
function changesSection(db: DB): string {
  const rows = db.prepare(`SELECT p.id AS plan_id, p.title, p.area, pd.version, d.source, d.path, c.kind, c.ref, c.action, c.before, c.after
    FROM plan_changes c JOIN plan_documents pd ON pd.document_id = c.document_id JOIN plans p ON p.id = pd.plan_id JOIN documents d ON d.id = c.document_id
    ORDER BY p.id, pd.version, c.document_id, c.id`).all() as { plan_id: number; title: string | null; area: string | null; version: number; source: string; path: string; kind: string; ref: string | null; action: string | null; before: string | null; after: string | null }[];
  if (!rows.length) return '<p class="muted">No plan has more than one version.</p>';
  const one = (s: string | null) => escapeHtml((s ?? '').replace(/\s+/g, ' ').trim());
  let html = '';
  let key = '';
  for (const r of rows) {
    const k = `${r.plan_id}/${r.version}/${r.path}`;
    if (k !== key) {
      html += `${key ? '</tbody></table>' : ''}<h3>${escapeHtml(r.title ?? '(untitled plan)')}${r.area ? ` (${escapeHtml(r.area)})` : ''}: version ${r.version}, ${escapeHtml(r.path)}</h3>`;
      html += '<table class="changes"><thead><tr><th>Change</th><th>Ref</th><th>Action</th><th>Before</th><th>After</th></tr></thead><tbody>';
      key = k;
    }
    const showAction = r.kind !== 'added' && r.kind !== 'removed' && r.kind !== 'reworded';
    html += `<tr class="change-${r.kind}"><td>${CHANGE_LABEL[r.kind] ?? r.kind}</td><td>${one(r.ref)}</td><td class="text">${showAction ? one(r.action) : ''}</td><td class="text">${one(r.before)}</td><td class="text">${one(r.after)}</td></tr>`;
  }
  return html + '</tbody></table>';
}

/** By default each plan counts once (its best file of the latest version);
 * allFiles shows every stored file. */
export function buildReport(db: DB, outFile: string, opts: { title?: string; allFiles?: boolean } = {}): string {
  const c = compareCouncils(db, 'area', { allFiles: opts.allFiles });
  const rows = db.prepare(`SELECT a.id, d.area, d.organisation, d.title, d.source, d.path, d.format, a.section, a.ref, a.action, a.output, a.lead, a.due, a.due_date, a.status, a.theme, a.page, a.row
    FROM actions a JOIN documents d ON d.id = a.document_id ${opts.allFiles ? '' : `WHERE ${ONE_PER_PLAN}`} ORDER BY d.area, d.id, a.position`).all() as (Omit<ReportAction, 'href'> & { path: string; format: string })[];
  const actions: ReportAction[] = rows.map(({ path, format, ...r }) => ({ ...r, href: sourceHref(path, outFile, format, r.page) }));
  const themeLegend = THEMES.map((t, i) => ({ key: t.id, label: t.label, colour: PALETTE[i % PALETTE.length] }));
  const themeChart = stackedBars('Themes by council (actions)', c.councils.map((x) => ({ label: x.council, parts: THEMES.map((t) => ({ key: t.id, value: x.themes[t.id].count })) })), themeLegend, 'chart-themes');
  const ragChart = stackedBars('RAG status by council (actions)', c.councils.map((x) => ({ label: x.council, parts: (['R', 'A', 'G', 'none'] as const).map((k) => ({ key: k, value: x.rag[k] })) })),
    [{ key: 'R', label: 'Red', colour: RAG_COLOURS.R }, { key: 'A', label: 'Amber', colour: RAG_COLOURS.A }, { key: 'G', label: 'Green', colour: RAG_COLOURS.G }, { key: 'none', label: 'No status', colour: RAG_COLOURS.none }], 'chart-rag');
  const dueChart = yearBars(c, 'chart-due');
  const title = opts.title ?? 'Third sector action plans compared';
  const themeNames = Object.fromEntries(THEMES.map((t) => [t.id, t.label]));
  // JSON inside <script>: "<" escaped so no text can close the element.
  const data = JSON.stringify({ actions, themes: themeNames }).replace(/</g, '\\u003c');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary = c.councils.map((x) => `<li><b>${escapeHtml(x.council)}</b>: ${plural(x.actions, 'action')} in ${plural(x.plans, 'plan')}${opts.allFiles ? ` (${plural(x.documents, 'file')})` : ''}</li>`).join('');
  const fileCount = (db.prepare('SELECT count(*) FROM documents').pluck().get() as number) ?? 0;
  const themeOptions = THEMES.map((t) => `<option value="${t.id}">${escapeHtml(t.label)}</option>`).join('');
  const areaOptions = c.councils.map((x) => `<option>${escapeHtml(x.council)}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { background: #fafafa; border: 1px solid #ddd; padding: 8px; max-width: 100%; height: auto; }
.chart-title { font-weight: 600; font-size: 14px; } .axis { font-size: 12px; fill: #333; } .legend { font-size: 11px; fill: #333; }
.filters { display: flex; gap: 8px; margin: 8px 0; flex-wrap: wrap; align-items: center; }
input[type=search] { width: 320px; padding: 6px; font-size: 14px; } select { padding: 5px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; position: sticky; top: 0; }
td.text { max-width: 520px; white-space: pre-line; }
.rag { display: inline-block; width: 18px; text-align: center; border-radius: 3px; color: #fff; font-weight: 600; }
.rag-R { background: ${RAG_COLOURS.R}; } .rag-A { background: ${RAG_COLOURS.A}; } .rag-G { background: ${RAG_COLOURS.G}; }
.muted { color: #777; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${actions.length} actions from ${plural(new Set(rows.map((r) => r.path)).size, 'document')}${opts.allFiles ? '' : `, each plan counted once (its best file of the latest version; ${plural(fileCount, 'file')} stored)`}. Themes are assigned by a classifier (see README, "Research").</p>
<ul>${summary}</ul>
<h2>Charts</h2>
<div class="charts">
${themeChart}
${dueChart}
${ragChart}
</div>
<h2 id="changes">Changes</h2>
${changesSection(db)}
<h2>Actions</h2>
<div class="filters">
<input id="q" type="search" placeholder="Filter actions: words in any column" aria-label="Filter actions">
<select id="area" aria-label="Area"><option value="">All areas</option>${areaOptions}</select>
<select id="theme" aria-label="Theme"><option value="">All themes</option>${themeOptions}</select>
<span id="count" class="muted"></span>
</div>
<table id="actions">
<thead><tr><th>Area</th><th>Theme</th><th>Section</th><th>Ref</th><th>Action</th><th>Output</th><th>Lead</th><th>Due</th><th>RAG</th><th>Source</th></tr></thead>
<tbody></tbody>
</table>
<script id="report-data" type="application/json">${data}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var tbody = document.querySelector('#actions tbody');
  var q = document.getElementById('q'), area = document.getElementById('area'), theme = document.getElementById('theme');
  var count = document.getElementById('count');
  function cell(text, cls) { var td = document.createElement('td'); if (cls) td.className = cls; td.textContent = text == null ? '' : text; return td; }
  var rows = data.actions.map(function (a) {
    var tr = document.createElement('tr');
    tr.appendChild(cell(a.area));
    tr.appendChild(cell(data.themes[a.theme] || a.theme));
    tr.appendChild(cell(a.section, 'text'));
    tr.appendChild(cell(a.ref));
    tr.appendChild(cell(a.action, 'text'));
    tr.appendChild(cell(a.output, 'text'));
    tr.appendChild(cell(a.lead));
    tr.appendChild(cell(a.due || a.due_date));
    var rag = cell('');
    if (a.status) { var s = document.createElement('span'); s.className = 'rag rag-' + a.status; s.textContent = a.status; rag.appendChild(s); }
    tr.appendChild(rag);
    var src = document.createElement('td'); var link = document.createElement('a');
    link.href = a.href; link.textContent = a.source + ' p.' + a.page + ' r.' + a.row; link.title = (a.title || a.source);
    src.appendChild(link); tr.appendChild(src);
    tbody.appendChild(tr);
    var hay = [a.area, a.organisation, a.title, a.source, data.themes[a.theme], a.section, a.ref, a.action, a.output, a.lead, a.due, a.status].join(' ').toLowerCase();
    return { tr: tr, hay: hay, area: a.area || '', theme: a.theme || '' };
  });
  function apply() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (r) {
      var ok = (!area.value || r.area === area.value) && (!theme.value || r.theme === theme.value) && words.every(function (w) { return r.hay.indexOf(w) >= 0; });
      r.tr.style.display = ok ? '' : 'none';
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' actions';
  }
  q.addEventListener('input', apply); area.addEventListener('change', apply); theme.addEventListener('change', apply);
  apply();
})();
</script>
</body>
</html>
`;
}

