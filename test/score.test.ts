// The TypeScript scorer must agree with the reference scorer score.py: both score
// the same damaged exports (made from the real gold files) and the numbers, the
// alignments, the warnings and the summary lines must be equal.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findDefaultSource,
  fmt3,
  norm,
  repairsText,
  scoreFiles,
  sourceWords,
  summaryLine,
  toNum,
  wholeWords,
  wordTokens,
  type ScoreResult,
} from '../dev/eval/score.ts';
import { reportLines } from '../dev/eval/report.ts';
import { compareCodePoints } from '../dev/eval/py.ts';
import { fakeExports, type Gold } from './helpers/fake-exports.ts';
import { writeFakePred } from './helpers/fake-pred.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(ROOT, 'fixtures/corpus');
const VENDORED = path.join(ROOT, 'test/helpers/reference');
// copies of the reference scorer kept beside the tests (SCORE_TOOLS points elsewhere)
const TOOLS = process.env.SCORE_TOOLS ?? VENDORED;

const plans = readdirSync(CORPUS).filter((d) => existsSync(path.join(CORPUS, d, 'gold.json'))).sort();

interface Job {
  kind: 'cli' | 'report' | 'prims';
  argv?: string[];
  values?: unknown[];
  fixed?: number[];
  repairs?: [number, number | null][];
}
interface PyOut {
  rc?: number;
  out?: string;
  err?: string;
  report?: string;
  prims?: PrimOut[];
  fixed?: string[];
  repairs?: string[];
}
interface PrimOut {
  norm: string | null;
  to_num: number | null;
  whole: string[] | null;
  words: string[] | null;
  source: string[] | null;
}

// Runs score.py's own main() (the CLI: --gold --pred --json ...) and functions in
// one Python process, so that dozens of comparisons take well under a second.
const DRIVER = String.raw`
import contextlib, io, json, sys
sys.path.insert(0, sys.argv[1])
import score as S
res = []
for job in json.load(sys.stdin):
    if job["kind"] == "cli":
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = S.main(job["argv"])
            except SystemExit as e:
                rc = e.code
        res.append({"rc": rc, "out": out.getvalue(), "err": err.getvalue()})
    elif job["kind"] == "report":
        a = job["argv"]
        r = S.score_files(a[0], a[1], a[2], a[3])
        buf = io.StringIO()
        S.report(r, verbose=True, out=buf)
        res.append({"report": buf.getvalue() + r["summary"] + "\n"})
    else:
        prims = []
        for v in job["values"]:
            s = isinstance(v, str)
            prims.append({"norm": S.norm(v), "to_num": S.to_num(v),
                          "whole": sorted(S.whole_words(v)) if s else None,
                          "words": S._WORD_RE.findall(v) if s else None,
                          "source": sorted(S.source_words(v)) if s else None})
        res.append({"prims": prims, "fixed": [S.fmt3(x) for x in job["fixed"]],
                    "repairs": [S.repairs_text(f, t) for f, t in job["repairs"]]})
print(json.dumps(res))
`;

function runPython(jobs: Job[]): PyOut[] {
  const out = execFileSync('python3', ['-c', DRIVER, TOOLS], { input: JSON.stringify(jobs), maxBuffer: 256 << 20 });
  return JSON.parse(out.toString('utf8')) as PyOut[];
}

/** Equal values, numbers to 1e-9; the path names the first difference. */
function expectAgree(ts: unknown, py: unknown, where: string): void {
  if (typeof ts === 'number' && typeof py === 'number') {
    if (Math.abs(ts - py) > 1e-9) expect.fail(`${where}: ts ${ts} != py ${py}`);
    return;
  }
  if (Array.isArray(ts) && Array.isArray(py)) {
    if (ts.length !== py.length) expect.fail(`${where}: length ts ${ts.length} != py ${py.length}`);
    ts.forEach((x, i) => expectAgree(x, py[i], `${where}[${i}]`));
    return;
  }
  if (ts && py && typeof ts === 'object' && typeof py === 'object') {
    const keys = new Set([...Object.keys(ts), ...Object.keys(py)]);
    for (const k of keys) expectAgree((ts as Record<string, unknown>)[k] ?? null, (py as Record<string, unknown>)[k] ?? null, `${where}.${k}`);
    return;
  }
  if (ts !== py) expect.fail(`${where}: ts ${JSON.stringify(ts)} != py ${JSON.stringify(py)}`);
}

interface Case {
  name: string;
  gold: string;
  pred: string;
  docSource?: string;
  /** undefined: source.txt beside the gold, as score.py does by default */
  source?: string | null;
}

let tmp: string;
const cases: Case[] = [];

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'score-test-'));
  for (const plan of plans) {
    const goldPath = path.join(CORPUS, plan, 'gold.json');
    const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as Gold;
    mkdirSync(path.join(tmp, plan));
    for (const fx of fakeExports(gold)) {
      const pred = path.join(tmp, plan, `${fx.name}.json`);
      writeFileSync(pred, JSON.stringify(fx.exported, null, 1));
      cases.push({ name: `${plan}/${fx.name}`, gold: goldPath, pred, docSource: fx.docSource });
    }
    // the other sources score.py can take: a TSV export, a .docx, none
    const split = path.join(tmp, plan, 'split.json');
    cases.push({ name: `${plan}/split vs export.tsv`, gold: goldPath, pred: split, source: path.join(CORPUS, plan, 'export.tsv') });
    cases.push({ name: `${plan}/split vs plan.docx`, gold: goldPath, pred: split, source: path.join(CORPUS, plan, 'plan.docx') });
    cases.push({ name: `${plan}/split, no source`, gold: goldPath, pred: split, source: null });
  }
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function pyArgv(c: Case): string[] {
  const argv = ['--gold', c.gold, '--pred', c.pred, '--json', '--verbose'];
  if (c.docSource) argv.push('--doc-source', c.docSource);
  if (c.source === null) argv.push('--no-source');
  else if (c.source) argv.push('--source', c.source);
  return argv;
}

function tsScore(c: Case): ScoreResult {
  const source = c.source === undefined ? findDefaultSource(c.gold) : c.source;
  return scoreFiles(c.gold, c.pred, c.docSource ?? null, source);
}

describe('scoreDocument agrees with score.py', () => {
  it('on damaged exports of every gold file', () => {
    expect(plans.length).toBe(5);
    const py = runPython(cases.map((c) => ({ kind: 'cli', argv: pyArgv(c) })));
    let repairsSeen = 0;
    let imperfect = 0;
    cases.forEach((c, k) => {
      const out = py[k]!;
      expect(out.rc, `${c.name}: ${out.err}`).toBe(0);
      const lines = out.out!.trimEnd().split('\n');
      const pySummary = lines.pop()!;
      const pyRes = JSON.parse(lines.join('\n')) as Record<string, unknown>;
      const ts = JSON.parse(JSON.stringify(tsScore(c))) as Record<string, unknown>;
      // meta holds the source path as given: the same, but compare the numbers and lists
      expectAgree(ts, pyRes, c.name);
      expect(summaryLine(ts as unknown as ScoreResult), c.name).toBe(pySummary);
      const r = ts as unknown as ScoreResult;
      if (r.repairs.total) repairsSeen++;
      if (r.records.f1 < 1 || r.fields.accuracy < 1) imperfect++;
    });
    // the cases really exercise the metrics
    expect(repairsSeen).toBeGreaterThan(15);
    expect(imperfect).toBeGreaterThan(30);
  });

  it('prints the same verbose report', () => {
    const some = cases.filter((c) => /\/(blanked|split|numbers-as-strings|unicode|merged-rows)$/.test(c.name)).slice(0, 10);
    const py = runPython(
      some.map((c) => ({
        kind: 'report',
        argv: [c.gold, c.pred, c.docSource ?? null, c.source === undefined ? findDefaultSource(c.gold) : c.source] as string[],
      })),
    );
    some.forEach((c, k) => {
      const r = tsScore(c);
      expect(reportLines(r, true).join('\n') + '\n' + r.summary + '\n', c.name).toBe(py[k]!.report);
    });
  });

  it('normalises, tokenises, parses numbers and rounds as Python does', () => {
    const values: unknown[] = [
      '  Comr nunity  ', 'Pro- gress', '\u201cquoted\u201d \u2013 dash \u2014 em \u2212 5', '\u2022 bullet\n- dash bullet\n-  - double\n\uf0b7 wing',
      'a\r\nb\rc\u2028d\u2029e\x0bf\x0cg\x85h', 'x\x1cy\x1dz\x1e\x1fw', '\ufeffbom\u200b', '\ufb01ne \ufb02ow', '\uff26\uff55\uff4c\uff4c',
      '\u2460\u2461 x\u00b2 \u00bd \u216b', 'caf\u00e9 cafe\u0301', '\u0130stanbul \u03a3\u0391\u03a3', 'a ( b ) c , d . e ; f : g', '(  x  )',
      "<ul class='x'>item</ul> | cell|x", "e.g. (ACE), 'quoted' \u201cx\u201d", '--', '- ', '-', '', '   ', '\u00a0', '\u65e5\u672c\u8a9e',
      '\u0663\u0664\u0665', '1_000', 'snake_case_word', 'emoji \ud83d\ude00 ok', 'tab\there', 'x\u00ady', 'A\u2010B\u2011C',
      '\u1680lead\u3000trail\u205f', 'ends with dash -', '\u00b7 middle \u00b7 dots', '£105,000 p.a.', 'It\u2019s \u2018ok\u2019',
      0, -0, 1, 105000, 12.5, 1e-7, 0.0001, 1e16, 1.5e16, 1e21, 123456789012345680000, 0.1 + 0.2, -3.75, 1e15, 999999999999999.9,
      true, false, null, [1, null, 'a', true, 2.5, [1, 'b']], { a: "it's", b: [1, null], c: 'say "hi"' }, ['line one', 'line two'],
      '105000', ' 12.5 ', '1e5', '1_000.5', '1__0', '_1', '.5', '5.', '+3', '-0', 'inf', '-Infinity', 'nan', '0x10', ' ',
      '\u0661\u0662\u0663', '\uff11\uff12', '1,000', '1 000', '\u00a012\u2003', '1e400', '1.5e-3',
    ];
    const fixed = [0.0625, 0.1875, 0.3125, 0.4375, 0.5625, 0.6875, 0.8125, 0.9375, 0.0005, 0.0015, 0.9995, 1 / 3, 2 / 3, 0.12345, 1, 0, 0.125];
    const repairs: [number, number | null][] = [[1, 8], [3, 8], [5, 8], [7, 8], [1, 3], [0, 0], [2, null], [22, 25], [1, 16]];
    const [py] = runPython([{ kind: 'prims', values, fixed, repairs }]);
    values.forEach((v, i) => {
      const p = py!.prims![i]!;
      const where = `value ${i} ${JSON.stringify(v)}`;
      expect(norm(v), where).toBe(p.norm);
      expectAgree(toNum(v), p.to_num, where); // -0 and 0 are one number here
      if (typeof v === 'string') {
        expect([...wholeWords(v)].sort(compareCodePoints), where).toEqual(p.whole);
        expect(wordTokens(v), where).toEqual(p.words);
        expect([...sourceWords(v)].sort(compareCodePoints), where).toEqual(p.source);
      }
    });
    expect(fixed.map(fmt3)).toEqual(py!.fixed);
    expect(repairs.map(([f, t]) => repairsText(f, t))).toEqual(py!.repairs);
  });
});

describe('npm run eval --pred agrees with score_corpus.py', () => {
  it('prints the same table, means, problems and summary', () => {
    const pred = path.join(tmp, 'pred');
    writeFakePred(CORPUS, pred);

    // every format (in an unusual order), the details of imperfect pairs, two thresholds
    const args = ['--formats', 'txt,docx,pdf,scan,png,tsv', '-v', '--min-fields', '0.5', '--min-repairs', '0.99'];
    const corpusArg = path.relative(ROOT, CORPUS);
    const py = spawnSync('python3', [path.join(TOOLS, 'score_corpus.py'), corpusArg, pred, ...args], { cwd: ROOT, encoding: 'utf8' });
    const ts = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--corpus', corpusArg, '--pred', pred, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(ts.stderr).toBe('');
    expect(ts.stdout).toBe(py.stdout);
    expect(ts.status).toBe(py.status);
    expect(py.status).toBe(1); // the repairs threshold is missed
    expect(py.stdout).toContain('problems (');
    expect(py.stdout).toContain('[missing]');
  });
});
