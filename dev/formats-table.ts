// The formats table as markdown, from the registry (the README shows it).
import { REGISTRY } from '../src/readers/registry.ts';

export function formatsTable(): string {
  const rows = REGISTRY.map((e) => `| \`${e.id}\` | ${e.extensions.map((x) => `.${x}`).join(' ')} | ${e.label} | ${e.extractors.map((x) => `\`${x}\``).join(', ')} |`);
  return ['| format | files | read as | extractors |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
