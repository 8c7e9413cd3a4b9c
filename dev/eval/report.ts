// The human-readable report of one scored pair (score.py's report()), used by
// `npm run eval -- --verbose` to show what is wrong with an imperfect pair.
import { FIELDS, fmt3, repairsText, type ScoreResult } from './score.ts';
import { fmtNum, padRight, pyFixed, pyRepr, pyStr, pyStrRepr, pyTruthy } from './py.ts';

/** json.dumps(v, ensure_ascii=False) of a JSON-derived value. */
function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return fmtNumJson(v);
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(pyJsonDumps).join(', ') + ']';
  return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pyJsonDumps(x)}`).join(', ') + '}';
}

function fmtNumJson(v: number): string {
  // ints print their digits, floats their repr (which fmtNum gives for non-integers)
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v === 0 ? 0 : v) : fmtNum(v);
}

function short(v: unknown, n = 70): string {
  if (v === null || v === undefined) return 'null';
  let s = typeof v === 'string' ? v : pyJsonDumps(v);
  s = s.replaceAll('\n', '\\n');
  const cps = [...s];
  return pyStrRepr(cps.length <= n ? s : cps.slice(0, n - 1).join('') + '\u2026');
}

export function reportLines(res: ScoreResult, verbose = false): string[] {
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  const meta = res.meta ?? {};
  if (Object.keys(meta).length) {
    p(`gold: ${pyStr(meta.gold)}`);
    const ps = meta.pred_source;
    const pe = meta.pred_extractor;
    p(`pred: ${pyStr(meta.pred)}${pyTruthy(ps) || pyTruthy(pe) ? `  [document ${pyRepr(ps)}, extractor ${pyStr(pe)}]` : ''}`);
  }
  for (const w of res.warnings) p(`warning: ${w}`);
  const r = res.records;
  p();
  p(
    `Records  gold ${r.gold}  pred ${r.pred}  matched ${r.matched}   P ${fmt3(r.precision)}  R ${fmt3(r.recall)}  F1 ${fmt3(r.f1)}` +
      `   (match: similarity >= ${pyFixed(r.threshold, 2)}; mean similarity of matches ${fmt3(r.mean_similarity)}, ref bonus included)`,
  );
  const f = res.fields;
  const mo = f.matched_only;
  p(`Fields   ${fmt3(f.accuracy)} (${f.correct}/${f.total})   matched only ${fmt3(mo.accuracy)} (${mo.correct}/${mo.total})`);
  p(`  ${padRight('field', 10)} ${padRight('all gold rows', 18)} matched only`);
  for (const name of FIELDS) {
    const d = f.per_field[name];
    if (d.total === 0) continue;
    p(
      `  ${padRight(name, 10)} ${padRight(`${fmt3(d.accuracy)} (${d.correct}/${d.total})`, 18)} ` +
        `${fmt3(d.matched_accuracy)} (${d.matched_correct}/${d.matched_total})`,
    );
  }
  const w = res.words;
  p(`Words    P ${fmt3(w.precision)}  R ${fmt3(w.recall)}  F1 ${fmt3(w.f1)}   (tokens gold ${w.gold}, pred ${w.pred}, common ${w.common})`);
  const rp = res.repairs;
  if (rp.source === null) p('Repairs  n/a (no --source)');
  else p(`Repairs  ${repairsText(rp.found, rp.total)}   gold words absent from ${rp.source}, found in pred`);
  const docs = Object.entries(res.document);
  p('Document ' + docs.map(([k, d]) => `${k} ${d.ok ? 'ok' : 'WRONG'}`).join(' | '));
  for (const [k, d] of docs) if (!d.ok) p(`  ${padRight(k, 12)} gold ${short(d.gold)}  pred ${short(d.pred)}`);
  if (verbose) {
    if (rp.missing.length) {
      p();
      p(`Repairs missing from pred (${rp.missing.length}): ${rp.missing.join(' ')}`);
    }
    if (res.unmatched_gold.length) {
      p();
      p(`Unmatched gold records (${res.unmatched_gold.length}):`);
      for (const u of res.unmatched_gold) p(`  #${u.index} ref ${short(u.ref, 10)}  ${short(u.action)}`);
    }
    if (res.spurious_pred.length) {
      p();
      p(`Spurious pred records (${res.spurious_pred.length}):`);
      for (const u of res.spurious_pred) p(`  #${u.index} ref ${short(u.ref, 10)}  ${short(u.action)}`);
    }
    if (res.mismatches.length) {
      p();
      p(`Field mismatches on matched records (${res.mismatches.length}):`);
      for (const mm of res.mismatches) {
        p(`  gold #${mm.gold_index} / pred #${mm.pred_index} ref ${short(mm.ref, 10)}  ${mm.field}`);
        p(`      gold ${short(mm.gold, 200)}`);
        p(`      pred ${short(mm.pred, 200)}`);
      }
    }
    if (w.missing.length || w.extra.length) {
      const list = (xs: [string, number][]) => xs.slice(0, 40).map(([t, c]) => `${t}${c > 1 ? `x${c}` : ''}`).join(' ');
      p();
      p(`Word tokens in gold, not pred (top 40): ${list(w.missing)}`);
      p(`Word tokens in pred, not gold (top 40): ${list(w.extra)}`);
    }
  }
  p();
  return out;
}
