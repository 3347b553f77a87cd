// The HiGHS backend hands LP text to HiGHS as UTF-8 bytes: a string would be copied in through a
// plain array with one element per byte (a 300-staff week's model is 1.5 MB). The answer is the same.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHighsBackend, loadHighsRuntime } from '../../src/milp/highs-backend.ts';

afterEach(() => vi.restoreAllMocks());

describe('the HiGHS backend', () => {
  it('passes the model to HiGHS as bytes and reads the same optimum as from the text', async () => {
    const runtime = await loadHighsRuntime();
    const backend = await createHighsBackend();
    const lp = 'Minimize\n obj: x + 2 y\nSubject To\n c1: x + y >= 2\n c2: x - y <= 0.5\nBounds\n 0 <= x <= 1\n y >= 0\nEnd\n';
    const fromText = runtime.withModel({ format: 'lp', data: lp }, (m) => (m.run(), m.getObjectiveValue()));
    const passed = vi.spyOn(runtime, 'withModel');
    const r = backend.solve(lp, { relaxation: true });
    expect(passed).toHaveBeenCalledTimes(1);
    const source = passed.mock.calls[0]![0] as { format: string; data: unknown };
    expect(source.format).toBe('lp');
    expect(source.data).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(source.data as Uint8Array)).toBe(lp);
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(fromText, 9);
    expect(r.objective).toBeCloseTo(1 + 2 * 1, 9);
  });
});
