// Text copies of plans made the ways real copies are made (pdftotext in three
// modes, LibreOffice's text export, a browser's copy of the HTML export, a
// document site's " / "-joined rows, a text browser's fixed-width dump), each
// also with page furniture inserted, written to a temp folder as a corpus
// (<kind>/<slug>/source.txt + gold.json) that the eval scores as txt. A kind
// whose tool is not installed (w3m) is skipped with a note.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type HTMLElement, type Node } from 'node-html-parser';
import { aggregate, listPlans, scorePair, type Aggregate, type CorpusPlan, type PairScore, type Prediction } from './eval/corpus.ts';
import { runPipeline } from './eval/run-pipeline.ts';
import { loadJson, type JsonObject } from './eval/score.ts';

export const BASE_KINDS = ['layout', 'flat', 'raw', 'soffice', 'html-tabs', 'html-lines', 'slash-joined', 'w3m'] as const;
export type BaseKind = (typeof BASE_KINDS)[number];
export const ALL_KINDS = [...BASE_KINDS, ...BASE_KINDS.map((k) => `${k}+pages` as const)];
export type CopyKind = (typeof ALL_KINDS)[number];

const PDFTOTEXT_ARGS: Partial<Record<BaseKind, string[]>> = { layout: ['-layout'], flat: [], raw: ['-raw'] };

function soffice(files: string[], to: string, outDir: string, work: string): void {
  const profile = `file://${join(work, 'lo-profile')}`;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', to, '--outdir', outDir, ...files], {
    stdio: 'ignore',
    timeout: 300_000,
  });
}

const BLOCK_TAGS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'br', 'tr', 'table', 'ul', 'ol']);
const ROW_PARTS = new Set(['table', 'tbody', 'thead', 'tfoot', 'colgroup', 'col']);

/** Text of an element the way a browser's innerText gives it: block breaks as newlines. */
function innerText(node: Node, cellSep: string): string {
  const el = node as HTMLElement;
  if (node.nodeType === 3) return node.rawText.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
  if (node.nodeType !== 1) return '';
  const tag = el.rawTagName?.toLowerCase() ?? '';
  if (tag === 'style' || tag === 'script' || tag === 'head' || tag === 'title') return '';
  if (tag === 'br') return '\n';
  if (tag === 'tr') {
    const cells = el.childNodes.filter((c) => c.nodeType === 1 && /^t[dh]$/i.test((c as HTMLElement).rawTagName ?? ''));
    // a browser gives a row one line (rows are not blank-line apart), a cell's paragraphs on lines of their own
    return cells.map((c) => innerText(c, cellSep).trim().replace(/\n\s*\n/g, '\n')).join(cellSep) + '\n';
  }
  // white space between a table's rows is no text
  const kids = ROW_PARTS.has(tag) ? el.childNodes.filter((c) => c.nodeType === 1) : el.childNodes;
  const inner = kids.map((c) => innerText(c, cellSep)).join('');
  return BLOCK_TAGS.has(tag) ? `\n${inner}\n` : inner;
}

/** Each table row on one line, its non-empty cells joined by " / " (empty
 * cells dropped, a cell's paragraphs run together), as document-sharing sites
 * and some converters give a table. */
function slashText(node: Node): string {
  const el = node as HTMLElement;
  if (node.nodeType === 1 && el.rawTagName?.toLowerCase() === 'tr') {
    const cells = el.childNodes.filter((c) => c.nodeType === 1 && /^t[dh]$/i.test((c as HTMLElement).rawTagName ?? ''));
    const texts = cells.map((c) => innerText(c, ' ').replace(/\s+/g, ' ').trim()).filter(Boolean);
    return texts.length ? `\n${texts.join(' / ')}\n` : '';
  }
  if (node.nodeType !== 1) return innerText(node, ' ');
  const tag = el.rawTagName?.toLowerCase() ?? '';
  if (tag === 'style' || tag === 'script' || tag === 'head' || tag === 'title') return '';
  const kids = ROW_PARTS.has(tag) ? el.childNodes.filter((c) => c.nodeType === 1) : el.childNodes;
  const inner = kids.map((c) => slashText(c)).join('');
  return BLOCK_TAGS.has(tag) ? `\n${inner}\n` : inner;
}

/** The HTML rendered as fixed-width text by w3m (columns wrapped to their
 * widths, as `w3m -dump` gives); null when w3m is not installed. */
export function w3mCopy(htmlFile: string): string | null {
  if (!hasTool('w3m')) return null;
  return execFileSync('w3m', ['-dump', '-cols', '160', '-T', 'text/html', '-I', 'UTF-8', '-O', 'UTF-8', htmlFile], { encoding: 'utf8', timeout: 60_000 });
}

export function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function htmlCopy(html: string, mode: 'tabs' | 'lines' | 'slash'): string {
  const root = parse(html, { comment: false });
  const body = root.querySelector('body') ?? root;
  const text = mode === 'slash' ? slashText(body) : innerText(body, mode === 'tabs' ? '\t' : '\n\n');
  return text.split('\n').map((l) => l.replace(/[ \u00a0]+$/g, '').replace(/^ +/, '')).join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

/** A page number and a running header line every ~50 lines, as a printed page's copy carries. */
export function withPages(text: string, title: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let page = 1;
  const pages = Math.max(1, Math.ceil(lines.length / 50));
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && i % 50 === 0) {
      out.push(`Page ${page} of ${pages}`, '', title, '');
      page++;
    }
    out.push(lines[i]!);
  }
  out.push(`Page ${page} of ${pages}`);
  return out.join('\n');
}

function runningTitle(text: string): string {
  const first = text.split('\n').map((l) => l.trim()).find((l) => l.length > 3) ?? 'Action Plan';
  return first.replace(/\s{2,}/g, ' ').slice(0, 70);
}

/** Make every kind's copies of the corpus plans; returns the folder per kind. */
export function makeCopies(
  corpus: string,
  kinds: readonly CopyKind[],
  slugs?: readonly string[],
): { root: string; dirs: Map<CopyKind, string>; plans: CorpusPlan[]; skipped: Map<CopyKind, string> } {
  const root = mkdtempSync(join(tmpdir(), 'text-copies-'));
  const plans = listPlans(corpus).filter((p) => !slugs || slugs.includes(p.slug));
  const base = new Set(kinds.map((k) => k.replace(/\+pages$/, '') as BaseKind));
  const raw = new Map<string, string>(); // kind/slug -> text
  for (const kind of base) {
    const args = PDFTOTEXT_ARGS[kind];
    if (!args) continue;
    for (const p of plans) {
      const pdf = join(p.dir, 'plan.pdf');
      if (existsSync(pdf)) raw.set(`${kind}/${p.slug}`, execFileSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8' }));
    }
  }
  const needHtml = base.has('html-tabs') || base.has('html-lines') || base.has('slash-joined') || base.has('w3m');
  const needDocx = base.has('soffice') || needHtml;
  if (needDocx) {
    const docxDir = join(root, 'docx');
    mkdirSync(docxDir);
    const files = plans.filter((p) => existsSync(join(p.dir, 'plan.docx'))).map((p) => {
      const f = join(docxDir, `${p.slug}.docx`);
      copyFileSync(join(p.dir, 'plan.docx'), f);
      return f;
    });
    if (base.has('soffice')) {
      soffice(files, 'txt:Text', join(root, 'soffice'), root);
      for (const p of plans) {
        const f = join(root, 'soffice', `${p.slug}.txt`);
        if (existsSync(f)) raw.set(`soffice/${p.slug}`, readFileSync(f, 'utf8').replace(/^\ufeff/, ''));
      }
    }
    if (needHtml) {
      soffice(files, 'html', join(root, 'html'), root);
      for (const p of plans) {
        const f = join(root, 'html', `${p.slug}.html`);
        if (!existsSync(f)) continue;
        const html = readFileSync(f, 'utf8');
        raw.set(`html-tabs/${p.slug}`, htmlCopy(html, 'tabs'));
        raw.set(`html-lines/${p.slug}`, htmlCopy(html, 'lines'));
        raw.set(`slash-joined/${p.slug}`, htmlCopy(html, 'slash'));
        const dump = base.has('w3m') ? w3mCopy(f) : null;
        if (dump !== null) raw.set(`w3m/${p.slug}`, dump);
      }
    }
  }
  const dirs = new Map<CopyKind, string>();
  const skipped = new Map<CopyKind, string>();
  for (const kind of kinds) {
    const b = kind.replace(/\+pages$/, '');
    if (b === 'w3m' && !hasTool('w3m')) {
      skipped.set(kind, 'w3m is not installed (apt-get install w3m)');
      continue;
    }
    const dir = join(root, 'copies', kind);
    dirs.set(kind, dir);
    for (const p of plans) {
      const text = raw.get(`${b}/${p.slug}`);
      if (text === undefined) continue;
      mkdirSync(join(dir, p.slug), { recursive: true });
      writeFileSync(join(dir, p.slug, 'source.txt'), kind.endsWith('+pages') ? withPages(text, runningTitle(text)) : text);
      copyFileSync(p.gold, join(dir, p.slug, 'gold.json'));
    }
  }
  return { root, dirs, plans, skipped };
}

export interface KindScore {
  aggregate: Aggregate;
  pairs: PairScore[];
}

/** Score one kind's copies as the eval scores txt: the real pipeline, the eval's scorer. */
export async function scoreCopies(dir: string): Promise<KindScore> {
  const pairs: PairScore[] = [];
  for (const plan of listPlans(dir)) {
    const gold = loadJson(plan.gold) as JsonObject;
    const input = join(plan.dir, 'source.txt');
    let pred: Prediction;
    try {
      pred = { kind: 'export', exported: await runPipeline(input), predPath: input };
    } catch (e) {
      pred = { kind: 'failed', why: `failed: ${e instanceof Error ? e.message : String(e)}`, predPath: input };
    }
    pairs.push(scorePair(plan, gold, 'txt', pred));
  }
  return { aggregate: aggregate(pairs.map((p) => p.result)), pairs };
}
