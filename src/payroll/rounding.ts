// Payroll rounds once, at the end, half away from zero, in integer arithmetic (no float drift):
// 0.5 of a minute or a penny rounds up for a payment and down (further negative) for a reversal,
// so reversing a line exactly cancels it.

/** round(numerator / denominator), half away from zero. Both integers, denominator > 0. */
export function divRound(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new Error(`divRound: needs safe integers and a positive denominator (${numerator}/${denominator})`);
  }
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return sign * (2 * r >= denominator ? q + 1 : q);
}

/** Minutes as decimal hours to 2 places, e.g. 780 -> "13.00", 20 -> "0.33", -30 -> "-0.50". */
export function hoursDecimal(minutes: number): string {
  const hundredths = divRound(minutes * 100, 60);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer pence as pounds with 2 decimals, e.g. 12340 -> "123.40", -5 -> "-0.05" (exact, no float). */
export function poundsDecimal(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`poundsDecimal: expected integer pence, got ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
