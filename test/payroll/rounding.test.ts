import { describe, expect, it } from 'vitest';
import { divRound, hoursDecimal, poundsDecimal } from '../../src/payroll/index.ts';

describe('rounding', () => {
  it('rounds half away from zero, so a reversal cancels its payment exactly', () => {
    expect([divRound(5, 2), divRound(-5, 2), divRound(4, 3), divRound(-4, 3), divRound(7, 7)]).toEqual([3, -3, 1, -1, 1]);
    expect(() => divRound(1, 0)).toThrow(/positive denominator/);
    expect(() => divRound(0.5, 2)).toThrow(/safe integers/);
  });

  it('shows hours to 2 places', () => {
    expect([hoursDecimal(780), hoursDecimal(20), hoursDecimal(1), hoursDecimal(-30), hoursDecimal(0), hoursDecimal(152)]).toEqual(['13.00', '0.33', '0.02', '-0.50', '0.00', '2.53']);
  });

  it('shows pence as pounds to 2 places, exactly', () => {
    expect([poundsDecimal(12340), poundsDecimal(5), poundsDecimal(-5), poundsDecimal(0), poundsDecimal(-6000), poundsDecimal(123456789)]).toEqual(['123.40', '0.05', '-0.05', '0.00', '-60.00', '1234567.89']);
    expect(() => poundsDecimal(0.5)).toThrow(/integer pence/);
  });
});
