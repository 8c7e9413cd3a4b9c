// Theming, the stage before the store: each record's primary theme from the
// trained model, carried on the document so the store only writes it.
import type { NormalisedDocument } from '../model.ts';
import { themeModel } from '../research/themes.ts';

export function themeDocument(doc: NormalisedDocument): void {
  const model = themeModel();
  doc.themes = doc.records.map((r) => model.classify(r));
  doc.themeModel = model.version;
}
