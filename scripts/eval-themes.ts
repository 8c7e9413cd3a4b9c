// Theme classifier accuracy on the held-out labelled actions.
import { evaluateThemes, themeLabel } from '../src/research/themes.ts';

const e = evaluateThemes();
console.log(`themes: accuracy ${(e.accuracy * 100).toFixed(1)}% on ${e.n} held-out labelled actions (trained on ${e.trained})`);
for (const [origin, o] of Object.entries(e.byOrigin)) console.log(`  ${origin.padEnd(8)} ${(o.accuracy * 100).toFixed(1)}% of ${o.n}`);
for (const [id, t] of Object.entries(e.perTheme)) {
  console.log(`  ${themeLabel(id).padEnd(38)} recall ${(t.recall * 100).toFixed(0).padStart(3)}% (${t.correct}/${t.n})  precision ${(t.precision * 100).toFixed(0).padStart(3)}%`);
}
