// Word repair: the interface every reader's text goes through.
import type { Repair } from '../model.ts';

export interface RepairOptions {
  ocr?: boolean;
}
export interface Repairer {
  repair(text: string, field: string): { text: string; repairs: Repair[] };
}

const MARKUP = /<\/?(?:ul|ol|li|p|br|span|div|b|i|u|strong|em|font)\b[^<>]{0,300}>/gi;

export function createRepairer(_documentTexts: string[], _opts: RepairOptions = {}): Repairer {
  return {
    repair(text, field) {
      const repairs: Repair[] = [];
      const out = text.replace(MARKUP, (m) => {
        repairs.push({ field, from: m, to: '', rule: 'markup', confidence: 1 });
        return ' ';
      }).replace(/[ \t]{2,}/g, ' ').trim();
      return { text: out, repairs };
    },
  };
}
