// cost_gbp: the first sterling amount in the resources text ("£12,500 p.a",
// "£5k", "£1.2m", "£6000 pa"). Amounts without a pound sign are not money.

const AMOUNT = /£\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s?(k|m|bn|million|thousand|billion)?\b/i;
const SCALE: Record<string, number> = {
  k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, bn: 1e9, billion: 1e9,
};

export function parseCost(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const whole = m[1].replace(/,/g, '');
  const value = Number(m[2] ? `${whole}.${m[2]}` : whole);
  const scale = m[3] ? SCALE[m[3].toLowerCase()] : 1;
  const result = value * scale;
  return Number.isFinite(result) ? Math.round(result * 100) / 100 : null;
}
