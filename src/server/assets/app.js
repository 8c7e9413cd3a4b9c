// The review app in the browser. Every text from a document is put on the page
// with textContent or as an attribute value through the DOM, never as markup.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
const TOKEN = meta('write-token');
const READ_ONLY = meta('read-only') === 'true';
const FIELDS = ['ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead', 'resources', 'funding', 'status', 'progress', 'section'];
const LABELS = { ref: 'Ref', action: 'Action', output: 'Output', outcome: 'Outcome', milestone: 'Milestone', due: 'Due', lead: 'Lead', resources: 'Resources', funding: 'Funding', status: 'RAG', progress: 'Progress', section: 'Section' };
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function api(path, opts = {}) {
  const init = { ...opts, headers: { ...(opts.headers ?? {}) } };
  if (opts.body !== undefined) {
    init.method = init.method ?? 'POST';
    init.headers['content-type'] = 'application/json';
    init.headers['x-plan-ingest-token'] = TOKEN;
    init.body = JSON.stringify(opts.body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `${res.status} ${res.statusText}`);
  return data;
}

const main = document.getElementById('main');
document.getElementById('who').textContent = READ_ONLY ? 'read-only' : `editing as ${meta('user')}`;

function showError(err) {
  main.replaceChildren(el('p', { class: 'error' }, String(err.message ?? err)));
}

// ---------------------------------------------------------------------------
// Documents page

const DOC_COLUMNS = [
  ['source', 'Document'], ['title', 'Title'], ['organisation', 'Organisation'], ['area', 'Area'], ['extractor', 'Format'],
  ['pages', 'Pages', true], ['records', 'Records', true], ['repairs', 'Repairs', true], ['low', 'Low-confidence cells', true],
  ['corrections', 'Corrections', true], ['failures', 'Failures', true], ['ingested_at', 'Imported'],
];

async function documentsPage() {
  document.title = 'Documents · plan-ingest review';
  const data = await api('/api/documents');
  let sortKey = 'source';
  let sortDir = 1;
  const filter = el('input', { type: 'search', id: 'filter', placeholder: 'Filter: title, area, file…', 'aria-label': 'filter documents' });
  const count = el('span', { id: 'doc-count', class: 'muted' });
  const tbody = el('tbody');
  const heads = DOC_COLUMNS.map(([key, label]) => el('th', { class: 'sortable', 'data-key': key, onclick: () => {
    sortDir = sortKey === key ? -sortDir : 1;
    sortKey = key;
    render();
  } }, label));
  const table = el('table', { id: 'documents' }, el('thead', {}, el('tr', {}, heads)), tbody);

  function render() {
    const q = filter.value.trim().toLowerCase();
    const rows = data.documents
      .filter((d) => !q || [d.source, d.path, d.title, d.organisation, d.area, d.extractor].some((v) => (v ?? '').toLowerCase().includes(q)))
      .sort((a, b) => {
        const x = a[sortKey];
        const y = b[sortKey];
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''))) * sortDir;
      });
    heads.forEach((h) => h.classList.toggle('sorted-asc', h.dataset.key === sortKey && sortDir === 1));
    heads.forEach((h) => h.classList.toggle('sorted-desc', h.dataset.key === sortKey && sortDir === -1));
    tbody.replaceChildren(...rows.map((d) => el('tr', { 'data-id': d.id },
      el('td', {}, el('a', { href: `/documents/${d.id}` }, d.source), el('div', { class: 'muted' }, d.path)),
      el('td', {}, d.title ?? ''), el('td', {}, d.organisation ?? ''), el('td', {}, d.area ?? ''), el('td', {}, d.extractor),
      el('td', { class: 'num' }, d.pages), el('td', { class: 'num' }, d.records), el('td', { class: 'num' }, d.repairs),
      el('td', { class: `num${d.low ? ' warn' : ''}` }, d.low), el('td', { class: 'num' }, d.corrections),
      el('td', { class: `num${d.failures ? ' warn' : ''}` }, d.failures), el('td', { class: 'muted' }, d.ingested_at.slice(0, 16).replace('T', ' ')),
    )));
    count.textContent = `${rows.length} of ${data.documents.length} documents`;
  }
  filter.addEventListener('input', render);
  const parts = [el('h1', {}, 'Documents'), el('div', { class: 'toolbar' }, filter, count), table];
  if (data.failures.length) {
    parts.push(el('h2', {}, 'Failures of the last runs'), el('table', { id: 'failures' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Run'), el('th', {}, 'File'), el('th', {}, 'Stage'), el('th', {}, 'Reason'), el('th', {}, 'When'))),
      el('tbody', {}, data.failures.map((f) => el('tr', {}, el('td', { class: 'num' }, f.run_id), el('td', {}, f.path), el('td', {}, f.stage), el('td', {}, f.reason), el('td', { class: 'muted' }, f.at.slice(0, 16).replace('T', ' ')))))));
  }
  if (data.orphaned) {
    const { corrections } = await api('/api/corrections');
    parts.push(el('h2', {}, `Orphaned corrections (${data.orphaned})`), el('p', { class: 'muted' }, 'Their record is not in the latest import of the document: they are kept, and re-applied if the record comes back.'),
      el('table', { id: 'orphaned' }, el('thead', {}, el('tr', {}, ['Document', 'Ref', 'Field', 'Extracted', 'Corrected to', 'Why'].map((h) => el('th', {}, h)))),
        el('tbody', {}, corrections.filter((c) => c.status === 'orphaned').map((c) => el('tr', {},
          el('td', {}, c.document_path), el('td', {}, c.record_ref ?? ''), el('td', {}, c.field), el('td', {}, c.old_value ?? ''), el('td', {}, c.new_value ?? ''), el('td', { class: 'muted' }, c.status_reason ?? ''))))));
  }
  main.replaceChildren(...parts);
  render();
}

// ---------------------------------------------------------------------------
// Document page

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A field's text with repaired pieces and unsure OCR words marked. */
function fieldContent(rec, field) {
  const text = rec[field] ?? '';
  const marks = [];
  for (const r of rec.repairs) {
    if (r.field !== field || !r.to) continue;
    const at = text.indexOf(r.to);
    if (at >= 0) marks.push({ start: at, end: at + r.to.length, cls: 'repair', title: `repaired (${r.rule}): “${r.from}” → “${r.to}”` });
  }
  if (rec.low_fields.includes(field)) {
    for (const w of rec.low_confidence) {
      const re = new RegExp(`(?<!\\S)${escapeRegExp(w)}(?!\\S)`, 'g');
      for (const m of text.matchAll(re)) marks.push({ start: m.index, end: m.index + w.length, cls: 'low', title: 'OCR was unsure of this word' });
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const out = [];
  let pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue;
    if (m.start > pos) out.push(text.slice(pos, m.start));
    out.push(el('mark', { class: m.cls, title: m.title }, text.slice(m.start, m.end)));
    pos = m.end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

async function documentPage(id) {
  let data = await api(`/api/documents/${id}`);
  const doc = data.document;
  document.title = `${doc.title ?? doc.source} · plan-ingest review`;
  const state = { action: null, field: null, page: 1, pageInfo: null, editing: null };
  const fromHash = /^#action-(\d+)(?:-(\w+))?$/.exec(location.hash);
  if (fromHash) {
    state.action = Number(fromHash[1]);
    state.field = fromHash[2] ?? null;
  }
  const used = FIELDS.filter((f) => f === 'ref' || f === 'action' || data.records.some((r) => r[f] !== null));
  const thead = el('thead', {}, el('tr', {}, el('th', {}, '#'), used.map((f) => el('th', {}, LABELS[f])), el('th', {}, 'Page')));
  const tbody = el('tbody');
  const details = el('div', { class: 'details', id: 'details' });
  const source = el('div', { class: 'source', id: 'source' });
  const message = el('p', { id: 'message', class: 'muted' });

  const record = () => data.records.find((r) => r.id === state.action);

  function renderTable() {
    tbody.replaceChildren(...data.records.map((r, i) => {
      const tr = el('tr', { 'data-action': r.id, class: r.id === state.action ? 'selected' : undefined });
      tr.append(el('td', { class: 'num muted' }, i + 1));
      for (const f of used) {
        const corr = r.corrections.find((c) => c.field === f);
        const td = el('td', { 'data-field': f, class: [corr ? 'corrected' : '', r.low_fields.includes(f) ? 'low-cell' : '', r.id === state.action && f === state.field ? 'selected-cell' : ''].filter(Boolean).join(' ') || undefined });
        if (corr) td.title = `corrected by ${corr.by}; extracted: ${corr.from ?? '(empty)'}`;
        if (state.editing && state.editing.action === r.id && state.editing.field === f) td.append(editor(r, f));
        else td.append(...fieldContent(r, f));
        td.addEventListener('click', () => select(r.id, f));
        td.addEventListener('dblclick', () => startEdit(r.id, f));
        tr.append(td);
      }
      tr.append(el('td', { class: 'num muted' }, `p.${r.page} r.${r.row}`));
      return tr;
    }));
  }

  function editor(r, f) {
    const ta = el('textarea', { 'aria-label': `correct ${f}` });
    ta.value = r[f] ?? '';
    ta.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        void save(r, f, ta.value);
      } else if (e.key === 'Escape') {
        state.editing = null;
        renderTable();
      }
    });
    ta.addEventListener('click', (e) => e.stopPropagation());
    ta.addEventListener('dblclick', (e) => e.stopPropagation());
    queueMicrotask(() => ta.focus());
    return ta;
  }

  function startEdit(actionId, f) {
    if (READ_ONLY) {
      message.textContent = 'The server is read-only.';
      return;
    }
    state.editing = { action: actionId, field: f };
    select(actionId, f);
  }

  async function refresh(msg) {
    data = await api(`/api/documents/${id}`);
    state.editing = null;
    renderTable();
    renderDetails();
    drawBoxes();
    message.textContent = msg ?? '';
  }

  async function save(r, f, value) {
    if ((r[f] ?? '') === value.trim()) {
      state.editing = null;
      renderTable();
      return;
    }
    try {
      await api(`/api/actions/${r.id}/corrections`, { body: { field: f, value } });
      await refresh(`Saved: ${LABELS[f]} of ${r.ref ? `ref ${r.ref}` : `record ${r.position + 1}`}.`);
    } catch (e) {
      message.textContent = `Not saved: ${e.message}`;
    }
  }

  function select(actionId, f) {
    const changed = state.action !== actionId || state.field !== f;
    state.action = actionId;
    state.field = f ?? null;
    history.replaceState(null, '', `#action-${actionId}${f ? `-${f}` : ''}`);
    renderTable();
    if (changed) renderDetails();
    const r = record();
    if (r && doc.geometry && r.page !== state.page) void showPage(r.page);
    else if (doc.geometry) drawBoxes();
    else markText();
  }

  function renderDetails() {
    const r = record();
    if (!r) {
      details.replaceChildren(el('p', { class: 'muted' }, 'Click a cell to see where it came from; double-click to correct it (Enter saves, Shift+Enter for a new line, Esc cancels).'));
      return;
    }
    const parts = [el('strong', {}, r.ref ? `Ref ${r.ref}` : `Record ${r.position + 1}`), ` — page ${r.page}, row ${r.row}, action id ${r.id}`];
    if (r.low_confidence.length) parts.push(el('p', {}, 'OCR unsure of: ', r.low_confidence.map((w, i) => [i ? ', ' : '', el('mark', { class: 'low' }, w)])));
    if (r.repairs.length) {
      parts.push(el('p', {}, 'Repairs:'), el('ul', { id: 'repairs' }, r.repairs.map((p) => el('li', {},
        `${LABELS[p.field] ?? p.field}: “${p.from}” → “${p.to}” (${p.rule}, ${Math.round(p.confidence * 100)}%) `,
        READ_ONLY ? null : el('button', { class: 'undo-repair', onclick: () => undo(p) }, 'undo')))));
    }
    if (r.corrections.length) {
      parts.push(el('p', {}, 'Corrections:'), el('ul', { id: 'corrections' }, r.corrections.map((c) => el('li', {},
        `${LABELS[c.field] ?? c.field}: “${c.from ?? ''}” → “${c.to ?? ''}” by ${c.by}, ${c.at.slice(0, 16).replace('T', ' ')}${c.note ? ` (${c.note})` : ''} `,
        READ_ONLY ? null : el('button', { class: 'revert', onclick: () => revert(c) }, 'revert')))));
    }
    details.replaceChildren(...parts);
  }

  /** A write with no input (undo a repair, revert a correction), then the page again. */
  async function act(path, done, failed) {
    try {
      await api(path, { body: {} });
      await refresh(done);
    } catch (e) {
      message.textContent = `${failed}: ${e.message}`;
    }
  }
  const undo = (p) => act(`/api/repairs/${p.id}/undo`, 'Repair undone.', 'Not undone');
  const revert = (c) => act(`/api/corrections/${c.id}/revert`, 'Correction reverted.', 'Not reverted');

  // page image with the selected record's cells drawn on it
  const img = el('img', { id: 'page-image', alt: '' });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('id', 'boxes');
  svg.setAttribute('preserveAspectRatio', 'none');
  const pageLabel = el('span', { id: 'page-label' });
  const pageError = el('p', { class: 'error', id: 'page-error', hidden: true });
  const pageStatus = el('p', { class: 'muted', id: 'page-status' });
  img.addEventListener('load', () => (pageStatus.textContent = ''));

  async function showPage(n) {
    state.page = n;
    pageLabel.textContent = `page ${n} of ${doc.pages}`;
    pageStatus.textContent = 'Drawing the page…';
    try {
      state.pageInfo = await api(`/api/documents/${id}/pages/${n}`);
      pageError.hidden = true;
      svg.setAttribute('viewBox', `0 0 ${state.pageInfo.width} ${state.pageInfo.height}`);
      img.src = state.pageInfo.image;
    } catch (e) {
      state.pageInfo = null;
      img.removeAttribute('src');
      pageError.hidden = false;
      pageError.textContent = e.message;
      pageStatus.textContent = '';
    }
    drawBoxes();
  }

  function drawBoxes() {
    svg.replaceChildren();
    const r = record();
    if (!r || !state.pageInfo) return;
    for (const [f, box] of Object.entries(r.cells)) {
      if (box.page !== state.page) continue;
      const [x0, y0, x1, y1] = box.bbox;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', x0);
      rect.setAttribute('y', y0);
      rect.setAttribute('width', Math.max(1, x1 - x0));
      rect.setAttribute('height', Math.max(1, y1 - y0));
      rect.setAttribute('class', ['cell', r.low_fields.includes(f) ? 'low' : '', f === state.field ? 'selected' : ''].filter(Boolean).join(' '));
      rect.setAttribute('data-field', f);
      rect.setAttribute('vector-effect', 'non-scaling-stroke');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${LABELS[f] ?? f}${box.conf !== undefined ? ` (OCR confidence ${box.conf})` : ''}`;
      rect.append(title);
      rect.addEventListener('click', () => select(r.id, f));
      svg.append(rect);
    }
    // the selected cell on top
    const sel = svg.querySelector('rect.selected');
    if (sel) svg.append(sel);
  }

  // Word and text sources: the text with the selected cell marked
  const pre = el('pre', { id: 'sourcetext' });
  let sourceTextValue = null;

  function markText() {
    if (sourceTextValue === null) return;
    const r = record();
    const f = state.field ?? 'action';
    const corr = r?.corrections.find((c) => c.field === f);
    const value = corr ? corr.from : r?.[f];
    let found = null;
    if (value) {
      for (const probe of [value, value.split('\n')[0]]) {
        const words = probe.split(/\s+/).filter(Boolean).map(escapeRegExp);
        if (!words.length) continue;
        const m = new RegExp(words.join('[\\s|]+')).exec(sourceTextValue);
        if (m) {
          found = m;
          break;
        }
      }
    }
    if (!found) {
      pre.replaceChildren(sourceTextValue);
      return;
    }
    const mark = el('mark', {}, found[0]);
    pre.replaceChildren(sourceTextValue.slice(0, found.index), mark, sourceTextValue.slice(found.index + found[0].length));
    mark.scrollIntoView({ block: 'center' });
  }

  if (doc.geometry) {
    const nav = el('div', { class: 'toolbar' },
      el('button', { id: 'prev-page', onclick: () => state.page > 1 && showPage(state.page - 1) }, '‹'), pageLabel,
      el('button', { id: 'next-page', onclick: () => state.page < doc.pages && showPage(state.page + 1) }, '›'),
      el('span', { class: 'legend muted' }, el('span', {}, '▭ cell of the selected record'), el('span', {}, el('mark', { class: 'low' }, 'unsure OCR')), el('span', {}, el('mark', { class: 'repair' }, 'repaired'))));
    source.append(nav, pageError, pageStatus, el('div', { class: 'pageview' }, img, svg));
  } else {
    source.append(el('p', { class: 'muted' }, 'Source text (the selected cell is marked):'), pre);
    api(`/api/documents/${id}/text`).then((t) => {
      sourceTextValue = t.text;
      markText();
    }, (e) => pre.replaceChildren(el('span', { class: 'error' }, e.message)));
  }

  const header = [
    el('a', { href: '/' }, '← documents'),
    el('h1', { id: 'doc-title' }, doc.title ?? doc.source),
    el('p', { class: 'muted' }, `${doc.path} · ${doc.extractor} · ${doc.pages} page${doc.pages === 1 ? '' : 's'} · ${data.records.length} records`,
      [doc.organisation, doc.area, doc.period].filter(Boolean).map((v) => ` · ${v}`).join('')),
  ];
  if (data.orphaned.length) header.push(el('p', { class: 'error', id: 'orphaned-note' }, `${data.orphaned.length} correction(s) made on an earlier version found no matching record; see the documents page.`));
  main.replaceChildren(...header, message, el('div', { class: 'layout' },
    el('div', {}, el('div', { class: 'records-wrap' }, el('table', { id: 'records' }, thead, tbody)), details), source));
  renderTable();
  renderDetails();
  const first = record();
  if (doc.geometry) await showPage(first ? first.page : 1);
  if (first) {
    tbody.querySelector(`tr[data-action="${first.id}"]`)?.scrollIntoView({ block: 'center' });
  }
}

// ---------------------------------------------------------------------------

const route = /^\/documents\/(\d+)$/.exec(location.pathname);
(route ? documentPage(Number(route[1])) : documentsPage()).catch(showError);
