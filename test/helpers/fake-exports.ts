// Predicted exports made from a gold file by damaging it in the ways real
// extraction does (blank fields, split words, lost, duplicated and reordered rows,
// changed refs, numbers as strings, odd Unicode), so that scorers can be compared
// on realistic and awkward inputs. Deterministic: a fixed seed per variant.

type Rec = Record<string, unknown>;
export type Gold = Record<string, unknown> & { records: Rec[] };

export interface FakeExport {
  name: string;
  exported: unknown;
  /** --doc-source to pass, when the export holds several documents */
  docSource?: string;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function documentOf(gold: Gold, records: unknown[], source = 'plan.docx'): Rec {
  return {
    source,
    path: `fixtures/x/${source}`,
    format: 'docx',
    extractor: 'docx',
    kind: gold.kind ?? null,
    title: gold.title ?? null,
    organisation: gold.organisation ?? null,
    area: gold.area ?? null,
    period: gold.period ?? null,
    records,
  };
}

const wrap = (...documents: Rec[]) => ({ schema: 'plan-records/1', documents });

/** Split some long words the way bad text layers do: 'Comr nunity', 'Pro- gress'. */
function splitWords(s: string, rand: () => number, rate: number): string {
  return s.replace(/[A-Za-z]{7,}/g, (w) => {
    const r = rand();
    if (r < rate / 2) return `${w.slice(0, 3)} ${w.slice(3)}`;
    if (r < rate) return `${w.slice(0, 4)}- ${w.slice(4)}`;
    return w;
  });
}

const TEXT = ['section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead', 'resources', 'funding', 'status', 'progress'];

export function fakeExports(gold: Gold): FakeExport[] {
  const recs = gold.records;
  const out: FakeExport[] = [];

  out.push({ name: 'exact', exported: wrap(documentOf(gold, clone(recs))) });

  {
    const rand = rng(1);
    const rs = clone(recs).map((r, i) => {
      if (i % 3 === 0) r.action = null;
      if (i % 4 === 1) r.lead = '';
      if (i % 5 === 2) r.outcome = '   ';
      if (rand() < 0.3) r.cost_gbp = null;
      if (rand() < 0.3) r.due_date = null;
      if (rand() < 0.3) r.milestone = null;
      return r;
    });
    const doc = documentOf(gold, rs);
    doc.title = null;
    doc.area = 'Somewhere else';
    out.push({ name: 'blanked', exported: wrap(doc) });
  }

  {
    const rand = rng(2);
    const rs = clone(recs).map((r) => {
      for (const f of TEXT) if (typeof r[f] === 'string') r[f] = splitWords(r[f] as string, rand, 0.25);
      return r;
    });
    out.push({ name: 'split', exported: wrap(documentOf(gold, rs)) });
  }

  {
    const rs = clone(recs).filter((_, i) => i % 3 !== 1);
    out.push({ name: 'dropped', exported: wrap(documentOf(gold, rs)) });
  }

  {
    const rs = clone(recs);
    const extra = rs.slice(0, Math.min(3, rs.length)).map((r) => ({ ...r, progress: 'duplicate row' }));
    const all = [...rs, ...extra, ...clone(rs.slice(0, 2))].reverse();
    out.push({ name: 'duplicated-reordered', exported: wrap(documentOf(gold, all)) });
  }

  {
    const rand = rng(3);
    const rs = clone(recs).map((r, i) => {
      const x = rand();
      if (x < 0.2) r.ref = r.ref === null ? '9.9' : `${String(r.ref)}.`;
      else if (x < 0.35) r.ref = recs[(i + 1) % recs.length]!.ref ?? null;
      else if (x < 0.5) r.ref = null;
      else if (x < 0.7 && typeof r.ref === 'string' && /^\d+(\.\d+)?$/.test(r.ref)) r.ref = Number(r.ref);
      return r;
    });
    out.push({ name: 'refs', exported: wrap(documentOf(gold, rs)) });
  }

  {
    const forms = [
      (n: number) => String(n),
      (n: number) => ` ${n} `,
      (n: number) => `£${n.toLocaleString('en-GB')}`,
      (n: number) => `${n + 0.004}`,
      (n: number) => `${n + 0.006}`,
      (n: number) => n.toExponential(),
      (n: number) => `${String(n).slice(0, 1)}_${String(n).slice(1)}`,
      () => 'nan',
      () => '',
    ];
    let k = 0;
    const rs = clone(recs).map((r, i) => {
      if (typeof r.cost_gbp === 'number') r.cost_gbp = forms[k++ % forms.length]!(r.cost_gbp);
      else if (i % 4 === 0) r.cost_gbp = i % 8 === 0 ? '0' : 12.5;
      if (i % 5 === 1) r.status = i % 10 === 1;
      if (i % 6 === 2) r.lead = [r.lead, null, 3, 2.5, true];
      if (i % 7 === 3) r.progress = { note: "it's \"done\"", n: 1 };
      if (i % 4 === 3 && typeof r.due_date === 'string') r.due_date = Number((r.due_date as string).slice(0, 4));
      return r;
    });
    out.push({ name: 'numbers-as-strings', exported: wrap(documentOf(gold, rs)) });
  }

  {
    const rand = rng(4);
    const rs = clone(recs).map((r, i) => {
      for (const f of ['action', 'outcome', 'milestone', 'lead', 'progress']) {
        const v = r[f];
        if (typeof v !== 'string') continue;
        const x = rand();
        if (x < 0.15) r[f] = v.replace(/'/g, '\u2019').replace(/ - /g, ' \u2013 ').replace(/ /g, '\u00a0');
        else if (x < 0.3) r[f] = v.split('\n').map((l) => `\u2022 ${l}`).join('\u2028');
        else if (x < 0.4) r[f] = v.split('\n').map((l) => `- ${l}`).join('\r\n');
        else if (x < 0.5) r[f] = `\x1c${v.replace(/,/g, ' ,').replace(/\(/g, '( ')}\u0085`;
        else if (x < 0.6) r[f] = v.replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        else if (x < 0.7) r[f] = v.toLowerCase();
        else if (x < 0.75) r[f] = `\ufeff${v}\u200b`;
      }
      if (i % 9 === 0) r.section = `${String(r.section ?? '')} \u2014 \u00b7 extra`;
      return r;
    });
    out.push({ name: 'unicode', exported: wrap(documentOf(gold, rs)) });
  }

  {
    // neighbouring rows merged into one, as a missed row boundary does
    const rs: Rec[] = [];
    const src = clone(recs);
    for (let i = 0; i < src.length; i++) {
      const r = src[i]!;
      if (i % 4 === 0 && i + 1 < src.length) {
        const n = src[i + 1]!;
        r.action = [r.action, n.action].filter(Boolean).join(' ');
        r.outcome = [r.outcome, n.outcome].filter(Boolean).join('\n');
        i++;
      }
      rs.push(r);
    }
    out.push({ name: 'merged-rows', exported: wrap(documentOf(gold, rs)) });
  }

  out.push({ name: 'empty', exported: wrap() });

  {
    const other = documentOf(gold, clone(recs).slice(0, 1), 'other.pdf');
    const doc = documentOf(gold, clone(recs).slice(1), 'plan.docx');
    out.push({ name: 'two-documents', exported: wrap(other, doc), docSource: 'fixtures/corpus/x/plan.docx' });
  }

  {
    const rs: unknown[] = clone(recs).map((r, i) => {
      if (i % 2 === 0) {
        delete r.funding;
        delete r.cost_gbp;
      }
      return r;
    });
    rs.splice(1, 0, null, 'not a record', [1, 2]);
    out.push({ name: 'lacking-fields', exported: wrap(documentOf(gold, rs)) });
  }

  // a gold-shaped file is accepted as a prediction too
  out.push({ name: 'gold-shaped', exported: clone(gold) });

  return out;
}
