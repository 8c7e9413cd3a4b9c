// Trains the theme classifier on fixtures/themes/labelled.jsonl and writes the
// model the product loads (src/research/theme-model.json). Run after changing
// the labelled file or the method: npx tsx scripts/train-themes.ts
import { writeFileSync } from 'node:fs';
import { buildSavedModel } from '../dev/themes/train.ts';
import { THEME_MODEL_PATH } from '../src/research/themes.ts';

const model = buildSavedModel();
writeFileSync(THEME_MODEL_PATH, JSON.stringify(model) + '\n');
process.stdout.write(`${THEME_MODEL_PATH}: ${model.version}, ${Object.keys(model.weights).length} features\n`);
