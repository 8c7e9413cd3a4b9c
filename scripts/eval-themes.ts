// Theme classifier accuracy on the held-out labelled actions, the
// cross-validated accuracy on the training split (the figure settings are
// chosen by), and how long training takes.
import { themeLabel } from '../src/research/themes.ts';
import { crossValidateThemes, evaluateThemes, loadLabelled, trainThemeModel } from '../dev/themes/train.ts';

const all = loadLabelled();
const t0 = performance.now();
trainThemeModel(all);
const trainMs = performance.now() - t0;
const e = evaluateThemes(all);
console.log(`themes: accuracy ${(e.accuracy * 100).toFixed(1)}% on ${e.n} held-out labelled actions (trained on ${e.trained})`);
for (const [origin, o] of Object.entries(e.byOrigin)) console.log(`  ${origin.padEnd(8)} ${(o.accuracy * 100).toFixed(1)}% of ${o.n}`);
for (const [id, t] of Object.entries(e.perTheme)) {
  console.log(`  ${themeLabel(id).padEnd(38)} recall ${(t.recall * 100).toFixed(0).padStart(3)}% (${t.correct}/${t.n})  precision ${(t.precision * 100).toFixed(0).padStart(3)}%`);
}
if (!process.argv.includes('--quick')) {
  console.log(`  5-fold cross-validation on the training split: ${(crossValidateThemes(undefined, all) * 100).toFixed(1)}%`);
}
console.log(`  training on all ${all.length} labelled actions: ${trainMs.toFixed(0)} ms`);
